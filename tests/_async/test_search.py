"""Wire tests of the search resource: exact path and query, pages, total, truncation, windows."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any
from urllib.parse import unquote_plus

import httpx
import pytest

from freshdesk_atom import (
    AsyncPaginator,
    Company,
    Contact,
    Q,
    ResponseValidationError,
    SearchLimitError,
    Ticket,
)
from tests.scripted import Script, json_response, ticket

from .clients import make_client, query


def results(ids: range | list[int], total: int, **extra: Any) -> httpx.Response:
    return json_response(200, {"results": [ticket(id=i, **extra) for i in ids], "total": total})


CONTACT = {
    "id": 48000000101,
    "name": "Dana Scully",
    "email": "dana@example.com",
    "active": True,
    "created_at": "2024-05-13T09:12:44Z",
    "updated_at": "2024-05-13T11:02:10Z",
}
COMPANY = {
    "id": 48000000201,
    "name": "Acme",
    "domains": ["acme.example"],
    "created_at": "2024-05-13T09:12:44Z",
    "updated_at": "2024-05-13T11:02:10Z",
}


# --------------------------------------------------------------------------- one query


@pytest.mark.anyio
async def test_tickets_sends_the_double_quoted_url_encoded_query_and_pages() -> None:
    script = Script(results(range(1, 31), 45), results(range(31, 46), 45))
    async with make_client(script) as fd:
        paginator = fd.search.tickets("status:2 AND priority:>3")
        assert isinstance(paginator, AsyncPaginator)
        assert script.requests == []
        assert paginator.total is None
        assert paginator.truncated is None
        pages = [page async for page in paginator.iter_pages()]
    assert [(r.method, r.url.path) for r in script.requests] == [
        ("GET", "/api/v2/search/tickets"),
        ("GET", "/api/v2/search/tickets"),
    ]
    assert query(script.requests[0]) == [("query", '"status:2 AND priority:>3"')]
    assert query(script.requests[1]) == [("query", '"status:2 AND priority:>3"'), ("page", "2")]
    raw = script.requests[0].url.raw_path.decode()
    assert raw.startswith("/api/v2/search/tickets?query=%22status%3A2")
    assert unquote_plus(raw.split("query=")[1]) == '"status:2 AND priority:>3"'
    assert [(p.page, p.total, p.truncated, len(p), p.has_next) for p in pages] == [
        (1, 45, False, 30, True),
        (2, 45, False, 15, False),
    ]
    assert isinstance(pages[0].items[0], Ticket)
    assert paginator.total == 45
    assert paginator.truncated is False


@pytest.mark.anyio
async def test_a_q_expression_is_rendered() -> None:
    script = Script(results([7], 1))
    async with make_client(script) as fd:
        found = [t.id async for t in fd.search.tickets((Q.status(2) | Q.status(3)) & Q.tag("vip"))]
    assert found == [7]
    assert query(script.last) == [("query", "\"(status:2 OR status:3) AND tag:'vip'\"")]


@pytest.mark.anyio
async def test_a_query_already_in_double_quotes_is_not_quoted_twice() -> None:
    script = Script(results([], 0))
    async with make_client(script) as fd:
        assert [t async for t in fd.search.tickets('"status:2"')] == []
    assert query(script.last) == [("query", '"status:2"')]


@pytest.mark.anyio
async def test_contacts_and_companies() -> None:
    script = Script(
        json_response(200, {"results": [CONTACT], "total": 1}),
        json_response(200, {"results": [COMPANY], "total": 1}),
    )
    async with make_client(script) as fd:
        contacts = [c async for c in fd.search.contacts(Q.email("dana@example.com"))]
        companies = [c async for c in fd.search.companies("domain:'acme.example'")]
    assert [r.url.path for r in script.requests] == [
        "/api/v2/search/contacts",
        "/api/v2/search/companies",
    ]
    assert query(script.requests[0]) == [("query", "\"email:'dana@example.com'\"")]
    assert query(script.requests[1]) == [("query", "\"domain:'acme.example'\"")]
    assert isinstance(contacts[0], Contact)
    assert isinstance(companies[0], Company)
    assert companies[0].name == "Acme"


@pytest.mark.anyio
async def test_past_300_matches_pages_are_flagged_and_the_stop_is_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    script = Script(lambda request: results(range(1, 31), 1_000))
    async with make_client(script) as fd:
        paginator = fd.search.tickets("status:2")
        first = await paginator.first_page()
        assert first.truncated is True
        assert first.total == 1_000
        assert paginator.truncated is True
        assert paginator.total == 1_000
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="freshdesk_atom"):
            pages = [page async for page in paginator.iter_pages()]
    assert len(script.requests) == 1 + 10
    assert [p.page for p in pages] == list(range(1, 11))
    assert all(p.truncated for p in pages)
    assert not pages[-1].has_next
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "cap of 300 results" in warnings[0].getMessage()
    assert "1000 matches" in warnings[0].getMessage()


@pytest.mark.anyio
async def test_no_warning_when_the_caller_stops_early(caplog: pytest.LogCaptureFixture) -> None:
    script = Script(lambda request: results(range(1, 31), 1_000))
    async with make_client(script) as fd:
        with caplog.at_level(logging.WARNING, logger="freshdesk_atom"):
            ids = [t.id async for t in fd.search.tickets("status:2", max_pages=2)]
    assert len(ids) == 60
    assert [r for r in caplog.records if r.levelno == logging.WARNING] == []


@pytest.mark.anyio
async def test_exactly_300_matches_are_not_truncated(caplog: pytest.LogCaptureFixture) -> None:
    script = Script(lambda request: results(range(1, 31), 300))
    async with make_client(script) as fd:
        with caplog.at_level(logging.WARNING, logger="freshdesk_atom"):
            pages = [p async for p in fd.search.tickets("status:2").iter_pages()]
    assert len(pages) == 10
    assert not any(p.truncated for p in pages)
    assert [r for r in caplog.records if r.levelno == logging.WARNING] == []


# --------------------------------------------------------------------------- count


@pytest.mark.anyio
async def test_count_reads_total_with_one_request() -> None:
    script = Script(results(range(1, 31), 20_000))
    async with make_client(script) as fd:
        assert await fd.search.count(Q.status(2)) == 20_000
    assert len(script.requests) == 1
    assert script.last.url.path == "/api/v2/search/tickets"
    assert query(script.last) == [("query", '"status:2"')]


@pytest.mark.anyio
@pytest.mark.parametrize("resource", ["contacts", "companies"])
async def test_count_of_contacts_and_companies(resource: str) -> None:
    script = Script(json_response(200, {"results": [], "total": 0}))
    async with make_client(script) as fd:
        assert await fd.search.count("created_at:>'2024-01-01'", resource=resource) == 0  # type: ignore[arg-type]
    assert script.last.url.path == f"/api/v2/search/{resource}"


@pytest.mark.anyio
async def test_count_raw_response() -> None:
    script = Script(
        json_response(
            200, {"results": [], "total": 12}, x_request_id="req-9", x_ratelimit_remaining="7"
        )
    )
    async with make_client(script) as fd:
        raw = await fd.search.with_raw_response.count("status:2")
        same = await fd.with_raw_response.search.count("status:2")
    assert raw.status_code == 200
    assert raw.request_id == "req-9"
    assert raw.parse() == 12
    assert same.parse() == 12


@pytest.mark.anyio
@pytest.mark.parametrize("body", [{"results": []}, {"results": [], "total": "12"}, []])
async def test_count_without_total_is_a_validation_error(body: Any) -> None:
    script = Script(json_response(200, body))
    async with make_client(script) as fd:
        with pytest.raises(ResponseValidationError, match="total"):
            await fd.search.count("status:2")


# --------------------------------------------------------------------------- checks before I/O


@pytest.mark.anyio
async def test_a_513_character_query_raises_before_any_request() -> None:
    script = Script(results([], 0))
    too_long = "tag:'" + "x" * 507 + "'"
    fits = "tag:'" + "x" * 506 + "'"
    assert (len(too_long), len(fits)) == (513, 512)
    async with make_client(script) as fd:
        for call in (
            lambda: fd.search.tickets(too_long),
            lambda: fd.search.contacts(too_long),
            lambda: fd.search.companies(too_long),
            lambda: fd.search.tickets_all(too_long),
            lambda: fd.search.contacts_all(too_long),
            lambda: fd.search.companies_all(too_long),
        ):
            with pytest.raises(ValueError, match="513 characters"):
                call()
        with pytest.raises(ValueError, match="513 characters"):
            await fd.search.count(too_long)
        assert script.requests == []
        await fd.search.count(fits)
    assert query(script.last) == [("query", f'"{fits}"')]


@pytest.mark.anyio
async def test_tickets_all_checks_the_windowed_length_before_any_request() -> None:
    script = Script(results([], 0))
    base = "tag:'" + "x" * 470 + "'"  # fits alone, not with the window's terms
    async with make_client(script) as fd:
        fd.search.tickets(base)
        with pytest.raises(ValueError, match="maximum of 512"):
            fd.search.tickets_all(base)
    assert script.requests == []


@pytest.mark.anyio
async def test_bad_queries_raise_before_any_request() -> None:
    script = Script(results([], 0))
    async with make_client(script) as fd:
        with pytest.raises(ValueError, match="empty"):
            fd.search.tickets("  ")
        with pytest.raises(TypeError, match="str or a search expression"):
            fd.search.tickets(42)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="resource"):
            await fd.search.count("status:2", resource="agents")  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="after until"):
            fd.search.tickets_all("status:2", since=date(2024, 2, 1), until=date(2024, 1, 1))
    assert script.requests == []


# --------------------------------------------------------------------------- every match


def by_query(answers: dict[str, list[Any]]) -> Script:
    """Answer each request from *answers*: query text -> pages (``(ids, total)``) by page number."""

    def answer(request: httpx.Request) -> httpx.Response:
        text = request.url.params["query"]
        page = int(request.url.params.get("page", "1"))
        ids, total = answers[text][page - 1]
        return results(ids, total)

    return Script(answer)


@pytest.mark.anyio
async def test_tickets_all_splits_windows_over_300_and_yields_each_ticket_once() -> None:
    base = "\"(status:2) AND created_at:>'2024-01-01' AND created_at:<'2024-01-04'\""
    left = "\"(status:2) AND created_at:>'2024-01-01' AND created_at:<'2024-01-02'\""
    right = "\"(status:2) AND created_at:>'2024-01-03' AND created_at:<'2024-01-04'\""
    script = by_query(
        {
            base: [(range(1, 31), 340)],
            left: [(range(1, 31), 40), (range(31, 41), 40)],
            # Later pages overlap the first (new tickets shifted the order): 60..70 come twice.
            right: [(range(41, 71), 300)] + [(range(i, i + 30), 300) for i in range(60, 330, 30)],
        }
    )
    async with make_client(script) as fd:
        ids = [
            t.id
            async for t in fd.search.tickets_all(
                "status:2", since=date(2024, 1, 1), until=date(2024, 1, 4)
            )
        ]
    sent = [(r.url.params["query"], r.url.params.get("page")) for r in script.requests]
    assert sent == [
        (base, None),
        (left, None),
        (left, "2"),
        (right, None),
        *[(right, str(n)) for n in range(2, 11)],
    ]
    assert ids == list(range(1, 41)) + list(range(41, 330))
    assert len(ids) == len(set(ids))


@pytest.mark.anyio
async def test_tickets_all_at_most_300_is_one_plain_search() -> None:
    script = Script(results(range(1, 31), 31), results([31], 31))
    async with make_client(script) as fd:
        ids = [t.id async for t in fd.search.tickets_all(Q.status(2))]
    assert ids == list(range(1, 32))
    assert [query(r) for r in script.requests] == [
        [("query", '"status:2"')],
        [("query", '"status:2"'), ("page", "2")],
    ]


@pytest.mark.anyio
async def test_tickets_all_raises_when_one_day_cannot_be_split() -> None:
    script = Script(lambda request: results(range(1, 31), 400))
    async with make_client(script) as fd:
        stream = fd.search.tickets_all("tag:'bulk'", since=date(2024, 1, 1), until=date(2024, 1, 1))
        with pytest.raises(SearchLimitError) as info:
            [t async for t in stream]
    assert info.value.total == 400
    assert info.value.window == "created_at 2024-01-01..2024-01-01, status *..2, priority *..1"
    assert "more than the 300" in str(info.value)
    # The day, then status *..3, *..2, then priority *..2, *..1: five counts.
    assert [r.url.params["query"] for r in script.requests] == [
        "\"(tag:'bulk') AND created_at:'2024-01-01'\"",
        "\"(tag:'bulk') AND created_at:'2024-01-01' AND status:<3\"",
        "\"(tag:'bulk') AND created_at:'2024-01-01' AND status:<2\"",
        "\"(tag:'bulk') AND created_at:'2024-01-01' AND status:<2 AND priority:<2\"",
        "\"(tag:'bulk') AND created_at:'2024-01-01' AND status:<2 AND priority:<1\"",
    ]


@pytest.mark.anyio
async def test_tickets_all_needs_a_total() -> None:
    script = Script(json_response(200, {"results": []}))
    async with make_client(script) as fd:
        with pytest.raises(ResponseValidationError, match="total"):
            [t async for t in fd.search.tickets_all("status:2")]
