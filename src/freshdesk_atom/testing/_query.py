"""The fake Freshdesk's search engine: parse a search ``query`` and match records.

``parse_query(raw, resource)`` takes the ``query`` URL parameter of
``GET /search/{tickets,contacts,companies}`` after URL-decoding, checks it the
way Freshdesk does (docs/freshdesk-api-notes.md#search) and compiles it into a :class:`Query`
whose :meth:`Query.matches` tests one stored record. Failures raise
:class:`QueryError`, which carries the ``field``/``message``/``code`` triple of
Freshdesk's 400 validation body.

The pipeline runs in three pure steps, so a syntax error always wins over a
field error, whatever their order in the query:

1. **Envelope**: the value must be wrapped in double quotes, and the text
   between them may hold at most 512 characters.
2. **Syntax**: tokens, then an operator-precedence parse into a small tree.
3. **Compile**: each ``field:value`` is resolved against the resource's
   searchable fields and becomes a closure; ``AND``/``OR`` nodes combine the
   closures. Matching a record is then a few dict look-ups and comparisons,
   with nothing re-read from the query text.

The grammar, with the choices made where Freshdesk's documentation is silent::

    query   := or
    or      := and ( "OR" and )*          AND binds tighter than OR
    and     := primary ( "AND" primary )*
    primary := term | "(" or ")"
    term    := field ":" [ ">" | "<" ] value     no spaces inside a term
    value   := "'" chars "'" | integer | "true" | "false" | "null"

* ``AND`` and ``OR`` are upper case and need whitespace on both sides (docs/freshdesk-api-notes.md#search:
  "a space is required around operators"); parentheses need none.
* Strings have **no escape**: Freshdesk documents none, so the first ``'``
  after the opening one closes the string and a backslash is an ordinary
  character. ``tag:'it's'`` is a syntax error, as a value with an apostrophe
  cannot be written. Double quotes inside a string are kept literally (only
  the first and last character of the parameter are the envelope).
* Integers are optionally signed decimal digits; decimals are not searchable.
* Field names are case-sensitive.
* ``:>`` means "greater than or equal" and ``:<`` "less than or equal" (docs/freshdesk-api-notes.md#search);
  they apply to integer and date fields only.
* Dates are ``'YYYY-MM-DD'`` and denote a whole UTC day: ``created_at:'D'``
  matches any time on day D, ``:>'D'`` from D 00:00:00Z on, ``:<'D'`` up to
  the end of D. A record's timestamp is reduced to its UTC day first.
* String comparisons ignore case; ``tag`` matches any of ``tags``, contact
  ``email`` also matches ``other_emails``, company ``domain`` any of
  ``domains``.
* ``field:null`` matches a missing key, ``None``, ``""`` and ``[]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, Final, Literal, TypeAlias, TypeVar

import attrs

__all__ = [
    "MAX_QUERY_LENGTH",
    "SEARCHABLE_FIELDS",
    "Query",
    "QueryError",
    "Resource",
    "parse_query",
]

Resource: TypeAlias = Literal["tickets", "contacts", "companies"]
Record: TypeAlias = Mapping[str, Any]
Predicate: TypeAlias = Callable[[Record], bool]
_R = TypeVar("_R", bound=Mapping[str, Any])

MAX_QUERY_LENGTH: Final = 512
"""Freshdesk's cap on the query (docs/freshdesk-api-notes.md#search), counted in characters between the quotes."""

_SPACE: Final = " \t\r\n"

# --------------------------------------------------------------------------- errors


class QueryError(ValueError):
    """A search query Freshdesk would refuse with 400 ``Validation failed``.

    ``field``, ``message`` and ``code`` are exactly the entry the fake puts in
    the body's ``errors`` list; ``detail`` (never sent) says where the parser
    stopped, to help whoever reads a failing test.
    """

    def __init__(self, field: str, message: str, code: str, *, detail: str | None = None) -> None:
        super().__init__(message if detail is None else f"{message} ({detail})")
        self.field = field
        self.message = message
        self.code = code
        self.detail = detail

    def as_dict(self) -> dict[str, str]:
        """Return the ``errors[]`` entry: ``{"field", "message", "code"}``."""
        return {"field": self.field, "message": self.message, "code": self.code}

    def response_body(self) -> dict[str, Any]:
        """Return the whole 400 body, in Freshdesk's validation shape (docs/freshdesk-api-notes.md#errors)."""
        return {"description": "Validation failed", "errors": [self.as_dict()]}


