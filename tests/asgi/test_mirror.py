"""``create_app(mirror=...)``: ``/stats`` and free-text ``/search`` from a local mirror, no API credits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from freshdesk_atom import Freshdesk
from freshdesk_atom.mirror import Mirror
from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig

from .support import app_on, sdk, serve, upstream

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def account(tmp_path_factory: pytest.TempPathFactory) -> tuple[FakeFreshdesk, Mirror]:
    """A generated account (recent tickets included) and a mirror synced from it."""
    fake = FakeFreshdesk.generate(
        tickets=700, contacts=260, seed=2, rate_limit=RateLimitConfig(total=1_000_000, window=60)
    )
    mirror = Mirror(tmp_path_factory.mktemp("adapter-mirror") / "fd.sqlite")
    with Freshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
        rate_governor=True,
    ) as fd:
        mirror.sync(fd)
    return fake, mirror


def ok(response: httpx.Response) -> Any:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["success"] is True
    return body["data"]


async def test_stats_come_from_the_mirror_without_a_request(
    account: tuple[FakeFreshdesk, Mirror],
) -> None:
    fake, mirror = account
    before = upstream(fake)
    async with serve(app_on(fake, mirror=mirror)) as client:
        data = ok(await client.get("/stats"))
    assert upstream(fake) == before
    counts = mirror.stats(averages=False)
    since = (datetime.now(UTC) - timedelta(days=30)).date()
    averages = mirror.stats(since=since)
    assert data == {
        "total_tickets": counts.total_tickets,
        "open_tickets": counts.open_tickets,
        "pending_tickets": counts.pending_tickets,
        "resolved_tickets": counts.resolved_tickets,
        "closed_tickets": counts.closed_tickets,
        "total_contacts": counts.total_contacts,
        "total_companies": counts.total_companies,
        "total_agents": counts.total_agents,
        "total_groups": counts.total_groups,
        "avg_first_response_time": averages.avg_first_response_time,
        "avg_resolution_time": averages.avg_resolution_time,
        "satisfaction_rating": None,
        "averages_since": since.isoformat(),
    }
    assert averages.avg_first_response_time is not None
    # The same figures the adapter gives from Freshdesk, satisfaction apart.
    async with serve(app_on(fake)) as client:
        live = ok(await client.get("/stats"))
    for name, value in live.items():
        if name == "satisfaction_rating":
            continue
        if isinstance(value, float):
            assert data[name] == pytest.approx(value), name
        else:
            assert data[name] == value, name


async def test_stats_over_all_time_from_the_mirror(account: tuple[FakeFreshdesk, Mirror]) -> None:
    fake, mirror = account
    async with serve(app_on(fake, mirror=mirror, stats_window_days=None)) as client:
        data = ok(await client.get("/stats"))
    whole = mirror.stats()
    assert data["averages_since"] is None
    assert data["avg_resolution_time"] == whole.avg_resolution_time
    assert data["total_tickets"] == whole.total_tickets


async def test_free_text_ticket_search_uses_full_text_search(
    account: tuple[FakeFreshdesk, Mirror],
) -> None:
    fake, mirror = account
    before = upstream(fake)
    async with serve(app_on(fake, mirror=mirror)) as client:
        data = ok(
            await client.post(
                "/search", json={"query": "dashboard unusable", "type": "ticket", "limit": 5}
            )
        )
    assert upstream(fake) == before
    expected = mirror.search_tickets("dashboard unusable", limit=5)
    assert [r["id"] for r in data["results"]] == [t.id for t in expected]
    assert data["total_count"] == mirror.count_tickets("dashboard unusable") > 5
    assert data["has_more"] is True
    assert data["complete"] is True
    assert data["strategy"] == "scan"
    assert data["scanned"] == mirror.counts()["tickets"]
    async with serve(app_on(fake, mirror=mirror)) as client:
        none = ok(await client.post("/search", json={"query": "?!", "type": "ticket"}))
    assert none["results"] == []
    assert none["total_count"] == 0


async def _every_match(client: httpx.AsyncClient, kind: str, query: str) -> tuple[Any, set[int]]:
    """Page through a search (100 a request, at most 20 requests); return the first page and all ids."""
    ids: set[int] = set()
    first: Any = None
    for page in range(20):
        body = {"query": query, "type": kind, "limit": 100, "offset": page * 100}
        data = ok(await client.post("/search", json=body))
        first = first or data
        ids.update(r["id"] for r in data["results"])
        if not data["has_more"]:
            return first, ids
    raise AssertionError("more pages than expected")


@pytest.mark.parametrize(
    ("kind", "query"), [("contact", "a"), ("contact", "an e"), ("company", "co")]
)
async def test_free_text_contact_and_company_search_match_the_api_scan_completely(
    account: tuple[FakeFreshdesk, Mirror], kind: str, query: str
) -> None:
    fake, mirror = account
    before = upstream(fake)
    async with serve(app_on(fake, mirror=mirror)) as client:
        local, local_ids = await _every_match(client, kind, query)
    assert upstream(fake) == before
    # The API scan reads the same records when its bound covers the account.
    async with serve(app_on(fake, search_scan_limit=100_000)) as client:
        live, live_ids = await _every_match(client, kind, query)
    assert live["complete"] is True
    assert local["complete"] is True
    assert local["total_count"] == live["total_count"] == len(local_ids) > 0
    assert local_ids == live_ids


async def test_field_queries_and_ticket_numbers_still_go_to_freshdesk(
    account: tuple[FakeFreshdesk, Mirror],
) -> None:
    fake, mirror = account
    async with serve(app_on(fake, mirror=mirror)) as client:
        before = upstream(fake)
        data = ok(await client.post("/search", json={"query": "status:2", "type": "ticket"}))
        assert data["strategy"] == "freshdesk_query"
        assert upstream(fake) > before
        before = upstream(fake)
        data = ok(await client.post("/search", json={"query": "#3", "type": "ticket"}))
        assert data["strategy"] == "ticket_id"
        assert upstream(fake) > before


async def test_a_mirror_answers_even_without_freshdesk_credentials(
    account: tuple[FakeFreshdesk, Mirror], tmp_path: Path
) -> None:
    fake, mirror = account
    async with serve(app_on(fake, mirror=mirror, configured=False)) as client:
        ok(await client.get("/stats"))
        ok(await client.post("/search", json={"query": "invoice", "type": "ticket"}))
        response = await client.get("/tickets")
    assert response.status_code == 503
    async with sdk(fake) as fd:
        assert (await fd.agents.me()).id == fake.agent_id
