"""The maths of ``fd.stats.summary()``: which queries count what, and the averages.

Pure: the shell sends the requests this module names and feeds it the records.

**The period.** ``since`` is reduced to the start (00:00:00Z) of its UTC day,
because search compares whole UTC days (``created_at:>'YYYY-MM-DD'``, docs/freshdesk-api-notes.md#search);
every figure then covers records *created* at or after that instant, so the
counts and the averages describe the same tickets. Without ``since``, all time.

**Counts** (one search request each, ``total`` of page 1):

=================  ==========  ===============================================
figure             resource    query (``C`` = ``created_at:>'<since day>'``)
=================  ==========  ===============================================
total_tickets      tickets     ``C`` (``created_at:>'1970-01-01'`` without since)
open_tickets       tickets     ``status:2`` (``AND C`` with since)
pending_tickets    tickets     ``status:3`` ...
resolved_tickets   tickets     ``status:4`` ...
closed_tickets     tickets     ``status:5`` ...
total_contacts     contacts    ``C`` (``created_at:>'1970-01-01'`` without since)
total_companies    companies   the same
=================  ==========  ===============================================

``total_tickets`` is a query of its own rather than the sum of the four
statuses, so that tickets in custom statuses (>= 6) are counted. Search
leaves out spam, deleted and archived tickets and deleted contacts, and lags
a few minutes behind changes. Agents and groups have no search: they are
counted by listing them (``per_page=100``), filtered by ``created_at`` when a
period is given.

**Averages**, over tickets created in the period, read from
``GET /tickets?updated_since=<period start>&include=stats`` (a ticket created
after an instant was also last updated after it):

* first response: ``stats.first_responded_at - created_at``, in hours, over
  tickets that have a first response;
* resolution: ``(stats.resolved_at or stats.closed_at) - created_at``, in
  hours, over tickets whose status is now 4 (Resolved) or 5 (Closed);
* a negative duration (a timestamp before creation, as imported tickets can
  have) is left out rather than guessed at; with nothing to average, ``None``.

**Satisfaction**: each rating's ``default_question`` answer (the survey's
overall question) on Freshdesk's scale (docs/freshdesk-api-notes.md#satisfaction-ratings) is mapped onto 1..5 by its rank
on the seven-point scale, evenly spaced (:data:`RATING_SCALE`)::

    -103 -> 1    -102 -> 5/3    -101 -> 7/3    100 -> 3
     101 -> 11/3  102 -> 13/3    103 -> 5

so a three-point survey (-103, 100, 103) gives 1, 3 and 5. Ratings with no
``default_question`` or another value are left out; the figure is the mean.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Final

import attrs

from ..models.satisfaction import SatisfactionRating
from ..models.stats import Stats
from ..models.tickets import Ticket
from .search_query import Expression, Q
from .search_windows import EARLIEST_DAY, SearchResource, utc_day

__all__ = [
    "EPOCH",
    "RATING_SCALE",
    "STATUS_FIGURES",
    "CountQuery",
    "Mean",
    "TicketTimes",
    "build_stats",
    "count_queries",
    "first_response_hours",
    "hours_between",
    "in_period",
    "period_start",
    "rating_score",
    "resolution_hours",
    "resolved_time",
]

EPOCH: Final = datetime.combine(EARLIEST_DAY, time(0), UTC)
"""The ``updated_since``/``created_since`` sent when there is no period: all time
(and it lifts Freshdesk's 30-day default window, docs/freshdesk-api-notes.md#the-tickets-list, #satisfaction-ratings)."""

STATUS_FIGURES: Final = {
    "open_tickets": 2,
    "pending_tickets": 3,
    "resolved_tickets": 4,
    "closed_tickets": 5,
}
"""The ``Stats`` figure counted for each of Freshdesk's own statuses (docs/freshdesk-api-notes.md#tickets)."""

RESOLVED_STATUSES: Final = frozenset({4, 5})

RATING_SCALE: Final[dict[int, float]] = {
    -103: 1.0,
    -102: 5 / 3,
    -101: 7 / 3,
    100: 3.0,
    101: 11 / 3,
    102: 13 / 3,
    103: 5.0,
}
"""Freshdesk's survey answer codes (docs/freshdesk-api-notes.md#satisfaction-ratings) onto 1..5: rank on the 7-point scale, evenly spaced."""

_SECONDS_PER_HOUR: Final = 3600.0


def period_start(since: date | None) -> datetime | None:
    """Return 00:00:00Z of *since*'s UTC day (``None`` stays ``None``: all time)."""
    if since is None:
        return None
    return datetime.combine(utc_day(since), time(0), UTC)


def in_period(created_at: datetime | None, start: datetime | None) -> bool:
    """Return whether a record created at *created_at* falls in the period from *start*."""
    if start is None:
        return True
    if created_at is None:
        return False
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UTC)
    return created_at >= start


