"""The Redis store: one schedule per Freshdesk account for every process, decided on the server.

Each reservation is one Lua script (``_core/governor_lua.py``) that takes the
account's next slot (and the sub-limited endpoint's) atomically, on Redis's
clock. Answers are recorded by other scripts: the budget, the remaining
credits, a 429's ``Retry-After``. A slot given back (a request not sent, or
that got no answer) is returned with the next call to Redis.

When Redis cannot be reached in time (every call is bounded by the store's
``timeout``), the store paces this process alone on an in-process governor at
the fallback share, logs one warning, and tries Redis again with the first
request after ``retry_interval``; an info line tells when it is back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Final

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.commands.core import AsyncScript

from .. import _synchronization
from .._constants import LOGGER_NAME
from .._core import governor_lua as lua
from .._core.governor import RateGovernorConfig, RateGovernorStats
from .._core.governor_local import GovernorTicket, LocalPacer
from .._core.governor_store import RedisStore
from ..governor._bounded import async_bounded

__all__ = ["AsyncSharedStore"]

logger = logging.getLogger(LOGGER_NAME)

Clock = Callable[[], float]

_EPSILON: Final = 1e-4
_SCRIPTS: Final = {
    "reserve": lua.RESERVE,
    "observe": lua.OBSERVE,
    "reject": lua.REJECT,
    "check": lua.CHECK,
    "refund": lua.REFUND,
}
# Slots given back while Redis is reachable, waiting for the next call; more are dropped.
_MAX_REFUNDS: Final = 1_000


class AsyncSharedStore:
    """Pace through Redis, shared with every process on the account; fall back to this process alone."""

    def __init__(
        self,
        config: RateGovernorConfig,
        store: RedisStore,
        *,
        account: str,
        sub_limits: Mapping[str, int],
    ) -> None:
        self._config = config
        self._spec = store
        self._sub_limits = dict(sub_limits)
        self._account_key = lua.account_redis_key(store.prefix, account)
        self._endpoint_keys = {
            name: lua.endpoint_redis_key(store.prefix, account, name) for name in sub_limits
        }
        self.fallback_share = store.fallback_for(config.target_share)
        self._fallback = LocalPacer(
            RateGovernorConfig(target_share=self.fallback_share, window=config.window),
            sub_limits,
        )
        self._lock = _synchronization.Lock()
        self._redis: Redis | None = None
        self._scripts: dict[str, AsyncScript] = {}
        self._down = False
        self._down_since = 0.0
        self._retry_at = 0.0
        self._refunds: list[GovernorTicket] = []
        self._total: int | None = None
        self._remaining: float | None = None
        self._requests = 0
        self._credits = 0
        self._waits = 0
        self._waited = 0.0
        self._rate_limited = 0

    # ------------------------------------------------------------------ the store

    def reserve(self, cost: int, limit: str | None, now: float) -> GovernorTicket:
        if not isinstance(cost, int) or isinstance(cost, bool) or cost < 1:
            raise ValueError(f"cost must be a positive int, not {cost!r}")
        return GovernorTicket(
            cost=cost, limit=limit if limit in self._sub_limits else None, remote=True
        )

    async def wait(self, ticket: GovernorTicket, clock: Clock) -> float:
        if not ticket.remote:
            with self._lock:
                delay = self._fallback.wait(ticket, clock())
            return self._count(ticket, delay)
        now = clock()
        if ticket.at > now + _EPSILON:
            return self._count(ticket, ticket.at - now)
        if ticket.granted:
            return await self._recheck(ticket, clock)
        if not self._may_try():
            return self._to_fallback(ticket, clock)
        started = time.monotonic()
        try:
            async with async_bounded(self._spec.timeout):
                await self._flush_refunds()
                raw = await self._run(
                    "reserve",
                    self._keys(ticket),
                    [
                        ticket.cost,
                        self._config.target_share,
                        self._config.window,
                        self._config.burst_share,
                        self._sub(ticket),
                        lua.probe_poll(self._config.window),
                        lua.probe_seconds(self._config.window),
                        int(ticket.taken),
                    ],
                )
            reply = lua.parse_reserve(raw)
        except Exception as exc:  # a request never fails because of Redis
            self._failed(exc)
            return self._to_fallback(ticket, clock)
        self._succeeded(started)
        ticket.taken = reply.taken
        with self._lock:
            if reply.total is not None:
                self._total = reply.total
            if reply.estimate is not None:
                self._remaining = reply.estimate
        if reply.granted:
            ticket.granted, ticket.mark, ticket.probe = True, reply.mark, reply.probe
            if reply.delay <= _EPSILON:
                return self._count(ticket, 0.0)
            ticket.check = True
        ticket.at = clock() + reply.delay
        return self._count(ticket, reply.delay)

    async def observe(
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
            # The fallback learns from every answer, so it knows the account if it takes over.
            self._fallback.observe(
                ticket if ticket is not None and not ticket.remote else None,
                now,
                total=total,
                remaining=remaining,
                used=used,
                cost=ticket.cost if ticket is not None else cost,
                sent_at=sent_at,
            )
            if total is not None and total > 0:
                self._total = total
            if remaining is not None:
                self._remaining = float(remaining)
            if ticket is not None:
                ticket.done = True
                if ticket.sent and used is not None and used > 0:
                    self._credits += used - ticket.cost
        if ticket is None or not self._may_try():
            return
        mark = ticket.mark if ticket.remote and ticket.granted else 0
        await self._call(
            "observe",
            self._keys(ticket),
            [
                total if total is not None and total > 0 else 0,
                remaining if remaining is not None else -1,
                used if used is not None and used > 0 else 0,
                ticket.cost,
                mark,
                self._config.target_share,
                self._config.window,
                self._sub(ticket),
            ],
        )

    async def reject(
        self, ticket: GovernorTicket | None, now: float, retry_after: float | None
    ) -> None:
        with self._lock:
            self._rate_limited += 1
            local = ticket if ticket is not None and not ticket.remote else None
            self._fallback.reject(local, now, retry_after)
            if ticket is not None:
                ticket.done = True
                if ticket.sent:
                    self._credits -= ticket.cost  # refused: nothing was spent
        if not self._may_try():
            return
        await self._call(
            "reject",
            [self._account_key],
            [
                retry_after if retry_after is not None and retry_after >= 0 else -1,
                self._config.window,
                self._config.target_share,
                self._config.burst_share,
            ],
        )

    def cancel(self, ticket: GovernorTicket, now: float) -> None:
        if ticket.done:
            return
        with self._lock:
            if not ticket.remote:
                self._fallback.cancel(ticket, now)
            elif (
                (ticket.granted or ticket.taken)
                and not self._down
                and len(self._refunds) < _MAX_REFUNDS
            ):
                self._refunds.append(ticket)  # given back with the next call to Redis
            ticket.done = True
            if ticket.sent:
                self._credits -= ticket.cost

    def stats(self) -> RateGovernorStats:
        with self._lock:
            down = self._down
            share = self.fallback_share if down else self._config.target_share
            total = self._total
            remaining = self._fallback.stats().remaining if down else self._remaining
            return RateGovernorStats(
                total=total,
                remaining=remaining,
                window=self._config.window,
                pace=None if total is None else share * total / self._config.window,
                target_share=self._config.target_share,
                requests=self._requests,
                credits=self._credits,
                waits=self._waits,
                waited=self._waited,
                rate_limited=self._rate_limited,
                store="redis",
                falling_back=down,
            )

    def describe(self) -> str:
        return f"redis {self._spec.redacted_url}"

    async def aclose(self) -> None:
        with self._lock:
            client, self._redis, self._scripts = self._redis, None, {}
        if client is not None:
            try:
                await client.aclose()
            except Exception as exc:  # closing the client never fails because of Redis
                logger.debug(
                    "Rate governor: closing the Redis client failed (%s)",
                    self._spec.scrub(f"{type(exc).__name__}: {exc}"),
                )

    # ------------------------------------------------------------------ internals

    def _count(self, ticket: GovernorTicket, delay: float) -> float:
        """Count a wait, or a request let through (``delay`` <= 0, returned as ``0.0``)."""
        with self._lock:
            if delay <= 0:
                ticket.sent = True
                self._requests += 1
                self._credits += ticket.cost
                return 0.0
            self._waits += 1
            self._waited += delay
            return delay

    async def _recheck(self, ticket: GovernorTicket, clock: Clock) -> float:
        """A granted slot has come: send, unless a 429 has blocked the account meanwhile."""
        if ticket.check and self._may_try():
            ticket.check = False
            started = time.monotonic()
            try:
                async with async_bounded(self._spec.timeout):
                    reply = await self._run("check", [self._account_key], [])
                left = lua.parse_seconds(reply)
            except Exception as exc:
                self._failed(exc)
            else:
                self._succeeded(started)
                if left > _EPSILON:
                    ticket.at = clock() + left
                    return self._count(ticket, left)
        return self._count(ticket, 0.0)

    def _to_fallback(self, ticket: GovernorTicket, clock: Clock) -> float:
        """Decide *ticket* in this process alone (Redis is unreachable)."""
        with self._lock:
            now = clock()
            self._fallback.adopt(ticket, ticket.limit, now)
            delay = self._fallback.wait(ticket, now)
        return self._count(ticket, delay)

    def _keys(self, ticket: GovernorTicket) -> list[str]:
        if ticket.limit is None:
            return [self._account_key]
        return [self._account_key, self._endpoint_keys[ticket.limit]]

    def _sub(self, ticket: GovernorTicket) -> int:
        return 0 if ticket.limit is None else self._sub_limits[ticket.limit]

    def _client(self) -> dict[str, AsyncScript]:
        """The scripts, on a client made at first use (its connections belong to the running loop)."""
        with self._lock:
            if self._redis is None:
                timeout = self._spec.timeout
                self._redis = Redis.from_url(
                    self._spec.url,
                    socket_timeout=timeout,
                    socket_connect_timeout=timeout,
                    retry=Retry(NoBackoff(), 0),
                    health_check_interval=0,
                )
                self._scripts = {
                    name: self._redis.register_script(text) for name, text in _SCRIPTS.items()
                }
            return self._scripts

    async def _run(self, name: str, keys: list[str], args: list[int | float]) -> object:
        """Run one script (EVALSHA, loading it on NOSCRIPT); each round trip is bounded by the timeout."""
        scripts = self._client()
        result: object = await scripts[name](keys=keys, args=args)
        return result

    async def _call(self, name: str, keys: list[str], args: list[int | float]) -> None:
        """Run a script whose answer is not needed; a failure only switches to the fallback."""
        started = time.monotonic()
        try:
            async with async_bounded(self._spec.timeout):
                await self._flush_refunds()
                await self._run(name, keys, args)
        except Exception as exc:
            self._failed(exc)
        else:
            self._succeeded(started)

    async def _flush_refunds(self) -> None:
        with self._lock:
            pending, self._refunds = self._refunds, []
        for ticket in pending:
            await self._run(
                "refund",
                self._keys(ticket),
                [
                    ticket.cost,
                    self._config.target_share,
                    self._config.window,
                    self._sub(ticket),
                    int(ticket.probe),
                    int(ticket.granted),
                ],
            )

    def _may_try(self) -> bool:
        """Whether to call Redis now: it is up, or the time has come to try it again (once)."""
        with self._lock:
            if not self._down:
                return True
            now = time.monotonic()
            if now < self._retry_at:
                return False
            self._retry_at = now + self._spec.retry_interval
            return True

    def _failed(self, exc: Exception) -> None:
        with self._lock:
            now = time.monotonic()
            self._retry_at = now + self._spec.retry_interval
            first = not self._down
            if first:
                self._down, self._down_since = True, now
                self._refunds.clear()
        reason = self._spec.scrub(f"{type(exc).__name__}: {exc}")
        url = self._spec.redacted_url
        if first:
            logger.warning(
                "Rate governor: Redis at %s is unreachable (%s); pacing this process alone at "
                "a fallback share of %.3g of the budget (%.1f%%), trying Redis again every %gs",
                url,
                reason,
                self.fallback_share,
                self.fallback_share * 100,
                self._spec.retry_interval,
            )
        else:
            logger.debug("Rate governor: Redis at %s is still unreachable (%s)", url, reason)

    def _succeeded(self, started: float) -> None:
        """A call begun at *started* worked: Redis is back if it began after the outage did."""
        with self._lock:
            recovered = self._down and started > self._down_since
            if recovered:
                self._down = False
        if recovered:
            logger.info(
                "Rate governor: Redis at %s is reachable again; pacing through it at a share of "
                "%.3g of the budget",
                self._spec.redacted_url,
                self._config.target_share,
            )
