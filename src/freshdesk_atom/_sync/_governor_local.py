# Generated from src/freshdesk_atom/_async/_governor_local.py by scripts/unasync.py; do not edit.
"""The rate governor's stores, as the shell (``_governor.py``) sees them; the in-process one.

A store makes the pacing decisions of one client: when a request may go,
and what its answer teaches. The shell only waits and sends. The in-process
store keeps them in this process (``_core/governor_local.py``); the Redis store
(``_governor_redis.py``) shares them with every process on the account.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Mapping
from typing import Protocol

import attrs

from .. import _synchronization
from .._core.governor import RateGovernorConfig, RateGovernorStats
from .._core.governor_local import GovernorTicket, LocalPacer
from .._core.governor_store import RedisStore, ResolvedStore, resolve_store

__all__ = ["GovernorStore", "LocalStore", "open_store", "resolve_governor_store"]

Clock = Callable[[], float]


class GovernorStore(Protocol):
    """What a live store does for the shell. Times are the caller's monotonic clock."""

    def reserve(self, cost: int, limit: str | None, now: float) -> GovernorTicket:
        """Charge a request of *cost* credits (and to the sub-limit *limit*); return its ticket."""
        ...

    def wait(self, ticket: GovernorTicket, clock: Clock) -> float:
        """Return the seconds *ticket* must still wait; ``0.0``: send now (it is then sent)."""
        ...

    def observe(
        self,
        ticket: GovernorTicket | None,
        now: float,
        *,
        total: int | None,
        remaining: int | None,
        used: int | None,
        cost: int,
        sent_at: float,
    ) -> None:
        """Learn from a non-429 answer and its ``X-RateLimit-*`` headers."""
        ...

    def reject(self, ticket: GovernorTicket | None, now: float, retry_after: float | None) -> None:
        """Learn from a 429: block for ``Retry-After``."""
        ...

    def cancel(self, ticket: GovernorTicket, now: float) -> None:
        """Give back *ticket*'s slot (never sent, or no answer); never waits."""
        ...

    def stats(self) -> RateGovernorStats:
        """What the store knows and has done."""
        ...

    def describe(self) -> str:
        """The store for a repr: ``in-process``, or ``redis <url without password>``."""
        ...

    def close(self) -> None:
        """Give back the slots still queued for Redis, then release the store's connections."""
        ...


class LocalStore:
    """The in-process store: the pure governor and the endpoints' schedules, under one lock.

    The critical sections are short and never suspend, so one thread lock
    serves tasks and threads alike. The Redis store falls back on one of these.
    """

    def __init__(self, config: RateGovernorConfig, sub_limits: Mapping[str, int]) -> None:
        self.pacer = LocalPacer(config, sub_limits)
        self._lock = _synchronization.Lock()

    def reserve(self, cost: int, limit: str | None, now: float) -> GovernorTicket:
        with self._lock:
            return self.pacer.reserve(cost, limit, now)

    def adopt(self, ticket: GovernorTicket, now: float) -> None:
        """Plan *ticket* here: a Redis store's request that Redis could not decide."""
        with self._lock:
            self.pacer.adopt(ticket, ticket.limit, now)

    def set_share(self, target_share: float) -> None:
        """Pace at *target_share* of the budget from now on (a fallback's share)."""
        with self._lock:
            self.pacer.set_share(target_share)

    def wait(self, ticket: GovernorTicket, clock: Clock) -> float:
        with self._lock:
            return self.pacer.wait(ticket, clock())

    def observe(
        self,
        ticket: GovernorTicket | None,
        now: float,
        *,
        total: int | None,
        remaining: int | None,
        used: int | None,
        cost: int,
        sent_at: float,
    ) -> None:
        with self._lock:
            self.pacer.observe(
                ticket,
                now,
                total=total,
                remaining=remaining,
                used=used,
                cost=cost,
                sent_at=sent_at,
            )

    def reject(self, ticket: GovernorTicket | None, now: float, retry_after: float | None) -> None:
        with self._lock:
            self.pacer.reject(ticket, now, retry_after)

    def cancel(self, ticket: GovernorTicket, now: float) -> None:
        with self._lock:
            self.pacer.cancel(ticket, now)

    def stats(self) -> RateGovernorStats:
        with self._lock:
            return attrs.evolve(self.pacer.stats(), store="in-process", falling_back=False)

    def describe(self) -> str:
        return "in-process"

    def close(self) -> None:
        return None


def open_store(
    config: RateGovernorConfig,
    *,
    enabled: bool,
    account: str,
    environ: Mapping[str, str] | None = None,
) -> GovernorStore:
    """Return the live store *config* asks for, reading the environment where it leaves the choice.

    A disabled governor only learns from answers: it never reaches Redis.

    Raises:
        ValueError: an environment variable is unusable (it is named).
        ImportError: a Redis store without the ``redis`` package.
    """
    if not enabled:
        return LocalStore(config, {})
    resolved = resolve_governor_store(config, environ)
    if isinstance(resolved.store, RedisStore):
        from ._governor_redis import SharedStore

        return SharedStore(config, resolved.store, account=account, sub_limits=resolved.sub_limits)
    return LocalStore(config, resolved.sub_limits)


def resolve_governor_store(
    config: RateGovernorConfig, environ: Mapping[str, str] | None = None
) -> ResolvedStore:
    """Return the store and sub-limits a paced client of *config* uses, as :func:`open_store` does.

    It reads the environment where *config* leaves the choice to it, and for a
    Redis store imports the ``redis`` package: so an app can check the
    configuration when it starts, before any client is built.

    Raises:
        ValueError: an environment variable is unusable (it is named).
        ImportError: a Redis store without the ``redis`` package.
    """
    resolved = resolve_store(
        config.store, config.sub_limits, os.environ if environ is None else environ
    )
    if isinstance(resolved.store, RedisStore):
        try:
            importlib.import_module("._governor_redis", __package__)
        except ImportError as exc:
            raise ImportError(
                f"the rate governor's Redis store ({resolved.source}) needs the redis package: "
                "pip install 'freshdesk-atom[redis]'"
            ) from exc
    return resolved
