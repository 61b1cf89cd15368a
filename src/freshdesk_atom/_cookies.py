"""The cookie jar of the SDK's own HTTP client: one that keeps nothing."""

from __future__ import annotations

from http.client import HTTPResponse
from http.cookiejar import Cookie, CookieJar
from urllib.request import Request

from typing_extensions import override

__all__ = ["NoCookies"]


class NoCookies(CookieJar):
    """A cookie jar that stores no cookie, so requests never send one back.

    Freshdesk authenticates every request by its API key; a cookie set by a
    response (a load balancer's, say) is not needed by the next request, and
    keeping it would make a request depend on the ones before it. Not keeping
    them is also cheaper: a jar that reads responses has httpx copy every
    response's headers into an ``email.message.Message`` first; skipping that
    saves about 30 us a response (docs/performance.md). A client you pass in
    keeps its own jar.
    """

    @override
    def extract_cookies(self, response: HTTPResponse, request: Request) -> None:
        """Ignore the response's ``Set-Cookie`` headers."""

    @override
    def set_cookie(self, cookie: Cookie) -> None:
        """Ignore the cookie."""
