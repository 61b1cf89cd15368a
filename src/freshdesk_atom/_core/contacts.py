"""Contact request bodies and list queries, checked before sending (docs/freshdesk-api-notes.md#contacts)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

from .._types import JSONValue, QueryValue
from .agents import AGENT_PROPERTY_RULES, AGENT_TYPES
from .bodies import (
    Check,
    checked_body,
    checked_query,
    given,
    max_chars,
    nonblank,
    one_of,
    optional_id,
    per_page,
    text,
    update_body,
)
from .validation import (
    check_bool,
    check_custom_fields,
    check_email,
    check_email_list,
    check_int,
    check_tags,
    check_timestamp,
)

__all__ = [
    "CONTACT_STATES",
    "IDENTITY_FIELDS",
    "contact_create_body",
    "contact_list_query",
    "contact_update_body",
    "make_agent_body",
]

# Freshdesk needs one of these to tell contacts apart (docs/freshdesk-api-notes.md#contacts); a name alone is refused.
IDENTITY_FIELDS: Final = ("email", "phone", "mobile", "twitter_id", "unique_external_id")
CONTACT_STATES: Final = ("verified", "unverified", "deleted", "blocked")


def _other_companies(value: object, name: str) -> list[dict[str, JSONValue]]:
    # Multiple-companies feature: [{"company_id": 1, "view_all_tickets": true}, ...].
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of dicts, not {type(value).__name__}")
    result: list[dict[str, JSONValue]] = []
    for index, item in enumerate(value):
        where = f"{name}[{index}]"
        if not isinstance(item, Mapping):
            raise TypeError(f"{where} must be a dict, not {type(item).__name__}")
        unknown = sorted(str(key) for key in item if key not in ("company_id", "view_all_tickets"))
        if unknown:
            raise TypeError(f"{where} has unexpected keys {unknown}")
        if "company_id" not in item:
            raise ValueError(f"{where} needs a company_id")
        entry: dict[str, JSONValue] = {
            "company_id": check_int(item["company_id"], f"{where}.company_id", minimum=1)
        }
        if "view_all_tickets" in item:
            flag = item["view_all_tickets"]
            entry["view_all_tickets"] = check_bool(flag, f"{where}.view_all_tickets")
        result.append(entry)
    return result


def _custom_fields(value: object, name: str) -> dict[str, JSONValue]:
    # Contact custom fields are named without the cf_ prefix (docs/freshdesk-api-notes.md#data-conventions); keys go as given.
    return check_custom_fields(value, name)


_RULES: Final[Mapping[str, Check]] = {
    "name": max_chars(255),
    "email": check_email,
    "phone": nonblank,
    "mobile": nonblank,
    "twitter_id": nonblank,
    "unique_external_id": nonblank,
    "other_emails": check_email_list,
    "company_id": optional_id,
    "view_all_tickets": check_bool,
    "other_companies": _other_companies,
    "address": text,
    "description": text,
    "job_title": text,
    "language": nonblank,
    "time_zone": nonblank,
    "tags": check_tags,
    "custom_fields": _custom_fields,
}
# Every other field can be cleared with null; these cannot (send [] to empty a list).
_NOT_NULL: Final = frozenset(
    {
        "name",
        "other_emails",
        "view_all_tickets",
        "other_companies",
        "language",
        "time_zone",
        "tags",
        "custom_fields",
    }
)


def contact_create_body(fields: Mapping[str, object]) -> dict[str, JSONValue]:
    """Return the JSON body of ``POST /contacts`` after checking every given field.

    ``NOT_GIVEN`` fields are left out. ``name`` is required, and so is one
    identity: ``email``, ``phone``, ``mobile``, ``twitter_id`` or
    ``unique_external_id`` (Freshdesk answers ``missing_field`` otherwise).

    Raises:
        ValueError, TypeError: naming the field and the rule broken.
    """
    present = given(fields)
    if present.get("name") is None:
        raise ValueError("name is required to create a contact")
    if all(present.get(key) is None for key in IDENTITY_FIELDS):
        raise ValueError("a contact needs one of " + ", ".join(IDENTITY_FIELDS))
    return checked_body(present, _RULES, resource="contact", not_null=_NOT_NULL)


def contact_update_body(fields: Mapping[str, object]) -> dict[str, JSONValue]:
    """Return the JSON body of ``PUT /contacts/{id}``; at least one field must be given.

    Raises:
        ValueError, TypeError: naming the field and the rule broken, or when
            nothing is given (Freshdesk answers ``missing_params``).
    """
    return update_body(fields, _RULES, resource="contact", not_null=_NOT_NULL)


_LIST_RULES: Final[Mapping[str, Check]] = {
    "email": check_email,
    "mobile": nonblank,
    "phone": nonblank,
    "company_id": optional_id,
    "unique_external_id": nonblank,
    "tag": nonblank,
    "state": one_of(CONTACT_STATES),
    "updated_since": check_timestamp,
    "per_page": per_page,
}


def contact_list_query(params: Mapping[str, object]) -> dict[str, QueryValue]:
    """Return the checked query of ``GET /contacts`` (``NOT_GIVEN`` and ``None`` left out).

    ``updated_since`` goes on the wire as ``_updated_since``: contacts spell
    it with a leading underscore, unlike tickets (docs/freshdesk-api-notes.md#contacts).
    """
    return checked_query(
        params, _LIST_RULES, resource="contact", rename={"updated_since": "_updated_since"}
    )


_MAKE_AGENT_RULES: Final[Mapping[str, Check]] = {
    **AGENT_PROPERTY_RULES,
    "type": one_of(AGENT_TYPES),
}
_MAKE_AGENT_NOT_NULL: Final = frozenset(_MAKE_AGENT_RULES) - {"signature"}


def make_agent_body(fields: Mapping[str, object]) -> dict[str, JSONValue] | None:
    """Return the body of ``PUT /contacts/{id}/make_agent``, or ``None`` when nothing is given.

    The body is optional there (Freshdesk applies its own defaults), so an
    empty call sends no body at all.

    Raises:
        ValueError, TypeError: naming the field and the rule broken.
    """
    present = given(fields)
    if not present:
        return None
    return checked_body(
        present, _MAKE_AGENT_RULES, resource="make_agent", not_null=_MAKE_AGENT_NOT_NULL
    )
