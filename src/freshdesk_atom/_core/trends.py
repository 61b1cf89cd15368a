"""The maths of ``fd.stats.trends()`` and ``Mirror.trends()``: the help desk day by day.

Pure: the shell reads the tickets and ratings and feeds them to a
:class:`TrendsBuilder`; the mirror feeds it rows from SQLite. Both then give
the same figures, defined once, here (``docs/stats.md#trends``):

**The period** is ``days`` UTC days ending today, both ends included:
``since = today - (days - 1)``; ``days=1`` is today alone. Every day has a
bucket, zero-filled.

**Which tickets.** Every ticket updated at or after 00:00:00Z of ``since``
(``GET /tickets?updated_since=...&include=stats``, walked as ``iter_all()``
walks it). That holds every ticket created in the period (a ticket is
updated when it is created) and every ticket resolved in it (resolving
updates it). A ticket that comes twice (the walk's page boundaries, or a
change while it is read) counts once, at its first appearance.

**Per day**, on the ticket's UTC ``created_at`` day:

* ``created``: the tickets created that day;
* ``first_response_hours``, ``resolution_hours``: the means of
  :func:`~freshdesk_atom._core.stats.first_response_hours` and
  :func:`~freshdesk_atom._core.stats.resolution_hours` over them, exactly as
  ``fd.stats.summary()`` averages them (negative durations left out, ``None``
  when nothing to measure);

on the UTC day the ticket was resolved:

* ``resolved``: tickets *now* Resolved or Closed (4, 5) whose
  ``stats.resolved_at``, else ``stats.closed_at``, falls on that day; a
  reopened ticket is not resolved now, so it counts nowhere;

on the rating's UTC ``created_at`` day:

* ``satisfaction``: the mean 1..5 score of the ratings' overall answer
  (:func:`~freshdesk_atom._core.stats.rating_score`); ``ratings``: how many
  ratings that mean holds (a rating without a known overall answer is in
  neither).

**Breakdowns**: the period's created tickets by current ``status`` and by
``priority``. The four standard statuses (2..5) and priorities (1..4) are
always listed, with their labels; other numbers (an account's custom
statuses, 6 and up) when tickets hold them, with no label.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Final

import attrs

from ..models.satisfaction import SatisfactionRating
from ..models.tickets import Ticket
from ..models.trends import PriorityCount, StatusCount, TrendDay, Trends
from .stats import Mean, hours_between, rating_score, resolved_time
from .timestamps import to_utc
from .validation import check_int

__all__ = [
    "MAX_TREND_DAYS",
    "PRIORITY_LABELS",
    "STATUS_LABELS",
    "TrendsBuilder",
    "check_days",
]

MAX_TREND_DAYS: Final = 365
"""The longest period ``trends`` covers, in days."""

STATUS_LABELS: Final = {2: "Open", 3: "Pending", 4: "Resolved", 5: "Closed"}
"""Freshdesk's own statuses (docs/freshdesk-api-notes.md#tickets); custom ones are 6 and up."""

PRIORITY_LABELS: Final = {1: "Low", 2: "Medium", 3: "High", 4: "Urgent"}
"""Freshdesk's priorities (docs/freshdesk-api-notes.md#tickets)."""


def check_days(days: object) -> int:
    """Return *days* if it is an int from 1 to :data:`MAX_TREND_DAYS`.

    Raises:
        TypeError: not an int (``True`` is not one).
        ValueError: out of range; the message names ``days``.
    """
    return check_int(days, "days", minimum=1, maximum=MAX_TREND_DAYS)


def _day(value: datetime) -> date:
    return to_utc(value).date()


@attrs.define
class _Tally:
    """One day's running figures."""

    created: int = 0
    resolved: int = 0
    first_response: Mean = attrs.field(factory=Mean)
    resolution: Mean = attrs.field(factory=Mean)
    satisfaction: Mean = attrs.field(factory=Mean)


