"""Table tests of the satisfaction ratings list query (``_core/satisfaction.py``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from freshdesk_atom._core.satisfaction import rating_list_query
from freshdesk_atom._types import NOT_GIVEN


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {}),
        ({"created_since": NOT_GIVEN, "user_id": None}, {}),
        (
            {"created_since": datetime(2023, 1, 1, 8, 30, tzinfo=UTC), "user_id": 43026449322},
            {"created_since": "2023-01-01T08:30:00Z", "user_id": 43026449322},
        ),
        (
            {"created_since": "2023-01-01T00:00:00Z", "per_page": 100},
            {"created_since": "2023-01-01T00:00:00Z", "per_page": 100},
        ),
    ],
)
def test_list_query(params: dict[str, Any], expected: dict[str, Any]) -> None:
    assert rating_list_query(params) == expected


@pytest.mark.parametrize(
    ("params", "error", "match"),
    [
        ({"created_since": "last month"}, ValueError, "created_since must be an ISO 8601"),
        ({"created_since": 1700000000}, TypeError, "created_since"),
        ({"user_id": 0}, ValueError, "user_id"),
        ({"per_page": 0}, ValueError, "per_page"),
        ({"ticket_id": 1}, TypeError, "unexpected satisfaction rating list parameter"),
    ],
)
def test_list_query_refuses(params: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        rating_list_query(params)
