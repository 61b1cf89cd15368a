"""Tables for the search window planner, and whole plans checked against the fake's parser."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from freshdesk_atom._core.search_query import Q
from freshdesk_atom._core.search_windows import (
    EARLIEST_DAY,
    SEARCH_RESULT_CAP,
    Range,
    Window,
    WindowPlanner,
    is_truncated,
    root_window,
    utc_day,
    window_query,
)
from freshdesk_atom._exceptions import SearchLimitError
from freshdesk_atom.testing._query import parse_query

TODAY = date(2026, 6, 1)


def day(text: str) -> int:
    return date.fromisoformat(text).toordinal()


def created(low: str | None = None, high: str | None = None) -> Range:
    return Range(
        "created_at",
        "date",
        None if low is None else day(low),
        None if high is None else day(high),
        floor=EARLIEST_DAY.toordinal(),
    )


def status(low: int | None = None, high: int | None = None) -> Range:
    return Range("status", "int", low, high, floor=2, ceiling=5)


# --------------------------------------------------------------------------- small pieces


@pytest.mark.parametrize(
    ("total", "truncated"),
    [(None, False), (0, False), (30, False), (300, False), (301, True), (20_000, True)],
)
def test_is_truncated(total: int | None, truncated: bool) -> None:
    assert is_truncated(total) is truncated
    assert SEARCH_RESULT_CAP == 300


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2024, 3, 5), date(2024, 3, 5)),
        (datetime(2024, 3, 5, 23, 30), date(2024, 3, 5)),  # naive: UTC
        (datetime(2024, 3, 5, 23, 30, tzinfo=UTC), date(2024, 3, 5)),
        (datetime(2024, 3, 5, 23, 30, tzinfo=timezone(timedelta(hours=-2))), date(2024, 3, 6)),
        (datetime(2024, 3, 6, 1, 0, tzinfo=timezone(timedelta(hours=5))), date(2024, 3, 5)),
    ],
)
def test_utc_day(value: date, expected: date) -> None:
    assert utc_day(value) == expected


@pytest.mark.parametrize(
    ("rng", "halves"),
    [
        # Closed day ranges: [lo, mid] and [mid + 1, hi], never overlapping.
        (
            created("2024-01-01", "2024-01-31"),
            (created("2024-01-01", "2024-01-16"), created("2024-01-17", "2024-01-31")),
        ),
        (
            created("2024-01-01", "2024-01-02"),
            (created("2024-01-01", "2024-01-01"), created("2024-01-02", "2024-01-02")),
        ),
        (created("2024-01-01", "2024-01-01"), None),  # one day: cannot be cut
        # Open upper end: cut against today, the right half stays open.
        (
            created("2026-05-30"),
            (created("2026-05-30", "2026-05-31"), created("2026-06-01")),
        ),
        (created("2026-06-01"), None),  # from today on: nothing to cut
        (created("2026-07-01"), None),  # in the future: nothing to cut
        # Open lower end: cut from 1970-01-01, the left half stays open.
        (
            created(None, "1970-01-03"),
            (created(None, "1970-01-02"), created("1970-01-03", "1970-01-03")),
        ),
        # Statuses: 2..5 assumed, open ends keep custom statuses and oddities.
        (status(), (status(None, 3), status(4, None))),
        (status(None, 3), (status(None, 2), status(3, 3))),
        (status(4, None), (status(4, 4), status(5, None))),
        (status(None, 2), None),
        (status(5, None), None),
        (status(3, 3), None),
    ],
)
def test_range_halves(rng: Range, halves: tuple[Range, Range] | None) -> None:
    assert rng.halves(TODAY) == halves


@pytest.mark.parametrize(
    ("rng", "text"),
    [
        (created(), ""),
        (created("2024-01-01"), "created_at:>'2024-01-01'"),
        (created(None, "2024-01-31"), "created_at:<'2024-01-31'"),
        (
            created("2024-01-01", "2024-01-31"),
            "created_at:>'2024-01-01' AND created_at:<'2024-01-31'",
        ),
        (created("2024-01-01", "2024-01-01"), "created_at:'2024-01-01'"),
        (status(None, 3), "status:<3"),
        (status(5, None), "status:>5"),
        (status(4, 4), "status:4"),
    ],
)
def test_range_conditions(rng: Range, text: str) -> None:
    assert " AND ".join(str(c) for c in rng.conditions()) == text


def test_root_window_per_resource() -> None:
    tickets = root_window("tickets")
    assert [r.field for r in tickets.ranges] == ["created_at", "status", "priority"]
    assert tickets.conditions() == ()
    for resource in ("contacts", "companies"):
        assert [r.field for r in root_window(resource).ranges] == ["created_at", "updated_at"]


def test_root_window_takes_utc_days_both_included() -> None:
    window = root_window(
        "tickets",
        since=datetime(2024, 1, 1, 23, 0, tzinfo=timezone(timedelta(hours=-3))),
        until=date(2024, 1, 31),
    )
    assert [str(c) for c in window.conditions()] == [
        "created_at:>'2024-01-02'",
        "created_at:<'2024-01-31'",
    ]


def test_root_window_refuses_since_after_until() -> None:
    with pytest.raises(ValueError, match=r"since \(2024-02-01\) is after until \(2024-01-31\)"):
        root_window("tickets", since=date(2024, 2, 1), until=date(2024, 1, 31))


@pytest.mark.parametrize(
    ("base", "window", "expected"),
    [
        ("status:2", Window((created(),)), '"status:2"'),
        ('"status:2"', Window((created(),)), '"status:2"'),
        (
            "status:2 OR status:3",
            Window((created("2024-01-01", "2024-01-31"),)),
            "\"(status:2 OR status:3) AND created_at:>'2024-01-01' AND created_at:<'2024-01-31'\"",
        ),
        (
            Q.status(2) | Q.status(3),
            Window((created("2024-01-01"), status(4, 4))),
            "\"(status:2 OR status:3) AND created_at:>'2024-01-01' AND status:4\"",
        ),
        (
            Q.status(2) & Q.priority(3),
            Window((created(None, "2024-01-31"),)),
            "\"status:2 AND priority:3 AND created_at:<'2024-01-31'\"",
        ),
    ],
)
def test_window_query(base: Any, window: Window, expected: str) -> None:
    assert window_query(base, window) == expected


def test_window_query_checks_the_length_of_the_whole() -> None:
    base = "tag:'" + "x" * 500 + "'"
    window_query(base, Window((created(),)))  # 506 characters alone: fine
    with pytest.raises(ValueError, match="maximum of 512"):
        window_query(base, Window((created("2024-01-01"),)))


def test_widest_window_renders_the_longest_query() -> None:
    root = root_window("tickets")
    widest = window_query("status:2", root.widest(TODAY))
    assert widest.count(":>") == 3
    assert widest.count(":<") == 3
    for window in _all_windows(root, depth=6):
        assert len(window_query("status:2", window)) <= len(widest)


def _all_windows(root: Window, depth: int) -> list[Window]:
    found, layer = [root], [root]
    for _ in range(depth):
        layer = [half for w in layer for half in (w.split(TODAY) or ())]
        found.extend(layer)
    return found


# --------------------------------------------------------------------------- whole plans


def ticket(number: int, created_day: date, status_: int, priority: int) -> dict[str, Any]:
    return {
        "id": number,
        "created_at": f"{created_day.isoformat()}T{number % 24:02d}:00:00Z",
        "updated_at": f"{created_day.isoformat()}T23:59:59Z",
        "status": status_,
        "priority": priority,
    }


def run_plan(
    records: Sequence[dict[str, Any]],
    base: str,
    root: Window,
    resource: str = "tickets",
) -> tuple[list[list[int]], int]:
    """Drive the planner with counts from the fake's own parser; return windows' ids and requests."""

    def matching(query: str) -> list[int]:
        compiled = parse_query(query, resource)  # type: ignore[arg-type]
        return [r["id"] for r in records if compiled.matches(r)]

    planner = WindowPlanner(root, today=TODAY)
    fetched: list[list[int]] = []
    requests = 0
    while (window := planner.next_window()) is not None:
        ids = matching(window_query(base, window))
        requests += 1  # page 1 counts the window
        if planner.record(window, len(ids)):
            assert len(ids) <= SEARCH_RESULT_CAP
            requests += max(0, -(-len(ids) // 30) - 1)
            fetched.append(ids)
    assert planner.counted == requests - sum(max(0, -(-len(f) // 30) - 1) for f in fetched)
    return fetched, requests


def random_tickets(count: int, seed: int, days: int = 900) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    start = TODAY - timedelta(days=days)
    return [
        ticket(
            number,
            start + timedelta(days=int(rng.triangular(0, days, days))),
            rng.choice([2, 2, 3, 4, 5, 5, 5, 6, 7]),  # 6, 7: custom statuses
            rng.choice([1, 2, 3, 4]),
        )
        for number in range(1, count + 1)
    ]


@pytest.mark.parametrize(("count", "seed"), [(0, 1), (250, 2), (301, 3), (3_000, 4), (6_000, 5)])
def test_every_match_in_exactly_one_window(count: int, seed: int) -> None:
    records = random_tickets(count, seed)
    fetched, requests = run_plan(records, "priority:>2", root_window("tickets"))
    ids = [i for window in fetched for i in window]
    assert len(ids) == len(set(ids))  # disjoint windows
    assert sorted(ids) == sorted(r["id"] for r in records if r["priority"] >= 2)
    # Each split costs one request on top of ceil(n / 30) per window read.
    if count <= SEARCH_RESULT_CAP:
        assert requests == max(1, -(-len(ids) // 30))


def test_windows_come_oldest_first_and_a_busy_day_is_cut_by_status() -> None:
    busy = date(2025, 5, 5)
    records = [ticket(n, busy, [2, 3, 4, 5, 9][n % 5], 1 + n % 4) for n in range(1, 1_201)]
    records += [ticket(n, date(2024, 1, 1), 2, 2) for n in range(2_000, 2_010)]
    fetched, _ = run_plan(records, "priority:>2", root_window("tickets"))
    ids = [i for window in fetched for i in window]
    assert sorted(ids) == sorted(r["id"] for r in records if r["priority"] >= 2)
    assert fetched[0]
    assert all(i >= 2_000 for i in fetched[0])  # the old day comes first


def test_since_and_until_bound_the_plan() -> None:
    records = random_tickets(2_000, 7)
    since, until = TODAY - timedelta(days=200), TODAY - timedelta(days=100)
    fetched, _ = run_plan(records, "status:>2", root_window("tickets", since=since, until=until))
    ids = sorted(i for window in fetched for i in window)
    expected = [
        r["id"]
        for r in records
        if r["status"] >= 2 and since.isoformat() <= r["created_at"][:10] <= until.isoformat()
    ]
    assert ids == sorted(expected)


def test_contacts_are_cut_by_updated_at_after_created_at() -> None:
    imported = date(2025, 2, 2)
    records = [
        {
            "id": n,
            "created_at": f"{imported.isoformat()}T10:00:00Z",
            "updated_at": f"{(imported + timedelta(days=n % 40)).isoformat()}T10:00:00Z",
            "active": True,
        }
        for n in range(1, 2_001)
    ]
    fetched, _ = run_plan(records, "active:true", root_window("contacts"), "contacts")
    assert sorted(i for window in fetched for i in window) == list(range(1, 2_001))


def test_an_unsplittable_window_raises_naming_the_limit() -> None:
    same = [ticket(n, date(2025, 1, 1), 2, 3) for n in range(1, 302)]
    with pytest.raises(SearchLimitError) as info:
        run_plan(same, "status:2", root_window("tickets"))
    assert info.value.total == 301
    assert "created_at 2025-01-01..2025-01-01" in info.value.window
    assert "status 2..2" in info.value.window or "status *..2" in info.value.window
    assert "more than the 300" in str(info.value)


@pytest.mark.parametrize(("total", "fetch"), [(0, False), (1, True), (300, True)])
def test_record_fetches_or_drops(total: int, fetch: bool) -> None:
    planner = WindowPlanner(root_window("tickets"), today=TODAY)
    window = planner.next_window()
    assert window is not None
    assert planner.record(window, total) is fetch
    assert planner.next_window() is None
    assert planner.counted == 1


def test_record_splits_and_returns_the_lower_half_first() -> None:
    root = root_window("tickets", since=date(2024, 1, 1), until=date(2024, 1, 4))
    planner = WindowPlanner(root, today=TODAY)
    window = planner.next_window()
    assert window == root
    assert planner.record(window, 301) is False
    first, second = planner.next_window(), planner.next_window()
    assert first is not None
    assert second is not None
    assert first.ranges[0].describe() == "created_at 2024-01-01..2024-01-02"
    assert second.ranges[0].describe() == "created_at 2024-01-03..2024-01-04"
    assert planner.split_count == 1
