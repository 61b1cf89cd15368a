"""The rate governor of one client: the pure decisions of ``_core/governor.py``, plus the waiting."""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable

import httpx

from .. import _synchronization
from .._constants import LOGGER_NAME
from .._core.governor import Governor, RateGovernorConfig, RateGovernorStats, Ticket
from .._core.rate_limit import parse_retry_after
from .._exceptions import RateLimitError
from ..models.common import RateLimit

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
    budget, the estimated credits left, the pace and the waits so far.
    """

    def __init__(self, config: RateGovernorConfig | None = None, *, enabled: bool = True) -> None:
        self._core = Governor(config)
        self.enabled = enabled
        """Whether it paces requests; a disabled governor only learns from the answers."""
        # The critical sections are short and never wait, so one thread lock
        # serves tasks (no await inside it) and threads alike; the waiting
        # happens outside it, in the order of the slots handed out.
        self._lock = _synchronization.Lock()

    @property
    def config(self) -> RateGovernorConfig:
        """The settings: target share and window."""
        return self._core.config

    @property
    def stats(self) -> RateGovernorStats:
        """What the governor knows and has done so far (estimates as of its latest request)."""
        with self._lock:
            return self._core.stats()

    async def acquire(
        self,
        cost: int,
        *,
        clock: Clock,
        sleep: Callable[[float], Awaitable[None]],
        max_wait: float = math.inf,
        method: str = "",
        path: str = "",
    ) -> Ticket:
        """Wait until a request of *cost* credits may be sent; return its ticket.

        The ticket must then go to :meth:`settle` with the answer, or to
        :meth:`forget` if no answer came.

        Raises:
            RateLimitError: the slot is more than *max_wait* seconds away (the
                client's ``retry_after_cap``, or what is left before the call's
                deadline); nothing was sent, and ``retry_after`` says when the
                budget allows it.
        """
        with self._lock:
            ticket = self._core.reserve(cost, clock())
        started = clock()
        try:
            while True:
                with self._lock:
                    delay = self._core.wait(ticket, clock())
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

    def settle(
        self,
        ticket: Ticket | None,
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
            with self._lock:
                self._core.reject(ticket, now, retry_after)
            return
        with self._lock:
            self._core.observe(
                ticket,
                now,
                total=snapshot.total if snapshot else None,
                remaining=snapshot.remaining if snapshot else None,
                used=snapshot.used if snapshot else None,
                cost=cost,
                sent_at=sent_at,
            )

    def forget(self, ticket: Ticket | None, *, clock: Clock) -> None:
        """Give back *ticket*'s slot: the request was not sent, or no answer came."""
        if ticket is None:
            return
        with self._lock:
            self._core.cancel(ticket, clock())

    def __repr__(self) -> str:
        config = self._core.config
        return (
            f"{type(self).__name__}(target_share={config.target_share:g}, window={config.window:g})"
        )
