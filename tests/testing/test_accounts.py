"""Companies, agents, groups and satisfaction ratings (docs/freshdesk-api-notes.md#companies, #satisfaction-ratings)."""

from __future__ import annotations

import httpx

from freshdesk_atom.testing import FakeFreshdesk

from ._support import errors_of


def test_company_round_trip(fake: FakeFreshdesk, client: httpx.Client) -> None:
    created = client.post("companies", json={"name": "Acme", "domains": ["acme.example"]})
    assert created.status_code == 201
    company = created.json()
    assert company["domains"] == ["acme.example"]
    assert {"health_score", "account_tier", "renewal_date", "industry"} <= set(company)
    fake.clock.advance(1)
    updated = client.put(f"companies/{company['id']}", json={"note": "key account"}).json()
    assert (updated["note"], updated["updated_at"]) == ("key account", "2024-06-03T12:00:01Z")
    assert client.get("companies").json() == [updated]
    assert client.put(f"companies/{company['id']}", json={}).json()["code"] == "missing_params"


def test_company_name_is_unique_case_insensitively(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    fake.add_company(name="Acme")
    other = fake.add_company(name="Globex")
    for response in (
        client.post("companies", json={"name": "ACME"}),
        client.put(f"companies/{other['id']}", json={"name": "acme"}),
    ):
        assert response.status_code == 409
        assert errors_of(response) == [
            {"field": "name", "message": "It should be a unique value", "code": "duplicate_value"}
        ]
    assert client.post("companies", json={}).status_code == 400


def test_deleting_a_company_unlinks_its_contacts(fake: FakeFreshdesk, client: httpx.Client) -> None:
    company = fake.add_company(name="Acme")
    contact = fake.add_contact(name="Dana", email="d@x.example", company_id=company["id"])
    assert client.delete(f"companies/{company['id']}").status_code == 204
    assert client.get(f"companies/{company['id']}").status_code == 404
    assert client.get(f"contacts/{contact['id']}").json()["company_id"] is None


def test_agents_me_is_the_key_owner(fake: FakeFreshdesk, client: httpx.Client) -> None:
    me = client.get("agents/me").json()
    assert me["id"] == fake.agent_id
    assert me["contact"]["email"] == "admin@fake.example"
    assert {"group_ids", "role_ids", "skill_ids"} <= set(me)


def test_agent_list_filters_and_shape(fake: FakeFreshdesk, client: httpx.Client) -> None:
    part = fake.add_agent(
        occasional=True,
        contact={"name": "Part", "email": "p@x.example", "phone": "+1", "mobile": "+2"},
    )
    response = client.get("agents")
    assert len(response.json()) == 2
    assert not {"group_ids", "role_ids", "skill_ids"} & set(response.json()[0])
    for params in (
        {"state": "occasional"},
        {"email": "P@x.example"},
        {"phone": "+1"},
        {"mobile": "+2"},
    ):
        assert [a["id"] for a in client.get("agents", params=params).json()] == [part["id"]]
    fulltime = client.get("agents", params={"state": "fulltime"}).json()
    assert [a["id"] for a in fulltime] == [fake.agent_id]
    assert errors_of(client.get("agents", params={"state": "busy"}))[0]["code"] == "invalid_value"


def test_agent_update(fake: FakeFreshdesk, client: httpx.Client) -> None:
    group = fake.add_group(name="Billing")
    other = fake.add_agent(contact={"name": "Other", "email": "o@x.example"})
    fake.clock.advance(10)
    response = client.put(
        f"agents/{fake.agent_id}",
        json={"occasional": True, "name": "Renamed", "group_ids": [group["id"]]},
    )
    body = response.json()
    assert (body["occasional"], body["contact"]["name"], body["group_ids"]) == (
        True,
        "Renamed",
        [group["id"]],
    )
    assert body["updated_at"] == "2024-06-03T12:00:10Z"
    taken = client.put(f"agents/{fake.agent_id}", json={"email": "O@x.example"})
    assert taken.status_code == 409
    assert errors_of(taken)[0]["additional_info"] == {"user_id": other["id"]}
    assert client.get("agents/123").status_code == 404


def test_deleting_an_agent_demotes_it(fake: FakeFreshdesk, client: httpx.Client) -> None:
    agent = fake.add_agent(contact={"name": "Temp", "email": "t@x.example"})
    assert client.delete(f"agents/{agent['id']}").status_code == 204
    assert client.get(f"agents/{agent['id']}").status_code == 404
    assert client.get(f"contacts/{agent['id']}").json()["email"] == "t@x.example"
    assert client.delete(f"agents/{fake.agent_id}").status_code == 403


def test_groups_crud(fake: FakeFreshdesk, client: httpx.Client) -> None:
    created = client.post(
        "groups", json={"name": "Billing", "agent_ids": [fake.agent_id], "unassigned_for": "1h"}
    )
    assert created.status_code == 201
    group = created.json()
    assert group["agent_ids"] == [fake.agent_id]
    (listed,) = client.get("groups").json()
    assert "agent_ids" not in listed  # docs/freshdesk-api-notes.md#groups: not in list items
    assert client.get(f"agents/{fake.agent_id}").json()["group_ids"] == [group["id"]]
    renamed = client.put(f"groups/{group['id']}", json={"name": "Invoices"}).json()
    assert renamed["name"] == "Invoices"
    duplicate = client.post("groups", json={"name": "invoices"})
    assert duplicate.status_code == 409
    assert errors_of(client.post("groups", json={"name": "X", "unassigned_for": "5m"}))[0][
        "message"
    ] == ("It should be one of these values: '30m,1h,2h,4h,8h,12h,1d,2d,3d'")
    ticket = fake.add_ticket(group_id=group["id"])
    assert client.delete(f"groups/{group['id']}").status_code == 204
    assert client.get(f"groups/{group['id']}").status_code == 404
    assert client.get(f"tickets/{ticket['id']}").json()["group_id"] is None


def test_satisfaction_ratings_window_and_order(fake: FakeFreshdesk, client: httpx.Client) -> None:
    old = fake.add_satisfaction_rating(ticket_id=1, user_id=5, created_at="2024-04-01T00:00:00Z")
    mid = fake.add_satisfaction_rating(ticket_id=2, user_id=6, created_at="2024-05-20T00:00:00Z")
    new = fake.add_satisfaction_rating(ticket_id=3, user_id=5, created_at="2024-06-01T00:00:00Z")

    def ids(response: httpx.Response) -> list[int]:
        return [rating["id"] for rating in response.json()]

    assert ids(client.get("surveys/satisfaction_ratings")) == [new["id"], mid["id"]]
    since = {"created_since": "2024-01-01T00:00:00Z"}
    assert ids(client.get("surveys/satisfaction_ratings", params=since)) == [
        new["id"],
        mid["id"],
        old["id"],
    ]
    mine = {**since, "user_id": "5"}
    assert ids(client.get("surveys/satisfaction_ratings", params=mine)) == [new["id"], old["id"]]


def test_ticket_satisfaction_ratings(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket = fake.add_ticket()
    rating = fake.add_satisfaction_rating(ticket_id=ticket["id"], ratings={"default_question": 103})
    response = client.get(f"tickets/{ticket['id']}/satisfaction_ratings")
    assert response.json() == [rating]
    assert client.get("tickets/999/satisfaction_ratings").status_code == 404
