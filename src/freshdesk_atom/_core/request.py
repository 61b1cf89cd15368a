"""Request specifications and the argument checks made before any I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

import attrs

from .._types import JSONValue, NotGiven, QueryValue
from .bodies import per_page
from .uploads import Upload
from .validation import join_choices

__all__ = [
    "CONTACT_GONE_AFTER_DELETE",
    "GONE_AFTER_DELETE",
    "GONE_AFTER_RESTORE",
    "IDEMPOTENT_METHODS",
    "Method",
    "RequestSpec",
    "build_query",
    "check_id",
    "include_query",
    "page_size_query",
]

Method = Literal["GET", "POST", "PUT", "DELETE"]

# RFC 9110 §9.2.2: repeating these has the same effect as sending them once.
IDEMPOTENT_METHODS: frozenset[str] = frozenset({"GET", "PUT", "DELETE"})


# What a retry finds when the attempt whose answer was lost did the work
# (docs/freshdesk-api-notes.md#tickets, #contacts): the record is gone (404), a
# restored record is no longer deleted (404), a soft-deleted contact refuses
# another delete (405).
GONE_AFTER_DELETE: frozenset[int] = frozenset({404})
GONE_AFTER_RESTORE: frozenset[int] = frozenset({404})
CONTACT_GONE_AFTER_DELETE: frozenset[int] = frozenset({405})


@attrs.frozen(kw_only=True)
class RequestSpec:
    """One HTTP request to Freshdesk, decided but not yet sent.

    Attributes:
        method: the HTTP method.
        path: relative to the API base URL, without a leading slash (``"tickets/42"``).
        params: query parameters, already stringified and in order.
        json: the JSON body, or ``None`` for no body; with *files*, the
            fields sent beside them as a multipart form.
        files: attachments: the request goes as ``multipart/form-data``.
        idempotent: whether sending it twice has the effect of sending it once
            (a ``PUT`` with files is not: each attempt would attach them again).
        done_if: statuses that, answering a retry after an attempt that may
            have reached Freshdesk, mean that attempt did the work: a
            ``DELETE`` answered 404 because the first one deleted the record.
    """

    method: Method
    path: str
    params: tuple[tuple[str, str], ...] = ()
    json: JSONValue | None = None
    files: tuple[Upload, ...] = ()
    idempotent: bool = attrs.field()
    done_if: frozenset[int] = frozenset()

    @idempotent.default
    def _default_idempotent(self) -> bool:
        return self.method in IDEMPOTENT_METHODS and not self.files

    def with_params(self, params: Iterable[tuple[str, str]]) -> RequestSpec:
        """Return a copy with *params* replacing the query."""
        return attrs.evolve(self, params=tuple(params))

    def param(self, name: str) -> str | None:
        """Return the last value of query parameter *name*, or ``None``."""
        value = None
        for key, val in self.params:
            if key == name:
                value = val
        return value


def _query_text(value: QueryValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def build_query(params: Mapping[str, QueryValue | NotGiven | None]) -> tuple[tuple[str, str], ...]:
    """Return the query pairs of *params*, leaving out ``NOT_GIVEN`` and ``None`` values."""
    return tuple(
        (key, _query_text(value))
        for key, value in params.items()
        if value is not None and not isinstance(value, NotGiven)
    )


def include_query(include: object, choices: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Return the ``include`` query pair of *include* (checked against *choices*), or none when not given."""
    if isinstance(include, NotGiven):
        return ()
    return (("include", join_choices(include, "include", choices)),)


def page_size_query(size: object) -> tuple[tuple[str, str], ...]:
    """Return the ``per_page`` query pair of *size* (1..100), or none when not given."""
    if isinstance(size, NotGiven):
        return ()
    return build_query({"per_page": per_page(size, "per_page")})


def check_id(value: object, name: str) -> int:
    """Return *value* if it is a positive int id, else raise naming *name*."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, not {value}")
    return value
