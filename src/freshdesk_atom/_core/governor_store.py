"""Where a rate governor keeps its schedule: this process, or a Redis server shared by many.

The stores here are *descriptions* (frozen settings, no connection): a client
turns one into a live store when it is built, so one ``RateGovernorConfig``
serves the sync and the async client alike. Which store a client uses:

1. ``RateGovernorConfig(store=...)`` when given: :class:`InProcessStore` or :class:`RedisStore`;
2. else ``$FRESHDESK_GOVERNOR_URL`` (``redis://[[user]:password@]host[:port][/db]``),
   with ``$FRESHDESK_GOVERNOR_TIMEOUT`` and ``$FRESHDESK_GOVERNOR_FALLBACK_SHARE``;
3. else the in-process store, as before.

The sub-limits (docs/freshdesk-api-notes.md#rate-limits) come from
``RateGovernorConfig(sub_limits=...)``, else ``$FRESHDESK_GOVERNOR_PLAN``,
else none. A Redis URL's password never shows in a repr, a log line or an error.
"""

from __future__ import annotations

import math
import urllib.parse
from collections.abc import Mapping
from typing import Final

import attrs

from .governor_limits import SubLimits, sub_limits_from

__all__ = [
    "DEFAULT_PREFIX",
    "DEFAULT_REDIS_TIMEOUT",
    "DEFAULT_RETRY_INTERVAL",
    "GOVERNOR_FALLBACK_SHARE_ENV",
    "GOVERNOR_PLAN_ENV",
    "GOVERNOR_TIMEOUT_ENV",
    "GOVERNOR_URL_ENV",
    "InProcessStore",
    "RedisStore",
    "ResolvedStore",
    "account_key",
    "check_redis_url",
    "redact_url",
    "resolve_store",
    "store_from_env",
]

GOVERNOR_URL_ENV: Final = "FRESHDESK_GOVERNOR_URL"
GOVERNOR_TIMEOUT_ENV: Final = "FRESHDESK_GOVERNOR_TIMEOUT"
GOVERNOR_FALLBACK_SHARE_ENV: Final = "FRESHDESK_GOVERNOR_FALLBACK_SHARE"
GOVERNOR_PLAN_ENV: Final = "FRESHDESK_GOVERNOR_PLAN"

DEFAULT_REDIS_TIMEOUT: Final = 0.25
"""Seconds any one Redis call may take (connecting, or waiting for the answer)."""
DEFAULT_RETRY_INTERVAL: Final = 5.0
"""Seconds between attempts to reach Redis again while falling back."""
DEFAULT_PREFIX: Final = "freshdesk-atom:governor"

_SCHEMES: Final = ("redis", "rediss", "unix")
# redis-py reads these from a URL's query and they would override the store's
# timeouts and its no-retry policy: the store sets them itself.
_RESERVED_QUERY: Final = frozenset(
    {
        "socket_timeout",
        "socket_connect_timeout",
        "retry_on_timeout",
        "retry_on_error",
        "health_check_interval",
    }
)