# --------------------------------------------------------------------------- counts


@attrs.frozen
class CountQuery:
    """One count: the ``Stats`` figure, the search resource and the query."""

    figure: str
    resource: SearchResource
    query: Expression


def count_queries(since: date | None) -> tuple[CountQuery, ...]:
    """Return the search counts of a summary, in the order they are sent (see the module notes)."""
    created = Q.created_at.after(utc_day(since) if since is not None else EARLIEST_DAY)
    queries = [CountQuery("total_tickets", "tickets", created)]
    for figure, status in STATUS_FIGURES.items():
        term = Q.status(status)
        queries.append(CountQuery(figure, "tickets", term if since is None else term & created))
    queries.append(CountQuery("total_contacts", "contacts", created))
    queries.append(CountQuery("total_companies", "companies", created))
    return tuple(queries)


# --------------------------------------------------------------------------- averages


@attrs.define
class Mean:
    """A running mean: ``add`` values, read ``value`` (``None`` when empty)."""

    total: float = 0.0
    count: int = 0

    def add(self, value: float | None) -> None:
        """Add *value*; ``None`` is skipped."""
        if value is not None:
            self.total += value
            self.count += 1

    @property
    def value(self) -> float | None:
        """The mean of the values added, or ``None`` if there were none."""
        return self.total / self.count if self.count else None


def hours_between(start: datetime, end: datetime | None) -> float | None:
    """Return the hours from *start* to *end*, or ``None`` if *end* is missing or earlier."""
    if end is None:
        return None
    seconds = (end - start).total_seconds()
    return seconds / _SECONDS_PER_HOUR if seconds >= 0 else None


def resolved_time(
    status: int, resolved_at: datetime | None, closed_at: datetime | None
) -> datetime | None:
    """Return when a ticket now Resolved or Closed was resolved, else ``None``.

    A ticket closed without passing through Resolved has no ``resolved_at``;
    its ``closed_at`` is when it was resolved. A reopened ticket is not
    resolved now, whatever its stats still hold.
    """
    if status not in RESOLVED_STATUSES:
        return None
    return resolved_at or closed_at


def first_response_hours(ticket: Ticket) -> float | None:
    """Return hours from creation to the first agent response, or ``None`` if unknown."""
    if ticket.stats is None:
        return None
    return hours_between(ticket.created_at, ticket.stats.first_responded_at)


def resolution_hours(ticket: Ticket) -> float | None:
    """Return hours from creation to resolution for a Resolved or Closed ticket, else ``None``.

    See :func:`resolved_time` for when that is.
    """
    if ticket.stats is None:
        return None
    resolved = resolved_time(ticket.status, ticket.stats.resolved_at, ticket.stats.closed_at)
    return hours_between(ticket.created_at, resolved)


@attrs.define
class TicketTimes:
    """Running averages over a stream of tickets, each ticket counted once.

    A ticket may come twice: at the boundary when the list restarts past page
    300, or when it is updated while the list is read (it moves to the end of
    an ``updated_at`` ordering). Its first appearance counts. The ids of the
    counted tickets are kept (one int each).
    """

    start: datetime | None
    first_response: Mean = attrs.field(factory=Mean)
    resolution: Mean = attrs.field(factory=Mean)
    seen: set[int] = attrs.field(factory=set)

    def add(self, ticket: Ticket) -> None:
        """Count *ticket* if it was created in the period and not counted before."""
        if ticket.id in self.seen or not in_period(ticket.created_at, self.start):
            return
        self.seen.add(ticket.id)
        self.first_response.add(first_response_hours(ticket))
        self.resolution.add(resolution_hours(ticket))

    def add_all(self, tickets: Iterable[Ticket]) -> None:
        """Count each of *tickets*."""
        for ticket in tickets:
            self.add(ticket)


def rating_score(rating: SatisfactionRating) -> float | None:
    """Return the 1..5 score of a rating's overall answer, or ``None`` if it has none we know."""
    code = rating.ratings.get("default_question")
    return None if code is None else RATING_SCALE.get(code)


def build_stats(
    counts: dict[str, int | None],
    *,
    first_response: float | None,
    resolution: float | None,
    satisfaction: float | None,
) -> Stats:
    """Return the ``Stats`` of the counted figures and the averages (missing counts are ``None``)."""
    return Stats(
        total_tickets=counts.get("total_tickets"),
        open_tickets=counts.get("open_tickets"),
        pending_tickets=counts.get("pending_tickets"),
        resolved_tickets=counts.get("resolved_tickets"),
        closed_tickets=counts.get("closed_tickets"),
        total_contacts=counts.get("total_contacts"),
        total_companies=counts.get("total_companies"),
        total_agents=counts.get("total_agents"),
        total_groups=counts.get("total_groups"),
        avg_first_response_time=first_response,
        avg_resolution_time=resolution,
        satisfaction_rating=satisfaction,
    )
