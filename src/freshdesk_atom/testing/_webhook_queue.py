"""The deliveries waiting to go out, in what order they go, and the bookkeeping of outcomes."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs

from ._webhook_delivery import DeliveryOutcome, WebhookCounters, WebhookDelivery

__all__ = ["DeliveryQueue"]

logger = logging.getLogger("freshdesk_atom.testing")


@attrs.define(eq=False)
class _Entry:
    delivery: WebhookDelivery
    held: bool
    queued_at: float


class DeliveryQueue:
    """Pending deliveries, the log of settled attempts and the counters.

    Not thread-safe: :class:`~freshdesk_atom.testing.FakeWebhooks` calls it
    under its lock, and sends outside it.
    """

    def __init__(self) -> None:
        """Start empty."""
        self._entries: list[_Entry] = []
        self.log: list[WebhookDelivery] = []
        self.counters = WebhookCounters()

    def fired(self, deliveries: Iterable[WebhookDelivery], *, held: bool, queued_at: float) -> None:
        """Queue a fired call: its delivery, and its copy when duplicated.

        *held* (an ``out_of_order`` fault) applies to the original only;
        *queued_at* is the real (monotonic) time, for live mode's hold limit.
        """
        counters = self.counters
        for delivery in deliveries:
            self._entries.append(_Entry(delivery, held and delivery.copy == 0, queued_at))
            if delivery.copy:
                continue
            counters.fired += 1
            counters.duplicated += "duplicated" in delivery.faults
            counters.out_of_order += "out_of_order" in delivery.faults
            counters.late += "late" in delivery.faults

    def __len__(self) -> int:
        """Return how many deliveries wait."""
        return len(self._entries)

    def requeue(self, deliveries: Iterable[WebhookDelivery]) -> None:
        """Put taken deliveries back unchanged (a flush that could not make them)."""
        self._entries.extend(_Entry(delivery, False, -math.inf) for delivery in deliveries)

    def pending(self) -> tuple[WebhookDelivery, ...]:
        """Return the waiting deliveries, soonest first."""
        return tuple(entry.delivery for entry in sorted(self._entries, key=_order))

    def take_due(
        self, now: datetime, release_held_before: float = math.inf
    ) -> list[WebhookDelivery]:
        """Remove and return the deliveries due at *now*, in the order they go out.

        Due deliveries go by due time, then firing order. A held one
        (``out_of_order``) goes right after the next delivery that is not held;
        several held in a row go after it latest first (each waited for the one
        after it). Held ones with nothing after them go last, if they were
        queued before *release_held_before* (a monotonic time; by default
        always, as a flush does), else they keep waiting.
        """
        due = sorted((entry for entry in self._entries if entry.delivery.due_at <= now), key=_order)
        plan: list[_Entry] = []
        waiting: list[_Entry] = []
        for entry in due:
            if entry.held:
                waiting.append(entry)
                continue
            plan.append(entry)
            plan.extend(reversed(waiting))
            waiting.clear()
        if waiting and waiting[-1].queued_at < release_held_before:
            plan.extend(reversed(waiting))
        taken = {id(entry) for entry in plan}
        self._entries = [entry for entry in self._entries if id(entry) not in taken]
        return [entry.delivery for entry in plan]

    def lost(self, delivery: WebhookDelivery, now: datetime) -> WebhookDelivery:
        """Log *delivery* as swallowed by a ``lost`` fault and return the log entry."""
        self.counters.lost += 1
        return self._log(delivery, "lost", now, None, None)

    def settle(
        self, delivery: WebhookDelivery, now: datetime, status: int | None, error: str | None
    ) -> WebhookDelivery:
        """Log one attempt's result (an HTTP *status*, or the *error* that stopped it).

        A 2xx or 3xx answer is ``sent``. Anything else is ``failed`` and the
        next attempt is queued after the rule's next ``retry_after`` delay, or,
        with none left, ``dropped``.
        """
        self.counters.requests += 1
        if status is not None and 200 <= status < 400:
            self.counters.sent += 1
            return self._log(delivery, "sent", now, status, None)
        delays = delivery.rule.retry_after
        reason = error or f"HTTP {status}"
        if delivery.attempt > len(delays):
            self.counters.dropped += 1
            logger.warning(
                "webhook %s: call %d (%s, ticket %d) dropped after %d attempts: %s",
                delivery.rule.label,
                delivery.number,
                delivery.event,
                delivery.ticket_id,
                delivery.attempt,
                reason,
            )
            return self._log(delivery, "dropped", now, status, error)
        self.counters.failed += 1
        delay = delays[delivery.attempt - 1]
        logger.warning(
            "webhook %s: call %d (%s, ticket %d) attempt %d failed: %s; retry in %g s",
            delivery.rule.label,
            delivery.number,
            delivery.event,
            delivery.ticket_id,
            delivery.attempt,
            reason,
            delay,
        )
        retry = attrs.evolve(
            delivery, attempt=delivery.attempt + 1, due_at=now + timedelta(seconds=delay)
        )
        self._entries.append(_Entry(retry, False, -math.inf))
        return self._log(delivery, "failed", now, status, error)

    def clear(self) -> None:
        """Forget the waiting deliveries, the log and the counters."""
        self._entries.clear()
        self.log.clear()
        self.counters.reset()

    def _log(
        self,
        delivery: WebhookDelivery,
        outcome: DeliveryOutcome,
        now: datetime,
        status: int | None,
        error: str | None,
    ) -> WebhookDelivery:
        done = attrs.evolve(delivery, outcome=outcome, status=status, error=error, settled_at=now)
        self.log.append(done)
        return done


def _order(entry: _Entry) -> tuple[datetime, int, int, int]:
    delivery = entry.delivery
    return delivery.due_at, delivery.number, delivery.attempt, delivery.copy
