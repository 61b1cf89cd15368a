"""Search against the fake Freshdesk: the 300-result cap, and every match through windows."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import httpx
import pytest

from freshdesk_atom import AsyncFreshdesk, Q, SearchLimitError
from freshdesk_atom.testing import FakeClock, FakeFreshdesk, RateLimitConfig
from tests.fake_accounts import NOW

BUSY_DAY = NOW - timedelta(days=10)


def connect(fake: FakeFreshdesk) -> AsyncFreshdesk:
    return AsyncFreshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.async_transport()),
    )


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def bulk_account() -> tuple[FakeFreshdesk, set[int]]:
    """Return a fake with 1,000 tickets tagged 'bulk' (400 on one day) among others."""
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW), rate_limit=RateLimitConfig.unlimited())
    bulk: set[int] = set()
    for n in range(400):  # one busy day: only status and priority can split it
        record = fake.add_ticket(
            requester_id=7,
            subject=f"busy {n}",
            tags=["bulk"],
            status=(2, 3, 4, 5)[n % 4],
            priority=1 + (n // 4) % 4,
            created_at=stamp(BUSY_DAY + timedelta(seconds=37 * n)),
        )
        bulk.add(record["id"])
    for n in range(600):  # spread over 60 days
        moment = NOW - timedelta(days=20 + n % 60, hours=n % 24)
        record = fake.add_ticket(
            requester_id=7, subject=f"spread {n}", tags=["bulk"], created_at=stamp(moment)
        )
        bulk.add(record["id"])
    for n in range(250):  # not matching
        fake.add_ticket(requester_id=7, subject=f"other {n}", tags=["other"])
    fake.add_ticket(requester_id=7, subject="spam", tags=["bulk"], spam=True)
    return fake, bulk


@pytest.mark.anyio
async def test_a_search_past_300_is_flagged_and_stops_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake, bulk = bulk_account()
    async with connect(fake) as fd:
        paginator = fd.search.tickets(Q.tag("bulk"))
        first = await paginator.first_page()
        assert (first.total, first.truncated, paginator.truncated) == (1_000, True, True)
        assert await fd.search.count(Q.tag("bulk")) == 1_000
        with caplog.at_level(logging.WARNING, logger="freshdesk_atom"):
            ids = [t.id async for t in paginator]
    assert len(ids) == 300
    assert set(ids) <= bulk
    assert sum("cap of 300 results" in r.getMessage() for r in caplog.records) == 1


@pytest.mark.anyio
async def test_tickets_all_returns_all_1000_exactly_once() -> None:
    fake, bulk = bulk_account()
    fake.counters.reset()
    async with connect(fake) as fd:
        ids = [t.id async for t in fd.search.tickets_all(Q.tag("bulk"))]
    requests = fake.counters.requests["GET /search/tickets"]
    print(f"\ntickets_all: {len(ids)} tickets in {requests} search requests")
    assert len(ids) == len(set(ids)) == 1_000
    assert set(ids) == bulk
    # At least ceil(1000 / 30) pages; the cuts add a few counts.
    assert 34 <= requests <= 80


@pytest.mark.anyio
async def test_tickets_all_within_since_and_until() -> None:
    fake, bulk = bulk_account()
    since, until = NOW - timedelta(days=40), NOW - timedelta(days=21)
    expected = {
        t["id"]
        for t in fake.state.tickets.values()
        if t["id"] in bulk
        and since.date().isoformat() <= t["created_at"][:10] <= until.date().isoformat()
    }
    async with connect(fake) as fd:
        ids = [t.id async for t in fd.search.tickets_all("tag:'bulk'", since=since, until=until)]
    assert sorted(ids) == sorted(expected)
    assert 0 < len(ids) < 1_000


@pytest.mark.anyio
async def test_tickets_all_raises_when_a_day_holds_too_many_alike() -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW), rate_limit=RateLimitConfig.unlimited())
    for n in range(301):
        fake.add_ticket(
            requester_id=7,
            subject=f"same {n}",
            tags=["same"],
            status=2,
            priority=1,
            created_at=stamp(BUSY_DAY),
        )
    async with connect(fake) as fd:
        with pytest.raises(SearchLimitError) as info:
            [t async for t in fd.search.tickets_all(Q.tag("same"))]
    assert info.value.total == 301
    assert BUSY_DAY.date().isoformat() in info.value.window


@pytest.mark.anyio
async def test_contacts_all_past_300() -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW), rate_limit=RateLimitConfig.unlimited())
    ids = set()
    for n in range(450):  # one import day, updated over several days
        contact = fake.add_contact(
            name=f"Imported {n}",
            email=f"imported{n}@example.com",
            created_at=stamp(BUSY_DAY),
            updated_at=stamp(BUSY_DAY + timedelta(days=n % 5)),
        )
        ids.add(contact["id"])
    async with connect(fake) as fd:
        assert await fd.search.count(Q.active(False) | Q.active(True), resource="contacts") == 450
        found = [c.id async for c in fd.search.contacts_all(Q.active(False) | Q.active(True))]
    assert len(found) == len(set(found)) == 450
    assert set(found) == ids