_SINGULAR: Final[Mapping[Resource, str]] = {
    "tickets": "ticket",
    "contacts": "contact",
    "companies": "company",
}


def _syntax_error(resource: Resource, detail: str) -> QueryError:
    """Return Freshdesk's "invalid format" error, with *detail* kept off the wire."""
    # docs/freshdesk-api-notes.md#search gives the message's start; the format shown is the example of Freshdesk's
    # filter docs (also quoted in python-freshdesk's filter_tickets docstring).
    name = f"{_SINGULAR[resource]}_field"
    message = (
        "Given query is invalid, expected format is "
        f"\"({name}:integer OR {name}:'string') AND {name}:boolean\""
    )
    return QueryError("query", message, "invalid_value", detail=detail)


def _value_error(message: str) -> QueryError:
    """Return a 400 about one term of an otherwise well-formed query."""
    return QueryError("query", message, "invalid_value")


# --------------------------------------------------------------------------- syntax

_Value: TypeAlias = int | bool | str | None


@attrs.frozen
class _Term:
    """One ``field:value`` condition as written, before it meets a resource."""

    field: str
    op: Literal[":", ":>", ":<"]
    value: _Value
    source: str  # the value exactly as written, quoted back in error messages


@attrs.frozen
class _Group:
    """Several nodes joined by one boolean operator."""

    op: Literal["AND", "OR"]
    children: tuple[_Node, ...]


_Node: TypeAlias = "_Term | _Group"

_TERM: Final = re.compile(
    r"([A-Za-z_][A-Za-z0-9_]*):([<>]?)(?:'([^']*)'|(-?[0-9]+)|(true|false|null))"
)
_WORD: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

_Token: TypeAlias = tuple[str, "_Term | None", int]  # (kind, term, position)


def _tokenize(text: str, resource: Resource) -> list[_Token]:
    """Split *text* into ``(``, ``)``, ``AND``, ``OR`` and term tokens."""
    tokens: list[_Token] = []
    pos, end = 0, len(text)
    spaced = True  # whether whitespace (or the start) precedes ``pos``
    while pos < end:
        char = text[pos]
        if char in _SPACE:
            pos += 1
            spaced = True
            continue
        if char in "()":
            tokens.append((char, None, pos))
            pos += 1
            spaced = False
            continue
        match = _TERM.match(text, pos)
        if match is not None:
            stop = match.end()
            if stop < end and text[stop] not in _SPACE and text[stop] != ")":
                raise _syntax_error(resource, f"unexpected {text[stop]!r} at position {stop}")
            tokens.append(("TERM", _term_from(match), pos))
            pos, spaced = stop, False
            continue
        word = _WORD.match(text, pos)
        if word is not None and word.group() in ("AND", "OR"):
            stop = word.end()
            if not spaced or stop >= end or text[stop] not in _SPACE:
                raise _syntax_error(
                    resource, f"{word.group()} at position {pos} needs a space on both sides"
                )
            tokens.append((word.group(), None, pos))
            pos, spaced = stop, False
            continue
        raise _syntax_error(resource, f"unexpected {char!r} at position {pos}")
    return tokens


def _term_from(match: re.Match[str]) -> _Term:
    """Build a term from a match of ``_TERM``."""
    field, rel, string, integer, keyword = match.groups()
    op: Literal[":", ":>", ":<"] = ":>" if rel == ">" else ":<" if rel == "<" else ":"
    value: _Value
    if string is not None:
        value, source = string, f"'{string}'"
    elif integer is not None:
        value, source = int(integer), integer
    else:
        value, source = {"true": True, "false": False, "null": None}[keyword], keyword
    return _Term(field, op, value, source)


_BINDING: Final[Mapping[str, int]] = {"OR": 1, "AND": 2}  # AND binds tighter


