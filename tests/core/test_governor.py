"""Table tests of the pure rate governor on synthetic clocks and simulated budgets."""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

import pytest

from freshdesk_atom._core.governor import (
    MAX_STRETCH,
    Governor,
    RateGovernorConfig,
    Ticket,
    governor_config,
    request_cost,
)

# --------------------------------------------------------------------- helpers


def make(total: int | None = 100, *, share: float = 0.95, window: float = 2.0) -> Governor:
    """Return a governor that has already learned *total* from a first answer at t=0."""
    governor = Governor(RateGovernorConfig(target_share=share, window=window))
    if total is not None:
        probe = governor.reserve(1, 0.0)
        assert governor.wait(probe, 0.0) == 0.0
        governor.observe(probe, 0.0, total=total, remaining=total - 1, used=1)
    return governor


def state_of(ticket: Ticket) -> str:
    """Return the state unnarrowed (it changes under mypy's feet)."""
    return ticket.state


def send(governor: Governor, cost: int, now: float) -> tuple[Ticket, float]:
    """Reserve and wait on the governor's clock; return the ticket and its send time."""
    ticket = governor.reserve(cost, now)
    while (delay := governor.wait(ticket, now)) > 0:
        now += delay
    return ticket, now


class FixedWindow:
    """A budget of *total* credits per window that opens at the first request after the last ended."""

    def __init__(self, total: int, window: float) -> None:
        self.total, self.window = total, window
        self.start: float | None = None
        self.used = 0

    def handle(self, now: float, cost: int) -> tuple[int, float]:
        if self.start is None or now >= self.start + self.window:
            self.start, self.used = now, 0
        if self.used + cost > self.total:
            return 429, max(1.0, math.ceil(self.start + self.window - now))
        self.used += cost
        return 200, self.total - self.used


class SlidingWindow:
    """A budget of *total* credits in any *window* seconds."""

    def __init__(self, total: int, window: float) -> None:
        self.total, self.window = total, window
        self.spent: list[tuple[float, int]] = []

    def handle(self, now: float, cost: int) -> tuple[int, float]:
        self.spent = [(t, c) for t, c in self.spent if t > now - self.window]
        used = sum(c for _, c in self.spent)
        if used + cost > self.total:
            left = used
            for t, c in self.spent:
                left -= c
                if left + cost <= self.total:
                    return 429, max(1.0, math.ceil(t + self.window - now))
        self.spent.append((now, cost))
        return 200, self.total - used - cost


Server = FixedWindow | SlidingWindow


@dataclass
class Run:
    credits: int = 0
    others: int = 0
    rate_limited: int = 0
    end: float = 0.0
    sends: list[float] = field(default_factory=list)

    def share(self, server: Server) -> float:
        return self.credits / (self.end / server.window * server.total)

    def others_share(self, server: Server) -> float:
        return self.others / (self.end / server.window * server.total)


def simulate(
    governor: Governor,
    server: Server,
    *,
    requests: int,
    tasks: int = 1,
    cost: int = 1,
    latency: float = 0.0,
    others: tuple[float, int] | None = None,
) -> Run:
    """Run *tasks* concurrent workers sending *requests* paced requests; *others* = (every, credits)."""
    run = Run()
    queue: list[tuple[float, int, int, str, Ticket | None, tuple[int, float] | None]] = []
    counter = iter(range(10**9))

    def push(at: float, task: int, step: str, ticket: Ticket | None = None, answer=None) -> None:  # type: ignore[no-untyped-def]
        heapq.heappush(queue, (at, next(counter), task, step, ticket, answer))

    started = done = 0
    for task in range(tasks):
        push(0.0, task, "start")
    if others is not None:
        push(0.0, -1, "others")
    while queue:
        now, _, task, step, ticket, answer = heapq.heappop(queue)
        if step == "others":
            if done < requests:
                status, _ = server.handle(now, others[1])  # type: ignore[index]
                run.others += others[1] if status == 200 else 0  # type: ignore[index]
                push(now + others[0], -1, "others")  # type: ignore[index]
            continue
        if step in ("start", "retry"):
            if step == "start":
                if started >= requests:
                    continue
                started += 1
            ticket, step = governor.reserve(cost, now), "wait"
        assert ticket is not None
        if step == "wait":
            delay = governor.wait(ticket, now)
            if delay > 0:
                push(now + delay, task, "wait", ticket)
                continue
            run.sends.append(now)
            push(now + latency, task, "answer", ticket, server.handle(now, cost))
            continue
        assert answer is not None
        status, value = answer
        if status == 429:
            run.rate_limited += 1
            governor.reject(ticket, now, value)
            push(now + value, task, "retry")
        else:
            run.credits += cost
            governor.observe(ticket, now, total=server.total, remaining=int(value), used=cost)
            done += 1
            run.end = now
            push(now, task, "start")
    return run


