"""The adapter's pure parts: envelope, error mapping, input checks, free-text planning."""

from __future__ import annotations

from typing import Any

import pytest

from freshdesk_atom import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    FieldError,
    MethodNotAllowedError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
)
from freshdesk_atom._exceptions import APIStatusError, FreshdeskError
from freshdesk_atom.asgi._credentials import resolve_auth_target
from freshdesk_atom.asgi._envelope import AdapterError, error_body, error_from_sdk, success_body
from freshdesk_atom.asgi._inputs import parse_auth, parse_list_query, parse_search, parse_ticket
from freshdesk_atom.asgi._lifecycle_inputs import parse_ticket_id, text_to_html
from freshdesk_atom.asgi._search import plan_search

STATUS: dict[str, Any] = {"method": "GET", "path": "tickets"}


def test_envelopes() -> None:
    assert success_body([1, 2], count=2) == {"success": True, "data": [1, 2], "count": 2}
    assert success_body({"a": 1}) == {"success": True, "data": {"a": 1}}
    assert error_body("x", "y") == {"success": False, "error": {"code": "x", "message": "y"}}
    details = [{"field": "limit", "code": "c", "message": "m"}]
    assert error_body("x", "y", details)["error"]["details"] == details


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (BadRequestError("400 bad", status_code=400, **STATUS), 400, "bad_request"),
        (AuthenticationError("401", status_code=401, **STATUS), 401, "invalid_credentials"),
        (PermissionDeniedError("403", status_code=403, **STATUS), 403, "access_denied"),
        (NotFoundError("404", status_code=404, **STATUS), 404, "not_found"),
        (ConflictError("409", status_code=409, **STATUS), 409, "conflict"),
        (MethodNotAllowedError("405", status_code=405, **STATUS), 502, "upstream_error"),
        (APIStatusError("406", status_code=406, **STATUS), 502, "upstream_error"),
        (ServerError("500", status_code=500, **STATUS), 502, "upstream_error"),
        (ServerError("503", status_code=503, **STATUS), 502, "upstream_error"),
        (APITimeoutError("t", method="GET", path="x"), 503, "freshdesk_unreachable"),
        (APIConnectionError("c", method="GET", path="x"), 503, "freshdesk_unreachable"),
        (
            ResponseValidationError("v", method="GET", path="x", status_code=200),
            502,
            "bad_upstream_response",
        ),
        (FreshdeskError("other"), 502, "upstream_error"),
    ],
)
def test_sdk_errors_map_onto_the_contract(exc: FreshdeskError, status: int, code: str) -> None:
    error = error_from_sdk(exc)
    assert (error.status_code, error.code) == (status, code)
    assert error.body()["success"] is False


@pytest.mark.parametrize(
    ("retry_after", "header"), [(30.0, "30"), (0.2, "1"), (1.5, "2"), (None, None)]
)
def test_429_keeps_retry_after(retry_after: float | None, header: str | None) -> None:
    error = error_from_sdk(
        RateLimitError("429", retry_after=retry_after, status_code=429, **STATUS)
    )
    assert error.status_code == 429
    assert error.headers.get("Retry-After") == header


def test_field_errors_become_details() -> None:
    exc = BadRequestError(
        "400 Validation failed",
        status_code=400,
        errors=[FieldError(field="email", message="It should be valid", code="invalid_value")],
        **STATUS,
    )
    assert error_from_sdk(exc).details == [
        {"field": "email", "code": "invalid_value", "message": "It should be valid"}
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ([], (100, 0, None)),
        ([("limit", "1"), ("offset", "0")], (1, 0, None)),
        ([("limit", "1000"), ("offset", "101")], (1000, 101, None)),
        ([("status", "5")], (100, 0, 5)),
    ],
)
def test_list_query(params: list[tuple[str, str]], expected: tuple[int, int, int | None]) -> None:
    query = parse_list_query(params, for_tickets=True)
    assert (query.limit, query.offset, query.status) == expected


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ([("limit", "0")], "limit", "out_of_range"),
        ([("limit", "1001")], "limit", "out_of_range"),
        ([("limit", "abc")], "limit", "datatype_mismatch"),
        ([("limit", "-1")], "limit", "datatype_mismatch"),
        ([("limit", "1.5")], "limit", "datatype_mismatch"),
        ([("limit", "")], "limit", "datatype_mismatch"),
        ([("offset", "-5")], "offset", "datatype_mismatch"),
        ([("offset", "9" * 20)], "offset", "datatype_mismatch"),
        ([("status", "1")], "status", "out_of_range"),
        ([("status", "6")], "status", "out_of_range"),
        ([("status", "open")], "status", "datatype_mismatch"),
        ([("page", "2")], "page", "invalid_field"),
        ([("limit", "1"), ("limit", "2")], "limit", "invalid_field"),
    ],
)
def test_bad_list_query(params: list[tuple[str, str]], field: str, code: str) -> None:
    with pytest.raises(AdapterError) as caught:
        parse_list_query(params, for_tickets=True)
    assert caught.value.status_code == 400
    assert caught.value.code == code
    assert caught.value.details[0]["field"] == field
    assert field in caught.value.message


