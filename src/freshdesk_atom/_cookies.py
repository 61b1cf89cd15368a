"""The HTTP clients the SDK makes for itself: they keep no cookies.

Freshdesk authenticates every request by its API key; a cookie set by a
response (a load balancer's, say) is not needed by the next request, and
keeping it would make a request depend on the ones before it, or, in a client
shared by several accounts (the ATOM adapter's), on another account's. A client
you pass in keeps its own jar.

Not keeping cookies is also cheaper, which is why the clients below replace
httpx's cookie handling rather than only giving it an empty jar. To offer a
response to a jar, httpx first wraps the request in a ``urllib`` request and the
response's headers in an ``email.message.Message``: 40-50 us a response on the
benchmark machine, about a fifth of what ``httpx.Client.send`` costs for a page
served from memory (docs/performance.md). ``httpx.Client`` reads its cookies
through its public ``cookies`` property, which these clients answer with cookies
that ignore responses and hold nothing.
"""

from __future__ import annotations

from http.client import HTTPResponse
from http.cookiejar import Cookie, CookieJar
from urllib.request import Request

import httpx
from typing_extensions import override

__all__ = ["AsyncCookielessClient", "CookielessClient", "NoCookies"]

# httpx.Client's own default (5 s for every phase); requests carry their own timeout.
_HTTPX_DEFAULT_TIMEOUT = httpx.Timeout(5.0)
_REFUSAL = (
    "the HTTP client freshdesk-atom makes for itself keeps no cookies; "
    "pass http_client= to use a client of your own"
)


class NoCookies(CookieJar):
    """A cookie jar that stores no cookie, so requests never send one back."""

    @override
    def extract_cookies(self, response: HTTPResponse, request: Request) -> None:
        """Ignore the response's ``Set-Cookie`` headers."""

    @override
    def set_cookie(self, cookie: Cookie) -> None:
        """Ignore the cookie."""


class _Cookieless(httpx.Cookies):
    """The cookies of a client that keeps none: responses are not even read for them.

    Cookies set on it (``.set()``, ``[name] = value``) are dropped by its jar.
    """

    def __init__(self) -> None:
        super().__init__(NoCookies())

    @override
    def extract_cookies(self, response: httpx.Response) -> None:
        """Ignore the response's ``Set-Cookie`` headers without looking at them."""


class _KeepsNoCookies:
    """What the clients below add to httpx's (listed first among their bases)."""

    _no_cookies: httpx.Cookies

    def __init__(
        self,
        *,
        timeout: httpx.Timeout = _HTTPX_DEFAULT_TIMEOUT,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self._no_cookies = _Cookieless()
        # The next class in the MRO is httpx's client; the jar it keeps for itself
        # stores nothing either.
        super().__init__(timeout=timeout, headers=headers, cookies=NoCookies())  # type: ignore[call-arg]

    @property
    def cookies(self) -> httpx.Cookies:
        """Always empty: cookies a response sets are ignored, none is ever sent."""
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: object) -> None:
        raise AttributeError(_REFUSAL)


class CookielessClient(_KeepsNoCookies, httpx.Client):
    """The ``httpx.Client`` the sync client makes for itself: it keeps no cookies.

    Its ``cookies`` are always empty; assigning new ones raises ``AttributeError``.
    """


class AsyncCookielessClient(_KeepsNoCookies, httpx.AsyncClient):
    """The ``httpx.AsyncClient`` the async client makes for itself: it keeps no cookies.

    Its ``cookies`` are always empty; assigning new ones raises ``AttributeError``.
    """
