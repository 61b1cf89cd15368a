"""Where an account's API lives: a Freshdesk domain or a base URL, checked and normalised."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import httpx

__all__ = ["normalize_base_url", "normalize_domain"]

# A Freshdesk account name is one DNS label: letters, digits and inner hyphens.
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_FRESHDESK_SUFFIX = ".freshdesk.com"


def normalize_domain(domain: str) -> str:
    """Return the API base URL ``https://<account>.freshdesk.com/api/v2/`` for *domain*.

    Accepts ``acme``, ``acme.freshdesk.com`` and ``https://acme.freshdesk.com/``
    (any case, surrounding whitespace ignored). Freshdesk serves the API only over
    HTTPS on ``*.freshdesk.com`` (custom helpdesk CNAMEs are not accepted for the
    API, docs/freshdesk-api-notes.md#authentication-and-the-api-host), so anything else is refused.

    Raises:
        ValueError: naming the rule broken (empty, spaces, a path, a query,
            credentials, a port, http, or a host outside ``freshdesk.com``).
    """
    if not isinstance(domain, str):
        raise TypeError(f"domain must be a str, not {type(domain).__name__}")
    text = domain.strip()
    if not text:
        raise ValueError("domain must not be empty: give 'acme' or 'acme.freshdesk.com'")
    if any(ch.isspace() for ch in text):
        raise ValueError("domain must not contain spaces")
    if any(not ch.isprintable() for ch in text):
        raise ValueError(
            f"domain must not contain control or invisible characters: {ascii(text)[:80]}"
        )
    if "://" in text:
        try:
            parts = urlsplit(text)
            parts.port  # noqa: B018 (raises ValueError for a bad port)
        except ValueError as exc:
            raise ValueError(f"domain is not a URL: {exc}") from None
        if parts.scheme.lower() != "https":
            raise ValueError("domain URL must use https:// (Freshdesk's API is HTTPS only)")
        if parts.username is not None or parts.password is not None or "@" in parts.netloc:
            raise ValueError("domain must not contain credentials (user@host)")
        if parts.query or parts.fragment or "?" in text or "#" in text:
            raise ValueError("domain must not contain a query or fragment")
        if parts.path not in ("", "/"):
            raise ValueError("domain must not contain a path: give only the host")
        host = parts.netloc
    else:
        if "@" in text:
            raise ValueError("domain must not contain credentials (user@host)")
        if "?" in text or "#" in text:
            raise ValueError("domain must not contain a query or fragment")
        if "/" in text:
            raise ValueError("domain must not contain a path: give only the host")
        host = text
    host = host.lower()
    if ":" in host:
        raise ValueError("domain must not contain a port")
    account = host.removesuffix(_FRESHDESK_SUFFIX) if host.endswith(_FRESHDESK_SUFFIX) else host
    if "." in account:
        raise ValueError(
            "domain must be an account name ('acme') or a host under freshdesk.com "
            f"('acme.freshdesk.com'), not {host!r}"
        )
    if not _LABEL.fullmatch(account):
        raise ValueError(
            "domain's account name may hold only letters, digits and inner hyphens, "
            f"not {_as_sent(account)}"
        )
    return f"https://{account}{_FRESHDESK_SUFFIX}/api/v2/"


def _as_sent(name: str) -> str:
    """Show a host name as it would go on the wire: non-ASCII letters as punycode.

    A lookalike such as ``'\\u0430cme'`` (a Cyrillic first letter) then shows
    escaped and as ``xn--cme-5cd``, not as a name a reader would take for 'acme'.
    """
    if name.isascii():
        return repr(name)
    try:
        wire = name.encode("idna").decode("ascii")
    except UnicodeError:
        return ascii(name)
    return f"{name!a} (sent as {wire!r})"


def normalize_base_url(base_url: str | httpx.URL) -> httpx.URL:
    """Return *base_url* as an ``httpx.URL`` with exactly one trailing slash.

    The explicit ``base_url=`` override exists for proxies and the fake Freshdesk,
    so any http(s) URL is allowed, but it must not carry credentials or a query.

    Raises:
        ValueError: naming the rule broken, or why the URL cannot be read.
    """
    try:
        url = httpx.URL(str(base_url).strip())
    except httpx.InvalidURL as exc:
        raise ValueError(f"base_url is not a URL: {exc}") from None
    if url.scheme not in ("http", "https"):
        raise ValueError("base_url must start with http:// or https://")
    if not url.host:
        raise ValueError("base_url must name a host")
    if url.userinfo:
        raise ValueError("base_url must not contain credentials (user@host)")
    if url.query or url.fragment:
        raise ValueError("base_url must not contain a query or fragment")
    path = url.path if url.path.endswith("/") else url.path + "/"
    return url.copy_with(path=path)
