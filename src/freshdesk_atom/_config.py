"""Client configuration: the masked API key, the base URL, timeouts and retries."""

from __future__ import annotations

import os
from collections.abc import Mapping

import attrs
import httpx

from . import _constants as C
from ._core.urls import normalize_base_url
from ._types import TimeoutTypes

__all__ = ["ClientConfig", "config_from_env", "merge_headers"]


def merge_headers(
    base: Mapping[str, str] | tuple[tuple[str, str], ...], extra: Mapping[str, str]
) -> tuple[tuple[str, str], ...]:
    """Return *base* updated with *extra*, names compared case-insensitively.

    A caller's ``user-agent`` replaces ours instead of going out beside it, and
    an ``Authorization`` header is dropped: the transport alone sets auth.
    """
    merged = httpx.Headers(base)
    merged.update(extra)
    merged.pop("authorization", None)
    return tuple(merged.items())


def _check_api_key(api_key: str) -> str:
    if not isinstance(api_key, str):
        raise TypeError(f"api_key must be a str, not {type(api_key).__name__}")
    key = api_key.strip()
    if not key:
        raise ValueError("api_key must not be empty")
    if any(ch.isspace() for ch in key) or ":" in key:
        raise ValueError("api_key must not contain spaces or ':'")
    if "@" in key:
        # Freshdesk treats a Basic username containing '@' as an email login (docs/freshdesk-api-notes.md#authentication-and-the-api-host).
        raise ValueError("api_key must be an API key, not an email address")
    return key


def _check_timeout(timeout: TimeoutTypes) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0
    ):
        raise ValueError("timeout must be a positive number of seconds, an httpx.Timeout or None")
    return httpx.Timeout(timeout)


@attrs.frozen(kw_only=True)
class ClientConfig:
    """The immutable settings of one client; copied, never changed, by ``with_options``.

    The API key is kept out of ``repr`` and comparisons so that it cannot leak
    through logs, tracebacks or test snapshots.
    """

    api_key: str = attrs.field(repr=False, eq=False, converter=_check_api_key)
    base_url: httpx.URL = attrs.field(converter=normalize_base_url)
    timeout: httpx.Timeout = attrs.field(default=C.DEFAULT_TIMEOUT, converter=_check_timeout)
    max_retries: int = attrs.field(default=C.DEFAULT_MAX_RETRIES)
    retry_after_cap: float = attrs.field(default=C.RETRY_AFTER_CAP)
    deadline: float | None = attrs.field(default=None)
    pages_in_flight: int = attrs.field(default=C.DEFAULT_PAGES_IN_FLIGHT)
    backoff_initial: float = attrs.field(default=C.INITIAL_BACKOFF)
    backoff_max: float = attrs.field(default=C.MAX_BACKOFF)
    default_headers: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    # Derived once per config, not per request: the URL prefix every path is
    # appended to, and the headers every request starts from.
    url_prefix: str = attrs.field(init=False, repr=False, eq=False)
    request_headers: tuple[tuple[str, str], ...] = attrs.field(init=False, repr=False, eq=False)

    @url_prefix.default
    def _url_prefix(self) -> str:
        return str(self.base_url)

    @request_headers.default
    def _request_headers(self) -> tuple[tuple[str, str], ...]:
        return merge_headers(
            {"User-Agent": C.USER_AGENT, "Accept": "application/json"}, self.default_headers
        )

    @max_retries.validator
    def _check_max_retries(self, _: object, value: int) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError("max_retries must be an int >= 0")

    @retry_after_cap.validator
    def _check_cap(self, _: object, value: float) -> None:
        if value < 0:
            raise ValueError("retry_after_cap must be >= 0 seconds")

    @pages_in_flight.validator
    def _check_pages_in_flight(self, _: object, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 32:
            raise ValueError("pages_in_flight must be an int from 1 to 32")

    @deadline.validator
    def _check_deadline(self, _: object, value: float | None) -> None:
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or value <= 0
        ):
            raise ValueError("deadline must be a positive number of seconds or None")

    @property
    def masked_key(self) -> str:
        """Return the key as ``'****'`` plus its last 4 characters (for display only)."""
        return "****" + self.api_key[-4:] if len(self.api_key) > 8 else "****"


def config_from_env(environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Return ``(api_key, domain)`` from ``FRESHDESK_API_KEY`` and ``FRESHDESK_DOMAIN``.

    Raises:
        ValueError: naming the variable that is missing or empty.
    """
    env = os.environ if environ is None else environ
    missing = [name for name in (C.API_KEY_ENV, C.DOMAIN_ENV) if not env.get(name, "").strip()]
    if missing:
        raise ValueError(f"environment variable {' and '.join(missing)} must be set")
    return env[C.API_KEY_ENV], env[C.DOMAIN_ENV]
