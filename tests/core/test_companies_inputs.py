"""Table tests of the company bodies and list query (``_core/companies.py``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from freshdesk_atom._core.companies import (
    company_create_body,
    company_list_query,
    company_update_body,
)
from freshdesk_atom._types import NOT_GIVEN


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"name": "Acme", "note": NOT_GIVEN}, {"name": "Acme"}),
        (
            {
                "name": "Acme",
                "description": "",
                "domains": ("acme.com", "acme.io"),
                "health_score": "Happy",
                "account_tier": "Premium",
                "renewal_date": datetime(2025, 12, 31, tzinfo=UTC),
                "industry": None,
                "custom_fields": {"website": "https://acme.com"},
            },
            {
                "name": "Acme",
                "description": "",
                "domains": ["acme.com", "acme.io"],
                "health_score": "Happy",
                "account_tier": "Premium",
                "renewal_date": "2025-12-31T00:00:00Z",
                "industry": None,
                "custom_fields": {"website": "https://acme.com"},
            },
        ),
        (
            {"name": "Acme", "renewal_date": "2025-12-31"},
            {"name": "Acme", "renewal_date": "2025-12-31T00:00:00Z"},
        ),
    ],
)
def test_create_body(fields: dict[str, Any], expected: dict[str, Any]) -> None:
    assert company_create_body(fields) == expected


@pytest.mark.parametrize(
    ("fields", "error", "match"),
    [
        ({}, ValueError, "name is required"),
        ({"name": None}, ValueError, "name is required"),
        ({"name": ""}, ValueError, "name must not be blank"),
        ({"name": "x" * 256}, ValueError, "name must be at most 255"),
        ({"name": "Acme", "domains": "acme.com"}, TypeError, "domains must be a list"),
        ({"name": "Acme", "domains": [""]}, ValueError, r"domains\[0\]"),
        ({"name": "Acme", "domains": None}, ValueError, "domains cannot be cleared"),
        ({"name": "Acme", "renewal_date": "next year"}, ValueError, "renewal_date"),
        ({"name": "Acme", "renewal_date": 2025}, TypeError, "renewal_date"),
        ({"name": "Acme", "custom_fields": {"x": object()}}, TypeError, "custom_fields"),
        ({"name": "Acme", "health_score": ""}, ValueError, "health_score must not be blank"),
        ({"name": "Acme", "website": "x"}, TypeError, "unexpected company field"),
    ],
)
def test_create_body_refuses(fields: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        company_create_body(fields)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"note": None, "description": None}, {"note": None, "description": None}),
        ({"domains": []}, {"domains": []}),
        ({"name": "Acme Ltd", "health_score": NOT_GIVEN}, {"name": "Acme Ltd"}),
    ],
)
def test_update_body(fields: dict[str, Any], expected: dict[str, Any]) -> None:
    assert company_update_body(fields) == expected


@pytest.mark.parametrize(
    ("fields", "match"),
    [({}, "at least one field"), ({"name": None}, "name cannot be cleared")],
)
def test_update_body_refuses(fields: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        company_update_body(fields)


def test_list_query_takes_pagination_only() -> None:
    assert company_list_query({"per_page": 50}) == {"per_page": 50}
    assert company_list_query({"per_page": NOT_GIVEN}) == {}
    with pytest.raises(ValueError, match="per_page"):
        company_list_query({"per_page": 0})
    with pytest.raises(TypeError, match="unexpected company list parameter 'name'"):
        company_list_query({"name": "Acme"})
