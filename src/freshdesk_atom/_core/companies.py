"""Company request bodies and list queries, checked before sending (docs/freshdesk-api-notes.md#companies)."""

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
    nonblank,
    per_page,
    text,
    update_body,
)
from .validation import check_custom_fields, check_str_list, check_timestamp

__all__ = ["company_create_body", "company_list_query", "company_update_body"]


def _domains(value: object, name: str) -> list[str]:
    return check_str_list(value, name, max_length=255)


def _custom_fields(value: object, name: str) -> dict[str, JSONValue]:
    # Company custom fields are named without the cf_ prefix (docs/freshdesk-api-notes.md#data-conventions); keys go as given.
    return check_custom_fields(value, name)


_RULES: Final[Mapping[str, Check]] = {
    # Unique per account, case-insensitively: a clash is a 409 on "name" (docs/freshdesk-api-notes.md#companies).
    "name": max_chars(255),
    "description": text,
    "note": text,
    "domains": _domains,
    "custom_fields": _custom_fields,
    # Account-management dropdowns; their choices are configured per account.
    "health_score": nonblank,
    "account_tier": nonblank,
    "renewal_date": check_timestamp,
    "industry": nonblank,
}
_NOT_NULL: Final = frozenset({"name", "domains", "custom_fields"})


def company_create_body(fields: Mapping[str, object]) -> dict[str, JSONValue]:
    """Return the JSON body of ``POST /companies``; ``name`` is required.

    Raises:
        ValueError, TypeError: naming the field and the rule broken.
    """
    present = given(fields)
    if present.get("name") is None:
        raise ValueError("name is required to create a company")
    return checked_body(present, _RULES, resource="company", not_null=_NOT_NULL)


def company_update_body(fields: Mapping[str, object]) -> dict[str, JSONValue]:
    """Return the JSON body of ``PUT /companies/{id}``; at least one field must be given.

    Raises:
        ValueError, TypeError: naming the field and the rule broken, or when
            nothing is given (Freshdesk answers ``missing_params``).
    """
    return update_body(fields, _RULES, resource="company", not_null=_NOT_NULL)


_LIST_RULES: Final[Mapping[str, Check]] = {"per_page": per_page}


def company_list_query(params: Mapping[str, object]) -> dict[str, QueryValue]:
    """Return the checked query of ``GET /companies`` (it takes pagination only)."""
    return checked_query(params, _LIST_RULES, resource="company")
