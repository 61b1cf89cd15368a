"""Time entries: the list filters and the create/update bodies (docs/freshdesk-api-notes.md#time-entries)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from .._types import JSONValue, QueryValue
from .bodies import Check, checked_body, checked_query, given, optional_id, text
from .validation import check_bool, check_timestamp

__all__ = ["time_entry_body", "time_entry_query"]

_HOURS_MINUTES: Final = re.compile(r"\d{2,}:[0-5]\d")
"""``hh:mm``: two digits of hours at least (Freshdesk refuses ``1:30``)."""


def _time_spent(value: object, name: str) -> str:
    if not isinstance(value, str) or not _HOURS_MINUTES.fullmatch(value):
        raise ValueError(
            f"{name} must be hours and minutes as 'hh:mm', like '01:30', not {value!r}"
        )
    return value


_BODY_RULES: Final[Mapping[str, Check]] = {
    "time_spent": _time_spent,
    "agent_id": optional_id,
    "billable": check_bool,
    "note": text,
    "executed_at": check_timestamp,
    "start_time": check_timestamp,
    "timer_running": check_bool,
}
_QUERY_RULES: Final[Mapping[str, Check]] = {
    "company_id": optional_id,
    "agent_id": optional_id,
    "executed_after": check_timestamp,
    "executed_before": check_timestamp,
    "billable": check_bool,
}


def time_entry_body(fields: Mapping[str, object], *, create: bool) -> dict[str, JSONValue]:
    """Return the checked body of a time entry create or update.

    A new entry needs ``time_spent`` unless its timer is running; an update
    needs something to change.

    Raises:
        ValueError, TypeError: naming the field and the rule broken.
    """
    present = given(fields)
    if create and "time_spent" not in present and present.get("timer_running") is not True:
        raise ValueError("time_spent ('hh:mm') is required unless timer_running=True")
    if not create and not present:
        raise ValueError("update needs at least one field to change")
    return checked_body(present, _BODY_RULES, resource="time entry", not_null=tuple(_BODY_RULES))


def time_entry_query(params: Mapping[str, object]) -> dict[str, QueryValue]:
    """Return the checked filters of ``GET /time_entries``."""
    return checked_query(params, _QUERY_RULES, resource="time entry")
