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
import re
import urllib.parse
from collections.abc import Mapping
from typing import Final

import attrs

from .governor_limits import SubLimits, sub_limits_from
from .governor_rules import FALLBACK_DIVISOR

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
"""Seconds one Redis operation may take in all (a pooled connection, connecting, its round trips)."""
DEFAULT_RETRY_INTERVAL: Final = 5.0
"""Seconds between attempts to reach Redis again while falling back."""
DEFAULT_PREFIX: Final = "freshdesk-atom:governor"

_SCHEMES: Final = ("redis", "rediss", "unix")
_EXPECTED: Final = (
    "expected redis://[[user]:password@]host[:port][/db], rediss://... or unix:///path"
)
# The query parameters passed on to redis-py: any other would reach its
# connection class as a keyword it does not take (every call would then fail),
# or override the store's timeouts, pool and no-retry policy.
_QUERY_ANY: Final = frozenset({"db"})
_QUERY_TLS: Final = frozenset(
    {
        "ssl_ca_certs",
        "ssl_ca_path",
        "ssl_certfile",
        "ssl_keyfile",
        "ssl_cert_reqs",
        "ssl_check_hostname",
    }
)
_QUERY_CHOICES: Final = {
    "ssl_cert_reqs": ("none", "optional", "required"),
    "ssl_check_hostname": ("true", "false", "yes", "no", "1", "0"),
}
# Keys whose values are secrets: never shown, and refused in the query.
_SECRET_QUERY: Final = frozenset({"password", "username", "ssl_password"})
_SCHEME_RE: Final = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def _scheme_of(url: str) -> str | None:
    found = _SCHEME_RE.match(url)
    return found.group(1).lower() if found else None


def _parse(url: str) -> urllib.parse.SplitResult | None:
    """*url* split, or ``None`` when it cannot be read unambiguously.

    A password with an unencoded ``/``, ``?`` or ``#`` ends the host part
    early, leaving an ``@`` (and part of the password) in the path, the query
    or the fragment: that URL is unreadable, to redis-py too.
    """
    if _scheme_of(url) is None:
        return None
    try:
        parts = urllib.parse.urlsplit(url)
        _ = parts.port  # raises on a bad port
    except ValueError:
        return None
    if "@" in parts.path or "@" in parts.query or parts.fragment:
        return None
    return parts


def redact_url(url: str) -> str:
    """Return *url* fit to show: its password as ``***``, and nothing of a URL that cannot be read.

    A password or user name in the query string is hidden too. A URL that
    cannot be read unambiguously shows only its scheme (``redis://...``).
    """
    parts = _parse(url)
    if parts is None:
        scheme = _scheme_of(url)
        return f"{scheme}://..." if scheme else "<not a URL>"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:***@{hostport}" if ":" in userinfo else f"{user}@{hostport}"
    query = parts.query
    if query:
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
        query = "&".join(
            f"{key}=***" if key.lower() in _SECRET_QUERY else f"{key}={value}"
            for key, value in pairs
        )
    shown = f"{parts.scheme}://{netloc}{parts.path}"
    return f"{shown}?{query}" if query else shown


def check_redis_url(url: object, *, name: str = "url") -> str:
    """Return *url* stripped if it is a usable Redis URL; the error names *name*, never the password.

    Raises:
        TypeError: not a string.
        ValueError: naming what is wrong (and *name*).
    """
    if not isinstance(url, str):
        raise TypeError(f"{name} must be a str, not {type(url).__name__}")
    text = url.strip()
    if not text:
        raise ValueError(f"{name} is empty; {_EXPECTED}")
    where = f"{name} ({redact_url(text)})"
    scheme = _scheme_of(text)
    if scheme is None:
        raise ValueError(f"{name}: not a URL; {_EXPECTED}")
    if scheme not in _SCHEMES:
        raise ValueError(f"{where}: unsupported scheme {scheme!r}; {_EXPECTED}")
    parts = _parse(text)
    if parts is None:
        raise ValueError(
            f"{where}: not a valid URL (a bad port, or a character of the password such as "
            f"'/', '?', '#' or '@' not percent-encoded); {_EXPECTED}"
        )
    db = _check_query(parts, where, name)
    if scheme == "unix":
        if not parts.path:
            raise ValueError(f"{where}: a unix URL needs the socket's path; {_EXPECTED}")
    else:
        if not parts.hostname:
            raise ValueError(f"{where}: no host; {_EXPECTED}")
        if parts.port == 0:
            raise ValueError(f"{where}: port 0; {_EXPECTED}")
        path = parts.path.lstrip("/")
        if path and db is None:
            db = path
    if db is not None and not db.isdigit():
        raise ValueError(f"{where}: the database must be a number, not {db!r}")
    return text


