"""The shared governor's pure logic: endpoint classification, sub-limits, URLs, replies, local pacing."""

from __future__ import annotations

import itertools
import urllib.parse

import pytest

from freshdesk_atom import RateGovernorConfig
from freshdesk_atom._core.governor import request_cost
from freshdesk_atom._core.governor_local import LocalPacer
from freshdesk_atom._core.governor_lua import (
    account_redis_key,
    endpoint_redis_key,
    parse_reserve,
)
from freshdesk_atom._core.governor_rules import probe_poll, probe_seconds
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
        ("localhost:6379", "not a URL"),
        ("redis://:s3cret@localhost:port/0", "not a valid URL"),
        ("redis://:s3cret@localhost:99999/0", "not a valid URL"),
        ("redis://:s3cret@:6379/0", "no host"),
        ("redis://:s3cret@localhost:6379/zero", "database must be a number"),
        ("unix://", "socket's path"),
        ("redis://localhost/0?socket_timeout=30", "'socket_timeout' is not supported"),
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
    # Never reached Redis: an eighth of the target; else the target over the clients Redis saw.
    assert store.fallback_for(0.8) == pytest.approx(0.1)
    assert store.fallback_for(0.8, 4) == pytest.approx(0.2)
    assert store.fallback_for(0.8, 1) == pytest.approx(0.8)
    assert RedisStore("redis://localhost", fallback_share=0.1).fallback_for(0.8, 2) == 0.1
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
        (
            [1, b"0.250000", 100, 0, b"57", b"", 0, b"17.5", 2, 3],
            (True, 0.25, 100, False, 57, None, False, "17.5", 2, 3),
        ),
        (
            [1, b"0.000000", 0, 1, b"1", b"", 1, b"17.5", 0, 1],
            (True, 0.0, None, True, 1, None, True, "17.5", 0, 1),
        ),
        (
            [0, b"0.100000", 100, 0, b"", b"12.000000", 1, b"9.25", 0, 2],
            (False, 0.1, 100, False, 0, 12.0, True, "9.25", 0, 2),
        ),
        (
            [1, b"-0.000001", 100, 0, b"3", b"", 0, b"1.0", 7, 1],
            (True, 0.0, 100, False, 3, None, False, "1.0", 7, 1),
        ),
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
        found.epoch,
        found.generation,
        found.clients,
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
    # When a list's endpoint slot comes, it takes the account's next slot, but not
    # before a spacing after the previous list's account slot (0.125 + 0.625).
    assert pacer.wait(lists[1], 0.625) == pytest.approx(0.125)
    assert pacer.wait(lists[1], 0.75) == pytest.approx(0.0)
    # A list given back frees its endpoint slot for the next one.
    pacer.cancel(lists[2], 0.8)
    again = pacer.reserve(1, "tickets_list", 0.8)
    assert pacer.wait(again, 0.8) == pytest.approx(1.25 - 0.8, abs=1e-6)
    assert pacer.stats().waits >= 3


def test_a_true_cost_above_the_estimate_pushes_the_endpoint_back() -> None:
    pacer = LocalPacer(RateGovernorConfig(window=10), {"tickets_list": 20})
    first = pacer.reserve(1, "tickets_list", 0.0)
    assert pacer.wait(first, 0.0) == 0
    pacer.observe(first, 0.1, total=100, remaining=95, used=5)
    nxt = pacer.reserve(1, "tickets_list", 0.1)
    # 5 credits at 1.6/s: the next list slot is 3.125 s after the first.
    assert pacer.wait(nxt, 0.1) == pytest.approx(3.125 - 0.1)


# --------------------------------------------------------------------- URLs: secrets, query


@pytest.mark.parametrize("password", ["p@ss:w/rd?#1", "sp ace&x=1", "pa%40ss", "ünï-çødé", "a:b@c"])
def test_a_password_with_special_characters_never_shows(password: str) -> None:
    encoded = urllib.parse.quote(password, safe="")
    url = f"redis://app:{encoded}@redis.internal:6379/0"
    store = RedisStore(url)
    assert redact_url(url) == "redis://app:***@redis.internal:6379/0"
    for shown in (repr(store), store.redacted_url, repr(RateGovernorConfig(store=store))):
        assert encoded not in shown
        assert password not in shown
    assert password not in store.scrub(f"AUTH app {password} failed")


@pytest.mark.parametrize(
    "url",
    [
        "redis://:Xq7/Zr9@redis.internal:6379/0",  # '/' ends the host part: Zr9@... reads as a path
        "redis://:Xq7#Zr9@redis.internal/0",
        "redis://:Xq7?Zr9@redis.internal/0",
        "redis://:Xq7Zr9@[::1/0",
        "redis://:Xq7Zr9@redis.internal:63x9/0",
    ],
)
def test_a_url_that_cannot_be_read_shows_only_its_scheme(url: str) -> None:
    assert redact_url(url) == "redis://..."
    with pytest.raises(ValueError, match="not a valid URL") as caught:
        check_redis_url(url, name="$FRESHDESK_GOVERNOR_URL")
    message = str(caught.value)
    assert message.startswith("$FRESHDESK_GOVERNOR_URL (redis://...): not a valid URL")
    assert "Xq7" not in message
    assert "Zr9" not in message


