"""Day-by-day help-desk figures computed by ``fd.stats.trends()`` and ``Mirror.trends()``."""

from __future__ import annotations

from datetime import date

import attrs

__all__ = ["PriorityCount", "StatusCount", "TrendDay", "Trends"]


@attrs.frozen(kw_only=True)
class TrendDay:
    """One UTC day of :class:`Trends`.

    ``docs/stats.md`` says exactly what each figure counts. A figure that
    cannot be known is ``None``, never a guess.

    Attributes:
        day: the UTC calendar day.
        created: tickets created that day.
        resolved: tickets resolved that day: tickets now Resolved or Closed
            whose ``stats.resolved_at`` (else ``stats.closed_at``) falls on it.
            ``None`` when the tickets were read without their stats (a mirror
            synced without ``include=stats``).
        first_response_hours: mean hours from creation to the first agent
            response, over the tickets created that day that have one.
        resolution_hours: mean hours from creation to resolution, over the
            tickets created that day that are now Resolved or Closed.
        satisfaction: mean overall survey answer of the ratings created that
            day, on 1 (extremely unhappy) .. 5 (extremely happy).
        ratings: how many ratings that mean is made of; ``None`` when ratings
            cannot be read (a mirror holds none; a plan without surveys).
    """

    day: date
    created: int
    resolved: int | None
    first_response_hours: float | None
    resolution_hours: float | None
    satisfaction: float | None
    ratings: int | None


@attrs.frozen(kw_only=True)
class StatusCount:
    """How many of the period's created tickets are now in one status.

    Attributes:
        status: the status number (2 Open, 3 Pending, 4 Resolved, 5 Closed;
            an account's custom statuses are 6 and up).
        label: ``"Open"``, ``"Pending"``, ``"Resolved"`` or ``"Closed"``;
            ``None`` for a custom status (its name is the account's own).
        count: the tickets.
    """

    status: int
    label: str | None
    count: int


@attrs.frozen(kw_only=True)
class PriorityCount:
    """How many of the period's created tickets have one priority.

    Attributes:
        priority: 1 Low, 2 Medium, 3 High, 4 Urgent.
        label: ``"Low"``, ``"Medium"``, ``"High"`` or ``"Urgent"``; ``None``
            for any other number.
        count: the tickets.
    """

    priority: int
    label: str | None
    count: int


@attrs.frozen(kw_only=True)
class Trends:
    """The help desk day by day: volume, response and resolution times, satisfaction.

    One :class:`TrendDay` per UTC day from ``since`` to ``until`` (today),
    both included, every day present (a day without tickets has zero
    counts and ``None`` means). ``by_status`` and ``by_priority`` break the
    period's created tickets down by their current status and priority:
    the four standard statuses and priorities are always listed (zero
    included), custom statuses when tickets hold them, in number order.

    Attributes:
        since: the first day.
        until: the last day (the UTC day the figures were computed on).
        days: the days, oldest first.
        by_status: the period's created tickets by current status.
        by_priority: the period's created tickets by priority.
        tickets_read: tickets read to compute them: every ticket updated
            since 00:00:00Z of ``since`` (spam and deleted ones left out).
    """

    since: date
    until: date
    days: tuple[TrendDay, ...]
    by_status: tuple[StatusCount, ...]
    by_priority: tuple[PriorityCount, ...]
    tickets_read: int
