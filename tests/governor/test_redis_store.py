"""The Redis store against a real redis-server: sharing, 429s, give-backs, outages, slowness, secrets.

The clients talk to the fake Freshdesk through its in-process transport (the
multi-process tests use loopback, ``test_processes.py``); Redis is always a
real ``redis-server`` started by the ``redis_server`` fixture, never a mock.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx
import pytest

from freshdesk_atom import (
    AsyncFreshdesk,
    Freshdesk,
    FreshdeskError,
    RateGovernorConfig,
    RateLimitError,
)
from freshdesk_atom.governor import RedisStore
from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig
from tests.governor.support import HAVE_REDIS_SERVER, NO_REDIS_SERVER, RedisServer

ACCOUNT_KEY = "freshdesk-atom:governor:{fake.freshdesk.com}"
TOTAL, WINDOW, SHARE = 100, 2.0, 0.8
TARGET = SHARE * TOTAL / WINDOW  # credits/s for the account


def fake_account(budget: RateLimitConfig) -> FakeFreshdesk:
    fake = FakeFreshdesk.generate(tickets=30, contacts=5, seed=3, rate_limit=budget)
    assert fake.base_url.startswith("https://fake.freshdesk.com/")
    return fake


def governor(
    store: RedisStore, *, share: float = SHARE, window: float = WINDOW
) -> RateGovernorConfig:
    return RateGovernorConfig(target_share=share, window=window, store=store)


class Hammer:
    """Threads sending ticket views through sync clients until stopped; every outcome recorded."""

    def __init__(self, clients: list[Freshdesk], threads_each: int = 1) -> None:
        self.durations: list[float] = []
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._loop, args=(fd, n))
            for fd in clients
            for n in range(threads_each)
        ]

    def _loop(self, fd: Freshdesk, n: int) -> None:
        ticket_id = 1 + n
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                fd.tickets.get(ticket_id)
            except FreshdeskError as exc:
                with self._lock:
                    self.errors.append(f"{type(exc).__name__}: {exc}")
            else:
                with self._lock:
                    self.durations.append(time.monotonic() - started)
            ticket_id = 1 + ticket_id % 25

    def __enter__(self) -> Hammer:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(30)


@contextlib.contextmanager
def sync_clients(
    fake: FakeFreshdesk, config: RateGovernorConfig, count: int
) -> Iterator[list[Freshdesk]]:
    clients = [
        Freshdesk(
            api_key=fake.api_key,
            base_url=fake.base_url,
            http_client=httpx.Client(transport=fake.transport()),
            rate_governor=config,
        )
        for _ in range(count)
    ]
    try:
        yield clients
    finally:
        for fd in clients:
            fd.close()


def messages(caplog: pytest.LogCaptureFixture, level: int, text: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == level and text in r.getMessage()]


# --------------------------------------------------------------------- sharing


def test_two_clients_in_two_threads_share_one_schedule(redis_server: RedisServer) -> None:
    fake = fake_account(RateLimitConfig(total=TOTAL, window=WINDOW))
    with sync_clients(fake, governor(RedisStore(redis_server.url)), 2) as clients:
        started = time.monotonic()
        with Hammer(clients, threads_each=2) as hammer:
            time.sleep(3.0)
        elapsed = time.monotonic() - started
        rate = fake.counters.credits_used / elapsed
        print(
            f"\n2 sync clients x 2 threads: {rate:.1f} credits/s (target {TARGET:g}), "
            f"{fake.counters.rate_limited} 429s of {fake.counters.total_requests}"
        )
        assert hammer.errors == []
        assert fake.counters.rate_limited <= 0.01 * fake.counters.total_requests
        assert 0.8 * TARGET <= rate <= TOTAL / WINDOW
        for fd in clients:
            stats = fd.rate_governor.stats
            assert (stats.store, stats.falling_back, stats.total) == ("redis", False, TOTAL)
            assert stats.pace == pytest.approx(TARGET)
    with redis_server.client() as client:
        assert int(client.hget(ACCOUNT_KEY, "total") or 0) == TOTAL
        assert 0 < client.pttl(ACCOUNT_KEY) <= 4 * WINDOW * 1000  # expires: nothing leaks


@pytest.mark.anyio
async def test_two_async_clients_share_one_schedule(redis_server: RedisServer) -> None:
    fake = fake_account(RateLimitConfig(total=TOTAL, window=WINDOW))
    clients = [
        AsyncFreshdesk(
            api_key=fake.api_key,
            base_url=fake.base_url,
            http_client=httpx.AsyncClient(transport=fake.async_transport()),
            rate_governor=governor(RedisStore(redis_server.url)),
        )
        for _ in range(2)
    ]
    errors: list[str] = []

    async def loop(fd: AsyncFreshdesk, n: int, until: float) -> None:
        while time.monotonic() < until:
            try:
                await fd.tickets.get(1 + n)
            except FreshdeskError as exc:
                errors.append(repr(exc))

    started = time.monotonic()
    async with anyio.create_task_group() as tasks:
        for fd in clients:
            for n in range(3):
                tasks.start_soon(loop, fd, n, started + 2.5)
    elapsed = time.monotonic() - started
    for fd in clients:
        assert fd.rate_governor.stats.store == "redis"
        await fd.aclose()
    rate = fake.counters.credits_used / elapsed
    print(f"\n2 async clients x 3 tasks: {rate:.1f} credits/s (target {TARGET:g})")
    assert errors == []
    assert fake.counters.rate_limited <= 0.01 * fake.counters.total_requests
    assert 0.75 * TARGET <= rate <= TOTAL / WINDOW


def test_a_429_blocks_every_client_until_its_retry_after(redis_server: RedisServer) -> None:
    fake = fake_account(RateLimitConfig(total=20, window=WINDOW))
    with httpx.Client(
        transport=fake.transport(), base_url=fake.base_url, auth=(fake.api_key, "X")
    ) as outsider:
        for _ in range(20):  # another integration spends the whole window
            assert outsider.get("tickets/1").status_code == 200
    with sync_clients(fake, governor(RedisStore(redis_server.url)), 2) as (first, second):
        done = threading.Event()

        def first_call() -> None:
            first.tickets.get(1)  # meets the 429, waits it out, and is answered
            done.set()

        worker = threading.Thread(target=first_call)
        worker.start()
        with redis_server.client() as client:
            deadline = time.monotonic() + 5
            while client.hget(ACCOUNT_KEY, "blocked") is None:
                assert time.monotonic() < deadline, "the 429 did not reach Redis"
                time.sleep(0.005)
            left = client.eval(
                "local t = redis.call('TIME'); return tostring(tonumber(redis.call('HGET', KEYS[1], 'blocked')) - t[1] - t[2] / 1e6)",
                1,
                ACCOUNT_KEY,
            )
        began = time.monotonic()
        second.tickets.get(2)  # another client: it waits out the block instead of meeting it
        waited = time.monotonic() - began
        worker.join(10)
        assert done.is_set()
        assert fake.counters.rate_limited == 1
        assert waited >= float(left) - 0.05
        assert first.rate_governor.stats.rate_limited == 1
        assert second.rate_governor.stats.rate_limited == 0


def test_a_slot_not_used_is_given_back(redis_server: RedisServer) -> None:
    # 10 credits a minute at 80%: a slot every 7.5 s, longer than this client waits.
    fake = fake_account(RateLimitConfig(total=10, window=60))
    config = governor(RedisStore(redis_server.url), window=60)
    with Freshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
        rate_governor=config,
        retry_after_cap=2,
    ) as fd:
        fd.tickets.get(1)  # the probe: it teaches the budget
        retry_afters = []
        for _ in range(3):
            with pytest.raises(RateLimitError) as caught:
                fd.tickets.get(1)
            retry_afters.append(caught.value.retry_after)
        # Each refused call gave its slot back: the next one was offered the same slot,
        # not one 7.5 s further each time.
        assert retry_afters == pytest.approx([7.5, 7.5, 7.5], abs=0.3)
        assert fake.counters.total_requests == 1
        assert fd.rate_governor.stats.requests == 1


# --------------------------------------------------------------------- outages


@pytest.fixture
def restartable(redis_server: RedisServer) -> RedisServer:
    """The test's redis-server, which the test stops and starts again on the same port."""
    return redis_server


