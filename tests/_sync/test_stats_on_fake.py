# Generated from tests/_async/test_stats_on_fake.py by scripts/unasync.py; do not edit.
"""Stats against generated fake accounts: true figures, and a count cost that does not grow."""

from __future__ import annotations

from datetime import timedelta

import attrs
import httpx
import pytest

from freshdesk_atom import Freshdesk, Stats
from freshdesk_atom._core.stats import period_start
from freshdesk_atom.testing import FakeFreshdesk
from tests.fake_accounts import NOW, count_calls, generated, true_figures

COUNT_FIELDS = (
    "total_tickets",
    "open_tickets",
    "pending_tickets",
    "resolved_tickets",
    "closed_tickets",
    "total_contacts",
    "total_companies",
    "total_agents",
    "total_groups",
)


def connect(fake: FakeFreshdesk) -> Freshdesk:
    return Freshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    )


def assert_matches(result: Stats, truth: dict[str, object]) -> None:
    figures = attrs.asdict(result)
    assert {k: figures[k] for k in COUNT_FIELDS} == {k: truth[k] for k in COUNT_FIELDS}
    for name in ("avg_first_response_time", "avg_resolution_time", "satisfaction_rating"):
        expected = truth[name]
        assert figures[name] == (None if expected is None else pytest.approx(expected)), name


def test_summary_is_true_and_its_counts_cost_the_same_for_2000_and_20000_tickets() -> None:
    measured: dict[int, tuple[int, int]] = {}
    for size in (2_000, 20_000):
        fake = generated(size)
        fake.counters.reset()
        with connect(fake) as fd:
            # All figures on 2,000 tickets; the counts alone on 20,000 (the
            # averages read every ticket, which the counts never do).
            result = fd.stats.summary(averages=size == 2_000)
        measured[size] = (count_calls(fake), fake.counters.total_requests)
        truth = true_figures(fake)
        if size == 20_000:
            truth.update(
                avg_first_response_time=None, avg_resolution_time=None, satisfaction_rating=None
            )
        assert result.total_tickets is not None
        assert result.total_tickets > size * 0.9  # search sees all but spam and trash
        assert_matches(result, truth)
    print(
        f"\nstats.summary count requests: {measured[2_000][0]} for 2,000 tickets "
        f"(all figures: {measured[2_000][1]} requests), "
        f"{measured[20_000][0]} for 20,000 tickets (counts only: {measured[20_000][1]} requests)"
    )
    assert measured[2_000][0] == measured[20_000][0] == 9


def test_summary_since_a_day_on_20000_tickets() -> None:
    fake = generated(20_000)
    since = NOW - timedelta(days=30)
    fake.counters.reset()
    with connect(fake) as fd:
        result = fd.stats.summary(since=since)
    calls = count_calls(fake)
    print(
        f"\nstats.summary(since=30 days ago) on 20,000 tickets: {fake.counters.total_requests} "
        f"requests, {calls} for the counts"
    )
    assert calls == 9
    assert_matches(result, true_figures(fake, period_start(since)))
    assert result.total_tickets is not None
    assert 0 < result.total_tickets < 20_000
    assert result.avg_first_response_time is not None
    assert result.satisfaction_rating is not None