def redact_url(url: str) -> str:
    """Return *url* with its password (if any) replaced by ``***``."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    if parts.password is None and "@" not in parts.netloc:
        return url
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    netloc = f"{user}:***@{hostport}" if parts.password is not None else f"{user}@{hostport}"
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def check_redis_url(url: object, *, name: str = "url") -> str:
    """Return *url* stripped if it is a usable Redis URL; the error names *name*, never the password.

    Raises:
        TypeError: not a string.
        ValueError: naming what is wrong.
    """
    if not isinstance(url, str):
        raise TypeError(f"{name} must be a str, not {type(url).__name__}")
    text = url.strip()
    where = f"{name} ({redact_url(text)})" if text else name
    expected = "expected redis://[[user]:password@]host[:port][/db], rediss://... or unix:///path"
    if not text:
        raise ValueError(f"{name} is empty; {expected}")
    try:
        parts = urllib.parse.urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValueError(f"{where}: not a valid URL (a bad port?); {expected}") from None
    if parts.scheme not in _SCHEMES:
        raise ValueError(f"{where}: unsupported scheme {parts.scheme!r}; {expected}")
    query = urllib.parse.parse_qs(parts.query)
    reserved = sorted(_RESERVED_QUERY & set(query))
    if reserved:
        raise ValueError(
            f"{where}: {', '.join(reserved)} cannot be set in the URL: the governor sets its own "
            f"timeouts (the store's timeout, or ${GOVERNOR_TIMEOUT_ENV})"
        )
    if parts.scheme == "unix":
        if not parts.path:
            raise ValueError(f"{where}: a unix URL needs the socket's path; {expected}")
        db = query.get("db", ["0"])[-1]
    else:
        if not parts.hostname:
            raise ValueError(f"{where}: no host; {expected}")
        if port == 0:
            raise ValueError(f"{where}: port 0; {expected}")
        db = parts.path.lstrip("/") or "0"
    if not db.isdigit():
        raise ValueError(f"{where}: the database must be a number, not {db!r}")
    return text


def _check_timeout(_: object, __: object, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("timeout must be a number of seconds")
    if not (0 < value <= 30 and math.isfinite(value)):
        raise ValueError(f"timeout must be in (0, 30] seconds, not {value!r}")


def _check_fallback_share(_: object, __: object, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("fallback_share must be a number")
    if not 0 < value <= 1:
        raise ValueError(f"fallback_share must be in (0, 1], not {value!r}")


def _check_interval(_: object, __: object, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("retry_interval must be a number of seconds")
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(f"retry_interval must be a positive number of seconds, not {value!r}")


def _check_prefix(_: object, __: object, value: str) -> None:
    if not isinstance(value, str) or not value or any(ch in value for ch in "{} \t\r\n"):
        raise ValueError(
            f"prefix must be a non-empty string without braces or spaces, not {value!r}"
        )


def _url(value: str) -> str:
    return check_redis_url(value, name="RedisStore url")


@attrs.frozen
class InProcessStore:
    """Keep the governor's schedule in this process (the default).

    Each client paces its own requests, so several processes on one account
    each need a share of their own (``target_share``), adding up to at most 1.
    """


@attrs.frozen
class RedisStore:
    """Share one schedule per Freshdesk account among every process, through a Redis server.

    Needs the ``redis`` extra (``pip install 'freshdesk-atom[redis]'``). The
    pacing decision is one Lua script run on the server, on the server's
    clock, so every process draws slots from one even schedule
    (``docs/rate-governor.md``).

    Attributes:
        url: ``redis://[[user]:password@]host[:port][/db]``, ``rediss://`` for
            TLS, or ``unix:///path/to/socket?db=0``. Its password is shown as
            ``***`` in reprs, logs and errors.
        timeout: the longest any one Redis call may take, in seconds (default
            0.25), for connecting and for the answer alike. No request waits on
            Redis longer than that: past it, the store falls back.
        fallback_share: the share of the budget this process paces itself to
            while Redis is unreachable (default: a quarter of the client's
            ``target_share``; set ``target_share / workers`` if you know how many
            processes share the account).
        retry_interval: seconds between attempts to reach Redis again while
            falling back (default 5); the attempt is made by the next request
            after that, not by a thread.
        prefix: the start of the store's keys (default ``freshdesk-atom:governor``).
    """

    url: str = attrs.field(converter=_url, repr=lambda url: repr(redact_url(url)))
    timeout: float = attrs.field(
        default=DEFAULT_REDIS_TIMEOUT, validator=_check_timeout, kw_only=True
    )
    fallback_share: float | None = attrs.field(
        default=None, validator=_check_fallback_share, kw_only=True
    )
    retry_interval: float = attrs.field(
        default=DEFAULT_RETRY_INTERVAL, validator=_check_interval, kw_only=True
    )
    prefix: str = attrs.field(default=DEFAULT_PREFIX, validator=_check_prefix, kw_only=True)

    @property
    def redacted_url(self) -> str:
        """The URL with its password replaced by ``***``."""
        return redact_url(self.url)

    def scrub(self, text: str) -> str:
        """Return *text* with the URL's password, as written or unquoted, replaced by ``***``."""
        raw = urllib.parse.urlsplit(self.url).password
        if not raw:
            return text
        for form in sorted({raw, urllib.parse.unquote(raw)}, key=len, reverse=True):
            text = text.replace(form, "***")
        return text

    def fallback_for(self, target_share: float) -> float:
        """The share paced to while falling back, for a client aiming at *target_share*."""
        return self.fallback_share if self.fallback_share is not None else target_share / 4