# --------------------------------------------------------------------- costs and settings


@pytest.mark.parametrize(
    ("method", "path", "params", "cost"),
    [
        ("GET", "tickets", [], 1),
        ("GET", "tickets", [("include", "description")], 3),
        ("GET", "tickets", [("include", "requester,stats")], 5),
        ("GET", "tickets", [("include", "requester, stats ,company")], 7),
        ("GET", "tickets", [("include", "requester"), ("include", "stats")], 5),
        ("GET", "tickets", [("include", "")], 1),
        ("GET", "tickets", [("include", ",,")], 1),
        ("GET", "tickets/42", [("include", "requester,stats")], 3),
        ("GET", "tickets/42/", [("include", "conversations")], 2),
        ("GET", "tickets/42/conversations", [], 1),
        ("GET", "contacts/7", [], 1),
        ("GET", "search/tickets", [("query", '"status:2"'), ("page", "2")], 1),
        ("get", "tickets", [("include", "stats")], 3),
        ("POST", "tickets", [("include", "stats")], 1),
        ("PUT", "tickets/42", [], 1),
        ("DELETE", "tickets/42", [], 1),
    ],
)
def test_request_cost(method: str, path: str, params: list[tuple[str, str]], cost: int) -> None:
    assert request_cost(method, path, params) == cost


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"target_share": 0}, ValueError),
        ({"target_share": -0.1}, ValueError),
        ({"target_share": 1.01}, ValueError),
        ({"target_share": math.nan}, ValueError),
        ({"target_share": True}, TypeError),
        ({"target_share": "0.8"}, TypeError),
        ({"window": 0}, ValueError),
        ({"window": -1.0}, ValueError),
        ({"window": math.inf}, ValueError),
        ({"window": math.nan}, ValueError),
        ({"window": None}, TypeError),
    ],
)
def test_config_rejects_bad_values(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        RateGovernorConfig(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"burst_share": -0.01}, ValueError),
        ({"burst_share": 0.11}, ValueError),  # more than half the 20% headroom
        ({"target_share": 1.0, "burst_share": 0.01}, ValueError),
        ({"burst_share": True}, TypeError),
        ({"burst_share": "0.1"}, TypeError),
    ],
)
def test_config_rejects_a_burst_beyond_half_the_headroom(
    kwargs: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error, match="burst_share"):
        RateGovernorConfig(**kwargs)  # type: ignore[arg-type]


def test_config_defaults_leave_headroom() -> None:
    config = RateGovernorConfig()
    assert (config.target_share, config.window, config.burst_share) == (0.8, 60.0, 0.0)
    assert RateGovernorConfig(burst_share=0.1).burst_share == 0.1
    assert RateGovernorConfig(target_share=1, window=2).target_share == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (False, None),
        (True, RateGovernorConfig()),
        (RateGovernorConfig(target_share=0.5), RateGovernorConfig(target_share=0.5)),
    ],
)
def test_governor_config_from_the_client_argument(
    value: bool | RateGovernorConfig, expected: RateGovernorConfig | None
) -> None:
    assert governor_config(value) == expected


@pytest.mark.parametrize("value", [None, 1, 0.9, "all"])
def test_governor_config_rejects_other_types(value: object) -> None:
    with pytest.raises(TypeError, match="rate_governor"):
        governor_config(value)  # type: ignore[arg-type]


# --------------------------------------------------------------------- unknown budget, probes


