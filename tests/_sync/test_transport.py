# Generated from tests/_async/test_transport.py by scripts/unasync.py; do not edit.
"""Retries, Retry-After, rate-limit capture and error mapping, through a scripted transport."""

from __future__ import annotations

import logging

import httpx
import pytest

from freshdesk_atom import (
    APIConnectionError,
    APITimeoutError,
    Freshdesk,
    NotFoundError,
    RateLimitError,
    RequestOptions,
    ServerError,
    UnknownOutcomeError,
)
from freshdesk_atom._core.request import RequestSpec
from tests.scripted import API_KEY, AUTH_HEADER, BASE_URL, Script, json_response, ticket

RATE_HEADERS = {
    "x_ratelimit_total": "700",
    "x_ratelimit_remaining": "650",
    "x_ratelimit_used_currentrequest": "1",
}


def make_client(script: Script, sleeps: list[float], **kwargs: object) -> Freshdesk:
    # These tests are about retries: pacing is off, so every recorded sleep is a retry's.
    kwargs.setdefault("rate_governor", False)
    client = Freshdesk(
        api_key=API_KEY,
        base_url=BASE_URL,
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
        **kwargs,  # type: ignore[arg-type]
    )

    def record_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    client._transport._sleep = record_sleep
    return client


def test_get_retries_503s_then_returns_the_data() -> None:
    script = Script(json_response(503), json_response(503), json_response(200, ticket()))
    sleeps: list[float] = []
    with make_client(script, sleeps) as fd:
        result = fd.tickets.get(42)
    assert result.id == 42
    assert len(script.requests) == 3
    assert len(sleeps) == 2
    assert all(0 < s <= 8.0 for s in sleeps)


@pytest.mark.parametrize(
    "failure",
    [json_response(503), httpx.ReadTimeout("read timed out"), httpx.RemoteProtocolError("closed")],
    ids=["503", "read-timeout", "dropped"],
)
def test_post_that_may_have_landed_is_sent_exactly_once(failure: object) -> None:
    script = Script(failure, json_response(201, ticket()))  # type: ignore[arg-type]
    sleeps: list[float] = []
    with make_client(script, sleeps) as fd:
        with pytest.raises(UnknownOutcomeError) as info:
            fd.tickets.create(subject="Hi", description="x", email="a@example.com")
    assert len(script.requests) == 1
    assert sleeps == []
    # Neither a success nor a failure: what to look for, and what happened, travel with it.
    error = info.value
    assert "may or may not have been carried out" in str(error)
    assert isinstance(error.cause, ServerError | APIConnectionError)
    assert error.__cause__ is error.cause
    assert (error.method, error.path) == ("POST", "tickets")
    assert error.json == {"subject": "Hi", "description": "x", "email": "a@example.com"}
    assert error.sent_at.tzinfo is not None


def test_post_whose_connection_failed_before_sending_is_retried() -> None:
    script = Script(httpx.ConnectError("refused"), json_response(201, ticket()))
    sleeps: list[float] = []
    with make_client(script, sleeps) as fd:
        created = fd.tickets.create(subject="Hi", description="x", email="a@example.com")
    assert created.id == 42
    assert len(script.requests) == 2


def test_429_waits_retry_after_then_succeeds() -> None:
    script = Script(
        json_response(429, {"message": "slow down"}, retry_after="7"),
        json_response(200, ticket(), **RATE_HEADERS),
    )
    sleeps: list[float] = []
    with make_client(script, sleeps) as fd:
        result = fd.tickets.get(42)
    assert result.id == 42
    assert sleeps == [7.0]


def test_429_also_retries_a_post() -> None:
    script = Script(
        json_response(429, {"message": "x"}, retry_after="3"), json_response(201, ticket())
    )
    sleeps: list[float] = []
    with make_client(script, sleeps) as fd:
        fd.tickets.create(subject="Hi", description="x", email="a@example.com")
    assert sleeps == [3.0]
    assert len(script.requests) == 2


