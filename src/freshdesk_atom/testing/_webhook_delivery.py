"""One webhook call and what became of it; a flush's report; the delivery counters."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, Final, Literal

import attrs

from ._webhook_events import WebhookEvent
from ._webhook_faults import DeliveryFault
from ._webhook_render import PlaceholderValue, render, url_escape
from ._webhook_rules import BODY_METHODS, WebhookRule, hidden_headers

__all__ = [
    "DELIVERY_OUTCOMES",
    "DeliveryOutcome",
    "FlushReport",
    "WebhookCounters",
    "WebhookDelivery",
    "build_delivery",
]

DeliveryOutcome = Literal["pending", "sent", "lost", "failed", "dropped"]
DELIVERY_OUTCOMES: Final[tuple[DeliveryOutcome, ...]] = (
    "pending",
    "sent",
    "lost",
    "failed",
    "dropped",
)


def _rule_label(rule: WebhookRule) -> str:
    return repr(rule.label)


@attrs.frozen(eq=False)
class WebhookDelivery:
    """One attempt at one webhook call, waiting or done.

    Attributes:
        number: the call's number, counting from 1 in the order calls were
            fired; a duplicate and the retries share their original's.
        rule: the :class:`WebhookRule` that fired it.
        event: the :data:`WebhookEvent`.
        ticket_id: the ticket it is about.
        method, url, body, headers: the request, rendered when the event
            fired (the ticket as the write left it). ``Authorization`` is
            hidden in ``repr``.
        fired_at: the fake time of the event.
        due_at: the fake time the attempt may go out (later for a ``late``
            fault and for retries).
        attempt: 1 for the first call, 2 and on for retries.
        copy: 0, or 1 for the second call of a ``duplicated`` one.
        faults: the faults decided for the call when it fired.
        outcome: ``pending`` (waiting), ``sent`` (answered 2xx or 3xx),
            ``lost`` (a fault: never sent), ``failed`` (no 2xx/3xx answer; a
            retry is scheduled) or ``dropped`` (failed, and no retry is left).
        status: the receiver's HTTP status, if it answered.
        error: why no answer came (connection refused, timeout, ...).
        settled_at: the fake time the outcome was decided.
    """

    number: int
    rule: WebhookRule = attrs.field(repr=_rule_label)
    event: WebhookEvent
    ticket_id: int
    method: str
    url: str
    body: bytes
    headers: Mapping[str, str] = attrs.field(repr=hidden_headers)
    fired_at: datetime
    due_at: datetime
    attempt: int = 1
    copy: int = 0
    faults: frozenset[DeliveryFault] = frozenset()
    outcome: DeliveryOutcome = "pending"
    status: int | None = None
    error: str | None = None
    settled_at: datetime | None = None

    def json(self) -> Any:
        """Return the body decoded as JSON."""
        return json.loads(self.body)


def _basic(credentials: tuple[str, str]) -> str:
    user, password = credentials
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def build_delivery(
    number: int,
    rule: WebhookRule,
    event: WebhookEvent,
    ticket_id: int,
    values: Mapping[str, PlaceholderValue],
    fired_at: datetime,
    faults: frozenset[DeliveryFault],
) -> WebhookDelivery:
    """Return the first attempt of the call *rule* makes for *event*, rendered from *values*."""
    headers: dict[str, str] = {}
    body = b""
    if rule.method in BODY_METHODS:
        headers["Content-Type"] = "application/json"
        body = render(rule.template, values).encode("utf-8")
    headers.update(rule.headers)
    if rule.basic_auth is not None:
        headers["Authorization"] = _basic(rule.basic_auth)
    delay = rule.faults.late_by if "late" in faults else 0.0
    return WebhookDelivery(
        number=number,
        rule=rule,
        event=event,
        ticket_id=ticket_id,
        method=rule.method,
        url=render(rule.url, values, url_escape),
        body=body,
        headers=MappingProxyType(headers),
        fired_at=fired_at,
        due_at=fired_at + timedelta(seconds=delay),
        faults=faults,
    )


@attrs.frozen
class FlushReport:
    """What one flush did.

    Attributes:
        attempts: every attempt the flush settled, in the order it made them
            (``sent``, ``lost``, ``failed`` or ``dropped``).
        pending: deliveries still waiting afterwards (late ones, retries).
    """

    attempts: tuple[WebhookDelivery, ...]
    pending: int

    def _with(self, outcome: DeliveryOutcome) -> tuple[WebhookDelivery, ...]:
        return tuple(attempt for attempt in self.attempts if attempt.outcome == outcome)

    @property
    def sent(self) -> tuple[WebhookDelivery, ...]:
        """Return the attempts the receiver answered with a 2xx or 3xx."""
        return self._with("sent")

    @property
    def lost(self) -> tuple[WebhookDelivery, ...]:
        """Return the deliveries a ``lost`` fault swallowed."""
        return self._with("lost")

    @property
    def failed(self) -> tuple[WebhookDelivery, ...]:
        """Return the attempts that failed and will be retried."""
        return self._with("failed")

    @property
    def dropped(self) -> tuple[WebhookDelivery, ...]:
        """Return the attempts that failed with no retry left."""
        return self._with("dropped")


@attrs.define
class WebhookCounters:
    """What the webhooks went through since the fake started (or :meth:`reset`).

    Attributes:
        fired: calls fired (one per rule per event; a duplicate is not counted).
        duplicated, out_of_order, late: calls given that fault.
        requests: HTTP requests made to receivers (retries and duplicates included).
        sent: attempts answered 2xx or 3xx.
        lost: calls a ``lost`` fault swallowed.
        failed: attempts that failed and were scheduled again.
        dropped: calls given up after the last retry.
    """

    fired: int = 0
    duplicated: int = 0
    out_of_order: int = 0
    late: int = 0
    requests: int = 0
    sent: int = 0
    lost: int = 0
    failed: int = 0
    dropped: int = 0

    def reset(self) -> None:
        """Set every counter back to zero."""
        for field in attrs.fields(WebhookCounters):
            setattr(self, field.name, 0)
