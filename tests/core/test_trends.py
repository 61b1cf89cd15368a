"""Tables for the trends maths: the period, the day buckets, the breakdowns, what is unknown."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, cast

import pytest

from freshdesk_atom._core.trends import (
    MAX_TREND_DAYS,
    PRIORITY_LABELS,
    STATUS_LABELS,
    TrendsBuilder,
    check_days,
)
from freshdesk_atom.models import SatisfactionRating, Ticket, TicketStats
from freshdesk_atom.models.trends import PriorityCount, StatusCount, TrendDay, Trends

TODAY = date(2024, 3, 10)
D0 = datetime(2024, 3, 8, 9, 0, tzinfo=UTC)  # two days before TODAY
HOUR = timedelta(hours=1)


def make_ticket(
    number: int,
    *,
    created: datetime = D0,
    status: int = 2,
    priority: int = 1,
    stats: dict[str, datetime | None] | None = None,
) -> Ticket:
    return Ticket(
        id=number,
        subject="s",
        status=status,
        priority=priority,
        source=2,
        requester_id=9,
        created_at=created,
        updated_at=created,
        stats=None if stats is None else TicketStats(**cast(dict[str, Any], stats)),
    )


def rating(code: int | None, created: datetime = D0) -> SatisfactionRating:
    ratings: dict[str, int] = {} if code is None else {"default_question": code}
    return SatisfactionRating(
        id=1,
        survey_id=1,
        user_id=2,
        ticket_id=3,
        ratings=ratings,
        created_at=created,
        updated_at=created,
    )


def day_of(trends: Trends, day: date) -> TrendDay:
    (found,) = [d for d in trends.days if d.day == day]
    return found


def figures(day: TrendDay) -> dict[str, Any]:
    return {
        "created": day.created,
        "resolved": day.resolved,
        "first_response_hours": day.first_response_hours,
        "resolution_hours": day.resolution_hours,
        "satisfaction": day.satisfaction,
        "ratings": day.ratings,
    }


EMPTY = {
    "created": 0,
    "resolved": 0,
    "first_response_hours": None,
    "resolution_hours": None,
    "satisfaction": None,
    "ratings": 0,
}


# --------------------------------------------------------------------------- the period


@pytest.mark.parametrize(
    ("days", "since"),
    [(1, TODAY), (2, date(2024, 3, 9)), (30, date(2024, 2, 10)), (365, date(2023, 3, 12))],
)
def test_the_period_is_days_utc_days_ending_today(days: int, since: date) -> None:
    builder = TrendsBuilder.last_days(days, TODAY)
    assert (builder.since, builder.until) == (since, TODAY)
    assert builder.start == datetime(since.year, since.month, since.day, tzinfo=UTC)
    trends = builder.build()
    assert [d.day for d in trends.days] == [since + timedelta(days=n) for n in range(days)]
    assert (trends.since, trends.until) == (since, TODAY)


@pytest.mark.parametrize(
    ("days", "error"),
    [
        (0, ValueError),
        (-1, ValueError),
        (MAX_TREND_DAYS + 1, ValueError),
        (True, TypeError),
        ("30", TypeError),
        (30.0, TypeError),
        (None, TypeError),
    ],
)
def test_days_out_of_range_or_of_another_type_is_refused_by_name(
    days: object, error: type[Exception]
) -> None:
    with pytest.raises(error, match="days"):
        check_days(days)
    with pytest.raises(error, match="days"):
        TrendsBuilder.last_days(days, TODAY)  # type: ignore[arg-type]


def test_until_before_since_is_refused() -> None:
    with pytest.raises(ValueError, match="before"):
        TrendsBuilder(since=TODAY, until=TODAY - timedelta(days=1))


def test_an_empty_period_has_every_day_zero_filled_and_every_standard_label() -> None:
    trends = TrendsBuilder.last_days(7, TODAY).build()
    assert len(trends.days) == 7
    assert all(figures(day) == EMPTY for day in trends.days)
    assert trends.by_status == tuple(
        StatusCount(status=s, label=label, count=0) for s, label in STATUS_LABELS.items()
    )
    assert trends.by_priority == tuple(
        PriorityCount(priority=p, label=label, count=0) for p, label in PRIORITY_LABELS.items()
    )
    assert trends.tickets_read == 0


# --------------------------------------------------------------------------- tickets


@pytest.mark.parametrize(
    ("ticket", "on_created_day", "resolved_on"),
    [
        # Open, answered after 2 h: created and measured that day, not resolved.
        (
            make_ticket(1, stats={"first_responded_at": D0 + 2 * HOUR}),
            {"created": 1, "first_response_hours": 2.0, "resolution_hours": None},
            None,
        ),
        # Resolved the next day after 30 h.
        (
            make_ticket(
                1,
                status=4,
                stats={"first_responded_at": D0 + HOUR, "resolved_at": D0 + 30 * HOUR},
            ),
            {"created": 1, "first_response_hours": 1.0, "resolution_hours": 30.0},
            date(2024, 3, 9),
        ),
        # Closed without passing through Resolved: closed_at is its resolution.
        (
            make_ticket(1, status=5, stats={"closed_at": D0 + 3 * HOUR}),
            {"created": 1, "first_response_hours": None, "resolution_hours": 3.0},
            date(2024, 3, 8),
        ),
        # Resolved, then closed two days later: resolved_at counts.
        (
            make_ticket(
                1,
                status=5,
                stats={"resolved_at": D0 + 5 * HOUR, "closed_at": D0 + 53 * HOUR},
            ),
            {"created": 1, "first_response_hours": None, "resolution_hours": 5.0},
            date(2024, 3, 8),
        ),
        # Reopened: a resolved_at from before, but not resolved now.
        (
            make_ticket(1, status=2, stats={"resolved_at": D0 + HOUR}),
            {"created": 1, "first_response_hours": None, "resolution_hours": None},
            None,
        ),
        # Imported, timestamps before creation: created, resolved, but not measured.
        (
            make_ticket(
                1,
                status=4,
                stats={"first_responded_at": D0 - HOUR, "resolved_at": D0 - HOUR},
            ),
            {"created": 1, "first_response_hours": None, "resolution_hours": None},
            date(2024, 3, 8),
        ),
        # Without stats (read without include=stats): created only.
        (
            make_ticket(1, status=4),
            {"created": 1, "first_response_hours": None, "resolution_hours": None},
            None,
        ),
        # Created before the period, resolved in it: resolved that day only.
        (
            make_ticket(1, created=D0 - timedelta(days=40), status=4, stats={"resolved_at": D0}),
            {"created": 0, "first_response_hours": None, "resolution_hours": None},
            date(2024, 3, 8),
        ),
        # Resolved before the period: nowhere.
        (
            make_ticket(
                1,
                created=D0 - timedelta(days=40),
                status=4,
                stats={"resolved_at": D0 - timedelta(days=39)},
            ),
            {"created": 0, "first_response_hours": None, "resolution_hours": None},
            None,
        ),
    ],
)
def test_one_ticket(
    ticket: Ticket, on_created_day: dict[str, Any], resolved_on: date | None
) -> None:
    builder = TrendsBuilder.last_days(7, TODAY)
    builder.add_ticket(ticket)
    trends = builder.build()
    created = figures(day_of(trends, D0.date()))
    assert {name: created[name] for name in on_created_day} == on_created_day
    resolved = {day.day: day.resolved for day in trends.days if day.resolved}
    assert resolved == ({} if resolved_on is None else {resolved_on: 1})
    assert trends.tickets_read == 1


def test_means_per_day_and_days_between_stay_empty() -> None:
    builder = TrendsBuilder.last_days(3, TODAY)
    day2 = D0 + timedelta(days=2)  # TODAY
    builder.add_tickets(
        [
            make_ticket(1, stats={"first_responded_at": D0 + 1 * HOUR}),
            make_ticket(2, stats={"first_responded_at": D0 + 4 * HOUR}),
            make_ticket(3, status=4, stats={"resolved_at": D0 + 10 * HOUR}),
            make_ticket(4, created=day2, status=5, stats={"closed_at": day2 + 2 * HOUR}),
        ]
    )
    trends = builder.build()
    assert figures(trends.days[0]) == {
        **EMPTY,
        "created": 3,
        "resolved": 1,
        "first_response_hours": 2.5,
        "resolution_hours": 10.0,
    }
    assert figures(trends.days[1]) == EMPTY
    assert figures(trends.days[2]) == {
        **EMPTY,
        "created": 1,
        "resolved": 1,
        "resolution_hours": 2.0,
    }
    assert trends.tickets_read == 4


def test_a_ticket_seen_twice_counts_once_as_first_seen() -> None:
    builder = TrendsBuilder.last_days(7, TODAY)
    builder.add_ticket(make_ticket(1, stats={"first_responded_at": D0 + HOUR}))
    builder.add_ticket(make_ticket(1, status=4, stats={"resolved_at": D0 + 9 * HOUR}))
    trends = builder.build()
    assert figures(day_of(trends, D0.date())) == {
        **EMPTY,
        "created": 1,
        "first_response_hours": 1.0,
    }
    assert trends.tickets_read == 1


@pytest.mark.parametrize(
    ("created", "day"),
    [
        # 23:30 at -05:00 is 04:30Z the next day.
        (datetime(2024, 3, 7, 23, 30, tzinfo=timezone(timedelta(hours=-5))), date(2024, 3, 8)),
        (datetime(2024, 3, 9, 0, 0, tzinfo=UTC), date(2024, 3, 9)),
        (datetime(2024, 3, 8, 23, 59, 59, tzinfo=UTC), date(2024, 3, 8)),
        (datetime(2024, 3, 8, 12, 0), date(2024, 3, 8)),  # naive: UTC
    ],
)
def test_days_are_utc_days(created: datetime, day: date) -> None:
    builder = TrendsBuilder.last_days(7, TODAY)
    builder.add_ticket(make_ticket(1, created=created))
    trends = builder.build()
    assert {d.day for d in trends.days if d.created} == {day}


def test_the_breakdowns_count_the_periods_created_tickets_by_number() -> None:
    builder = TrendsBuilder.last_days(7, TODAY)
    builder.add_tickets(
        [
            make_ticket(1, status=2, priority=4),
            make_ticket(2, status=2, priority=1),
            make_ticket(3, status=7, priority=4),  # a custom status
            make_ticket(4, status=5, priority=2),
            # Created before the period: read, but in no breakdown.
            make_ticket(5, created=D0 - timedelta(days=30), status=3, priority=3),
        ]
    )
    trends = builder.build()
    assert [(c.status, c.label, c.count) for c in trends.by_status] == [
        (2, "Open", 2),
        (3, "Pending", 0),
        (4, "Resolved", 0),
        (5, "Closed", 1),
        (7, None, 1),
    ]
    assert [(c.priority, c.label, c.count) for c in trends.by_priority] == [
        (1, "Low", 1),
        (2, "Medium", 1),
        (3, "High", 0),
        (4, "Urgent", 2),
    ]
    assert sum(c.count for c in trends.by_status) == sum(d.created for d in trends.days) == 4
    assert trends.tickets_read == 5


def test_add_takes_a_tickets_bare_fields() -> None:
    builder = TrendsBuilder.last_days(7, TODAY)
    builder.add(
        ticket_id=1,
        status=4,
        priority=3,
        created_at=D0,
        first_responded_at=D0 + HOUR,
        resolved_at=D0 + 6 * HOUR,
        closed_at=None,
    )
    from_fields = builder.build()
    other = TrendsBuilder.last_days(7, TODAY)
    other.add_ticket(
        make_ticket(
            1,
            status=4,
            priority=3,
            stats={"first_responded_at": D0 + HOUR, "resolved_at": D0 + 6 * HOUR},
        )
    )
    assert from_fields == other.build()


def test_without_stats_the_resolutions_and_times_are_unknown() -> None:
    builder = TrendsBuilder.last_days(3, TODAY)
    builder.add_ticket(make_ticket(1, status=4, stats={"resolved_at": D0 + HOUR}))
    builder.resolutions_unknown()
    trends = builder.build()
    for day in trends.days:
        assert (day.resolved, day.first_response_hours, day.resolution_hours) == (None, None, None)
    assert trends.days[0].created == 1
    assert trends.by_status[2] == StatusCount(status=4, label="Resolved", count=1)


# --------------------------------------------------------------------------- ratings


def test_ratings_are_scored_on_their_creation_day() -> None:
    builder = TrendsBuilder.last_days(3, TODAY)
    builder.add_ratings(
        [
            rating(103),
            rating(100),
            rating(-103, D0 + timedelta(days=2)),
            rating(None),  # no overall answer: in neither figure
            rating(42),  # a code outside the scale: the same
            rating(103, D0 - timedelta(days=1)),  # before the period
            rating(103, D0 + timedelta(days=3)),  # after it (tomorrow's clock skew)
        ]
    )
    trends = builder.build()
    assert [(d.satisfaction, d.ratings) for d in trends.days] == [(4.0, 2), (None, 0), (1.0, 1)]


def test_unreadable_ratings_are_unknown_not_zero() -> None:
    builder = TrendsBuilder.last_days(2, TODAY)
    builder.ratings_unknown()
    trends = builder.build()
    assert [(d.satisfaction, d.ratings) for d in trends.days] == [(None, None), (None, None)]
    assert [d.created for d in trends.days] == [0, 0]