@attrs.define
class TrendsBuilder:
    """Running trends over streams of tickets and ratings (see the module notes).

    Make one with :meth:`last_days`, feed it with :meth:`add_ticket` (or
    :meth:`add` for a ticket's bare fields) and :meth:`add_rating`, then
    :meth:`build`. :meth:`ratings_unknown` and :meth:`resolutions_unknown`
    say that a source could not be read: those figures become ``None``
    rather than zero.
    """

    since: date
    until: date
    _tallies: dict[date, _Tally] = attrs.field(init=False)
    _seen: set[int] = attrs.field(init=False, factory=set)
    _statuses: Counter[int] = attrs.field(init=False, factory=Counter)
    _priorities: Counter[int] = attrs.field(init=False, factory=Counter)
    _ratings_known: bool = attrs.field(init=False, default=True)
    _resolutions_known: bool = attrs.field(init=False, default=True)

    def __attrs_post_init__(self) -> None:
        if self.until < self.since:
            raise ValueError(f"until ({self.until}) is before since ({self.since})")
        span = (self.until - self.since).days + 1
        self._tallies = {self.since + timedelta(days=n): _Tally() for n in range(span)}

    @classmethod
    def last_days(cls, days: int, today: date) -> TrendsBuilder:
        """Return a builder of the *days* UTC days ending *today* (checked: 1..365)."""
        count = check_days(days)
        return cls(since=today - timedelta(days=count - 1), until=today)

    @property
    def start(self) -> datetime:
        """00:00:00Z of the first day: the ``updated_since``/``created_since`` to read from."""
        return datetime.combine(self.since, time(0), UTC)

    # ---------------------------------------------------------------- tickets

    def add(
        self,
        *,
        ticket_id: int,
        status: int,
        priority: int,
        created_at: datetime,
        first_responded_at: datetime | None,
        resolved_at: datetime | None,
        closed_at: datetime | None,
    ) -> None:
        """Count one ticket, given its fields (the first appearance of an id counts)."""
        if ticket_id in self._seen:
            return
        self._seen.add(ticket_id)
        resolved = resolved_time(status, resolved_at, closed_at)
        created = self._tallies.get(_day(created_at))
        if created is not None:
            created.created += 1
            created.first_response.add(hours_between(created_at, first_responded_at))
            created.resolution.add(hours_between(created_at, resolved))
            self._statuses[status] += 1
            self._priorities[priority] += 1
        if resolved is not None:
            tally = self._tallies.get(_day(resolved))
            if tally is not None:
                tally.resolved += 1

    def add_ticket(self, ticket: Ticket) -> None:
        """Count *ticket* (without ``stats`` it has no response and no resolution)."""
        stats = ticket.stats
        self.add(
            ticket_id=ticket.id,
            status=ticket.status,
            priority=ticket.priority,
            created_at=ticket.created_at,
            first_responded_at=None if stats is None else stats.first_responded_at,
            resolved_at=None if stats is None else stats.resolved_at,
            closed_at=None if stats is None else stats.closed_at,
        )

    def add_tickets(self, tickets: Iterable[Ticket]) -> None:
        """Count each of *tickets*."""
        for ticket in tickets:
            self.add_ticket(ticket)

    def resolutions_unknown(self) -> None:
        """Say the tickets came without their stats: ``resolved`` and the times become ``None``."""
        self._resolutions_known = False

    # ---------------------------------------------------------------- ratings

    def add_rating(self, rating: SatisfactionRating) -> None:
        """Count *rating* on its creation day, if its overall answer has a score."""
        tally = self._tallies.get(_day(rating.created_at))
        if tally is not None:
            tally.satisfaction.add(rating_score(rating))

    def add_ratings(self, ratings: Iterable[SatisfactionRating]) -> None:
        """Count each of *ratings*."""
        for rating in ratings:
            self.add_rating(rating)

    def ratings_unknown(self) -> None:
        """Say the ratings could not be read: ``satisfaction`` and ``ratings`` become ``None``."""
        self._ratings_known = False

    # ---------------------------------------------------------------- result

    def build(self) -> Trends:
        """Return the :class:`Trends` of everything added."""
        times = self._resolutions_known
        rated = self._ratings_known
        days = tuple(
            TrendDay(
                day=day,
                created=tally.created,
                resolved=tally.resolved if times else None,
                first_response_hours=tally.first_response.value if times else None,
                resolution_hours=tally.resolution.value if times else None,
                satisfaction=tally.satisfaction.value if rated else None,
                ratings=tally.satisfaction.count if rated else None,
            )
            for day, tally in sorted(self._tallies.items())
        )
        return Trends(
            since=self.since,
            until=self.until,
            days=days,
            by_status=tuple(
                StatusCount(status=status, label=STATUS_LABELS.get(status), count=count)
                for status, count in _counts(self._statuses, STATUS_LABELS)
            ),
            by_priority=tuple(
                PriorityCount(priority=priority, label=PRIORITY_LABELS.get(priority), count=count)
                for priority, count in _counts(self._priorities, PRIORITY_LABELS)
            ),
            tickets_read=len(self._seen),
        )


def _counts(counter: Counter[int], standard: dict[int, str]) -> list[tuple[int, int]]:
    """Return ``(value, count)`` for the standard values and any other counted, in order."""
    return [(value, counter[value]) for value in sorted(set(standard) | set(counter))]
