"""``Mirror.trends()``: the SDK's trends, from SQLite, without a request."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from freshdesk_atom.mirror import Mirror
from freshdesk_atom.models.trends import Trends
from freshdesk_atom.testing import FakeFreshdesk

from .support import ROOMY, client


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> tuple[FakeFreshdesk, Mirror]:
    # The real clock: trends end today, for the SDK and the mirror alike.
    fake = FakeFreshdesk.generate(tickets=1200, contacts=200, seed=5, rate_limit=ROOMY)
    mirror = Mirror(tmp_path_factory.mktemp("mirror-trends") / "m.sqlite")
    with client(fake) as fd:
        mirror.sync(fd, conversations=False)
    return fake, mirror


def without_ratings(trends: Trends) -> Trends:
    """Return *trends* with what the mirror cannot know (ratings) set to unknown."""
    days = tuple(attrs.evolve(day, satisfaction=None, ratings=None) for day in trends.days)
    return attrs.evolve(trends, days=days)


def assert_same(local: Trends, live: Trends) -> None:
    assert (local.since, local.until, local.tickets_read) == (
        live.since,
        live.until,
        live.tickets_read,
    )
    assert local.by_status == live.by_status
    assert local.by_priority == live.by_priority
    assert len(local.days) == len(live.days)
    for mine, theirs in zip(local.days, live.days, strict=True):
        assert (mine.day, mine.created, mine.resolved) == (
            theirs.day,
            theirs.created,
            theirs.resolved,
        )
        for name in ("first_response_hours", "resolution_hours"):
            expected = getattr(theirs, name)
            assert getattr(mine, name) == (None if expected is None else pytest.approx(expected))
        assert (mine.satisfaction, mine.ratings) == (None, None)


@pytest.mark.parametrize("days", [1, 7, 30, 365])
def test_trends_equal_the_sdks_on_the_same_account_and_cost_nothing(
    synced: tuple[FakeFreshdesk, Mirror], days: int
) -> None:
    fake, mirror = synced
    with client(fake) as fd:
        live = fd.stats.trends(days=days)
    before = fake.counters.total_requests
    local = mirror.trends(days=days)
    assert fake.counters.total_requests == before
    assert_same(local, without_ratings(live))
    if days >= 30:
        assert sum(day.created for day in local.days) > 0
        assert sum(day.resolved or 0 for day in local.days) > 0
        assert any(day.first_response_hours is not None for day in local.days)


def test_the_mirror_has_no_ratings_and_says_so(synced: tuple[FakeFreshdesk, Mirror]) -> None:
    _, mirror = synced
    trends = mirror.trends(days=30)
    assert all(day.satisfaction is None and day.ratings is None for day in trends.days)


def test_without_stats_resolutions_are_unknown(tmp_path: Path) -> None:
    fake = FakeFreshdesk.generate(tickets=200, contacts=50, seed=6, rate_limit=ROOMY)
    mirror = Mirror(tmp_path / "m.sqlite")
    with client(fake) as fd:
        mirror.sync(fd, ticket_include=["description"], conversations=False)
        live = fd.stats.trends(days=60)
    trends = mirror.trends(days=60)
    assert [day.created for day in trends.days] == [day.created for day in live.days]
    assert all(
        (day.resolved, day.first_response_hours, day.resolution_hours) == (None, None, None)
        for day in trends.days
    )


@pytest.mark.parametrize("days", [0, 366, True, "30"])
def test_days_is_checked(tmp_path: Path, days: object) -> None:
    mirror = Mirror(tmp_path / "m.sqlite")
    with pytest.raises((TypeError, ValueError), match="days"):
        mirror.trends(days=days)  # type: ignore[arg-type]
