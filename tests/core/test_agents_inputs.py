"""Table tests of the agent body and list query (``_core/agents.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from freshdesk_atom._core.agents import agent_list_query, agent_update_body
from freshdesk_atom._types import NOT_GIVEN
from freshdesk_atom.models.enums import AgentState, AgentTicketScope


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"ticket_scope": AgentTicketScope.RESTRICTED}, {"ticket_scope": 3}),
        (
            {"occasional": False, "group_ids": (5,), "role_ids": [], "skill_ids": [9]},
            {"occasional": False, "group_ids": [5], "role_ids": [], "skill_ids": [9]},
        ),
        (
            {"signature": None, "phone": None, "mobile": None, "job_title": None},
            {"signature": None, "phone": None, "mobile": None, "job_title": None},
        ),
        (
            {
                "name": "Rachel",
                "email": "rachel@example.com",
                "language": "en",
                "time_zone": "Chennai",
            },
            {
                "name": "Rachel",
                "email": "rachel@example.com",
                "language": "en",
                "time_zone": "Chennai",
            },
        ),
        ({"signature": "<p>Rachel</p>", "email": NOT_GIVEN}, {"signature": "<p>Rachel</p>"}),
    ],
)
def test_update_body(fields: dict[str, Any], expected: dict[str, Any]) -> None:
    assert agent_update_body(fields) == expected


@pytest.mark.parametrize(
    ("fields", "error", "match"),
    [
        ({}, ValueError, "at least one field"),
        ({"ticket_scope": 4}, ValueError, "ticket_scope must be <= 3"),
        ({"ticket_scope": "1"}, TypeError, "ticket_scope must be an int"),
        ({"ticket_scope": None}, ValueError, "ticket_scope cannot be cleared"),
        ({"occasional": None}, ValueError, "occasional cannot be cleared"),
        ({"email": None}, ValueError, "email cannot be cleared"),
        ({"email": "rachel"}, ValueError, "email must be a valid"),
        ({"group_ids": None}, ValueError, "group_ids cannot be cleared"),
        ({"role_ids": [1, -2]}, ValueError, r"role_ids\[1\]"),
        ({"skill_ids": "1"}, TypeError, "skill_ids must be a list"),
        ({"available": True}, TypeError, "unexpected agent field 'available'"),
    ],
)
def test_update_body_refuses(fields: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        agent_update_body(fields)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {}),
        ({"state": AgentState.OCCASIONAL}, {"state": "occasional"}),
        (
            {"email": "a@example.com", "mobile": "1", "phone": "2", "per_page": 10},
            {"email": "a@example.com", "mobile": "1", "phone": "2", "per_page": 10},
        ),
    ],
)
def test_list_query(params: dict[str, Any], expected: dict[str, Any]) -> None:
    assert agent_list_query(params) == expected


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"state": "parttime"}, ValueError, "state must be one of fulltime, occasional"),
        ({"per_page": 1000}, ValueError, "per_page"),
        ({"email": ""}, ValueError, "email"),
        ({"group_id": 1}, TypeError, "unexpected agent list parameter"),
    ],
)
def test_list_query_refuses(params: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        agent_list_query(params)
