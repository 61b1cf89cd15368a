"""Refuse the writes a browser sends on behalf of another site (pure check + ASGI guard).

A page on any site can make the browser of someone running ``freshdesk-atom
serve`` send a ``POST`` to it: a plain HTML form needs no permission, and
``multipart/form-data`` (a reply or a note) is such a form. The server would
then act with the key it holds. Browsers say where a request comes from
(``Sec-Fetch-Site``, and ``Origin`` on every write); a write from another
site (``Sec-Fetch-Site``; without it, an ``Origin`` other than the server's
own ``Host``) is refused with a 403 before it reaches a route. Clients that are not browsers send neither header
and are not affected.
"""

from __future__ import annotations

from typing import Final
from urllib.parse import urlsplit

from ._hosts import ASGIApp, Receive, Scope, Send, send_refusal

__all__ = ["SameOriginWrites", "cross_site_write"]

SAFE_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS"})


def cross_site_write(
    method: str, host: str | None, origin: str | None, fetch_site: str | None
) -> bool:
    """Return whether a request is a write that a browser sent from another site or origin.

    *host*, *origin* and *fetch_site* are the ``Host``, ``Origin`` and
    ``Sec-Fetch-Site`` headers (``None`` when absent).
    """
    if method.upper() in SAFE_METHODS:
        return False
    if fetch_site is not None:
        # Every current browser says it, and a proxy in front rewrites no part of it.
        return fetch_site.strip().lower() not in ("same-origin", "none")
    if origin is None:
        return False
    parts = urlsplit(origin.strip().lower())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return True  # "null" (a sandboxed frame, a file) or garbage
    return host is None or parts.netloc != host.strip().lower()


class SameOriginWrites:
    """ASGI middleware: a write a browser sent from another site gets a 403 envelope."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in scope.get("headers", ())
            if name in (b"host", b"origin", b"sec-fetch-site")
        }
        if not cross_site_write(
            scope["method"],
            headers.get("host"),
            headers.get("origin"),
            headers.get("sec-fetch-site"),
        ):
            await self.app(scope, receive, send)
            return
        await send_refusal(
            send,
            403,
            "cross_site_request",
            "this server accepts changes only from its own pages "
            "(the browser said the request came from another site)",
        )