def test_retry_after_beyond_the_cap_raises_with_retry_after() -> None:
    script = Script(json_response(429, {"message": "x"}, retry_after="600"))
    sleeps: list[float] = []
    with make_client(script, sleeps, retry_after_cap=60.0) as fd:
        with pytest.raises(RateLimitError) as info:
            fd.tickets.get(42)
    assert info.value.retry_after == 600.0
    assert info.value.status_code == 429
    assert sleeps == []
    assert len(script.requests) == 1


def test_retries_stop_after_max_retries() -> None:
    script = Script(json_response(500))
    sleeps: list[float] = []
    with make_client(script, sleeps, max_retries=2) as fd:
        with pytest.raises(ServerError):
            fd.tickets.get(42)
    assert len(script.requests) == 3
    assert len(sleeps) == 2


def test_each_retry_backs_off_and_logs_by_its_own_attempt_number(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="freshdesk_atom")
    script = Script(json_response(503), json_response(503), json_response(503))
    sleeps: list[float] = []
    with make_client(script, sleeps, max_retries=2) as fd:
        with pytest.raises(ServerError):
            fd.tickets.get(42)
    assert len(script.requests) == 3
    # Equal jitter: retry n waits within [d/2, d) for d = 0.5 s * 2**(n-1).
    assert 0.25 <= sleeps[0] < 0.5
    assert 0.5 <= sleeps[1] < 1.0
    attempts = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Retrying")]
    assert [line.split("(attempt ")[1] for line in attempts] == [
        "1 failed: ServerError)",
        "2 failed: ServerError)",
    ]


def test_an_error_after_retries_says_how_many_attempts_were_made() -> None:
    script = Script(json_response(503))
    sleeps: list[float] = []
    with make_client(script, sleeps, max_retries=2) as fd:
        with pytest.raises(ServerError) as info:
            fd.tickets.get(42)
    assert info.value.attempts == 3
    assert str(info.value).endswith("(after 3 attempts)")


def test_a_first_failure_is_one_attempt_and_says_nothing_more() -> None:
    script = Script(json_response(404))
    with make_client(script, []) as fd:
        with pytest.raises(NotFoundError) as info:
            fd.tickets.get(42)
    assert info.value.attempts == 1
    assert "attempts" not in str(info.value)


def test_the_deadline_stops_a_backoff_that_would_end_after_it() -> None:
    now = [0.0]
    script = Script(json_response(503))
    sleeps: list[float] = []
    fd = make_client(script, sleeps, max_retries=5)

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    fd._transport._sleep = sleep
    fd._transport._clock = lambda: now[0]
    with fd:
        with pytest.raises(ServerError) as info:
            fd.tickets.get(42, options=RequestOptions(deadline=1.0))
    # Backoffs of about 0.25-0.5 s, then 0.5-1 s: the second would end past 1 s.
    assert sum(sleeps) < 1.0
    assert len(script.requests) == len(sleeps) + 1 < 6
    assert info.value.attempts == len(script.requests)


def test_the_deadline_refuses_a_retry_after_longer_than_what_is_left() -> None:
    script = Script(json_response(429, {"message": "slow down"}, retry_after="5"))
    sleeps: list[float] = []
    with make_client(script, sleeps, deadline=3.0) as fd:
        with pytest.raises(RateLimitError) as info:
            fd.tickets.get(42)
    assert (sleeps, len(script.requests), info.value.retry_after) == ([], 1, 5.0)


@pytest.mark.parametrize(
    "lost",
    [json_response(503), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("closed")],
    ids=["503", "read-timeout", "dropped"],
)
def test_a_retried_delete_that_finds_the_record_gone_is_done(lost: object) -> None:
    # The first DELETE deleted the ticket but its answer was lost: the retry's 404 means done.
    script = Script(lost, json_response(404))  # type: ignore[arg-type]
    with make_client(script, []) as fd:
        fd.tickets.delete(42)  # no NotFoundError
    assert len(script.requests) == 2


def test_a_delete_answered_404_at_once_is_not_found() -> None:
    script = Script(json_response(404))
    with make_client(script, []) as fd:
        with pytest.raises(NotFoundError):
            fd.tickets.delete(42)


