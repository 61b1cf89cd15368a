"""Seeding: the recorded samples (legacy shapes converted) and the generated account."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from freshdesk_atom.testing import WELL_KNOWN, FakeClock, FakeFreshdesk
from freshdesk_atom.testing._recorded import (
    RECORDED_FILES,
    kind_of,
    load_sample,
    normalize,
    read_sample,
    records_of,
)

from ._support import START, client_for

ANCHOR = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def _shows(body: dict[str, Any], expected: dict[str, Any]) -> bool:
    """Tell whether an API *body* shows every field of a normalised sample record."""
    for key, value in expected.items():
        if key in ("id", "stats", "group_ids"):
            continue
        if key == "custom_fields":
            if any(body[key].get(name) != item for name, item in value.items()):
                return False
        elif body.get(key) != value:
            return False
    return True


@pytest.mark.parametrize("name", sorted(RECORDED_FILES))
def test_every_recorded_sample_loads_and_reads_back(name: str) -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(START))  # its owner agent has a large id
    kind = kind_of(name)
    stored = load_sample(fake.state, kind, read_sample(name), START)
    expected = [normalize(kind, raw) for raw in records_of(read_sample(name))]
    assert 1 <= len(stored) <= len(expected)
    with client_for(fake) as http:
        bodies = [http.get(f"{kind}/{record['id']}").json() for record in stored]
    for body in bodies:
        assert body["created_at"].endswith("Z")
        assert body["updated_at"].endswith("Z")
    for record in expected:
        assert any(_shows(body, record) for body in bodies), (name, record)


def test_legacy_ticket_keys_are_converted() -> None:
    fake = FakeFreshdesk.recorded(["all_tickets.json"], clock=FakeClock.manual(START))
    with client_for(fake) as http:
        body = http.get("tickets/1").json()
    for legacy in (
        "frDueBy",
        "ticket_type",
        "isescalated",
        "custom_field",
        "description_html",
        "cc_email",
    ):
        assert legacy not in body
    assert "deleted" not in body  # "deleted": false disappears
    assert body["fr_due_by"] == "2015-01-01T02:27:09Z"  # +10:00 → UTC
    assert body["type"] == "Question"
    assert body["is_escalated"] is False
    assert body["description"] == "<div>This is a sample ticket, feel free to delete it.</div>"
    assert body["description_text"] == "This is a sample ticket, feel free to delete it."
    assert body["custom_fields"] == {}


def test_legacy_contact_company_and_agent_keys_are_converted() -> None:
    fake = FakeFreshdesk.recorded(
        ["contact.json", "customer.json", "agent_1.json"], clock=FakeClock.manual(START)
    )
    contact = next(iter(fake.state.contacts.values()))
    assert contact["time_zone"] == "Brisbane"
    assert not {"customer_id", "external_id", "fb_profile_id", "helpdesk_agent"} & set(contact)
    company = next(iter(fake.state.companies.values()))
    assert (company["domains"], company["custom_fields"]) == (
        ["acme.com"],
        {"custom_key": "custom_value"},
    )
    (agent,) = fake.state.agents.values()
    assert (agent["contact"]["mobile"], agent["contact"]["phone"]) == ("1234", "5678")
    assert agent["contact"]["last_login_at"] == "2015-08-21T09:24:46Z"


def test_the_recorded_account_is_consistent() -> None:
    fake = FakeFreshdesk.recorded(clock=FakeClock.manual(START))
    state = fake.state
    assert fake.agent_id == 1  # agents.json's first agent owns the key
    assert sorted(state.agents) == [1, 432]
    assert len(state.tickets) == 3  # ticket 1 twice identical, once different, plus another
    assert len(state.contacts) == 1  # Rachel, repeated in four samples
    assert len(state.companies) == 5
    assert len(state.groups) == 2
    with client_for(fake) as http:
        assert http.get("tickets").json() == []  # all older than 30 days
        old = http.get("tickets", params={"updated_since": "2010-01-01T00:00:00Z"}).json()
        assert len(old) == 3
        found = http.get("search/tickets", params={"query": "\"tag:'mytag'\""}).json()
        assert found["total"] == 2


# ---------------------------------------------------------------- generation


def _generated(seed: int = 3, **sizes: int) -> FakeFreshdesk:
    options = {"tickets": 400, "contacts": 120, **sizes}
    return FakeFreshdesk.generate(seed=seed, now=ANCHOR, clock=FakeClock.manual(ANCHOR), **options)


def test_same_seed_same_account() -> None:
    first, second = _generated(), _generated()
    assert first.state.tickets == second.state.tickets
    assert first.state.ticket_stats == second.state.ticket_stats
    assert first.state.contacts == second.state.contacts
    assert first.state.agents == second.state.agents
    assert first.state.ratings == second.state.ratings
    assert _generated(seed=4).state.tickets != first.state.tickets


def test_generated_values_spread_over_years_and_kinds() -> None:
    fake = _generated(tickets=2000, contacts=300)
    tickets = list(fake.state.tickets.values())
    years = Counter(ticket["created_at"][:4] for ticket in tickets)
    assert len(years) >= 3
    assert min(years) <= "2022"
    recent = (ANCHOR - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert sum(ticket["created_at"] >= recent for ticket in tickets) >= 20
    assert {t["status"] for t in tickets} == {2, 3, 4, 5}
    assert {t["priority"] for t in tickets} == {1, 2, 3, 4}
    assert len({t["source"] for t in tickets}) >= 5
    assert len({t["type"] for t in tickets}) >= 5
    assert any(t["spam"] for t in tickets)
    assert any(t.get("deleted") for t in tickets)
    assert len({tag for t in tickets for tag in t["tags"]}) >= 10
    assert len({t["group_id"] for t in tickets}) >= 5
    assert len({t["responder_id"] for t in tickets}) >= 5
    custom = {
        "cf_order_number",
        "cf_region",
        "cf_vip",
        "cf_affected_users",
        "cf_category",
        "cf_subcategory",
        "cf_item",
    }
    assert all(set(t["custom_fields"]) == custom for t in tickets)
    contacts = list(fake.state.contacts.values())
    assert any(c.get("deleted") for c in contacts)
    assert fake.state.blocked
    assert len({c["company_id"] for c in contacts}) > 5
    assert [t["id"] for t in sorted(tickets, key=lambda t: t["created_at"])] == sorted(
        t["id"] for t in tickets
    )


def test_generated_stats_follow_the_status() -> None:
    fake = _generated(tickets=1500)
    now = ANCHOR.strftime("%Y-%m-%dT%H:%M:%SZ")
    people = fake.state.contacts
    for ticket in fake.state.tickets.values():
        stats = fake.state.ticket_stats[ticket["id"]]
        created, status = ticket["created_at"], ticket["status"]
        moments = [value for value in stats.values() if value is not None]
        assert all(created <= moment <= now for moment in moments)
        assert created <= ticket["updated_at"] <= now
        assert (stats["resolved_at"] is not None) == (status in (4, 5))
        assert (stats["closed_at"] is not None) == (status == 5)
        assert (stats["pending_since"] is not None) == (status == 3)
        if status in (4, 5):
            assert stats["first_responded_at"] is not None
            assert stats["first_responded_at"] <= stats["resolved_at"]
        if status == 5:
            assert stats["resolved_at"] <= stats["closed_at"]
        requester = people[ticket["requester_id"]]
        assert requester["created_at"] <= created
        assert ticket["company_id"] == requester["company_id"]


def test_generated_ratings_belong_to_resolved_tickets() -> None:
    fake = _generated(tickets=1500)
    ratings = list(fake.state.ratings.values())
    assert len(ratings) > 50
    for rating in ratings:
        ticket = fake.state.tickets[rating["ticket_id"]]
        stats = fake.state.ticket_stats[ticket["id"]]
        assert ticket["status"] in (4, 5)
        assert rating["created_at"] >= stats["resolved_at"]
        assert rating["agent_id"] == ticket["responder_id"]
        assert rating["ratings"]["default_question"] in (103, 102, 101, 100, -101, -102, -103)
    with client_for(fake) as http:
        listed = http.get("surveys/satisfaction_ratings", params={"per_page": 100}).json()
    stamps = [rating["created_at"] for rating in listed]
    assert stamps == sorted(stamps, reverse=True)


def test_generated_account_answers_the_api() -> None:
    fake = _generated()
    with client_for(fake) as http:
        me = http.get("agents/me").json()
        assert me["contact"]["email"] == "admin@fake.example"
        page = http.get("tickets", params={"include": "requester,stats,company"})
        assert page.status_code == 200
        assert page.json()
        vip = http.get("search/tickets", params={"query": '"cf_vip:true"'}).json()
        assert 0 < vip["total"] < 400
        assert (
            http.get("search/contacts", params={"query": "\"language:'fr'\""}).json()["total"] > 0
        )


def test_20k_tickets_and_5k_contacts_take_a_few_seconds() -> None:
    started = time.perf_counter()
    fake = FakeFreshdesk.generate(tickets=20_000, contacts=5_000, seed=1, now=ANCHOR)
    took = time.perf_counter() - started
    assert (len(fake.state.tickets), len(fake.state.contacts)) == (20_000, 5_000)
    assert took < 10, f"generation took {took:.1f}s"
    with httpx.Client(
        transport=fake.transport(), base_url=fake.base_url, auth=(fake.api_key, "X")
    ) as http:
        started = time.perf_counter()
        for page in range(1, 11):
            response = http.get(
                "tickets",
                params={"updated_since": "2000-01-01T00:00:00Z", "per_page": 100, "page": page},
            )
            assert len(response.json()) == 100
        assert time.perf_counter() - started < 5  # the sorted list is cached between pages


@pytest.mark.parametrize(
    ("seed", "tickets", "contacts", "domain"),
    [(1, 1000, 300, "fake"), (7, 20, 5, "acme"), (99, 3000, 1200, "fake")],
)
def test_every_generated_account_holds_the_well_known_records(
    seed: int, tickets: int, contacts: int, domain: str
) -> None:
    fake = FakeFreshdesk.generate(tickets=tickets, contacts=contacts, seed=seed, domain=domain)
    state = fake.state
    assert (len(state.tickets), len(state.contacts)) == (tickets, contacts)
    agent = state.agents[WELL_KNOWN.agent_id]
    assert fake.agent_id == WELL_KNOWN.agent_id  # the API key's owner
    assert agent["contact"]["name"] == WELL_KNOWN.agent_name
    assert agent["contact"]["email"] == WELL_KNOWN.agent_email(domain)
    group = state.groups[WELL_KNOWN.group_id]
    assert group["name"] == WELL_KNOWN.group_name
    assert WELL_KNOWN.agent_id in group["agent_ids"]
    company = state.companies[WELL_KNOWN.company_id]
    assert (company["name"], company["domains"]) == (
        WELL_KNOWN.company_name,
        [WELL_KNOWN.company_domain],
    )
    contact = state.contacts[WELL_KNOWN.contact_id]
    assert (contact["name"], contact["email"], contact["company_id"]) == (
        WELL_KNOWN.contact_name,
        WELL_KNOWN.contact_email,
        WELL_KNOWN.company_id,
    )
    ticket = state.tickets[WELL_KNOWN.ticket_id]
    assert ticket["subject"] == WELL_KNOWN.ticket_subject
    assert (ticket["requester_id"], ticket["responder_id"], ticket["group_id"]) == (
        WELL_KNOWN.contact_id,
        WELL_KNOWN.agent_id,
        WELL_KNOWN.group_id,
    )
    # Ticket numbers still follow creation order.
    created = [state.tickets[n]["created_at"] for n in sorted(state.tickets)]
    assert created == sorted(created)
    # No generated record reaches the well-known id range.
    big = [*state.contacts, *state.companies, *state.agents, *state.groups]
    assert all(i >= 48000000001 for i in big if i not in _WELL_KNOWN_IDS)


_WELL_KNOWN_IDS = {
    WELL_KNOWN.agent_id,
    WELL_KNOWN.group_id,
    WELL_KNOWN.company_id,
    WELL_KNOWN.contact_id,
}
