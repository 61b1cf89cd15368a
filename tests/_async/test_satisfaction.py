"""Wire tests of the satisfaction ratings list: exact path and query, lazy pagination."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from freshdesk_atom import SatisfactionRating
from tests.scripted import BASE_URL, Script, json_response

from .clients import make_client, query

RATING: dict[str, Any] = {
    "id": 48000000771,
    "survey_id": 48000000015,
    "user_id": 48000123457,
    "agent_id": 48000000911,
    "group_id": None,
    "ticket_id": 1042,
    "feedback": "Quick and kind",
    "ratings": {"default_question": 103, "question_48000000031": 102},
    "created_at": "2024-05-13T12:00:00Z",
    "updated_at": "2024-05-13T12:00:00Z",
}


@pytest.mark.anyio
async def test_list_sends_created_since_and_user_id() -> None:
    script = Script(json_response(200, [RATING]))
    async with make_client(script) as fd:
        ratings = [
            r
            async for r in fd.satisfaction_ratings.list(
                created_since=datetime(2023, 1, 1, tzinfo=UTC), user_id=48000123457, per_page=100
            )
        ]
    assert script.last.method == "GET"
    assert script.last.url.path == "/api/v2/surveys/satisfaction_ratings"
    assert query(script.last) == [
        ("created_since", "2023-01-01T00:00:00Z"),
        ("user_id", "48000123457"),
        ("per_page", "100"),
    ]
    assert len(ratings) == 1
    rating = ratings[0]
    assert isinstance(rating, SatisfactionRating)
    assert rating.ratings == {"default_question": 103, "question_48000000031": 102}
    assert rating.ticket_id == 1042


@pytest.mark.anyio
async def test_list_without_filters_sends_no_query_and_follows_link() -> None:
    link = f'<{BASE_URL}surveys/satisfaction_ratings?page=2>; rel="next"'
    script = Script(
        json_response(200, [RATING], link=link),
        json_response(200, [{**RATING, "id": 2, "feedback": None}]),
    )
    async with make_client(script) as fd:
        paginator = fd.satisfaction_ratings.list()
        assert script.requests == []
        pages = [page async for page in paginator.iter_pages()]
    assert [len(p.items) for p in pages] == [1, 1]
    assert query(script.requests[0]) == []
    assert query(script.requests[1]) == [("page", "2")]
    assert pages[1].items[0].feedback is None


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"created_since": "last month"}, "created_since"),
        ({"created_since": 1700000000}, "created_since"),
        ({"user_id": 0}, "user_id"),
        ({"per_page": 0}, "per_page"),
    ],
)
async def test_list_checks_parameters_before_sending(kwargs: dict[str, Any], field: str) -> None:
    script = Script(json_response(200, []))
    async with make_client(script) as fd:
        with pytest.raises((ValueError, TypeError), match=field):
            fd.satisfaction_ratings.list(**kwargs)
    assert script.requests == []


@pytest.mark.anyio
async def test_max_items_stops_early() -> None:
    link = f'<{BASE_URL}surveys/satisfaction_ratings?page=2>; rel="next"'
    script = Script(json_response(200, [RATING, {**RATING, "id": 2}], link=link))
    async with make_client(script) as fd:
        ids = [r.id async for r in fd.satisfaction_ratings.list(max_items=1)]
    assert ids == [48000000771]
    assert len(script.requests) == 1