def test_a_404_after_a_failure_that_sent_nothing_is_not_found() -> None:
    # A refused connection sent nothing: the 404 after it is the record's own.
    script = Script(httpx.ConnectError("refused"), json_response(404))
    with make_client(script, []) as fd:
        with pytest.raises(NotFoundError):
            fd.tickets.delete(42)


def test_a_retried_contact_delete_refused_with_405_is_done() -> None:
    script = Script(json_response(502), json_response(405, {"message": "DELETE is not allowed"}))
    with make_client(script, []) as fd:
        fd.contacts.delete(7)  # no MethodNotAllowedError


def test_a_retried_restore_answered_404_is_done() -> None:
    script = Script(httpx.RemoteProtocolError("closed"), json_response(404))
    with make_client(script, []) as fd:
        fd.tickets.restore(42)  # no NotFoundError


def test_per_call_max_retries_overrides_the_client() -> None:
    script = Script(json_response(500))
    sleeps: list[float] = []
    with make_client(script, sleeps) as fd:
        with pytest.raises(ServerError):
            fd.tickets.get(42, options=RequestOptions(max_retries=0))
    assert len(script.requests) == 1


def test_timeout_maps_to_api_timeout_error_with_cause() -> None:
    script = Script(httpx.ReadTimeout("slow"))
    sleeps: list[float] = []
    with make_client(script, sleeps, max_retries=0) as fd:
        with pytest.raises(APITimeoutError) as info:
            fd.tickets.get(42)
    assert info.value.request_sent is True
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)


def test_404_is_not_retried() -> None:
    script = Script(json_response(404))
    sleeps: list[float] = []
    with make_client(script, sleeps) as fd:
        with pytest.raises(NotFoundError):
            fd.tickets.get(42)
    assert len(script.requests) == 1


def test_rate_limit_snapshot_kept_across_a_429() -> None:
    script = Script(
        json_response(200, ticket(), **RATE_HEADERS),
        json_response(429, {"message": "x"}, retry_after="1"),
        json_response(200, ticket(), x_ratelimit_total="700", x_ratelimit_remaining="10"),
    )
    sleeps: list[float] = []
    with make_client(script, sleeps) as fd:
        assert fd.rate_limit is None
        fd.tickets.get(42)
        assert fd.rate_limit is not None
        assert fd.rate_limit.remaining == 650
        fd.tickets.get(42)
        assert fd.rate_limit.remaining == 10


def test_auth_user_agent_and_accept_headers() -> None:
    script = Script(json_response(200, ticket()))
    with make_client(script, []) as fd:
        fd.tickets.get(42)
    request = script.last
    assert request.headers["authorization"] == AUTH_HEADER
    assert request.headers["user-agent"].startswith("freshdesk-atom/")
    assert request.headers["accept"] == "application/json"


def test_a_users_client_with_default_params_keeps_them_and_ours() -> None:
    # httpx replaces a URL's query with a client's default params unless the query
    # comes as params=: the transport must not lose either side.
    script = Script(json_response(200, []))
    http_client = httpx.Client(transport=httpx.MockTransport(script), params={"trace": "on"})
    with Freshdesk(api_key=API_KEY, base_url=BASE_URL, http_client=http_client) as fd:
        fd.tickets.list(per_page=5, updated_since="2024-01-01T00:00:00Z").first_page()
    assert sorted(script.last.url.params.multi_items()) == [
        ("per_page", "5"),
        ("trace", "on"),
        ("updated_since", "2024-01-01T00:00:00Z"),
    ]


def test_extra_query_is_added_and_rendered_like_the_sdks_own() -> None:
    script = Script(json_response(200, []))
    options = RequestOptions(extra_query={"flag": True, "off": False, "n": 3})
    with make_client(script, []) as fd:
        fd.tickets.list(per_page=5, options=options).first_page()
    assert list(script.last.url.params.multi_items()) == [
        ("per_page", "5"),
        ("flag", "true"),
        ("off", "false"),
        ("n", "3"),
    ]


