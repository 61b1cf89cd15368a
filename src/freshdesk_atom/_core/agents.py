"""Agent request bodies and list queries, checked before sending (docs/freshdesk-api-notes.md#agents).

The agent properties (scope, groups, roles, signature, ...) are also what
``PUT /contacts/{id}/make_agent`` takes, so their rules live here once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from .._types import JSONValue, QueryValue
from .bodies import (
    Check,
    checked_query,
    max_chars,
    nonblank,
    one_of,
    per_page,
    text,
    update_body,
)
from .validation import check_bool, check_email, check_id_list, check_int

__all__ = [
    "AGENT_PROPERTY_RULES",
    "AGENT_STATES",
    "AGENT_TYPES",
    "agent_list_query",
    "agent_update_body",
]

AGENT_STATES: Final = ("fulltime", "occasional")
AGENT_TYPES: Final = ("support_agent", "field_agent", "collaborator")


def _ticket_scope(value: object, name: str) -> int:
    # 1 global, 2 group, 3 restricted (AgentTicketScope).
    return check_int(value, name, minimum=1, maximum=3)


AGENT_PROPERTY_RULES: Final[Mapping[str, Check]] = {
    "occasional": check_bool,
    "signature": text,
    "ticket_scope": _ticket_scope,
    "group_ids": check_id_list,
    "role_ids": check_id_list,
    "skill_ids": check_id_list,
}
"""Rules for the agent's own properties, shared by agent updates and ``make_agent``."""

_UPDATE_RULES: Final[Mapping[str, Check]] = {
    **AGENT_PROPERTY_RULES,
    # The agent's contact details, changed through the agent (docs/freshdesk-api-notes.md#agents).
    "name": max_chars(255),
    "email": check_email,
    "phone": nonblank,
    "mobile": nonblank,
    "job_title": text,
    "language": nonblank,
    "time_zone": nonblank,
}
_UPDATE_NOT_NULL: Final = frozenset(
    {
        "occasional",
        "ticket_scope",
        "group_ids",
        "role_ids",
        "skill_ids",
        "name",
        "email",
        "language",
        "time_zone",
    }
)


def agent_update_body(fields: Mapping[str, object]) -> dict[str, JSONValue]:
    """Return the JSON body of ``PUT /agents/{id}``; at least one field must be given.

    ``ticket_scope`` is 1..3; ``group_ids``, ``role_ids`` and ``skill_ids``
    replace the agent's lists (``[]`` empties one). ``None`` clears only
    ``signature``, ``phone``, ``mobile`` and ``job_title``.

    Raises:
        ValueError, TypeError: naming the field and the rule broken, or when
            nothing is given (Freshdesk answers ``missing_params``).
    """
    return update_body(fields, _UPDATE_RULES, resource="agent", not_null=_UPDATE_NOT_NULL)


_LIST_RULES: Final[Mapping[str, Check]] = {
    "email": check_email,
    "mobile": nonblank,
    "phone": nonblank,
    "state": one_of(AGENT_STATES),
    "per_page": per_page,
}


def agent_list_query(params: Mapping[str, object]) -> dict[str, QueryValue]:
    """Return the checked query of ``GET /agents`` (``NOT_GIVEN`` and ``None`` left out)."""
    return checked_query(params, _LIST_RULES, resource="agent")
