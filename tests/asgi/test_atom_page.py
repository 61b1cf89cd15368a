"""The ATOM Freshdesk page's own sequence of calls, parsed the way the page reads them."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import httpx
import pytest

from freshdesk_atom.testing import FakeFreshdesk

from .support import app_on, generated, serve

pytestmark = pytest.mark.anyio

# What ATOM's page (FreshdeskIntegration.tsx) reads from each answer, and the type it
# needs there (docs/adapter.md, "What the ATOM page reads"). A field the page reads
# with a method (`.length`, `.map`, `.join`, `.charAt`, `.toFixed`) must never be null:
# one null there throws while React renders and blanks the whole page, every tab.
NUMBER = "number"
TEXT = "text"  # a string shown as text: no HTML tags
NAME = "name"  # a string the page calls .charAt(0) on
FLAG = "boolean"
LIST = "array"
DATE = "date"  # an ISO 8601 string for new Date(...)
OPTIONAL = "?"  # suffix: null is fine there (the page checks first)

READS: dict[str, dict[str, str]] = {
    "/contacts?limit=50": {
        "id": NUMBER,
        "name": NAME,
        "email": TEXT + OPTIONAL,
        "phone": TEXT + OPTIONAL,
        "company_id": NUMBER + OPTIONAL,
        "last_login_at": DATE + OPTIONAL,
        "active": FLAG,
        "mobile": TEXT + OPTIONAL,
        "job_title": TEXT + OPTIONAL,
        "time_zone": TEXT + OPTIONAL,
    },
    "/tickets?limit=50": {
        "id": NUMBER,
        "subject": TEXT,
        "status": NUMBER,
        "priority": NUMBER,
        "type": TEXT + OPTIONAL,
        "created_at": DATE,
        "description": TEXT + OPTIONAL,
        "updated_at": DATE,
        "tags": LIST,
        "is_escalated": FLAG,
    },
    "/companies": {
        "id": NUMBER,
        "name": TEXT,
        "description": TEXT + OPTIONAL,
        "domains": LIST,
        "industry": TEXT + OPTIONAL,
        "created_at": DATE,
    },
    "/agents": {
        "id": NUMBER,
        "name": TEXT,
        "email": TEXT + OPTIONAL,
        "available": FLAG,
        "group_ids": LIST,
        "created_at": DATE,
    },
    "/groups": {
        "id": NUMBER,
        "name": TEXT,
        "description": TEXT + OPTIONAL,
        "escalated": FLAG,
        "agent_ids": LIST,
        "created_at": DATE,
    },
}
STATS_READS = {
    "total_tickets": NUMBER + OPTIONAL,
    "open_tickets": NUMBER + OPTIONAL,
    "avg_first_response_time": NUMBER + OPTIONAL,  # ?.toFixed(1)
    "satisfaction_rating": NUMBER + OPTIONAL,  # ?.toFixed(1)
}
HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


def fits(value: object, kind: str) -> bool:
    """Return whether *value* is what the page needs where it reads a field of *kind*."""
    if kind.endswith(OPTIONAL):
        return value is None or fits(value, kind.removesuffix(OPTIONAL))
    if kind == NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == TEXT:
        return isinstance(value, str) and not HTML_TAG.search(value)
    if kind == NAME:
        return isinstance(value, str) and bool(value)
    if kind == FLAG:
        return isinstance(value, bool)
    if kind == LIST:
        return isinstance(value, list)
    if kind == DATE:
        return isinstance(value, str) and datetime.fromisoformat(value).tzinfo is not None
    raise AssertionError(f"unknown kind {kind}")


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


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ([], LIST, True),
        (None, LIST, False),  # agent.group_ids.length on null: the blank page
        ("Printer on fire", TEXT, True),
        ("<div>Hi team</div>", TEXT, False),  # shown literally
        ("a < b and c > d", TEXT, True),
        (None, TEXT + OPTIONAL, True),
        ("", NAME, False),
        (None, NAME, False),  # name.charAt(0)
        (True, NUMBER, False),
        (3.5, NUMBER + OPTIONAL, True),
        ("4.2", NUMBER + OPTIONAL, False),  # "4.2".toFixed throws
        ("2024-05-13T09:12:44Z", DATE, True),
        ("2024-05-13T09:12:44", DATE, False),  # no zone: the page would read local time
    ],
)
def test_fits_table(value: object, kind: str, expected: bool) -> None:
    assert fits(value, kind) is expected


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
            for field, kind in fields.items():
                assert field in record, (path, field)
                assert fits(record[field], kind), (path, record["id"], field, record[field])
        shown[path] = data
    stats = await client.get("/stats")
    assert stats.status_code == 200
    figures = stats.json()["data"]
    for name in FIGURES:
        assert figures[name] is None or fits(figures[name], NUMBER), name
    for name, kind in STATS_READS.items():
        assert fits(figures[name], kind), name
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
        # Each agent's group count is the number of groups listing it, and there are some.
        for agent in shown["/agents"]:
            listing = [g for g in shown["/groups"] if agent["id"] in g["agent_ids"]]
            assert len(agent["group_ids"]) == len(listing)
        assert any(agent["group_ids"] for agent in shown["/agents"])
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
