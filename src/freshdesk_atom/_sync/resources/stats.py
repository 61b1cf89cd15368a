# Generated from src/freshdesk_atom/_async/resources/stats.py by scripts/unasync.py; do not edit.
"""The stats resource: help-desk figures from search totals and ticket stats."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Protocol, TypeVar

from ..._constants import LOGGER_NAME, MAX_PER_PAGE
from ..._core.stats import (
    EPOCH,
    CountQuery,
    Mean,
    TicketTimes,
    build_stats,
    count_queries,
    in_period,
    period_start,
    rating_score,
)
from ..._core.timestamps import parse_day
from ..._core.trends import TrendsBuilder
from ..._exceptions import PermissionDeniedError
from ..._types import RequestOptions
from ...models.stats import Stats
from ...models.trends import Trends
from .._pagination import Paginator
from ._base import APIResource

__all__ = ["Statistics"]

logger = logging.getLogger(LOGGER_NAME)


class _Created(Protocol):
    @property
    def created_at(self) -> datetime: ...


C = TypeVar("C", bound=_Created)


class Statistics(APIResource):
    """Help-desk figures: ``fd.stats``."""

    def summary(
        self,
        *,
        since: date | datetime | str | None = None,
        counts: bool = True,
        averages: bool = True,
        options: RequestOptions | None = None,
    ) -> Stats:
        """Return the help desk's figures: counts, response and resolution times, satisfaction.

        **Period.** With ``since`` (a ``date``, a ``datetime`` or an ISO 8601
        string of either; a naive datetime is UTC), every figure covers
        records created at or after 00:00:00Z of ``since``'s UTC day (search
        compares whole days); without it, all time.

        **Counts** come from search ``total``s, one request each, whatever
        the account's size: ``total_tickets`` (all statuses, custom ones
        included), ``open_tickets`` (status 2), ``pending_tickets`` (3),
        ``resolved_tickets`` (4), ``closed_tickets`` (5), ``total_contacts``,
        ``total_companies``. Search does not see spam, deleted or archived
        tickets nor deleted contacts, and lags a few minutes behind changes.
        ``total_agents`` and ``total_groups`` are counted by listing them,
        100 per page. Cost of the counts: ``7 + ceil(agents / 100) +
        ceil(groups / 100)`` requests (9 for most accounts). ``counts=False``
        skips them: those figures are ``None``.

        **Averages** (``averages=True``), in hours, over the period's tickets:
        ``avg_first_response_time`` (creation to ``stats.first_responded_at``,
        tickets with a response) and ``avg_resolution_time`` (creation to
        ``stats.resolved_at``, or ``closed_at`` when never resolved, tickets
        now Resolved or Closed), read from ``GET /tickets?include=stats``
        ordered by ``updated_at`` (restarting past page 300). They cost
        ``ceil(U / 100)`` requests of 3 credits each, *U* being the tickets
        updated in the period, so pass ``since`` on a large account.
        ``satisfaction_rating`` is the mean overall survey answer of the
        period's ratings mapped onto 1..5 (-103 -> 1, 100 -> 3, 103 -> 5,
        evenly spaced by rank; see ``docs/stats.md``), ``ceil(R / 100)``
        requests. ``averages=False`` skips both: those figures are ``None``.

        A figure with nothing to measure (no resolved ticket, no rating), or
        that the key may not read (403), is ``None``: never a guess.

        Raises:
            TypeError, ValueError: ``since`` is none of those (nothing is sent).
            FreshdeskError: any other API failure (401, 429 past the retry cap, ...).
        """
        day = None if since is None else parse_day(since, "since")
        start = period_start(day)
        figures: dict[str, int | None] = {}
        calls = 0
        if counts:
            for count in count_queries(day):
                figures[count.figure] = self._count(count, options)
                calls += 1
            agents = self._client.agents.list(per_page=MAX_PER_PAGE, options=options)
            figures["total_agents"], pages = self._count_listed(agents, start)
            calls += pages
            groups = self._client.groups.list(per_page=MAX_PER_PAGE, options=options)
            figures["total_groups"], pages = self._count_listed(groups, start)
            calls += pages
        count_calls = calls
        first_response: float | None = None
        resolution: float | None = None
        satisfaction: float | None = None
        if averages:
            times, pages = self._ticket_times(start, options)
            first_response, resolution = times.first_response.value, times.resolution.value
            satisfaction, rating_pages = self._satisfaction(start, options)
            calls += pages + rating_pages
        logger.debug("stats.summary: %d requests, %d of them for the counts", calls, count_calls)
        return build_stats(
            figures,
            first_response=first_response,
            resolution=resolution,
            satisfaction=satisfaction,
        )

    def trends(self, *, days: int = 30, options: RequestOptions | None = None) -> Trends:
        """Return the help desk day by day over the last *days* UTC days, today included.

        One ``TrendDay`` per day from ``today - (days - 1)`` to today, every
        day present: ``created`` (tickets created that day), ``resolved``
        (tickets now Resolved or Closed whose ``stats.resolved_at``, else
        ``closed_at``, falls on it), the mean ``first_response_hours`` and
        ``resolution_hours`` of the tickets created that day (as
        :meth:`summary` averages them; ``None`` with nothing to measure), the
        mean ``satisfaction`` (1..5, as :meth:`summary`) of the ratings
        created that day and how many ``ratings`` it holds. ``by_status`` and
        ``by_priority`` count the period's created tickets by their current
        status and priority. ``docs/stats.md#trends`` has the details.

        **Cost.** The tickets updated since the first day are read as
        ``iter_all(updated_since=..., include="stats")`` reads them (every
        ticket once, past the 300-page cap): ``ceil(U / 100)`` requests of 3
        credits; the ratings created since then, ``ceil(R / 100)`` requests.
        Ratings the key may not read (403: a plan without surveys) leave
        ``satisfaction`` and ``ratings`` ``None``.

        Raises:
            TypeError, ValueError: *days* is not an int from 1 to 365 (nothing is sent).
            FreshdeskError: any other API failure (401, 429 past the retry cap, ...).
        """
        builder = TrendsBuilder.last_days(days, datetime.now(UTC).date())
        stream = self._client.tickets.iter_all(
            updated_since=builder.start, include="stats", options=options
        )
        pages = 0
        for page in stream.iter_pages():
            pages += page.source == "list"
            builder.add_tickets(page.items)
        # Without created_since only the last 30 days come back (docs/freshdesk-api-notes.md#satisfaction-ratings).
        ratings = self._client.satisfaction_ratings.list(
            created_since=builder.start, per_page=MAX_PER_PAGE, options=options
        )
        try:
            for rating_page in ratings.iter_pages():
                pages += 1
                builder.add_ratings(rating_page.items)
        except PermissionDeniedError:
            builder.ratings_unknown()
        logger.debug("stats.trends(days=%d): %d pages read", days, pages)
        return builder.build()

    def _count(self, count: CountQuery, options: RequestOptions | None) -> int | None:
        try:
            return self._client.search.count(count.query, resource=count.resource, options=options)
        except PermissionDeniedError:
            return None

    def _count_listed(
        self, listing: Paginator[C], start: datetime | None
    ) -> tuple[int | None, int]:
        """Return how many records *listing* holds (created in the period) and the pages read."""
        found = pages = 0
        try:
            for page in listing.iter_pages():
                pages += 1
                found += sum(1 for record in page.items if in_period(record.created_at, start))
        except PermissionDeniedError:
            return None, pages + 1
        return found, pages

    def _ticket_times(
        self, start: datetime | None, options: RequestOptions | None
    ) -> tuple[TicketTimes, int]:
        """Read the period's tickets with their stats; return the averages and the pages read.

        The walk is the complete export's (``iter_all``): it gets past the tickets
        list's 300-page cap without skipping a ticket, whatever the account's size.
        """
        times = TicketTimes(start)
        pages = 0
        stream = self._client.tickets.iter_all(
            updated_since=start or EPOCH, include="stats", options=options
        )
        for page in stream.iter_pages():
            pages += page.source == "list"
            times.add_all(page.items)
        return times, pages

    def _satisfaction(
        self, start: datetime | None, options: RequestOptions | None
    ) -> tuple[float | None, int]:
        """Return the mean 1..5 score of the period's ratings and the pages read."""
        # Without created_since only the last 30 days come back (docs/freshdesk-api-notes.md#satisfaction-ratings).
        ratings = self._client.satisfaction_ratings.list(
            created_since=start or EPOCH, per_page=MAX_PER_PAGE, options=options
        )
        mean = Mean()
        pages = 0
        try:
            for page in ratings.iter_pages():
                pages += 1
                for rating in page.items:
                    if in_period(rating.created_at, start):
                        mean.add(rating_score(rating))
        except PermissionDeniedError:
            return None, pages + 1
        return mean.value, pages
