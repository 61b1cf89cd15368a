"""The Redis store: one schedule per Freshdesk account for every process, decided on the server.

Each reservation is one Lua script (``_core/governor_lua.py``) that takes the
account's next slot (and the sub-limited endpoint's) atomically, on Redis's
clock. Answers are recorded by other scripts: the budget, the remaining
credits, a 429's ``Retry-After``. Slots given back (a request not sent, or
that got no answer) wait in a queue, and go back all in one script call that
rides in the same round trip as the store's next operation.

Each operation (a reservation, a check, an answer, a 429) has one deadline,
the store's ``timeout``, for everything it does on Redis: a connection from
the bounded pool (which waits for one rather than fail), connecting if need
be, and its round trip (one pipeline; a second one only when Redis lost its
scripts, to send them with ``EVAL``). Past the deadline, or on any error, the
store paces this process alone on an in-process store at the fallback share,
logs one warning, and tries Redis again with the first request after
``retry_interval``; an info line tells when it is back.

A reservation that Redis ran but whose answer was lost (the deadline passed
after the script ran, or the task was cancelled) stays charged: the schedule
keeps that request's slot (``cost / pace`` seconds of the account's, and of
its endpoint's), and the guard counts its credits as spent until the next
reading of ``X-RateLimit-Remaining``. Each such loss costs one slot, once: it
is not given back, and it is forgotten when the schedule moves past it (at
the latest when the keys expire, three windows after the last slot).
"""

from __future__ import annotations

import functools
import logging
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import NoScriptError

from .. import _synchronization
from .._constants import LOGGER_NAME
from .._core import governor_lua as lua
from .._core.governor import RateGovernorConfig, RateGovernorStats
from .._core.governor_local import GovernorTicket
from .._core.governor_rules import EPSILON, probe_poll, probe_seconds
from .._core.governor_store import RedisStore
from ..governor._bounded import AsyncOperations, NeedsAsyncio, async_bounded
from ._governor_local import AsyncLocalStore

__all__ = ["AsyncSharedStore"]

logger = logging.getLogger(LOGGER_NAME)

Clock = Callable[[], float]
Call = tuple[str, list[str], list[str | int | float]]
"""One script to run: its name, its keys, its arguments."""