def test_before_the_first_answer_one_probe_goes_and_the_others_wait() -> None:
    governor = Governor(RateGovernorConfig(window=60.0))
    probe = governor.reserve(1, 10.0)
    second = governor.reserve(3, 10.0)
    assert governor.wait(probe, 10.0) == 0.0
    assert second.state == "provisional"
    assert governor.wait(second, 10.0) == pytest.approx(0.1)  # asks again after the poll
    assert governor.pace is None
    governor.observe(probe, 10.2, total=700, remaining=699, used=1)
    assert governor.total == 700
    assert governor.pace == pytest.approx(0.8 * 700 / 60)
    # The probe's answer came: the waiting request now takes the first slot.
    assert governor.wait(second, 11.0) == 0.0
    assert state_of(second) == "sent"


def test_the_poll_follows_the_window() -> None:
    governor = Governor(RateGovernorConfig(window=2.0))
    governor.reserve(1, 0.0)
    waiting = governor.reserve(1, 0.0)
    assert governor.wait(waiting, 0.0) == pytest.approx(0.01)


def test_an_unpaced_answer_teaches_the_budget_too() -> None:
    governor = Governor()
    governor.observe(None, 5.0, total=200, remaining=150, used=1, sent_at=4.9)
    assert governor.total == 200
    ticket = governor.reserve(1, 5.0)
    assert ticket.state == "planned"
    assert not ticket.probe


def test_without_headers_the_governor_lets_requests_through() -> None:
    governor = Governor()
    probe = governor.reserve(1, 0.0)
    assert governor.wait(probe, 0.0) == 0.0
    governor.observe(probe, 0.1, total=None, remaining=None, used=None)
    assert governor.pace is None
    tickets = [governor.reserve(1, 0.1) for _ in range(5)]
    assert [governor.wait(t, 0.1) for t in tickets] == [0.0] * 5


def test_a_cancelled_probe_hands_the_probe_on() -> None:
    governor = Governor()
    probe = governor.reserve(1, 0.0)
    other = governor.reserve(1, 0.0)
    assert other.state == "provisional"
    governor.wait(probe, 0.0)
    governor.cancel(probe, 0.3)
    assert probe.state == "dropped"
    assert governor.wait(other, 1.0) == 0.0
    assert other.probe


# --------------------------------------------------------------------- pacing


def test_concurrent_requests_get_evenly_spaced_slots_first_come_first_served() -> None:
    governor = make(100, share=0.95, window=2.0)
    step = 2.0 / 95
    tickets = [governor.reserve(1, 1.0) for _ in range(5)]
    assert [t.at for t in tickets] == pytest.approx([1.0 + i * step for i in range(5)])
    assert [governor.wait(t, 1.0) for t in tickets] == pytest.approx([i * step for i in range(5)])


def test_include_costs_take_longer_slots() -> None:
    governor = make(100, share=1.0, window=10.0)  # 10 credits per second
    first = governor.reserve(5, 1.0)  # a list with two includes
    second = governor.reserve(1, 1.0)
    third = governor.reserve(3, 1.0)
    assert [first.at, second.at, third.at] == pytest.approx([1.0, 1.5, 1.6])


def test_an_answer_that_cost_more_pushes_the_schedule_back() -> None:
    governor = make(100, share=1.0, window=10.0)
    ticket, now = send(governor, 1, 1.0)
    governor.observe(ticket, now, total=100, remaining=94, used=5)
    assert ticket.cost == 5
    follower = governor.reserve(1, now)
    assert follower.at == pytest.approx(1.0 + 0.1 + 0.4)
    assert governor.stats().credits == 1 + 5


def test_idle_time_earns_no_burst() -> None:
    governor = make(100, share=1.0, window=10.0)
    later = [governor.reserve(1, 500.0) for _ in range(3)]
    assert [t.at for t in later] == pytest.approx([500.0, 500.1, 500.2])


def test_a_burst_after_a_quiet_spell_then_the_even_pace() -> None:
    governor = Governor(RateGovernorConfig(target_share=0.8, window=10.0, burst_share=0.1))
    probe = governor.reserve(1, 0.0)
    governor.observe(probe, 0.0, total=100, remaining=99, used=1)
    # 8 credits a second; 10 credits (1.25 s of schedule) may go ahead of it.
    tickets = [governor.reserve(1, 500.0) for _ in range(15)]
    assert [t.at for t in tickets] == pytest.approx(
        [500.0] * 11 + [500.125, 500.25, 500.375, 500.5]
    )


