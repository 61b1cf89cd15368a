"""Raw responses (``APIResponse``) and the metadata of a page's response, shared by both modes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Generic, TypeVar

import attrs
import httpx

from ._core.rate_limit import rate_limit_from_headers
from .models.common import RateLimit

__all__ = ["APIResponse", "PageInfo", "ResponseMeta"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

_UNPARSED = object()


@attrs.frozen(kw_only=True)
class PageInfo:
    """Where the page after this one is: pass ``page=`` to the same ``list()`` call to get it."""

    page: int


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
    def from_response(cls, response: httpx.Response) -> ResponseMeta:
        """Read the metadata of *response*."""
        return cls(
            status_code=response.status_code,
            request_id=response.headers.get("x-request-id"),
            rate_limit=rate_limit_from_headers(response.headers),
        )


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
