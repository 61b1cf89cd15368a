"""Eight processes, one Freshdesk budget: the shared governor on Redis against per-process governors.

Run: ``python -m benchmarks.shared_budget`` (``--quick`` for a small account).
Needs ``redis-server`` (``apt-get install redis-server``) and the ``redis`` extra.

One fake account is served on loopback with a budget of 100 credits per 2 s
and the ticket-list and contact-list sub-limits (20 requests per 2 s each,
the Pro plan's proportions). Eight worker processes
(``benchmarks/_budget_worker.py``) export different resources of it at
once: the tickets list and the contacts list (5 a page, so they lean on their
sub-limits), the companies, the threads of two halves of the tickets, the
views of two halves of the tickets with ``include=stats`` (2 credits each),
and the contacts one by one. Three scenarios, in the same run:

1. **shared**: every worker's governor keeps its schedule in one Redis
   (``RedisStore``), aiming at 80% of the budget;
2. **per process**: every worker's own governor, each believing it owns the
   budget (what running eight processes does today);
3. **Redis killed**: as 1, with ``redis-server`` killed a quarter of the way
   in and started again on the same port as long after; each worker falls
   back to 1/8 of the target share meanwhile (``fallback_share``) and tries
   Redis again every 2 s (``retry_interval``).

For each: whether every record was exported exactly once, the 429s the fake
answered (all and per endpoint family), the credits spent per second
compared with the target (40 a second: 80% of 100 per 2 s) over the whole run
and while the five heavy workers (threads and views) all ran, the most
tickets-list requests in any 2-second span, and what the workers logged.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from freshdesk_atom.testing import RateLimitConfig, RedisServer, redis_server_path

from ._budget_worker import RESULT_PREFIX
from ._server import ASGIApp, LoopbackFake

ROOT: Final = Path(__file__).resolve().parent.parent
WINDOW: Final = 2.0
TOTAL: Final = 100
SUB_LIMIT: Final = 20
SHARE: Final = 0.8
WORKERS: Final = 8
TARGET_PER_SECOND: Final = SHARE * TOTAL / WINDOW


@attrs.define
class RequestLog:
    """Every answer of the fake: (when, method, path, status, credits), from an ASGI wrapper."""

    entries: list[tuple[float, str, str, int, int]] = attrs.field(factory=list)
    lock: threading.Lock = attrs.field(factory=threading.Lock)

    def wrap(self, app: ASGIApp) -> ASGIApp:
        async def logged(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            seen: dict[str, int] = {"status": 0, "credits": 0}

            async def watch(message: Any) -> None:
                if message["type"] == "http.response.start":
                    seen["status"] = int(message["status"])
                    for name, value in message.get("headers", []):
                        if name.lower() == b"x-ratelimit-used-currentrequest":
                            seen["credits"] = int(value)
                await send(message)

            await app(scope, receive, watch)
            with self.lock:
                self.entries.append(
                    (
                        time.monotonic(),
                        scope["method"],
                        scope["path"],
                        seen["status"],
                        seen["credits"],
                    )
                )

        return logged


def family(method: str, path: str) -> str:
    """Which budget a request draws from besides the account's: the sub-limited lists, or none."""
    tail = path.rstrip("/").removeprefix("/api/v2")
    if method == "GET" and tail == "/tickets":
        return "tickets list"
    if method == "GET" and tail == "/contacts":
        return "contacts list"
    return "other"


def most_in_span(times: Sequence[float], span: float) -> int:
    """The most of *times* (sorted) that fall within any *span* seconds."""
    best = 0
    for index, start in enumerate(times):
        best = max(best, bisect.bisect_right(times, start + span) - index)
    return best


@attrs.frozen
class Plan:
    """The account and who exports what."""

    tickets: int
    contacts: int
    conversations: int

    def workers(self) -> list[dict[str, Any]]:
        ticket_ids = list(range(1, self.tickets + 1))
        contact_ids: list[int] = []  # filled by expected() (the fake's ids)
        return [
            {"name": "tickets list", "export": "tickets"},
            {"name": "contacts list", "export": "contacts"},
            {"name": "companies", "export": "companies"},
            {"name": "threads, odd tickets", "export": "threads", "ids": ticket_ids[0::2]},
            {"name": "threads, even tickets", "export": "threads", "ids": ticket_ids[1::2]},
            {"name": "ticket views, first half", "export": "ticket_views", "ids": ticket_ids[::2]},
            {
                "name": "ticket views, second half",
                "export": "ticket_views",
                "ids": ticket_ids[1::2],
            },
            {"name": "contact views", "export": "contact_views", "ids": contact_ids},
        ]


def expected(server: LoopbackFake, worker: Mapping[str, Any]) -> set[int]:
    """The ids the worker must export, from the fake's state."""
    state = server.fake.state
    export = worker["export"]
    if export == "tickets":
        return {i for i, t in state.tickets.items() if not t["spam"] and not t.get("deleted")}
    if export == "contacts":
        return {
            i for i, c in state.contacts.items() if not c.get("deleted") and i not in state.blocked
        }
    if export == "companies":
        return set(state.companies)
    if export == "threads":
        wanted = set(worker["ids"])
        return {i for i, c in state.conversations.items() if c["ticket_id"] in wanted}
    return set(worker["ids"])


