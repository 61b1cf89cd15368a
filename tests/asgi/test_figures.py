"""``/stats`` and ``/stats/trends`` answers kept briefly per account: a reload costs no credits."""

from __future__ import annotations

import pytest

from freshdesk_atom.asgi._figures import FiguresCache
from freshdesk_atom.testing import FakeFreshdesk, FaultPlan

from .support import app_on, generated, serve

pytestmark = pytest.mark.anyio


@pytest.fixture
def fake() -> FakeFreshdesk:
    return generated(tickets=200, contacts=40)


@pytest.mark.parametrize("path", ["/stats", "/stats/trends?days=7"])
async def test_a_second_request_is_answered_without_freshdesk(
    fake: FakeFreshdesk, path: str
) -> None:
    async with serve(app_on(fake)) as client:
        first = await client.get(path)
        sent = fake.counters.total_requests
        second = await client.get(path)
    assert first.status_code == second.status_code == 200
    assert second.json() == first.json()
    assert fake.counters.total_requests == sent


async def test_each_period_of_trends_is_its_own_answer(fake: FakeFreshdesk) -> None:
    async with serve(app_on(fake)) as client:
        week = (await client.get("/stats/trends?days=7")).json()["data"]
        sent = fake.counters.total_requests
        month = (await client.get("/stats/trends?days=30")).json()["data"]
    assert fake.counters.total_requests > sent
    assert (len(week["days"]), len(month["days"])) == (7, 30)


async def test_max_age_zero_reads_every_time(fake: FakeFreshdesk) -> None:
    async with serve(app_on(fake, figures_max_age=0)) as client:
        await client.get("/stats")
        sent = fake.counters.total_requests
        await client.get("/stats")
    assert fake.counters.total_requests > sent


async def test_a_failed_reading_is_not_kept(fake: FakeFreshdesk) -> None:
    async with serve(app_on(fake, max_retries=0)) as client:
        fake.faults = FaultPlan(rate=1.0, kinds=("503",))
        failed = await client.get("/stats/trends?days=7")
        fake.faults = None
        answered = await client.get("/stats/trends?days=7")
    assert failed.status_code >= 500
    assert answered.status_code == 200


async def test_an_answer_expires() -> None:
    now = [0.0]
    cache = FiguresCache(max_age=60, clock=lambda: now[0])
    reads = 0

    async def read() -> dict[str, object]:
        nonlocal reads
        reads += 1
        return {"read": reads}

    key = ("https://acme.freshdesk.com/api/v2/", "digest", "stats")
    assert await cache.get(key, read) == {"read": 1}
    now[0] = 60.0
    assert await cache.get(key, read) == {"read": 1}
    now[0] = 60.5
    assert await cache.get(key, read) == {"read": 2}
    other = ("https://acme.freshdesk.com/api/v2/", "digest", "trends:7")
    now[0] = 200.0
    assert await cache.get(other, read) == {"read": 3}
    assert "answers=1" in repr(cache)  # the expired one is gone
    with pytest.raises(ValueError, match="max_age"):
        FiguresCache(max_age=-1)