def _env_number(environ: Mapping[str, str], name: str) -> float | None:
    text = environ.get(name, "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"${name} must be a number, not {text!r}") from None


def store_from_env(environ: Mapping[str, str]) -> RedisStore | None:
    """Return the Redis store ``$FRESHDESK_GOVERNOR_URL`` names, or ``None`` when unset or empty.

    ``$FRESHDESK_GOVERNOR_TIMEOUT`` (seconds) and
    ``$FRESHDESK_GOVERNOR_FALLBACK_SHARE`` set its ``timeout`` and
    ``fallback_share``; they are checked even when no URL is set.

    Raises:
        ValueError: naming the variable whose value is unusable (a password is never shown).
    """
    timeout = _env_number(environ, GOVERNOR_TIMEOUT_ENV)
    share = _env_number(environ, GOVERNOR_FALLBACK_SHARE_ENV)
    if timeout is not None:
        try:
            _check_timeout(None, None, timeout)
        except ValueError as exc:
            raise ValueError(f"${GOVERNOR_TIMEOUT_ENV}: {exc}") from None
    if share is not None:
        try:
            _check_fallback_share(None, None, share)
        except ValueError as exc:
            raise ValueError(f"${GOVERNOR_FALLBACK_SHARE_ENV}: {exc}") from None
    raw = environ.get(GOVERNOR_URL_ENV, "")
    if not raw.strip():
        return None
    url = check_redis_url(raw, name=f"${GOVERNOR_URL_ENV}")
    return RedisStore(
        url,
        timeout=DEFAULT_REDIS_TIMEOUT if timeout is None else timeout,
        fallback_share=share,
    )


def _plan_from_env(environ: Mapping[str, str]) -> SubLimits | None:
    text = environ.get(GOVERNOR_PLAN_ENV, "").strip()
    if not text:
        return None
    try:
        return sub_limits_from(text)
    except ValueError as exc:
        raise ValueError(f"${GOVERNOR_PLAN_ENV}: {exc}") from None


@attrs.frozen
class ResolvedStore:
    """The store and sub-limits a client uses, once its configuration and environment are read."""

    store: InProcessStore | RedisStore
    sub_limits: Mapping[str, int]
    source: str
    """Where the store came from: ``"config"``, ``"$FRESHDESK_GOVERNOR_URL"`` or ``"default"``."""


def resolve_store(
    store: InProcessStore | RedisStore | None,
    sub_limits: SubLimits | None,
    environ: Mapping[str, str],
) -> ResolvedStore:
    """Return the store and sub-limits of a client: its configuration's, else the environment's.

    Raises:
        ValueError: an environment variable is unusable (it is named).
    """
    # The variables are read only when the configuration leaves the choice to them.
    limits = dict(sub_limits if sub_limits is not None else _plan_from_env(environ) or ())
    if store is not None:
        return ResolvedStore(store, limits, "config")
    from_env = store_from_env(environ)
    if from_env is not None:
        return ResolvedStore(from_env, limits, f"${GOVERNOR_URL_ENV}")
    return ResolvedStore(InProcessStore(), limits, "default")


def account_key(host: str, port: int | None, scheme: str) -> str:
    """Return the account part of the store's keys: the API host, and its port if not the scheme's default."""
    default = 443 if scheme == "https" else 80
    host = host.lower()
    return host if port in (None, default) else f"{host}:{port}"