@attrs.define
class Outcome:
    """One scenario's figures."""

    name: str
    seconds: float = 0.0
    exact: bool = True
    records: str = ""
    failures: list[str] = attrs.field(factory=list)
    requests: int = 0
    rate_limited: Counter[str] = attrs.field(factory=Counter)
    heavy_per_second: float = 0.0
    whole_run_per_second: float = 0.0
    busiest_tickets_list: int = 0
    log_lines: list[str] = attrs.field(factory=list)
    recoveries: int = 0

    @property
    def limited_share(self) -> float:
        return sum(self.rate_limited.values()) / self.requests if self.requests else 0.0


def _start_worker(spec: dict[str, Any], folder: Path) -> subprocess.Popen[str]:
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("FRESHDESK_")
    }
    stderr = (folder / f"{spec['index']}.log").open("w", encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, "-m", "benchmarks._budget_worker", json.dumps(spec)],
        cwd=ROOT,
        env={**environment, "PYTHONPATH": path},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )


def run_scenario(
    name: str, plan: Plan, *, redis: RedisServer | None, kill_after: float | None, timeout: float
) -> Outcome:
    """Serve a fresh account, run the eight workers together, and measure."""
    outcome = Outcome(name)
    log = RequestLog()
    folder = Path(tempfile.mkdtemp(prefix="shared-budget-"))
    with LoopbackFake(
        tickets=plan.tickets,
        contacts=plan.contacts,
        conversations=plan.conversations,
        seed=1,
        wrap=log.wrap,
    ) as server:
        server.configure(
            rate_limit=RateLimitConfig(
                total=TOTAL,
                window=WINDOW,
                sub_limits={"tickets_list": SUB_LIMIT, "contacts_list": SUB_LIMIT},
            )
        )
        workers = plan.workers()
        workers[-1]["ids"] = sorted(expected(server, {"export": "contacts"}))
        specs = []
        for index, worker in enumerate(workers):
            specs.append(
                {
                    **worker,
                    "index": index,
                    "base_url": server.base_url,
                    "api_key": server.api_key,
                    "out": str(folder / f"{index}.jsonl"),
                    "redis": redis.url if redis is not None else None,
                    "fallback_share": SHARE / WORKERS,
                    "retry_interval": 2.0,
                    "share": SHARE,
                    "window": WINDOW,
                    "sub_limits": {"tickets_list": SUB_LIMIT, "contacts_list": SUB_LIMIT},
                }
            )
        processes = [_start_worker(spec, folder) for spec in specs]
        for process in processes:
            assert process.stdout is not None
            if process.stdout.readline().strip() != "ready":
                raise RuntimeError(f"a worker of {name} did not start: see {folder}")
        log.entries.clear()
        started = time.monotonic()
        for process in processes:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        with _redis_outage(redis, kill_after, outcome):
            results = [_result(process, timeout) for process in processes]
        outcome.seconds = time.monotonic() - started
        _measure(outcome, server, specs, results, log, started, folder)
    return outcome


