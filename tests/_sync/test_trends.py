# Generated from tests/_async/test_trends.py by scripts/unasync.py; do not edit.
"""``fd.stats.trends()``: the requests it sends, what it makes of them, and the truth on a fake."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from freshdesk_atom import Freshdesk, Trends
from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig
from tests.fake_accounts import SCALE, parse
from tests.scripted import Script, json_response, ticket

from .clients import make_client


def stamp(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def rating(code: int, created: datetime) -> dict[str, Any]:
    return {
        "id": 1,
        "survey_id": 1,
        "user_id": 2,
        "agent_id": None,
        "group_id": None,
        "ticket_id": 3,
        "feedback": None,
        "ratings": {"default_question": code},
        "created_at": stamp(created),
        "updated_at": stamp(created),
    }


def stats(**values: datetime | None) -> dict[str, str | None]:
    found = {"first_responded_at": None, "resolved_at": None, "closed_at": None, **values}
    return {name: None if value is None else stamp(value) for name, value in found.items()}


def sent(script: Script) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(r.url.path, list(r.url.params.multi_items())) for r in script.requests]


def account(today: date) -> tuple[Callable[[httpx.Request], httpx.Response], datetime]:
    """Return a scripted account of a few tickets and ratings around *today*, and its 09:00."""
    morning = datetime(today.year, today.month, today.day, 9, 0, tzinfo=UTC)
    yesterday = morning - timedelta(days=1)
    tickets = [
        # Yesterday: answered after 2 h, resolved after 10 h (the same day).
        ticket(
            id=1,
            status=4,
            priority=3,
            created_at=stamp(yesterday),
            updated_at=stamp(yesterday + timedelta(hours=10)),
            stats=stats(
                first_responded_at=yesterday + timedelta(hours=2),
                resolved_at=yesterday + timedelta(hours=10),
            ),
        ),
        # Yesterday: still open, answered after 4 h.
        ticket(
            id=2,
            status=2,
            priority=1,
            created_at=stamp(yesterday),
            updated_at=stamp(yesterday + timedelta(hours=4)),
            stats=stats(first_responded_at=yesterday + timedelta(hours=4)),
        ),
        # Created long ago, closed this morning.
        ticket(
            id=3,
            status=5,
            priority=4,
            created_at=stamp(morning - timedelta(days=90)),
            updated_at=stamp(morning),
            stats=stats(closed_at=morning),
        ),
    ]
    ratings = [rating(103, yesterday), rating(100, yesterday), rating(-103, morning)]

    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v2/")
        if path == "tickets":
            return json_response(200, tickets)
        if path == "surveys/satisfaction_ratings":
            return json_response(200, ratings)
        return json_response(404)

    return answer, morning


def test_trends_sends_exactly_these_requests_and_counts_by_day() -> None:
    today = datetime.now(UTC).date()
    answer, _ = account(today)
    script = Script(answer)
    with make_client(script) as fd:
        result = fd.stats.trends(days=7)
    since = today - timedelta(days=6)
    start = f"{since.isoformat()}T00:00:00Z"
    assert sent(script) == [
        # The tickets are walked as the complete export walks them (iter_all).
        (
            "/api/v2/tickets",
            [
                ("updated_since", start),
                ("order_by", "updated_at"),
                ("order_type", "asc"),
                ("per_page", "100"),
                ("page", "1"),
                ("include", "stats"),
            ],
        ),
        ("/api/v2/surveys/satisfaction_ratings", [("created_since", start), ("per_page", "100")]),
    ]
    assert isinstance(result, Trends)
    assert (result.since, result.until) == (since, today)
    assert [day.day for day in result.days] == [since + timedelta(days=n) for n in range(7)]
    by_day = {day.day: day for day in result.days}
    yesterday = by_day[today - timedelta(days=1)]
    assert (yesterday.created, yesterday.resolved) == (2, 1)
    assert (yesterday.first_response_hours, yesterday.resolution_hours) == (3.0, 10.0)
    assert (yesterday.satisfaction, yesterday.ratings) == (4.0, 2)
    now = by_day[today]
    assert (now.created, now.resolved, now.first_response_hours) == (0, 1, None)
    assert (now.satisfaction, now.ratings) == (1.0, 1)
    quiet = by_day[since]
    assert (quiet.created, quiet.resolved, quiet.satisfaction, quiet.ratings) == (0, 0, None, 0)
    assert [(c.status, c.label, c.count) for c in result.by_status] == [
        (2, "Open", 1),
        (3, "Pending", 0),
        (4, "Resolved", 1),
        (5, "Closed", 0),
    ]
    assert [(c.priority, c.count) for c in result.by_priority] == [(1, 1), (2, 0), (3, 1), (4, 0)]
    assert result.tickets_read == 3


@pytest.mark.parametrize("days", [0, 366, -3, True, "30", 7.0])
def test_days_is_checked_before_any_request(days: Any) -> None:
    script = Script(json_response(200, []))
    with make_client(script) as fd:
        with pytest.raises((TypeError, ValueError), match="days"):
            fd.stats.trends(days=days)
    assert script.requests == []


def test_ratings_the_key_may_not_read_are_unknown_not_zero() -> None:
    today = datetime.now(UTC).date()
    answer, _ = account(today)
    denied = json_response(403, {"code": "access_denied", "message": "You are not authorized."})

    def refusing(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("satisfaction_ratings"):
            return denied
        return answer(request)

    with make_client(Script(refusing)) as fd:
        result = fd.stats.trends(days=2)
    assert [(day.satisfaction, day.ratings) for day in result.days] == [(None, None)] * 2
    assert [day.created for day in result.days] == [2, 0]


# ---------------------------------------------------------------- on a generated account


def truth(fake: FakeFreshdesk, since: date, until: date) -> dict[date, dict[str, Any]]:
    """Return the figures of each day, from the fake's state (written from docs/stats.md)."""
    state = fake.state
    start = datetime(since.year, since.month, since.day, tzinfo=UTC)
    days: dict[date, dict[str, Any]] = {}
    day = since
    while day <= until:
        days[day] = {"created": 0, "resolved": 0, "fr": [], "res": [], "scores": []}
        day += timedelta(days=1)
    for t in state.tickets.values():
        updated = parse(t["updated_at"])
        assert updated is not None
        if t["spam"] or t.get("deleted") or updated < start:
            continue
        created = parse(t["created_at"])
        assert created is not None
        found = state.ticket_stats.get(t["id"]) or {}
        responded = parse(found.get("first_responded_at"))
        resolved = parse(found.get("resolved_at")) or parse(found.get("closed_at"))
        if t["status"] not in (4, 5):
            resolved = None
        if created.date() in days:
            bucket = days[created.date()]
            bucket["created"] += 1
            if responded is not None and responded >= created:
                bucket["fr"].append((responded - created).total_seconds() / 3600)
            if resolved is not None and resolved >= created:
                bucket["res"].append((resolved - created).total_seconds() / 3600)
        if resolved is not None and resolved.date() in days:
            days[resolved.date()]["resolved"] += 1
    for r in state.ratings.values():
        created = parse(r["created_at"])
        code = r["ratings"].get("default_question")
        if created is not None and created.date() in days and code in SCALE:
            days[created.date()]["scores"].append(1 + 4 * SCALE.index(code) / 6)

    def mean(values: list[float]) -> float | None:
        return sum(values) / len(values) if values else None

    return {
        day: {
            "created": b["created"],
            "resolved": b["resolved"],
            "first_response_hours": mean(b["fr"]),
            "resolution_hours": mean(b["res"]),
            "satisfaction": mean(b["scores"]),
            "ratings": len(b["scores"]),
        }
        for day, b in days.items()
    }


