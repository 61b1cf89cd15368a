"""Freshdesk's credit-based rate limit (docs/freshdesk-api-notes.md#rate-limits)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal

import attrs

from ._clock import FakeClock

__all__ = ["SUB_LIMITS", "PlanName", "RateLimitConfig", "RateLimiter"]

SUB_LIMITS: Final = ("tickets_list", "contacts_list", "ticket_create", "ticket_update")
"""The per-endpoint buckets of docs/freshdesk-api-notes.md#rate-limits: ``GET /tickets``, ``GET /contacts``,
``POST /tickets`` and ``PUT /tickets/{id}``."""

PlanName = Literal["trial", "growth", "pro", "enterprise"]

# docs/freshdesk-api-notes.md#rate-limits's table: total per minute, then ticket create, ticket update, tickets list, contacts list.
_PLANS: Final[Mapping[str, tuple[int, Mapping[str, int]]]] = {
    "trial": (50, {}),
    "growth": (
        200,
        {"ticket_create": 80, "ticket_update": 80, "tickets_list": 20, "contacts_list": 20},
    ),
    "pro": (
        400,
        {"ticket_create": 160, "ticket_update": 160, "tickets_list": 100, "contacts_list": 100},
    ),
    "enterprise": (
        700,
        {"ticket_create": 280, "ticket_update": 280, "tickets_list": 200, "contacts_list": 200},
    ),
}
_SPEC_RE: Final = re.compile(r"\s*([0-9]+)\s*/\s*([0-9]*\.?[0-9]*)\s*(s|sec|m|min|h)?\s*\Z")


def _frozen_map(value: Mapping[str, int]) -> Mapping[str, int]:
    unknown = set(value) - set(SUB_LIMITS)
    if unknown:
        raise ValueError(f"unknown sub-limit(s) {sorted(unknown)}; use {SUB_LIMITS}")
    return MappingProxyType(dict(value))


UNLIMITED_CREDITS: Final = 1_000_000_000


@attrs.frozen
class RateLimitConfig:
    """The account's API budget.

    Attributes:
        total: credits per window (``X-RateLimit-Total``).
        window: window length in fake seconds (Freshdesk: 60). Windows are
            fixed: one opens at the first request after the previous one ended.
        enabled: when false, credits are still counted and reported in the
            headers, but no request is ever refused.
        sub_limits: optional per-endpoint budgets in the same window, keyed by
            :data:`SUB_LIMITS` names.
    """

    total: int = 700
    window: float = 60.0
    enabled: bool = True
    sub_limits: Mapping[str, int] = attrs.field(factory=dict, converter=_frozen_map)

    @classmethod
    def plan(cls, name: PlanName, *, window: float = 60.0) -> RateLimitConfig:
        """Return the budget of a Freshdesk plan from docs/freshdesk-api-notes.md#rate-limits's table, sub-limits included."""
        total, subs = _PLANS[name]
        return cls(total=total, window=window, sub_limits=subs)

    @classmethod
    def off(cls) -> RateLimitConfig:
        """Return a budget that never refuses (headers still report a 700/min account).

        A client that paces itself by the headers (the SDK's rate governor,
        on by default) still slows to 700 credits a minute:
        use :meth:`unlimited` for tests that should not wait.
        """
        return cls(enabled=False)

    @classmethod
    def unlimited(cls) -> RateLimitConfig:
        """Return a budget no client ever needs to pace for, and that never refuses.

        The headers report a billion credits a minute, so tests run at full
        speed even under the SDK's rate governor.
        """
        return cls(total=UNLIMITED_CREDITS, enabled=False)

    @classmethod
    def parse(cls, text: str) -> RateLimitConfig:
        """Parse ``"100/2s"``, ``"700/min"``, ``"50/1m"`` or ``"off"`` (the CLI's ``--rate-limit``)."""
        if text.strip().lower() in ("off", "none", "0"):
            return cls.off()
        found = _SPEC_RE.match(text)
        if found is None:
            raise ValueError(f"bad rate limit {text!r}; expected e.g. 100/2s, 700/min or off")
        total, amount, unit = found.groups()
        seconds = float(amount) if amount else 1.0
        seconds *= {"m": 60, "min": 60, "h": 3600}.get(unit or "s", 1)
        if int(total) <= 0 or seconds <= 0:
            raise ValueError(f"bad rate limit {text!r}")
        return cls(total=int(total), window=seconds)


@attrs.define
class _Bucket:
    limit: int
    start: float | None = None
    used: int = 0

    def roll(self, now: float, window: float) -> None:
        if self.start is None or now >= self.start + window:
            self.start, self.used = now, 0

    def seconds_left(self, now: float, window: float) -> float:
        return 0.0 if self.start is None else max(0.0, self.start + window - now)


class RateLimiter:
    """Counts credits per window against a :class:`RateLimitConfig` on a :class:`FakeClock`."""

    def __init__(self, config: RateLimitConfig, clock: FakeClock) -> None:
        """Start with fresh windows."""
        self.config = config
        self._clock = clock
        self._account = _Bucket(config.total)
        self._subs = {name: _Bucket(limit) for name, limit in config.sub_limits.items()}

    def _buckets(self, sub: str | None) -> list[_Bucket]:
        found = [self._account]
        if sub is not None and sub in self._subs:
            found.append(self._subs[sub])
        return found

    def retry_after(self, sub: str | None) -> int | None:
        """Return ``Retry-After`` seconds if the account or *sub* bucket is spent, else ``None``.

        docs/freshdesk-api-notes.md#rate-limits: an integer number of seconds, here until the spent
        window resets (at least 1), converted to real seconds on a sped-up clock.
        """
        now, window = self._clock.timestamp(), self.config.window
        wait: float | None = None
        for bucket in self._buckets(sub):
            bucket.roll(now, window)
            if bucket.used >= bucket.limit:
                left = bucket.seconds_left(now, window)
                wait = left if wait is None else max(wait, left)
        if wait is None or not self.config.enabled:
            return None
        return max(1, math.ceil(self._clock.to_real_seconds(wait)))

    def charge(self, credits: int, sub: str | None) -> None:
        """Spend *credits* from the account bucket and the *sub* bucket."""
        now, window = self._clock.timestamp(), self.config.window
        for bucket in self._buckets(sub):
            bucket.roll(now, window)
            bucket.used += credits

    def headers(self, credits: int) -> dict[str, str]:
        """Return the three ``X-RateLimit-*`` headers of a non-429 response (docs/freshdesk-api-notes.md#rate-limits)."""
        remaining = max(0, self.config.total - self._account.used)  # "never below 0"
        return {
            "X-RateLimit-Total": str(self.config.total),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Used-CurrentRequest": str(credits),
        }
