"""Which Freshdesk account a caller may use: credentials, their store, access hooks.

Per request the adapter:

1. runs the host's ``authorize`` hook, if any (it raises :class:`Unauthenticated`
   or :class:`Forbidden` to refuse the caller before any upstream call);
2. asks the :class:`CredentialStore` for the credentials kept for this caller
   (``caller`` names the caller; by default there is one slot per process);
3. hands both to the credentials provider, which returns the
   :class:`Credentials` to use, or ``None`` (the adapter answers 503
   "not configured"). The default provider takes the stored credentials, else
   ``$FRESHDESK_API_KEY`` and ``$FRESHDESK_DOMAIN``.

``POST /auth`` checks a key against ``GET /agents/me`` *before* anything is
stored, and stores only through the store. The domain it names must be a
``*.freshdesk.com`` account (``normalize_domain``) or exactly one of the API
base URLs the host allowed, so the server cannot be pointed anywhere else.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

import attrs
import httpx
from starlette.requests import Request

from .. import FreshdeskError
from .. import _constants as C
from .._core.urls import normalize_base_url, normalize_domain

__all__ = [
    "AccessDenied",
    "Authorizer",
    "CallerIdentity",
    "CredentialStore",
    "Credentials",
    "CredentialsProvider",
    "Forbidden",
    "MemoryCredentialStore",
    "NotConfigured",
    "Unauthenticated",
    "Verifications",
    "account_key",
    "environment_credentials",
    "resolve_auth_target",
    "stored_or_environment",
]


@attrs.frozen(kw_only=True)
class Credentials:
    """One Freshdesk account: an API key and the API base URL it is used on.

    The key is left out of ``repr`` and comparisons, so it cannot leak
    through a log line, a traceback or a test snapshot.

    Attributes:
        api_key: the agent's API key.
        base_url: the API base URL, e.g. ``https://acme.freshdesk.com/api/v2/``.
    """

    api_key: str = attrs.field(repr=False, eq=False)
    base_url: str

    @classmethod
    def for_domain(cls, api_key: str, domain: str) -> Credentials:
        """Return credentials for ``acme`` / ``acme.freshdesk.com`` (``ValueError`` otherwise)."""
        return cls(api_key=api_key, base_url=normalize_domain(domain))

    @property
    def domain(self) -> str:
        """The host, e.g. ``acme.freshdesk.com``."""
        return httpx.URL(self.base_url).host


def account_key(credentials: Credentials) -> tuple[str, str]:
    """Return a key for caches of what *credentials* may see: the base URL and a hash of the key.

    The key itself is never kept in a cache's keys, so no dump of one shows it.
    """
    digest = hashlib.sha256(credentials.api_key.encode("utf-8")).hexdigest()
    return credentials.base_url, digest


class Verifications:
    """When each account's credentials were last accepted by Freshdesk (``POST /auth``, ``/health``).

    ``/health`` uses it to stay 200 when Freshdesk only rate-limits its check
    of credentials it accepted a moment ago.
    """

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._accepted: dict[tuple[str, str], float] = {}

    def accepted(self, credentials: Credentials) -> None:
        """Record that Freshdesk accepted *credentials* just now."""
        self._accepted[account_key(credentials)] = self._clock()

    def accepted_within(self, credentials: Credentials, seconds: float) -> float | None:
        """Return when *credentials* were last accepted (epoch seconds) if within *seconds*, else ``None``."""
        when = self._accepted.get(account_key(credentials))
        if when is None or self._clock() - when > seconds:
            return None
        return when

    def __repr__(self) -> str:
        return f"<Verifications accounts={len(self._accepted)}>"


class AccessDenied(FreshdeskError):
    """Raised by an ``authorize`` hook to refuse a caller (see the subclasses)."""

    status_code = 403
    code = "forbidden"

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class Unauthenticated(AccessDenied):
    """The caller is not signed in to the host: answered 401."""

    status_code = 401
    code = "unauthenticated"


class Forbidden(AccessDenied):
    """The caller may not use this adapter (or this route): answered 403."""

    status_code = 403
    code = "forbidden"


class NotConfigured(FreshdeskError):
    """No usable Freshdesk account for this caller: answered 503 ``not_configured``."""


class CredentialStore(Protocol):
    """Where ``POST /auth`` keeps checked credentials, per caller.

    Implement it over your session store or a secrets manager to keep
    credentials across processes; the default keeps them in memory.
    """

    async def get(self, caller: str) -> Credentials | None:
        """Return the credentials kept for *caller*, or ``None``."""
        ...

    async def set(self, caller: str, credentials: Credentials) -> None:
        """Keep *credentials* for *caller*, replacing any."""
        ...

    async def delete(self, caller: str) -> None:
        """Forget *caller*'s credentials (no error if there are none)."""
        ...