def test_redis_killed_mid_run_falls_back_then_recovers(
    restartable: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="freshdesk_atom")
    fake = fake_account(RateLimitConfig(total=TOTAL, window=WINDOW))
    store = RedisStore(restartable.url, timeout=0.25, retry_interval=0.5, fallback_share=0.2)
    fallback_rate = 2 * 0.2 * TOTAL / WINDOW  # two clients, each alone at 20%
    with sync_clients(fake, governor(store), 2) as clients:
        with Hammer(clients) as hammer:
            time.sleep(1.5)
            assert not any(fd.rate_governor.stats.falling_back for fd in clients)
            restartable.stop()  # Redis dies mid-run
            before, killed = fake.counters.credits_used, time.monotonic()
            time.sleep(2.0)
            during = (fake.counters.credits_used - before) / (time.monotonic() - killed)
            down = [fd.rate_governor.stats for fd in clients]
            warnings = messages(caplog, logging.WARNING, "unreachable")
            restartable.start()  # back, on the same port, empty
            time.sleep(1.0)  # the next request after retry_interval finds it
            recovered = messages(caplog, logging.INFO, "reachable again")
            before, back = fake.counters.credits_used, time.monotonic()
            time.sleep(1.5)
            after = (fake.counters.credits_used - before) / (time.monotonic() - back)
            up = [fd.rate_governor.stats for fd in clients]
        print(
            f"\nkilled: {during:.1f} credits/s (fallback {fallback_rate:g}); "
            f"recovered: {after:.1f} credits/s (target {TARGET:g})"
        )
        assert hammer.errors == []  # no request failed
        assert len(warnings) == 2  # one per client, not one per request
        assert all("fallback share of 0.2" in w and restartable.url in w for w in warnings)
        assert all(s.falling_back and s.pace == pytest.approx(0.2 * TOTAL / WINDOW) for s in down)
        # Paced, and to the fallback share, not the target (40): wide enough for a loaded
        # machine, whose threads may lag behind their slots.
        assert 0.25 * fallback_rate <= during <= 1.5 * fallback_rate
        assert len(recovered) == 2
        assert not any(s.falling_back for s in up)
        assert after >= 0.6 * TARGET  # paced through Redis again, at the shared target
        assert fake.counters.rate_limited <= 0.01 * fake.counters.total_requests
    with restartable.client() as client:
        assert (
            int(client.hget(ACCOUNT_KEY, "total") or 0) == TOTAL
        )  # learned anew after the restart
        assert int(client.hget(ACCOUNT_KEY, "spent") or 0) > 0


