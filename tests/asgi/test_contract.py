"""Every route against the contract in ``docs/adapter.md``: envelope, statuses and record shapes, on the fake."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from starlette.requests import Request

from freshdesk_atom.asgi import Credentials
from freshdesk_atom.asgi._shapes import zulu
from freshdesk_atom.testing import FakeFreshdesk, FaultPlan, RateLimitConfig, RequestScope

from .support import ALL_TIME, app_on, failed, ok, sdk, serve, upstream

pytestmark = pytest.mark.anyio

# The record shapes the ATOM page reads (docs/adapter.md).
TICKET = [
    "id",
    "subject",
    "description",
    "email",
    "priority",
    "status",
    "source",
    "type",
    "responder_id",
    "group_id",
    "company_id",
    "created_at",
    "updated_at",
    "due_by",
    "fr_due_by",
    "is_escalated",
    "custom_fields",
    "tags",
]
CONTACT = [
    "id",
    "name",
    "email",
    "phone",
    "mobile",
    "company_id",
    "job_title",
    "time_zone",
    "language",
    "created_at",
    "updated_at",
    "last_login_at",
    "active",
    "custom_fields",
]
COMPANY = [
    "id",
    "name",
    "description",
    "note",
    "domains",
    "industry",
    "created_at",
    "updated_at",
    "custom_fields",
]
AGENT = [
    "id",
    "email",
    "name",
    "available",
    "available_since",
    "occasional",
    "signature",
    "ticket_scope",
    "group_ids",
    "role_ids",
    "created_at",
    "updated_at",
    "time_zone",
    "language",
]
GROUP = ["id", "name", "description", "escalated", "agent_ids", "created_at", "updated_at"]
STATS = [
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
]
HEALTH = ["status", "service", "version", "timestamp", "freshdesk"]
ZULU = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
TIMESTAMPS = {
    "created_at",
    "updated_at",
    "due_by",
    "fr_due_by",
    "last_login_at",
    "available_since",
    "renewal_date",
}


def has_shape(record: dict[str, Any], fields: list[str]) -> None:
    missing = [name for name in fields if name not in record]
    assert not missing, f"missing {missing}"
    for name in TIMESTAMPS & set(record):
        assert record[name] is None or ZULU.match(record[name]), (name, record[name])


@pytest.fixture
def app(big_fake: FakeFreshdesk) -> Any:
    return app_on(big_fake)


async def test_root_lists_the_endpoints(app: Any) -> None:
    async with serve(app) as client:
        data = ok(await client.get("/"))
    assert data["name"] == "freshdesk-atom"
    assert isinstance(data["version"], str)
    for route in (
        "GET /health",
        "POST /auth",
        "GET /tickets",
        "POST /tickets",
        "GET /tickets/{id}",
        "PUT /tickets/{id}",
        "GET /tickets/{id}/conversations",
        "POST /tickets/{id}/reply",
        "POST /tickets/{id}/notes",
        "POST /search",
        "GET /stats/trends",
    ):
        assert route in data["endpoints"]


async def test_health_asks_freshdesk(big_fake: FakeFreshdesk, app: Any) -> None:
    before = upstream(big_fake, "GET /agents/me")
    async with serve(app) as client:
        data = ok(await client.get("/health"))
    assert upstream(big_fake, "GET /agents/me") == before + 1
    has_shape(data, HEALTH)
    assert data["status"] == "healthy"
    assert data["service"] == "freshdesk"
    assert ZULU.match(data["timestamp"])
    assert data["freshdesk"]["reachable"] is True
    assert isinstance(data["freshdesk"]["latency_ms"], int | float)
    assert data["freshdesk"]["rate_limit"]["total"] == big_fake.rate_limit.total
    assert isinstance(data["freshdesk"]["rate_limit"]["remaining"], int)


async def test_health_unconfigured_is_503() -> None:
    fake = FakeFreshdesk()
    async with serve(app_on(fake, configured=False)) as client:
        response = await client.get("/health")
    error = failed(response, 503, "not_configured")
    assert "POST /auth" in error["message"]
    data = response.json()["data"]
    assert data["status"] == "unconfigured"
    assert data["freshdesk"]["reachable"] is False
    assert upstream(fake) == 0


async def test_health_with_a_bad_key_is_503_degraded() -> None:
    fake = FakeFreshdesk()

    async def wrong_key(request: Request, stored: Credentials | None) -> Credentials:
        return Credentials(api_key="revoked-key", base_url=fake.base_url)

    async with serve(app_on(fake, credentials=wrong_key)) as client:
        response = await client.get("/health")
    failed(response, 503, "invalid_credentials")
    data = response.json()["data"]
    assert (data["status"], data["freshdesk"]["reachable"]) == ("degraded", True)


async def test_health_stays_200_when_only_the_check_is_rate_limited() -> None:
    fake = FakeFreshdesk(rate_limit=RateLimitConfig(total=2, window=60))
    async with serve(app_on(fake)) as client:
        ok(await client.get("/health"))  # accepted: 1 of 2 credits
        # Another integration spends the rest of the minute.
        other = httpx.Client(transport=fake.transport(), auth=(fake.api_key, "X"))
        assert other.get(fake.base_url + "agents/me").status_code == 200
        response = await client.get("/health")
    data = ok(response)
    assert (data["status"], data["freshdesk"]["rate_limited"]) == ("degraded", True)
    assert ZULU.match(data["freshdesk"]["credentials_verified_at"])
    assert "rate-limiting" in data["freshdesk"]["note"]


async def test_health_rate_limited_without_a_recent_verification_is_503() -> None:
    fake = FakeFreshdesk(rate_limit=RateLimitConfig(total=1, window=60))
    async with serve(app_on(fake, health_grace=0)) as client:
        ok(await client.get("/companies"))  # spends the budget; nothing verified yet
        response = await client.get("/health")
    failed(response, 503, "rate_limited")
    assert int(response.headers["retry-after"]) >= 1


async def test_health_unreachable_is_503() -> None:
    fake = FakeFreshdesk(faults=FaultPlan.once("drop"))
    async with serve(app_on(fake)) as client:
        response = await client.get("/health")
    failed(response, 503, "freshdesk_unreachable")
    data = response.json()["data"]
    assert data["freshdesk"]["reachable"] is False
    assert data["freshdesk"]["latency_ms"] is None


async def test_contacts_field_by_field(big_fake: FakeFreshdesk, app: Any) -> None:
    async with serve(app) as client:
        data = ok(await client.get("/contacts", params={"limit": 5}))
    async with sdk(big_fake) as fd:
        truth = [c async for c in fd.contacts.list(per_page=5, max_items=5)]
    assert len(data) == 5
    for record, contact in zip(data, truth, strict=True):
        has_shape(record, CONTACT)
        assert record["id"] == contact.id
        for name in ("name", "email", "phone", "mobile", "company_id", "job_title"):
            assert record[name] == getattr(contact, name)
        for name in ("time_zone", "language", "active"):
            assert record[name] == getattr(contact, name)
        assert record["custom_fields"] == contact.custom_fields
        assert record["created_at"] == zulu(contact.created_at)
        assert record["updated_at"] == zulu(contact.updated_at)
        assert record["last_login_at"] == zulu(contact.last_login_at)


async def test_companies_field_by_field(big_fake: FakeFreshdesk, app: Any) -> None:
    async with serve(app) as client:
        data = ok(await client.get("/companies", params={"limit": 3}))
    for record in data:
        has_shape(record, COMPANY)
        stored = big_fake.state.companies[record["id"]]
        for name in ("name", "description", "note", "domains", "industry"):
            assert record[name] == stored[name]
        assert record["created_at"] == stored["created_at"]
        assert record["custom_fields"] == stored["custom_fields"]


async def test_agents_are_flattened(big_fake: FakeFreshdesk, app: Any) -> None:
    async with serve(app) as client:
        data = ok(await client.get("/agents"))
    assert len(data) == len(big_fake.state.agents)
    for record in data:
        has_shape(record, AGENT)
        stored = big_fake.state.agents[record["id"]]
        assert "contact" not in record
        for name in ("name", "email", "time_zone", "language"):
            assert record[name] == stored["contact"][name]
        for name in ("available", "occasional", "signature", "ticket_scope"):
            assert record[name] == stored[name]
        # The groups whose views list the agent (Freshdesk's list items carry none).
        member_of = [
            g["id"] for g in big_fake.state.groups.values() if record["id"] in g["agent_ids"]
        ]
        assert record["group_ids"] == member_of
        # role_ids is on an agent's own view only, and the page does not read it.
        assert record["role_ids"] is None


async def test_memberships_are_real_and_agree_both_ways(big_fake: FakeFreshdesk, app: Any) -> None:
    async with serve(app) as client:
        agents_body = (await client.get("/agents")).json()
        groups_body = (await client.get("/groups")).json()
    agents, groups = agents_body["data"], groups_body["data"]
    assert sum(len(group["agent_ids"]) for group in groups) > 0
    for group in groups:
        assert group["agent_ids"] == big_fake.state.groups[group["id"]]["agent_ids"]
    for agent in agents:
        listing = [group["id"] for group in groups if agent["id"] in group["agent_ids"]]
        assert agent["group_ids"] == listing
    # Both answers say when the memberships were read: one reading served both.
    assert ZULU.match(agents_body["memberships_as_of"])
    assert groups_body["memberships_as_of"] == agents_body["memberships_as_of"]


async def test_one_membership_reading_serves_a_page_load(big_fake: FakeFreshdesk, app: Any) -> None:
    groups = len(big_fake.state.groups)
    views_before = upstream(big_fake, "GET /groups/{id}")
    async with serve(app) as client:
        before = upstream(big_fake)
        ok(await client.get("/agents"))
        # The agents list, the groups list, then one view per group.
        assert upstream(big_fake) - before == 2 + groups
        ok(await client.get("/groups"))
        ok(await client.get("/agents"))
    assert upstream(big_fake, "GET /groups/{id}") - views_before == groups


async def test_memberships_are_read_again_after_their_max_age(big_fake: FakeFreshdesk) -> None:
    groups = len(big_fake.state.groups)
    views_before = upstream(big_fake, "GET /groups/{id}")
    async with serve(app_on(big_fake, memberships_max_age=0)) as client:
        ok(await client.get("/agents"))
        ok(await client.get("/agents"))
    assert upstream(big_fake, "GET /groups/{id}") - views_before == 2 * groups


async def test_memberships_that_cannot_be_read_fail_the_route_rather_than_invent_lists(
    big_fake: FakeFreshdesk, app: Any
) -> None:
    big_fake.faults = FaultPlan(rate=1.0, kinds="500", scope=RequestScope(paths="/groups/*"))
    try:
        async with serve(app_on(big_fake, max_retries=0)) as client:
            agents = failed(await client.get("/agents"), 502, "upstream_error")
            groups = failed(await client.get("/groups"), 502, "upstream_error")
    finally:
        big_fake.faults = None
    for error in (agents, groups):
        assert "group memberships could not be read" in error["message"]


async def test_a_group_created_after_the_reading_is_read_on_its_own(
    big_fake: FakeFreshdesk, app: Any
) -> None:
    async with serve(app) as client:
        ok(await client.get("/groups"))
        added = big_fake.add_group(name="Night shift", agent_ids=[big_fake.agent_id])
        data = ok(await client.get("/groups"))
    (record,) = [group for group in data if group["id"] == added["id"]]
    assert record["agent_ids"] == [big_fake.agent_id]


async def test_groups_escalated_means_an_escalate_to_agent() -> None:
    fake = FakeFreshdesk()
    fake.add_group(name="Tier 1", escalate_to=fake.agent_id)
    fake.add_group(name="Tier 2", description="second line")
    async with serve(app_on(fake)) as client:
        data = ok(await client.get("/groups"))
    by_name = {record["name"]: record for record in data}
    for record in data:
        has_shape(record, GROUP)
    assert by_name["Tier 1"]["escalated"] is True
    assert by_name["Tier 1"]["escalate_to"] == fake.agent_id
    assert by_name["Tier 2"]["escalated"] is False
    assert by_name["Tier 2"]["description"] == "second line"


async def test_tickets_field_by_field_with_the_requesters_email(
    big_fake: FakeFreshdesk, app: Any
) -> None:
    async with serve(app) as client:
        data = ok(await client.get("/tickets", params={"limit": 20}))
    assert len(data) == 20
    for record in data:
        has_shape(record, TICKET)
        stored = big_fake.state.tickets[record["id"]]
        requester = big_fake.state.person(stored["requester_id"])
        assert requester is not None
        assert record["email"] == requester["email"]
        assert record["requester_id"] == stored["requester_id"]
        for name in ("subject", "priority", "status", "source", "type"):
            assert record[name] == stored[name]
        # The page shows description as text: Freshdesk's plain copy, the HTML beside it.
        assert record["description"] == stored["description_text"]
        assert record["description_html"] == stored["description"]
        assert "<" not in record["description"]
        for name in ("responder_id", "group_id", "company_id", "is_escalated", "tags"):
            assert record[name] == stored[name]
        for name in ("created_at", "updated_at", "due_by", "fr_due_by"):
            assert record[name] == stored[name]
        assert record["custom_fields"] == stored["custom_fields"]


async def test_tickets_are_all_time_newest_first(big_fake: FakeFreshdesk, app: Any) -> None:
    async with serve(app) as client:
        data = ok(await client.get("/tickets", params={"limit": 1000}))
    visible = [t for t in big_fake.state.tickets.values() if not t["spam"] and not t.get("deleted")]
    assert len(data) == min(1000, len(visible))
    created = [record["created_at"] for record in data]
    assert created == sorted(created, reverse=True)
    # Older than Freshdesk's default 30-day window, too.
    oldest = datetime.fromisoformat(created[-1].replace("Z", "+00:00"))
    assert oldest < datetime.now(UTC) - timedelta(days=30)


@pytest.mark.parametrize("status", [2, 3, 4, 5])
async def test_tickets_status_filter(big_fake: FakeFreshdesk, app: Any, status: int) -> None:
    truth = [
        t
        for t in big_fake.state.tickets.values()
        if t["status"] == status and not t["spam"] and not t.get("deleted")
    ]
    async with serve(app) as client:
        data = ok(await client.get("/tickets", params={"status": status, "limit": 100}))
    assert len(data) == min(100, len(truth))
    assert {record["status"] for record in data} <= {status}
    truth.sort(key=lambda t: (t["created_at"], t["id"]), reverse=True)
    assert [record["id"] for record in data] == [t["id"] for t in truth[:100]]
    for record in data:
        has_shape(record, TICKET)
        # Search results embed no requester: email is null, never invented.
        assert record["email"] is None


async def test_status_filter_past_300_matches(big_fake: FakeFreshdesk, app: Any) -> None:
    closed = sum(1 for t in big_fake.state.tickets.values() if t["status"] == 5)
    assert closed > 300
    async with serve(app) as client:
        response = await client.get("/tickets", params={"status": 5, "offset": 250, "limit": 100})
        data = ok(response)
        assert len(data) == 50
        assert response.json()["truncated"] is True
        error = failed(
            await client.get("/tickets", params={"status": 5, "offset": 300}), 400, "out_of_range"
        )
    assert error["details"][0]["field"] == "offset"


async def test_create_ticket() -> None:
    fake = FakeFreshdesk()
    body = {
        "subject": "Printer on fire",
        "description": "<p>Smoke</p>",
        "email": "dana@globex.example",
        "priority": 4,
        "tags": ["hardware"],
        "type": "Incident",
    }
    async with serve(app_on(fake)) as client:
        response = await client.post("/tickets", json=body)
    record = ok(response, 201)
    has_shape(record, TICKET)
    stored = fake.state.tickets[record["id"]]
    assert (record["subject"], record["priority"], record["status"], record["source"]) == (
        "Printer on fire",
        4,
        2,
        2,
    )
    assert record["tags"] == ["hardware"] == stored["tags"]
    assert record["email"] == "dana@globex.example"
    requester = fake.state.person(stored["requester_id"])
    assert requester is not None
    assert requester["email"] == "dana@globex.example"
    assert fake.counters.created["tickets"] == 1


async def test_create_ticket_refused_by_freshdesk_is_400_with_details() -> None:
    fake = FakeFreshdesk()
    body = {"subject": "s", "description": "d", "email": "a@b.example", "group_id": 12345}
    async with serve(app_on(fake)) as client:
        error = failed(await client.post("/tickets", json=body), 400, "bad_request")
    assert error["details"][0]["field"] == "group_id"
    assert fake.counters.created["tickets"] == 0


async def test_stats_equal_the_accounts_truth(big_fake: FakeFreshdesk) -> None:
    app = app_on(big_fake)
    async with serve(app) as client:
        data = ok(await client.get("/stats"))
    has_shape(data, STATS)
    state = big_fake.state
    visible = [t for t in state.tickets.values() if not t["spam"] and not t.get("deleted")]
    assert data["total_tickets"] == len(visible)
    for name, status in (("open", 2), ("pending", 3), ("resolved", 4), ("closed", 5)):
        assert data[f"{name}_tickets"] == sum(1 for t in visible if t["status"] == status)
    assert data["total_contacts"] == sum(1 for c in state.contacts.values() if not c.get("deleted"))
    assert data["total_companies"] == len(state.companies)
    assert data["total_agents"] == len(state.agents)
    assert data["total_groups"] == len(state.groups)
    # Averages cover the last 30 days; the SDK computes them the same way.
    async with sdk(big_fake) as fd:
        since = datetime.fromisoformat(data["averages_since"]).date()
        averages = await fd.stats.summary(since=since)
    assert data["avg_first_response_time"] == averages.avg_first_response_time
    assert data["avg_resolution_time"] == averages.avg_resolution_time
    assert data["satisfaction_rating"] == averages.satisfaction_rating
    assert data["averages_since"] == (datetime.now(UTC) - timedelta(days=30)).date().isoformat()


def _stamp(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


async def test_stats_averages_by_hand() -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    fake = FakeFreshdesk(rate_limit=RateLimitConfig.off())
    requester = fake.add_contact(name="Dana", email="dana@example.com")["id"]

    def ticket(days_ago: int, status: int, first: float | None, resolved: float | None) -> None:
        created = now - timedelta(days=days_ago)
        stats: dict[str, str] = {}
        if first is not None:
            stats["first_responded_at"] = _stamp(created + timedelta(hours=first))
        if resolved is not None:
            stats["resolved_at"] = _stamp(created + timedelta(hours=resolved))
        fake.add_ticket(
            subject="t",
            requester_id=requester,
            status=status,
            created_at=_stamp(created),
            updated_at=_stamp(created + timedelta(hours=1)),
            stats=stats,
        )

    ticket(2, 4, 1.0, 10.0)
    ticket(3, 5, 3.0, 20.0)
    ticket(4, 2, None, None)
    ticket(90, 4, 100.0, 500.0)  # outside the 30-day window of the averages
    for answer in (103, 100):
        fake.add_satisfaction_rating(
            survey_id=1,
            user_id=requester,
            ticket_id=1,
            ratings={"default_question": answer},
            created_at=_stamp(now - timedelta(days=1)),
        )
    async with serve(app_on(fake)) as client:
        windowed = ok(await client.get("/stats"))
    assert windowed["total_tickets"] == 4
    assert (windowed["resolved_tickets"], windowed["closed_tickets"]) == (2, 1)
    assert windowed["open_tickets"] == 1
    assert windowed["avg_first_response_time"] == pytest.approx(2.0)
    assert windowed["avg_resolution_time"] == pytest.approx(15.0)
    assert windowed["satisfaction_rating"] == pytest.approx(4.0)
    async with serve(app_on(fake, stats_window_days=None)) as client:
        all_time = ok(await client.get("/stats"))
    assert all_time["averages_since"] is None
    assert all_time["avg_first_response_time"] == pytest.approx((1 + 3 + 100) / 3)
    assert all_time["avg_resolution_time"] == pytest.approx((10 + 20 + 500) / 3)


async def test_search_free_text_on_ticket_subjects(big_fake: FakeFreshdesk, app: Any) -> None:
    async with serve(app) as client:
        data = ok(await client.post("/search", json={"query": "dashboard", "type": "ticket"}))
    # The scan reads the 300 newest tickets; the truth is computed the same way.
    async with sdk(big_fake) as fd:
        recent = [
            t
            async for t in fd.tickets.list(
                updated_since=ALL_TIME, include="description", per_page=100, max_items=300
            )
        ]
    truth = [
        t.id
        for t in recent
        if "dashboard"
        in " ".join([t.subject, t.description_text or "", t.type or "", *t.tags]).lower()
    ]
    assert truth, "the generated account should mention the dashboard"
    assert data["total_count"] == len(truth)
    assert [r["id"] for r in data["results"]] == truth[:50]
    assert data["has_more"] is (len(truth) > 50)
    assert (data["strategy"], data["scanned"], data["complete"]) == ("scan", 300, False)
    assert data["freshdesk_query"] is None
    for record in data["results"]:
        has_shape(record, TICKET)
        assert (
            "dashboard" in (record["subject"] + " " + (record["description"] or "")).lower()
            or any("dashboard" in tag for tag in record["tags"])
            or "dashboard" in (record["type"] or "").lower()
        )


async def test_search_query_syntax_goes_to_freshdesk(big_fake: FakeFreshdesk, app: Any) -> None:
    urgent_open = [
        t
        for t in big_fake.state.tickets.values()
        if t["status"] == 2 and t["priority"] == 4 and not t["spam"] and not t.get("deleted")
    ]
    async with serve(app) as client:
        data = ok(
            await client.post(
                "/search",
                json={"query": "status:2 AND priority:4", "type": "ticket", "limit": 5},
            )
        )
    assert data["strategy"] == "freshdesk_query"
    assert data["freshdesk_query"] == "status:2 AND priority:4"
    assert data["total_count"] == len(urgent_open)
    assert data["complete"] is True
    assert len(data["results"]) == min(5, len(urgent_open))


async def test_search_contacts_by_email_and_name(big_fake: FakeFreshdesk, app: Any) -> None:
    contact = next(iter(big_fake.state.contacts.values()))
    async with serve(app) as client:
        by_email = ok(
            await client.post("/search", json={"query": contact["email"], "type": "contact"})
        )
        by_name = ok(
            await client.post(
                "/search", json={"query": contact["name"].split()[0], "type": "contact"}
            )
        )
    assert by_email["strategy"] == "freshdesk_query"
    assert [r["id"] for r in by_email["results"]] == [contact["id"]]
    assert by_email["total_count"] == 1
    for record in by_email["results"]:
        has_shape(record, CONTACT)
    assert by_name["strategy"] == "scan"
    first = contact["name"].split()[0].lower()
    assert all(
        first in r["name"].lower() or first in (r["email"] or "") for r in by_name["results"]
    )


async def test_search_companies_by_domain(big_fake: FakeFreshdesk, app: Any) -> None:
    company = next(c for c in big_fake.state.companies.values() if c["domains"])
    async with serve(app) as client:
        data = ok(
            await client.post("/search", json={"query": company["domains"][0], "type": "company"})
        )
    assert data["strategy"] == "freshdesk_query"
    assert company["id"] in [r["id"] for r in data["results"]]
    for record in data["results"]:
        has_shape(record, COMPANY)


async def test_search_ticket_by_number_and_by_requester(big_fake: FakeFreshdesk, app: Any) -> None:
    ticket = big_fake.state.tickets[7]
    requester = big_fake.state.person(ticket["requester_id"])
    assert requester is not None
    async with serve(app) as client:
        by_id = ok(await client.post("/search", json={"query": "#7", "type": "ticket"}))
        missing = ok(await client.post("/search", json={"query": "#999999", "type": "ticket"}))
        by_email = ok(
            await client.post("/search", json={"query": requester["email"], "type": "ticket"})
        )
        nobody = ok(
            await client.post("/search", json={"query": "nobody@nowhere.example", "type": "ticket"})
        )
    assert [r["id"] for r in by_id["results"]] == [7]
    assert by_id["results"][0]["email"] == requester["email"]
    assert (missing["results"], missing["total_count"]) == ([], 0)
    theirs = {
        t["id"]
        for t in big_fake.state.tickets.values()
        if t["requester_id"] == ticket["requester_id"] and not t["spam"] and not t.get("deleted")
    }
    assert by_email["strategy"] == "requester_email"
    assert {r["id"] for r in by_email["results"]} == theirs
    assert by_email["complete"] is True
    assert (nobody["results"], nobody["total_count"], nobody["complete"]) == ([], 0, True)


async def test_search_paging(app: Any) -> None:
    async with serve(app) as client:
        first = ok(
            await client.post(
                "/search", json={"query": "status:5", "type": "ticket", "limit": 31, "offset": 0}
            )
        )
        second = ok(
            await client.post(
                "/search", json={"query": "status:5", "type": "ticket", "limit": 2, "offset": 30}
            )
        )
        past = failed(
            await client.post(
                "/search", json={"query": "status:5", "type": "ticket", "offset": 300}
            ),
            400,
            "out_of_range",
        )
    assert [r["id"] for r in first["results"]][30:] == [r["id"] for r in second["results"]][:1]
    assert first["has_more"] is True
    assert past["details"][0]["field"] == "offset"


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/nope", 404, "not_found"),
        ("GET", "/contacts/", 404, "not_found"),
        ("GET", "/contacts/42", 404, "not_found"),
        ("DELETE", "/contacts", 405, "method_not_allowed"),
        ("PUT", "/tickets", 405, "method_not_allowed"),
        ("GET", "/search", 405, "method_not_allowed"),
        ("GET", "/auth", 405, "method_not_allowed"),
        ("POST", "/stats", 405, "method_not_allowed"),
        ("OPTIONS", "/health", 405, "method_not_allowed"),
        ("DELETE", "/tickets/1", 405, "method_not_allowed"),
        ("GET", "/tickets/1/notes", 405, "method_not_allowed"),
        ("PUT", "/tickets/1/conversations", 405, "method_not_allowed"),
        ("GET", "/tickets/1/", 404, "not_found"),
        ("GET", "/tickets/1/attachments", 404, "not_found"),
    ],
)
async def test_unknown_routes_and_methods(
    app: Any, big_fake: FakeFreshdesk, method: str, path: str, status: int, code: str
) -> None:
    before = upstream(big_fake)
    async with serve(app) as client:
        response = await client.request(method, path)
    failed(response, status, code)
    if status == 405:
        assert response.headers["allow"]
    assert upstream(big_fake) == before


@pytest.mark.parametrize(
    ("path", "content", "headers", "status", "code"),
    [
        ("/search", b'{"query": "x", "type": ', {}, 400, "invalid_json"),
        ("/search", b"", {}, 400, "invalid_json"),
        ("/search", b"NaN", {}, 400, "invalid_json"),
        ("/search", b"\xff\xfe", {}, 400, "invalid_json"),
        ("/search", b"[" * 5000 + b"]" * 5000, {}, 400, "invalid_json"),
        ("/search", b'["query"]', {}, 400, "invalid_body"),
        ("/search", b'{"query": "x", "type": "ticket", "extra": 1}', {}, 400, "invalid_field"),
        ("/search", b'{"query": "x", "type": "ticket"}', {"content-type": "text/plain"}, 415, None),
        (
            "/tickets",
            b"subject=x",
            {"content-type": "application/x-www-form-urlencoded"},
            415,
            None,
        ),
        ("/auth", b'{"api_key": "k", "domain": "acme"}', {"content-type": ""}, 415, None),
        ("/tickets", b'{"subject": "' + b"x" * 70_000 + b'"}', {}, 413, "body_too_large"),
        (
            "/tickets",
            b'{"subject": "s", "description": "d", "email": "a@b.example", "priority": 9}',
            {},
            400,
            "out_of_range",
        ),
        ("/tickets", b'{"subject": "s", "description": "d"}', {}, 400, "missing_field"),
    ],
)
async def test_bad_bodies_never_reach_freshdesk(
    app: Any,
    big_fake: FakeFreshdesk,
    path: str,
    content: bytes,
    headers: dict[str, str],
    status: int,
    code: str | None,
) -> None:
    before = upstream(big_fake)
    sent = {"content-type": "application/json", **headers}
    async with serve(app) as client:
        response = await client.post(path, content=content, headers=sent)
    error = failed(response, status, code)
    if status == 400 and error["code"] not in ("invalid_json", "invalid_body"):
        assert error["details"][0]["field"] in error["message"]
    assert upstream(big_fake) == before


async def test_body_too_large_without_content_length(app: Any, big_fake: FakeFreshdesk) -> None:
    async def chunks() -> Any:
        for _ in range(100):
            yield b"x" * 1024

    before = upstream(big_fake)
    async with serve(app) as client:
        response = await client.post(
            "/search", content=chunks(), headers={"content-type": "application/json"}
        )
    failed(response, 413, "body_too_large")
    assert upstream(big_fake) == before


@pytest.mark.parametrize(
    "path",
    [
        "/contacts?limit=0",
        "/tickets?status=9",
        "/groups?offset=x",
        "/agents?foo=1",
        "/stats?x=1",
        "/health?x=1",
    ],
)
async def test_bad_queries_never_reach_freshdesk(
    app: Any, big_fake: FakeFreshdesk, path: str
) -> None:
    before = upstream(big_fake)
    async with serve(app) as client:
        error = failed(await client.get(path), 400)
    assert error["details"][0]["field"] in error["message"]
    assert upstream(big_fake) == before


async def test_rate_limit_keeps_retry_after() -> None:
    fake = FakeFreshdesk(rate_limit=RateLimitConfig(total=1, window=60))
    async with serve(app_on(fake)) as client:
        ok(await client.get("/companies"))
        response = await client.get("/companies")
    failed(response, 429, "rate_limited")
    assert int(response.headers["retry-after"]) >= 1


async def test_unreachable_is_503_and_server_errors_502() -> None:
    fake = FakeFreshdesk()
    async with serve(app_on(fake, max_retries=0)) as client:
        fake.faults = FaultPlan.once("drop")
        failed(await client.get("/agents"), 503, "freshdesk_unreachable")
        fake.faults = FaultPlan.once("500")
        failed(await client.get("/agents"), 502, "upstream_error")
        fake.faults = FaultPlan.once("timeout")
        failed(await client.get("/agents"), 503, "freshdesk_unreachable")


async def test_unconfigured_routes_are_503(big_fake: FakeFreshdesk) -> None:
    fake = FakeFreshdesk()
    async with serve(app_on(fake, configured=False)) as client:
        for path in ("/contacts", "/tickets", "/stats"):
            failed(await client.get(path), 503, "not_configured")
    assert upstream(fake) == 0


async def test_an_unexpected_error_is_an_envelope_without_traceback(
    monkeypatch: pytest.MonkeyPatch, app: Any
) -> None:
    from freshdesk_atom.asgi import _people_routes

    async def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(_people_routes, "list_records", explode)
    async with serve(app) as client:
        response = await client.get("/groups")
    failed(response, 500, "internal_error")
    assert "secret internals" not in response.text


TREND_DAY = [
    "date",
    "created",
    "resolved",
    "first_response_hours",
    "resolution_hours",
    "satisfaction",
    "ratings",
]


async def test_stats_trends_shape(big_fake: FakeFreshdesk, app: Any) -> None:
    async with serve(app) as client:
        data = ok(await client.get("/stats/trends", params={"days": 7}))
    assert set(data) == {
        "since",
        "until",
        "days",
        "by_status",
        "by_priority",
        "source",
        "tickets_read",
    }
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["since"])
    assert data["until"] == datetime.now(UTC).date().isoformat()
    assert len(data["days"]) == 7
    for day in data["days"]:
        assert list(day) == TREND_DAY
        assert isinstance(day["created"], int)
        for name in ("first_response_hours", "resolution_hours", "satisfaction"):
            assert day[name] is None or isinstance(day[name], float)
    assert [item["status"] for item in data["by_status"]][:4] == [2, 3, 4, 5]
    assert [item["priority"] for item in data["by_priority"]] == [1, 2, 3, 4]
    assert data["source"] == "freshdesk"
    assert isinstance(data["tickets_read"], int)
