"""Separate processes on one account: one shared schedule in Redis keeps them within the budget.

Four worker processes (``tests/governor/worker.py``), each a sync client with
two threads, send requests to one fake Freshdesk served on loopback with a
budget of 100 credits per 2 s (50 credits/s), for a few seconds. With one
governor per process, each believes it owns the budget and they overshoot;
through Redis, together they spend about the target share and get no 429s.
Run with ``-s`` to see the figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest

from freshdesk_atom.testing import RateLimitConfig
from tests.conftest import REPO_ROOT
from tests.governor.support import LoopbackFake, RedisServer

TOTAL, WINDOW, SHARE = 100, 2.0, 0.8
TARGET = SHARE * TOTAL / WINDOW  # 40 credits/s for the whole account
CEILING = TOTAL / WINDOW  # 50 credits/s
DURATION = 3.5
WORKERS = 4


@pytest.fixture(scope="module")
def loopback() -> Iterator[LoopbackFake]:
    with LoopbackFake(tickets=40, contacts=10, seed=7) as served:
        served.configure(rate_limit=RateLimitConfig(total=TOTAL, window=WINDOW))
        yield served


def run_workers(
    loopback: LoopbackFake,
    *,
    redis_url: str | None,
    modes: list[str],
    budget: RateLimitConfig,
    sub_limits: dict[str, int] | None = None,
    duration: float = DURATION,
    share: float = SHARE,
) -> dict[str, Any]:
    """Start one process per mode, let them all go at once, and return their figures and the fake's."""
    processes = []
    for mode in modes:
        spec = {
            "api_key": loopback.api_key,
            "base_url": loopback.base_url,
            "redis": redis_url,
            "share": share,
            "window": WINDOW,
            "mode": mode,
            "threads": 2,
            "duration": duration,
            "sub_limits": sub_limits,
        }
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "tests.governor.worker", json.dumps(spec)],
                cwd=REPO_ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        )
    try:
        for process in processes:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready"
        loopback.configure(rate_limit=budget)  # fresh windows and counters, the moment they go
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        results = []
        for process in processes:
            out, _ = process.communicate(timeout=duration + 60)
            assert process.returncode == 0
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    counters = loopback.fake.counters
    elapsed = max(r["end"] for r in results) - min(r["start"] for r in results)
    answered = counters.total_requests
    figures = {
        "results": results,
        "elapsed": elapsed,
        "requests": answered,
        "rate_limited": counters.rate_limited,
        "share_429": counters.rate_limited / answered if answered else 0.0,
        "credits_per_s": counters.credits_used / elapsed,
        "by_route": dict(counters.requests),
        "errors": sum(sum(r["errors"].values()) for r in results),
    }
    return figures


def show(label: str, figures: dict[str, Any], target: float = TARGET) -> None:
    print(
        f"\n{label}: {figures['requests']} requests in {figures['elapsed']:.2f}s, "
        f"{figures['rate_limited']} answered 429 ({figures['share_429']:.2%}), "
        f"{figures['credits_per_s']:.1f} credits/s (target {target:g}, ceiling {CEILING:g}), "
        f"errors {figures['errors']}, by route {figures['by_route']}"
    )


def test_four_processes_through_redis_stay_within_the_budget(
    loopback: LoopbackFake, redis_server: RedisServer
) -> None:
    started = time.monotonic()
    figures = run_workers(
        loopback,
        redis_url=redis_server.url,
        modes=["views"] * WORKERS,
        budget=RateLimitConfig(total=TOTAL, window=WINDOW),
    )
    show("4 processes, one schedule in Redis", figures)
    assert time.monotonic() - started < DURATION + 20
    assert {r["store"] for r in figures["results"]} == {"redis"}
    assert not any(r["falling_back"] for r in figures["results"])
    assert figures["errors"] == 0
    assert figures["share_429"] <= 0.01
    # Together they use the account's target share, not four times it, nor much less.
    assert 0.8 * TARGET <= figures["credits_per_s"] <= CEILING


def test_at_a_high_share_six_processes_overshoot_alone_and_not_through_redis(
    loopback: LoopbackFake, redis_server: RedisServer
) -> None:
    share, workers = 0.95, 6
    budget = RateLimitConfig(total=TOTAL, window=WINDOW)
    alone = run_workers(
        loopback,
        redis_url=None,
        modes=["views"] * workers,
        budget=budget,
        duration=3.0,
        share=share,
    )
    show("6 processes at 95%, a governor each", alone, target=share * CEILING)
    shared = run_workers(
        loopback,
        redis_url=redis_server.url,
        modes=["views"] * workers,
        budget=budget,
        duration=3.0,
        share=share,
    )
    show("6 processes at 95%, one schedule in Redis", shared, target=share * CEILING)
    assert {r["store"] for r in alone["results"]} == {"in-process"}
    assert {r["store"] for r in shared["results"]} == {"redis"}
    # Each believes it owns 95% of the budget: together they run into the wall
    # (each governor then learns from the 429s and the headers, so it is no flood).
    # How often depends on how fast a loaded machine lets them go: at least once.
    assert alone["rate_limited"] >= 1
    assert alone["share_429"] > shared["share_429"]
    assert shared["errors"] == 0
    assert shared["share_429"] <= 0.01
    assert shared["credits_per_s"] <= CEILING


def test_the_tickets_list_sub_limit_holds_while_other_endpoints_use_the_rest(
    loopback: LoopbackFake, redis_server: RedisServer
) -> None:
    sub = 20  # Growth's tickets list limit, per window
    figures = run_workers(
        loopback,
        redis_url=redis_server.url,
        modes=["lists", "lists", "views", "views"],
        budget=RateLimitConfig(total=TOTAL, window=WINDOW, sub_limits={"tickets_list": sub}),
        sub_limits={"tickets_list": sub},
    )
    show("2 listing + 2 viewing processes, tickets list limited to 20 per window", figures)
    elapsed = figures["elapsed"]
    lists = sum(r["done"].get("lists", 0) for r in figures["results"]) / elapsed
    views = sum(r["done"].get("views", 0) for r in figures["results"]) / elapsed
    list_target = SHARE * sub / WINDOW  # 8 a second
    print(f"lists {lists:.1f}/s (target {list_target:g}), views {views:.1f}/s")
    assert figures["errors"] == 0
    assert figures["share_429"] <= 0.01
    assert 0.7 * list_target <= lists <= sub / WINDOW
    # The views take the rest of the account's target share.
    assert views >= 0.75 * (TARGET - list_target)
    assert lists + views <= CEILING
