"""Ticket fields contract: the form's shape, and that it agrees with what tickets accept (docs/freshdesk-api-notes.md#ticket-fields)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from freshdesk_atom.testing import FakeClock, FakeFreshdesk

from ._support import client_for, errors_of, manual_fake, ticket_body

ANCHOR = datetime(2024, 6, 3, 12, tzinfo=UTC)
KEYS = {
    "id",
    "name",
    "label",
    "description",
    "position",
    "type",
    "default",
    "required_for_closure",
    "required_for_agents",
    "required_for_customers",
    "customers_can_edit",
    "label_for_customers",
    "displayed_to_customers",
    "created_at",
    "updated_at",
}


@pytest.fixture(scope="module")
def generated() -> FakeFreshdesk:
    return FakeFreshdesk.generate(
        tickets=40, contacts=10, seed=5, now=ANCHOR, clock=FakeClock.manual(ANCHOR)
    )


def _fields(fake: FakeFreshdesk, **params: str) -> list[dict[str, Any]]:
    with client_for(fake) as http:
        response = http.get("ticket_fields", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["X-RateLimit-Used-CurrentRequest"] == "1"
    fields: list[dict[str, Any]] = response.json()
    return fields


def test_the_form_of_a_generated_account(generated: FakeFreshdesk) -> None:
    fields = _fields(generated)
    assert all(set(field) >= KEYS for field in fields)
    assert [field["position"] for field in fields] == list(range(1, len(fields) + 1))
    assert len({field["id"] for field in fields}) == len(fields)
    by_name = {field["name"]: field for field in fields}
    assert [(f["name"], f["type"]) for f in fields] == [
        ("requester", "default_requester"),
        ("subject", "default_subject"),
        ("ticket_type", "default_ticket_type"),
        ("source", "default_source"),
        ("status", "default_status"),
        ("priority", "default_priority"),
        ("group", "default_group"),
        ("agent", "default_agent"),
        ("description", "default_description"),
        ("cf_order_number", "custom_text"),
        ("cf_region", "custom_dropdown"),
        ("cf_vip", "custom_checkbox"),
        ("cf_affected_users", "custom_number"),
        ("cf_category", "nested_field"),
    ]
    assert all(f["default"] == f["type"].startswith("default_") for f in fields)
    assert by_name["status"]["choices"] == {
        "2": ["Open", "Being Processed"],
        "3": ["Pending", "Awaiting your Reply"],
        "4": ["Resolved", "This ticket has been Resolved"],
        "5": ["Closed", "This ticket has been Closed"],
    }
    assert by_name["priority"]["choices"] == {"Low": 1, "Medium": 2, "High": 3, "Urgent": 4}
    assert by_name["source"]["choices"]["Email"] == 1
    assert by_name["ticket_type"]["choices"] == generated.state.ticket_types
    assert sorted(by_name["group"]["choices"].values()) == sorted(generated.state.groups)
    assert sorted(by_name["agent"]["choices"].values()) == sorted(generated.state.agents)
    assert by_name["cf_region"]["choices"] == ["AMER", "EMEA", "APAC"]
    assert "choices" not in by_name["cf_vip"]
    nested = by_name["cf_category"]
    assert nested["choices"]["Hardware"]["Laptop"] == ["Battery", "Screen", "Keyboard"]
    assert [(n["name"], n["level"]) for n in nested["nested_ticket_fields"]] == [
        ("cf_subcategory", 2),
        ("cf_item", 3),
    ]
    assert all(n["ticket_field_id"] == nested["id"] for n in nested["nested_ticket_fields"])
    # Every key of a ticket's custom_fields is a reported field or a nested field's lower level.
    reported = {f["name"] for f in fields if not f["default"]} | {
        n["name"] for n in nested["nested_ticket_fields"]
    }
    assert all(set(t["custom_fields"]) == reported for t in generated.state.tickets.values())


@pytest.mark.parametrize(
    ("wanted", "names"),
    [
        ("default_status", ["status"]),
        ("custom_dropdown", ["cf_region"]),
        ("nested_field", ["cf_category"]),
        ("custom_date", []),
    ],
)
def test_type_narrows_the_list(generated: FakeFreshdesk, wanted: str, names: list[str]) -> None:
    assert [field["name"] for field in _fields(generated, type=wanted)] == names


def test_bad_queries(generated: FakeFreshdesk) -> None:
    with client_for(generated) as http:
        bad_type = http.get("ticket_fields", params={"type": "custom_blob"})
        unknown = http.get("ticket_fields", params={"page": "1"})
    assert [(e["field"], e["code"]) for e in errors_of(bad_type)] == [("type", "invalid_value")]
    assert errors_of(bad_type)[0]["message"].startswith("It should be one of these values: '")
    assert [(e["field"], e["code"]) for e in errors_of(unknown)] == [("page", "invalid_field")]


@pytest.mark.parametrize(
    ("required", "flags"),
    [
        (("subject",), {"subject": True, "description": False, "ticket_type": False}),
        (
            ("subject", "description", "type"),
            {"subject": True, "description": True, "ticket_type": True},
        ),
        ((), {"subject": False, "description": False, "ticket_type": False}),
    ],
)
def test_required_for_agents_follows_the_account(
    required: tuple[str, ...], flags: dict[str, bool]
) -> None:
    fields = {f["name"]: f for f in _fields(manual_fake(ticket_required_fields=required))}
    assert {name: fields[name]["required_for_agents"] for name in flags} == flags
    assert fields["requester"]["required_for_agents"] is True


def test_what_the_form_reports_is_what_tickets_accept() -> None:
    generated = FakeFreshdesk.generate(
        tickets=10, contacts=5, seed=6, now=ANCHOR, clock=FakeClock.manual(ANCHOR)
    )
    fields = {f["name"]: f for f in _fields(generated)}
    tree = fields["cf_category"]["choices"]
    with client_for(generated) as http:

        def create(**custom: Any) -> httpx.Response:
            return http.post("tickets", json=ticket_body(custom_fields=custom))

        for region in fields["cf_region"]["choices"]:
            assert create(cf_region=region).status_code == 201
        assert errors_of(create(cf_region="MARS"))[0]["message"] == (
            "It should be one of these values: 'AMER,EMEA,APAC'"
        )
        for category, subcategories in tree.items():
            for subcategory, items in subcategories.items():
                made = create(cf_category=category, cf_subcategory=subcategory, cf_item=items[0])
                assert made.status_code == 201, made.text
        wrong = create(cf_category="Hardware", cf_subcategory="Mobile app")
        (error,) = errors_of(wrong)
        assert (error["field"], error["nested_field"], error["code"]) == (
            "cf_subcategory",
            "custom_fields.cf_subcategory",
            "invalid_value",
        )
        assert error["message"] == "It should be one of these values: 'Laptop,Printer'"
        wrong_item = create(cf_category="Hardware", cf_subcategory="Laptop", cf_item="Toner")
        assert errors_of(wrong_item)[0]["field"] == "cf_item"
        assert create(cf_category="Pets").status_code == 400
        assert create(cf_affected_users=3, cf_vip=True).status_code == 201
        assert errors_of(create(cf_affected_users="3"))[0]["code"] == "datatype_mismatch"


def test_recorded_fields_are_reported_as_text() -> None:
    fake = FakeFreshdesk.recorded(clock=FakeClock.manual(ANCHOR))
    custom = [f for f in _fields(fake) if not f["default"]]
    assert {f["name"] for f in custom} == set(fake.state.ticket_fields)
    assert {f["type"] for f in custom} <= {"custom_text"}
