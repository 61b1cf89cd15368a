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

Where each part lives: ``_query_syntax`` (tokens and tree), ``_query_fields``
(the searchable fields per resource), ``_query_compile`` (terms into
predicates), ``_query_values`` (how stored values are read), ``_query_errors``
(:class:`QueryError` and the messages); this module holds the entry point.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any, Final, TypeVar

import attrs

from ._query_compile import compile_node
from ._query_errors import QueryError, syntax_error
from ._query_fields import SEARCHABLE_FIELDS
from ._query_syntax import parse_tokens, tokenize
from ._query_types import Predicate, Record, Resource

__all__ = [
    "MAX_QUERY_LENGTH",
    "SEARCHABLE_FIELDS",
    "Query",
    "QueryError",
    "Resource",
    "parse_query",
]

_R = TypeVar("_R", bound=Mapping[str, Any])

MAX_QUERY_LENGTH: Final = 512
"""Freshdesk's cap on the query (docs/freshdesk-api-notes.md#search), counted in characters between the quotes."""


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
        raise syntax_error(resource, "the query must be wrapped in double quotes")
    text = raw[1:-1]
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            "query",
            f"Has {len(text)} characters, it can have maximum of {MAX_QUERY_LENGTH} characters",
            "invalid_value",
        )
    tokens = tokenize(text, resource)
    if not tokens:
        raise syntax_error(resource, "the query is empty")
    tree = parse_tokens(tokens, resource)
    names = frozenset(term.field for _, term, _ in tokens if term is not None)
    return Query(text, resource, names, compile_node(tree, resource, custom_fields))
