"""The rate governor of one client: a store's decisions (``_governor_local.py``), plus the waiting."""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable

import httpx

from .._constants import LOGGER_NAME
from .._core.governor import RateGovernorConfig, RateGovernorStats
from .._core.governor_limits import endpoint_limit
from .._core.governor_local import GovernorTicket
from .._core.rate_limit import parse_retry_after
from .._exceptions import RateLimitError
from ..models.common import RateLimit
from ._governor_local import AsyncGovernorStore, open_store

__all__ = ["AsyncRateGovernor"]

logger = logging.getLogger(LOGGER_NAME)

Clock = Callable[[], float]


class AsyncRateGovernor:
    """Pace one client's requests to a share of the account's API credits.

    Every task of the client (and every copy made by ``with_options``) shares
    one governor: a request takes the next slot of an even schedule, waits for
    it, and reports its answer, whose ``X-RateLimit-*`` headers keep the
    budget up to date. How it decides is in ``docs/rate-governor.md``.

    Read it through ``fd.rate_governor``: ``fd.rate_governor.stats`` tells the
    budget, the estimated credits left, the pace, the waits so far, and the
    store deciding (in this process, or shared through Redis).

    Args:
        config: the settings (default ``RateGovernorConfig()``); where it
            leaves the store or the sub-limits to the environment
            (``$FRESHDESK_GOVERNOR_URL``, ``$FRESHDESK_GOVERNOR_PLAN``), they
            are read here, once.
        enabled: whether it paces requests; a disabled governor only learns
            from the answers, in this process.
        account: the account's API host, which keys a shared store.

    Raises:
        ValueError: an environment variable is unusable (it is named).
        ImportError: a Redis store without the ``redis`` package.
    """

    def __init__(
        self,
        config: RateGovernorConfig | None = None,
        *,
        enabled: bool = True,
        account: str = "default",
    ) -> None:
        self._config = config or RateGovernorConfig()
        self.enabled = enabled
        """Whether it paces requests; a disabled governor only learns from the answers."""
        # The store's critical sections are short and never wait; the waiting
        # happens here, outside them, in the order of the slots handed out.
        self._store: AsyncGovernorStore = open_store(self._config, enabled=enabled, account=account)

    @property
    def config(self) -> RateGovernorConfig:
        """The settings: target share, window, store, sub-limits."""
        return self._config

    @property
    def stats(self) -> RateGovernorStats:
        """What the governor knows and has done so far (estimates as of its latest request)."""
        return self._store.stats()

    async def acquire(
        self,
        cost: int,
        *,
        clock: Clock,
        sleep: Callable[[float], Awaitable[None]],
        max_wait: float = math.inf,
        method: str = "",
        path: str = "",
    ) -> GovernorTicket:
        """Wait until a request of *cost* credits may be sent; return its ticket.

        The ticket must then go to :meth:`settle` with the answer, or to
        :meth:`forget` if no answer came. *method* and *path* tell whether a
        sub-limit counts the request too (``GET tickets``: the tickets list).

        Raises:
            RateLimitError: the slot is more than *max_wait* seconds away (the
                client's ``retry_after_cap``, or what is left before the call's
                deadline); nothing was sent, and ``retry_after`` says when the
                budget allows it.
        """
        ticket = self._store.reserve(cost, endpoint_limit(method, path), clock())
        started = clock()
        try:
            while True:
                delay = await self._store.wait(ticket, clock)
                if delay <= 0:
                    return ticket
                if clock() + delay - started > max_wait:
                    raise RateLimitError(
                        f"the rate governor would wait {delay:.1f}s for the account's API "
                        f"budget, longer than this call may wait ({max_wait:.1f}s): not sent "
                        f"[{method} {path}]",
                        retry_after=delay,
                        status_code=429,
                        method=method,
                        path=path,
                    )
                logger.debug("Rate governor: waiting %.3fs for %d credit(s)", delay, cost)
                await sleep(delay)
        except BaseException:
            self.forget(ticket, clock=clock)
            raise

    async def settle(
        self,
        ticket: GovernorTicket | None,
        response: httpx.Response,
        snapshot: RateLimit | None,
        *,
        clock: Clock,
        cost: int,
        sent_at: float,
        retry_after_cap: float,
    ) -> None:
        """Learn from *response* (of a paced request, or of an unpaced one when *ticket* is ``None``).

        *snapshot* is the response's ``X-RateLimit-*`` reading (the transport's, read once).

        A 429 blocks every paced request for its ``Retry-After`` (at most
        *retry_after_cap*, the longest wait the client honours).
        """
        now = clock()
        if response.status_code == 429:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            if retry_after is not None:
                retry_after = min(retry_after, retry_after_cap)
            await self._store.reject(ticket, now, retry_after)
            return
        await self._store.observe(
            ticket,
            now,
            total=snapshot.total if snapshot else None,
            remaining=snapshot.remaining if snapshot else None,
            used=snapshot.used if snapshot else None,
            cost=cost,
            sent_at=sent_at,
        )

    def forget(self, ticket: GovernorTicket | None, *, clock: Clock) -> None:
        """Give back *ticket*'s slot: the request was not sent, or no answer came.

        It never waits: a shared store gives the slot back with its next call.
        """
        if ticket is None:
            return
        self._store.cancel(ticket, clock())

    async def aclose(self) -> None:
        """Release the store's connections (the client does it when closed)."""
        await self._store.aclose()

    def __repr__(self) -> str:
        config = self._config
        return (
            f"{type(self).__name__}(target_share={config.target_share:g}, "
            f"window={config.window:g}, store={self._store.describe()})"
        )