@pytest.mark.parametrize("server_kind", [FixedWindow, SlidingWindow])
@pytest.mark.parametrize(("tasks", "latency"), [(1, 0.0), (8, 0.01)])
def test_with_a_burst_a_window_stays_under_target_plus_burst(
    server_kind: type[Server], tasks: int, latency: float
) -> None:
    server = server_kind(100, 2.0)
    config = RateGovernorConfig(target_share=0.8, window=2.0, burst_share=0.1)
    run = simulate(Governor(config), server, requests=2000, tasks=tasks, latency=latency)
    assert run.credits == 2000
    assert run.rate_limited == 0
    assert 0.79 <= run.share(server) <= 0.8 + 0.1 + 0.01


@pytest.mark.parametrize("server_kind", [FixedWindow, SlidingWindow])
@pytest.mark.parametrize(
    ("tasks", "share", "cost", "latency", "minimum"),
    [
        (1, 0.95, 1, 0.0, 0.94),
        (4, 0.95, 1, 0.0, 0.94),
        (16, 0.95, 1, 0.0, 0.94),
        (4, 0.95, 1, 0.05, 0.93),
        (4, 0.8, 3, 0.0, 0.79),
        (8, 0.5, 5, 0.02, 0.49),
        (4, 1.0, 1, 0.01, 0.95),
    ],
)
def test_steady_state_spends_the_target_share_without_429s(
    server_kind: type[Server],
    tasks: int,
    share: float,
    cost: int,
    latency: float,
    minimum: float,
) -> None:
    server = server_kind(100, 2.0)
    governor = Governor(RateGovernorConfig(target_share=share, window=2.0))
    run = simulate(governor, server, requests=2000, tasks=tasks, cost=cost, latency=latency)
    assert run.credits == 2000 * cost
    assert minimum <= run.share(server) <= share + 0.01
    assert run.rate_limited <= 0.01 * 2000 if share == 1.0 else run.rate_limited == 0
    assert governor.window == pytest.approx(2.0)


def test_a_real_minute_with_latency_needs_concurrency_to_reach_the_pace() -> None:
    one = simulate(Governor(), FixedWindow(700, 60.0), requests=1500, tasks=1, latency=0.2)
    four = simulate(Governor(), FixedWindow(700, 60.0), requests=1500, tasks=4, latency=0.2)
    assert one.share(FixedWindow(700, 60.0)) < 0.5  # one request per 200 ms
    assert 0.78 <= four.share(FixedWindow(700, 60.0)) <= 0.81
    assert one.rate_limited == four.rate_limited == 0


# --------------------------------------------------------------------- the guard and others


def test_the_guard_waits_when_the_budget_is_lower_than_the_schedule_assumes() -> None:
    governor = make(100, share=0.8, window=60.0)  # 80 credits a minute: a slot every 0.75 s
    # Another integration spent 86 credits: 12 are left, and the floor keeps 10.
    ticket, now = send(governor, 1, 1.0)
    governor.observe(ticket, now, total=100, remaining=12, used=1)
    _, at_first = send(governor, 1, now)
    _, at_second = send(governor, 1, now)
    third = governor.reserve(1, now)
    # 12 >= 10 + 1 and 12 - 1 >= 10 + 1: the first two keep their slots. The third
    # waits until credits surely come back: ours one window after we spent them
    # (the probe at t=0: 60), anyone else's one window after the reading (61).
    assert (at_first, at_second) == pytest.approx((1.75, 2.5))
    assert third.slot == pytest.approx(3.25)
    assert third.at == pytest.approx(60.0)
    # While held back it looks again now and then, for newer answers.
    assert governor.wait(third, 30.0) == pytest.approx(6.0)
    assert governor.wait(third, 59.0) == pytest.approx(1.0)
    assert governor.wait(third, 60.0) == 0.0


def test_a_fresh_answer_after_a_reset_lifts_the_guard() -> None:
    governor = make(100, share=0.8, window=60.0)
    ticket, now = send(governor, 1, 1.0)
    governor.observe(ticket, now, total=100, remaining=10, used=1)
    waiting = governor.reserve(1, now)
    assert waiting.at > 50
    # The window reset; an unpaced call's answer shows it.
    governor.observe(None, 20.0, total=100, remaining=99, used=1, sent_at=19.9)
    assert governor.wait(waiting, 20.0) == 0.0


