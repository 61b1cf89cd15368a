"""Tables for the fake Freshdesk's search engine: grammar, fields, dates, null, errors."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from freshdesk_atom.testing import _query
from freshdesk_atom.testing._query import (
    MAX_QUERY_LENGTH,
    SEARCHABLE_FIELDS,
    QueryError,
    Resource,
    parse_query,
)

FORMAT = {
    resource: (
        "Given query is invalid, expected format is "
        f"\"({name}_field:integer OR {name}_field:'string') AND {name}_field:boolean\""
    )
    for resource, name in (("tickets", "ticket"), ("contacts", "contact"), ("companies", "company"))
}

TICKET: dict[str, Any] = {
    "id": 1,
    "status": 2,
    "priority": 3,
    "type": "Incident",
    "tags": ["VIP", "billing"],
    "group_id": 10,
    "responder_id": 5,
    "requester_id": 77,
    "company_id": 9,
    "created_at": "2024-01-15T08:00:00Z",
    "updated_at": "2024-02-01T23:59:59Z",
    "due_by": "2024-01-20T00:00:00Z",
    "fr_due_by": "2024-01-16T12:00:00Z",
    "custom_fields": {
        "cf_region": "EMEA",
        "cf_seats": 12,
        "cf_urgent": True,
        "cf_renewal": "2024-06-30",
        "cf_empty": None,
    },
}

CONTACT: dict[str, Any] = {
    "id": 2,
    "name": "Ada",
    "email": "ada@example.com",
    "other_emails": ["ada@work.example", "lovelace@example.org"],
    "phone": "+1 555 0100",
    "mobile": None,
    "twitter_id": "ada",
    "company_id": 9,
    "active": True,
    "tags": ["beta"],
    "language": "en",
    "time_zone": "Eastern Time (US & Canada)",
    "created_at": "2023-12-31T23:00:00Z",
    "updated_at": "2024-01-01T00:00:00Z",
    "custom_fields": {"department": "Research", "seniority": 3},
}

COMPANY: dict[str, Any] = {
    "id": 9,
    "name": "Acme",
    "domains": ["acme.com", "acme.io"],
    "created_at": "2022-05-05T10:00:00Z",
    "updated_at": "2024-01-01T10:00:00Z",
    "custom_fields": {"tier": "Gold", "employees": 250},
}

RECORDS: dict[Resource, dict[str, Any]] = {
    "tickets": TICKET,
    "contacts": CONTACT,
    "companies": COMPANY,
}


def q(inner: str) -> str:
    """Wrap *inner* in the double quotes Freshdesk requires."""
    return f'"{inner}"'


def matches(
    inner: str, resource: Resource = "tickets", record: dict[str, Any] | None = None
) -> bool:
    """Parse *inner* for *resource* and test *record* (the resource's sample by default)."""
    return parse_query(q(inner), resource).matches(RECORDS[resource] if record is None else record)


# --------------------------------------------------------------------------- fields


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("status:2", True),
        ("status:3", False),
        ("priority:3", True),
        ("type:'Incident'", True),
        ("type:'incident'", True),  # strings ignore case
        ("type:'Question'", False),
        ("tag:'vip'", True),  # any of tags, ignoring case
        ("tag:'BILLING'", True),
        ("tag:'bill'", False),  # whole values, not substrings
        ("group_id:10", True),
        ("agent_id:5", True),  # agent_id reads responder_id
        ("agent_id:6", False),
        ("requester_id:77", True),
        ("company_id:9", True),
        ("created_at:'2024-01-15'", True),
        ("due_by:'2024-01-20'", True),
        ("fr_due_by:'2024-01-16'", True),
        (
            "nr_due_by:null",
            True,
        ),  # key absent (feature-gated, docs/freshdesk-api-notes.md#data-conventions)
        ("cf_region:'emea'", True),
        ("cf_region:'APAC'", False),
        ("cf_seats:12", True),
        ("cf_seats:>12", True),
        ("cf_seats:<11", False),
        ("cf_urgent:true", True),
        ("cf_urgent:false", False),
        ("cf_renewal:'2024-06-30'", True),
        ("cf_renewal:>'2024-07-01'", False),
        ("cf_renewal:<'2024-07-01'", True),
        ("cf_empty:null", True),
        ("cf_missing:null", True),
        ("cf_missing:'x'", False),
    ],
)
def test_ticket_fields(inner: str, expected: bool) -> None:
    assert matches(inner) is expected


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("email:'ada@example.com'", True),
        ("email:'ADA@EXAMPLE.COM'", True),
        ("email:'lovelace@example.org'", True),  # other_emails count too
        ("email:'bob@example.com'", False),
        ("phone:'+1 555 0100'", True),
        ("mobile:null", True),
        ("twitter_id:'Ada'", True),
        ("company_id:9", True),
        ("company_id:>10", False),
        ("active:true", True),
        ("active:false", False),
        ("tag:'beta'", True),
        ("language:'en'", True),
        ("time_zone:'eastern time (us & canada)'", True),
        ("created_at:'2023-12-31'", True),
        ("updated_at:'2024-01-01'", True),
        (
            "department:'research'",
            True,
        ),  # custom fields are un-prefixed (docs/freshdesk-api-notes.md#data-conventions)
        ("seniority:>3", True),
        ("seniority:>4", False),
    ],
)
def test_contact_fields(inner: str, expected: bool) -> None:
    assert matches(inner, "contacts") is expected


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("domain:'acme.io'", True),  # any of domains
        ("domain:'ACME.COM'", True),
        ("domain:'acme.org'", False),
        ("created_at:<'2022-05-05'", True),
        ("updated_at:>'2024-01-02'", False),
        ("tier:'gold'", True),
        ("employees:<250", True),
    ],
)
def test_company_fields(inner: str, expected: bool) -> None:
    assert matches(inner, "companies") is expected