def test_status_only_on_tickets() -> None:
    with pytest.raises(AdapterError, match="status"):
        parse_list_query([("status", "2")])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "ticket"}, "query"),
        ({"query": "x"}, "type"),
        ({"query": "x", "type": "agent"}, "type"),
        ({"query": "x", "type": 3}, "type"),
        ({"query": 5, "type": "ticket"}, "query"),
        ({"query": "   ", "type": "ticket"}, "query"),
        ({"query": "x" * 513, "type": "ticket"}, "query"),
        ({"query": "x", "type": "ticket", "limit": True}, "limit"),
        ({"query": "x", "type": "ticket", "limit": 0}, "limit"),
        ({"query": "x", "type": "ticket", "limit": 2.5}, "limit"),
        ({"query": "x", "type": "ticket", "offset": -1}, "offset"),
        ({"query": "x", "type": "ticket", "page": 2}, "page"),
    ],
)
def test_bad_search_body(body: dict[str, Any], field: str) -> None:
    with pytest.raises(AdapterError) as caught:
        parse_search(body)
    assert caught.value.status_code == 400
    assert caught.value.details[0]["field"] == field


@pytest.mark.parametrize("body", [[], "x", 3, None, True])
def test_body_must_be_an_object(body: object) -> None:
    with pytest.raises(AdapterError, match="JSON object"):
        parse_search(body)


def test_integral_numbers_are_integers() -> None:
    # JSON Schema counts 20.0 as an integer; so does the adapter.
    assert parse_search({"query": "x", "type": "ticket", "limit": 20.0}).limit == 20
    assert parse_ticket({**GOOD_TICKET, "priority": 3.0, "group_id": 7.0})["group_id"] == 7


def test_search_defaults() -> None:
    given = parse_search({"query": " dashboard ", "type": "contact"})
    assert (given.query, given.type, given.limit, given.offset) == ("dashboard", "contact", 50, 0)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"domain": "acme"}, "api_key"),
        ({"api_key": "k"}, "domain"),
        ({"api_key": 12, "domain": "acme"}, "api_key"),
        ({"api_key": "a b", "domain": "acme"}, "api_key"),
        ({"api_key": "user@example.com", "domain": "acme"}, "api_key"),
        ({"api_key": "k", "domain": "acme", "password": "x"}, "password"),
    ],
)
def test_bad_auth_body(body: dict[str, Any], field: str) -> None:
    with pytest.raises(AdapterError) as caught:
        parse_auth(body)
    assert caught.value.details[0]["field"] == field
    assert "a b" not in caught.value.message


GOOD_TICKET = {"subject": "Printer", "description": "<p>Smoke</p>", "email": "dana@example.com"}


def test_ticket_defaults() -> None:
    fields = parse_ticket(GOOD_TICKET)
    assert (fields["priority"], fields["status"], fields["source"]) == (1, 2, 2)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"subject": None}, "subject"),
        ({"subject": ""}, "subject"),
        ({"subject": "x" * 256}, "subject"),
        ({"description": 3}, "description"),
        ({"email": "not-an-email"}, "email"),
        ({"priority": 0}, "priority"),
        ({"priority": 5}, "priority"),
        ({"priority": "2"}, "priority"),
        ({"priority": True}, "priority"),
        ({"status": 1}, "status"),
        ({"status": 6}, "status"),
        ({"source": 5}, "source"),
        ({"tags": "vip"}, "tags"),
        ({"tags": ["a,b"]}, "tags"),
        ({"custom_fields": {"region": "EMEA"}}, "custom_fields"),
        ({"cc_emails": ["nope"]}, "cc_emails"),
        ({"due_by": "2030-01-01T00:00:00Z"}, "due_by"),
        ({"email_config_id": 0}, "email_config_id"),
        ({"severity": 1}, "severity"),
    ],
)
def test_bad_ticket(change: dict[str, Any], field: str) -> None:
    body = {**GOOD_TICKET, **change}
    with pytest.raises(AdapterError) as caught:
        parse_ticket(body)
    assert caught.value.status_code == 400
    assert caught.value.details[0]["field"] == field, caught.value.message


@pytest.mark.parametrize("missing", ["subject", "description", "email"])
def test_ticket_required_fields(missing: str) -> None:
    body = {k: v for k, v in GOOD_TICKET.items() if k != missing}
    with pytest.raises(AdapterError) as caught:
        parse_ticket(body)
    assert caught.value.code == "missing_field"
    assert caught.value.details[0]["field"] == missing


