"""The async paginators and ``iter_all`` keep several pages in flight, in order, and waste little.

Async only: the sync client fetches one page at a time (``Prefetch`` is a no-op there).
"""

from __future__ import annotations

import json
from typing import Any

import anyio
import httpx
import pytest

from freshdesk_atom import AsyncFreshdesk
from tests.scripted import API_KEY, BASE_URL

pytestmark = pytest.mark.anyio

LATENCY = 0.02


class SlowList:
    """A tickets list of *pages* pages of one ticket each, answering after LATENCY; counts overlap."""

    def __init__(self, pages: int, *, total: int | None = None) -> None:
        self.pages = pages
        self.total = total
        self.asked: list[int] = []
        self.in_flight = 0
        self.most_in_flight = 0

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        self.asked.append(page)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await anyio.sleep(LATENCY)
        finally:
            self.in_flight -= 1
        record = ticket(page)
        if self.total is not None:  # a search: {"results", "total"}
            body = {
                "results": [record] * 30 if page * 30 <= self.total else [record],
                "total": self.total,
            }
            return httpx.Response(200, content=json.dumps(body).encode())
        items = [record] if page <= self.pages else []
        headers = {}
        if page < self.pages:
            headers["link"] = f'<{BASE_URL}tickets?page={page + 1}>; rel="next"'
        return httpx.Response(200, content=json.dumps(items).encode(), headers=headers)


def ticket(number: int) -> dict[str, Any]:
    return {
        "id": number,
        "subject": f"t{number}",
        "status": 2,
        "priority": 1,
        "source": 2,
        "requester_id": 1,
        "created_at": "2024-01-01T00:00:00Z",
        "updated_at": "2024-01-01T00:00:00Z",
    }


def client(handler: SlowList, *, depth: int) -> AsyncFreshdesk:
    return AsyncFreshdesk(
        api_key=API_KEY,
        base_url=BASE_URL,
        pages_in_flight=depth,
        rate_governor=False,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )


async def test_pages_come_in_order_with_up_to_pages_in_flight_requests() -> None:
    handler = SlowList(40)
    async with client(handler, depth=4) as fd:
        got = [t.id async for t in fd.tickets.list()]
    assert got == list(range(1, 41))
    assert handler.most_in_flight == 4
    # Past the end: at most pages_in_flight - 1 requests.
    assert 40 <= len(handler.asked) <= 43


@pytest.mark.parametrize("pages", [1, 2])
async def test_a_short_list_costs_no_extra_request(pages: int) -> None:
    handler = SlowList(pages)
    async with client(handler, depth=8) as fd:
        got = [t.id async for t in fd.tickets.list()]
    assert got == list(range(1, pages + 1))
    assert sorted(handler.asked) == list(range(1, pages + 1))


async def test_one_page_in_flight_is_one_at_a_time() -> None:
    handler = SlowList(10)
    async with client(handler, depth=1) as fd:
        assert len([t async for t in fd.tickets.list()]) == 10
    assert handler.most_in_flight == 1
    assert handler.asked == list(range(1, 11))


async def test_a_search_asks_exactly_the_pages_its_total_covers() -> None:
    handler = SlowList(0, total=95)  # pages 1..4
    async with client(handler, depth=8) as fd:
        got = [t async for t in fd.search.tickets("status:2")]
    assert len(got) == 3 * 30 + 1
    assert sorted(handler.asked) == [1, 2, 3, 4]
    assert handler.most_in_flight == 3  # pages 2, 3 and 4 at once, after page 1


async def test_stopping_early_cancels_what_was_asked_ahead() -> None:
    handler = SlowList(100)
    async with client(handler, depth=8) as fd:
        async for page in fd.tickets.list().iter_pages():
            if page.page == 10:
                break
        await anyio.sleep(LATENCY * 3)
        assert handler.in_flight == 0
    assert len(handler.asked) < 20


async def test_the_contacts_export_walk_keeps_pages_in_flight_and_yields_each_record_once() -> None:
    """Contacts are walked by page number (their list is ordered by name), so pages go ahead.

    The tickets walk restarts its window from each page's last ``updated_at``
    (docs/complete-export.md), so its next request is known only once a page
    has come: one page at a time per pass, by design.
    """
    from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig

    fake = FakeFreshdesk.generate(
        tickets=10, contacts=3_000, seed=3, latency=LATENCY, rate_limit=RateLimitConfig.unlimited()
    )
    inner = fake.async_transport()
    overlap = {"now": 0, "most": 0}

    class Counting(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            overlap["now"] += 1
            overlap["most"] = max(overlap["most"], overlap["now"])
            try:
                return await inner.handle_async_request(request)
            finally:
                overlap["now"] -= 1

    async with AsyncFreshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        pages_in_flight=8,
        rate_governor=False,
        http_client=httpx.AsyncClient(transport=Counting()),
    ) as fd:
        got = [c.id async for c in fd.contacts.iter_all()]
    visible = [
        n
        for n, c in fake.state.contacts.items()
        if not c.get("deleted") and n not in fake.state.blocked
    ]
    assert sorted(got) == sorted(visible)
    assert len(got) == len(set(got))
    assert overlap["most"] == 8