def test_phone_stored_as_integer_still_matches() -> None:
    # Ancient payloads carry phone numbers as integers (docs/freshdesk-api-notes.md#data-conventions).
    assert matches("phone:'5550100'", "contacts", {**CONTACT, "phone": 5550100})


def test_multiselect_custom_field_matches_any_value() -> None:
    record = {**TICKET, "custom_fields": {"cf_products": ["Mail", "Chat"]}}
    assert matches("cf_products:'chat'", record=record)
    assert not matches("cf_products:'voice'", record=record)


def test_bool_is_not_a_number() -> None:
    record = {**TICKET, "custom_fields": {"cf_flag": True}}
    assert not matches("cf_flag:1", record=record)
    assert not matches("cf_flag:>0", record=record)


# --------------------------------------------------------------------------- operators


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("priority:>3", True),  # :> is greater than OR EQUAL (docs/freshdesk-api-notes.md#search)
        ("priority:>4", False),
        ("priority:<3", True),  # :< is less than OR EQUAL
        ("priority:<2", False),
        ("status:-1", False),
        ("group_id:>0", True),
    ],
)
def test_relational_operators_are_inclusive(inner: str, expected: bool) -> None:
    assert matches(inner) is expected


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("status:2 AND priority:3", True),
        ("status:2 AND priority:4", False),
        ("status:3 OR priority:3", True),
        ("status:3 OR priority:4", False),
        ("status:2 AND priority:3 AND tag:'vip' AND agent_id:5", True),
        ("status:3 OR status:4 OR status:5 OR status:2", True),
        # AND binds tighter: status:2 OR (status:3 AND priority:4)
        ("status:2 OR status:3 AND priority:4", True),
        ("(status:2 OR status:3) AND priority:4", False),
        # and the other way round: (status:3 AND priority:3) OR priority:3
        ("status:3 AND priority:3 OR priority:3", True),
        ("status:3 AND (priority:3 OR priority:3)", False),
        ("((status:2))", True),
        ("( status:2 )", True),  # spaces inside parentheses are fine
        ("(status:2 AND (tag:'x' OR (agent_id:5 AND group_id:10)))", True),
        ("status:2  AND\tpriority:3", True),  # any whitespace run separates
    ],
)
def test_and_or_parentheses(inner: str, expected: bool) -> None:
    assert matches(inner) is expected


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("stored", "inner", "expected"),
    [
        # A date is the whole UTC day.
        ("2024-01-01T00:00:00Z", "created_at:'2024-01-01'", True),
        ("2024-01-01T23:59:59Z", "created_at:'2024-01-01'", True),
        ("2023-12-31T23:59:59Z", "created_at:'2024-01-01'", False),
        ("2024-01-02T00:00:00Z", "created_at:'2024-01-01'", False),
        # :> is on or after the day, :< on or before it.
        ("2024-01-01T00:00:00Z", "created_at:>'2024-01-01'", True),
        ("2023-12-31T23:59:59Z", "created_at:>'2024-01-01'", False),
        ("2024-01-01T23:59:59Z", "created_at:<'2024-01-01'", True),
        ("2024-01-02T00:00:00Z", "created_at:<'2024-01-01'", False),
        # Offsets are converted to the UTC day first (docs/freshdesk-api-notes.md#data-conventions: old payloads have +05:30).
        ("2024-01-02T01:00:00+05:30", "created_at:'2024-01-01'", True),
        ("2014-12-31T12:27:09+10:00", "created_at:'2014-12-31'", True),
        ("2024-01-01T20:00:00-05:00", "created_at:'2024-01-02'", True),
        ("2024-01-01T10:00:00.123Z", "created_at:'2024-01-01'", True),
        # datetime objects: aware ones are converted, naive ones are UTC.
        (datetime(2024, 1, 1, 23, 30, tzinfo=UTC), "created_at:'2024-01-01'", True),
        (
            datetime(2024, 1, 2, 1, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))),
            "created_at:'2024-01-01'",
            True,
        ),
        (datetime(2024, 1, 1, 23, 30), "created_at:'2024-01-01'", True),
        (datetime(2024, 1, 1, 23, 30), "created_at:>'2024-01-02'", False),
        (date(2024, 1, 1), "created_at:<'2024-01-01'", True),
        # Missing or unreadable timestamps match only null.
        (None, "created_at:>'2000-01-01'", False),
        (None, "created_at:null", True),
        ("not a date", "created_at:<'2999-01-01'", False),
    ],
)
def test_dates_are_whole_utc_days(stored: object, inner: str, expected: bool) -> None:
    assert matches(inner, record={**TICKET, "created_at": stored}) is expected


