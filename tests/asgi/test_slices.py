"""limit/offset at Freshdesk's page boundaries: exactly the slice, in the fewest calls."""

from __future__ import annotations

from typing import Any

import pytest

from freshdesk_atom.testing import FakeFreshdesk

from .support import ALL_TIME, app_on, sdk, serve

pytestmark = pytest.mark.anyio

OFFSETS = [0, 99, 100, 101]
LIMITS = [1, 100, 1000]


@pytest.fixture(scope="module")
async def truth(big_fake: FakeFreshdesk) -> dict[str, list[int]]:
    """Every id of each list, in Freshdesk's order, read page by page with the SDK."""
    async with sdk(big_fake) as fd:
        return {
            "tickets": [t.id async for t in fd.tickets.list(updated_since=ALL_TIME, per_page=100)],
            "contacts": [c.id async for c in fd.contacts.list(per_page=100)],
            "companies": [c.id async for c in fd.companies.list(per_page=100)],
        }


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.parametrize("route", ["tickets", "contacts", "companies"])
@pytest.mark.parametrize("offset", OFFSETS)
@pytest.mark.parametrize("limit", LIMITS)
async def test_slice_is_exact(
    big_fake: FakeFreshdesk,
    truth: dict[str, list[int]],
    route: str,
    offset: int,
    limit: int,
) -> None:
    ids = truth[route]
    assert len(ids) > 101 + 1000 or route == "companies"
    key = f"GET /{route}"
    before = big_fake.counters.requests[key]
    async with serve(app_on(big_fake)) as client:
        response = await client.get(f"/{route}", params={"limit": limit, "offset": offset})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    got = [record["id"] for record in body["data"]]
    assert got == ids[offset : offset + limit]
    assert body["count"] == len(got)
    calls = big_fake.counters.requests[key] - before
    # 1 record: one call; 100 records: one call when aligned, two otherwise;
    # 1000 records: ten when aligned, eleven otherwise (fewer at the list's end).
    aligned = offset % 100 == 0
    expected = {1: 1, 100: 1 if aligned else 2, 1000: 10 if aligned else 11}[limit]
    if len(ids) < offset + limit:
        assert calls <= expected
    else:
        assert calls == expected


async def test_tickets_use_one_request_per_page_with_the_requester(
    big_fake: FakeFreshdesk,
) -> None:
    before = big_fake.counters.credits_used
    async with serve(app_on(big_fake)) as client:
        response = await client.get("/tickets", params={"limit": 50})
    assert response.status_code == 200
    # One list request: 1 credit + 2 per include (requester, description), docs/freshdesk-api-notes.md#the-tickets-list.
    assert big_fake.counters.credits_used - before == 5


async def test_tickets_offset_past_the_300th_page(big_fake: FakeFreshdesk) -> None:
    before = big_fake.counters.total_requests
    async with serve(app_on(big_fake)) as client:
        response = await client.get("/tickets", params={"offset": 30_000})
    assert response.status_code == 400
    assert response.json()["error"]["details"][0]["field"] == "offset"
    assert big_fake.counters.total_requests == before


async def test_offset_past_the_end_is_empty(big_fake: FakeFreshdesk) -> None:
    async with serve(app_on(big_fake)) as client:
        response = await client.get("/companies", params={"offset": 5000, "limit": 10})
    assert response.status_code == 200
    assert response.json() == {"success": True, "data": [], "count": 0}
