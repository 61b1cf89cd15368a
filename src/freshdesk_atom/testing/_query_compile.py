"""Compile a parsed search query into one predicate over a stored record.

Each ``field:value`` is resolved against the resource's searchable fields and
becomes a closure; ``AND``/``OR`` nodes combine the closures. Matching a record
is then a few dict look-ups and comparisons, with nothing re-read from the
query text.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import UTC, date, datetime
from typing import Any, Final, TypeAlias

from ._query_errors import QueryError, value_error
from ._query_fields import EXPECTED, FIELDS, Field, is_custom, unknown_field
from ._query_syntax import Group, Node, Term
from ._query_types import Predicate, Record, Resource
from ._query_values import as_day, fold, is_empty, is_number, utc_day

__all__ = ["compile_node"]


def compile_node(
    node: Node, resource: Resource, custom_fields: Collection[str] | None
) -> Predicate:
    """Turn a tree into one closure over a record."""
    if isinstance(node, Group):
        parts = tuple(compile_node(child, resource, custom_fields) for child in node.children)
        return _all(parts) if node.op == "AND" else _any(parts)
    spec = FIELDS[resource].get(node.field)
    if spec is not None:
        return _standard(node, spec)
    if is_custom(node.field, resource, custom_fields):
        return _custom(node)
    raise unknown_field(node.field, resource, custom_fields)


def _all(parts: tuple[Predicate, ...]) -> Predicate:
    """Return a predicate true when every part is (short-circuit, pairs unrolled)."""
    if len(parts) == 2:
        first, second = parts
        return lambda record: first(record) and second(record)

    def every(record: Record) -> bool:
        return all(part(record) for part in parts)

    return every


def _any(parts: tuple[Predicate, ...]) -> Predicate:
    """Return a predicate true when some part is (short-circuit, pairs unrolled)."""
    if len(parts) == 2:
        first, second = parts
        return lambda record: first(record) or second(record)

    def some(record: Record) -> bool:
        return any(part(record) for part in parts)

    return some


def _bad_operator(term: Term, why: str) -> QueryError:
    """Return the 400 for ``:>``/``:<`` used where it has no meaning."""
    return value_error(
        f"Invalid operator {term.op} for {term.field}. The :> and :< operators work only on {why}"
    )


def _bad_value(term: Term, expected: str) -> QueryError:
    """Return the 400 for a value of the wrong type for its field."""
    return value_error(f"Invalid value {term.source} for {term.field}. It should be {expected}")


def _standard(term: Term, spec: Field) -> Predicate:
    """Compile a term on a standard field, checking the value's type."""
    value = term.value
    if term.op != ":" and spec.kind not in ("integer", "date"):
        raise _bad_operator(term, "number and date fields")
    if value is None:
        if term.op != ":":
            raise _bad_operator(term, "numbers and dates, not null")
        if len(spec.keys) == 1:
            key = spec.keys[0]
            return lambda record: is_empty(record.get(key))
        pool = spec.pool()
        return lambda record: not pool(record)
    if spec.kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            raise _bad_value(term, EXPECTED["integer"])
        return _number_test(_first(spec.keys[0]), term.op, value)
    if spec.kind == "date":
        day = as_day(value) if isinstance(value, str) else None
        if day is None:
            raise _bad_value(term, EXPECTED["date"])
        return _day_test(_first(spec.keys[0]), term.op, day)
    if spec.kind == "boolean":
        if not isinstance(value, bool):
            raise _bad_value(term, EXPECTED["boolean"])
        key = spec.keys[0]
        return lambda record: record.get(key) is value
    if not isinstance(value, str):
        raise _bad_value(term, EXPECTED["string"])
    return _text_test(spec, value.casefold())


_Comparison: TypeAlias = Callable[[Any, Any], bool]

_COMPARE: Final[Mapping[str, _Comparison]] = {
    ":": lambda stored, wanted: bool(stored == wanted),
    ":>": lambda stored, wanted: bool(
        stored >= wanted
    ),  # docs/freshdesk-api-notes.md#search: ":>" is "greater or equal"
    ":<": lambda stored, wanted: bool(stored <= wanted),
}


def _first(key: str) -> Callable[[Record], Any]:
    """Return a reader of one record key."""
    return lambda record: record.get(key)


def _text_test(spec: Field, folded: str) -> Predicate:
    """Match case-insensitively against a single key or a pool of values."""
    if len(spec.keys) == 1:
        key = spec.keys[0]

        def equal(record: Record) -> bool:
            stored = record.get(key)
            if isinstance(stored, list | tuple):
                return folded in map(fold, stored)
            return fold(stored) == folded

        return equal
    pool = spec.pool()
    return lambda record: folded in map(fold, pool(record))


def _number_test(read: Callable[[Record], Any], op: str, wanted: int) -> Predicate:
    """Compare a numeric value; anything that is not a number never matches."""
    if op == ":":
        return lambda record: is_number(stored := read(record)) and stored == wanted
    if op == ":>":
        return lambda record: is_number(stored := read(record)) and stored >= wanted
    return lambda record: is_number(stored := read(record)) and stored <= wanted


def _day_test(read: Callable[[Record], Any], op: str, day: str) -> Predicate:
    """Compare the UTC day of a timestamp with *day* (``YYYY-MM-DD``).

    The two common stored forms skip the general parse: a ``...Z`` string is
    compared by its first ten characters, a ``datetime`` by its UTC ``date()``.
    """
    compare = _COMPARE[op]
    as_date = date.fromisoformat(day)

    def test(record: Record) -> bool:
        stored = read(record)
        if isinstance(stored, str):
            if len(stored) > 10 and stored[10] == "T" and stored[-1] == "Z":
                return compare(stored[:10], day)
        elif isinstance(stored, datetime):
            if stored.tzinfo is not None:
                stored = stored.astimezone(UTC)
            return compare(stored.date(), as_date)
        found = utc_day(stored)
        return found is not None and compare(found, day)

    return test


def _custom(term: Term) -> Predicate:
    """Compile a term on a custom field, typed by the literal (the schema is unknown)."""
    name, value = term.field, term.value

    def read(record: Record) -> Any:
        fields = record.get("custom_fields")
        return fields.get(name) if isinstance(fields, Mapping) else None

    if value is None or isinstance(value, bool):
        if term.op != ":":
            raise _bad_operator(term, "numbers and dates, not null or booleans")
        if value is None:
            return lambda record: is_empty(read(record))
        return lambda record: read(record) is value
    if isinstance(value, int):
        return _number_test(read, term.op, value)
    day = as_day(value)
    if term.op != ":":
        if day is None:
            raise _bad_value(term, "a number or a date in the format 'YYYY-MM-DD'")
        return _day_test(read, term.op, day)
    folded = value.casefold()

    def equal(record: Record) -> bool:
        stored = read(record)
        if isinstance(stored, list | tuple):  # multi-select values
            return folded in map(fold, stored)
        if isinstance(stored, date):  # a date field held as an object
            return day is not None and utc_day(stored) == day
        return fold(stored) == folded

    return equal