def test_trends_on_a_generated_account_are_the_accounts_truth() -> None:
    # The fake's clock runs in real time: the SDK's "today" is the account's.
    fake = FakeFreshdesk.generate(
        tickets=1500, contacts=200, seed=4, rate_limit=RateLimitConfig.unlimited()
    )
    with Freshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as fd:
        result = fd.stats.trends(days=60)
    expected = truth(fake, result.since, result.until)
    assert result.until == datetime.now(UTC).date()
    assert len(result.days) == 60
    for day in result.days:
        want = expected[day.day]
        got = {
            "created": day.created,
            "resolved": day.resolved,
            "first_response_hours": day.first_response_hours,
            "resolution_hours": day.resolution_hours,
            "satisfaction": day.satisfaction,
            "ratings": day.ratings,
        }
        for name, value in want.items():
            assert got[name] == (pytest.approx(value) if isinstance(value, float) else value), (
                day.day,
                name,
            )
    assert sum(day.created for day in result.days) > 50  # the generator makes recent tickets
    assert sum(day.resolved or 0 for day in result.days) > 0
    assert sum(day.ratings or 0 for day in result.days) > 0
    assert sum(c.count for c in result.by_status) == sum(day.created for day in result.days)
    assert sum(c.count for c in result.by_priority) == sum(day.created for day in result.days)
