"""The fake as a plain ASGI 3 application, for a real server on loopback."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from ._http import FakeRequest

ABORT_EXTENSION = "freshdesk_atom.abort"
"""The ASGI scope extension of ``freshdesk_atom.cli._server`` (the server of ``python -m
freshdesk_atom.testing``): a callable that closes the connection at once."""

if TYPE_CHECKING:
    from ._fake import FakeFreshdesk

__all__ = ["FakeASGIApp"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class FakeASGIApp:
    """Serve a :class:`FakeFreshdesk` over ASGI (HTTP and lifespan scopes).

    ``uvicorn.run(fake.asgi_app(), host="127.0.0.1", port=8765)`` serves
    ``http://127.0.0.1:8765/api/v2/``; ``Link`` and ``Location`` URLs use the
    request's own ``Host``. Transport faults: ``"drop"`` closes the
    connection without an answer (through the ``freshdesk_atom.abort`` scope
    extension of ``python -m freshdesk_atom.testing``'s server; on another
    server it sends the headers and closes before the body),
    ``"truncated"`` sends half the announced body, ``"timeout"`` answers
    ``slow_seconds`` late.
    """

    def __init__(self, fake: FakeFreshdesk) -> None:
        """Wrap *fake*."""
        self.fake = fake

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI connection scope."""
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        response = self.fake.respond(_request(scope, bytes(body)))
        if response.delay:
            await self.fake.async_sleep(response.delay)
        if response.delivery == "drop":
            await _drop(scope, receive, send)
            return
        headers = [
            (name.lower().encode("latin-1"), value.encode("latin-1"))
            for name, value in response.header_list()
        ]
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        payload = response.body
        if response.delivery == "truncate":
            await send(
                {
                    "type": "http.response.body",
                    "body": payload[: len(payload) // 2],
                    "more_body": True,
                }
            )
            return
        await send({"type": "http.response.body", "body": payload})


async def _drop(scope: Scope, receive: Receive, send: Send) -> None:
    """Close the connection without an answer, as a dropped connection does."""
    abort = scope.get("extensions", {}).get(ABORT_EXTENSION)
    if abort is not None:
        abort()
        while (await receive())["type"] != "http.disconnect":
            pass
        return
    # No way to close it here: promise a body and end without one, so the client
    # reads an incomplete answer, never a complete empty 200.
    await send({"type": "http.response.start", "status": 200, "headers": []})


def _request(scope: Scope, body: bytes) -> FakeRequest:
    headers = {
        name.decode("latin-1").lower(): value.decode("latin-1")
        for name, value in scope.get("headers", ())
    }
    host = headers.get("host")
    if not host:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
    return FakeRequest(
        method=scope["method"],
        scheme=scope.get("scheme", "http"),
        host=host,
        path=raw_path.decode("latin-1").partition("?")[0],
        raw_query=scope.get("query_string", b"").decode("latin-1"),
        headers=headers,
        body=body,
    )


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
