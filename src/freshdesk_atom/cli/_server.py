"""Run an ASGI app on uvicorn with the limits a server on a laptop or the internet needs.

uvicorn on its own waits forever for a request that never ends (a slow or
half-open client keeps its connection, and enough of them exhaust the
process), answers malformed requests in plain text and accepts any number of
connections. :func:`serve` runs uvicorn with a protocol that:

- closes a connection whose request is not complete ``request_timeout``
  seconds after its first byte, answering 408 in the JSON error envelope;
- refuses connections beyond ``max_connections`` with a 503 in the envelope;
- answers a request h11 cannot parse with a 400 in the envelope, not text;
- lets an app close its connection without any answer, through the scope
  extension ``"freshdesk_atom.abort"`` (the fake's ``drop`` fault uses it).

Used by ``freshdesk-atom serve`` and ``python -m freshdesk_atom.testing``.
uvicorn is imported only here, when a server is about to run.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["ABORT_EXTENSION", "envelope_bytes", "hardened_protocol", "serve"]

ABORT_EXTENSION = "freshdesk_atom.abort"
"""Scope extension: a callable that closes the connection at once, sending nothing.
(``freshdesk_atom.testing``, which imports nothing from the SDK, spells it too.)"""

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]

_REASONS = {400: "Bad Request", 408: "Request Timeout", 503: "Service Unavailable"}


def envelope_bytes(status: int, code: str, message: str) -> bytes:
    """Return a whole HTTP/1.1 response carrying the error envelope, then closing the connection."""
    body = json.dumps({"success": False, "error": {"code": code, "message": message}}).encode()
    head = (
        f"HTTP/1.1 {status} {_REASONS[status]}\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def hardened_protocol(*, request_timeout: float, max_connections: int) -> type[H11Protocol]:
    """Return uvicorn's h11 protocol with the limits of this module's docstring."""
    if request_timeout <= 0:
        raise ValueError("request_timeout must be > 0 seconds")
    if max_connections < 1:
        raise ValueError("max_connections must be >= 1")

    class HardenedH11Protocol(H11Protocol):
        """uvicorn's h11 protocol with a request deadline, a connection cap and JSON refusals."""

        _request_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if len(self.connections) > max_connections:
                self._refuse(
                    503,
                    "too_many_connections",
                    f"the server holds its limit of {max_connections} connections; retry shortly",
                )
                return
            inner: ASGIApp = self.app

            async def app(scope: Scope, receive: Any, send: Any) -> None:
                scope.setdefault("extensions", {})[ABORT_EXTENSION] = transport.abort
                await inner(scope, receive, send)

            self.app = app
            self._start_request_timer()

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_request_timer()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if self._request_timer is None and (self.cycle is None or self.cycle.response_complete):
                self._start_request_timer()  # the first byte of the next request
            super().data_received(data)
            if self.cycle is not None and not self.cycle.more_body:
                self._stop_request_timer()  # the request is complete: the app has it all

        def send_400_response(self, msg: str) -> None:
            self._stop_request_timer()
            self._refuse(400, "bad_request", f"the server could not read this request: {msg}")

        def _start_request_timer(self) -> None:
            self._stop_request_timer()
            self._request_timer = self.loop.call_later(request_timeout, self._request_timed_out)

        def _stop_request_timer(self) -> None:
            if self._request_timer is not None:
                self._request_timer.cancel()
                self._request_timer = None

        def _request_timed_out(self) -> None:
            self._request_timer = None
            if self.cycle is not None and self.cycle.response_started:
                self.transport.close()  # the app answered already: just end it
                return
            self._refuse(
                408,
                "request_timeout",
                f"the request was not complete {request_timeout:g}s after it began",
            )

        def _refuse(self, status: int, code: str, message: str) -> None:
            if not self.transport.is_closing():
                self.transport.write(envelope_bytes(status, code, message))
                self.transport.close()

    return HardenedH11Protocol


def serve(
    app: ASGIApp,
    *,
    host: str,
    port: int,
    request_timeout: float = 10.0,
    max_connections: int = 200,
    log_level: str = "info",
) -> None:
    """Run *app* on ``host:port`` until interrupted, with the limits above."""
    uvicorn.run(
        app,
        host=host,
        port=port,
        http=hardened_protocol(request_timeout=request_timeout, max_connections=max_connections),
        log_level=log_level,
        timeout_keep_alive=5,
        # Live-update streams (/events) stay open: past this, they are closed.
        timeout_graceful_shutdown=3,
    )
