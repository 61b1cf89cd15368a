"""Decoding rules: unknown keys, open enums, type checks, legacy shapes, timestamps."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import cattrs
import pytest

from freshdesk_atom._converter import converter, make_converter, strict_converter, structure
from freshdesk_atom.models import (
    Agent,
    Company,
    Contact,
    Group,
    Record,
    Ticket,
    TicketCompany,
    TicketStatus,
)
from tests.conftest import load_recorded

TICKET: dict[str, Any] = {
    "id": 7,
    "subject": "Printer on fire",
    "status": 2,
    "priority": 1,
    "source": 2,
    "requester_id": 48000123457,
    "created_at": "2024-05-13T09:12:44Z",
    "updated_at": "2024-05-13T11:02:10Z",
}


def ticket(**changes: Any) -> dict[str, Any]:
    return {**TICKET, **changes}


def test_module_converters_are_lenient_and_strict() -> None:
    payload = ticket(sentiment_score=42)
    assert converter.structure(payload, Ticket).id == 7
    with pytest.raises(cattrs.ClassValidationError):
        strict_converter.structure(payload, Ticket)


def test_an_unknown_future_key_is_kept_in_extra() -> None:
    decoded = structure(ticket(brand_new_field={"x": 1}, sentiment=0.4), Ticket)
    assert decoded.subject == "Printer on fire"
    assert decoded.extra == {"brand_new_field": {"x": 1}, "sentiment": 0.4}
    assert "brand_new_field" not in repr(decoded)
    # Unstructuring gives back what Freshdesk sent, the unknown keys included.
    data = converter.unstructure(decoded)
    assert (data["brand_new_field"], data["sentiment"]) == ({"x": 1}, 0.4)
    assert "extra" not in data


def test_known_keys_leave_extra_empty_and_legacy_keys_do_not_reach_it() -> None:
    assert structure(ticket(), Ticket).extra == {}
    assert structure(ticket(priority_name="Low", ticket_type="Question"), Ticket).extra == {}
    nested = structure(ticket(requester={"id": 1, "name": "A", "nickname": "a"}), Ticket)
    assert nested.requester is not None
    assert nested.requester.extra == {"nickname": "a"}


def test_strict_rejects_an_unknown_key_in_a_nested_object() -> None:
    payload = ticket(requester={"id": 1, "name": "A", "nickname": "a"})
    with pytest.raises(cattrs.ClassValidationError):
        structure(payload, Ticket, strict=True)
    assert structure(payload, Ticket).requester is not None


def test_strict_still_accepts_known_obsolete_keys() -> None:
    decoded = structure(ticket(priority_name="Low", delta=True), Ticket, strict=True)
    assert decoded.priority == 1


def test_unknown_status_value_decodes_as_its_int() -> None:
    decoded = structure(ticket(status=17), Ticket, strict=True)
    assert decoded.status == 17
    assert decoded.status != TicketStatus.OPEN
    assert structure(ticket(status=2), Ticket).status == TicketStatus.OPEN


def test_deleted_is_false_when_absent_and_true_when_sent() -> None:
    assert structure(ticket(), Ticket).deleted is False
    assert structure(ticket(deleted=True), Ticket).deleted is True


def test_defaults_for_keys_that_lists_and_features_leave_out() -> None:
    decoded = structure(ticket(), Ticket, strict=True)
    assert decoded.custom_fields == {}
    assert decoded.tags == ()
    assert (decoded.attachments, decoded.requester, decoded.stats) == (None, None, None)
    assert (decoded.nr_due_by, decoded.internal_agent_id, decoded.cc_emails) == (None, None, None)


@pytest.mark.parametrize(
    ("company", "expected"),
    [
        ({}, None),
        (None, None),
        ({"id": 48000077001, "name": "Globex"}, TicketCompany(id=48000077001, name="Globex")),
    ],
)
def test_embedded_company(company: object, expected: TicketCompany | None) -> None:
    assert structure(ticket(company=company), Ticket, strict=True).company == expected


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"status": "2"}, "status"),
        ({"status": True}, "status"),
        ({"status": 2.0}, "status"),
        ({"subject": 5}, "subject"),
        ({"spam": "false"}, "spam"),
        ({"tags": "billing"}, "tags"),
        ({"tags": [1]}, "tags"),
        ({"created_at": 1715591564}, "created_at"),
        ({"created_at": "yesterday"}, "created_at"),
        ({"custom_fields": ["cf_x"]}, "custom_fields"),
        ({"requester": {"id": 1, "phone": 1.5}}, "requester"),
        ({"requester": {"id": 1, "phone": True}}, "requester"),
    ],
)
def test_a_value_of_the_wrong_type_raises(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(cattrs.ClassValidationError) as info:
        structure(ticket(**changes), Ticket)
    assert field in " ".join(cattrs.transform_error(info.value))


def test_a_missing_required_key_raises() -> None:
    payload = ticket()
    del payload["requester_id"]
    with pytest.raises(cattrs.ClassValidationError):
        structure(payload, Ticket)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-05-13T09:12:44Z", datetime(2024, 5, 13, 9, 12, 44, tzinfo=UTC)),
        ("2024-05-13T09:12:44+00:00", datetime(2024, 5, 13, 9, 12, 44, tzinfo=UTC)),
        ("2024-05-13T14:42:44+05:30", datetime(2024, 5, 13, 9, 12, 44, tzinfo=UTC)),
        ("2024-05-12T23:12:44-10:00", datetime(2024, 5, 13, 9, 12, 44, tzinfo=UTC)),
        ("2024-05-13T09:12:44.250Z", datetime(2024, 5, 13, 9, 12, 44, 250000, tzinfo=UTC)),
        ("2024-05-13T09:12:44", datetime(2024, 5, 13, 9, 12, 44, tzinfo=UTC)),  # no offset: UTC
    ],
)
def test_timestamps_are_normalised_to_utc(raw: str, expected: datetime) -> None:
    decoded = structure(ticket(created_at=raw), Ticket).created_at
    assert decoded == expected
    assert decoded.utcoffset() == timedelta(0)


def test_dates_and_scalars_through_structure() -> None:
    assert structure("2025-01-31", date) == date(2025, 1, 31)
    assert structure(3, int) == 3
    assert structure(3, float) == 3.0
    with pytest.raises(TypeError):
        structure("3", int)


def test_current_key_wins_over_its_legacy_alias() -> None:
    payload = ticket(
        type="Incident",
        ticket_type="Question",
        custom_fields={"cf_a": 1},
        custom_field={"cf_a": 2},
        cc_emails=["now@example.com"],
        cc_email={"cc_emails": ["then@example.com"], "tkt_cc": ["t@example.com"]},
    )
    decoded = structure(payload, Ticket, strict=True)
    assert decoded.type == "Incident"
    assert decoded.custom_fields == {"cf_a": 1}
    assert decoded.cc_emails == ("now@example.com",)
    assert decoded.ticket_cc_emails == ("t@example.com",)


def test_current_description_pair_wins_over_description_html() -> None:
    payload = ticket(description="<b>now</b>", description_text="now", description_html="<i>x</i>")
    decoded = structure(payload, Ticket, strict=True)
    assert (decoded.description, decoded.description_text) == ("<b>now</b>", "now")


def test_legacy_single_to_email_becomes_a_list() -> None:
    decoded = structure(ticket(to_email="support@acme.example"), Ticket, strict=True)
    assert decoded.to_emails == ("support@acme.example",)


def test_legacy_rules_do_not_mutate_the_payload() -> None:
    payload = ticket(frDueBy="2024-05-14T17:00:00Z", company={})
    before = dict(payload)
    structure(payload, Ticket, strict=True)
    assert payload == before


@pytest.mark.parametrize(
    ("domains", "expected"),
    [
        ("acme.com", ("acme.com",)),
        ("acme.com, acme.org,", ("acme.com", "acme.org")),
        ("", ()),
        (["acme.com"], ("acme.com",)),
    ],
)
def test_company_domains(domains: object, expected: tuple[str, ...]) -> None:
    payload = {
        "id": 1,
        "name": "ACME",
        "domains": domains,
        "created_at": "2024-01-01T00:00:00Z",
        "updated_at": "2024-01-01T00:00:00Z",
    }
    assert structure(payload, Company, strict=True).domains == expected


def test_contact_legacy_keys_fill_current_fields_when_absent() -> None:
    payload = {
        "id": 1,
        "name": "Rachel",
        "customer_id": 48000077001,
        "external_id": "ext-1",
        "fb_profile_id": "fb-1",
        "custom_field": {"department": "Finance"},
        "helpdesk_agent": True,
        "phone": 5551234,
        "created_at": "2024-01-01T00:00:00Z",
        "updated_at": "2024-01-01T00:00:00Z",
    }
    decoded = structure(payload, Contact, strict=True)
    assert decoded.company_id == 48000077001
    assert decoded.unique_external_id == "ext-1"
    assert decoded.facebook_id == "fb-1"
    assert decoded.custom_fields == {"department": "Finance"}
    assert decoded.phone == "5551234"


@pytest.mark.parametrize("value", [0, 1, 2, 3, True, False, None])
def test_group_auto_ticket_assign_is_kept_as_sent(value: int | bool | None) -> None:
    payload = {
        "id": 1,
        "name": "Billing",
        "auto_ticket_assign": value,
        "created_at": "2024-01-01T00:00:00Z",
        "updated_at": "2024-01-01T00:00:00Z",
    }
    decoded = structure(payload, Group, strict=True).auto_ticket_assign
    assert decoded == value
    assert type(decoded) is type(value)


def test_agent_contact_is_required() -> None:
    payload = {
        "id": 1,
        "ticket_scope": 1,
        "created_at": "2024-01-01T00:00:00Z",
        "updated_at": "2024-01-01T00:00:00Z",
    }
    with pytest.raises(cattrs.ClassValidationError):
        structure(payload, Agent)


def test_other_attrs_classes_get_the_same_rules() -> None:
    @attrs.frozen(kw_only=True)
    class Probe:
        at: datetime
        mobile: str | None = None

    conv = make_converter(strict=True)
    probe = conv.structure({"at": "2024-01-01T05:30:00+05:30", "mobile": 42}, Probe)
    assert probe == Probe(at=datetime(2024, 1, 1, tzinfo=UTC), mobile="42")
    with pytest.raises(cattrs.ClassValidationError):
        conv.structure({"at": "2024-01-01T00:00:00Z", "extra": 1}, Probe)


def test_unstructure_renders_utc_timestamps_with_z() -> None:
    decoded = structure(ticket(created_at="2024-05-13T14:42:44+05:30"), Ticket)
    body = converter.unstructure(decoded)
    assert body["created_at"] == "2024-05-13T09:12:44Z"
    assert structure(body, Ticket, strict=True) == decoded


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("ticket_1.json", Ticket),
        ("contact.json", Contact),
        ("company.json", Company),
        ("agent_1.json", Agent),
        ("group_1.json", Group),
    ],
)
def test_to_dict_and_from_dict_round_trip_recorded_records(name: str, model: type[Record]) -> None:
    record = model.from_dict(load_recorded(name))
    data = record.to_dict()
    assert model.from_dict(data) == record
    assert json.loads(json.dumps(data)) == data  # JSON-ready as it is


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"id": "7"}, "not a Ticket: id: expected int; subject: missing"),
        ([], "not a Ticket: "),
    ],
)
def test_from_dict_names_the_fields_that_do_not_fit(data: Any, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        Ticket.from_dict(data)


def test_unknown_keys_survive_the_round_trip() -> None:
    data = {**load_recorded("ticket_1.json"), "brand_new_field": {"x": 1}}
    ticket = Ticket.from_dict(data)
    assert ticket.extra == {"brand_new_field": {"x": 1}}
    assert ticket.to_dict()["brand_new_field"] == {"x": 1}