@pytest.mark.parametrize("server_kind", [FixedWindow, SlidingWindow])
@pytest.mark.parametrize(
    ("share", "others"),
    [
        (0.8, (0.1, 1)),  # another integration: 20% of the budget, evenly
        (0.95, (0.05, 1)),  # 40% of the budget
        (0.95, (1.0, 30)),  # bursts of 30 credits every second: 60%
    ],
)
def test_another_integration_eating_budget_slows_us_down(
    server_kind: type[Server], share: float, others: tuple[float, int]
) -> None:
    server = server_kind(100, 2.0)
    governor = Governor(RateGovernorConfig(target_share=share, window=2.0))
    run = simulate(governor, server, requests=2000, tasks=4, others=others)
    ours, theirs = run.share(server), run.others_share(server)
    assert run.credits == 2000
    assert ours < share - 0.15
    # The account as a whole stays near the target; our 429s stay rare.
    assert ours + theirs <= share + 0.03
    assert run.rate_limited <= 0.005 * 2000
    assert governor.window > 2.0


# --------------------------------------------------------------------- 429


def test_a_429_blocks_everyone_then_one_probe_relearns() -> None:
    governor = make(100, share=0.95, window=2.0)
    sent, now = send(governor, 1, 1.0)
    planned = [governor.reserve(1, now) for _ in range(3)]
    governor.reject(sent, now, 7.0)
    assert sent.state == "dropped"
    assert governor.blocked_until == pytest.approx(now + 7.0)
    assert governor.stats().rate_limited == 1
    # The planned slots are given up; each owner plans again when it wakes.
    assert all(t.state == "provisional" for t in planned)
    poll = 0.01  # a 2 s window polls every 10 ms while a probe is out
    assert governor.wait(planned[0], now + 1) == pytest.approx(6.0 + poll)
    retry = governor.reserve(1, now + 7.0)
    assert retry.probe
    assert governor.wait(retry, now + 7.0) == 0.0
    assert governor.wait(planned[0], now + 7.01) == pytest.approx(poll)  # the probe is out
    governor.observe(retry, now + 7.1, total=100, remaining=99, used=1)
    assert governor.wait(planned[0], now + 7.1) == pytest.approx(0.0, abs=0.05)


def test_a_429_without_retry_after_blocks_one_second() -> None:
    governor = make(100)
    ticket, now = send(governor, 1, 1.0)
    governor.reject(ticket, now, None)
    assert governor.blocked_until == pytest.approx(now + 1.0)


def test_an_unpaced_429_blocks_paced_requests() -> None:
    governor = make(100)
    governor.reject(None, 3.0, 30.0)
    ticket = governor.reserve(1, 3.0)
    assert ticket.probe
    assert governor.wait(ticket, 3.0) == pytest.approx(30.0)


@pytest.mark.parametrize("server_kind", [FixedWindow, SlidingWindow])
def test_429s_stay_rare_when_the_window_is_configured_too_short(
    server_kind: type[Server],
) -> None:
    server = server_kind(100, 2.0)
    governor = Governor(RateGovernorConfig(target_share=0.95, window=1.0))
    run = simulate(governor, server, requests=3000, tasks=4)
    # The first 429's Retry-After shows the budget stays spent longer: learned upwards.
    assert run.rate_limited <= 3
    assert governor.window == pytest.approx(2.0, abs=0.05)
    assert run.share(server) > 0.93


def test_a_429_teaches_the_window_from_retry_after() -> None:
    governor = make(10, share=1.0, window=1.0)  # 10 credits a second
    now = 0.0
    for remaining in range(8, -1, -1):
        ticket, now = send(governor, 1, now)
        governor.observe(ticket, now, total=10, remaining=remaining, used=1)
    assert now == pytest.approx(0.9)
    # Nothing left: the guard waits until the probe's credit is surely back (0 + 1 s).
    refused, now = send(governor, 1, 0.9)
    assert now == pytest.approx(1.0)
    # Refused: the probe, oldest of the 10 credits counted, is free only at 1 + 2.
    governor.reject(refused, now, 2.0)
    assert governor.window == pytest.approx(3.0)


# --------------------------------------------------------------------- the window


