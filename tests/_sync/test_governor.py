# Generated from tests/_async/test_governor.py by scripts/unasync.py; do not edit.
"""The client's rate governor, through scripted transports."""

from __future__ import annotations

import httpx
import pytest

from freshdesk_atom import (
    APIConnectionError,
    Freshdesk,
    RateGovernorConfig,
    RateLimitError,
)
from tests.scripted import API_KEY, BASE_URL, Script, json_response, ticket


def budget(remaining: int, used: int = 1, total: int = 100) -> dict[str, str]:
    return {
        "x_ratelimit_total": str(total),
        "x_ratelimit_remaining": str(remaining),
        "x_ratelimit_used_currentrequest": str(used),
    }


class ManualTime:
    """A clock that moves only when the client waits; the waits are recorded."""

    def __init__(self) -> None:
        self.now = 1_000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def make_client(script: Script, time: ManualTime, **kwargs: object) -> Freshdesk:
    client = Freshdesk(
        api_key=API_KEY,
        base_url=BASE_URL,
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
        **kwargs,  # type: ignore[arg-type]
    )
    client._transport._sleep = time.sleep
    client._transport._clock = time.clock
    return client


# --------------------------------------------------------------------- the client's governor


@pytest.mark.parametrize("value", ["all", 0.8, None])
def test_rate_governor_argument_is_checked(value: object) -> None:
    with pytest.raises(TypeError, match="rate_governor"):
        Freshdesk(api_key=API_KEY, base_url=BASE_URL, rate_governor=value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (False, (False, RateGovernorConfig())),
        (True, (True, RateGovernorConfig())),
        (RateGovernorConfig(target_share=0.5), (True, RateGovernorConfig(target_share=0.5))),
    ],
)
def test_rate_governor_settings(value: bool | RateGovernorConfig, expected: object) -> None:
    fd = Freshdesk(api_key=API_KEY, base_url=BASE_URL, rate_governor=value)
    assert (fd.rate_governor.enabled, fd.rate_governor.config) == expected
    assert "target_share=" in repr(fd.rate_governor)
    assert fd.rate_governor.stats.total is None


def priced(request: httpx.Request) -> httpx.Response:
    """Answer like Freshdesk: 1 credit, plus 1 per include on a view."""
    include = request.url.params.get("include", "")
    used = 1 + len([name for name in include.split(",") if name])
    return json_response(200, ticket(), **budget(90, used=used))


def test_paced_calls_wait_for_their_slots() -> None:
    script = Script(priced)
    time = ManualTime()
    settings = RateGovernorConfig(target_share=1.0, window=10.0)  # 10 credits a second
    with make_client(script, time, rate_governor=settings) as fd:
        for _ in range(3):
            fd.tickets.get(42)
        fd.tickets.get(42, include=["requester", "stats"])  # 3 credits
        fd.tickets.get(42)
        stats = fd.rate_governor.stats
    # The probe goes at once; then 0.1 s per credit of the request before.
    assert time.sleeps == pytest.approx([0.1, 0.1, 0.1, 0.3])
    assert (stats.requests, stats.waits) == (5, 4)
    assert stats.credits == 7


def test_a_429_blocks_paced_calls_for_retry_after_and_is_retried() -> None:
    script = Script(
        json_response(200, ticket(), **budget(50)),
        json_response(429, {"message": "slow down"}, retry_after="7"),
        json_response(200, ticket(), **budget(99)),
    )
    time = ManualTime()
    with make_client(script, time, rate_governor=RateGovernorConfig(window=60.0)) as fd:
        fd.tickets.get(42)
        start = time.now
        fd.tickets.get(42)  # refused, then retried after Retry-After
        stats = fd.rate_governor.stats
    assert len(script.requests) == 3
    assert time.now - start == pytest.approx(7.0, abs=0.8)  # the retry loop's wait
    assert stats.rate_limited == 1
    assert stats.requests == 3
    assert stats.credits == 2  # the 429 cost nothing


def test_a_long_retry_after_blocks_paced_calls_only_up_to_the_cap() -> None:
    script = Script(
        json_response(429, {"message": "slow down"}, retry_after="3600"),
        json_response(200, ticket(), **budget(99)),
    )
    time = ManualTime()
    with make_client(script, time, rate_governor=True, retry_after_cap=30.0, max_retries=0) as fd:
        with pytest.raises(Exception, match="429"):
            fd.tickets.get(42)
        fd.tickets.get(42)
    assert sum(time.sleeps) == pytest.approx(30.0)


def test_a_governor_wait_longer_than_the_cap_raises_at_once_and_sends_nothing() -> None:
    script = Script(json_response(200, ticket(), **budget(0)))  # the budget is spent
    time = ManualTime()
    with make_client(
        script, time, rate_governor=RateGovernorConfig(window=60.0), retry_after_cap=5.0
    ) as fd:
        fd.tickets.get(42)
        with pytest.raises(RateLimitError) as info:
            fd.tickets.get(42)
        stats = fd.rate_governor.stats
    assert len(script.requests) == 1
    assert time.sleeps == []
    assert info.value.retry_after is not None
    assert info.value.retry_after > 5.0
    assert "not sent" in str(info.value)
    assert stats.requests == 1  # the refused slot was given back


def test_a_governor_wait_never_runs_past_the_deadline() -> None:
    script = Script(json_response(200, ticket(), **budget(0)))
    time = ManualTime()
    with make_client(
        script, time, rate_governor=RateGovernorConfig(window=60.0), deadline=2.0
    ) as fd:
        fd.tickets.get(42)
        with pytest.raises(RateLimitError):
            fd.tickets.get(42)
    assert time.sleeps == []


def test_a_request_that_gets_no_answer_gives_its_slot_back() -> None:
    script = Script(
        json_response(200, ticket(), **budget(99)),
        httpx.ConnectError("refused"),
        json_response(200, ticket(), **budget(98)),
    )
    time = ManualTime()
    with make_client(script, time, rate_governor=True, max_retries=0) as fd:
        fd.tickets.get(42)
        with pytest.raises(APIConnectionError):
            fd.tickets.get(42)
        fd.tickets.get(42)
        stats = fd.rate_governor.stats
    assert stats.requests == 3
    assert stats.credits == 2


def test_copies_share_the_governor() -> None:
    script = Script(json_response(200, ticket(), **budget(99)))
    with make_client(script, ManualTime(), rate_governor=True) as fd:
        copy = fd.with_options(max_retries=1)
        assert copy.rate_governor is fd.rate_governor
        copy.tickets.get(42)
        assert fd.rate_governor.stats.requests == 1