def _parse(tokens: Sequence[_Token], resource: Resource) -> _Node:
    """Build the tree of *tokens*; ``AND`` binds tighter than ``OR``.

    A shunting-yard loop with explicit stacks rather than recursive descent:
    512 characters allow some 250 nested parentheses, which must cost a 400,
    not a ``RecursionError``.
    """
    operands: list[_Node] = []
    operators: list[str] = []  # "(", "AND" or "OR"
    want_operand = True

    def reduce() -> None:
        op = operators.pop()
        right, left = operands.pop(), operands.pop()
        operands.append(_join(op, left, right))

    for kind, term, pos in tokens:
        if want_operand and term is not None:
            operands.append(term)
            want_operand = False
        elif want_operand and kind == "(":
            operators.append(kind)
        elif not want_operand and kind in _BINDING:
            while operators and operators[-1] != "(" and _BINDING[operators[-1]] >= _BINDING[kind]:
                reduce()
            operators.append(kind)
            want_operand = True
        elif not want_operand and kind == ")" and "(" in operators:
            while operators[-1] != "(":
                reduce()
            operators.pop()
        else:
            shown = "condition" if term is not None else repr(kind)
            raise _syntax_error(resource, f"unexpected {shown} at position {pos}")
    if want_operand:
        raise _syntax_error(resource, "the query ends where a condition was expected")
    while operators:
        if operators[-1] == "(":
            raise _syntax_error(resource, "a parenthesis is never closed")
        reduce()
    return operands[0]


def _join(op: str, left: _Node, right: _Node) -> _Group:
    """Join two nodes with *op*, flattening runs of the same operator."""
    parts: list[_Node] = []
    for node in (left, right):
        if isinstance(node, _Group) and node.op == op:
            parts.extend(node.children)
        else:
            parts.append(node)
    return _Group("AND" if op == "AND" else "OR", tuple(parts))


# --------------------------------------------------------------------------- fields

_Kind: TypeAlias = Literal["integer", "string", "boolean", "date"]

_EXPECTED: Final[Mapping[_Kind, str]] = {
    "integer": "an Integer",
    "string": "a String",
    "boolean": "a Boolean",
    "date": "a date in the format 'YYYY-MM-DD'",
}


@attrs.frozen
class _Field:
    """How one searchable field reads a record.

    ``keys`` lists the record keys whose values are pooled: a term matches when
    any value in the pool does (``tags``, contact ``email`` + ``other_emails``).
    """

    kind: _Kind
    keys: tuple[str, ...]

    def pool(self) -> Callable[[Record], list[Any]]:
        """Return a function listing the record's non-empty values for this field."""
        keys = self.keys

        def values(record: Record) -> list[Any]:
            found: list[Any] = []
            for key in keys:
                value = record.get(key)
                if isinstance(value, list | tuple):
                    found.extend(v for v in value if not _is_empty(v))
                elif not _is_empty(value):
                    found.append(value)
            return found

        return values


def _f(kind: _Kind, *keys: str) -> _Field:
    """Shorthand for the field table below."""
    return _Field(kind, keys)


def _words(*lines: str) -> list[str]:
    """Return the whitespace-separated words of *lines*."""
    return [word for line in lines for word in line.split()]


