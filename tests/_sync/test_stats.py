# Generated from tests/_async/test_stats.py by scripts/unasync.py; do not edit.
"""Wire tests of the stats resource: which requests a summary sends, and what it makes of them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from freshdesk_atom import Stats
from tests.scripted import BASE_URL, Script, json_response, ticket

from .clients import make_client

COUNTS = {
    ("tickets", "\"created_at:>'1970-01-01'\""): 1_234,
    ("tickets", '"status:2"'): 100,
    ("tickets", '"status:3"'): 20,
    ("tickets", '"status:4"'): 300,
    ("tickets", '"status:5"'): 800,
    ("contacts", "\"created_at:>'1970-01-01'\""): 567,
    ("companies", "\"created_at:>'1970-01-01'\""): 89,
}

AGENT = {
    "id": 48000000001,
    "available": True,
    "occasional": False,
    "ticket_scope": 1,
    "contact": {"name": "Ada", "email": "ada@example.com"},
    "created_at": "2024-01-01T00:00:00Z",
    "updated_at": "2024-01-01T00:00:00Z",
}
GROUP = {
    "id": 48000000050,
    "name": "Billing",
    "description": None,
    "created_at": "2024-02-01T00:00:00Z",
    "updated_at": "2024-02-01T00:00:00Z",
}


def rating(code: int, created: str = "2024-05-01T00:00:00Z") -> dict[str, Any]:
    return {
        "id": 1,
        "survey_id": 1,
        "user_id": 2,
        "agent_id": None,
        "group_id": None,
        "ticket_id": 3,
        "feedback": None,
        "ratings": {"default_question": code},
        "created_at": created,
        "updated_at": created,
    }


def stats(**values: str | None) -> dict[str, str | None]:
    return {
        "first_responded_at": None,
        "resolved_at": None,
        "closed_at": None,
        **values,
    }


TICKETS = [
    # Created 09:00; first response 2 h later; resolved 10 h later.
    ticket(
        id=1,
        status=4,
        created_at="2024-05-13T09:00:00Z",
        stats=stats(first_responded_at="2024-05-13T11:00:00Z", resolved_at="2024-05-13T19:00:00Z"),
    ),
    # Still open: a first response after 4 h, no resolution.
    ticket(
        id=2,
        status=2,
        created_at="2024-05-13T09:00:00Z",
        stats=stats(first_responded_at="2024-05-13T13:00:00Z"),
    ),
    # Closed without being resolved: 20 h to closure; no response.
    ticket(
        id=3,
        status=5,
        created_at="2024-05-13T09:00:00Z",
        stats=stats(closed_at="2024-05-14T05:00:00Z"),
    ),
]


def account(request: httpx.Request) -> httpx.Response:
    path = request.url.path.removeprefix("/api/v2/")
    params = request.url.params
    if path.startswith("search/"):
        total = COUNTS[(path.removeprefix("search/"), params["query"])]
        return json_response(200, {"results": [], "total": total})
    if path == "agents":
        return json_response(200, [AGENT, {**AGENT, "id": 48000000002}])
    if path == "groups":
        return json_response(200, [GROUP])
    if path == "tickets":
        return json_response(200, TICKETS)
    if path == "surveys/satisfaction_ratings":
        return json_response(200, [rating(103), rating(100), rating(-103), rating(102)])
    return json_response(404)


def sent(script: Script) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(r.url.path, list(r.url.params.multi_items())) for r in script.requests]


def test_summary_sends_exactly_these_requests() -> None:
    script = Script(account)
    with make_client(script) as fd:
        result = fd.stats.summary()
    assert sent(script) == [
        ("/api/v2/search/tickets", [("query", "\"created_at:>'1970-01-01'\"")]),
        ("/api/v2/search/tickets", [("query", '"status:2"')]),
        ("/api/v2/search/tickets", [("query", '"status:3"')]),
        ("/api/v2/search/tickets", [("query", '"status:4"')]),
        ("/api/v2/search/tickets", [("query", '"status:5"')]),
        ("/api/v2/search/contacts", [("query", "\"created_at:>'1970-01-01'\"")]),
        ("/api/v2/search/companies", [("query", "\"created_at:>'1970-01-01'\"")]),
        ("/api/v2/agents", [("per_page", "100")]),
        ("/api/v2/groups", [("per_page", "100")]),
        # The averages walk the tickets as the complete export does (iter_all).
        (
            "/api/v2/tickets",
            [
                ("updated_since", "1970-01-01T00:00:00Z"),
                ("order_by", "updated_at"),
                ("order_type", "asc"),
                ("per_page", "100"),
                ("page", "1"),
                ("include", "stats"),
            ],
        ),
        (
            "/api/v2/surveys/satisfaction_ratings",
            [("created_since", "1970-01-01T00:00:00Z"), ("per_page", "100")],
        ),
    ]
    assert result == Stats(
        total_tickets=1_234,
        open_tickets=100,
        pending_tickets=20,
        resolved_tickets=300,
        closed_tickets=800,
        total_contacts=567,
        total_companies=89,
        total_agents=2,
        total_groups=1,
        avg_first_response_time=3.0,  # (2 + 4) / 2
        avg_resolution_time=15.0,  # (10 + 20) / 2
        satisfaction_rating=pytest.approx((5 + 3 + 1 + 13 / 3) / 4),  # type: ignore[arg-type]
    )


def test_summary_with_since_restricts_every_figure_to_the_utc_day() -> None:
    since = datetime(2024, 5, 13, 15, 30, tzinfo=UTC)
    counts = {
        ("tickets", "\"created_at:>'2024-05-13'\""): 3,
        ("tickets", "\"status:2 AND created_at:>'2024-05-13'\""): 1,
        ("tickets", "\"status:3 AND created_at:>'2024-05-13'\""): 0,
        ("tickets", "\"status:4 AND created_at:>'2024-05-13'\""): 1,
        ("tickets", "\"status:5 AND created_at:>'2024-05-13'\""): 1,
        ("contacts", "\"created_at:>'2024-05-13'\""): 2,
        ("companies", "\"created_at:>'2024-05-13'\""): 0,
    }

    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v2/")
        if path.startswith("search/"):
            total = counts[(path.removeprefix("search/"), request.url.params["query"])]
            return json_response(200, {"results": [], "total": total})
        if path == "tickets":
            # A ticket created before the period but updated in it is not counted.
            old = ticket(id=9, status=4, created_at="2024-05-12T23:59:59Z", stats=stats())
            return json_response(200, [old, *TICKETS])
        if path == "surveys/satisfaction_ratings":
            return json_response(200, [rating(101, "2024-05-13T00:00:00Z")])
        return account(request)

    script = Script(answer)
    with make_client(script) as fd:
        result = fd.stats.summary(since=since)
    by_path = dict(sent(script))
    assert by_path["/api/v2/tickets"][0] == ("updated_since", "2024-05-13T00:00:00Z")
    assert by_path["/api/v2/surveys/satisfaction_ratings"][0] == (
        "created_since",
        "2024-05-13T00:00:00Z",
    )
    # Agents and groups were created before the period.
    assert (result.total_agents, result.total_groups) == (0, 0)
    assert (result.total_tickets, result.open_tickets, result.total_contacts) == (3, 1, 2)
    assert result.avg_resolution_time == 15.0
    assert result.satisfaction_rating == pytest.approx(11 / 3)


def test_summary_without_averages_costs_only_the_counts() -> None:
    script = Script(account)
    with make_client(script) as fd:
        result = fd.stats.summary(averages=False)
    assert len(script.requests) == 9
    assert result.total_tickets == 1_234
    assert result.avg_first_response_time is None
    assert result.avg_resolution_time is None
    assert result.satisfaction_rating is None


def test_summary_without_counts_reads_only_tickets_and_ratings() -> None:
    script = Script(account)
    with make_client(script) as fd:
        result = fd.stats.summary(counts=False)
    paths = {request.url.path for request in script.requests}
    assert paths == {"/api/v2/tickets", "/api/v2/surveys/satisfaction_ratings"}
    assert result.total_tickets is None
    assert result.total_agents is None
    assert result.avg_first_response_time is not None


def test_figures_that_cannot_be_known_are_none() -> None:
    denied = json_response(403, {"code": "access_denied", "message": "You are not authorized."})

    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v2/")
        if path in ("agents", "surveys/satisfaction_ratings"):
            return denied
        if path == "tickets":
            return json_response(200, [ticket(id=5, status=2, stats=stats())])
        if path == "groups":
            return json_response(200, [])
        return account(request)

    script = Script(answer)
    with make_client(script) as fd:
        result = fd.stats.summary()
    assert result.total_agents is None  # 403: the key may not list agents
    assert result.total_groups == 0  # a real zero
    assert result.avg_first_response_time is None  # no ticket has a response
    assert result.avg_resolution_time is None  # no ticket is resolved
    assert result.satisfaction_rating is None  # 403: no surveys on this plan
    assert result.total_tickets == 1_234


def test_agents_and_groups_are_paged_by_link() -> None:
    link = f'<{BASE_URL}agents?per_page=100&page=2>; rel="next"'

    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/api/v2/")
        if path == "agents" and request.url.params.get("page") is None:
            agents = [{**AGENT, "id": 48000000100 + n} for n in range(100)]
            return json_response(200, agents, link=link)
        if path == "agents":
            return json_response(200, [{**AGENT, "id": 48000000999}])
        return account(request)

    script = Script(answer)
    with make_client(script) as fd:
        result = fd.stats.summary(averages=False)
    assert result.total_agents == 101
    assert len(script.requests) == 10  # 7 + 2 agent pages + 1 group page
