"""Raw responses (``APIResponse``) and pages of results (``Page``), shared by both modes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Generic, TypeVar

import attrs
import httpx

from ._core.rate_limit import rate_limit_from_headers
from .models.common import RateLimit

__all__ = ["APIResponse", "Page", "ResponseMeta", "read_headers"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

_UNPARSED = object()

# The headers read from every page's response, by lower-case name.
_READ: frozenset[bytes] = frozenset(
    {
        b"link",
        b"x-request-id",
        b"x-ratelimit-total",
        b"x-ratelimit-remaining",
        b"x-ratelimit-used-currentrequest",
    }
)


def read_headers(headers: httpx.Headers) -> dict[str, str]:
    """Return the ``Link``, ``X-Request-Id`` and ``X-RateLimit-*`` headers by lower-case name.

    One pass over the headers: ``httpx.Headers.get`` walks all of them on every
    call, and a page's response is read for five. A repeated header's values are
    joined with ``", "``, as ``httpx.Headers.get`` joins them.
    """
    found: dict[str, str] = {}
    for key, value in headers.raw:
        name = key.lower()
        if name in _READ:
            text = value.decode(headers.encoding)
            label = name.decode("ascii")
            found[label] = f"{found[label]}, {text}" if label in found else text
    return found


@attrs.frozen(kw_only=True)
class ResponseMeta:
    """Facts about the HTTP response a page came from.

    Attributes:
        status_code: the HTTP status.
        request_id: Freshdesk's ``X-Request-Id`` (quote it to Freshdesk support).
        rate_limit: the ``X-RateLimit-*`` snapshot, or ``None`` if not sent.
    """

    status_code: int
    request_id: str | None
    rate_limit: RateLimit | None

    @classmethod
    def from_response(
        cls, response: httpx.Response, headers: dict[str, str] | None = None
    ) -> ResponseMeta:
        """Read the metadata of *response* (from *headers*, its ``read_headers()``, if given)."""
        read = read_headers(response.headers) if headers is None else headers
        return cls(
            status_code=response.status_code,
            request_id=read.get("x-request-id"),
            rate_limit=rate_limit_from_headers(read),
        )


@attrs.frozen(kw_only=True)
class Page(Generic[T_co]):
    """One page of a list or search result.

    Attributes:
        items: the records of this page, in Freshdesk's order.
        page: the 1-based page number that was asked for.
        total: the full match count (search only; lists have no total).
        has_next: whether Freshdesk announced another page.
        truncated: search only: ``True`` when ``total`` is above 300, the most
            one search query can return (30 per page, pages 1..10), so paging
            this query stops before the last match. Narrow the query, or use
            ``fd.search.tickets_all()``, which splits it. Always ``False`` for lists.
        meta: the response's status, request id and rate-limit snapshot.
    """

    items: tuple[T_co, ...]
    page: int
    total: int | None = None
    has_next: bool = False
    truncated: bool = False
    meta: ResponseMeta

    def __iter__(self) -> Iterator[T_co]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def trimmed(self, count: int) -> Page[T_co]:
        """Return this page keeping only its first *count* items."""
        if count >= len(self.items):
            return self
        return attrs.evolve(self, items=self.items[:count])


class APIResponse(Generic[T]):
    """A response with its HTTP details, parsed into the model only on ``parse()``.

    Returned by the ``with_raw_response`` views:
    ``fd.with_raw_response.tickets.get(1).parse()``. The body is read eagerly,
    so ``parse()`` is a plain method in both modes; its result is cached.
    """

    def __init__(
        self, http_response: httpx.Response, parser: Callable[[httpx.Response], T]
    ) -> None:
        self.http_response = http_response
        self._parser = parser
        self._parsed: object = _UNPARSED

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """Freshdesk's ``X-Request-Id``."""
        value: str | None = self.http_response.headers.get("x-request-id")
        return value

    @property
    def rate_limit(self) -> RateLimit | None:
        """The ``X-RateLimit-*`` snapshot of this response."""
        return rate_limit_from_headers(self.http_response.headers)

    @property
    def elapsed(self) -> timedelta | None:
        """The time between sending the request and reading the response.

        ``None`` when httpx did not time it (responses of a mock transport).
        """
        try:
            return self.http_response.elapsed
        except RuntimeError:
            return None

    @property
    def content(self) -> bytes:
        """The raw body."""
        return self.http_response.content

    def parse(self) -> T:
        """Return the body structured into the model (cached after the first call).

        Raises:
            ResponseValidationError: the body does not fit the model.
        """
        if self._parsed is _UNPARSED:
            self._parsed = self._parser(self.http_response)
        return self._parsed  # type: ignore[return-value]

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<APIResponse [{self.status_code}] {request.method} {request.url.path}>"
