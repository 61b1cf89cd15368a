"""Group request bodies and list queries, checked before sending (docs/freshdesk-api-notes.md#groups)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from .._types import JSONValue, QueryValue
from .bodies import (
    Check,
    checked_body,
    checked_query,
    given,
    max_chars,
    one_of,
    optional_id,
    per_page,
    text,
    update_body,
)
from .validation import check_id_list, check_int

__all__ = [
    "GROUP_TYPES",
    "UNASSIGNED_FOR",
    "group_create_body",
    "group_list_query",
    "group_update_body",
]

UNASSIGNED_FOR: Final = ("30m", "1h", "2h", "4h", "8h", "12h", "1d", "2d", "3d")
GROUP_TYPES: Final = ("support_agent_group", "field_agent_group")


def _auto_ticket_assign(value: object, name: str) -> int | bool:
    # Current payloads use 0 off, 1 round robin, 2 skill-based, 3 load-based;
    # older accounts take a bool (docs/freshdesk-api-notes.md#groups, mapping unverified). Both are passed through.
    if isinstance(value, bool):
        return value
    return check_int(value, name, minimum=0, maximum=3)


_RULES: Final[Mapping[str, Check]] = {
    "name": max_chars(255),
    "description": text,
    "agent_ids": check_id_list,
    "escalate_to": optional_id,
    "unassigned_for": one_of(UNASSIGNED_FOR),
    "auto_ticket_assign": _auto_ticket_assign,
    "business_hour_id": optional_id,
    "group_type": one_of(GROUP_TYPES),
}
_NOT_NULL: Final = frozenset(
    {"name", "agent_ids", "unassigned_for", "auto_ticket_assign", "group_type"}
)


def group_create_body(fields: Mapping[str, object]) -> dict[str, JSONValue]:
    """Return the JSON body of ``POST /groups``; ``name`` is required.

    Raises:
        ValueError, TypeError: naming the field and the rule broken.
    """
    present = given(fields)
    if present.get("name") is None:
        raise ValueError("name is required to create a group")
    return checked_body(present, _RULES, resource="group", not_null=_NOT_NULL)


def group_update_body(fields: Mapping[str, object]) -> dict[str, JSONValue]:
    """Return the JSON body of ``PUT /groups/{id}``; at least one field must be given.

    ``agent_ids`` replaces the members (``[]`` empties the group).

    Raises:
        ValueError, TypeError: naming the field and the rule broken, or when
            nothing is given (Freshdesk answers ``missing_params``).
    """
    return update_body(fields, _RULES, resource="group", not_null=_NOT_NULL)


_LIST_RULES: Final[Mapping[str, Check]] = {"per_page": per_page}


def group_list_query(params: Mapping[str, object]) -> dict[str, QueryValue]:
    """Return the checked query of ``GET /groups`` (it takes pagination only)."""
    return checked_query(params, _LIST_RULES, resource="group")