# The searchable fields per resource, mapped to the record keys (docs/freshdesk-api-notes.md#search; docs/freshdesk-api-notes.md#data-conventions
# for the record fields). ``agent_id`` is the ticket's ``responder_id``.
_FIELDS: Final[Mapping[Resource, Mapping[str, _Field]]] = {
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
    resource: frozenset(fields) for resource, fields in _FIELDS.items()
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


def _is_custom(name: str, resource: Resource, custom_fields: Collection[str] | None) -> bool:
    """Tell whether *name* may be taken as a custom field of *resource*."""
    if custom_fields is not None:
        return name in custom_fields
    if resource == "tickets":
        return name.startswith(
            "cf_"
        )  # ticket custom fields are cf_-prefixed (docs/freshdesk-api-notes.md#data-conventions)
    return name not in _UNSEARCHABLE[resource]


def _unknown_field(
    name: str, resource: Resource, custom_fields: Collection[str] | None
) -> QueryError:
    """Return the 400 for a field that is not searchable on *resource*."""
    allowed = ",".join(sorted(_FIELDS[resource]))
    if custom_fields:
        extra = f" or one of these custom fields: '{','.join(sorted(custom_fields))}'"
    elif custom_fields is None:
        extra = " or a custom field name" + (" starting with cf_" if resource == "tickets" else "")
    else:
        extra = ""
    return _value_error(
        f"{name} is not a searchable {_SINGULAR[resource]} field. "
        f"It should be one of these values: '{allowed}'{extra}"
    )


# --------------------------------------------------------------------------- values


def _is_empty(value: object) -> bool:
    """Tell whether *value* counts as "no value" for ``field:null``."""
    return value is None or value == "" or value == [] or value == ()


def _fold(value: object) -> str | None:
    """Return *value* case-folded for comparison, or ``None`` if it is not text."""
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(
            value
        )  # old payloads carry phone numbers as integers (docs/freshdesk-api-notes.md#data-conventions)
    return None


def _is_number(value: object) -> bool:
    """Tell whether *value* is an int or float (a bool is not a number here)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _as_day(text: str) -> str | None:
    """Return *text* if it is a real ``YYYY-MM-DD`` date, else ``None``."""
    if _DATE.fullmatch(text) is None:
        return None
    try:
        date.fromisoformat(text)
    except ValueError:
        return None
    return text


def _utc_day(value: object) -> str | None:
    """Return the UTC day of a stored timestamp as ``YYYY-MM-DD``, or ``None``.

    Accepts Freshdesk's own ``...Z`` strings, ISO strings with any offset (old
    payloads have ``+05:30``, docs/freshdesk-api-notes.md#data-conventions), bare dates, and ``date``/``datetime`` objects;
    a naive ``datetime`` is taken as UTC, as every Freshdesk timestamp is.
    ``YYYY-MM-DD`` strings order like the days, so callers compare them as text.
    """
    if isinstance(value, str):
        # Fast path for the fake's own form, "2024-03-05T09:15:27Z": already UTC.
        if len(value) > 10 and value[10] == "T" and value[-1] == "Z":
            return value[:10]
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return None


# --------------------------------------------------------------------------- compile


def _compile(node: _Node, resource: Resource, custom_fields: Collection[str] | None) -> Predicate:
    """Turn a tree into one closure over a record."""
    if isinstance(node, _Group):
        parts = tuple(_compile(child, resource, custom_fields) for child in node.children)
        return _all(parts) if node.op == "AND" else _any(parts)
    spec = _FIELDS[resource].get(node.field)
    if spec is not None:
        return _standard(node, spec)
    if _is_custom(node.field, resource, custom_fields):
        return _custom(node)
    raise _unknown_field(node.field, resource, custom_fields)


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


def _bad_operator(term: _Term, why: str) -> QueryError:
    """Return the 400 for ``:>``/``:<`` used where it has no meaning."""
    return _value_error(
        f"Invalid operator {term.op} for {term.field}. The :> and :< operators work only on {why}"
    )


def _bad_value(term: _Term, expected: str) -> QueryError:
    """Return the 400 for a value of the wrong type for its field."""
    return _value_error(f"Invalid value {term.source} for {term.field}. It should be {expected}")


def _standard(term: _Term, spec: _Field) -> Predicate:
    """Compile a term on a standard field, checking the value's type."""
    value = term.value
    if term.op != ":" and spec.kind not in ("integer", "date"):
        raise _bad_operator(term, "number and date fields")
    if value is None:
        if term.op != ":":
            raise _bad_operator(term, "numbers and dates, not null")
        if len(spec.keys) == 1:
            key = spec.keys[0]
            return lambda record: _is_empty(record.get(key))
        pool = spec.pool()
        return lambda record: not pool(record)
    if spec.kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            raise _bad_value(term, _EXPECTED["integer"])
        return _number_test(_first(spec.keys[0]), term.op, value)
    if spec.kind == "date":
        day = _as_day(value) if isinstance(value, str) else None
        if day is None:
            raise _bad_value(term, _EXPECTED["date"])
        return _day_test(_first(spec.keys[0]), term.op, day)
    if spec.kind == "boolean":
        if not isinstance(value, bool):
            raise _bad_value(term, _EXPECTED["boolean"])
        key = spec.keys[0]
        return lambda record: record.get(key) is value
    if not isinstance(value, str):
        raise _bad_value(term, _EXPECTED["string"])
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


def _text_test(spec: _Field, folded: str) -> Predicate:
    """Match case-insensitively against a single key or a pool of values."""
    if len(spec.keys) == 1:
        key = spec.keys[0]

        def equal(record: Record) -> bool:
            stored = record.get(key)
            if isinstance(stored, list | tuple):
                return folded in map(_fold, stored)
            return _fold(stored) == folded

        return equal
    pool = spec.pool()
    return lambda record: folded in map(_fold, pool(record))


def _number_test(read: Callable[[Record], Any], op: str, wanted: int) -> Predicate:
    """Compare a numeric value; anything that is not a number never matches."""
    if op == ":":
        return lambda record: _is_number(stored := read(record)) and stored == wanted
    if op == ":>":
        return lambda record: _is_number(stored := read(record)) and stored >= wanted
    return lambda record: _is_number(stored := read(record)) and stored <= wanted


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
        found = _utc_day(stored)
        return found is not None and compare(found, day)

    return test


def _custom(term: _Term) -> Predicate:
    """Compile a term on a custom field, typed by the literal (the schema is unknown)."""
    name, value = term.field, term.value

    def read(record: Record) -> Any:
        fields = record.get("custom_fields")
        return fields.get(name) if isinstance(fields, Mapping) else None

    if value is None or isinstance(value, bool):
        if term.op != ":":
            raise _bad_operator(term, "numbers and dates, not null or booleans")
        if value is None:
            return lambda record: _is_empty(read(record))
        return lambda record: read(record) is value
    if isinstance(value, int):
        return _number_test(read, term.op, value)
    day = _as_day(value)
    if term.op != ":":
        if day is None:
            raise _bad_value(term, "a number or a date in the format 'YYYY-MM-DD'")
        return _day_test(read, term.op, day)
    folded = value.casefold()

    def equal(record: Record) -> bool:
        stored = read(record)
        if isinstance(stored, list | tuple):  # multi-select values
            return folded in map(_fold, stored)
        if isinstance(stored, date):  # a date field held as an object
            return day is not None and _utc_day(stored) == day
        return _fold(stored) == folded

    return equal


# --------------------------------------------------------------------------- public


@attrs.frozen
class Query:
    """A parsed search query, compiled for one resource.

    Attributes:
        text: the query between the double quotes, as received.
        resource: ``"tickets"``, ``"contacts"`` or ``"companies"``.
        fields: the field names the query mentions.
    """

    text: str
    resource: Resource
    fields: frozenset[str]
    _predicate: Predicate = attrs.field(repr=False, eq=False)

    def matches(self, record: Record) -> bool:
        """Return whether the stored *record* (wire field names) satisfies the query."""
        return self._predicate(record)

    def select(self, records: Iterable[_R]) -> list[_R]:
        """Return the records that match, in their given order."""
        return list(filter(self._predicate, records))


def parse_query(
    raw: str, resource: Resource, *, custom_fields: Collection[str] | None = None
) -> Query:
    """Parse the URL-decoded ``query`` parameter, double quotes included.

    The length limit counts the characters *between* the surrounding double
    quotes, the part a client writes (the same count as the SDK's
    ``render_query``): 512 pass, 513 fail. The quotes are checked first, as
    nothing can be counted without them.

    Args:
        raw: the parameter value, e.g. ``"status:2 AND tag:'vip'"`` with its quotes.
        resource: which search endpoint received it.
        custom_fields: the account's custom field names, if known; then only
            these are accepted besides the standard fields. With ``None`` any
            ``cf_`` name (tickets) or any name that is not a known unsearchable
            record field (contacts, companies) is taken as a custom field.

    Raises:
        QueryError: Freshdesk's 400: missing quotes or bad syntax (``Given query
            is invalid, expected format is ...``), more than 512 characters
            (``Has N characters, it can have maximum of 512 characters``), an
            unknown field, an operator or value that does not suit the field.
    """
    if len(raw) < 2 or raw[0] != '"' or raw[-1] != '"':
        raise _syntax_error(resource, "the query must be wrapped in double quotes")
    text = raw[1:-1]
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            "query",
            f"Has {len(text)} characters, it can have maximum of {MAX_QUERY_LENGTH} characters",
            "invalid_value",
        )
    tokens = _tokenize(text, resource)
    if not tokens:
        raise _syntax_error(resource, "the query is empty")
    tree = _parse(tokens, resource)
    names = frozenset(term.field for _, term, _ in tokens if term is not None)
    return Query(text, resource, names, _compile(tree, resource, custom_fields))
