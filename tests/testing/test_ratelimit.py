"""Rate limits: credits, headers, 429 + Retry-After, sub-limits (docs/freshdesk-api-notes.md#rate-limits)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from freshdesk_atom.testing import FakeClock, FakeFreshdesk, RateLimitConfig, RequestScope

from ._support import START, client_for, manual_fake, ticket_body


def _remaining(response: httpx.Response) -> int:
    return int(response.headers["X-RateLimit-Remaining"])


def test_headers_count_down_the_budget(client: httpx.Client) -> None:
    first = client.get("tickets")
    assert first.headers["X-RateLimit-Total"] == "700"  # the default: Enterprise-like
    assert _remaining(first) == 699
    second = client.get("tickets", params={"include": "stats"})
    assert second.headers["X-RateLimit-Used-CurrentRequest"] == "3"
    assert _remaining(second) == 696


def test_exhaust_get_429_advance_and_succeed() -> None:
    fake = manual_fake(rate_limit=RateLimitConfig(total=3, window=60))
    with client_for(fake) as http:
        assert [_remaining(http.get("tickets")) for _ in range(3)] == [2, 1, 0]
        fake.clock.advance(20)
        limited = http.get("tickets")
        assert limited.status_code == 429
        assert limited.headers["Retry-After"] == "40"
        assert limited.headers["Content-Type"].startswith("application/json")
        assert limited.json() == {"message": "You have exceeded the limit of requests per hour"}
        assert not [name for name in limited.headers if name.lower().startswith("x-ratelimit")]
        assert "X-Request-Id" in limited.headers
        fake.clock.advance(39)
        assert http.get("tickets").headers["Retry-After"] == "1"  # never below 1
        fake.clock.advance(1)
        again = http.get("tickets")
        assert (again.status_code, _remaining(again)) == (200, 2)
    assert fake.counters.rate_limited == 2
    assert fake.counters.credits_used == 4  # 429s cost nothing


def test_failed_requests_count_too() -> None:
    fake = manual_fake(rate_limit=RateLimitConfig(total=2, window=60))
    with client_for(fake) as http:
        assert http.get("tickets/999").status_code == 404
        assert http.get("tickets", params={"per_page": 0}).status_code == 400
        assert http.get("tickets").status_code == 429


def test_remaining_never_goes_below_zero() -> None:
    fake = manual_fake(rate_limit=RateLimitConfig(total=2, window=60))
    with client_for(fake) as http:
        response = http.get("tickets", params={"include": "stats,requester"})
        assert response.status_code == 200
        assert response.headers["X-RateLimit-Used-CurrentRequest"] == "5"
        assert _remaining(response) == 0


def test_sub_limits_refuse_their_endpoint_only() -> None:
    fake = manual_fake(
        rate_limit=RateLimitConfig(total=100, window=60, sub_limits={"tickets_list": 2})
    )
    with client_for(fake) as http:
        assert http.get("tickets").status_code == 200
        assert http.get("tickets").status_code == 200
        limited = http.get("tickets")
        assert (limited.status_code, limited.headers["Retry-After"]) == (429, "60")
        assert http.get("contacts").status_code == 200
        assert http.get("tickets/1").status_code == 404  # the view is another endpoint
        fake.clock.advance(60)
        assert http.get("tickets").status_code == 200


@pytest.mark.parametrize(
    ("sub", "request_args"),
    [
        ("contacts_list", ("GET", "contacts", None)),
        ("ticket_create", ("POST", "tickets", ticket_body())),
        ("ticket_update", ("PUT", "tickets/1", {"priority": 2})),
    ],
)
def test_each_sub_limit(sub: str, request_args: tuple[str, str, object]) -> None:
    fake = manual_fake(rate_limit=RateLimitConfig(total=100, sub_limits={sub: 1}))
    fake.add_ticket()
    method, path, body = request_args
    with client_for(fake) as http:
        assert http.request(method, path, json=body).status_code < 400
        assert http.request(method, path, json=body).status_code == 429


def test_plan_presets_follow_the_table() -> None:
    growth = RateLimitConfig.plan("growth")
    assert (growth.total, growth.window) == (200, 60.0)
    assert dict(growth.sub_limits) == {
        "ticket_create": 80,
        "ticket_update": 80,
        "tickets_list": 20,
        "contacts_list": 20,
    }
    assert RateLimitConfig.plan("trial").total == 50
    with pytest.raises(ValueError, match="unknown sub-limit"):
        RateLimitConfig(sub_limits={"search": 1})


@pytest.mark.parametrize(
    ("text", "total", "window"),
    [("100/2s", 100, 2.0), ("700/min", 700, 60.0), ("50/1m", 50, 60.0), ("10/0.5s", 10, 0.5)],
)
def test_parse(text: str, total: int, window: float) -> None:
    config = RateLimitConfig.parse(text)
    assert (config.total, config.window, config.enabled) == (total, window, True)


def test_parse_off_and_garbage() -> None:
    assert RateLimitConfig.parse("off").enabled is False
    with pytest.raises(ValueError, match="bad rate limit"):
        RateLimitConfig.parse("lots")


def test_disabled_budget_counts_but_never_refuses() -> None:
    fake = manual_fake(rate_limit=RateLimitConfig(total=1, enabled=False))
    with client_for(fake) as http:
        responses = [http.get("tickets") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert _remaining(responses[-1]) == 0


def test_scope_exempts_requests_from_the_limit() -> None:
    fake = manual_fake(
        rate_limit=RateLimitConfig(total=1),
        rate_limit_scope=RequestScope(paths=["/tickets*"]),
    )
    with client_for(fake) as http:
        assert http.get("tickets").status_code == 200
        assert http.get("tickets").status_code == 429
        assert all(http.get("agents/me").status_code == 200 for _ in range(3))


def test_speed_factor_reports_real_seconds() -> None:
    real = [0.0]  # a wall clock the test moves
    clock = FakeClock(START, speed=30.0, monotonic=lambda: real[0])
    fake = FakeFreshdesk(clock=clock, rate_limit=RateLimitConfig(total=1, window=60))
    with client_for(fake) as http:
        assert http.get("agents/me").status_code == 200
        real[0] = 0.5
        limited = http.get("agents/me")
        # 0.5 real s = 15 fake s into a 60 s window: 45 fake s left = 1.5 real s → 2.
        assert limited.headers["Retry-After"] == "2"
        real[0] = 2.0  # 60 fake seconds later
        assert http.get("agents/me").status_code == 200


def test_assigning_a_new_budget_starts_fresh() -> None:
    fake = manual_fake(rate_limit=RateLimitConfig(total=1))
    with client_for(fake) as http:
        http.get("tickets")
        assert http.get("tickets").status_code == 429
        fake.rate_limit = RateLimitConfig(total=5)
        assert http.get("tickets").headers["X-RateLimit-Total"] == "5"


def test_real_clock_default_is_now() -> None:
    before = datetime.now(UTC)
    assert FakeFreshdesk().clock.now() >= before
