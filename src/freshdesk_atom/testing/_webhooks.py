"""``fake.webhooks``: automation rules that "Trigger webhook", and the calls they make.

Freshdesk has no webhook API and signs nothing: an admin sets up an
automation rule (on ticket creation, or on ticket updates with events such as
"reply is sent", "note is added", "status is changed", "ticket is deleted")
whose action "Trigger webhook" calls a URL with a method, JSON content
(picked fields or a template with placeholders such as ``{{ticket.id}}``),
optional Basic credentials and up to five custom headers. A call that gets
no 2xx or 3xx answer (or none within about 15 s) is retried, reportedly about
5 min, 30 min and 1 h later, then dropped; calls over the account's rate
limit are pushed to the next hour and dropped after 24 h; and the calls
spend the account's API budget
(https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules,
docs/freshdesk-api-notes.md#webhooks). So a receiver sees calls lost, late,
duplicated and out of order, and must read the ticket back to be sure.
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any

import attrs
import httpx

from ._webhook_delivery import FlushReport, WebhookCounters, WebhookDelivery, build_delivery
from ._webhook_events import WEBHOOK_EVENTS, WebhookEvent
from ._webhook_queue import DeliveryQueue
from ._webhook_render import ticket_values
from ._webhook_rules import WebhookRule
from ._webhook_send import DELIVERY_TIMEOUT, asend, send
from ._webhook_worker import HOLD_SECONDS, LiveDelivery

if TYPE_CHECKING:
    from ._fake import FakeFreshdesk

__all__ = ["FakeWebhooks"]

logger = logging.getLogger("freshdesk_atom.testing")


@attrs.define(eq=False)
class _Registration:
    rule: WebhookRule
    random: random.Random


class FakeWebhooks:
    """The fake account's webhook rules, their waiting calls and the log of every attempt.

    Every successful API write that changes a ticket fires the matching
    :data:`WebhookEvent` (seeding helpers such as ``add_ticket`` do not: they
    are no API writes); :meth:`fire` fires one by hand. Each rule listening
    to the event renders its call at once, from the ticket as the write left
    it, decides the call's faults (:class:`WebhookFaults`) and queues it.

    Calls go out either when a test says so (:meth:`flush`, :meth:`aflush`:
    every call due by the fake clock, in order, faults applied) or live
    (:meth:`start`: a thread sends them as they come). A call that fails is
    retried after the rule's ``retry_after`` delays of fake time, then
    dropped; advance a manual clock and flush again to see retries and late
    calls go. :attr:`log` holds every attempt, :attr:`counters` the totals.

    Differences from Freshdesk: calls spend none of the fake's API budget
    (Freshdesk charges them), since a test's budget would then depend on when
    its receiver is flushed; so no call is pushed past the rate limit either.
    Calls fired while a flush is running wait for the next flush. Thread-safe.
    """

    def __init__(self, fake: FakeFreshdesk, account_lock: AbstractContextManager[Any]) -> None:
        """Serve *fake*'s webhooks; *account_lock* is the lock its requests run under."""
        self._fake = fake
        self._account_lock = account_lock
        self._lock = threading.Lock()
        self._registrations: list[_Registration] = []
        self._queue = DeliveryQueue()
        self._number = 0
        self._wake = threading.Event()
        self._live = LiveDelivery(self._deliver_live, self._wake, DELIVERY_TIMEOUT)
        self.timeout = DELIVERY_TIMEOUT
        """Seconds a receiver has to answer (Freshdesk: about 15)."""

    # ------------------------------------------------------------------ rules

    @property
    def rules(self) -> tuple[WebhookRule, ...]:
        """Return the rules, in the order they were added (the order they fire in)."""
        with self._lock:
            return tuple(registration.rule for registration in self._registrations)

    def add(self, rule: WebhookRule) -> WebhookRule:
        """Add *rule* (its faults' random starts from its seed) and return it."""
        with self._lock:
            if any(registration.rule is rule for registration in self._registrations):
                raise ValueError(f"webhook rule {rule.label!r} is added already")
            self._registrations.append(_Registration(rule, random.Random(rule.faults.seed)))
        return rule

    def remove(self, rule: WebhookRule) -> None:
        """Stop *rule* firing; calls it already fired still go out. ``ValueError`` if unknown."""
        with self._lock:
            for registration in self._registrations:
                if registration.rule is rule:
                    self._registrations.remove(registration)
                    return
        raise ValueError(f"webhook rule {rule.label!r} is not added")

    # ------------------------------------------------------------------ events

    def fire(self, ticket_id: int, event: WebhookEvent) -> tuple[WebhookDelivery, ...]:
        """Fire *event* for a ticket now, as if a write had happened; return the queued calls.

        ``KeyError`` for a ticket the fake does not hold (live or archived).
        """
        if event not in WEBHOOK_EVENTS:
            raise ValueError(f"a webhook event is one of {WEBHOOK_EVENTS}, got {event!r}")
        with self._account_lock:
            fired = self._fire(ticket_id, event, self._fake.clock.now())
        self._wake.set()
        return fired

    def record(self, events: Iterable[tuple[int, WebhookEvent]], now: datetime) -> None:
        """Fire the events of a successful API write (the fake calls this under its lock).

        Never raises: a failure is logged, and the write's answer is unaffected.
        """
        if not self._registrations:
            return
        try:
            for ticket_id, event in events:
                self._fire(ticket_id, event, now)
        except Exception:
            logger.exception("the fake Freshdesk could not fire webhooks")
        self._wake.set()

    def _fire(
        self, ticket_id: int, event: WebhookEvent, now: datetime
    ) -> tuple[WebhookDelivery, ...]:
        state = self._fake.state
        ticket = state.tickets.get(ticket_id) or state.archived.get(ticket_id)
        if ticket is None:
            raise KeyError(ticket_id)
        requester_id = ticket.get("requester_id")
        requester = state.person(requester_id) if requester_id is not None else None
        values = ticket_values(ticket, requester, domain=self._fake.domain, event=event)
        queued_at = time.monotonic()
        fired: list[WebhookDelivery] = []
        with self._lock:
            for registration in self._registrations:
                rule = registration.rule
                if event not in rule.events:
                    continue
                faults = rule.faults.draw(registration.random)
                self._number += 1
                delivery = build_delivery(self._number, rule, event, ticket_id, values, now, faults)
                copies = [delivery]
                if "duplicated" in faults:
                    copies.append(attrs.evolve(delivery, copy=1))
                self._queue.fired(copies, held="out_of_order" in faults, queued_at=queued_at)
                fired.extend(copies)
        return tuple(fired)

    # ------------------------------------------------------------------ what happened

    @property
    def pending(self) -> tuple[WebhookDelivery, ...]:
        """Return the calls waiting to go out (late ones, retries, held ones), soonest first."""
        with self._lock:
            return self._queue.pending()

    @property
    def log(self) -> tuple[WebhookDelivery, ...]:
        """Return every settled attempt, oldest first: ``sent``, ``lost``, ``failed`` or ``dropped``."""
        with self._lock:
            return tuple(self._queue.log)

    @property
    def counters(self) -> WebhookCounters:
        """Return the totals (:class:`WebhookCounters`); ``counters.reset()`` zeroes them."""
        return self._queue.counters

    def reset(self) -> None:
        """Forget waiting calls, the log and the counters (the rules stay)."""
        with self._lock:
            self._queue.clear()

    # ------------------------------------------------------------------ delivery

    def flush(self, client: httpx.Client | None = None) -> FlushReport:
        """Make every call due by the fake clock, in order, faults applied; return what happened.

        *client* (e.g. on an ``httpx.MockTransport`` or a WSGI app) sends
        them; without one, a plain ``httpx.Client`` is made for the call.
        Whatever stops a call (an error answer, a refused connection, an
        exception from the client's transport) makes it a ``failed`` attempt,
        never an exception here.
        """
        if client is None:
            with httpx.Client(timeout=self.timeout) as own:
                return self._flush(own, math.inf)
        return self._flush(client, math.inf)

    async def aflush(self, client: httpx.AsyncClient | None = None) -> FlushReport:
        """The async :meth:`flush`, e.g. with ``httpx.AsyncClient(transport=httpx.ASGITransport(app))``."""
        if client is None:
            async with httpx.AsyncClient(timeout=self.timeout) as own:
                return await self._aflush(own)
        return await self._aflush(client)

    def _take(self, release_held_before: float) -> list[WebhookDelivery]:
        with self._lock:
            return self._queue.take_due(self._fake.clock.now(), release_held_before)

    def _settle(
        self, delivery: WebhookDelivery, status: int | None, error: str | None
    ) -> WebhookDelivery:
        now = self._fake.clock.now()
        with self._lock:
            return self._queue.settle(delivery, now, status, error)

    def _lost(self, delivery: WebhookDelivery) -> WebhookDelivery:
        now = self._fake.clock.now()
        with self._lock:
            return self._queue.lost(delivery, now)

    def _report(self, done: list[WebhookDelivery]) -> FlushReport:
        with self._lock:
            return FlushReport(tuple(done), len(self._queue))

    def _give_back(self, plan: list[WebhookDelivery], done: int) -> None:
        # An interrupted flush (an exception, a cancelled task) loses no call.
        if done < len(plan):
            with self._lock:
                self._queue.requeue(plan[done:])

    def _flush(self, client: httpx.Client, release_held_before: float) -> FlushReport:
        plan = self._take(release_held_before)
        done: list[WebhookDelivery] = []
        try:
            for delivery in plan:
                if "lost" in delivery.faults:
                    done.append(self._lost(delivery))
                    continue
                status, error = send(client, delivery, self.timeout)
                done.append(self._settle(delivery, status, error))
        finally:
            self._give_back(plan, len(done))
        return self._report(done)

    async def _aflush(self, client: httpx.AsyncClient) -> FlushReport:
        plan = self._take(math.inf)
        done: list[WebhookDelivery] = []
        try:
            for delivery in plan:
                if "lost" in delivery.faults:
                    done.append(self._lost(delivery))
                    continue
                status, error = await asend(client, delivery, self.timeout)
                done.append(self._settle(delivery, status, error))
        finally:
            self._give_back(plan, len(done))
        return self._report(done)

    def _deliver_live(self, client: httpx.Client) -> None:
        self._flush(client, time.monotonic() - HOLD_SECONDS)

    # ------------------------------------------------------------------ live mode

    @property
    def running(self) -> bool:
        """Whether live delivery (:meth:`start`) is on."""
        return self._live.running

    def start(self) -> FakeWebhooks:
        """Deliver live: a daemon thread makes due calls as they are fired (and polls every 0.2 s
        for late calls and retries), with its own ``httpx.Client``; returns ``self``.

        Failures are logged (logger ``freshdesk_atom.testing``) and retried
        on the rules' schedule; nothing reaches the fake's requests.
        """
        self._live.start()
        return self

    def stop(self) -> None:
        """End live delivery, waiting a second or two for the thread; waiting calls stay queued."""
        self._live.stop()

    def __enter__(self) -> FakeWebhooks:
        """Start live delivery for the ``with`` block."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop live delivery."""
        self.stop()

    def __repr__(self) -> str:
        with self._lock:
            rules, pending = len(self._registrations), len(self._queue)
        return f"FakeWebhooks(rules={rules}, pending={pending}, live={self.running})"
