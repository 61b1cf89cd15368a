"""The rate governor against the rate-limited fake Freshdesk: 429s, share of the ceiling, Retry-After.

Waits pass on the fake's manual clock (the injected sleep advances it), so a
run of thousands of requests over tens of fake seconds takes a second or two.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import attrs
import httpx
import pytest

from freshdesk_atom import AsyncFreshdesk, RateGovernorConfig
from freshdesk_atom._synchronization import async_sleep
from freshdesk_atom.testing import FakeClock, FakeFreshdesk, FaultPlan, RateLimitConfig
from tests.concurrency import AsyncRunner

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
TOTAL = 100  # credits per window
WINDOW = 2.0  # fake seconds
TASKS = 4
LATENCY = 0.005  # fake seconds per answer


def fake_account(tickets: int, *, latency: float = LATENCY) -> FakeFreshdesk:
    """Return a rate-limited fake whose answers take *latency* on its own manual clock.

    The latency waits advance the clock too; they do not overlap between tasks
    as real ones would, so figures with latency are on the low side.
    """
    clock = FakeClock.manual(NOW)

    async def answer_later(seconds: float) -> None:
        clock.advance(seconds)
        await async_sleep(0)

    return FakeFreshdesk.generate(
        tickets=tickets,
        contacts=100,
        seed=11,
        now=NOW,
        clock=clock,
        rate_limit=RateLimitConfig(total=TOTAL, window=WINDOW),
        latency=latency,
        async_sleep=answer_later,
    )


class FakeTime:
    """The client's clock and waits, on the fake's manual clock.

    A wait of *d* seconds computed from the clock at time *t* moves the clock
    to ``t + d`` (unless it is already later): concurrent waits overlap as
    real ones do, instead of adding up, whichever task or thread runs first.
    """

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self._read = threading.local()  # the time each thread last read
        self._lock = threading.Lock()

    def now(self) -> float:
        value = self.clock.timestamp()
        self._read.value = value
        return value

    async def wait(self, seconds: float) -> None:
        with self._lock:
            current = self.clock.timestamp()
            target = getattr(self._read, "value", current) + seconds
            if target > current:
                self.clock.advance(target - current)
        await async_sleep(0)  # let the other tasks run, as a real wait would


def connect(fake: FakeFreshdesk, **kwargs: object) -> AsyncFreshdesk:
    """Return a client on *fake* whose waits (governor and retries) pass on the fake's clock."""
    client = AsyncFreshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.async_transport()),
        **kwargs,  # type: ignore[arg-type]
    )
    time = FakeTime(fake.clock)
    client._transport._sleep = time.wait
    client._transport._clock = time.now
    return client


@attrs.frozen
class Figures:
    requests: int
    rate_limited: int
    credits: int
    elapsed: float

    @property
    def share_429(self) -> float:
        return self.rate_limited / self.requests

    @property
    def share_of_ceiling(self) -> float:
        """Credits spent over the credits the account allowed in the elapsed time."""
        return self.credits / (self.elapsed / WINDOW * TOTAL)

    def __str__(self) -> str:
        return (
            f"{self.requests} requests, {self.rate_limited} answered 429 ({self.share_429:.2%}), "
            f"{self.credits} credits in {self.elapsed:.1f} fake s: "
            f"{self.share_of_ceiling:.1%} of the ceiling ({TOTAL} credits / {WINDOW:g} s)"
        )


def figures(fake: FakeFreshdesk, start: float) -> Figures:
    counters = fake.counters
    return Figures(
        requests=counters.total_requests,
        rate_limited=counters.rate_limited,
        credits=counters.credits_used,
        elapsed=fake.clock.timestamp() - start,
    )


@pytest.mark.anyio
@pytest.mark.parametrize("latency", [0.0, LATENCY])
async def test_bulk_work_under_the_governor_runs_at_the_ceiling_without_429s(
    latency: float,
) -> None:
    fake = fake_account(tickets=2_400, latency=latency)
    ids = sorted(fake.state.tickets)
    settings = RateGovernorConfig(target_share=0.95, window=WINDOW)
    async with connect(fake, rate_governor=settings) as fd:
        start = fake.clock.timestamp()
        # Views, 4 at a time, then list pages with an include (3 credits each): all paced.
        tickets = await AsyncRunner(TASKS).map(fd.tickets.get, ids)
        pages = [
            page
            async for page in fd.tickets.list(
                updated_since="2000-01-01T00:00:00Z", include="requester", per_page=100
            ).iter_pages()
        ]
        stats = fd.rate_governor.stats
    result = figures(fake, start)
    print(f"\ngoverned, {TASKS} tasks, {latency * 1000:g} ms answers, target 95%: {result}")
    assert [t.id for t in tickets] == ids
    assert sum(len(page) for page in pages) > 0
    # Nothing refused, nothing retried; the list fetched at most pages_in_flight - 1
    # pages past its end (it cannot know the end before the last page comes).
    wasted = result.requests - len(ids) - len(pages)
    assert 0 <= wasted < fd._pages_in_flight
    assert result.share_429 <= 0.01
    assert result.share_of_ceiling >= 0.90
    assert stats.total == TOTAL
    assert stats.credits == result.credits  # include costs charged at their true price
    # The window is never learnt shorter than configured. It may come out longer by
    # the time between a request's reading of the clock and the fake counting it:
    # with threads (the sync client), up to one pacing interval for each other task
    # whose wait moves the fake clock in between (2.021 s was seen once in ~30 runs).
    interval = WINDOW / (settings.target_share * TOTAL)
    assert WINDOW <= stats.window <= WINDOW + (TASKS - 1) * interval


