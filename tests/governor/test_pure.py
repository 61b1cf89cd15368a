"""The shared governor's pure logic: endpoint classification, sub-limits, URLs, replies, local pacing."""

from __future__ import annotations

import urllib.parse

import pytest

from freshdesk_atom import RateGovernorConfig
from freshdesk_atom._core.governor import request_cost
from freshdesk_atom._core.governor_local import LocalPacer
from freshdesk_atom._core.governor_lua import (
    account_redis_key,
    endpoint_redis_key,
    parse_reserve,
    probe_poll,
    probe_seconds,
)
from freshdesk_atom._core.governor_store import account_key, check_redis_url
from freshdesk_atom.governor import (
    PLAN_SUB_LIMITS,
    SUB_LIMIT_NAMES,
    InProcessStore,
    RedisStore,
    endpoint_limit,
    redact_url,
)
from freshdesk_atom.testing import SUB_LIMITS, RateLimitConfig


@pytest.mark.parametrize(
    ("method", "path", "params", "limit", "cost"),
    [
        ("GET", "tickets", [], "tickets_list", 1),
        ("GET", "tickets", [("include", "requester,stats")], "tickets_list", 5),
        ("get", "/tickets/", [], "tickets_list", 1),
        ("GET", "/api/v2/tickets", [], "tickets_list", 1),
        ("GET", "tickets?page=2", [], "tickets_list", 1),
        ("POST", "tickets", [], "ticket_create", 1),
        ("PUT", "tickets/42", [], "ticket_update", 1),
        ("GET", "contacts", [], "contacts_list", 1),
        ("GET", "tickets/42", [("include", "requester")], None, 2),
        ("DELETE", "tickets/42", [], None, 1),
        ("PUT", "tickets/bulk_update", [], None, 1),
        ("POST", "tickets/42/reply", [], None, 1),
        ("POST", "contacts", [], None, 1),
        ("PUT", "contacts/7", [], None, 1),
        ("GET", "contacts/7", [], None, 1),
        ("GET", "search/tickets", [("query", '"status:2"')], None, 1),
        ("GET", "tickets/archived/42", [], None, 1),
        ("GET", "companies", [], None, 1),
    ],
)
def test_which_sub_limit_and_what_cost(
    method: str, path: str, params: list[tuple[str, str]], limit: str | None, cost: int
) -> None:
    assert endpoint_limit(method, path) == limit
    assert request_cost(method, path.split("?")[0], params) == cost