@pytest.mark.parametrize("key", ["password", "username", "PASSWORD", "ssl_password"])
def test_a_secret_in_the_query_string_is_refused_and_never_shown(key: str) -> None:
    url = f"redis://redis.internal:6379/0?db=1&{key}=Qz8-secret"
    assert redact_url(url) == f"redis://redis.internal:6379/0?db=1&{key}=***"
    with pytest.raises(ValueError, match=f"a {key.lower()} in the query string") as caught:
        RedisStore(url)
    assert str(caught.value).startswith("RedisStore url (redis://redis.internal:6379/0?db=1&")
    assert "Qz8" not in str(caught.value)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("redis://redis.internal/0?sockettimeout=1", "sockettimeout"),
        ("redis://redis.internal/0?socket_timeout=1", "socket_timeout"),
        ("redis://redis.internal/0?max_connections=5", "max_connections"),
        ("redis://redis.internal/0?timeout=9", "timeout"),
        ("redis://redis.internal/0?ssl_certfile=/etc/c.pem", "ssl_certfile"),  # needs rediss
        ("unix:///run/redis.sock?db=1&client_name=x", "client_name"),
    ],
)
def test_only_known_query_parameters_reach_redis_py(url: str, key: str) -> None:
    with pytest.raises(ValueError, match=f"the query parameter '{key}' is not supported") as caught:
        check_redis_url(url, name="$FRESHDESK_GOVERNOR_URL")
    assert str(caught.value).startswith("$FRESHDESK_GOVERNOR_URL (")


@pytest.mark.parametrize(
    "url",
    [
        "redis://redis.internal:6379?db=2",
        "rediss://redis.internal:6380/0?ssl_cert_reqs=required&ssl_ca_certs=/etc/ca.pem"
        "&ssl_check_hostname=false&ssl_certfile=/etc/c.pem&ssl_keyfile=/etc/k.pem&ssl_ca_path=/etc",
        "unix:///run/redis.sock?db=3",
    ],
)
def test_the_known_query_parameters_are_taken_by_redis_py(url: str) -> None:
    redis = pytest.importorskip("redis")
    assert RedisStore(url).url == url
    # redis-py's connection takes each of them (an unknown keyword would be a TypeError).
    redis.BlockingConnectionPool.from_url(url).make_connection()


def test_a_query_value_out_of_its_choices_is_refused() -> None:
    with pytest.raises(ValueError, match="ssl_cert_reqs must be one of none, optional, required"):
        RedisStore("rediss://redis.internal/0?ssl_cert_reqs=maybe")


# --------------------------------------------------------------------- sub-limits, in process


def test_in_process_list_calls_behind_a_busy_account_do_not_bunch() -> None:
    # The account: 100 per 10 s at 80%, 0.125 s a credit; the list: 20 per 10 s, 0.625 s.
    pacer = LocalPacer(RateGovernorConfig(window=10), {"tickets_list": 20})
    probe = pacer.reserve(1, None, 0.0)
    assert pacer.wait(probe, 0.0) == 0
    answer(pacer, probe, 0.0, 99)
    for _ in range(16):  # views take the account's next two seconds
        pacer.reserve(1, None, 0.0)
    lists = [pacer.reserve(1, "tickets_list", 0.0) for _ in range(3)]
    due = dict.fromkeys(range(3), 0.0)
    sent: dict[int, float] = {}
    while due:  # each list waits as the shell does, on a synthetic clock
        n, now = min(due.items(), key=lambda item: item[1])
        delay = pacer.wait(lists[n], now)
        if delay <= 0:
            sent[n] = now
            del due[n]
        else:
            due[n] = now + delay
    times = sorted(sent.values())
    # Behind the views, the lists' account slots stay a list spacing apart (0.625 s),
    # not one account spacing (0.125 s).
    assert times[0] == pytest.approx(2.125)
    assert [b - a for a, b in itertools.pairwise(times)] == pytest.approx([0.625, 0.625])


def test_a_plans_sub_limits_apply_per_configured_window() -> None:
    # Freshdesk's table is per minute; with another window (a fake's compressed clock,
    # whose plans are per its window too) the same numbers count per that window.
    config = RateGovernorConfig(window=2, sub_limits="growth")
    assert dict(config.sub_limits or ())["tickets_list"] == 20
    pacer = LocalPacer(config, dict(config.sub_limits or ()))
    assert pacer.endpoints["tickets_list"].pace == pytest.approx(0.8 * 20 / 2)


def test_the_stores_share_one_set_of_rules() -> None:
    from freshdesk_atom._core import governor, governor_local, governor_rules
    from freshdesk_atom._core.governor import Governor

    for window in (2.0, 60.0):
        assert Governor(RateGovernorConfig(window=window))._poll() == probe_poll(window)
    assert vars(governor)["_EPSILON"] is governor_rules.EPSILON
    assert vars(governor_local)["EPSILON"] is governor_rules.EPSILON
