"""Contacts contract (docs/freshdesk-api-notes.md#contacts)."""

from __future__ import annotations

import httpx
import pytest

from freshdesk_atom.testing import FakeFreshdesk

from ._support import START_WIRE, errors_of


def _names(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()]


def test_create_view_update_round_trip(fake: FakeFreshdesk, client: httpx.Client) -> None:
    created = client.post(
        "contacts", json={"name": "Dana Ruiz", "email": "dana@globex.example", "tags": ["vip"]}
    )
    assert created.status_code == 201
    contact = created.json()
    assert created.headers["Location"].endswith(f"/api/v2/contacts/{contact['id']}")
    assert (
        contact["id"] >= 48000000001
    )  # 64-bit-sized ids (docs/freshdesk-api-notes.md#data-conventions)
    assert (contact["active"], contact["created_at"]) == (False, START_WIRE)
    assert client.get(f"contacts/{contact['id']}").json() == contact
    fake.clock.advance(5)
    updated = client.put(f"contacts/{contact['id']}", json={"job_title": "CFO"}).json()
    assert (updated["job_title"], updated["updated_at"]) == ("CFO", "2024-06-03T12:00:05Z")


def test_list_is_by_name_and_omits_list_hidden_keys(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    for name in ("carol", "Alice", "bob"):
        fake.add_contact(name=name, email=f"{name}@x.example")
    response = client.get("contacts")
    assert _names(response) == ["Alice", "bob", "carol"]
    item = response.json()[0]
    assert not {"tags", "other_emails", "avatar"} & set(item)
    assert {"tags", "other_emails", "avatar"} <= set(client.get(f"contacts/{item['id']}").json())


def test_filters_and_states(fake: FakeFreshdesk, client: httpx.Client) -> None:
    company = fake.add_company(name="Acme")
    fake.add_contact(name="Active", email="a@x.example", active=True, company_id=company["id"])
    fake.add_contact(name="Pending", phone="+1", mobile="+2", tags=["vip"])
    gone = fake.add_contact(name="Gone", email="g@x.example", deleted=True)
    blocked = fake.add_contact(name="Blocked", email="b@x.example")
    fake.state.block_contact(blocked["id"])
    assert _names(client.get("contacts")) == ["Active", "Pending"]
    for state, expected in (
        ("verified", ["Active"]),
        ("unverified", ["Pending"]),
        ("deleted", ["Gone"]),
        ("blocked", ["Blocked"]),
    ):
        assert _names(client.get("contacts", params={"state": state})) == expected
    assert _names(client.get("contacts", params={"email": "A@x.example"})) == ["Active"]
    assert _names(client.get("contacts", params={"phone": "+1"})) == ["Pending"]
    assert _names(client.get("contacts", params={"mobile": "+2"})) == ["Pending"]
    assert _names(client.get("contacts", params={"tag": "vip"})) == ["Pending"]
    assert _names(client.get("contacts", params={"company_id": company["id"]})) == ["Active"]
    bad = client.get("contacts", params={"state": "asleep"})
    assert errors_of(bad)[0]["message"] == (
        "It should be one of these values: 'verified,unverified,deleted,blocked'"
    )
    assert client.get(f"contacts/{gone['id']}").json()["deleted"] is True


def test_updated_since_has_a_leading_underscore(fake: FakeFreshdesk, client: httpx.Client) -> None:
    fake.add_contact(name="Old", email="o@x.example", updated_at="2023-01-01T00:00:00Z")
    fake.add_contact(name="New", email="n@x.example", updated_at="2024-05-01T00:00:00Z")
    since = {"_updated_since": "2024-01-01T00:00:00Z"}
    assert _names(client.get("contacts", params=since)) == ["New"]
    wrong = client.get("contacts", params={"updated_since": "2024-01-01T00:00:00Z"})
    assert errors_of(wrong)[0]["code"] == "invalid_field"  # docs/freshdesk-api-notes.md#contacts


def test_create_validation(client: httpx.Client) -> None:
    nameless = client.post("contacts", json={"email": "x@y.example"})
    assert errors_of(nameless) == [
        {
            "field": "name",
            "message": "It should not be blank as this is a mandatory field",
            "code": "missing_field",
        }
    ]
    unreachable = client.post("contacts", json={"name": "X"})
    assert errors_of(unreachable) == [
        {
            "field": "email",
            "message": "Please fill at least 1 of email, mobile, phone, twitter_id, "
            "unique_external_id fields",
            "code": "missing_field",
        }
    ]
    bad_company = client.post("contacts", json={"name": "X", "phone": "1", "company_id": 5})
    assert (
        errors_of(bad_company)[0]["message"] == "There is no company matching the given company_id"
    )


@pytest.mark.parametrize("field", ["email", "twitter_id", "unique_external_id"])
def test_duplicates_are_409_with_the_holder(
    fake: FakeFreshdesk, client: httpx.Client, field: str
) -> None:
    holder = fake.add_contact(name="A", **{field: "Same@x.example"})
    response = client.post("contacts", json={"name": "B", field: "same@x.example"})
    assert response.status_code == 409
    assert response.json() == {
        "description": "Validation failed",
        "errors": [
            {
                "field": field,
                "additional_info": {"user_id": holder["id"]},
                "message": "It should be a unique value",
                "code": "duplicate_value",
            }
        ],
    }


def test_status_is_the_most_frequent_among_errors(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    fake.add_contact(name="A", email="a@x.example", twitter_id="@a")
    mostly_conflict = client.post(
        "contacts", json={"name": "B", "email": "a@x.example", "twitter_id": "@a", "job_title": 1}
    )
    assert mostly_conflict.status_code == 409
    mostly_invalid = client.post(
        "contacts", json={"name": "B", "email": "a@x.example", "job_title": 1, "language": 2}
    )
    assert mostly_invalid.status_code == 400
    assert {error["code"] for error in errors_of(mostly_invalid)} == {
        "duplicate_value",
        "datatype_mismatch",
    }


def test_delete_restore_and_the_405s(fake: FakeFreshdesk, client: httpx.Client) -> None:
    contact = fake.add_contact(name="A", email="a@x.example")
    path = f"contacts/{contact['id']}"
    assert client.delete(path).status_code == 204
    for response in (client.put(path, json={"name": "B"}), client.delete(path)):
        assert response.status_code == 405  # docs/freshdesk-api-notes.md#contacts
        assert response.headers["Allow"] == "GET"
        assert "message" in response.json()
    assert client.put(f"{path}/restore").status_code == 204
    assert client.put(f"{path}/restore").status_code == 404
    assert client.put(path, json={"name": "B"}).json()["name"] == "B"
    fake.state.block_contact(contact["id"])
    assert client.put(path, json={"name": "C"}).status_code == 405


def test_hard_delete_needs_a_soft_delete_or_force(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    live = fake.add_contact(name="Live", email="l@x.example")
    refused = client.delete(f"contacts/{live['id']}/hard_delete")
    assert (refused.status_code, refused.content) == (
        400,
        b"",
    )  # docs/freshdesk-api-notes.md#contacts: an empty 400
    forced = client.delete(f"contacts/{live['id']}/hard_delete", params={"force": "true"})
    assert forced.status_code == 204
    assert client.get(f"contacts/{live['id']}").status_code == 404

    soft = fake.add_contact(name="Soft", email="s@x.example")
    assert client.delete(f"contacts/{soft['id']}").status_code == 204
    assert client.delete(f"contacts/{soft['id']}/hard_delete").status_code == 204
    assert client.get(f"contacts/{soft['id']}").status_code == 404
    assert client.delete("contacts/1/hard_delete").status_code == 404


def test_make_agent(fake: FakeFreshdesk, client: httpx.Client) -> None:
    group = fake.add_group(name="Billing")
    contact = fake.add_contact(name="Dana", email="dana@x.example")
    response = client.put(
        f"contacts/{contact['id']}/make_agent",
        json={"occasional": True, "group_ids": [group["id"]]},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "dana@x.example"
    assert body["agent"]["id"] == contact["id"]
    assert (body["agent"]["occasional"], body["agent"]["group_ids"]) == (True, [group["id"]])
    agent = client.get(
        f"agents/{contact['id']}"
    ).json()  # agent id == user id (docs/freshdesk-api-notes.md#data-conventions)
    assert agent["contact"]["name"] == "Dana"
    assert client.get(f"groups/{group['id']}").json()["agent_ids"] == [contact["id"]]
    assert contact["id"] not in [c["id"] for c in client.get("contacts").json()]


def test_make_agent_needs_an_email(fake: FakeFreshdesk, client: httpx.Client) -> None:
    contact = fake.add_contact(name="Phone only", phone="+1 555")
    response = client.put(f"contacts/{contact['id']}/make_agent")
    assert response.status_code == 409
    assert response.json()["code"] == "inconsistent_state"
    bad = client.put(f"contacts/{contact['id']}/make_agent", json={"ticket_scope": 7})
    assert errors_of(bad)[0]["message"] == "It should be one of these values: '1,2,3'"