def test_the_sub_limit_names_and_plans_match_the_fakes() -> None:
    assert set(SUB_LIMIT_NAMES) == set(SUB_LIMITS)
    for plan, limits in PLAN_SUB_LIMITS.items():
        assert dict(limits) == dict(RateLimitConfig.plan(plan).sub_limits)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (
            "pro",
            (
                ("contacts_list", 100),
                ("ticket_create", 160),
                ("ticket_update", 160),
                ("tickets_list", 100),
            ),
        ),
        (
            " Growth ",
            (
                ("contacts_list", 20),
                ("ticket_create", 80),
                ("ticket_update", 80),
                ("tickets_list", 20),
            ),
        ),
        ("trial", ()),
        ({}, ()),
        ({"tickets_list": 20}, (("tickets_list", 20),)),
        ([("tickets_list", 5), ("contacts_list", 7)], (("contacts_list", 7), ("tickets_list", 5))),
    ],
)
def test_sub_limits_from_plans_and_mappings(value: object, expected: object) -> None:
    config = RateGovernorConfig(sub_limits=value)  # type: ignore[arg-type]
    assert config.sub_limits == expected
    hash(config)  # still a hashable, frozen configuration


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        ("platinum", ValueError, "unknown plan 'platinum'"),
        ({"tickets": 20}, ValueError, "unknown sub-limit 'tickets'"),
        ({"tickets_list": 0}, ValueError, "positive int"),
        ({"tickets_list": 2.5}, ValueError, "positive int"),
        ({"tickets_list": True}, ValueError, "positive int"),
        ([("tickets_list",)], TypeError, "must map endpoint names"),
    ],
)
def test_bad_sub_limits_are_refused(value: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        RateGovernorConfig(sub_limits=value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://localhost:6379/0", "redis://localhost:6379/0"),
        ("redis://:s3cret@localhost:6379/0", "redis://:***@localhost:6379/0"),
        ("redis://app:s3cret@redis.internal/2", "redis://app:***@redis.internal/2"),
        ("rediss://app@redis.internal:6380", "rediss://app@redis.internal:6380"),
        ("redis://:p%40ss@h:1/0", "redis://:***@h:1/0"),
        ("unix:///run/redis.sock?db=1", "unix:///run/redis.sock?db=1"),
    ],
)
def test_urls_are_shown_without_their_password(url: str, shown: str) -> None:
    assert redact_url(url) == shown
    store = RedisStore(url)
    assert shown in repr(store)
    assert "s3cret" not in repr(store)
    assert "p%40ss" not in repr(store)
    assert "s3cret" not in repr(RateGovernorConfig(store=store))
    raw = urllib.parse.urlsplit(url).password
    if raw is not None:
        scrubbed = store.scrub(f"AUTH {urllib.parse.unquote(raw)} failed for {url}")
        assert raw not in scrubbed
        assert urllib.parse.unquote(raw) not in scrubbed
        assert "***" in scrubbed


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("", "is empty"),
        ("http://:s3cret@localhost:6379", "unsupported scheme 'http'"),
        ("localhost:6379", "unsupported scheme"),
        ("redis://:s3cret@localhost:port/0", "not a valid URL"),
        ("redis://:s3cret@localhost:99999/0", "not a valid URL"),
        ("redis://:s3cret@:6379/0", "no host"),
        ("redis://:s3cret@localhost:6379/zero", "database must be a number"),
        ("unix://", "socket's path"),
        ("redis://localhost/0?socket_timeout=30", "socket_timeout cannot be set"),
    ],
)
def test_bad_urls_say_what_is_wrong_without_the_password(url: str, match: str) -> None:
    with pytest.raises(ValueError, match=match) as caught:
        check_redis_url(url, name="$FRESHDESK_GOVERNOR_URL")
    assert str(caught.value).startswith("$FRESHDESK_GOVERNOR_URL")
    assert "s3cret" not in str(caught.value)


@pytest.mark.parametrize(
    ("options", "match"),
    [
        ({"timeout": 0}, "timeout must be in"),
        ({"timeout": 31}, "timeout must be in"),
        ({"fallback_share": 0}, "fallback_share must be in"),
        ({"fallback_share": 1.5}, "fallback_share must be in"),
        ({"retry_interval": -1}, "retry_interval must be"),
        ({"prefix": "a{b}"}, "prefix must be"),
    ],
)
def test_bad_redis_store_settings(options: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        RedisStore("redis://localhost", **options)  # type: ignore[arg-type]


def test_store_settings_and_the_fallback_share() -> None:
    store = RedisStore("redis://localhost")
    assert (store.timeout, store.retry_interval, store.fallback_share) == (0.25, 5.0, None)
    assert store.fallback_for(0.8) == pytest.approx(0.2)
    assert RedisStore("redis://localhost", fallback_share=0.1).fallback_for(0.8) == 0.1
    assert RateGovernorConfig().store is None
    assert RateGovernorConfig(store=InProcessStore()).store == InProcessStore()
    with pytest.raises(TypeError):
        RateGovernorConfig(store="redis://localhost")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("host", "port", "scheme", "key"),
    [
        ("acme.freshdesk.com", None, "https", "acme.freshdesk.com"),
        ("ACME.freshdesk.com", 443, "https", "acme.freshdesk.com"),
        ("127.0.0.1", 8000, "http", "127.0.0.1:8000"),
        ("proxy", 80, "http", "proxy"),
    ],
)
def test_account_keys(host: str, port: int | None, scheme: str, key: str) -> None:
    assert account_key(host, port, scheme) == key
    assert account_redis_key("p", key) == f"p:{{{key}}}"
    assert endpoint_redis_key("p", key, "tickets_list") == f"p:{{{key}}}:tickets_list"


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ([1, b"0.250000", 100, 0, b"57", b"", 0], (True, 0.25, 100, False, 57, None, False)),
        ([1, b"0.000000", 0, 1, b"1", b"", 1], (True, 0.0, None, True, 1, None, True)),
        ([0, b"0.100000", 100, 0, b"", b"12.000000", 1], (False, 0.1, 100, False, 0, 12.0, True)),
        ([1, b"-0.000001", 100, 0, b"3", b"", 0], (True, 0.0, 100, False, 3, None, False)),
    ],
)
def test_reserve_replies(reply: list[object], expected: tuple[object, ...]) -> None:
    found = parse_reserve(reply)
    assert (
        found.granted,
        found.delay,
        found.total,
        found.probe,
        found.mark,
        found.estimate,
        found.taken,
    ) == expected


