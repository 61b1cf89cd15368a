"""Ticket request bodies and list queries, checked before sending (fact sheet §5.1)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Final

from .._converter import to_json_value
from .._types import JSONValue, NotGiven, QueryValue
from .validation import (
    check_custom_fields,
    check_email,
    check_email_list,
    check_int,
    check_optional_id,
    check_str,
    check_tags,
    check_timestamp,
)

__all__ = [
    "LIST_INCLUDES",
    "ORDER_BY",
    "REQUESTER_FIELDS",
    "TICKET_FILTERS",
    "VIEW_INCLUDES",
    "join_choices",
    "ticket_create_body",
    "ticket_list_query",
    "ticket_update_body",
]

REQUESTER_FIELDS: Final = (
    "requester_id",
    "email",
    "phone",
    "twitter_id",
    "facebook_id",
    "unique_external_id",
)
LIST_INCLUDES: Final = ("requester", "stats", "description", "company")
VIEW_INCLUDES: Final = ("conversations", "requester", "company", "stats")
TICKET_FILTERS: Final = ("new_and_my_open", "watching", "spam", "deleted")
ORDER_BY: Final = ("created_at", "due_by", "updated_at", "status", "priority")
ORDER_TYPES: Final = ("asc", "desc")


def _status(value: object, name: str) -> int:
    # 2..5 are Freshdesk's own; accounts may add custom statuses from 6 up.
    return check_int(value, name, minimum=2)


def _priority(value: object, name: str) -> int:
    return check_int(value, name, minimum=1, maximum=4)


def _source(value: object, name: str) -> int:
    return check_int(value, name, minimum=1)


def _subject(value: object, name: str) -> str:
    return check_str(value, name, max_length=255)


def _text(value: object, name: str) -> str:
    return check_str(value, name, allow_empty=True)


def _nonblank(value: object, name: str) -> str:
    return check_str(value, name)


def _cc(value: object, name: str) -> list[str]:
    return check_email_list(value, name, max_items=49)


def _cf(value: object, name: str) -> dict[str, JSONValue]:
    return check_custom_fields(value, name, prefix="cf_")


def _id(value: object, name: str) -> int | None:
    return check_optional_id(value, name)


_Check = Callable[[object, str], object]

_UPDATE_RULES: Final[Mapping[str, _Check]] = {
    "subject": _subject,
    "description": _text,
    "name": _nonblank,
    "requester_id": _id,
    "email": check_email,
    "phone": _nonblank,
    "twitter_id": _nonblank,
    "facebook_id": _nonblank,
    "unique_external_id": _nonblank,
    "status": _status,
    "priority": _priority,
    "source": _source,
    "type": _text,
    "responder_id": _id,
    "group_id": _id,
    "product_id": _id,
    "company_id": _id,
    "email_config_id": _id,
    "parent_id": _id,
    "tags": check_tags,
    "custom_fields": _cf,
    "due_by": check_timestamp,
    "fr_due_by": check_timestamp,
    "internal_agent_id": _id,
    "internal_group_id": _id,
}
# cc_emails can be set at creation only: an update answers 400 invalid_field (§5.1).
_CREATE_RULES: Final[Mapping[str, _Check]] = {**_UPDATE_RULES, "cc_emails": _cc}


def _given(fields: Mapping[str, object]) -> dict[str, object]:
    return {k: v for k, v in fields.items() if not isinstance(v, NotGiven)}


def _checked(fields: Mapping[str, object], rules: Mapping[str, _Check]) -> dict[str, JSONValue]:
    body: dict[str, JSONValue] = {}
    for key, value in fields.items():
        rule = rules.get(key)
        if rule is None:
            raise TypeError(f"unexpected ticket field {key!r}")
        # None is sent as JSON null, which clears a field (nullable ids, type).
        body[key] = None if value is None else to_json_value(rule(value, key))
    _check_due_dates(fields)
    return body


def _as_datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    return None


def _check_due_dates(fields: Mapping[str, object]) -> None:
    # Freshdesk takes due_by and fr_due_by together, with fr_due_by <= due_by (§5.1).
    if ("due_by" in fields) != ("fr_due_by" in fields):
        raise ValueError("due_by and fr_due_by must be given together")
    due, first = _as_datetime(fields.get("due_by")), _as_datetime(fields.get("fr_due_by"))
    if due is not None and first is not None:
        if (due.tzinfo is None) != (first.tzinfo is None):
            raise ValueError("due_by and fr_due_by must both carry a timezone, or neither")
        if first > due:
            raise ValueError("fr_due_by must not be later than due_by")


def ticket_create_body(fields: Mapping[str, object]) -> dict[str, JSONValue]:
    """Return the JSON body of ``POST /tickets`` after checking every given field.

    ``NOT_GIVEN`` fields are left out. At least one requester identity is
    required (``requester_id``, ``email``, ``phone``, ``twitter_id``,
    ``facebook_id`` or ``unique_external_id``), and ``name`` when ``phone`` is the
    only one (Freshdesk then creates a contact and needs its name).

    Raises:
        ValueError, TypeError: naming the field and the rule broken.
    """
    given = _given(fields)
    identities = [k for k in REQUESTER_FIELDS if given.get(k) is not None]
    if not identities:
        raise ValueError("a requester is required: give one of " + ", ".join(REQUESTER_FIELDS))
    if identities == ["phone"] and given.get("name") is None:
        raise ValueError("name is required when phone is the only requester identity")
    return _checked(given, _CREATE_RULES)


def ticket_update_body(fields: Mapping[str, object]) -> dict[str, JSONValue]:
    """Return the JSON body of ``PUT /tickets/{id}``; at least one field must be given.

    Raises:
        ValueError, TypeError: naming the field and the rule broken, or when
            nothing is given (Freshdesk answers ``missing_params``).
    """
    given = _given(fields)
    if not given:
        raise ValueError("update needs at least one field to change")
    return _checked(given, _UPDATE_RULES)


def _choice(value: object, name: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}; got {value!r}")
    return value


def ticket_list_query(params: Mapping[str, object]) -> dict[str, QueryValue]:
    """Return the checked query of ``GET /tickets`` (``NOT_GIVEN`` left out).

    ``include`` may be a string or a list of strings among
    requester, stats, description and company (each costs 2 extra credits).
    """
    query: dict[str, QueryValue] = {}
    for key, value in _given(params).items():
        if value is None:
            continue
        if key == "filter":
            query[key] = _choice(value, key, TICKET_FILTERS)
        elif key == "order_by":
            query[key] = _choice(value, key, ORDER_BY)
        elif key == "order_type":
            query[key] = _choice(value, key, ORDER_TYPES)
        elif key in ("requester_id", "company_id"):
            query[key] = check_int(value, key, minimum=1)
        elif key == "email":
            query[key] = check_email(value, key)
        elif key == "unique_external_id":
            query[key] = check_str(value, key)
        elif key == "updated_since":
            stamp = to_json_value(check_timestamp(value, key))
            assert isinstance(stamp, str)
            query[key] = stamp
        elif key == "include":
            query[key] = join_choices(value, key, LIST_INCLUDES)
        elif key == "per_page":
            query[key] = check_int(value, key, minimum=1, maximum=100)
        else:
            raise TypeError(f"unexpected ticket list parameter {key!r}")
    return query


def join_choices(value: object, name: str, choices: tuple[str, ...]) -> str:
    """Return *value* (a str or a list of str among *choices*) as Freshdesk's comma list."""
    items = [value] if isinstance(value, str) else value
    if isinstance(items, bytes) or not isinstance(items, list | tuple | set | frozenset):
        raise TypeError(f"{name} must be a str or a list of str, not {type(value).__name__}")
    if not items:
        raise ValueError(f"{name} must not be empty")
    for item in items:
        _choice(item, name, choices)
    return ",".join(dict.fromkeys(str(item) for item in items))