def _check_query(parts: urllib.parse.SplitResult, where: str, name: str) -> str | None:
    """Refuse every query parameter but the known ones; return the ``db`` one, if any."""
    db = None
    allowed = _QUERY_ANY | (_QUERY_TLS if parts.scheme == "rediss" else frozenset())
    for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in _SECRET_QUERY:
            raise ValueError(
                f"{where}: a {key.lower()} in the query string is not supported: put it before "
                f"the host (redis://user:password@host), percent-encoded"
            )
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            tls = "" if parts.scheme == "rediss" else " (the ssl_* ones need rediss://)"
            extra = ""
            if key in _RESERVED_QUERY:
                extra = (
                    f": the governor sets its own timeouts (the store's timeout, or "
                    f"${GOVERNOR_TIMEOUT_ENV}), pool and retries"
                )
            raise ValueError(
                f"{where}: the query parameter {key!r} is not supported{extra}; "
                f"{name} may set {known}{tls}"
            )
        choices = _QUERY_CHOICES.get(key)
        if choices is not None and value.lower() not in choices:
            raise ValueError(f"{where}: {key} must be one of {', '.join(choices)}, not {value!r}")
        if key == "db":
            db = value
    return db


# redis-py reads these from a URL's query; named in the error, as the store sets them itself.
_RESERVED_QUERY: Final = frozenset(
    {
        "socket_timeout",
        "socket_connect_timeout",
        "retry_on_timeout",
        "retry_on_error",
        "health_check_interval",
        "max_connections",
        "timeout",
    }
)


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

    Needs the ``redis`` extra (``pip install 'freshdesk-atom[redis]'``) and
    Redis 5 or newer, a single server or a primary (not Redis Cluster). The
    pacing decision is one Lua script run on the server, on the server's
    clock, so every process draws slots from one even schedule
    (``docs/rate-governor.md``).

    Attributes:
        url: ``redis://[[user]:password@]host[:port][/db]``, ``rediss://`` for
            TLS, or ``unix:///path/to/socket?db=0``. Its password is shown as
            ``***`` in reprs, logs and errors. The query may set ``db``, and
            with ``rediss://`` the ``ssl_ca_certs``, ``ssl_ca_path``,
            ``ssl_certfile``, ``ssl_keyfile``, ``ssl_cert_reqs`` and
            ``ssl_check_hostname`` of the connection; any other parameter is
            refused when the store is built.
        timeout: the deadline of each Redis operation, in seconds (default
            0.25): waiting for a pooled connection, connecting, and the round
            trip(s) of one reservation, check, answer or 429 together. A
            request makes one operation before it is sent (more only while it
            is told to ask again, which it would wait for anyway), one more if
            it waited for its slot, and one after its answer; past the
            deadline, the store falls back.
        fallback_share: the share of the budget this process paces itself to
            while Redis is unreachable. Default: ``target_share`` divided by
            the number of clients Redis saw reserving on the account in the
            last two windows (this one included), or by 8 if this client never
            reached Redis.
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

    def fallback_for(self, target_share: float, clients: int | None = None) -> float:
        """The share paced to while falling back, for a client aiming at *target_share*.

        *clients*: how many clients Redis last saw reserving on the account
        (``None``: never reached). ``fallback_share`` wins when set.
        """
        if self.fallback_share is not None:
            return self.fallback_share
        return target_share / (clients if clients else FALLBACK_DIVISOR)


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
