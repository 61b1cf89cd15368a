"""The Redis store's operations, driven one by one against a real redis-server.

These tests hold the store's tickets themselves (as the client's shell does:
reserve, wait, send, observe or reject, cancel), so that each rule shows in
the times Redis hands out: a 429 voids earlier grants, slots given back go in
one call, one deadline per operation, the schedule's epoch, the endpoints'
spacing, the event loop, the connection pool.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time
from collections.abc import Iterator

import pytest

from freshdesk_atom import RateGovernorConfig
from freshdesk_atom._async._governor_redis import AsyncSharedStore
from freshdesk_atom._core.governor_local import GovernorTicket
from freshdesk_atom._sync._governor_redis import SharedStore
from freshdesk_atom.governor import RedisStore
from tests.governor.support import FarRedis, RedisServer

ACCOUNT = "acme.example"
ACCOUNT_KEY = "freshdesk-atom:governor:{acme.example}"
LIST_KEY = f"{ACCOUNT_KEY}:tickets_list"
SHARE, WINDOW = 0.8, 2.0
clock = time.monotonic


def config(window: float = WINDOW) -> RateGovernorConfig:
    return RateGovernorConfig(target_share=SHARE, window=window)


def sync_store(
    url: str,
    *,
    window: float = WINDOW,
    sub_limits: dict[str, int] | None = None,
    timeout: float = 0.25,
    retry_interval: float = 5.0,
) -> SharedStore:
    return SharedStore(
        config(window),
        RedisStore(url, timeout=timeout, retry_interval=retry_interval),
        account=ACCOUNT,
        sub_limits=sub_limits or {},
    )


def async_store(url: str, *, window: float = WINDOW, timeout: float = 0.25) -> AsyncSharedStore:
    return AsyncSharedStore(
        config(window), RedisStore(url, timeout=timeout), account=ACCOUNT, sub_limits={}
    )


@pytest.fixture
def stores() -> Iterator[list[SharedStore]]:
    """Sync stores a test makes (``stores.append``), closed after it."""
    made: list[SharedStore] = []
    yield made
    for store in made:
        store.close()


def teach(store: SharedStore, total: int, remaining: int | None = None) -> None:
    """The first request goes alone (the probe); its answer teaches the budget."""
    ticket = store.reserve(1, None, clock())
    assert store.wait(ticket, clock) == 0
    answer(store, ticket, total, total - 1 if remaining is None else remaining)


def answer(store: SharedStore, ticket: GovernorTicket, total: int, remaining: int) -> None:
    now = clock()
    store.observe(ticket, now, total=total, remaining=remaining, used=1, cost=1, sent_at=now)


def granted(store: SharedStore, limit: str | None = None) -> tuple[GovernorTicket, float]:
    ticket = store.reserve(1, limit, clock())
    delay = store.wait(ticket, clock)
    assert ticket.granted
    return ticket, delay


def seconds_ahead(server: RedisServer, key: str, field: str = "tat") -> float:
    """How far past Redis's now *key*'s *field* is (negative: in the past)."""
    with server.client() as client:
        found = client.eval(
            "local t = redis.call('TIME'); "
            "return tostring(tonumber(redis.call('HGET', KEYS[1], ARGV[1])) - t[1] - t[2] / 1e6)",
            1,
            key,
            field,
        )
    return float(found)


def send_when_due(store: SharedStore, ticket: GovernorTicket) -> float:
    """Wait as the shell does until *ticket* may go; return when that was."""
    while (delay := store.wait(ticket, clock)) > 0:
        time.sleep(delay)
    return clock()


# --------------------------------------------------------------------- 429s


def test_a_429_voids_the_slots_granted_before_it_in_every_client(
    redis_server: RedisServer, stores: list[SharedStore]
) -> None:
    total = 20  # at 80% per 2 s: one credit every 0.125 s
    first, second = sync_store(redis_server.url), sync_store(redis_server.url)
    stores += [first, second]
    teach(first, total)
    waiting = []
    for n in range(8):  # granted slots 0.125 s apart, up to a second away, in both clients
        store = (first, second)[n % 2]
        ticket, delay = granted(store)
        assert delay > 0
        waiting.append((store, ticket))
    second.reject(None, clock(), 0.6)  # a 429: every client waits 0.6 s
    block_end = clock() + 0.6
    sent: list[float] = []
    lock = threading.Lock()

    def go(store: SharedStore, ticket: GovernorTicket) -> None:
        at = send_when_due(store, ticket)
        with lock:
            sent.append(at)
        time.sleep(0.02)  # the answer takes 20 ms
        answer(store, ticket, total, 15)

    threads = [threading.Thread(target=go, args=pair) for pair in waiting]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    sent.sort()
    gaps = [round(b - a, 3) for a, b in itertools.pairwise(sent)]
    print(f"\nafter a 429: first sent {sent[0] - block_end:+.3f}s after the block, gaps {gaps}")
    assert len(sent) == 8
    assert sent[0] >= block_end - 0.05
    # One probe goes first, alone; the others follow it paced, not all at the block's end.
    together = [at for at in sent if at - sent[0] < 0.06]
    assert len(together) <= 2, gaps
    assert sent[-1] - sent[0] >= 5 * 0.125


# --------------------------------------------------------------------- one deadline per operation


def test_each_operation_has_one_deadline_whatever_it_sends(
    redis_server: RedisServer, stores: list[SharedStore]
) -> None:
    # Redis 50 ms away: eight slots to give back and a reservation are one round trip, not nine.
    with FarRedis(redis_server.port, delay=0.05) as far:
        store = sync_store(far.url, window=60, timeout=0.5)
        stores.append(store)
        # The first operation connects (HELLO, CLIENT SETINFO, the scripts loaded):
        # about six round trips, within the same deadline.
        teach(store, 10_000)
        tickets = [granted(store)[0] for _ in range(8)]
        for ticket in tickets:
            store.cancel(ticket, clock())
        began = clock()
        ticket = store.reserve(1, None, began)
        store.wait(ticket, clock)
        took = clock() - began
        stats = store.stats()
    print(f"\nRedis 50 ms away: a reservation with 8 slots to give back took {took * 1000:.0f} ms")
    assert not stats.falling_back
    assert took < 0.05 + 0.15  # one round trip, and the machine's slack
    assert seconds_ahead(redis_server, ACCOUNT_KEY) < 2 * 60 / (SHARE * 10_000) + 0.2


# --------------------------------------------------------------------- slots given back


@pytest.mark.anyio
async def test_a_backlog_of_slots_given_back_goes_in_one_call_within_the_deadline(
    redis_server: RedisServer,
) -> None:
    # 10,000 credits a minute at 80%: 7.5 ms a credit; 1,000 slots reach 7.5 s ahead.
    store = async_store(redis_server.url, window=60, timeout=0.1)
    try:
        probe = store.reserve(1, None, clock())
        assert await store.wait(probe, clock) == 0
        now = clock()
        await store.observe(probe, now, total=10_000, remaining=9_999, used=1, cost=1, sent_at=now)
        tickets = []
        for _ in range(1_000):
            ticket = store.reserve(1, None, clock())
            await store.wait(ticket, clock)
            tickets.append(ticket)
        ahead = seconds_ahead(redis_server, ACCOUNT_KEY)
        assert ahead > 5
        for ticket in tickets:
            store.cancel(ticket, clock())  # none sent: all given back
        for _ in range(5):  # each operation takes up to 256 of them along
            ticket = store.reserve(1, None, clock())
            await store.wait(ticket, clock)
            assert not store.stats().falling_back
            store.cancel(ticket, clock())
        assert seconds_ahead(redis_server, ACCOUNT_KEY) < 0.1
    finally:
        await store.aclose()


def test_slots_not_given_back_stay_queued_when_redis_fails(
    redis_server: RedisServer, stores: list[SharedStore], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="freshdesk_atom")
    store = sync_store(redis_server.url, window=60, retry_interval=0.2)
    stores.append(store)
    teach(store, 600)
    tickets = [granted(store)[0] for _ in range(3)]
    for ticket in tickets:
        store.cancel(ticket, clock())
    redis_server.stop()
    store.wait(store.reserve(1, None, clock()), clock)  # fails: paced alone
    assert store.stats().falling_back
    assert [ticket for ticket, _ in vars(store)["_refunds"]] == tickets  # still queued
    redis_server.start()  # empty: a new schedule, which the old slots are not part of
    time.sleep(0.25)
    store.wait(store.reserve(1, None, clock()), clock)
    assert not store.stats().falling_back
    assert vars(store)["_refunds"] == []


def test_closing_gives_back_the_queued_slots(redis_server: RedisServer) -> None:
    store = sync_store(redis_server.url, window=60)
    teach(store, 600)  # 8 credits a second: 0.125 s a slot
    tickets = [granted(store)[0] for _ in range(8)]
    assert seconds_ahead(redis_server, ACCOUNT_KEY) > 1.0
    for ticket in tickets:
        store.cancel(ticket, clock())
    store.close()
    assert seconds_ahead(redis_server, ACCOUNT_KEY) < 0.3


# --------------------------------------------------------------------- sub-limited endpoints


def test_an_endpoint_slot_given_back_goes_to_the_next_request(
    redis_server: RedisServer, stores: list[SharedStore]
) -> None:
    # The tickets list: 20 credits per 2 s at 80%, 0.125 s a slot; the account is idle.
    store = sync_store(redis_server.url, sub_limits={"tickets_list": 20})
    stores.append(store)
    teach(store, 1_000)
    granted(store, "tickets_list")
    queued = store.reserve(1, "tickets_list", clock())
    assert store.wait(queued, clock) == pytest.approx(0.125, abs=0.02)  # the endpoint's slot
    assert (queued.taken, queued.granted) == (True, False)
    store.cancel(queued, clock())  # refused by its caller before its slot came
    again = store.reserve(1, "tickets_list", clock())
    # Given back: the next request takes the same endpoint slot, not one 0.125 s later.
    assert store.wait(again, clock) == pytest.approx(0.125, abs=0.02)


def test_an_endpoint_slot_taken_then_refused_the_account_slot_then_cancelled(
    redis_server: RedisServer, stores: list[SharedStore]
) -> None:
    store = sync_store(redis_server.url, sub_limits={"tickets_list": 20})
    stores.append(store)
    probe = store.reserve(1, None, clock())
    assert store.wait(probe, clock) == 0  # the probe is out; its answer has not come
    waiting = store.reserve(1, "tickets_list", clock())
    assert store.wait(waiting, clock) > 0  # the account refuses: the budget is still unknown
    assert (waiting.taken, waiting.granted) == (True, False)
    assert seconds_ahead(redis_server, LIST_KEY) == pytest.approx(0.125, abs=0.02)
    store.cancel(waiting, clock())
    store.cancel(probe, clock())
    store.close()  # flushes the slots given back
    # The endpoint's slot is back: its schedule is not ahead of now any more.
    assert seconds_ahead(redis_server, LIST_KEY) <= 0.001


def test_list_calls_behind_a_busy_account_do_not_bunch(
    redis_server: RedisServer, stores: list[SharedStore]
) -> None:
    # The account: 100 per 2 s at 80%, 0.025 s a credit. The list: 20 per 2 s, 0.125 s.
    store = sync_store(redis_server.url, sub_limits={"tickets_list": 20})
    stores.append(store)
    teach(store, 100)
    for _ in range(16):  # views take the account's next 0.4 s
        granted(store)
    lists = [store.reserve(1, "tickets_list", clock()) for _ in range(3)]
    sent: list[float] = []

    def go(ticket: GovernorTicket) -> None:
        sent.append(send_when_due(store, ticket))

    threads = [threading.Thread(target=go, args=(ticket,)) for ticket in lists]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    sent.sort()
    gaps = [b - a for a, b in itertools.pairwise(sent)]
    print(f"\nlists behind a busy account: gaps {[round(g, 3) for g in gaps]}")
    # Behind the queue of views, the lists' account slots stay an endpoint spacing apart,
    # not one account spacing (0.025 s).
    assert len(sent) == 3
    assert min(gaps) >= 0.125 * 0.75


# --------------------------------------------------------------------- the schedule's epoch


def test_an_answer_from_before_redis_lost_the_keys_is_ignored(
    redis_server: RedisServer, stores: list[SharedStore]
) -> None:
    store = sync_store(redis_server.url, window=60)
    stores.append(store)
    teach(store, 1_000)
    late = [granted(store)[0] for _ in range(30)][-1]  # its mark: 31 credits reserved
    assert late.mark == 31
    with redis_server.client() as client:
        client.flushall()  # as after a restart, or the keys' expiry
    teach(store, 1_000, remaining=900)  # a new schedule: its probe's reading, mark 1
    granted(store)
    answer(store, late, 1_000, 990)  # the answer of a request of the old schedule
    with redis_server.client() as client:
        reading = client.hmget(ACCOUNT_KEY, ["rem", "rem_mark"])
    # Its mark counts another schedule: taken as newer, it would hide 30 reservations.
    assert reading == [b"900", b"1"]


# --------------------------------------------------------------------- the fallback's share


def test_the_fallback_share_divides_the_target_among_the_clients_seen(
    redis_server: RedisServer, stores: list[SharedStore], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="freshdesk_atom")
    clients = [sync_store(redis_server.url) for _ in range(4)]
    stores += clients
    teach(clients[0], 100)
    for store in clients:
        granted(store)
    redis_server.stop()
    first = clients[-1]  # the last to reserve: Redis had seen all four by then
    first.wait(first.reserve(1, None, clock()), clock)
    stats = first.stats()
    assert stats.falling_back
    assert first.fallback_share == pytest.approx(SHARE / 4)
    assert stats.pace == pytest.approx(SHARE / 4 * 100 / WINDOW)
    warnings = [r.getMessage() for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(warnings) == 1
    assert "fallback share of 0.2 of the budget" in warnings[0]
    assert "4 client(s)" in warnings[0]


# --------------------------------------------------------------------- event loops and pools


def test_the_async_store_outside_asyncio_says_so_and_paces_alone(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="freshdesk_atom")
    store = async_store(redis_server.url)
    delays = []
    for _ in range(2):
        ticket = store.reserve(1, None, clock())
        # Driven without an asyncio event loop, as trio would: it never needs to suspend.
        waiting = store.wait(ticket, clock)
        with pytest.raises(StopIteration) as done:
            waiting.send(None)
        delays.append(done.value.value)
    assert delays[0] == 0  # the fallback's probe
    assert store.stats().falling_back
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "needs asyncio" in warnings[0]
    assert "pacing this process alone" in warnings[0]
    assert "unreachable" not in caplog.text


def test_the_async_store_follows_its_caller_to_a_new_event_loop(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="freshdesk_atom")
    store = async_store(redis_server.url)

    async def some_requests() -> None:
        for _ in range(3):
            ticket = store.reserve(1, None, clock())
            await store.wait(ticket, clock)
            now = clock()
            await store.observe(ticket, now, total=100, remaining=90, used=1, cost=1, sent_at=now)

    asyncio.run(some_requests())  # its connections close when this loop shuts down
    asyncio.run(some_requests())  # a new loop: new connections
    assert not store.stats().falling_back
    assert caplog.records == []
    with redis_server.client() as client:
        assert int(client.hget(ACCOUNT_KEY, "spent") or 0) == 6


@pytest.mark.anyio
async def test_more_concurrent_reservations_than_connections(redis_server: RedisServer) -> None:
    store = async_store(redis_server.url, timeout=2.0)
    try:
        first = store.reserve(1, None, clock())
        await store.wait(first, clock)
        now = clock()
        await store.observe(
            first, now, total=100_000, remaining=99_999, used=1, cost=1, sent_at=now
        )

        async def one() -> None:
            ticket = store.reserve(1, None, clock())
            await store.wait(ticket, clock)
            assert ticket.granted

        # 250 at once, past redis-py's default of 100 connections: they queue for the pool.
        await asyncio.gather(*(one() for _ in range(250)))
        assert not store.stats().falling_back
    finally:
        await store.aclose()
