"""The fake under ``httpx.MockTransport``: httpx requests in, httpx responses (or errors) out."""

from __future__ import annotations

import httpx

from ._http import FakeRequest, FakeResponse

__all__ = ["from_httpx", "mock_delay", "to_httpx"]


def mock_delay(response: FakeResponse, latency: float) -> float:
    """Return how long the httpx handlers wait before answering *response*."""
    # Under MockTransport a "timeout" fault raises ReadTimeout at once (after the
    # plain latency) instead of making the test wait for slow_seconds.
    return latency if response.delivery == "timeout" else response.delay


def from_httpx(request: httpx.Request, body: bytes) -> FakeRequest:
    """Return the fake's view of an httpx request whose body is *body*."""
    raw = request.url.raw_path.decode("ascii", "replace")
    path, _, query = raw.partition("?")
    host = request.headers.get("host") or request.url.netloc.decode("ascii", "replace")
    headers = {name.lower(): value for name, value in request.headers.items()}
    return FakeRequest(request.method, request.url.scheme, host, path, query, headers, body)


def to_httpx(request: httpx.Request, response: FakeResponse) -> httpx.Response:
    """Return *response* as httpx's, or raise the httpx error its faulty delivery causes."""
    if response.delivery == "drop":
        raise httpx.RemoteProtocolError(
            "Server disconnected without sending a response.", request=request
        )
    if response.delivery == "timeout":
        raise httpx.ReadTimeout(
            "The read operation timed out (a FaultPlan timeout).", request=request
        )
    if response.delivery == "truncate":
        # Over a socket, httpx notices a body shorter than its Content-Length and
        # raises this; an in-memory response would not, so raise it here.
        raise httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body: "
            f"received {len(response.body) // 2} bytes, expected {len(response.body)}",
            request=request,
        )
    return httpx.Response(
        response.status, headers=response.header_list(), content=response.body, request=request
    )
