"""The search engine's 400s: :class:`QueryError` and the messages of a malformed query."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ._query_types import Resource

__all__ = ["SINGULAR", "QueryError", "syntax_error", "value_error"]


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


SINGULAR: Final[Mapping[Resource, str]] = {
    "tickets": "ticket",
    "contacts": "contact",
    "companies": "company",
}


def syntax_error(resource: Resource, detail: str) -> QueryError:
    """Return Freshdesk's "invalid format" error, with *detail* kept off the wire."""
    # docs/freshdesk-api-notes.md#search gives the message's start; the format shown is the example of Freshdesk's
    # filter docs (also quoted in python-freshdesk's filter_tickets docstring).
    name = f"{SINGULAR[resource]}_field"
    message = (
        "Given query is invalid, expected format is "
        f"\"({name}:integer OR {name}:'string') AND {name}:boolean\""
    )
    return QueryError("query", message, "invalid_value", detail=detail)


def value_error(message: str) -> QueryError:
    """Return a 400 about one term of an otherwise well-formed query."""
    return QueryError("query", message, "invalid_value")