def test_a_client_of_our_own_sends_our_headers_and_a_calls_extra_ones() -> None:
    # Our own httpx client carries the default headers (requests then skip them):
    # every request must still send them, and a call's extra headers must still win.
    script = Script(json_response(200, ticket()))
    with Freshdesk(api_key=API_KEY, base_url=BASE_URL, default_headers={"X-Team": "billing"}) as fd:
        fd._transport._http_client._transport = httpx.MockTransport(script)
        fd.tickets.get(42)
        mine = RequestOptions(extra_headers={"User-Agent": "mine/1", "X-Trace": "1"})
        fd.with_options(max_retries=0).tickets.get(42, options=mine)
        fd.tickets.get(42)
    plain, extra, again = script.requests
    for request in (plain, again):
        assert request.headers["user-agent"].startswith("freshdesk-atom/")
        assert request.headers["accept"] == "application/json"
        assert request.headers["x-team"] == "billing"
        assert "x-trace" not in request.headers
    assert extra.headers["user-agent"] == "mine/1"
    assert extra.headers["x-trace"] == "1"
    assert extra.headers["x-team"] == "billing"
    assert all(r.headers["authorization"] == AUTH_HEADER for r in script.requests)


def test_a_users_client_keeps_its_own_cookies() -> None:
    script = Script(
        json_response(200, ticket(), set_cookie="session=abc; Path=/"),
        json_response(200, ticket()),
    )
    with make_client(script, []) as fd:
        fd.tickets.get(42)
        fd.tickets.get(42)
    assert script.requests[1].headers["cookie"] == "session=abc"


def test_extra_headers_cannot_replace_auth() -> None:
    script = Script(json_response(200, ticket()))
    with make_client(script, []) as fd:
        options = RequestOptions(extra_headers={"Authorization": "Basic evil", "X-Trace": "1"})
        fd.tickets.get(42, options=options)
    assert script.last.headers["authorization"] == AUTH_HEADER
    assert script.last.headers["x-trace"] == "1"


@pytest.mark.parametrize(
    "value",
    [
        "status:2 AND priority:>3",
        "a+b&c=d/e?f#g",
        "\"quoted\" 'single' (parens) [brackets]",
        "ünïcødé ✓ 日本",
        "100%",
        "~tilde_-.",
        "",
    ],
)
def test_the_query_is_encoded_exactly_as_httpx_encodes_params(value: str) -> None:
    # The transport builds the query string itself (cheaper than params=): the bytes
    # on the wire must be the ones httpx would have sent.
    script = Script(json_response(200, []))
    params = (("query", f'"{value}"'), ("q", value), ("page", "2"))
    with make_client(script, []) as fd:
        fd._transport.request(RequestSpec(method="GET", path="tickets", params=params), fd._config)
    expected = httpx.Request("GET", f"{BASE_URL}tickets", params=params).url
    assert script.last.url.raw_path == expected.raw_path
    assert list(script.last.url.params.multi_items()) == list(params)


def test_the_api_key_appears_in_no_log_error_or_repr(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    script = Script(
        json_response(503),
        json_response(
            400,
            {
                "description": "Validation failed",
                "errors": [{"field": "email", "message": "bad", "code": "invalid_value"}],
            },
        ),
        httpx.ConnectError("refused"),
    )
    sleeps: list[float] = []
    seen: list[str] = []
    with make_client(script, sleeps, max_retries=1) as fd:
        seen.append(repr(fd))
        seen.append(repr(fd._config))
        for _ in range(2):
            try:
                fd.tickets.get(42)
            except Exception as exc:
                seen.extend([str(exc), repr(exc), repr(exc.__cause__), str(exc.__cause__)])
    seen.extend(record.getMessage() for record in caplog.records)
    assert any("Retrying GET tickets/42" in line for line in seen)
    assert any("-> 503" in line for line in seen)
    for text in seen:
        assert API_KEY not in text
        assert API_KEY[-6:] not in text
