"""The fake's own request and response values, independent of httpx and ASGI.

Both front ends (the httpx handlers and the ASGI app) turn what they receive
into a :class:`FakeRequest`, run it through the same dispatcher and turn the
resulting :class:`FakeResponse` back into their own form.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any, Final, Literal
from urllib.parse import parse_qsl

import attrs

from ._wire import dumps

__all__ = ["API_PREFIX", "Delivery", "FakeRequest", "FakeResponse", "json_response"]

API_PREFIX: Final = "/api/v2"

Delivery = Literal["normal", "drop", "timeout", "truncate"]
"""How a front end delivers a response: normally, or as one of the transport faults."""

JSON_TYPE: Final = "application/json; charset=utf-8"


@attrs.define(eq=False)
class FakeRequest:
    """One HTTP request as the fake sees it.

    Attributes:
        method: upper-case HTTP method.
        scheme: ``http`` or ``https``; with *host* it forms the origin of
            ``Link`` and ``Location`` URLs, so loopback servers link to themselves.
        host: the ``Host`` (with port when not the default one).
        path: the full path, ``/api/v2/...`` included, not URL-decoded.
        raw_query: the query string exactly as received (no ``?``).
        headers: header names in lower case.
        body: the raw body bytes.
    """

    method: str
    scheme: str
    host: str
    path: str
    raw_query: str
    headers: Mapping[str, str]
    body: bytes

    @cached_property
    def params(self) -> dict[str, str]:
        """Return the decoded query parameters; a repeated name keeps its last value."""
        return dict(parse_qsl(self.raw_query, keep_blank_values=True))

    @property
    def origin(self) -> str:
        """Return ``scheme://host`` of this request."""
        return f"{self.scheme}://{self.host}"

    @property
    def api_path(self) -> str | None:
        """Return the path below ``/api/v2`` (``/tickets/1``), or ``None`` outside the API."""
        if self.path == API_PREFIX or not self.path.startswith(API_PREFIX + "/"):
            return None
        inner = self.path[len(API_PREFIX) :]
        return inner.rstrip("/") or "/"

    def url_for(self, api_path: str) -> str:
        """Return the absolute URL of *api_path* on this request's origin."""
        return f"{self.origin}{API_PREFIX}{api_path}"

    def next_page_url(self, page: int) -> str:
        """Return this request's URL with ``page`` set to *page*.

        docs/freshdesk-api-notes.md#pagination says the ``Link`` URL "repeats the request's query
        string with ``page`` bumped by one": the other parameters keep their
        order and encoding, an existing ``page`` is replaced in place and a
        missing one is appended.
        """
        parts = [part for part in self.raw_query.split("&") if part]
        replaced = False
        for index, part in enumerate(parts):
            if part.split("=", 1)[0] == "page":
                parts[index] = f"page={page}"
                replaced = True
        if not replaced:
            parts.append(f"page={page}")
        return f"{self.origin}{self.path}?{'&'.join(parts)}"


@attrs.define(eq=False)
class FakeResponse:
    """A response to deliver: status, headers, body and how to deliver it.

    ``delivery`` other than ``"normal"`` asks the front end to simulate a
    transport fault (see :class:`~freshdesk_atom.testing.FaultPlan`);
    ``delay`` is extra time to wait before answering (latency, slow faults).
    """

    status: int
    body: bytes = b""
    headers: dict[str, str] = attrs.field(factory=dict)
    delivery: Delivery = "normal"
    delay: float = 0.0

    def header_list(self) -> list[tuple[str, str]]:
        """Return the headers with ``Content-Length`` set, ready to send."""
        headers = [(name, value) for name, value in self.headers.items()]
        headers.append(("Content-Length", str(len(self.body))))
        return headers


def json_response(status: int, data: Any, headers: Mapping[str, str] | None = None) -> FakeResponse:
    """Return a JSON response (``None`` *data* means an empty body without a content type)."""
    merged = dict(headers or {})
    if data is None:
        return FakeResponse(status, b"", merged)
    merged["Content-Type"] = JSON_TYPE
    return FakeResponse(status, dumps(data), merged)
