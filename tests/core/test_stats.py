"""Tables for the stats maths: the count queries, the periods, the averages, the rating scale."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, cast

import attrs
import pytest

from freshdesk_atom._core.search_query import render_query
from freshdesk_atom._core.stats import (
    EPOCH,
    RATING_SCALE,
    Mean,
    TicketTimes,
    build_stats,
    count_queries,
    first_response_hours,
    in_period,
    period_start,
    rating_score,
    resolution_hours,
)
from freshdesk_atom.models import SatisfactionRating, Stats, Ticket, TicketStats
from freshdesk_atom.testing._query import parse_query

T0 = datetime(2024, 3, 5, 9, 0, tzinfo=UTC)


def make_ticket(
    number: int = 1,
    *,
    status: int = 2,
    created: datetime = T0,
    updated: datetime | None = None,
    **stats: datetime | None,
) -> Ticket:
    return Ticket(
        id=number,
        subject="s",
        status=status,
        priority=1,
        source=2,
        requester_id=9,
        created_at=created,
        updated_at=updated or created,
        stats=TicketStats(**cast(dict[str, Any], stats)) if stats else None,
    )


def rating(ratings: dict[str, int], created: datetime = T0) -> SatisfactionRating:
    return SatisfactionRating(
        id=1,
        survey_id=1,
        user_id=2,
        ticket_id=3,
        ratings=ratings,
        created_at=created,
        updated_at=created,
    )


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("since", "start"),
    [
        (None, None),
        (date(2024, 3, 5), datetime(2024, 3, 5, tzinfo=UTC)),
        (datetime(2024, 3, 5, 17, 45, tzinfo=UTC), datetime(2024, 3, 5, tzinfo=UTC)),
        (datetime(2024, 3, 5, 17, 45), datetime(2024, 3, 5, tzinfo=UTC)),  # naive: UTC
        (
            datetime(2024, 3, 5, 22, 0, tzinfo=timezone(timedelta(hours=-5))),
            datetime(2024, 3, 6, tzinfo=UTC),
        ),
    ],
)
def test_period_start_is_the_start_of_the_utc_day(
    since: date | None, start: datetime | None
) -> None:
    assert period_start(since) == start


@pytest.mark.parametrize(
    ("created", "start", "inside"),
    [
        (T0, None, True),
        (None, None, True),
        (None, T0, False),
        (T0, T0, True),
        (T0 - timedelta(seconds=1), T0, False),
        (T0.replace(tzinfo=None), T0, True),  # naive: UTC
    ],
)
def test_in_period(created: datetime | None, start: datetime | None, inside: bool) -> None:
    assert in_period(created, start) is inside


# --------------------------------------------------------------------------- counts


def test_count_queries_without_a_period() -> None:
    rendered = [(q.figure, q.resource, render_query(q.query)) for q in count_queries(None)]
    assert rendered == [
        ("total_tickets", "tickets", "\"created_at:>'1970-01-01'\""),
        ("open_tickets", "tickets", '"status:2"'),
        ("pending_tickets", "tickets", '"status:3"'),
        ("resolved_tickets", "tickets", '"status:4"'),
        ("closed_tickets", "tickets", '"status:5"'),
        ("total_contacts", "contacts", "\"created_at:>'1970-01-01'\""),
        ("total_companies", "companies", "\"created_at:>'1970-01-01'\""),
    ]


def test_count_queries_with_a_period_use_the_utc_day() -> None:
    since = datetime(2024, 3, 5, 23, 0, tzinfo=timezone(timedelta(hours=-2)))
    rendered = {q.figure: render_query(q.query) for q in count_queries(since)}
    assert rendered["total_tickets"] == "\"created_at:>'2024-03-06'\""
    assert rendered["open_tickets"] == "\"status:2 AND created_at:>'2024-03-06'\""
    assert rendered["closed_tickets"] == "\"status:5 AND created_at:>'2024-03-06'\""
    assert rendered["total_contacts"] == "\"created_at:>'2024-03-06'\""


def test_every_count_query_is_valid_freshdesk_search() -> None:
    for since in (None, date(2024, 1, 1)):
        for count in count_queries(since):
            parse_query(render_query(count.query), count.resource)


# --------------------------------------------------------------------------- averages


@pytest.mark.parametrize(
    ("stats", "hours"),
    [
        ({}, None),  # no include=stats
        ({"first_responded_at": None}, None),
        ({"first_responded_at": T0 + timedelta(hours=2, minutes=30)}, 2.5),
        ({"first_responded_at": T0}, 0.0),
        ({"first_responded_at": T0 - timedelta(hours=1)}, None),  # before creation: left out
    ],
)
def test_first_response_hours(stats: dict[str, Any], hours: float | None) -> None:
    # An empty dict gives stats=None; a dict of Nones gives a TicketStats of Nones.
    ticket = make_ticket(**stats) if stats else make_ticket()
    assert first_response_hours(ticket) == hours


@pytest.mark.parametrize(
    ("status", "stats", "hours"),
    [
        (4, {"resolved_at": T0 + timedelta(hours=6)}, 6.0),
        (5, {"resolved_at": T0 + timedelta(hours=6), "closed_at": T0 + timedelta(hours=9)}, 6.0),
        (5, {"closed_at": T0 + timedelta(hours=9)}, 9.0),  # closed, never resolved
        (5, {"resolved_at": None, "closed_at": None}, None),
        (2, {"resolved_at": T0 + timedelta(hours=6)}, None),  # reopened: not resolved now
        (3, {"resolved_at": T0 + timedelta(hours=6)}, None),
        (7, {"resolved_at": T0 + timedelta(hours=6)}, None),  # custom status
        (4, {"resolved_at": T0 - timedelta(minutes=1)}, None),
        (4, {}, None),
    ],
)
def test_resolution_hours(status: int, stats: dict[str, Any], hours: float | None) -> None:
    ticket = make_ticket(status=status, **stats) if stats else make_ticket(status=status)
    assert resolution_hours(ticket) == hours


def test_mean() -> None:
    mean = Mean()
    assert mean.value is None
    for value in (1.0, None, 2.0, 6.0):
        mean.add(value)
    assert mean.value == 3.0
    assert mean.count == 3


def test_ticket_times_count_each_ticket_once_and_only_in_the_period() -> None:
    start = datetime(2024, 3, 1, tzinfo=UTC)
    times = TicketTimes(start)
    hour = timedelta(hours=1)
    times.add_all(
        [
            make_ticket(1, status=4, first_responded_at=T0 + hour, resolved_at=T0 + 3 * hour),
            # The same ticket again (boundary of a restart, or updated meanwhile).
            make_ticket(1, status=4, first_responded_at=T0 + 9 * hour, resolved_at=T0 + 9 * hour),
            make_ticket(2, status=2, first_responded_at=T0 + 3 * hour),
            make_ticket(3, status=5, closed_at=T0 + 5 * hour),
            make_ticket(4),  # no stats at all
            # Created before the period: updated in it, but not counted.
            make_ticket(
                5,
                status=4,
                created=start - hour,
                updated=T0,
                first_responded_at=T0,
                resolved_at=T0,
            ),
        ]
    )
    assert times.seen == {1, 2, 3, 4}
    assert times.first_response.value == 2.0  # (1 + 3) / 2
    assert times.resolution.value == 4.0  # (3 + 5) / 2


def test_ticket_times_without_a_period_count_everything() -> None:
    times = TicketTimes(None)
    times.add(make_ticket(1, created=datetime(2001, 1, 1, tzinfo=UTC)))
    assert times.seen == {1}
    assert times.first_response.value is None


def test_epoch_lifts_the_default_windows() -> None:
    assert datetime(1970, 1, 1, tzinfo=UTC) == EPOCH


# --------------------------------------------------------------------------- satisfaction


@pytest.mark.parametrize(
    ("code", "score"),
    [
        (-103, 1.0),
        (-102, 5 / 3),
        (-101, 7 / 3),
        (100, 3.0),
        (101, 11 / 3),
        (102, 13 / 3),
        (103, 5.0),
    ],
)
def test_rating_scale_is_evenly_spaced_by_rank(code: int, score: float) -> None:
    assert rating_score(rating({"default_question": code})) == pytest.approx(score)
    assert RATING_SCALE[code] == pytest.approx(score)


def test_rating_scale_steps() -> None:
    ordered = [RATING_SCALE[c] for c in sorted(RATING_SCALE)]
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ordered)}
    assert steps == {round(2 / 3, 9)}
    assert (ordered[0], ordered[3], ordered[-1]) == (1.0, 3.0, 5.0)


@pytest.mark.parametrize(
    "ratings",
    [{}, {"question_7": 103}, {"default_question": 0}, {"default_question": 104}],
)
def test_ratings_without_a_known_overall_answer_are_left_out(ratings: dict[str, int]) -> None:
    assert rating_score(rating(ratings)) is None


def test_build_stats_has_exactly_the_atom_fields() -> None:
    stats = build_stats(
        {"total_tickets": 10, "open_tickets": 4, "total_agents": None},
        first_response=1.5,
        resolution=None,
        satisfaction=4.0,
    )
    assert isinstance(stats, Stats)
    assert attrs.asdict(stats) == {
        "total_tickets": 10,
        "open_tickets": 4,
        "pending_tickets": None,
        "resolved_tickets": None,
        "closed_tickets": None,
        "total_contacts": None,
        "total_companies": None,
        "total_agents": None,
        "total_groups": None,
        "avg_first_response_time": 1.5,
        "avg_resolution_time": None,
        "satisfaction_rating": 4.0,
    }
