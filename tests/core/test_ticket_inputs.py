"""Table tests of ticket bodies and list queries, checked before sending (docs/freshdesk-api-notes.md#tickets, #pagination)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from freshdesk_atom._core.tickets import (
    LIST_INCLUDES,
    VIEW_INCLUDES,
    ticket_create_body,
    ticket_list_query,
    ticket_update_body,
)
from freshdesk_atom._core.validation import join_choices
from freshdesk_atom._types import NOT_GIVEN, JSONValue, QueryValue

REQUESTER_RULE = (
    "a requester is required: give one of "
    "requester_id, email, phone, twitter_id, facebook_id, unique_external_id"
)
IST = timezone(timedelta(hours=5, minutes=30))


def _create(**fields: Any) -> dict[str, JSONValue]:
    return ticket_create_body(fields)


# --- create: the requester ---------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({}, id="nothing"),
        pytest.param({"subject": "Help", "description": "<p>x</p>"}, id="no-identity"),
        pytest.param(
            {"subject": "Help", "email": NOT_GIVEN, "requester_id": NOT_GIVEN},
            id="identities-not-given",
        ),
        pytest.param(
            {"subject": "Help", "email": None, "requester_id": None}, id="identities-none"
        ),
        pytest.param({"name": "Dana"}, id="name-is-no-identity"),
    ],
)
def test_create_without_requester(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"^a requester is required") as caught:
        ticket_create_body(fields)
    message = str(caught.value)
    assert message == REQUESTER_RULE
    for name in (
        "requester_id",
        "email",
        "phone",
        "twitter_id",
        "facebook_id",
        "unique_external_id",
    ):
        assert name in message


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"requester_id": 48000123457}, {"requester_id": 48000123457}),
        ({"email": "dana@globex.example"}, {"email": "dana@globex.example"}),
        ({"email": " dana@globex.example "}, {"email": "dana@globex.example"}),
        (
            {"phone": "+1 415 555 0134", "name": "Dana"},
            {"phone": "+1 415 555 0134", "name": "Dana"},
        ),
        ({"twitter_id": "dana_r"}, {"twitter_id": "dana_r"}),
        ({"facebook_id": "100004"}, {"facebook_id": "100004"}),
        ({"unique_external_id": "ext-1"}, {"unique_external_id": "ext-1"}),
        ({"phone": "+1 415", "email": "d@g.io"}, {"phone": "+1 415", "email": "d@g.io"}),
        ({"phone": "+1 415", "requester_id": 5}, {"phone": "+1 415", "requester_id": 5}),
    ],
)
def test_create_requester_identities(
    fields: dict[str, object], expected: dict[str, JSONValue]
) -> None:
    assert ticket_create_body(fields) == expected


@pytest.mark.parametrize(
    "fields",
    [
        {"phone": "+1 415 555 0134"},
        {"phone": "+1 415 555 0134", "name": NOT_GIVEN},
        {"phone": "+1 415 555 0134", "name": None},
        {"phone": "+1 415 555 0134", "email": None},
    ],
)
def test_create_phone_only_needs_name(fields: dict[str, object]) -> None:
    with pytest.raises(
        ValueError, match=r"^name is required when phone is the only requester identity$"
    ):
        ticket_create_body(fields)


# --- create: field rules -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "error", "message"),
    [
        # status: 2..5 are Freshdesk's, >= 6 custom; 1 and 0 do not exist
        ("status", 2, None, None),
        ("status", 5, None, None),
        ("status", 6, None, None),
        ("status", 1, ValueError, "status must be >= 2, not 1"),
        ("status", 0, ValueError, "status must be >= 2, not 0"),
        ("status", True, TypeError, "status must be an int, not bool"),
        ("status", "2", TypeError, "status must be an int, not str"),
        # priority 1..4
        ("priority", 0, ValueError, "priority must be >= 1, not 0"),
        ("priority", 1, None, None),
        ("priority", 2, None, None),
        ("priority", 3, None, None),
        ("priority", 4, None, None),
        ("priority", 5, ValueError, "priority must be <= 4, not 5"),
        ("priority", 2.0, TypeError, "priority must be an int, not float"),
        # source >= 1
        ("source", 1, None, None),
        ("source", 13, None, None),
        ("source", 0, ValueError, "source must be >= 1, not 0"),
        # subject <= 255
        ("subject", "x" * 255, None, None),
        ("subject", "x" * 256, ValueError, "subject must be at most 255 characters, not 256"),
        ("subject", " ", ValueError, "subject must not be blank"),
        ("description", "", None, None),
        ("description", 5, TypeError, "description must be a str, not int"),
        ("name", "", ValueError, "name must not be blank"),
        ("type", "Incident", None, None),
        # emails
        (
            "email",
            "not-an-email",
            ValueError,
            "email must be a valid email address, not 'not-an-email'",
        ),
        (
            "email",
            "dana@globex",
            ValueError,
            "email must be a valid email address, not 'dana@globex'",
        ),
        ("email", "", ValueError, "email must not be blank"),
        # ids
        ("responder_id", 48000000911, None, None),
        ("group_id", 0, ValueError, "group_id must be >= 1, not 0"),
        ("company_id", "7", TypeError, "company_id must be an int, not str"),
        ("parent_id", True, TypeError, "parent_id must be an int, not bool"),
        # tags: a list, each <= 32 chars, no commas
        ("tags", ["billing", "pdf"], None, None),
        ("tags", ["x" * 32], None, None),
        ("tags", "vip", TypeError, "tags must be a list of strings, not str"),
        (
            "tags",
            ["ok", "vip,urgent"],
            ValueError,
            "tags[1] must not contain a comma: 'vip,urgent'",
        ),
        ("tags", ["x" * 33], ValueError, "tags[0] must be at most 32 characters, not 33"),
        ("tags", [""], ValueError, "tags[0] must not be blank"),
        ("tags", [7], TypeError, "tags[0] must be a str, not int"),
        # cc_emails <= 49, each an address
        ("cc_emails", [f"u{i}@acme.example" for i in range(49)], None, None),
        (
            "cc_emails",
            [f"u{i}@acme.example" for i in range(50)],
            ValueError,
            "cc_emails may hold at most 49 addresses, not 50",
        ),
        (
            "cc_emails",
            "ops@globex.example",
            TypeError,
            "cc_emails must be a list of strings, not str",
        ),
        (
            "cc_emails",
            ["ops@globex.example", "ops"],
            ValueError,
            "cc_emails[1] must be a valid email address, not 'ops'",
        ),
        # custom fields: cf_ keys on tickets
        ("custom_fields", {"cf_region": "EMEA", "cf_vip": True}, None, None),
        ("custom_fields", {}, None, None),
        (
            "custom_fields",
            {"cf_region": "EMEA", "region": "EMEA"},
            ValueError,
            "custom_fields keys must start with 'cf_' here, not 'region'",
        ),
        ("custom_fields", ["cf_x"], TypeError, "custom_fields must be a dict, not list"),
    ],
)
def test_create_field_rules(
    field: str, value: object, error: type[Exception] | None, message: str | None
) -> None:
    fields = {"requester_id": 1, field: value}
    if error is None:
        body = ticket_create_body(fields)
        assert body[field] == (list(value) if isinstance(value, list) else value)
        return
    with pytest.raises(error) as caught:
        ticket_create_body(fields)
    assert str(caught.value) == message


@pytest.mark.parametrize("field", ["severity", "cc_email", "attachments", "page", "Status"])
def test_create_unknown_field(field: str) -> None:
    with pytest.raises(TypeError, match=f"^unexpected ticket field {field!r}$"):
        ticket_create_body({"requester_id": 1, field: "x"})


# --- create: due dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due_by", "fr_due_by", "expected"),
    [
        pytest.param(
            datetime(2030, 5, 14, 17, 0, tzinfo=UTC),
            datetime(2030, 5, 13, 13, 0, tzinfo=UTC),
            ("2030-05-14T17:00:00Z", "2030-05-13T13:00:00Z"),
            id="utc-datetimes",
        ),
        pytest.param(
            datetime(2030, 5, 14, 22, 30, tzinfo=IST),
            datetime(2030, 5, 13, 18, 30, 59, 999999, tzinfo=IST),
            ("2030-05-14T17:00:00Z", "2030-05-13T13:00:59Z"),
            id="offset-datetimes-to-utc-z",
        ),
        pytest.param(
            datetime(2030, 5, 14, 17, 0),
            datetime(2030, 5, 13, 13, 0),
            ("2030-05-14T17:00:00Z", "2030-05-13T13:00:00Z"),
            id="naive-datetimes-are-utc",
        ),
        pytest.param(
            datetime(2030, 5, 14, 17, 0),
            "2030-05-13T13:00:00Z",
            ("2030-05-14T17:00:00Z", "2030-05-13T13:00:00Z"),
            id="naive-datetime-with-z-string",
        ),
        pytest.param(
            datetime(2030, 5, 14, 17, 0, tzinfo=UTC),
            datetime(2030, 5, 14, 17, 0, tzinfo=UTC),
            ("2030-05-14T17:00:00Z", "2030-05-14T17:00:00Z"),
            id="equal-is-allowed",
        ),
        pytest.param(
            "2030-05-14T17:00:00Z",
            "2030-05-14T20:00:00+05:30",
            ("2030-05-14T17:00:00Z", "2030-05-14T14:30:00Z"),
            id="strings-sent-in-utc",
        ),
        pytest.param(
            "2030-05-14T17:00:00",
            "2030-05-13T13:00:00Z",
            ("2030-05-14T17:00:00Z", "2030-05-13T13:00:00Z"),
            id="naive-string-taken-as-utc",
        ),
        pytest.param(None, None, (None, None), id="both-null"),
    ],
)
def test_create_due_dates(
    due_by: datetime | str | None,
    fr_due_by: datetime | str | None,
    expected: tuple[str | None, str | None],
) -> None:
    body = _create(requester_id=1, due_by=due_by, fr_due_by=fr_due_by)
    assert (body["due_by"], body["fr_due_by"]) == expected


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        pytest.param(
            {"due_by": datetime(2030, 5, 14, tzinfo=UTC)},
            ValueError,
            "due_by and fr_due_by must be given together",
            id="due-by-alone",
        ),
        pytest.param(
            {"fr_due_by": "2030-05-14T00:00:00Z"},
            ValueError,
            "due_by and fr_due_by must be given together",
            id="fr-due-by-alone",
        ),
        pytest.param(
            {"due_by": datetime(2030, 5, 14, tzinfo=UTC), "fr_due_by": NOT_GIVEN},
            ValueError,
            "due_by and fr_due_by must be given together",
            id="fr-due-by-not-given",
        ),
        pytest.param(
            {
                "due_by": datetime(2030, 5, 13, 13, 0, tzinfo=UTC),
                "fr_due_by": datetime(2030, 5, 14, 17, 0, tzinfo=UTC),
            },
            ValueError,
            "fr_due_by must not be later than due_by",
            id="fr-after-due",
        ),
        pytest.param(
            {
                # 17:00 IST is 11:30 UTC, before the first response due at 12:00 UTC
                "due_by": datetime(2030, 5, 14, 17, 0, tzinfo=IST),
                "fr_due_by": "2030-05-14T12:00:00Z",
            },
            ValueError,
            "fr_due_by must not be later than due_by",
            id="fr-after-due-across-zones",
        ),
        pytest.param(
            {"due_by": "tomorrow", "fr_due_by": "2030-05-13T13:00:00Z"},
            ValueError,
            "due_by must be an ISO 8601 timestamp such as 2024-03-05T09:15:27Z, not 'tomorrow'",
            id="unparseable",
        ),
        pytest.param(
            {"due_by": 1715706000, "fr_due_by": "2030-05-13T13:00:00Z"},
            TypeError,
            "due_by must be a datetime or an ISO 8601 string, not int",
            id="epoch-int",
        ),
    ],
)
def test_create_due_date_rules(
    fields: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        ticket_create_body({"requester_id": 1, **fields})
    assert str(caught.value) == message


# --- create: NOT_GIVEN vs None -------------------------------------------------------------


def test_create_full_body() -> None:
    body = _create(
        subject="Invoice PDF will not download",
        description="<div>The download button returns an error.</div>",
        email="dana@globex.example",
        status=3,
        priority=2,
        source=1,
        type="Problem",
        responder_id=48000000911,
        group_id=48000004321,
        company_id=48000077001,
        product_id=None,
        email_config_id=48000001122,
        tags=("billing", "pdf"),
        cc_emails=["ops@globex.example"],
        custom_fields={"cf_order_number": "SO-88231", "cf_vip": False, "cf_note": None},
        due_by=datetime(2030, 5, 14, 17, tzinfo=UTC),
        fr_due_by=datetime(2030, 5, 13, 13, tzinfo=UTC),
        requester_id=NOT_GIVEN,
        phone=NOT_GIVEN,
        name=NOT_GIVEN,
    )
    assert body == {
        "subject": "Invoice PDF will not download",
        "description": "<div>The download button returns an error.</div>",
        "email": "dana@globex.example",
        "status": 3,
        "priority": 2,
        "source": 1,
        "type": "Problem",
        "responder_id": 48000000911,
        "group_id": 48000004321,
        "company_id": 48000077001,
        "product_id": None,
        "email_config_id": 48000001122,
        "tags": ["billing", "pdf"],
        "cc_emails": ["ops@globex.example"],
        "custom_fields": {"cf_order_number": "SO-88231", "cf_vip": False, "cf_note": None},
        "due_by": "2030-05-14T17:00:00Z",
        "fr_due_by": "2030-05-13T13:00:00Z",
    }
    assert list(body) == [
        "subject",
        "description",
        "email",
        "status",
        "priority",
        "source",
        "type",
        "responder_id",
        "group_id",
        "company_id",
        "product_id",
        "email_config_id",
        "tags",
        "cc_emails",
        "custom_fields",
        "due_by",
        "fr_due_by",
    ]


@pytest.mark.parametrize(
    "field", ["type", "responder_id", "group_id", "product_id", "company_id", "email_config_id"]
)
def test_create_explicit_none_is_null(field: str) -> None:
    assert ticket_create_body({"requester_id": 1, field: None}) == {"requester_id": 1, field: None}


@pytest.mark.parametrize(
    "field", ["subject", "status", "priority", "tags", "cc_emails", "custom_fields", "group_id"]
)
def test_create_not_given_is_left_out(field: str) -> None:
    assert ticket_create_body({"requester_id": 1, field: NOT_GIVEN}) == {"requester_id": 1}


# --- update --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [{}, {"status": NOT_GIVEN}, {"status": NOT_GIVEN, "priority": NOT_GIVEN, "tags": NOT_GIVEN}],
)
def test_update_needs_a_field(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"^update needs at least one field to change$"):
        ticket_update_body(fields)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": 4}, {"status": 4}),
        ({"priority": 4, "status": NOT_GIVEN}, {"priority": 4}),
        ({"group_id": None}, {"group_id": None}),
        ({"responder_id": None, "type": None}, {"responder_id": None, "type": None}),
        ({"tags": []}, {"tags": []}),
        ({"subject": "New"}, {"subject": "New"}),
        ({"custom_fields": {"cf_x": None}}, {"custom_fields": {"cf_x": None}}),
        ({"email": "new@acme.example"}, {"email": "new@acme.example"}),
        (
            {"due_by": "2030-05-14T17:00:00Z", "fr_due_by": "2030-05-13T13:00:00Z"},
            {"due_by": "2030-05-14T17:00:00Z", "fr_due_by": "2030-05-13T13:00:00Z"},
        ),
    ],
)
def test_update_body(fields: dict[str, object], expected: dict[str, JSONValue]) -> None:
    # No requester identity is needed to change an existing ticket.
    assert ticket_update_body(fields) == expected


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"cc_emails": ["a@b.io"]}, TypeError, "unexpected ticket field 'cc_emails'"),
        ({"severity": 1}, TypeError, "unexpected ticket field 'severity'"),
        ({"status": 1}, ValueError, "status must be >= 2, not 1"),
        ({"priority": 5}, ValueError, "priority must be <= 4, not 5"),
        ({"tags": "vip"}, TypeError, "tags must be a list of strings, not str"),
        (
            {"custom_fields": {"x": 1}},
            ValueError,
            "custom_fields keys must start with 'cf_' here, not 'x'",
        ),
        (
            {"due_by": "2030-05-14T17:00:00Z"},
            ValueError,
            "due_by and fr_due_by must be given together",
        ),
    ],
)
def test_update_rules(fields: dict[str, object], error: type[Exception], message: str) -> None:
    with pytest.raises(error) as caught:
        ticket_update_body(fields)
    assert str(caught.value) == message


# --- list query ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param({}, {}, id="nothing"),
        pytest.param({"filter": "new_and_my_open"}, {"filter": "new_and_my_open"}, id="filter"),
        pytest.param({"filter": "deleted"}, {"filter": "deleted"}, id="filter-deleted"),
        pytest.param(
            {"requester_id": 48000123457}, {"requester_id": 48000123457}, id="requester_id"
        ),
        pytest.param(
            {"email": " dana@globex.example "}, {"email": "dana@globex.example"}, id="email"
        ),
        pytest.param(
            {"unique_external_id": "ext-1"}, {"unique_external_id": "ext-1"}, id="external"
        ),
        pytest.param({"company_id": 7}, {"company_id": 7}, id="company_id"),
        pytest.param(
            {"updated_since": datetime(2024, 1, 1, 5, 30, tzinfo=IST)},
            {"updated_since": "2024-01-01T00:00:00Z"},
            id="updated_since-datetime",
        ),
        pytest.param(
            {"updated_since": "2024-01-01T00:00:00Z"},
            {"updated_since": "2024-01-01T00:00:00Z"},
            id="updated_since-string",
        ),
        pytest.param({"order_by": "updated_at"}, {"order_by": "updated_at"}, id="order_by"),
        pytest.param({"order_by": "priority"}, {"order_by": "priority"}, id="order_by-priority"),
        pytest.param({"order_type": "asc"}, {"order_type": "asc"}, id="order_type"),
        pytest.param({"include": "stats"}, {"include": "stats"}, id="include-str"),
        pytest.param(
            {"include": ["requester", "stats", "description", "company"]},
            {"include": "requester,stats,description,company"},
            id="include-list",
        ),
        pytest.param(
            {"include": ("stats", "requester", "stats")},
            {"include": "stats,requester"},
            id="include-dedup-keeps-order",
        ),
        pytest.param({"per_page": 1}, {"per_page": 1}, id="per_page-1"),
        pytest.param({"per_page": 100}, {"per_page": 100}, id="per_page-100"),
        pytest.param(
            {"filter": NOT_GIVEN, "email": None, "per_page": 30},
            {"per_page": 30},
            id="not-given-and-none-left-out",
        ),
    ],
)
def test_ticket_list_query(params: dict[str, object], expected: dict[str, QueryValue]) -> None:
    assert ticket_list_query(params) == expected


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        ({"per_page": 0}, ValueError, "per_page must be >= 1, not 0"),
        ({"per_page": 101}, ValueError, "per_page must be <= 100, not 101"),
        ({"per_page": "30"}, TypeError, "per_page must be an int, not str"),
        (
            {"order_by": "subject"},
            ValueError,
            "order_by must be one of created_at, due_by, updated_at, status, priority; got 'subject'",
        ),
        ({"order_type": "ASC"}, ValueError, "order_type must be one of asc, desc; got 'ASC'"),
        (
            {"filter": "all"},
            ValueError,
            "filter must be one of new_and_my_open, watching, spam, deleted; got 'all'",
        ),
        (
            {"include": "conversations"},
            ValueError,
            "include must be one of requester, stats, description, company; got 'conversations'",
        ),
        (
            {"include": ["stats", "bogus"]},
            ValueError,
            "include must be one of requester, stats, description, company; got 'bogus'",
        ),
        (
            {"include": "requester,stats"},
            ValueError,
            "include must be one of requester, stats, description, company; got 'requester,stats'",
        ),
        ({"include": []}, ValueError, "include must not be empty"),
        ({"include": 5}, TypeError, "include must be a str or a list of str, not int"),
        ({"requester_id": 0}, ValueError, "requester_id must be >= 1, not 0"),
        ({"company_id": True}, TypeError, "company_id must be an int, not bool"),
        ({"email": "nope"}, ValueError, "email must be a valid email address, not 'nope'"),
        ({"unique_external_id": " "}, ValueError, "unique_external_id must not be blank"),
        (
            {"updated_since": "last week"},
            ValueError,
            "updated_since must be an ISO 8601 timestamp such as 2024-03-05T09:15:27Z, not 'last week'",
        ),
        ({"page": 2}, TypeError, "unexpected ticket list parameter 'page'"),
        ({"query": "x"}, TypeError, "unexpected ticket list parameter 'query'"),
    ],
)
def test_ticket_list_query_rejects(
    params: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        ticket_list_query(params)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("value", "choices", "expected"),
    [
        ("conversations", VIEW_INCLUDES, "conversations"),
        (["conversations", "stats"], VIEW_INCLUDES, "conversations,stats"),
        (frozenset({"stats"}), LIST_INCLUDES, "stats"),
    ],
)
def test_join_choices(value: object, choices: tuple[str, ...], expected: str) -> None:
    assert join_choices(value, "include", choices) == expected


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (["description"], ValueError),  # a list-only include on the view endpoint
        ((), ValueError),
        (b"stats", TypeError),
        ({"stats": 1}, TypeError),
        ([None], ValueError),
    ],
)
def test_join_choices_rejects(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"^include"):
        join_choices(value, "include", VIEW_INCLUDES)
