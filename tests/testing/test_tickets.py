"""Tickets contract: the 30-day window, filters, ordering, includes, CRUD (docs/freshdesk-api-notes.md#the-tickets-list, #tickets)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from freshdesk_atom.testing import FakeFreshdesk

from ._support import START_WIRE, errors_of, ticket_body


def _ids(response: httpx.Response) -> list[int]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()]


@pytest.fixture
def people(fake: FakeFreshdesk) -> dict[str, Any]:
    """Two contacts of two companies."""
    acme = fake.add_company(name="Acme", domains=["acme.example"])
    globex = fake.add_company(name="Globex")
    dana = fake.add_contact(
        name="Dana", email="dana@acme.example", company_id=acme["id"], unique_external_id="ext-1"
    )
    eli = fake.add_contact(name="Eli", email="eli@globex.example", company_id=globex["id"])
    return {"acme": acme, "globex": globex, "dana": dana, "eli": eli}


# ---------------------------------------------------------------- the 30-day window


def test_default_list_shows_only_tickets_created_in_the_last_30_days(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    # START is 2024-06-03T12:00Z: the window opens at 2024-05-04T00:00:00Z (start of day).
    fake.add_ticket(id=1, created_at="2024-05-03T23:59:59Z", updated_at=START_WIRE)
    fake.add_ticket(id=2, created_at="2024-05-04T00:00:00Z")
    fake.add_ticket(id=3, created_at="2024-06-01T08:00:00Z")
    assert _ids(client.get("tickets")) == [3, 2]
    # order_by, include and page do not lift the window.
    assert _ids(client.get("tickets", params={"order_type": "asc"})) == [2, 3]
    assert _ids(client.get("tickets", params={"include": "stats", "page": 1})) == [3, 2]


@pytest.mark.parametrize(
    "params",
    [
        {"updated_since": "2020-01-01T00:00:00Z"},
        {"filter": "new_and_my_open"},
        {"requester_id": "REQUESTER"},
        {"email": "dana@acme.example"},
        {"company_id": "COMPANY"},
        {"unique_external_id": "ext-1"},
    ],
)
def test_each_filter_lifts_the_window(
    fake: FakeFreshdesk, client: httpx.Client, people: dict[str, Any], params: dict[str, str]
) -> None:
    dana = people["dana"]
    old = fake.add_ticket(
        created_at="2021-02-03T04:05:06Z",
        updated_at="2021-02-03T04:05:06Z",
        requester_id=dana["id"],
        company_id=dana["company_id"],
    )
    resolved = {
        key: str(dana["id"])
        if value == "REQUESTER"
        else str(dana["company_id"])
        if value == "COMPANY"
        else value
        for key, value in params.items()
    }
    assert old["id"] not in _ids(client.get("tickets"))
    assert _ids(client.get("tickets", params=resolved)) == [old["id"]]


def test_filters_select_and_combine(
    fake: FakeFreshdesk, client: httpx.Client, people: dict[str, Any]
) -> None:
    dana, eli = people["dana"], people["eli"]
    a = fake.add_ticket(requester_id=dana["id"], company_id=dana["company_id"])
    b = fake.add_ticket(requester_id=eli["id"], company_id=eli["company_id"])
    assert _ids(client.get("tickets", params={"requester_id": dana["id"]})) == [a["id"]]
    assert _ids(client.get("tickets", params={"email": "ELI@globex.example"})) == [b["id"]]
    assert _ids(client.get("tickets", params={"company_id": eli["company_id"]})) == [b["id"]]
    both = {"requester_id": dana["id"], "company_id": eli["company_id"]}
    assert _ids(client.get("tickets", params=both)) == []


def test_updated_since_is_inclusive(fake: FakeFreshdesk, client: httpx.Client) -> None:
    fake.add_ticket(id=1, updated_at="2024-01-01T00:00:00Z")
    fake.add_ticket(id=2, updated_at="2023-12-31T23:59:59Z")
    response = client.get("tickets", params={"updated_since": "2024-01-01T00:00:00Z"})
    assert _ids(response) == [1]
    offset = client.get("tickets", params={"updated_since": "2024-01-01T01:00:00+01:00"})
    assert _ids(offset) == [1]


def test_new_and_my_open_means_open_and_unassigned_or_mine(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    other = fake.add_agent(contact={"name": "Other", "email": "other@x.example"})
    mine = fake.add_ticket(status=2, responder_id=fake.agent_id)
    unassigned = fake.add_ticket(status=2)
    fake.add_ticket(status=2, responder_id=other["id"])
    fake.add_ticket(status=3)
    response = client.get("tickets", params={"filter": "new_and_my_open"})
    assert sorted(_ids(response)) == [mine["id"], unassigned["id"]]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        (
            {"requester_id": "999"},
            "requester_id",
            "There is no contact matching the given requester_id",
        ),
        ({"email": "nobody@x.example"}, "email", "There is no contact matching the given email"),
        ({"company_id": "999"}, "company_id", "There is no company matching the given company_id"),
        (
            {"filter": "mine"},
            "filter",
            "It should be one of these values: 'new_and_my_open,watching,spam,deleted'",
        ),
        (
            {"order_by": "subject"},
            "order_by",
            "It should be one of these values: 'created_at,due_by,updated_at,status,priority'",
        ),
        ({"order_type": "up"}, "order_type", "It should be one of these values: 'asc,desc'"),
        (
            {"include": "requester,conversations"},
            "include",
            "It should be one of these values: 'requester,stats,description,company'",
        ),
        (
            {"updated_since": "yesterday"},
            "updated_since",
            "It should be in the 'combined date and time ISO8601' format",
        ),
        ({"colour": "red"}, "colour", "Unexpected/invalid field in request"),
    ],
)
def test_bad_list_parameters_are_400(
    client: httpx.Client, params: dict[str, str], field: str, message: str
) -> None:
    response = client.get("tickets", params=params)
    assert response.status_code == 400
    (error,) = errors_of(response)
    assert (error["field"], error["message"]) == (field, message)
    assert error["code"] == ("invalid_field" if field == "colour" else "invalid_value")


# ---------------------------------------------------------------- spam and trash


def test_spam_and_deleted_only_through_their_filter(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    normal = fake.add_ticket()
    spam = fake.add_ticket(spam=True)
    trashed = fake.add_ticket(deleted=True)
    since = {"updated_since": "2000-01-01T00:00:00Z"}
    assert _ids(client.get("tickets")) == [normal["id"]]
    assert _ids(client.get("tickets", params=since)) == [normal["id"]]
    assert _ids(client.get("tickets", params={"filter": "spam"})) == [spam["id"]]
    assert _ids(client.get("tickets", params={"filter": "deleted"})) == [trashed["id"]]
    view = client.get(f"tickets/{trashed['id']}").json()
    assert view["deleted"] is True  # a trashed ticket can still be viewed
    assert "deleted" not in client.get(f"tickets/{normal['id']}").json()


# ---------------------------------------------------------------- ordering


@pytest.mark.parametrize(
    ("order_by", "order_type", "expected"),
    [
        (None, None, [3, 2, 1]),
        ("created_at", "asc", [1, 2, 3]),
        ("updated_at", "desc", [2, 1, 3]),
        ("due_by", "asc", [3, 1, 2]),
        ("priority", "desc", [2, 3, 1]),
        ("status", "asc", [1, 3, 2]),
    ],
)
def test_order_by_and_order_type(
    fake: FakeFreshdesk,
    client: httpx.Client,
    order_by: str | None,
    order_type: str | None,
    expected: list[int],
) -> None:
    fake.add_ticket(
        id=1,
        created_at="2024-06-01T00:00:00Z",
        updated_at="2024-06-02T00:00:00Z",
        due_by="2024-06-10T00:00:00Z",
        priority=1,
        status=2,
    )
    fake.add_ticket(
        id=2,
        created_at="2024-06-01T00:00:01Z",
        updated_at="2024-06-03T00:00:00Z",
        due_by="2024-06-11T00:00:00Z",
        priority=4,
        status=5,
    )
    fake.add_ticket(
        id=3,
        created_at="2024-06-01T00:00:02Z",
        updated_at="2024-06-01T00:00:00Z",
        due_by="2024-06-09T00:00:00Z",
        priority=2,
        status=3,
    )
    params = {
        key: value for key, value in (("order_by", order_by), ("order_type", order_type)) if value
    }
    assert _ids(client.get("tickets", params=params)) == expected


def test_equal_values_are_ordered_by_id(fake: FakeFreshdesk, client: httpx.Client) -> None:
    for _ in range(5):
        fake.add_ticket(priority=3)
    assert _ids(client.get("tickets", params={"order_by": "priority"})) == [5, 4, 3, 2, 1]
    assert _ids(client.get("tickets", params={"order_by": "priority", "order_type": "asc"})) == [
        1,
        2,
        3,
        4,
        5,
    ]


# ---------------------------------------------------------------- includes and credits


def test_list_items_have_no_description_unless_included(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    fake.add_ticket(description="<div>Hello</div>", description_text="Hello")
    (plain,) = client.get("tickets").json()
    assert "description" not in plain
    assert "description_text" not in plain
    assert "attachments" not in plain
    response = client.get("tickets", params={"include": "description"})
    (item,) = response.json()
    assert (item["description"], item["description_text"]) == ("<div>Hello</div>", "Hello")
    assert response.headers["X-RateLimit-Used-CurrentRequest"] == "3"


@pytest.mark.parametrize(
    ("include", "credits"),
    [(None, 1), ("stats", 3), ("requester,stats", 5), ("requester,stats,description,company", 9)],
)
def test_list_includes_cost_two_credits_each(
    fake: FakeFreshdesk, client: httpx.Client, include: str | None, credits: int
) -> None:
    contact = fake.add_contact(name="Dana", email="dana@x.example", phone="+1 555")
    fake.add_ticket(requester_id=contact["id"])
    response = client.get("tickets", params={"include": include} if include else {})
    assert response.headers["X-RateLimit-Used-CurrentRequest"] == str(credits)
    (item,) = response.json()
    for name in (include or "").split(","):
        if name:
            assert name in item
    if include and "requester" in include:
        assert item["requester"] == {
            "id": contact["id"],
            "name": "Dana",
            "email": "dana@x.example",
            "mobile": None,
            "phone": "+1 555",
        }


def test_view_includes_cost_one_credit_each(
    fake: FakeFreshdesk, client: httpx.Client, people: dict[str, Any]
) -> None:
    dana = people["dana"]
    ticket = fake.add_ticket(requester_id=dana["id"], company_id=dana["company_id"])
    plain = client.get(f"tickets/{ticket['id']}")
    assert plain.headers["X-RateLimit-Used-CurrentRequest"] == "1"
    assert "description" in plain.json()  # the view always has it
    full = client.get(
        f"tickets/{ticket['id']}", params={"include": "conversations,requester,company,stats"}
    )
    assert full.headers["X-RateLimit-Used-CurrentRequest"] == "5"
    body = full.json()
    assert body["company"] == {"id": people["acme"]["id"], "name": "Acme"}
    assert body["conversations"] == []
    assert set(body["stats"]) >= {"first_responded_at", "resolved_at", "closed_at"}
    bad = client.get(f"tickets/{ticket['id']}", params={"include": "description"})
    assert errors_of(bad)[0]["message"] == (
        "It should be one of these values: 'conversations,requester,company,stats'"
    )


# ---------------------------------------------------------------- writes


def test_create_view_update_delete_restore_round_trip(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    created = client.post(
        "tickets", json=ticket_body(priority=3, tags=["a"], cc_emails=["x@y.example"])
    )
    assert created.status_code == 201
    ticket = created.json()
    assert (
        created.headers["Location"] == f"https://fake.freshdesk.com/api/v2/tickets/{ticket['id']}"
    )
    assert (ticket["status"], ticket["priority"], ticket["source"]) == (
        2,
        3,
        2,
    )  # docs/freshdesk-api-notes.md#tickets defaults
    assert ticket["description_text"] == "It really is."
    assert ticket["reply_cc_emails"] == ticket["ticket_cc_emails"] == ["x@y.example"]
    assert ticket["fwd_emails"] == []
    assert ticket["created_at"] == ticket["updated_at"] == START_WIRE
    assert client.get(f"tickets/{ticket['id']}").json() == ticket

    fake.clock.advance(90)
    updated = client.put(f"tickets/{ticket['id']}", json={"status": 4, "tags": ["b"]})
    assert updated.status_code == 200
    body = updated.json()
    assert (body["status"], body["tags"], body["updated_at"]) == (4, ["b"], "2024-06-03T12:01:30Z")
    assert body["created_at"] == START_WIRE
    stats = client.get(f"tickets/{ticket['id']}", params={"include": "stats"}).json()["stats"]
    assert stats["resolved_at"] == stats["status_updated_at"] == "2024-06-03T12:01:30Z"

    fake.clock.advance(30)
    assert client.delete(f"tickets/{ticket['id']}").status_code == 204
    assert client.get(f"tickets/{ticket['id']}").json()["updated_at"] == "2024-06-03T12:02:00Z"
    assert client.put(f"tickets/{ticket['id']}", json={"status": 2}).status_code == 404
    assert client.delete(f"tickets/{ticket['id']}").status_code == 404

    restored = client.put(f"tickets/{ticket['id']}/restore")
    assert (restored.status_code, restored.content) == (204, b"")
    assert "deleted" not in client.get(f"tickets/{ticket['id']}").json()
    assert client.put(f"tickets/{ticket['id']}/restore").status_code == 404  # not trashed


def test_create_makes_a_contact_for_an_unknown_email(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    acme = fake.add_company(name="Acme", domains=["acme.example"])
    ticket = client.post("tickets", json=ticket_body(email="new@acme.example")).json()
    contact = client.get(f"contacts/{ticket['requester_id']}").json()
    assert (contact["email"], contact["name"], contact["company_id"]) == (
        "new@acme.example",
        "new",
        acme["id"],
    )
    assert ticket["company_id"] == acme["id"]
    again = client.post("tickets", json=ticket_body(email="NEW@acme.example")).json()
    assert again["requester_id"] == ticket["requester_id"]
    assert fake.counters.created == {"tickets": 2, "contacts": 1}


def test_reopening_sets_reopened_at(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket = client.post("tickets", json=ticket_body(status=5)).json()
    fake.clock.advance(60)
    client.put(f"tickets/{ticket['id']}", json={"status": 2})
    stats = client.get(f"tickets/{ticket['id']}", params={"include": "stats"}).json()["stats"]
    assert stats["closed_at"] == START_WIRE
    assert stats["reopened_at"] == "2024-06-03T12:01:00Z"


def test_create_without_a_requester(client: httpx.Client) -> None:
    response = client.post("tickets", json={"subject": "x", "description": "y"})
    assert response.status_code == 400
    assert errors_of(response) == [
        {
            "field": "requester_id",
            "message": "Please fill at least 1 of requester_id, phone, email, twitter_id, "
            "facebook_id, unique_external_id fields",
            "code": "missing_field",
        }
    ]


def test_description_is_optional_unless_the_account_requires_it() -> None:
    lenient = FakeFreshdesk()
    strict = FakeFreshdesk(ticket_required_fields=("subject", "description"))
    body = {"subject": "no description", "email": "dana@example.com"}
    with httpx.Client(transport=lenient.transport(), auth=(lenient.api_key, "X")) as client:
        created = client.post(lenient.base_url + "tickets", json=body)
    assert created.status_code == 201
    with httpx.Client(transport=strict.transport(), auth=(strict.api_key, "X")) as client:
        refused = client.post(strict.base_url + "tickets", json=body)
    assert refused.status_code == 400
    assert errors_of(refused) == [
        {
            "field": "description",
            "code": "missing_field",
            "message": "It should not be blank as this is a mandatory field",
        }
    ]


def test_create_collects_every_error_in_one_body(client: httpx.Client) -> None:
    response = client.post(
        "tickets",
        json={"subject": 5, "priority": 9, "status": "2", "severity": 1, "email": "not-an-email"},
    )
    assert response.status_code == 400
    errors = {error["field"]: (error["code"], error["message"]) for error in errors_of(response)}
    assert errors == {
        "severity": ("invalid_field", "Unexpected/invalid field in request"),
        "subject": ("datatype_mismatch", "It should be a/an String"),
        "priority": ("invalid_value", "It should be one of these values: '1,2,3,4'"),
        "status": ("datatype_mismatch", "It should be one of these values: '2,3,4,5'"),
        "email": ("invalid_value", "It should be in the 'valid email address' format"),
    }


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"requester_id": 12345}, "requester_id", "invalid_value"),
        ({"facebook_id": "fb-1"}, "facebook_id", "invalid_value"),
        ({"phone": "+1 555 0100"}, "name", "missing_field"),
        ({"email": "a@b.example", "responder_id": 7}, "responder_id", "invalid_value"),
        ({"email": "a@b.example", "type": "Rant"}, "type", "invalid_value"),
        ({"email": "a@b.example", "tags": ["a,b"]}, "tags", "invalid_value"),
        ({"email": "a@b.example", "tags": "a"}, "tags", "datatype_mismatch"),
        ({"email": "a@b.example", "custom_fields": {"cf_nope": 1}}, "cf_nope", "invalid_field"),
        ({"email": "a@b.example", "due_by": "2024-07-01T00:00:00Z"}, "fr_due_by", "missing_field"),
        ({"email": "a@b.example", "subject": "x" * 256}, "subject", "invalid_value"),
    ],
)
def test_create_validation(
    client: httpx.Client, body: dict[str, Any], field: str, code: str
) -> None:
    full = {"subject": "s", "description": "d", **body}
    response = client.post("tickets", json=full)
    assert response.status_code == 400
    (error,) = errors_of(response)
    assert (error["field"], error["code"]) == (field, code)
    if field == "cf_nope":
        assert error["nested_field"] == "custom_fields.cf_nope"


def test_custom_fields_are_typed_and_all_present(fake: FakeFreshdesk, client: httpx.Client) -> None:
    from freshdesk_atom.testing import CustomField

    fake.state.ticket_fields.update(
        cf_vip=CustomField("checkbox"), cf_region=CustomField("dropdown", ("EMEA", "AMER"))
    )
    bad = client.post(
        "tickets", json=ticket_body(custom_fields={"cf_vip": "yes", "cf_region": "Mars"})
    )
    assert {e["field"]: e["code"] for e in errors_of(bad)} == {
        "cf_vip": "datatype_mismatch",
        "cf_region": "invalid_value",
    }
    good = client.post("tickets", json=ticket_body(custom_fields={"cf_vip": True})).json()
    assert good["custom_fields"] == {"cf_vip": True, "cf_region": None}


def test_update_rules(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket = client.post("tickets", json=ticket_body()).json()
    path = f"tickets/{ticket['id']}"
    empty = client.put(path, json={})
    assert (empty.status_code, empty.json()["code"]) == (400, "missing_params")
    no_body = client.put(path)
    assert no_body.json()["code"] == "missing_params"
    cc = client.put(path, json={"cc_emails": ["a@b.example"]})
    assert errors_of(cc) == [
        {
            "field": "cc_emails",
            "message": "Unexpected/invalid field in request",
            "code": "invalid_field",
        }
    ]
    assert client.put("tickets/999", json={"status": 3}).status_code == 404


def test_bodies_that_are_not_json(client: httpx.Client) -> None:
    broken = client.post(
        "tickets", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert (broken.status_code, broken.json()) == (
        400,
        {"code": "invalid_json", "message": "Request body has invalid json format"},
    )
    form = client.post("tickets", data={"subject": "x"})
    assert form.status_code == 415
    assert form.json() == {
        "code": "invalid_content_type",
        "message": "Content-Type header is set to application/x-www-form-urlencoded. "
        "It should be set to application/json",
    }


def test_restore_takes_no_body(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket = fake.add_ticket(deleted=True)
    response = client.put(f"tickets/{ticket['id']}/restore", json={"x": 1})
    assert response.status_code == 400
    assert response.json()["code"] == "no_content_required"
    assert client.get(f"tickets/{ticket['id']}").json()["deleted"] is True


def test_parent_id_links_a_child_ticket_to_its_parent(client: httpx.Client) -> None:
    parent = client.post("tickets", json=ticket_body()).json()
    child = client.post("tickets", json=ticket_body(parent_id=parent["id"]))
    assert child.status_code == 201, child.text
    assert child.json()["association_type"] == 2
    assert "parent_id" not in child.json()
    assert client.get(f"tickets/{parent['id']}").json()["association_type"] == 1
    missing = client.post("tickets", json=ticket_body(parent_id=9999))
    assert missing.status_code == 400
    assert errors_of(missing) == [
        {
            "field": "parent_id",
            "message": "There is no ticket matching the given parent_id",
            "code": "invalid_value",
        }
    ]
