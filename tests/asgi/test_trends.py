"""``GET /stats/trends``: the shape, the figures (from Freshdesk or the mirror), the checks, the time."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from freshdesk_atom import Freshdesk
from freshdesk_atom.mirror import Mirror
from freshdesk_atom.models.trends import Trends
from freshdesk_atom.testing import FakeFreshdesk

from .support import app_on, failed, generated, ok, sdk, serve, upstream

pytestmark = pytest.mark.anyio

DAY_FIELDS = [
    "date",
    "created",
    "resolved",
    "first_response_hours",
    "resolution_hours",
    "satisfaction",
    "ratings",
]


def as_json(trends: Trends, source: str) -> dict[str, Any]:
    """The answer the adapter must give for *trends* (written from docs/adapter.md)."""
    return {
        "since": trends.since.isoformat(),
        "until": trends.until.isoformat(),
        "days": [
            {
                "date": d.day.isoformat(),
                "created": d.created,
                "resolved": d.resolved,
                "first_response_hours": d.first_response_hours,
                "resolution_hours": d.resolution_hours,
                "satisfaction": d.satisfaction,
                "ratings": d.ratings,
            }
            for d in trends.days
        ],
        "by_status": [
            {"status": c.status, "label": c.label, "count": c.count} for c in trends.by_status
        ],
        "by_priority": [
            {"priority": c.priority, "label": c.label, "count": c.count} for c in trends.by_priority
        ],
        "source": source,
        "tickets_read": trends.tickets_read,
    }


async def test_trends_are_the_sdks_in_the_documented_shape(big_fake: FakeFreshdesk) -> None:
    async with serve(app_on(big_fake)) as client:
        response = await client.get("/stats/trends", params={"days": 14})
    data = ok(response)
    assert set(response.json()) == {"success", "data"}
    assert list(data) == [
        "since",
        "until",
        "days",
        "by_status",
        "by_priority",
        "source",
        "tickets_read",
    ]
    assert [list(day) for day in data["days"]] == [DAY_FIELDS] * 14
    async with sdk(big_fake) as fd:
        truth = await fd.stats.trends(days=14)
    assert data == as_json(truth, "freshdesk")
    today = datetime.now(UTC).date()
    assert data["until"] == today.isoformat()
    assert data["since"] == (today - timedelta(days=13)).isoformat()
    assert [s["label"] for s in data["by_status"]][:4] == ["Open", "Pending", "Resolved", "Closed"]
    assert [p["label"] for p in data["by_priority"]] == ["Low", "Medium", "High", "Urgent"]


async def test_thirty_days_by_default(big_fake: FakeFreshdesk) -> None:
    async with serve(app_on(big_fake)) as client:
        data = ok(await client.get("/stats/trends"))
    assert len(data["days"]) == 30
    assert date.fromisoformat(data["days"][-1]["date"]) == datetime.now(UTC).date()
    assert sum(day["created"] for day in data["days"]) > 0


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ("days=0", "days", "out_of_range"),
        ("days=366", "days", "out_of_range"),
        ("days=99999999999999999999", "days", "datatype_mismatch"),
        ("days=-1", "days", "datatype_mismatch"),
        ("days=7.5", "days", "datatype_mismatch"),
        ("days=", "days", "datatype_mismatch"),
        ("days=week", "days", "datatype_mismatch"),
        ("days=7&days=8", "days", "invalid_field"),
        ("since=2024-01-01", "since", "invalid_field"),
    ],
)
async def test_bad_days_are_refused_before_freshdesk(
    big_fake: FakeFreshdesk, query: str, field: str, code: str
) -> None:
    before = upstream(big_fake)
    async with serve(app_on(big_fake)) as client:
        error = failed(await client.get(f"/stats/trends?{query}"), 400, code)
    assert upstream(big_fake) == before
    assert error["details"][0]["field"] == field
    assert error["message"].startswith(field)


async def test_from_the_mirror_without_a_request(tmp_path: Path) -> None:
    fake = generated(tickets=500, contacts=100, seed=7)
    mirror = Mirror(tmp_path / "fd.sqlite")
    with Freshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as fd:
        mirror.sync(fd, conversations=False)
    before = upstream(fake)
    async with serve(app_on(fake, mirror=mirror)) as client:
        data = ok(await client.get("/stats/trends", params={"days": 45}))
    assert upstream(fake) == before
    assert data == as_json(mirror.trends(days=45), "mirror")
    assert all(day["satisfaction"] is None and day["ratings"] is None for day in data["days"])
    async with serve(app_on(fake)) as client:
        live = ok(await client.get("/stats/trends", params={"days": 45}))
    assert live["source"] == "freshdesk"
    assert [d["created"] for d in live["days"]] == [d["created"] for d in data["days"]]
    assert [d["resolved"] for d in live["days"]] == [d["resolved"] for d in data["days"]]
    assert live["by_status"] == data["by_status"]
    assert live["tickets_read"] == data["tickets_read"]


async def test_thirty_days_of_a_20000_ticket_account_in_process(
    capsys: pytest.CaptureFixture[str],
) -> None:
    started = time.perf_counter()
    fake = generated(tickets=20_000, contacts=500)
    generating = time.perf_counter() - started
    async with serve(app_on(fake)) as client:
        started = time.perf_counter()
        response = await client.get("/stats/trends", params={"days": 30})
        took = time.perf_counter() - started
    data = ok(response)
    requests = upstream(fake)
    with capsys.disabled():
        print(
            f"\n/stats/trends?days=30 on 20,000 tickets: {took:.2f} s in process, "
            f"{requests} Freshdesk requests, {data['tickets_read']} tickets read "
            f"(generating the account: {generating:.1f} s)"
        )
    assert sum(day["created"] for day in data["days"]) > 0
    assert took < 20.0
