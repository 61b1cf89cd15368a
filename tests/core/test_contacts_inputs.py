"""Table tests of the contact bodies and list query (``_core/contacts.py``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from freshdesk_atom._core.contacts import (
    contact_create_body,
    contact_list_query,
    contact_update_body,
    make_agent_body,
)
from freshdesk_atom._types import NOT_GIVEN
from freshdesk_atom.models.enums import AgentTicketScope, ContactState

# --- create ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"name": "Dana", "email": "dana@example.com"},
            {"name": "Dana", "email": "dana@example.com"},
        ),
        (
            {"name": "Dana", "phone": "+1 555", "email": NOT_GIVEN},
            {"name": "Dana", "phone": "+1 555"},
        ),
        ({"name": "Dana", "mobile": "07700"}, {"name": "Dana", "mobile": "07700"}),
        ({"name": "Dana", "twitter_id": "dana"}, {"name": "Dana", "twitter_id": "dana"}),
        (
            {"name": "Dana", "unique_external_id": "crm-1", "company_id": None},
            {"name": "Dana", "unique_external_id": "crm-1", "company_id": None},
        ),
        (
            {
                "name": "Dana",
                "email": " dana@example.com ",
                "other_emails": ("d@example.org",),
                "view_all_tickets": True,
                "other_companies": [
                    {"company_id": 7, "view_all_tickets": False},
                    {"company_id": 8},
                ],
                "tags": ("vip",),
                "custom_fields": {"department": "Finance", "cf_literal": 1},
                "address": "",
            },
            {
                "name": "Dana",
                "email": "dana@example.com",
                "other_emails": ["d@example.org"],
                "view_all_tickets": True,
                "other_companies": [
                    {"company_id": 7, "view_all_tickets": False},
                    {"company_id": 8},
                ],
                "tags": ["vip"],
                "custom_fields": {"department": "Finance", "cf_literal": 1},
                "address": "",
            },
        ),
    ],
)
def test_create_body(fields: dict[str, Any], expected: dict[str, Any]) -> None:
    assert contact_create_body(fields) == expected


@pytest.mark.parametrize(
    ("fields", "error", "match"),
    [
        ({"email": "a@example.com"}, ValueError, "name is required"),
        ({"name": None, "email": "a@example.com"}, ValueError, "name is required"),
        ({"name": "Dana"}, ValueError, "one of email, phone, mobile"),
        ({"name": "Dana", "email": None}, ValueError, "one of email"),
        ({"name": "Dana", "facebook_id": "x"}, ValueError, "one of email"),
        ({"name": " ", "email": "a@example.com"}, ValueError, "name must not be blank"),
        ({"name": "x" * 256, "email": "a@example.com"}, ValueError, "name must be at most 255"),
        ({"name": "Dana", "email": "nope"}, ValueError, "email must be a valid"),
        (
            {"name": "Dana", "email": "a@example.com", "other_emails": "b@x.io"},
            TypeError,
            "other_emails",
        ),
        (
            {"name": "Dana", "email": "a@example.com", "other_emails": ["b"]},
            ValueError,
            r"other_emails\[0\]",
        ),
        (
            {"name": "Dana", "email": "a@example.com", "view_all_tickets": 1},
            TypeError,
            "view_all_tickets",
        ),
        ({"name": "Dana", "email": "a@example.com", "company_id": 0}, ValueError, "company_id"),
        ({"name": "Dana", "email": "a@example.com", "tags": "vip"}, TypeError, "tags"),
        (
            {"name": "Dana", "email": "a@example.com", "custom_fields": {"": 1}},
            TypeError,
            "custom_fields",
        ),
        (
            {"name": "Dana", "email": "a@example.com", "custom_fields": []},
            TypeError,
            "custom_fields",
        ),
        (
            {"name": "Dana", "email": "a@example.com", "other_companies": {"company_id": 1}},
            TypeError,
            "other_companies",
        ),
        (
            {"name": "Dana", "email": "a@example.com", "other_companies": [7]},
            TypeError,
            r"other_companies\[0\]",
        ),
        (
            {"name": "Dana", "email": "a@example.com", "other_companies": [{}]},
            ValueError,
            r"needs a company_id",
        ),
        (
            {
                "name": "Dana",
                "email": "a@example.com",
                "other_companies": [{"company_id": 1, "x": 1}],
            },
            TypeError,
            "unexpected keys",
        ),
        (
            {
                "name": "Dana",
                "email": "a@example.com",
                "other_companies": [{"company_id": 1, "view_all_tickets": "y"}],
            },
            TypeError,
            r"other_companies\[0\]\.view_all_tickets",
        ),
        (
            {"name": "Dana", "email": "a@example.com", "language": None},
            ValueError,
            "language cannot be cleared",
        ),
        (
            {"name": "Dana", "email": "a@example.com", "facebook_id": "x"},
            TypeError,
            "unexpected contact field",
        ),
    ],
)
def test_create_body_refuses(fields: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        contact_create_body(fields)


# --- update ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"job_title": "CFO", "name": NOT_GIVEN}, {"job_title": "CFO"}),
        ({"company_id": None, "email": None}, {"company_id": None, "email": None}),
        ({"tags": [], "other_emails": []}, {"tags": [], "other_emails": []}),
    ],
)
def test_update_body(fields: dict[str, Any], expected: dict[str, Any]) -> None:
    assert contact_update_body(fields) == expected


@pytest.mark.parametrize(
    ("fields", "error", "match"),
    [
        ({}, ValueError, "at least one field"),
        ({"name": NOT_GIVEN}, ValueError, "at least one field"),
        ({"name": None}, ValueError, "name cannot be cleared"),
        ({"tags": None}, ValueError, "tags cannot be cleared"),
        ({"time_zone": ""}, ValueError, "time_zone must not be blank"),
    ],
)
def test_update_body_refuses(fields: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        contact_update_body(fields)


# --- list -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {}),
        ({"state": ContactState.BLOCKED, "tag": NOT_GIVEN}, {"state": "blocked"}),
        (
            {"updated_since": datetime(2024, 1, 1, tzinfo=UTC), "per_page": 100},
            {"_updated_since": "2024-01-01T00:00:00Z", "per_page": 100},
        ),
        (
            {"updated_since": "2024-01-01T00:00:00+05:30"},
            {"_updated_since": "2023-12-31T18:30:00Z"},
        ),
        (
            {"email": "a+b@example.com", "company_id": 9, "mobile": "1", "phone": "2"},
            {"email": "a+b@example.com", "company_id": 9, "mobile": "1", "phone": "2"},
        ),
        (
            {"unique_external_id": "crm-1", "tag": "vip"},
            {"unique_external_id": "crm-1", "tag": "vip"},
        ),
    ],
)
def test_list_query(params: dict[str, Any], expected: dict[str, Any]) -> None:
    assert contact_list_query(params) == expected


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"state": "active"}, ValueError, "state must be one of verified"),
        ({"per_page": 101}, ValueError, "per_page"),
        ({"updated_since": "yesterday"}, ValueError, "updated_since must be an ISO 8601"),
        ({"company_id": -1}, ValueError, "company_id"),
        ({"email": "x"}, ValueError, "email"),
        ({"_updated_since": "2024-01-01"}, TypeError, "unexpected contact list parameter"),
    ],
)
def test_list_query_refuses(params: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        contact_list_query(params)


# --- make_agent -----------------------------------------------------------------------


def test_make_agent_without_fields_sends_no_body() -> None:
    assert make_agent_body({"occasional": NOT_GIVEN}) is None


def test_make_agent_body() -> None:
    body = make_agent_body(
        {
            "occasional": True,
            "group_ids": (1, 2),
            "role_ids": [3],
            "skill_ids": [],
            "ticket_scope": AgentTicketScope.GROUP,
            "signature": None,
            "type": "support_agent",
        }
    )
    assert body == {
        "occasional": True,
        "group_ids": [1, 2],
        "role_ids": [3],
        "skill_ids": [],
        "ticket_scope": 2,
        "signature": None,
        "type": "support_agent",
    }


@pytest.mark.parametrize(
    ("fields", "error", "match"),
    [
        ({"ticket_scope": 4}, ValueError, "ticket_scope must be <= 3"),
        ({"ticket_scope": 0}, ValueError, "ticket_scope must be >= 1"),
        ({"ticket_scope": None}, ValueError, "ticket_scope cannot be cleared"),
        ({"occasional": "yes"}, TypeError, "occasional must be a bool"),
        ({"group_ids": [0]}, ValueError, r"group_ids\[0\]"),
        ({"type": "robot"}, ValueError, "type must be one of support_agent"),
        ({"email": "a@example.com"}, TypeError, "unexpected make_agent field"),
    ],
)
def test_make_agent_body_refuses(
    fields: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        make_agent_body(fields)
