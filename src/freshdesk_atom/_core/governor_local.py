"""The in-process store's decisions: the account's :class:`Governor`, plus one schedule per sub-limit.

A request to a sub-limited endpoint (``_core/governor_limits.py``) first takes
the endpoint's next slot; once that has come, it takes the account's as any
other request does. Requests to other endpoints go straight to the account's
schedule, exactly as :class:`Governor` alone would pace them.

Pure like the governor: no I/O, no sleeping, not thread-safe (the shells lock).
The Redis store falls back on one of these, at a lower share, when Redis is out of reach.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs

from .governor import Governor, RateGovernorConfig, RateGovernorStats, Ticket
from .governor_limits import EndpointSchedule
from .governor_rules import EPSILON

__all__ = ["GovernorTicket", "LocalPacer"]


@attrs.define(eq=False)
class GovernorTicket:
    """One request's place in a store's schedule; opaque outside the stores.

    Attributes:
        cost: credits charged (the estimate).
        limit: the sub-limit it counts against (``None``: none, or none configured).
        core: the in-process governor's ticket once it has one (in-process
            store, or a Redis store falling back).
        endpoint_at: its slot on the in-process endpoint schedule (``None``: no sub-limit).
        remote: decided by Redis (until a failure hands it to the fallback).
        taken: Redis gave it the endpoint's slot; the account's comes next.
        granted: Redis gave it the account's slot (``at`` is when, on the caller's clock).
        at: a Redis ticket's slot, or when to ask Redis again.
        mark: the account's credit count after its reservation (Redis), which
            tells which answers are newer.
        epoch: the account's schedule in Redis it was granted in (a new one
            after Redis lost the keys: a restart, or their expiry).
        generation: the account's count of 429s when it was granted (Redis):
            a 429 since then voids the grant.
        probe: it goes alone to learn the budget (Redis).
        check: look once more for a 429's block before sending (Redis).
        sent: it was let through.
        done: answered, refused or forgotten.
    """

    cost: int
    limit: str | None = None
    core: Ticket | None = None
    endpoint_at: float | None = None
    remote: bool = False
    taken: bool = False
    granted: bool = False
    at: float = -math.inf
    mark: int = 0
    epoch: str = ""
    generation: int = 0
    probe: bool = False
    check: bool = False
    sent: bool = False
    done: bool = False


class LocalPacer:
    """Pace one process's requests: the account's governor and the endpoints' schedules.

    Every method takes ``now``, the caller's monotonic clock in seconds.
    """

    def __init__(self, config: RateGovernorConfig, sub_limits: Mapping[str, int]) -> None:
        self.core = Governor(config)
        self.endpoints = {
            name: EndpointSchedule(limit, target_share=config.target_share, window=config.window)
            for name, limit in sub_limits.items()
        }
        self._endpoint_waits = 0
        self._endpoint_waited = 0.0

    def reserve(self, cost: int, limit: str | None, now: float) -> GovernorTicket:
        """Charge a request of *cost* credits (to *limit*'s endpoint too) and plan it."""
        ticket = GovernorTicket(cost=cost)
        self.adopt(ticket, limit, now)
        return ticket

    def adopt(self, ticket: GovernorTicket, limit: str | None, now: float) -> None:
        """Plan *ticket* here (a new one, or a Redis one that could not be decided there)."""
        ticket.remote = False
        ticket.limit = limit if limit in self.endpoints else None
        if ticket.limit is not None:
            ticket.endpoint_at = self.endpoints[ticket.limit].reserve(ticket.cost, now)
            if self._endpoint_delay(ticket, now) > EPSILON:
                return  # the account's slot is taken once the endpoint's has come
        self._take_account_slot(ticket, now)

    def wait(self, ticket: GovernorTicket, now: float) -> float:
        """Return the seconds *ticket* must still wait; ``0.0`` means send now."""
        if ticket.core is None:
            delay = self._endpoint_delay(ticket, now)
            if delay > EPSILON:
                self._endpoint_waits += 1
                self._endpoint_waited += delay
                return delay
            self._take_account_slot(ticket, now)
            assert ticket.core is not None
        delay = self.core.wait(ticket.core, now)
        ticket.sent = delay <= 0
        return delay

    def set_share(self, target_share: float) -> None:
        """Pace at *target_share* of the budget (and of each sub-limit) from now on."""
        self.core.config = attrs.evolve(self.core.config, target_share=target_share)
        for schedule in self.endpoints.values():
            schedule.set_share(target_share)

    def _endpoint_delay(self, ticket: GovernorTicket, now: float) -> float:
        """How long before *ticket* may take the account's slot: its endpoint's slot, then the gate.

        The gate is one spacing after the account slot of the endpoint's
        previous request: the account's next slot must not come before it.
        """
        assert ticket.limit is not None  # only an endpoint's request waits without a slot
        delay = (ticket.endpoint_at if ticket.endpoint_at is not None else now) - now
        if delay > EPSILON:
            return delay
        return self.endpoints[ticket.limit].gate - self.core.next_slot(now)

    def _take_account_slot(self, ticket: GovernorTicket, now: float) -> None:
        """Give *ticket* the account's next slot; an endpoint's request sets its endpoint's gate."""
        ticket.core = self.core.reserve(ticket.cost, now)
        if ticket.limit is not None and ticket.core.state == "planned":
            self.endpoints[ticket.limit].granted(ticket.cost, ticket.core.at)

    def observe(
        self,
        ticket: GovernorTicket | None,
        now: float,
        *,
        total: int | None,
        remaining: int | None,
        used: int | None,
        cost: int = 1,
        sent_at: float | None = None,
    ) -> None:
        """Learn from a non-429 answer (of *ticket*, or of a request not paced here when ``None``)."""
        core = ticket.core if ticket is not None else None
        if ticket is not None:
            ticket.done = True
            if (
                core is not None
                and ticket.limit is not None
                and used is not None
                and used > 0
                and core.state in ("planned", "sent")
                and used != core.cost
            ):
                self.endpoints[ticket.limit].correct(used - core.cost)
        self.core.observe(
            core,
            now,
            total=total,
            remaining=remaining,
            used=used,
            cost=ticket.cost if ticket is not None else cost,
            sent_at=sent_at,
        )

    def reject(self, ticket: GovernorTicket | None, now: float, retry_after: float | None) -> None:
        """Learn from a 429: the governor blocks every request for *retry_after*, then probes."""
        if ticket is not None:
            ticket.done = True
        self.core.reject(ticket.core if ticket is not None else None, now, retry_after)

    def cancel(self, ticket: GovernorTicket, now: float) -> None:
        """Forget *ticket*: it was never sent, or got no answer (its credits are given back)."""
        if ticket.done:
            return
        ticket.done = True
        if ticket.core is not None:
            self.core.cancel(ticket.core, now)
        if ticket.limit is not None:
            self.endpoints[ticket.limit].refund(ticket.cost, now)

    def stats(self) -> RateGovernorStats:
        """The governor's snapshot, with the endpoints' waits added."""
        found = self.core.stats()
        return attrs.evolve(
            found,
            waits=found.waits + self._endpoint_waits,
            waited=found.waited + self._endpoint_waited,
        )