def stall(server: RedisServer, seconds: float, after: float) -> threading.Thread:
    """Make Redis answer nobody for *seconds* (DEBUG SLEEP from another connection), *after* seconds."""

    def run() -> None:
        time.sleep(after)
        with server.client() as client:
            client.execute_command("DEBUG", "SLEEP", str(seconds))

    thread = threading.Thread(target=run)
    thread.start()
    return thread


TIMEOUT = 0.25
SLACK = 0.1  # the request itself, and the scheduling of the test's threads


def assert_bounded(durations: list[float]) -> None:
    """No request waited on Redis much longer than one operation's deadline.

    A request meets at most one slow operation (the first switches the store
    to the fallback). On a loaded machine (two cores, other tests running) a
    thread may be scheduled late: a few requests may take more than the
    deadline and the slack, none twice the deadline (a wait for the 1.2 s stall).
    """
    over = [round(d, 3) for d in durations if d > TIMEOUT + SLACK]
    assert len(over) <= max(2, len(durations) // 50), over
    assert max(durations) <= 2 * TIMEOUT + SLACK


def answering_in_2ms() -> FakeFreshdesk:
    """An account no client needs to pace for (only Redis can make a request wait).

    Its answers take 2 ms, as on loopback: answers that take no time at all would
    let the test's threads spin and fight over the GIL (or its tasks never yield),
    and the timings would measure that rather than the waits on Redis.
    """
    fake = fake_account(RateLimitConfig.unlimited())
    fake.latency = 0.002
    return fake


def test_a_slow_redis_never_holds_a_request_longer_than_the_timeout(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="freshdesk_atom")
    fake = answering_in_2ms()
    store = RedisStore(redis_server.url, timeout=TIMEOUT, retry_interval=0.3)
    with sync_clients(fake, governor(store), 1) as clients:
        with Hammer(clients, threads_each=2) as hammer:
            sleeper = stall(redis_server, 1.2, after=0.4)
            time.sleep(2.5)
            sleeper.join()
        stats = clients[0].rate_governor.stats
    slowest = max(hammer.durations)
    print(f"\nslow Redis: {len(hammer.durations)} requests, the slowest {slowest * 1000:.0f} ms")
    assert hammer.errors == []
    assert_bounded(hammer.durations)
    assert any(d >= TIMEOUT * 0.9 for d in hammer.durations)  # some did meet the stall
    assert len(messages(caplog, logging.WARNING, "unreachable")) == 1
    assert len(messages(caplog, logging.INFO, "reachable again")) == 1
    assert not stats.falling_back


@pytest.mark.anyio
async def test_a_slow_redis_never_holds_an_async_request_longer_than_the_timeout(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="freshdesk_atom")
    fake = answering_in_2ms()
    store = RedisStore(redis_server.url, timeout=TIMEOUT, retry_interval=0.3)
    durations: list[float] = []
    async with AsyncFreshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.async_transport()),
        rate_governor=governor(store),
    ) as fd:

        async def loop(until: float) -> None:
            while time.monotonic() < until:
                began = time.monotonic()
                await fd.tickets.get(1)
                durations.append(time.monotonic() - began)

        sleeper = stall(redis_server, 1.2, after=0.4)
        async with anyio.create_task_group() as tasks:
            for _ in range(2):
                tasks.start_soon(loop, time.monotonic() + 2.5)
        await anyio.to_thread.run_sync(sleeper.join)
        stats = fd.rate_governor.stats
    print(
        f"\nslow Redis, async: {len(durations)} requests, the slowest {max(durations) * 1000:.0f} ms"
    )
    assert_bounded(durations)
    assert any(d >= TIMEOUT * 0.9 for d in durations)
    assert len(messages(caplog, logging.WARNING, "unreachable")) == 1
    assert len(messages(caplog, logging.INFO, "reachable again")) == 1
    assert not stats.falling_back