def test_date_range_with_both_bounds() -> None:
    inner = "created_at:>'2024-01-01' AND created_at:<'2024-01-31'"
    days = ("2023-12-31", "2024-01-01", "2024-01-15", "2024-01-31", "2024-02-01")
    found = {d: matches(inner, record={**TICKET, "created_at": f"{d}T12:00:00Z"}) for d in days}
    assert found == {
        "2023-12-31": False,
        "2024-01-01": True,
        "2024-01-15": True,
        "2024-01-31": True,
        "2024-02-01": False,
    }


# --------------------------------------------------------------------------- null


@pytest.mark.parametrize(
    ("record", "inner", "expected"),
    [
        ({"group_id": None}, "group_id:null", True),
        ({}, "group_id:null", True),
        ({"group_id": 0}, "group_id:null", False),
        ({"tags": []}, "tag:null", True),
        ({}, "tag:null", True),
        ({"tags": ["a"]}, "tag:null", False),
        ({"type": ""}, "type:null", True),
        ({"type": "Question"}, "type:null", False),
        ({"custom_fields": {"cf_x": None}}, "cf_x:null", True),
        ({"custom_fields": {"cf_x": []}}, "cf_x:null", True),
        ({"custom_fields": {"cf_x": False}}, "cf_x:null", False),
        ({"custom_fields": None}, "cf_x:null", True),
        ({}, "cf_x:null", True),
        ({"group_id": None}, "group_id:3", False),
        ({"group_id": None}, "group_id:>0", False),
    ],
)
def test_null(record: dict[str, Any], inner: str, expected: bool) -> None:
    assert matches(inner, record=record) is expected


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"email": None, "other_emails": []}, True),
        ({"email": None}, True),
        ({"email": None, "other_emails": ["x@example.com"]}, False),
        ({"email": "a@example.com", "other_emails": []}, False),
    ],
)
def test_contact_email_null_needs_every_address_empty(
    record: dict[str, Any], expected: bool
) -> None:
    assert matches("email:null", "contacts", record) is expected


def test_company_domain_null() -> None:
    assert matches("domain:null", "companies", {"domains": []})
    assert not matches("domain:null", "companies", COMPANY)


# --------------------------------------------------------------------------- strings


