"""Table tests of the group bodies and list query (``_core/groups.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from freshdesk_atom._core.groups import (
    UNASSIGNED_FOR,
    group_create_body,
    group_list_query,
    group_update_body,
)
from freshdesk_atom._types import NOT_GIVEN


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"name": "Billing", "description": NOT_GIVEN}, {"name": "Billing"}),
        (
            {
                "name": "Billing",
                "description": "Invoices",
                "agent_ids": (1, 2),
                "escalate_to": 1,
                "unassigned_for": "1h",
                "auto_ticket_assign": 1,
                "business_hour_id": None,
                "group_type": "support_agent_group",
            },
            {
                "name": "Billing",
                "description": "Invoices",
                "agent_ids": [1, 2],
                "escalate_to": 1,
                "unassigned_for": "1h",
                "auto_ticket_assign": 1,
                "business_hour_id": None,
                "group_type": "support_agent_group",
            },
        ),
        (
            {"name": "Billing", "auto_ticket_assign": True},
            {"name": "Billing", "auto_ticket_assign": True},
        ),
        (
            {"name": "Billing", "auto_ticket_assign": 0},
            {"name": "Billing", "auto_ticket_assign": 0},
        ),
    ],
)
def test_create_body(fields: dict[str, Any], expected: dict[str, Any]) -> None:
    assert group_create_body(fields) == expected


@pytest.mark.parametrize("period", UNASSIGNED_FOR)
def test_every_unassigned_for_period_is_accepted(period: str) -> None:
    assert group_create_body({"name": "G", "unassigned_for": period})["unassigned_for"] == period


@pytest.mark.parametrize(
    ("fields", "error", "match"),
    [
        ({}, ValueError, "name is required"),
        ({"name": None}, ValueError, "name is required"),
        ({"name": "G", "unassigned_for": "45m"}, ValueError, "unassigned_for must be one of 30m"),
        ({"name": "G", "unassigned_for": None}, ValueError, "unassigned_for cannot be cleared"),
        ({"name": "G", "auto_ticket_assign": 4}, ValueError, "auto_ticket_assign must be <= 3"),
        ({"name": "G", "auto_ticket_assign": -1}, ValueError, "auto_ticket_assign must be >= 0"),
        ({"name": "G", "auto_ticket_assign": "on"}, TypeError, "auto_ticket_assign"),
        ({"name": "G", "agent_ids": [1, "2"]}, TypeError, r"agent_ids\[1\]"),
        ({"name": "G", "agent_ids": None}, ValueError, "agent_ids cannot be cleared"),
        ({"name": "G", "escalate_to": 0}, ValueError, "escalate_to"),
        ({"name": "G", "group_type": "team"}, ValueError, "group_type must be one of"),
        ({"name": "G", "members": [1]}, TypeError, "unexpected group field"),
    ],
)
def test_create_body_refuses(fields: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        group_create_body(fields)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"escalate_to": None, "description": None}, {"escalate_to": None, "description": None}),
        ({"agent_ids": []}, {"agent_ids": []}),
    ],
)
def test_update_body(fields: dict[str, Any], expected: dict[str, Any]) -> None:
    assert group_update_body(fields) == expected


@pytest.mark.parametrize(
    ("fields", "match"), [({}, "at least one field"), ({"name": None}, "name cannot be cleared")]
)
def test_update_body_refuses(fields: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        group_update_body(fields)


def test_list_query_takes_pagination_only() -> None:
    assert group_list_query({"per_page": 100}) == {"per_page": 100}
    with pytest.raises(ValueError, match="per_page"):
        group_list_query({"per_page": 101})
    with pytest.raises(TypeError, match="unexpected group list parameter"):
        group_list_query({"name": "x"})
