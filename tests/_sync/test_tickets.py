# Generated from tests/_async/test_tickets.py by scripts/unasync.py; do not edit.
"""Wire tests of the tickets resource: exact method, path, query and JSON body."""

from __future__ import annotations

import weakref
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from freshdesk_atom import (
    BadRequestError,
    ConflictError,
    NotFoundError,
    ResponseValidationError,
    Ticket,
    TicketPriority,
    TicketStatus,
)
from tests.scripted import BASE_URL, Script, json_response, ticket

from .clients import make_client, query


def test_get_sends_get_with_include() -> None:
    script = Script(json_response(200, ticket(requester={"id": 1, "name": "Dana"})))
    with make_client(script) as fd:
        result = fd.tickets.get(42, include=["requester", "stats"])
    assert script.last.method == "GET"
    assert script.last.url.path == "/api/v2/tickets/42"
    assert query(script.last) == [("include", "requester,stats")]
    assert isinstance(result, Ticket)
    assert result.requester is not None
    assert result.requester.name == "Dana"
    assert result.created_at == datetime(2024, 5, 13, 9, 12, 44, tzinfo=UTC)


def test_create_sends_exactly_the_given_fields() -> None:
    script = Script(json_response(201, ticket()))
    with make_client(script) as fd:
        fd.tickets.create(
            subject="Printer on fire",
            description="<div>Smoke</div>",
            email="dana@example.com",
            priority=TicketPriority.HIGH,
            status=TicketStatus.OPEN,
            tags=["hardware"],
            cc_emails=["ops@example.com"],
            custom_fields={"cf_region": "EMEA"},
            responder_id=None,
            due_by=datetime(2030, 1, 2, 17, 0, tzinfo=UTC),
            fr_due_by="2030-01-02T09:00:00Z",
        )
    assert script.last.method == "POST"
    assert script.last.url.path == "/api/v2/tickets"
    assert script.last.headers["content-type"] == "application/json"
    assert script.body() == {
        "subject": "Printer on fire",
        "description": "<div>Smoke</div>",
        "email": "dana@example.com",
        "priority": 3,
        "status": 2,
        "tags": ["hardware"],
        "cc_emails": ["ops@example.com"],
        "custom_fields": {"cf_region": "EMEA"},
        "responder_id": None,
        "due_by": "2030-01-02T17:00:00Z",
        "fr_due_by": "2030-01-02T09:00:00Z",
    }


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"subject": "x"}, "requester"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@example.com", "priority": 5}, "priority"),
        ({"email": "a@example.com", "status": 1}, "status"),
        ({"email": "a@example.com", "tags": "vip"}, "tags"),
        ({"email": "a@example.com", "cc_emails": ["x"]}, "cc_emails[0]"),
        ({"phone": "+1 555 0100"}, "name"),
    ],
)
def test_create_refuses_bad_input_before_sending(kwargs: dict[str, Any], field: str) -> None:
    script = Script(json_response(201, ticket()))
    with make_client(script) as fd:
        with pytest.raises(
            (ValueError, TypeError), match=field.replace("[", r"\[").replace("]", r"\]")
        ):
            fd.tickets.create(**kwargs)
    assert script.requests == []


def test_update_sends_put_with_only_given_fields_and_nulls() -> None:
    script = Script(json_response(200, ticket(status=4)))
    with make_client(script) as fd:
        result = fd.tickets.update(42, status=TicketStatus.RESOLVED, group_id=None)
    assert script.last.method == "PUT"
    assert script.last.url.path == "/api/v2/tickets/42"
    assert script.body() == {"status": 4, "group_id": None}
    assert result.status == TicketStatus.RESOLVED


def test_update_with_nothing_raises_before_sending() -> None:
    script = Script(json_response(200, ticket()))
    with make_client(script) as fd:
        with pytest.raises(ValueError, match="at least one field"):
            fd.tickets.update(42)
    assert script.requests == []


@pytest.mark.parametrize("bad_id", [0, -1])
def test_bad_ids_raise_before_sending(bad_id: int) -> None:
    script = Script(json_response(200, ticket()))
    with make_client(script) as fd:
        with pytest.raises(ValueError, match="ticket_id"):
            fd.tickets.get(bad_id)
    assert script.requests == []


def test_delete_and_restore() -> None:
    script = Script(json_response(204))
    with make_client(script) as fd:
        fd.tickets.delete(42)
        fd.tickets.restore(42)
    assert [(r.method, r.url.path) for r in script.requests] == [
        ("DELETE", "/api/v2/tickets/42"),
        ("PUT", "/api/v2/tickets/42/restore"),
    ]
    assert script.requests[1].content == b""