@pytest.mark.parametrize(
    ("inner", "stored", "expected"),
    [
        ("type:''", "", True),  # an empty string literal is allowed
        ("type:'a\\b'", "a\\b", True),  # a backslash is an ordinary character
        ("type:'say \"hi\"'", 'say "hi"', True),  # inner double quotes are literal
        ("type:'Ünïcode'", "üNÏCODE", True),
        ("type:'AND OR ()'", "and or ()", True),  # operators inside strings are text
        ("type:'Feature Request'", "feature request", True),
    ],
)
def test_string_literals(inner: str, stored: str, expected: bool) -> None:
    assert matches(inner, record={"type": stored}) is expected


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "raw",
    [
        "status:2",  # no double quotes at all
        "'status:2'",  # single quotes are not the envelope
        '"status:2',  # unbalanced
        'status:2"',
        '"',
        "",
        '""',  # empty
        '"   "',
        '"status:2AND priority:3"',  # a space is required around operators
        '"status:2 AND(priority:3)"',
        '"(status:2)AND priority:3"',
        '"status:2 and priority:3"',  # operators are upper case
        '"status:2 priority:3"',  # a missing operator
        '"status:2 AND"',
        '"AND status:2"',
        '"status:2 AND OR priority:3"',
        '"(status:2"',
        '"status:2)"',
        '"()"',
        '"status : 2"',  # no spaces inside a term
        '"status:"',
        '"status"',
        '"status:open"',  # strings need single quotes
        '"tag:\'vip"',  # unterminated string
        "\"tag:'it's'\"",  # no escape for a single quote
        "\"tag:'it\\'s'\"",  # a backslash does not escape it either
        '"priority:3.5"',  # no decimals
        '"priority:+3"',
        '"status:2 NOT priority:3"',
        '"status:2 && priority:3"',
        '"status:>=2"',
        '"active:TRUE"',
        '"status::2"',
    ],
)
def test_syntax_errors(raw: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(raw, "tickets")
    assert caught.value.as_dict() == {
        "field": "query",
        "message": FORMAT["tickets"],
        "code": "invalid_value",
    }
    assert caught.value.detail  # where it went wrong, for humans only


@pytest.mark.parametrize("resource", ["tickets", "contacts", "companies"])
def test_syntax_error_names_the_resource(resource: Resource) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query("created_at:null", resource)
    assert caught.value.message == FORMAT[resource]


def test_syntax_error_wins_over_field_error() -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(q("subject:'x' AND"), "tickets")
    assert caught.value.message == FORMAT["tickets"]


TICKET_FIELDS = (
    "agent_id,company_id,created_at,due_by,fr_due_by,group_id,nr_due_by,priority,"
    "requester_id,status,tag,type,updated_at"
)
CONTACT_FIELDS = (
    "active,company_id,created_at,email,language,mobile,phone,tag,time_zone,twitter_id,updated_at"
)


@pytest.mark.parametrize(
    ("resource", "inner", "message"),
    [
        (
            "tickets",
            "subject:'x'",
            f"subject is not a searchable ticket field. It should be one of these values: "
            f"'{TICKET_FIELDS}' or a custom field name starting with cf_",
        ),
        (
            "tickets",
            "status:2 OR Status:2",  # field names are case-sensitive
            f"Status is not a searchable ticket field. It should be one of these values: "
            f"'{TICKET_FIELDS}' or a custom field name starting with cf_",
        ),
        (
            "tickets",
            "responder_id:5",  # the search name is agent_id
            f"responder_id is not a searchable ticket field. It should be one of these values: "
            f"'{TICKET_FIELDS}' or a custom field name starting with cf_",
        ),
        (
            "contacts",
            "name:'Ada'",
            f"name is not a searchable contact field. It should be one of these values: "
            f"'{CONTACT_FIELDS}' or a custom field name",
        ),
        (
            "contacts",
            "cf_department:'x' OR tags:'beta'",  # tags is the record key, tag the search name
            f"tags is not a searchable contact field. It should be one of these values: "
            f"'{CONTACT_FIELDS}' or a custom field name",
        ),
        (
            "companies",
            "domains:'acme.com'",
            "domains is not a searchable company field. It should be one of these values: "
            "'created_at,domain,updated_at' or a custom field name",
        ),
        (
            "companies",
            "name:'Acme'",
            "name is not a searchable company field. It should be one of these values: "
            "'created_at,domain,updated_at' or a custom field name",
        ),
    ],
)
def test_unknown_fields(resource: Resource, inner: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(q(inner), resource)
    assert caught.value.as_dict() == {"field": "query", "message": message, "code": "invalid_value"}


@pytest.mark.parametrize(
    ("inner", "message"),
    [
        ("status:'open'", "Invalid value 'open' for status. It should be an Integer"),
        ("agent_id:true", "Invalid value true for agent_id. It should be an Integer"),
        ("type:2", "Invalid value 2 for type. It should be a String"),
        ("tag:false", "Invalid value false for tag. It should be a String"),
        (
            "created_at:'2024-13-01'",
            "Invalid value '2024-13-01' for created_at. It should be a date in the format "
            "'YYYY-MM-DD'",
        ),
        (
            "created_at:'2024-01-01T00:00:00Z'",
            "Invalid value '2024-01-01T00:00:00Z' for created_at. It should be a date in the "
            "format 'YYYY-MM-DD'",
        ),
        (
            "due_by:20240101",
            "Invalid value 20240101 for due_by. It should be a date in the format 'YYYY-MM-DD'",
        ),
        (
            "tag:>'a'",
            "Invalid operator :> for tag. The :> and :< operators work only on number and "
            "date fields",
        ),
        (
            "type:<'a'",
            "Invalid operator :< for type. The :> and :< operators work only on number and "
            "date fields",
        ),
        (
            "status:>null",
            "Invalid operator :> for status. The :> and :< operators work only on numbers and "
            "dates, not null",
        ),
        (
            "cf_x:>null",
            "Invalid operator :> for cf_x. The :> and :< operators work only on numbers and "
            "dates, not null or booleans",
        ),
        (
            "cf_x:<true",
            "Invalid operator :< for cf_x. The :> and :< operators work only on numbers and "
            "dates, not null or booleans",
        ),
        (
            "cf_x:>'abc'",
            "Invalid value 'abc' for cf_x. It should be a number or a date in the format "
            "'YYYY-MM-DD'",
        ),
    ],
)
def test_values_and_operators_that_do_not_fit(inner: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(q(inner), "tickets")
    assert caught.value.as_dict() == {"field": "query", "message": message, "code": "invalid_value"}


def test_active_must_be_boolean() -> None:
    with pytest.raises(QueryError, match=r"Invalid value 1 for active\. It should be a Boolean"):
        parse_query(q("active:1"), "contacts")


# --------------------------------------------------------------------------- length


def padded(length: int) -> str:
    """Return a valid inner query of exactly *length* characters."""
    inner = "type:'" + "x" * (length - 7) + "'"
    assert len(inner) == length
    return inner


def test_512_characters_between_the_quotes_pass() -> None:
    raw = q(padded(MAX_QUERY_LENGTH))
    assert len(raw) == 514  # the quotes are not counted
    assert parse_query(raw, "tickets").matches({"type": "x" * 505})


@pytest.mark.parametrize("length", [513, 600])
def test_more_than_512_characters_fail(length: int) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(q(padded(length)), "tickets")
    assert caught.value.as_dict() == {
        "field": "query",
        "message": f"Has {length} characters, it can have maximum of 512 characters",
        "code": "invalid_value",
    }


def test_length_is_checked_before_syntax() -> None:
    with pytest.raises(QueryError, match=r"^Has 513 characters"):
        parse_query(q("(" * 513), "tickets")


def test_missing_quotes_are_reported_before_length() -> None:
    with pytest.raises(QueryError) as caught:
        parse_query("x" * 600, "tickets")
    assert caught.value.message == FORMAT["tickets"]


# --------------------------------------------------------------------------- custom_fields


def test_known_custom_fields_restrict_the_names() -> None:
    assert parse_query(q("cf_region:'EMEA'"), "tickets", custom_fields={"cf_region"}).matches(
        TICKET
    )
    with pytest.raises(QueryError) as caught:
        parse_query(q("cf_regoin:'EMEA'"), "tickets", custom_fields=["cf_region", "cf_seats"])
    assert caught.value.message == (
        f"cf_regoin is not a searchable ticket field. It should be one of these values: "
        f"'{TICKET_FIELDS}' or one of these custom fields: 'cf_region,cf_seats'"
    )


def test_contacts_accept_only_listed_custom_fields_when_given() -> None:
    query = parse_query(q("department:'Research'"), "contacts", custom_fields={"department"})
    assert query.matches(CONTACT)
    with pytest.raises(QueryError, match=r"^cf_department is not a searchable contact field"):
        parse_query(q("cf_department:'x'"), "contacts", custom_fields={"department"})


def test_ticket_names_without_cf_prefix_are_never_custom() -> None:
    with pytest.raises(QueryError, match=r"^region is not a searchable ticket field"):
        parse_query(q("region:'EMEA'"), "tickets")


def test_empty_custom_field_list_allows_only_standard_fields() -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(q("cf_x:1"), "tickets", custom_fields=())
    assert caught.value.message.endswith(f"'{TICKET_FIELDS}'")


# --------------------------------------------------------------------------- the Query object


def test_query_describes_itself() -> None:
    query = parse_query(q("status:2 AND (tag:'vip' OR cf_region:null)"), "tickets")
    assert query.text == "status:2 AND (tag:'vip' OR cf_region:null)"
    assert query.resource == "tickets"
    assert query.fields == frozenset({"status", "tag", "cf_region"})


def test_select_keeps_order() -> None:
    records = [{"id": i, "status": 2 if i % 3 else 4} for i in range(10)]
    selected = parse_query(q("status:2"), "tickets").select(records)
    assert [r["id"] for r in selected] == [1, 2, 4, 5, 7, 8]


def test_error_bodies_have_freshdesks_shape() -> None:
    error = QueryError("query", "Has 600 characters, it can have maximum of 512 characters", "x")
    assert error.response_body() == {
        "description": "Validation failed",
        "errors": [
            {
                "field": "query",
                "message": "Has 600 characters, it can have maximum of 512 characters",
                "code": "x",
            }
        ],
    }
    assert isinstance(error, ValueError)
    assert str(QueryError("query", "msg", "invalid_value", detail="at 3")) == "msg (at 3)"


def test_searchable_fields_match_the_fact_sheet() -> None:
    assert SEARCHABLE_FIELDS["tickets"] == frozenset(TICKET_FIELDS.split(","))
    assert SEARCHABLE_FIELDS["contacts"] == frozenset(CONTACT_FIELDS.split(","))
    assert SEARCHABLE_FIELDS["companies"] == frozenset({"domain", "created_at", "updated_at"})


def test_deep_nesting_within_the_length_cap() -> None:
    inner = "(" * 250 + "status:2" + ")" * 250
    assert len(inner) <= MAX_QUERY_LENGTH
    assert matches(inner)


def test_deep_alternating_nesting() -> None:
    inner = "status:2"
    for level in range(100):
        wrapped = f"(status:9 OR {inner})" if level % 2 else f"(priority:3 AND {inner})"
        if len(wrapped) > MAX_QUERY_LENGTH:
            break
        inner = wrapped
    assert inner.count("(") > 20
    assert matches(inner)
    assert not matches(inner, record={**TICKET, "priority": 1})


def test_unbalanced_deep_parentheses_are_a_400() -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(q("(" * 512), "tickets")
    assert caught.value.message == FORMAT["tickets"]


def test_large_scan_agrees_with_a_plain_predicate() -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    records: list[dict[str, Any]] = [
        {
            "id": i,
            "status": 2 + i % 4,
            "priority": 1 + i % 4,
            "tags": ["vip"] if i % 7 == 0 else [],
            "created_at": (start + timedelta(hours=i)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        for i in range(20_000)
    ]
    query = parse_query(
        q("status:2 AND (tag:'VIP' OR priority:>3) AND created_at:<'2024-06-30'"), "tickets"
    )
    expected = [
        r
        for r in records
        if r["status"] == 2
        and ("vip" in r["tags"] or r["priority"] >= 3)
        and r["created_at"][:10] <= "2024-06-30"
    ]
    assert query.select(records) == expected
    assert expected  # the table is not vacuous


def test_engine_imports_nothing_from_the_sdk() -> None:
    # The fake must not share code with the client it tests: from the package,
    # only freshdesk_atom.testing may be imported.
    tree = ast.parse(Path(_query.__file__).read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level <= 1, "a relative import leaves freshdesk_atom.testing"
            if node.level == 0 and node.module:
                names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    outside = [n for n in names if n.split(".")[0] == "freshdesk_atom"]
    assert all(n.startswith("freshdesk_atom.testing") for n in outside)