@pytest.mark.parametrize(
    ("text", "kind", "strategy", "query"),
    [
        ("dashboard", "ticket", "scan", None),
        ("Login broken", "ticket", "scan", None),
        ("status:2", "ticket", "freshdesk_query", "status:2"),
        ("(priority:4 OR priority:3) AND status:2", "ticket", "freshdesk_query", None),
        ("tag:'vip'", "ticket", "freshdesk_query", "tag:'vip'"),
        ("cf_region:'EMEA'", "ticket", "freshdesk_query", "cf_region:'EMEA'"),
        ("error: dashboard", "ticket", "scan", None),
        ("#42", "ticket", "ticket_id", None),
        ("42", "ticket", "ticket_id", None),
        ("dana@globex.example", "ticket", "requester_email", None),
        ("dana@globex.example", "contact", "freshdesk_query", "email:'dana@globex.example'"),
        (
            "+1 415 555 0134",
            "contact",
            "freshdesk_query",
            "phone:'+1 415 555 0134' OR mobile:'+1 415 555 0134'",
        ),
        ("Dana", "contact", "scan", None),
        ("email:'a@b.c'", "contact", "freshdesk_query", "email:'a@b.c'"),
        ("status:2", "contact", "scan", None),
        ("Globex.com", "company", "freshdesk_query", "domain:'globex.com'"),
        ("Globex", "company", "scan", None),
        ("42", "company", "scan", None),
    ],
)
def test_free_text_mapping(text: str, kind: Any, strategy: str, query: str | None) -> None:
    plan = plan_search(text, kind)
    assert plan.strategy == strategy
    if query is not None:
        assert plan.query == query


def test_scan_words_are_lowercased() -> None:
    assert plan_search("  Login  BROKEN ", "ticket").words == ("login", "broken")
    assert plan_search("#42", "ticket").ticket_id == 42


def test_apostrophe_in_a_searched_field_is_a_400() -> None:
    with pytest.raises(AdapterError, match="'"):
        plan_search("o'brien@example.com", "contact")
    # In a scan an apostrophe is plain text.
    assert plan_search("o'brien", "contact").strategy == "scan"


@pytest.mark.parametrize(
    "domain",
    [
        "evil.com",
        "acme.freshdesk.com.evil.com",
        "127.0.0.1",
        "acme/../x",
        "https://evil.com",
        "http://acme.freshdesk.com",
        "acme.freshdesk.com:8443",
        "user@acme.freshdesk.com",
        "https://acme.freshdesk.com/api/v2/../../x",
        "[::1]",
        "",
        "https://fake.freshdesk.com.evil.com/api/v2/",
    ],
)
def test_auth_target_refuses_other_hosts(domain: str) -> None:
    with pytest.raises(ValueError, match="domain"):
        resolve_auth_target(domain, ["http://127.0.0.1:9000/api/v2/"])


@pytest.mark.parametrize(
    ("domain", "base_url"),
    [
        ("acme", "https://acme.freshdesk.com/api/v2/"),
        ("ACME.freshdesk.com", "https://acme.freshdesk.com/api/v2/"),
        ("https://acme.freshdesk.com/", "https://acme.freshdesk.com/api/v2/"),
        # An account named localhost is a freshdesk.com host, not this machine.
        ("localhost", "https://localhost.freshdesk.com/api/v2/"),
        ("http://127.0.0.1:9000/api/v2", "http://127.0.0.1:9000/api/v2/"),
    ],
)
def test_auth_target_accepts_accounts_and_the_configured_base_url(
    domain: str, base_url: str
) -> None:
    assert resolve_auth_target(domain, ["http://127.0.0.1:9000/api/v2/"]) == base_url


@pytest.mark.parametrize("field", ["tags", "cc_emails"])
def test_ticket_lists_must_be_arrays(field: str) -> None:
    # The SDK takes any iterable, so a dict would travel as its keys.
    body = {"subject": "s", "description": "d", "email": "a@b.example", field: {"x@y.example": 1}}
    with pytest.raises(AdapterError) as caught:
        parse_ticket(body)
    assert caught.value.code == "datatype_mismatch"
    assert caught.value.details[0]["field"] == field


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("plain", "plain"),
        ("a < b & c > d", "a &lt; b &amp; c &gt; d"),
        ('say "hi"', 'say "hi"'),
        ("one\ntwo\r\nthree", "one<br>two<br>three"),
        ("para\n\nnext", "para<br><br>next"),
    ],
)
def test_reply_text_is_sent_as_html_that_shows_it(text: str, html: str) -> None:
    assert text_to_html(text) == html


@pytest.mark.parametrize(
    ("text", "number"),
    [("1", 1), ("007", 7), ("9007199254740991", 2**53 - 1)],
)
def test_ticket_ids_in_paths(text: str, number: int) -> None:
    assert parse_ticket_id(text) == number