@pytest.mark.parametrize("reply", [None, b"1", [1, 2], "granted"])
def test_odd_replies_are_refused(reply: object) -> None:
    with pytest.raises(ValueError, match="unexpected reply"):
        parse_reserve(reply)


@pytest.mark.parametrize(
    ("window", "poll", "probe"), [(60, 0.1, 5.0), (2, 0.01, 0.5), (10, 0.02, 2.5)]
)
def test_probe_timings(window: float, poll: float, probe: float) -> None:
    assert probe_poll(window) == pytest.approx(poll)
    assert probe_seconds(window) == pytest.approx(probe)


def answer(pacer: LocalPacer, ticket: object, now: float, remaining: int) -> None:
    pacer.observe(ticket, now, total=100, remaining=remaining, used=1)  # type: ignore[arg-type]


def test_in_process_sub_limit_paces_its_endpoint_and_not_the_others() -> None:
    # 100 credits per 10 s at 80%: 8 credits/s for the account; the list: 20 per 10 s -> 1.6/s.
    pacer = LocalPacer(RateGovernorConfig(window=10), {"tickets_list": 20})
    probe = pacer.reserve(1, None, 0.0)
    assert pacer.wait(probe, 0.0) == 0
    answer(pacer, probe, 0.0, 99)
    lists = [pacer.reserve(1, "tickets_list", 0.0) for _ in range(3)]
    view = pacer.reserve(1, None, 0.0)
    # The lists queue on their endpoint, 1/1.6 s apart (the first takes the account's
    # next slot at once); the view takes the account's slot after it, not after the queue.
    assert [pacer.wait(t, 0.0) for t in lists] == pytest.approx([0.125, 0.625, 1.25])
    assert pacer.wait(view, 0.0) == pytest.approx(0.25)
    # When a list's endpoint slot comes, it takes the account's next slot.
    assert pacer.wait(lists[1], 0.625) == pytest.approx(0.0)
    # A list given back frees its endpoint slot for the next one.
    pacer.cancel(lists[2], 0.7)
    again = pacer.reserve(1, "tickets_list", 0.7)
    assert pacer.wait(again, 0.7) == pytest.approx(1.25 - 0.7, abs=1e-6)
    assert pacer.stats().waits >= 3


def test_a_true_cost_above_the_estimate_pushes_the_endpoint_back() -> None:
    pacer = LocalPacer(RateGovernorConfig(window=10), {"tickets_list": 20})
    first = pacer.reserve(1, "tickets_list", 0.0)
    assert pacer.wait(first, 0.0) == 0
    pacer.observe(first, 0.1, total=100, remaining=95, used=5)
    nxt = pacer.reserve(1, "tickets_list", 0.1)
    # 5 credits at 1.6/s: the next list slot is 3.125 s after the first.
    assert pacer.wait(nxt, 0.1) == pytest.approx(3.125 - 0.1)