@pytest.mark.anyio
async def test_without_the_governor_the_same_burst_hits_429s() -> None:
    fake = fake_account(tickets=600)
    ids = sorted(fake.state.tickets)
    async with connect(fake, rate_governor=False) as fd:
        start = fake.clock.timestamp()
        tickets = await AsyncRunner(TASKS).map(fd.tickets.get, ids)
    result = figures(fake, start)
    print(f"\nungoverned, {TASKS} tasks, {LATENCY * 1000:g} ms answers: {result}")
    assert [t.id for t in tickets] == ids  # Retry-After was honoured: nothing lost
    assert result.share_429 > 0.01
    assert fd.rate_governor.stats.requests == 0


@pytest.mark.anyio
async def test_a_429_anyway_is_honoured_and_only_one_request_meets_it() -> None:
    fake = fake_account(tickets=300)
    ids = sorted(fake.state.tickets)
    # Another integration spends the whole window's budget just before we start.
    with httpx.Client(
        transport=fake.transport(), base_url=fake.base_url, auth=(fake.api_key, "X")
    ) as other:
        while other.get("agents/me").status_code != 429:
            pass
    fake.counters.reset()
    async with connect(fake, rate_governor=RateGovernorConfig(window=WINDOW)) as fd:
        tickets = await AsyncRunner(TASKS).map(fd.tickets.get, ids)
        stats = fd.rate_governor.stats
    assert [t.id for t in tickets] == ids
    # The first request (the probe) met the 429; the others waited for its answer.
    assert fake.counters.rate_limited == 1
    assert stats.rate_limited == 1
    assert stats.total == TOTAL


@pytest.mark.anyio
async def test_every_call_is_paced_unless_pacing_is_off() -> None:
    fake = fake_account(tickets=5)
    ticket_id = min(fake.state.tickets)
    async with connect(fake, rate_governor=False) as fd:
        await fd.tickets.get(ticket_id)
        assert fd.rate_governor.stats.requests == 0
        # ...but every answer teaches the governor the budget.
        assert fd.rate_governor.stats.total == TOTAL
    async with connect(fake) as fd:  # the default: pacing on
        await fd.tickets.get(ticket_id)
        await fd.tickets.get(ticket_id)
        assert fd.rate_governor.stats.requests == 2
        assert fd.rate_governor.config == RateGovernorConfig()
        copy = fd.with_options(timeout=5.0)
        assert copy.rate_governor is fd.rate_governor


@pytest.mark.anyio
async def test_include_costs_are_charged_before_sending() -> None:
    fake = fake_account(tickets=50)
    ticket_id = min(fake.state.tickets)
    async with connect(fake, rate_governor=RateGovernorConfig(window=WINDOW)) as fd:
        await fd.tickets.get(ticket_id, include=["requester", "stats"])  # 1 + 2
        await fd.tickets.list(
            updated_since="2000-01-01T00:00:00Z", include=["requester", "stats"]
        ).first_page()  # 1 + 2 * 2
        stats = fd.rate_governor.stats
    assert stats.requests == 2
    assert stats.credits == 3 + 5 == fake.counters.credits_used


def visible_ticket_ids(fake: FakeFreshdesk) -> set[int]:
    return {
        ticket_id
        for ticket_id, ticket in fake.state.tickets.items()
        if not ticket.get("spam") and not ticket.get("deleted")
    }


@pytest.mark.anyio
@pytest.mark.parametrize("faults", [0.0, 0.1], ids=["clean", "10%-5xx-and-drops"])
async def test_a_complete_export_runs_at_the_ceiling_and_loses_nothing(faults: float) -> None:
    # A tight budget (30 credits / 2 s) so that a quick export spans several windows.
    fake = fake_account(tickets=6_000, latency=0.0)
    fake.rate_limit = RateLimitConfig(total=30, window=WINDOW)
    fake.faults = FaultPlan(rate=faults, seed=3, kinds=("500", "502", "503", "drop"))
    settings = RateGovernorConfig(target_share=0.95, window=WINDOW)
    async with connect(fake, rate_governor=settings, max_retries=8) as fd:
        start = fake.clock.timestamp()
        stream = fd.tickets.iter_all(updated_since="2000-01-01T00:00:00Z", include="requester")
        ids = [ticket.id async for ticket in stream]
    result = figures(fake, start)
    ceiling = result.credits / (result.elapsed / WINDOW * 30)
    print(
        f"\nexport of {len(ids)} tickets, target 95%, faults {faults:.0%}: "
        f"{result.requests} requests, {result.rate_limited} answered 429 "
        f"({result.share_429:.2%}), {fake.counters.faults} faults, "
        f"{ceiling:.1%} of the ceiling (30 credits / {WINDOW:g} s)"
    )
    assert len(ids) == len(set(ids)), "a ticket came twice"
    assert set(ids) == visible_ticket_ids(fake)
    assert result.share_429 <= 0.01
    if not faults:
        # Faulted requests spend credits without moving the export, so the
        # ceiling share is only meaningful on the clean run.
        assert ceiling >= 0.90
    else:
        assert fake.counters.faults > 0
