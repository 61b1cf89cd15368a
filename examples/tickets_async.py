"""Fetch several tickets concurrently with the async client, offline on the fake Freshdesk.

Run: python examples/tickets_async.py
"""

from __future__ import annotations

import asyncio

import httpx

from freshdesk_atom import AsyncFreshdesk, NotFoundError
from freshdesk_atom.testing import FakeFreshdesk


async def main() -> None:
    fake = FakeFreshdesk.generate(tickets=300, contacts=80, seed=3)
    async with (
        httpx.AsyncClient(transport=fake.async_transport()) as http_client,
        AsyncFreshdesk(api_key=fake.api_key, base_url=fake.base_url, http_client=http_client) as fd,
    ):
        wanted = [1, 2, 3, 99_999]
        results = await asyncio.gather(
            *(fd.tickets.get(ticket_id, include="stats") for ticket_id in wanted),
            return_exceptions=True,
        )
        for ticket_id, result in zip(wanted, results, strict=True):
            if isinstance(result, NotFoundError):
                print(f"#{ticket_id}: no such ticket")
            elif isinstance(result, BaseException):
                raise result
            else:
                first = result.stats.first_responded_at if result.stats else None
                print(f"#{result.id}: {result.subject!r}, first response at {first}")

        count = 0
        async for _ticket in fd.tickets.list(updated_since="2020-01-01T00:00:00Z", max_items=250):
            count += 1
        print(f"streamed {count} tickets; rate limit now {fd.rate_limit}")


if __name__ == "__main__":
    asyncio.run(main())
