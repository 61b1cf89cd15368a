"""Request bodies and list queries from keyword arguments, checked by a rules table.

Every resource states its fields once, as a table from name to check (see
``_core/tickets.py``); these helpers leave out ``NOT_GIVEN``, run the checks and
turn the results into JSON, so each resource module only adds its own cross-field
rules.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import TypeAlias

from .._to_json import to_json_value
from .._types import JSONValue, NotGiven, QueryValue
from .validation import check_choice, check_int, check_optional_id, check_str

__all__ = [
    "Check",
    "checked_body",
    "checked_query",
    "given",
    "max_chars",
    "nonblank",
    "one_of",
    "optional_id",
    "per_page",
    "text",
    "update_body",
]

Check: TypeAlias = Callable[[object, str], object]
"""A field rule: return the value fit to send, or raise naming the field."""


# --- Rules shared by the resources' tables ------------------------------------------


def text(value: object, name: str) -> str:
    """A string that may be empty (descriptions, notes, signatures)."""
    return check_str(value, name, allow_empty=True)


def nonblank(value: object, name: str) -> str:
    """A string with at least one non-space character."""
    return check_str(value, name)


def max_chars(limit: int) -> Check:
    """A non-blank string of at most *limit* characters."""
    return lambda value, name: check_str(value, name, max_length=limit)


def one_of(choices: tuple[str, ...]) -> Check:
    """One of *choices* (a ``StrEnum`` member counts as its value)."""
    return lambda value, name: check_choice(value, name, choices)


def optional_id(value: object, name: str) -> int | None:
    """A positive int id; ``None`` clears the field in an update."""
    return check_optional_id(value, name)


def per_page(value: object, name: str) -> int:
    """Freshdesk's page size: 1..100 (docs/freshdesk-api-notes.md#pagination; the default is 30)."""
    return check_int(value, name, minimum=1, maximum=100)


# --- Bodies and queries ---------------------------------------------------------------


def given(fields: Mapping[str, object]) -> dict[str, object]:
    """Return *fields* without the ``NOT_GIVEN`` ones."""
    return {k: v for k, v in fields.items() if not isinstance(v, NotGiven)}


def checked_body(
    fields: Mapping[str, object],
    rules: Mapping[str, Check],
    *,
    resource: str,
    not_null: Collection[str] = (),
) -> dict[str, JSONValue]:
    """Return the JSON body of *fields* (already without ``NOT_GIVEN``), each checked by its rule.

    ``None`` is sent as JSON ``null``, which clears a field in Freshdesk's PUTs,
    except for the fields in *not_null*, which Freshdesk would refuse to clear.

    Raises:
        TypeError: a field has no rule (Freshdesk would answer ``invalid_field``).
        ValueError: a *not_null* field is ``None``.
        ValueError, TypeError: a rule refused a value.
    """
    body: dict[str, JSONValue] = {}
    for key, value in fields.items():
        rule = rules.get(key)
        if rule is None:
            raise TypeError(f"unexpected {resource} field {key!r}")
        if value is None and key in not_null:
            raise ValueError(f"{key} cannot be cleared (None); leave it out instead")
        body[key] = None if value is None else to_json_value(rule(value, key))
    return body


def update_body(
    fields: Mapping[str, object],
    rules: Mapping[str, Check],
    *,
    resource: str,
    not_null: Collection[str] = (),
) -> dict[str, JSONValue]:
    """Return the checked body of a PUT; at least one field must be given.

    Raises:
        ValueError: nothing is given (Freshdesk answers ``missing_params``).
        ValueError, TypeError: as ``checked_body``.
    """
    present = given(fields)
    if not present:
        raise ValueError("update needs at least one field to change")
    return checked_body(present, rules, resource=resource, not_null=not_null)


def checked_query(
    params: Mapping[str, object],
    rules: Mapping[str, Check],
    *,
    resource: str,
    rename: Mapping[str, str] | None = None,
) -> dict[str, QueryValue]:
    """Return the query of a list call: ``NOT_GIVEN`` and ``None`` left out, the rest checked.

    *rename* maps a parameter to its name on the wire (contacts'
    ``updated_since`` is ``_updated_since``); the checks still name the
    parameter as the caller wrote it.

    Raises:
        TypeError: a parameter has no rule, or a rule returned no query value.
        ValueError, TypeError: a rule refused a value.
    """
    query: dict[str, QueryValue] = {}
    for key, value in given(params).items():
        if value is None:
            continue
        rule = rules.get(key)
        if rule is None:
            raise TypeError(f"unexpected {resource} list parameter {key!r}")
        wire = to_json_value(rule(value, key))
        if wire is None or isinstance(wire, list | dict):
            raise TypeError(f"{key} must be a single value, not {type(wire).__name__}")
        query[(rename or {}).get(key, key)] = wire
    return query