# --------------------------------------------------------------------- secrets


def test_the_password_never_shows(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    if not HAVE_REDIS_SERVER:
        pytest.skip(NO_REDIS_SERVER)
    caplog.set_level(logging.DEBUG)  # every logger, every level
    secret, wrong = "s3cret-Pa55", "wr0ng-Pa55"
    fake = fake_account(RateLimitConfig(total=TOTAL, window=WINDOW))
    with RedisServer(tmp_path, password=secret) as server:
        assert secret in server.url
        good = RedisStore(server.url)
        bad = RedisStore(server.url.replace(secret, wrong))
        shown: list[str] = [repr(good), repr(bad), str(good), repr(governor(good))]
        for store, expect_redis in ((good, True), (bad, False)):
            with sync_clients(fake, governor(store), 1) as (fd,):
                fd.tickets.get(1)
                fd.tickets.get(2)
                stats = fd.rate_governor.stats
                assert stats.store == "redis"
                assert stats.falling_back is not expect_redis
                shown += [repr(fd.rate_governor), repr(stats), repr(fd.rate_governor.config)]
        with server.client() as client:
            assert client.exists(ACCOUNT_KEY)  # the right password did reach Redis
    warnings = messages(caplog, logging.WARNING, "unreachable")
    assert len(warnings) == 1
    assert "redis://:***@127.0.0.1" in warnings[0]
    everything = "\n".join([*shown, caplog.text, *(r.getMessage() for r in caplog.records)])
    assert secret not in everything
    assert wrong not in everything


def test_without_redis_at_all_requests_still_go(caplog: pytest.LogCaptureFixture) -> None:
    from tests.governor.support import free_port

    caplog.set_level(logging.INFO, logger="freshdesk_atom")
    fake = fake_account(RateLimitConfig(total=TOTAL, window=WINDOW))
    store = RedisStore(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    with sync_clients(fake, governor(store), 1) as (fd,):
        for n in range(1, 4):
            fd.tickets.get(n)
        stats = fd.rate_governor.stats
    assert (stats.store, stats.falling_back, stats.requests) == ("redis", True, 3)
    # It never reached Redis, so it cannot know how many share the account: an eighth.
    assert stats.pace == pytest.approx(SHARE / 8 * TOTAL / WINDOW)
    assert len(messages(caplog, logging.WARNING, "unreachable")) == 1
