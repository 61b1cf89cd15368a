"""The searchable fields of each resource, the record keys they read, and custom fields."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, Final, Literal, TypeAlias

import attrs

from ._query_errors import SINGULAR, QueryError, value_error
from ._query_types import Record, Resource
from ._query_values import is_empty

__all__ = [
    "EXPECTED",
    "FIELDS",
    "SEARCHABLE_FIELDS",
    "Field",
    "Kind",
    "is_custom",
    "unknown_field",
]

Kind: TypeAlias = Literal["integer", "string", "boolean", "date"]

EXPECTED: Final[Mapping[Kind, str]] = {
    "integer": "an Integer",
    "string": "a String",
    "boolean": "a Boolean",
    "date": "a date in the format 'YYYY-MM-DD'",
}


@attrs.frozen
class Field:
    """How one searchable field reads a record.

    ``keys`` lists the record keys whose values are pooled: a term matches when
    any value in the pool does (``tags``, contact ``email`` + ``other_emails``).
    """

    kind: Kind
    keys: tuple[str, ...]

    def pool(self) -> Callable[[Record], list[Any]]:
        """Return a function listing the record's non-empty values for this field."""
        keys = self.keys

        def values(record: Record) -> list[Any]:
            found: list[Any] = []
            for key in keys:
                value = record.get(key)
                if isinstance(value, list | tuple):
                    found.extend(v for v in value if not is_empty(v))
                elif not is_empty(value):
                    found.append(value)
            return found

        return values


def _f(kind: Kind, *keys: str) -> Field:
    """Shorthand for the field table below."""
    return Field(kind, keys)


def _words(*lines: str) -> list[str]:
    """Return the whitespace-separated words of *lines*."""
    return [word for line in lines for word in line.split()]


# The searchable fields per resource, mapped to the record keys (docs/freshdesk-api-notes.md#search; docs/freshdesk-api-notes.md#data-conventions
# for the record fields). ``agent_id`` is the ticket's ``responder_id``.
FIELDS: Final[Mapping[Resource, Mapping[str, Field]]] = {
    "tickets": {
        "status": _f("integer", "status"),
        "priority": _f("integer", "priority"),
        "type": _f("string", "type"),
        "tag": _f("string", "tags"),
        "group_id": _f("integer", "group_id"),
        "agent_id": _f("integer", "responder_id"),
        "requester_id": _f("integer", "requester_id"),
        "company_id": _f("integer", "company_id"),
        "created_at": _f("date", "created_at"),
        "updated_at": _f("date", "updated_at"),
        "due_by": _f("date", "due_by"),
        "fr_due_by": _f("date", "fr_due_by"),
        "nr_due_by": _f("date", "nr_due_by"),
    },
    "contacts": {
        "email": _f("string", "email", "other_emails"),
        "phone": _f("string", "phone"),
        "mobile": _f("string", "mobile"),
        "twitter_id": _f("string", "twitter_id"),
        "company_id": _f("integer", "company_id"),
        "active": _f("boolean", "active"),
        "tag": _f("string", "tags"),
        "language": _f("string", "language"),
        "time_zone": _f("string", "time_zone"),
        "created_at": _f("date", "created_at"),
        "updated_at": _f("date", "updated_at"),
    },
    "companies": {
        "domain": _f("string", "domains"),
        "created_at": _f("date", "created_at"),
        "updated_at": _f("date", "updated_at"),
    },
}

SEARCHABLE_FIELDS: Final[Mapping[Resource, frozenset[str]]] = {
    resource: frozenset(fields) for resource, fields in FIELDS.items()
}
"""The standard searchable fields of each resource; custom fields come on top."""

# Contacts' and companies' custom fields carry no prefix (docs/freshdesk-api-notes.md#data-conventions), so without these
# lists any unknown name would pass as a custom field: these are their record
# fields (docs/freshdesk-api-notes.md#data-conventions) that the search does not index.
_UNSEARCHABLE: Final[Mapping[Resource, frozenset[str]]] = {
    "tickets": frozenset(),
    "contacts": frozenset(
        _words(
            "id name other_emails facebook_id unique_external_id view_all_tickets",
            "other_companies address description job_title tags custom_fields avatar",
            "csat_rating preferred_source deleted state",
        )
    ),
    "companies": frozenset(
        _words(
            "id name description note domains custom_fields health_score account_tier",
            "renewal_date industry",
        )
    ),
}


def is_custom(name: str, resource: Resource, custom_fields: Collection[str] | None) -> bool:
    """Tell whether *name* may be taken as a custom field of *resource*."""
    if custom_fields is not None:
        return name in custom_fields
    if resource == "tickets":
        return name.startswith(
            "cf_"
        )  # ticket custom fields are cf_-prefixed (docs/freshdesk-api-notes.md#data-conventions)
    return name not in _UNSEARCHABLE[resource]


def unknown_field(
    name: str, resource: Resource, custom_fields: Collection[str] | None
) -> QueryError:
    """Return the 400 for a field that is not searchable on *resource*."""
    allowed = ",".join(sorted(FIELDS[resource]))
    if custom_fields:
        extra = f" or one of these custom fields: '{','.join(sorted(custom_fields))}'"
    elif custom_fields is None:
        extra = " or a custom field name" + (" starting with cf_" if resource == "tickets" else "")
    else:
        extra = ""
    return value_error(
        f"{name} is not a searchable {SINGULAR[resource]} field. "
        f"It should be one of these values: '{allowed}'{extra}"
    )
