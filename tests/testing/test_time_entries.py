"""Time entries and per-ticket satisfaction ratings (docs/freshdesk-api-notes.md#time-entries, #satisfaction-ratings)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from freshdesk_atom.testing import FakeFreshdesk
from freshdesk_atom.testing._time_entries import minutes_of, spent

from ._support import START_WIRE, errors_of


@pytest.fixture
def ticket(fake: FakeFreshdesk) -> dict[str, Any]:
    company = fake.add_company(name="Acme")
    return fake.add_ticket(company_id=company["id"])


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("00:00", 0),
        ("01:30", 90),
        ("10:05", 605),
        ("123:59", 7439),
        ("1:30", None),
        ("01:60", None),
        ("x", None),
    ],
)
def test_minutes_of(text: str, minutes: int | None) -> None:
    assert minutes_of(text) == minutes
    if minutes is not None:
        assert minutes_of(spent(minutes)) == minutes


def test_create_and_read(fake: FakeFreshdesk, client: httpx.Client, ticket: dict[str, Any]) -> None:
    response = client.post(
        f"tickets/{ticket['id']}/time_entries", json={"time_spent": "01:30", "note": "Call"}
    )
    assert response.status_code == 201, response.text
    entry = response.json()
    assert entry == {
        "id": entry["id"],
        "agent_id": fake.agent_id,
        "ticket_id": ticket["id"],
        "company_id": ticket["company_id"],
        "billable": True,
        "timer_running": False,
        "time_spent": "01:30",
        "note": "Call",
        "executed_at": START_WIRE,
        "start_time": START_WIRE,
        "created_at": START_WIRE,
        "updated_at": START_WIRE,
    }
    assert response.headers["Location"].endswith(f"/time_entries/{entry['id']}")
    assert client.get(f"tickets/{ticket['id']}/time_entries").json() == [entry]
    assert client.get("time_entries").json() == [entry]


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({}, "time_spent", "missing_field"),
        ({"time_spent": "1h"}, "time_spent", "invalid_value"),
        ({"time_spent": 90}, "time_spent", "datatype_mismatch"),
        ({"time_spent": "01:00", "billable": "yes"}, "billable", "datatype_mismatch"),
        ({"time_spent": "01:00", "agent_id": 5}, "agent_id", "invalid_value"),
        ({"time_spent": "01:00", "executed_at": "yesterday"}, "executed_at", "invalid_value"),
        ({"time_spent": "01:00", "minutes": 3}, "minutes", "invalid_field"),
    ],
)
def test_create_rules(
    client: httpx.Client, ticket: dict[str, Any], body: dict[str, Any], field: str, code: str
) -> None:
    response = client.post(f"tickets/{ticket['id']}/time_entries", json=body)
    assert [(e["field"], e["code"]) for e in errors_of(response)] == [(field, code)]


def test_timers(fake: FakeFreshdesk, client: httpx.Client, ticket: dict[str, Any]) -> None:
    url = f"tickets/{ticket['id']}/time_entries"
    first = client.post(url, json={"timer_running": True}).json()
    assert (first["timer_running"], first["time_spent"]) == (True, "00:00")
    fake.clock.advance(25 * 60)
    assert client.get(url).json()[0]["time_spent"] == "00:25"
    # One running timer per agent: starting a second stops the first.
    second = client.post(url, json={"timer_running": True, "time_spent": "00:10"}).json()
    stopped = fake.state.time_entries[first["id"]]
    assert (stopped["timer_running"], stopped["time_spent"]) == (False, "00:25")
    fake.clock.advance(5 * 60)
    toggled = client.put(f"time_entries/{second['id']}/toggle_timer").json()
    assert (toggled["timer_running"], toggled["time_spent"]) == (False, "00:15")
    again = client.put(f"time_entries/{second['id']}/toggle_timer").json()
    assert again["timer_running"] is True
    assert client.put(f"time_entries/{second['id']}/toggle_timer", json={"x": 1}).status_code == 400


def test_update_and_delete(
    fake: FakeFreshdesk, client: httpx.Client, ticket: dict[str, Any]
) -> None:
    entry = client.post(f"tickets/{ticket['id']}/time_entries", json={"time_spent": "00:30"}).json()
    fake.clock.advance(60)
    updated = client.put(
        f"time_entries/{entry['id']}", json={"time_spent": "02:00", "billable": False}
    ).json()
    assert (updated["time_spent"], updated["billable"]) == ("02:00", False)
    assert updated["updated_at"] != updated["created_at"]
    empty = client.put(f"time_entries/{entry['id']}", json={})
    assert empty.json()["code"] == "missing_params"
    assert client.delete(f"time_entries/{entry['id']}").status_code == 204
    assert client.delete(f"time_entries/{entry['id']}").status_code == 404
    assert client.put("time_entries/1", json={"note": "x"}).status_code == 404
    assert client.get("tickets/999/time_entries").status_code == 404
    assert client.post("tickets/999/time_entries", json={"time_spent": "01:00"}).status_code == 404


def test_the_account_list_filters(fake: FakeFreshdesk, client: httpx.Client) -> None:
    acme = fake.add_company(name="Acme")
    globex = fake.add_company(name="Globex")
    other = fake.add_agent(contact={"name": "Other", "email": "o@fake.example"})
    a = fake.add_ticket(company_id=acme["id"])
    b = fake.add_ticket(company_id=globex["id"])
    e1 = fake.add_time_entry(a["id"], time_spent="01:00", executed_at="2024-05-01T10:00:00Z")
    e2 = fake.add_time_entry(
        b["id"],
        time_spent="02:00",
        executed_at="2024-05-10T10:00:00Z",
        billable=False,
        agent_id=other["id"],
    )
    e3 = fake.add_time_entry(a["id"], time_spent="00:15", executed_at="2024-05-20T10:00:00Z")

    def ids(**params: Any) -> list[int]:
        response = client.get("time_entries", params=params)
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()]

    assert ids() == [e3["id"], e2["id"], e1["id"]]
    assert ids(company_id=acme["id"]) == [e3["id"], e1["id"]]
    assert ids(agent_id=other["id"]) == [e2["id"]]
    assert ids(billable="false") == [e2["id"]]
    assert ids(billable="true") == [e3["id"], e1["id"]]
    assert ids(executed_after="2024-05-05T00:00:00Z") == [e3["id"], e2["id"]]
    assert ids(executed_before="2024-05-10T10:00:00Z") == [e2["id"], e1["id"]]
    assert ids(per_page=2, page=2) == [e1["id"]]
    bad = client.get("time_entries", params={"billable": "maybe", "ticket_id": "1"})
    assert {e["field"] for e in errors_of(bad)} == {"billable", "ticket_id"}


def test_a_tickets_satisfaction_ratings(fake: FakeFreshdesk, client: httpx.Client) -> None:
    a, b = fake.add_ticket(), fake.add_ticket()
    fake.add_satisfaction_rating(ticket_id=a["id"], ratings={"default_question": 103})
    fake.add_satisfaction_rating(ticket_id=b["id"], ratings={"default_question": -103})
    response = client.get(f"tickets/{a['id']}/satisfaction_ratings")
    assert [r["ratings"] for r in response.json()] == [{"default_question": 103}]
    assert client.get("tickets/999/satisfaction_ratings").status_code == 404