@contextlib.contextmanager
def _redis_outage(
    redis: RedisServer | None, kill_after: float | None, outcome: Outcome
) -> Iterator[None]:
    """Kill Redis *kill_after* seconds in, start it again as long after, while the workers run."""
    if redis is None or kill_after is None:
        yield
        return
    done = threading.Event()

    def outage() -> None:
        if done.wait(kill_after):
            return
        redis.kill()
        outcome.log_lines.append(f"(harness) redis-server killed at {kill_after:g} s")
        if done.wait(kill_after):
            outcome.log_lines.append("(harness) the run ended before Redis came back")
            return
        redis.start()
        outcome.log_lines.append(f"(harness) redis-server started again at {2 * kill_after:g} s")

    thread = threading.Thread(target=outage, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(15)
        if not redis.running:
            redis.start()


def _result(process: subprocess.Popen[str], timeout: float) -> dict[str, Any]:
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return {"error": f"timed out after {timeout:.0f} s"}
    lines = [line for line in out.splitlines() if line.startswith(RESULT_PREFIX)]
    if not lines:
        return {"error": f"exit {process.returncode} without a result"}
    result: dict[str, Any] = json.loads(lines[-1][len(RESULT_PREFIX) :])
    return result


def _measure(
    outcome: Outcome,
    server: LoopbackFake,
    specs: Sequence[Mapping[str, Any]],
    results: Sequence[Mapping[str, Any]],
    log: RequestLog,
    started: float,
    folder: Path,
) -> None:
    parts = []
    for spec, result in zip(specs, results, strict=True):
        if result.get("error"):
            outcome.failures.append(f"{spec['name']}: {result['error']}")
        wanted = expected(server, spec)
        path = Path(spec["out"])
        ids = (
            [int(json.loads(line)["id"]) for line in path.read_text().splitlines()]
            if path.exists()
            else []
        )
        found = set(ids)
        missing, repeated = len(wanted - found), len(ids) - len(found)
        extra = len(found - wanted)
        if missing or repeated or extra:
            outcome.exact = False
            parts.append(f"{spec['name']}: {missing} missing, {repeated} repeated, {extra} extra")
    outcome.records = "; ".join(parts) or "every record exactly once"
    with log.lock:
        entries = list(log.entries)
    outcome.requests = len(entries)
    for _, method, route, status, _ in entries:
        if status == 429:
            outcome.rate_limited[family(method, route)] += 1
    # The five heavy workers (threads and views) have a list of ids; the lists and the
    # companies end early. While all five run, demand is far above the target.
    heavy_done = started + min(
        (
            float(result.get("seconds", 0.0))
            for spec, result in zip(specs, results, strict=True)
            if "ids" in spec and result.get("seconds")
        ),
        default=0.0,
    )
    span = heavy_done - started
    busy = sum(e[4] for e in entries if e[0] <= heavy_done)
    outcome.heavy_per_second = busy / span if span > 0 else 0.0
    last = max((e[0] for e in entries), default=started)
    outcome.whole_run_per_second = sum(e[4] for e in entries) / max(last - started, 1e-9)
    outcome.busiest_tickets_list = most_in_span(
        sorted(e[0] for e in entries if family(e[1], e[2]) == "tickets list" and e[3] != 429),
        WINDOW,
    )
    for spec in specs:
        for line in (folder / f"{spec['index']}.log").read_text().splitlines():
            if "redis" in line.lower() or "governor" in line.lower():
                outcome.log_lines.append(f"worker {spec['index']} ({spec['name']}): {line}")
                outcome.recoveries += "reachable again" in line


def _share(per_second: float) -> str:
    return f"{per_second:.1f} ({per_second / TARGET_PER_SECOND:.0%})"


def report(outcomes: Sequence[Outcome], plan: Plan) -> None:
    print("## Shared budget: 8 processes, one account (100 credits / 2 s)\n")
    print(
        f"_Account: {plan.tickets:,} tickets, {plan.contacts:,} contacts, "
        f"{plan.conversations:,} conversations; sub-limits: tickets list and contacts list "
        f"{SUB_LIMIT} requests / {WINDOW:g} s; target {TARGET_PER_SECOND:g} credits/s "
        f"({SHARE:.0%} of the ceiling)._\n"
    )
    print(
        "| Scenario | Seconds | Records | 429s (share of requests) | 429s by family | "
        "Credits/s, whole run (of the target) | Credits/s while the 5 heavy workers ran | "
        "Most tickets-list requests in 2 s |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for o in outcomes:
        families = ", ".join(f"{k}: {v}" for k, v in sorted(o.rate_limited.items())) or "none"
        failures = f" ({len(o.failures)} workers failed)" if o.failures else ""
        print(
            f"| {o.name} | {o.seconds:.1f} | {o.records}{failures} | "
            f"{sum(o.rate_limited.values())} of {o.requests} ({o.limited_share:.2%}) | {families} | "
            f"{_share(o.whole_run_per_second)} | {_share(o.heavy_per_second)} | "
            f"{o.busiest_tickets_list} (limit {SUB_LIMIT}) |"
        )
    for o in outcomes:
        if o.failures or o.log_lines:
            print(f"\n### {o.name}: what the workers said\n")
            for line in o.failures + o.log_lines[:40]:
                print(f"- {line}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a small account (a smoke run)")
    parser.add_argument(
        "--only",
        choices=("shared", "per-process", "killed"),
        action="append",
        help="run only these scenarios (repeatable; default: all three)",
    )
    args = parser.parse_args(argv)
    chosen = set(args.only or ("shared", "per-process", "killed"))
    if redis_server_path() is None:
        print("needs redis-server: apt-get install redis-server", file=sys.stderr)
        return 2
    plan = (
        Plan(tickets=40, contacts=20, conversations=40)
        if args.quick
        else Plan(tickets=500, contacts=250, conversations=500)
    )
    kill_after = 1.0 if args.quick else 12.0  # a quarter of the expected run
    timeout = 120.0 if args.quick else 600.0
    outcomes = []
    with RedisServer() as redis:
        if "shared" in chosen:
            outcomes.append(
                run_scenario("shared (Redis)", plan, redis=redis, kill_after=None, timeout=timeout)
            )
        if "per-process" in chosen:
            outcomes.append(
                run_scenario("per process", plan, redis=None, kill_after=None, timeout=timeout)
            )
        if "killed" in chosen:
            redis.stop()
            redis.start()  # an empty Redis: this scenario learns the budget again
            outcomes.append(
                run_scenario(
                    "shared, Redis killed",
                    plan,
                    redis=redis,
                    kill_after=kill_after,
                    timeout=timeout,
                )
            )
    report(outcomes, plan)
    return 0 if all(o.exact and not o.failures for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main())