CONNECTIONS: Final = 16
"""The connection pool's size (and the sync store's worker threads): an
operation waits for a free connection, within its deadline, rather than fail."""
# Slots given back, waiting for the next operation: at most this many go in one
# call, at most _MAX_REFUNDS wait, and none older than a window.
_REFUND_BATCH: Final = 256
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
        self._clients_key = lua.clients_redis_key(store.prefix, account)
        self._endpoint_keys = {
            name: lua.endpoint_redis_key(store.prefix, account, name) for name in sub_limits
        }
        self._id = uuid.uuid4().hex  # this client, among those Redis sees reserving
        self._clients: int | None = None
        self.fallback_share = store.fallback_for(config.target_share)
        self._fallback = AsyncLocalStore(
            RateGovernorConfig(target_share=self.fallback_share, window=config.window),
            sub_limits,
        )
        self._ops = AsyncOperations(store.timeout, connections=CONNECTIONS)
        self._lock = _synchronization.Lock()
        self._redis: Redis | None = None
        self._owner: object = None
        self._down = False
        self._down_since = 0.0
        self._retry_at = 0.0
        self._refunds: list[tuple[GovernorTicket, float]] = []
        self._total: int | None = None
        self._remaining: float | None = None
        # What Redis decided; the fallback counts what it decided itself.
        self._requests = 0
        self._credits = 0
        self._waits = 0
        self._waited = 0.0

    # ------------------------------------------------------------------ the store

    def reserve(self, cost: int, limit: str | None, now: float) -> GovernorTicket:
        if not isinstance(cost, int) or isinstance(cost, bool) or cost < 1:
            raise ValueError(f"cost must be a positive int, not {cost!r}")
        return GovernorTicket(
            cost=cost, limit=limit if limit in self._sub_limits else None, remote=True
        )

    async def wait(self, ticket: GovernorTicket, clock: Clock) -> float:
        if not ticket.remote:
            return await self._fallback.wait(ticket, clock)
        now = clock()
        if ticket.at > now + EPSILON:
            return self._waiting(ticket.at - now)
        if ticket.granted:
            return await self._recheck(ticket, clock)
        if not self._may_try():
            return await self._to_fallback(ticket, clock)
        started = time.monotonic()
        try:
            reply = await async_bounded(self._ops, lambda: self._reserve(ticket))
        except Exception as exc:  # a request never fails because of Redis
            self._failed(exc)
            return await self._to_fallback(ticket, clock)
        self._succeeded(started)
        ticket.taken, ticket.epoch = reply.taken, reply.epoch
        with self._lock:
            self._clients = reply.clients
            if reply.total is not None:
                self._total = reply.total
            if reply.estimate is not None:
                self._remaining = reply.estimate
        if reply.granted:
            ticket.granted, ticket.mark, ticket.probe = True, reply.mark, reply.probe
            ticket.generation = reply.generation
            if reply.delay <= EPSILON:
                return self._send(ticket)
            ticket.check = True
        ticket.at = clock() + reply.delay
        return self._waiting(reply.delay)

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
        # The fallback learns from every answer, so it knows the account if it takes over.
        await self._fallback.observe(
            ticket if ticket is not None and not ticket.remote else None,
            now,
            total=total,
            remaining=remaining,
            used=used,
            cost=ticket.cost if ticket is not None else cost,
            sent_at=sent_at,
        )
        with self._lock:
            if total is not None and total > 0:
                self._total = total
            if remaining is not None:
                self._remaining = float(remaining)
            if ticket is not None and ticket.remote:
                ticket.done = True
                if ticket.sent and used is not None and used > 0:
                    self._credits += used - ticket.cost
        if ticket is None or not self._may_try():
            return
        granted = ticket.remote and ticket.granted
        await self._call(
            (
                "observe",
                self._keys(ticket),
                [
                    total if total is not None and total > 0 else 0,
                    remaining if remaining is not None else -1,
                    used if used is not None and used > 0 else 0,
                    ticket.cost,
                    ticket.mark if granted else 0,
                    self._config.target_share,
                    self._config.window,
                    self._sub(ticket),
                    ticket.epoch if granted else "",
                    ticket.generation if granted else -1,
                ],
            )
        )

    async def reject(
        self, ticket: GovernorTicket | None, now: float, retry_after: float | None
    ) -> None:
        # The fallback counts every 429, and blocks too: it knows of the block if it takes over.
        await self._fallback.reject(
            ticket if ticket is not None and not ticket.remote else None, now, retry_after
        )
        with self._lock:
            if ticket is not None and ticket.remote:
                ticket.done = True
                if ticket.sent:
                    self._credits -= ticket.cost  # refused: nothing was spent
        if not self._may_try():
            return
        await self._call(
            (
                "reject",
                [self._account_key],
                [
                    retry_after if retry_after is not None and retry_after >= 0 else -1,
                    self._config.window,
                    self._config.target_share,
                    self._config.burst_share,
                ],
            )
        )

    def cancel(self, ticket: GovernorTicket, now: float) -> None:
        if ticket.done:
            return
        if not ticket.remote:
            self._fallback.cancel(ticket, now)
            return
        with self._lock:
            ticket.done = True
            if ticket.sent:
                self._credits -= ticket.cost
            if (ticket.granted or ticket.taken) and len(self._refunds) < _MAX_REFUNDS:
                self._refunds.append((ticket, time.monotonic()))  # with the next operation

    def stats(self) -> RateGovernorStats:
        local = self._fallback.stats()
        with self._lock:
            down = self._down
            share = self.fallback_share if down else self._config.target_share
            total = self._total
            return attrs.evolve(
                local,
                total=total,
                remaining=local.remaining if down else self._remaining,
                window=self._config.window,
                pace=None if total is None else share * total / self._config.window,
                target_share=self._config.target_share,
                requests=local.requests + self._requests,
                credits=local.credits + self._credits,
                waits=local.waits + self._waits,
                waited=local.waited + self._waited,
                store="redis",
                falling_back=down,
            )

    def describe(self) -> str:
        return f"redis {self._spec.redacted_url}"

    async def aclose(self) -> None:
        with self._lock:
            flush = bool(self._refunds) and not self._down
        if flush:
            # The slots still queued go back, within one operation's deadline.
            try:
                await async_bounded(self._ops, lambda: self._execute())
            except Exception as exc:
                self._debug("giving back the queued slots failed", exc)
        with self._lock:
            client, self._redis = self._redis, None
        if client is not None:
            await self._release(client)
        await self._ops.aclose()

    # ------------------------------------------------------------------ decisions

    def _waiting(self, delay: float) -> float:
        """Count a wait that Redis decided."""
        with self._lock:
            self._waits += 1
            self._waited += delay
        return delay

    def _send(self, ticket: GovernorTicket) -> float:
        """Let *ticket* through on Redis's decision: ``0.0``."""
        with self._lock:
            ticket.sent = True
            self._requests += 1
            self._credits += ticket.cost
        return 0.0

    async def _recheck(self, ticket: GovernorTicket, clock: Clock) -> float:
        """A granted slot has come: send, unless a 429 has come meanwhile.

        A 429 voids every slot granted before it (in every process): such a
        request reserves again, after the block, behind one probe.
        """
        if ticket.check and self._may_try():
            ticket.check = False
            started = time.monotonic()
            try:
                reply = await async_bounded(self._ops, lambda: self._check(ticket))
            except Exception as exc:
                self._failed(exc)  # a slot granted by Redis still goes
            else:
                self._succeeded(started)
                if reply.stale:
                    ticket.granted = ticket.probe = False
                    ticket.mark = 0
                    ticket.at = clock() + reply.left
                    if reply.left <= EPSILON:
                        return await self.wait(ticket, clock)
                if reply.left > EPSILON:
                    ticket.at = clock() + reply.left
                    return self._waiting(reply.left)
        return self._send(ticket)

    async def _to_fallback(self, ticket: GovernorTicket, clock: Clock) -> float:
        """Decide *ticket* in this process alone (Redis is unreachable)."""
        self._fallback.adopt(ticket, clock())
        return await self._fallback.wait(ticket, clock)

    def _keys(self, ticket: GovernorTicket, *, clients: bool = False) -> list[str]:
        keys = [self._account_key, self._clients_key] if clients else [self._account_key]
        if ticket.limit is not None:
            keys.append(self._endpoint_keys[ticket.limit])
        return keys

    def _sub(self, ticket: GovernorTicket) -> int:
        return 0 if ticket.limit is None else self._sub_limits[ticket.limit]

    # ------------------------------------------------------------------ operations

    async def _reserve(self, ticket: GovernorTicket) -> lua.ReserveReply:
        window = self._config.window
        (reply,) = await self._execute(
            (
                "reserve",
                self._keys(ticket, clients=True),
                [
                    ticket.cost,
                    self._config.target_share,
                    window,
                    self._config.burst_share,
                    self._sub(ticket),
                    probe_poll(window),
                    probe_seconds(window),
                    int(ticket.taken),
                    self._id,
                ],
            )
        )
        return lua.parse_reserve(reply)

    async def _check(self, ticket: GovernorTicket) -> lua.CheckReply:
        (reply,) = await self._execute(
            ("check", [self._account_key], [ticket.epoch, ticket.generation])
        )
        return lua.parse_check(reply)

    async def _call(self, call: Call) -> None:
        """Run a script whose answer is not needed; a failure only switches to the fallback."""
        started = time.monotonic()
        try:
            await async_bounded(self._ops, lambda: self._execute(call))
        except Exception as exc:
            self._failed(exc)
        else:
            self._succeeded(started)

    async def _execute(self, *calls: Call) -> list[object]:
        """Run *calls* after the queued give-backs, in one round trip; return the calls' answers.

        The give-backs taken are queued again if the operation fails or is
        cancelled (whether Redis ran them is then unknown: a slot may be given
        back twice, never before now).
        """
        refunds = self._take_refunds()
        batch = [self._refund_call(refunds), *calls] if refunds else list(calls)
        if not batch:
            return []
        try:
            results = await self._pipeline(batch)
        except BaseException:
            self._put_back(refunds)
            raise
        return results[len(batch) - len(calls) :]

    async def _pipeline(self, calls: list[Call]) -> list[object]:
        """Run *calls* in one pipeline (``EVALSHA``); those whose script Redis lost go again with ``EVAL``."""
        client = await self._client()
        results = await self._send_scripts(client, calls, by_sha=True)
        lost = [n for n, result in enumerate(results) if isinstance(result, NoScriptError)]
        if lost:
            # Redis lost the scripts since this connection loaded them (SCRIPT FLUSH): all of
            # them, so the calls go again in their order. EVAL sends them, and caches them.
            again = await self._send_scripts(client, [calls[n] for n in lost], by_sha=False)
            for n, result in zip(lost, again, strict=True):
                results[n] = result
        for result in results:
            if isinstance(result, Exception):
                raise result
        return results

    async def _send_scripts(
        self, client: Redis, calls: list[Call], *, by_sha: bool
    ) -> list[object]:
        async with client.pipeline(transaction=False) as pipe:
            for name, keys, args in calls:
                if by_sha:
                    pipe.evalsha(lua.SHAS[name], len(keys), *keys, *args)
                else:
                    pipe.eval(lua.SCRIPTS[name], len(keys), *keys, *args)
            results: list[object] = await pipe.execute(raise_on_error=False)
        return results

    def _take_refunds(self) -> list[GovernorTicket]:
        oldest = time.monotonic() - self._config.window
        with self._lock:
            fresh = [(ticket, at) for ticket, at in self._refunds if at >= oldest]
            taken, self._refunds = fresh[:_REFUND_BATCH], fresh[_REFUND_BATCH:]
        return [ticket for ticket, _ in taken]

    def _put_back(self, refunds: list[GovernorTicket]) -> None:
        if not refunds:
            return
        now = time.monotonic()
        with self._lock:
            self._refunds = [*((ticket, now) for ticket in refunds), *self._refunds]
            del self._refunds[_MAX_REFUNDS:]

    def _refund_call(self, refunds: list[GovernorTicket]) -> Call:
        keys = [self._account_key]
        args: list[str | int | float] = [self._config.target_share, self._config.window]
        for ticket in refunds:
            index = 0
            if ticket.limit is not None:
                key = self._endpoint_keys[ticket.limit]
                if key not in keys:
                    keys.append(key)
                index = keys.index(key) + 1  # Lua counts from 1
            args += [
                ticket.epoch,
                ticket.generation,
                index,
                ticket.cost,
                self._sub(ticket),
                int(ticket.probe),
                int(ticket.granted),
            ]
        return ("refund", keys, args)

    # ------------------------------------------------------------------ the connection

    async def _client(self) -> Redis:
        """The client of the running asyncio loop, or of this process for threads."""
        owner = self._ops.owner()
        with self._lock:
            client = self._redis
            if client is not None and self._owner == owner:
                return client
            timeout = self._spec.timeout
            pool = BlockingConnectionPool.from_url(
                self._spec.url,
                max_connections=CONNECTIONS,
                timeout=timeout,
                socket_timeout=timeout,
                socket_connect_timeout=timeout,
                retry=Retry(NoBackoff(), 0),
                health_check_interval=0,
                redis_connect_func=self._on_connect,
            )
            client = self._redis = Redis(connection_pool=pool)
            self._owner = owner
        await self._ops.close_with_loop(functools.partial(self._release, client))
        return client

    async def _on_connect(self, connection: object) -> None:
        """Set up a new connection as redis-py does (AUTH, SELECT), then load every script, once.

        All the scripts are loaded together, in one round trip, so a pipeline's
        ``EVALSHA`` finds them all, or (after a ``SCRIPT FLUSH``) none.
        """
        wire: Any = connection  # the sync redis-py connection's methods are untyped
        await wire.on_connect()
        await wire.send_packed_command(
            wire.pack_commands([("SCRIPT", "LOAD", text) for text in lua.SCRIPTS.values()])
        )
        for _ in lua.SCRIPTS:
            await wire.read_response()

    async def _release(self, client: Redis) -> None:
        """Close *client* and its pool (the store makes a new one if it is used again)."""
        with self._lock:
            if self._redis is client:
                self._redis = None
        try:
            await client.aclose()
            await client.connection_pool.disconnect()
        except Exception as exc:  # closing the client never fails because of Redis
            self._debug("closing the Redis client failed", exc)

    # ------------------------------------------------------------------ reachability

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
                self.fallback_share = self._spec.fallback_for(
                    self._config.target_share, self._clients
                )
        if not first:
            self._debug("Redis is still out of reach", exc)
            return
        self._fallback.set_share(self.fallback_share)
        share = f"{self.fallback_share:.3g} of the budget ({self.fallback_share * 100:.1f}%)"
        if self._spec.fallback_share is None and self._clients:
            share += f": the target share over the {self._clients} client(s) Redis saw"
        if isinstance(exc, NeedsAsyncio):
            logger.warning(
                "Rate governor: the Redis store (%s) needs asyncio, and this task runs on another "
                "event loop; pacing this process alone at a fallback share of %s",
                self._spec.redacted_url,
                share,
            )
            return
        logger.warning(
            "Rate governor: Redis at %s is unreachable (%s); pacing this process alone at "
            "a fallback share of %s, trying Redis again every %gs",
            self._spec.redacted_url,
            self._spec.scrub(f"{type(exc).__name__}: {exc}"),
            share,
            self._spec.retry_interval,
        )

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

    def _debug(self, what: str, exc: BaseException) -> None:
        logger.debug(
            "Rate governor: %s at %s (%s)",
            what,
            self._spec.redacted_url,
            self._spec.scrub(f"{type(exc).__name__}: {exc}"),
        )
