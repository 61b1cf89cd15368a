"""The ATOM Freshdesk page's own sequence of calls, parsed the way the page reads them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from freshdesk_atom.testing import FakeFreshdesk

from .support import app_on, generated, serve

pytestmark = pytest.mark.anyio

# What the page reads from each response's data (docs/adapter.md, "What the ATOM page reads").
READS: dict[str, tuple[str, ...]] = {
    "/contacts?limit=50": ("id", "name", "email", "phone", "company_id", "created_at"),
    "/tickets?limit=50": ("id", "subject", "email", "priority", "status", "created_at", "tags"),
    "/companies": ("id", "name", "domains", "industry", "created_at"),
    "/agents": ("id", "name", "email", "available", "ticket_scope", "group_ids"),
    "/groups": ("id", "name", "description", "escalated", "agent_ids"),
}
FIGURES = (
    "total_tickets",
    "open_tickets",
    "pending_tickets",
    "resolved_tickets",
    "closed_tickets",
    "total_contacts",
    "total_companies",
    "total_agents",
    "total_groups",
    "avg_first_response_time",
    "avg_resolution_time",
    "satisfaction_rating",
)


async def load_page(client: httpx.AsyncClient) -> dict[str, Any] | None:
    """Do what the page does on load; return what it shows, or None for "not connected"."""
    health = await client.get("/health")
    if health.status_code != 200:
        return None
    shown: dict[str, Any] = {"health": health.json()["data"]}
    for path, fields in READS.items():
        response = await client.get(path)
        assert response.status_code == 200, (path, response.text)
        data = response.json()["data"]
        assert isinstance(data, list)
        for record in data:
            for field in fields:
                assert field in record, (path, field)
        shown[path] = data
    stats = await client.get("/stats")
    assert stats.status_code == 200
    figures = stats.json()["data"]
    for name in FIGURES:
        assert figures[name] is None or isinstance(figures[name], int | float), name
    shown["stats"] = figures
    return shown


async def search(client: httpx.AsyncClient, text: str) -> int:
    response = await client.post("/search", json={"query": text, "type": "ticket"})
    assert response.status_code == 200, response.text
    total: int = response.json()["data"]["total_count"]
    return total


@pytest.fixture
def fake() -> FakeFreshdesk:
    return generated(tickets=400, contacts=120)


async def test_page_loads_when_configured(fake: FakeFreshdesk) -> None:
    async with serve(app_on(fake)) as client:
        shown = await load_page(client)
        assert shown is not None
        assert shown["health"]["status"] == "healthy"
        assert len(shown["/contacts?limit=50"]) == 50
        assert len(shown["/tickets?limit=50"]) == 50
        assert len(shown["/agents"]) == len(fake.state.agents)
        living = [c for c in fake.state.contacts.values() if not c.get("deleted")]
        assert shown["stats"]["total_contacts"] == len(living)
        assert await search(client, "dashboard") > 0
        assert await search(client, "no such words anywhere") == 0


async def test_connect_dialog_then_reload(fake: FakeFreshdesk) -> None:
    async with serve(app_on(fake, configured=False)) as client:
        assert await load_page(client) is None
        wrong = await client.post("/auth", json={"api_key": "typo", "domain": "fake"})
        assert wrong.status_code == 401
        assert await load_page(client) is None
        right = await client.post("/auth", json={"api_key": fake.api_key, "domain": "fake"})
        assert right.status_code == 200
        assert right.json()["data"]["authenticated"] is True
        shown = await load_page(client)
        assert shown is not None
        assert len(shown["/tickets?limit=50"]) == 50
        assert await search(client, "login") >= 0