def test_list_query_and_lazy_pagination_by_link() -> None:
    link = f'<{BASE_URL}tickets?updated_since=2024-01-01T00%3A00%3A00Z&page=2>; rel="next"'
    script = Script(
        json_response(200, [ticket(id=1), ticket(id=2)], link=link),
        json_response(200, [ticket(id=3)]),
    )
    with make_client(script) as fd:
        paginator = fd.tickets.list(
            updated_since=datetime(2024, 1, 1, tzinfo=UTC),
            order_by="updated_at",
            order_type="asc",
            include=["stats", "requester"],
            per_page=2,
        )
        assert script.requests == []
        ids = [t.id for t in paginator]
    assert ids == [1, 2, 3]
    assert query(script.requests[0]) == [
        ("updated_since", "2024-01-01T00:00:00Z"),
        ("order_by", "updated_at"),
        ("order_type", "asc"),
        ("include", "stats,requester"),
        ("per_page", "2"),
    ]
    assert query(script.requests[1])[-1] == ("page", "2")


def test_a_bad_record_in_a_page_names_its_index_and_keeps_the_whole_body() -> None:
    page = [ticket(id=1), ticket(id=2), {**ticket(id=3), "status": "open"}, ticket(id=4)]
    script = Script(json_response(200, page))
    with make_client(script) as fd:
        with pytest.raises(ResponseValidationError, match=r"item 2") as caught:
            fd.tickets.list(per_page=4).first_page()
    # Structuring releases each decoded record as it goes; the error still has them all.
    assert caught.value.body == page


def test_iterating_items_holds_no_walked_page_while_the_next_one_comes() -> None:
    link = f'<{BASE_URL}tickets?page=2>; rel="next"'
    page_one: list[weakref.ref[Ticket]] = []
    alive_while_fetching: list[list[bool]] = []

    def page_two(request: httpx.Request) -> httpx.Response:
        alive_while_fetching.append([ref() is not None for ref in page_one])
        return json_response(200, [ticket(id=3)])

    script = Script(json_response(200, [ticket(id=1), ticket(id=2)], link=link), page_two)
    with make_client(script) as fd:
        items = iter(fd.tickets.list(per_page=2))
        page_one.extend([weakref.ref(next(items)) for _ in range(2)])
        third = next(items)
    # While page 2 was fetched and built, of page 1 only the item yielded last (the
    # caller's current one) was alive.
    assert alive_while_fetching == [[False, True]]
    assert third.id == 3


def test_list_checks_parameters_before_sending() -> None:
    script = Script(json_response(200, []))
    with make_client(script) as fd:
        with pytest.raises(ValueError, match="per_page"):
            fd.tickets.list(per_page=101)
        with pytest.raises(ValueError, match="include"):
            fd.tickets.list(include=["conversations"])  # type: ignore[list-item]
    assert script.requests == []


def test_validation_error_carries_field_errors() -> None:
    body = {
        "description": "Validation failed",
        "errors": [
            {"field": "email", "message": "It should be a unique value", "code": "duplicate_value"}
        ],
    }
    script = Script(json_response(409, body), json_response(400, body))
    with make_client(script) as fd:
        with pytest.raises(ConflictError) as conflict:
            fd.tickets.create(subject="x", email="a@example.com")
        with pytest.raises(BadRequestError):
            fd.tickets.create(subject="x", email="a@example.com")
    assert conflict.value.errors[0].field == "email"
    assert conflict.value.errors[0].code == "duplicate_value"
    assert "email (duplicate_value)" in str(conflict.value)


def test_raw_response_gives_status_headers_and_parse() -> None:
    script = Script(
        json_response(
            200, ticket(), x_request_id="req-1", x_ratelimit_remaining="99", x_ratelimit_total="100"
        )
    )
    with make_client(script) as fd:
        raw = fd.with_raw_response.tickets.get(42)
        same = fd.tickets.with_raw_response.get(42)
    assert raw.status_code == 200
    assert raw.request_id == "req-1"
    assert raw.rate_limit is not None
    assert raw.rate_limit.remaining == 99
    assert raw.parse().id == 42
    assert raw.parse() is raw.parse()
    assert same.parse().id == 42


def test_raw_response_of_delete_parses_to_none() -> None:
    script = Script(json_response(204))
    with make_client(script) as fd:
        raw = fd.tickets.with_raw_response.delete(42)
    assert raw.status_code == 204
    assert raw.parse() is None


def test_not_found_has_empty_body() -> None:
    script = Script(json_response(404))
    with make_client(script) as fd:
        with pytest.raises(NotFoundError) as info:
            fd.tickets.get(7)
    assert info.value.body is None
    assert str(info.value) == "404 Not Found [GET tickets/7]"


def test_raw_response_elapsed_is_none_when_httpx_did_not_time_it() -> None:
    script = Script(json_response(200, ticket()))
    with make_client(script) as fd:
        raw = fd.tickets.with_raw_response.get(42)
    assert raw.elapsed is None or raw.elapsed.total_seconds() >= 0
    assert repr(raw) == "<APIResponse [200] GET /api/v2/tickets/42>"
