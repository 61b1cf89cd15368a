"""Which ``Host`` names a server answers for, and who may ``POST /auth`` (pure checks + ASGI guard).

A server on a developer's laptop that answers any ``Host`` can be read by any
web page in the same browser: the page points a name it owns at 127.0.0.1
(DNS rebinding) and its script then calls the server as a same-origin site.
Answering only the names the server is meant to be reached by closes that
hole; ``freshdesk-atom serve`` allows the loopback names by default when it is
bound to loopback.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any, Final

__all__ = [
    "LOOPBACK_HOSTS",
    "HostAllowlist",
    "host_allowed",
    "host_name",
    "is_loopback",
    "send_refusal",
]

LOOPBACK_HOSTS: Final = ("localhost", "127.0.0.1", "::1")
"""The names a server bound to loopback answers for by default."""

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def host_name(header: str) -> str | None:
    """Return the host of a ``Host`` header without its port, lowercased (``None`` if malformed)."""
    text = header.strip().lower()
    if not text or any(ch.isspace() or ch in "/@?#\\" for ch in text):
        return None
    if text.startswith("["):  # [::1]:8000
        end = text.find("]")
        if end < 0 or (end + 1 < len(text) and not text[end + 1 :].startswith(":")):
            return None
        return text[1:end]
    name, _, port = text.partition(":")
    if port and not port.isdigit():
        return None
    return name.rstrip(".") or None


def host_allowed(host: str | None, allowed: Iterable[str]) -> bool:
    """Return whether *host* (from :func:`host_name`) is one of *allowed*.

    An entry ``"*"`` allows every host; ``"*.example.com"`` allows that
    domain's subdomains (not the domain itself).
    """
    if host is None:
        return False
    for entry in allowed:
        pattern = entry.strip().lower().strip("[]")
        if pattern == "*" or pattern == host:
            return True
        if pattern.startswith("*.") and host.endswith(pattern[1:]):
            return True
    return False


def is_loopback(address: str | None) -> bool:
    """Return whether a client *address* is this machine's (127.0.0.0/8 or ::1)."""
    if not address:
        return False
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


class HostAllowlist:
    """ASGI middleware: answer only requests whose ``Host`` is allowed; others get a 400 envelope."""

    def __init__(self, app: ASGIApp, *, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = tuple(hosts)
        if not self.hosts:
            raise ValueError("give at least one allowed host (or '*' for any)")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        header = next(
            (
                value.decode("latin-1")
                for name, value in scope.get("headers", ())
                if name == b"host"
            ),
            "",
        )
        if host_allowed(host_name(header), self.hosts):
            await self.app(scope, receive, send)
            return
        shown = ", ".join(self.hosts)
        await send_refusal(
            send,
            400,
            "host_not_allowed",
            f"this server answers only for {shown}; "
            "allow more names with --allow-host (serve) or allowed_hosts=",
        )


async def send_refusal(send: Send, status: int, code: str, message: str) -> None:
    """Answer a request with the adapter's error envelope, from ASGI middleware."""
    body = json.dumps({"success": False, "error": {"code": code, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