class MemoryCredentialStore:
    """The default store: a dict in this process's memory.

    Credentials are lost when the process stops, are not shared between
    worker processes, and with the default ``caller`` one slot serves every
    caller of the process: fine for one operator's server, wrong for a
    multi-user host, which should pass ``caller=`` (and usually its own store).
    """

    def __init__(self) -> None:
        self._items: dict[str, Credentials] = {}

    async def get(self, caller: str) -> Credentials | None:
        """Return the credentials kept for *caller*, or ``None``."""
        return self._items.get(caller)

    async def set(self, caller: str, credentials: Credentials) -> None:
        """Keep *credentials* for *caller*, replacing any."""
        self._items[caller] = credentials

    async def delete(self, caller: str) -> None:
        """Forget *caller*'s credentials."""
        self._items.pop(caller, None)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"<MemoryCredentialStore callers={len(self._items)}>"


CredentialsProvider = Callable[[Request, Credentials | None], Awaitable[Credentials | None]]
"""``async (request, stored) -> Credentials | None``: the account this request uses.

*stored* is what ``POST /auth`` kept for the caller (or ``None``). Return
``None`` when the caller has no account (503 ``not_configured``); raise
:class:`AccessDenied` to refuse the caller.
"""

CallerIdentity = Callable[[Request], Awaitable[str]]
"""``async (request) -> str``: the key under which the caller's credentials are stored."""

Authorizer = Callable[[Request], Awaitable[None]]
"""``async (request) -> None``: raise :class:`Unauthenticated` or :class:`Forbidden` to refuse."""


def environment_credentials(environ: dict[str, str] | None = None) -> Credentials | None:
    """Return the credentials in ``$FRESHDESK_API_KEY``/``$FRESHDESK_DOMAIN``, or ``None``.

    Raises:
        NotConfigured: the variables are set but the domain is not a Freshdesk one.
    """
    env = os.environ if environ is None else environ
    key = env.get(C.API_KEY_ENV, "").strip()
    domain = env.get(C.DOMAIN_ENV, "").strip()
    if not key or not domain:
        return None
    try:
        return Credentials.for_domain(key, domain)
    except ValueError as exc:
        raise NotConfigured(f"${C.DOMAIN_ENV} is not usable: {exc}") from None


async def stored_or_environment(request: Request, stored: Credentials | None) -> Credentials | None:
    """The default provider: what ``POST /auth`` stored for the caller, else the environment."""
    return stored if stored is not None else environment_credentials()


async def single_caller(request: Request) -> str:
    """The default caller identity: one slot for the whole process."""
    return "default"


def resolve_auth_target(domain: str, allowed_base_urls: Iterable[str]) -> str:
    """Return the API base URL ``POST /auth`` may use for *domain*.

    *domain* is a Freshdesk account (``acme``, ``acme.freshdesk.com``,
    ``https://acme.freshdesk.com``), or exactly one of *allowed_base_urls*
    (the host's proxy or the fake, compared after normalising). Nothing else:
    no other host, no IP address, no path, port or credentials.

    Raises:
        ValueError: naming the rule broken.
    """
    text = domain.strip() if isinstance(domain, str) else domain
    for allowed in allowed_base_urls:
        if isinstance(text, str) and "://" in text:
            try:
                if str(normalize_base_url(text)) == str(normalize_base_url(allowed)):
                    return str(normalize_base_url(allowed))
            except ValueError:
                break
    return normalize_domain(domain)