@pytest.mark.parametrize("server_kind", [FixedWindow, SlidingWindow])
def test_the_window_is_never_learned_shorter(server_kind: type[Server]) -> None:
    server = server_kind(100, 2.0)
    governor = Governor(RateGovernorConfig(target_share=0.95, window=4.0))
    run = simulate(governor, server, requests=1000, tasks=4)
    assert governor.window == 4.0
    assert run.share(server) == pytest.approx(0.95 / 2, abs=0.01)


def test_the_stretched_window_is_capped_and_decays() -> None:
    governor = make(100, share=0.8, window=2.0)
    # Others keep the count at 99: our few requests would explain it only over
    # a very long span.
    now = 1.0
    for _ in range(200):
        ticket, now = send(governor, 1, now)
        governor.observe(ticket, now, total=100, remaining=1, used=1)
        now += 0.5
    assert governor.window <= MAX_STRETCH * 2.0
    # The others stop: after the sample horizon the configured window is back.
    for _ in range(40):
        ticket, now = send(governor, 1, now)
        governor.observe(ticket, now, total=100, remaining=99, used=1)
    assert governor.window == 2.0


def test_old_requests_are_pruned() -> None:
    governor = make(100, share=1.0, window=1.0)
    now = 0.0
    for _ in range(2000):
        ticket, now = send(governor, 1, now)
        governor.observe(ticket, now, total=100, remaining=50, used=1)
    assert len(governor._log) < 700  # about (MAX_STRETCH + 1) windows of requests


def test_an_older_answer_does_not_replace_a_newer_reading() -> None:
    governor = make(100, share=1.0, window=10.0)
    first, now = send(governor, 1, 1.0)
    second, now = send(governor, 1, now)
    governor.observe(second, now, total=100, remaining=50, used=1)
    governor.observe(first, now, total=100, remaining=80, used=1)  # answered late: staler
    assert governor.stats(now).remaining == pytest.approx(50)


def test_unpaced_traffic_alone_does_not_stretch_the_window() -> None:
    governor = Governor(RateGovernorConfig(window=2.0))
    now = 0.0
    for _ in range(100):
        now += 0.1
        # Someone else keeps the account nearly spent; we only watch.
        governor.observe(None, now, total=100, remaining=2, used=1, sent_at=now - 0.01)
    assert governor.window == 2.0
    ticket, now = send(governor, 1, now)
    governor.observe(ticket, now, total=100, remaining=2, used=1)
    assert governor.window > 2.0  # now pacing: the count is explained only far back


# --------------------------------------------------------------------- misuse and stats


@pytest.mark.parametrize("cost", [0, -1, True, 1.5])
def test_reserve_rejects_bad_costs(cost: object) -> None:
    with pytest.raises(ValueError, match="cost"):
        make().reserve(cost, 0.0)  # type: ignore[arg-type]


def test_waiting_on_a_sent_ticket_is_a_bug() -> None:
    governor = make()
    ticket, now = send(governor, 1, 1.0)
    with pytest.raises(ValueError, match="sent"):
        governor.wait(ticket, now)


def test_late_answers_of_dropped_tickets_are_ignored() -> None:
    governor = make(100)
    ticket, now = send(governor, 1, 1.0)
    governor.cancel(ticket, now)
    governor.observe(ticket, now, total=100, remaining=0, used=1)
    assert ticket.state == "dropped"
    assert governor.stats(now).remaining == pytest.approx(99)


def test_stats_snapshot() -> None:
    governor = Governor(RateGovernorConfig(target_share=0.5, window=10.0))
    assert governor.stats().total is None
    assert governor.stats().remaining is None
    probe = governor.reserve(1, 0.0)
    governor.wait(probe, 0.0)
    governor.observe(probe, 0.1, total=40, remaining=30, used=1)
    ticket = governor.reserve(2, 0.1)
    assert governor.wait(ticket, 0.1) == pytest.approx(0.4)  # the probe's credit: 0.5 s
    stats = governor.stats(0.1)
    assert stats.total == 40
    assert stats.pace == pytest.approx(2.0)
    assert stats.window == 10.0
    assert stats.target_share == 0.5
    assert stats.remaining == pytest.approx(30 - 2)  # the planned request is counted
    assert (stats.requests, stats.credits, stats.waits) == (1, 1, 1)
    assert stats.waited == pytest.approx(0.4)
    assert governor.wait(ticket, 0.5) == 0.0
    assert (governor.stats().requests, governor.stats().credits) == (2, 1 + 2)
