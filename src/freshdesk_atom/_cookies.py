"""The HTTP clients the SDK makes for itself: they keep no cookies.

Freshdesk authenticates every request by its API key; a cookie set by a
response (a load balancer's, say) is not needed by the next request, and
keeping it would make a request depend on the ones before it. A client you
pass in keeps its own jar.

Not keeping cookies is also cheaper, which is why the clients below replace
httpx's cookie handling rather than only giving it an empty jar. To offer a
response to a jar, httpx first wraps the request in a ``urllib`` request and the
response's headers in an ``email.message.Message``: 40-50 us a response on the
benchmark machine, about a fifth of what ``httpx.Client.send`` costs for a page
served from memory (docs/performance.md). ``httpx.Client`` reads and updates
its cookies through its public ``cookies`` property, which these clients answer
with ``NO_COOKIES``: nothing offered, nothing stored, no ``Cookie`` header.
"""

from __future__ import annotations

from http.client import HTTPResponse
from http.cookiejar import Cookie, CookieJar
from typing import NoReturn
from urllib.request import Request

import httpx
from typing_extensions import override

__all__ = ["NO_COOKIES", "AsyncCookielessClient", "CookielessClient", "NoCookies"]


class NoCookies(CookieJar):
    """A cookie jar that stores no cookie, so requests never send one back."""

    @override
    def extract_cookies(self, response: HTTPResponse, request: Request) -> None:
        """Ignore the response's ``Set-Cookie`` headers."""

    @override
    def set_cookie(self, cookie: Cookie) -> None:
        """Ignore the cookie."""


class _NoCookies(httpx.Cookies):
    """httpx's cookies of a client that keeps none: responses are not even read for them."""

    def __init__(self) -> None:
        super().__init__(NoCookies())

    @override
    def extract_cookies(self, response: httpx.Response) -> None:
        """Ignore the response's ``Set-Cookie`` headers without looking at them."""

    @override
    def set_cookie_header(self, request: httpx.Request) -> None:
        """Add no ``Cookie`` header: there is nothing to send."""


NO_COOKIES: httpx.Cookies = _NoCookies()


def _refuse(cookies: object) -> NoReturn:
    raise AttributeError(
        "the HTTP client freshdesk-atom makes for itself keeps no cookies; "
        "pass http_client= to use a client of your own"
    )


class CookielessClient(httpx.Client):
    """The ``httpx.Client`` the sync client makes for itself: it keeps no cookies."""

    def __init__(self, *, timeout: httpx.Timeout, headers: tuple[tuple[str, str], ...]) -> None:
        # The jar too stores nothing, should httpx ever bypass the property.
        super().__init__(timeout=timeout, headers=headers, cookies=NoCookies())

    @property
    @override
    def cookies(self) -> httpx.Cookies:
        """Always empty: cookies a response sets are ignored, none is ever sent."""
        return NO_COOKIES

    @cookies.setter
    @override
    def cookies(self, cookies: object) -> None:
        _refuse(cookies)


class AsyncCookielessClient(httpx.AsyncClient):
    """The ``httpx.AsyncClient`` the async client makes for itself: it keeps no cookies."""

    def __init__(self, *, timeout: httpx.Timeout, headers: tuple[tuple[str, str], ...]) -> None:
        # The jar too stores nothing, should httpx ever bypass the property.
        super().__init__(timeout=timeout, headers=headers, cookies=NoCookies())

    @property
    @override
    def cookies(self) -> httpx.Cookies:
        """Always empty: cookies a response sets are ignored, none is ever sent."""
        return NO_COOKIES

    @cookies.setter
    @override
    def cookies(self, cookies: object) -> None:
        _refuse(cookies)
