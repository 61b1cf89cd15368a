"""Run the workloads and print Markdown tables: ``python benchmarks/run.py [--quick]``.

Each workload serves a generated fake Freshdesk on loopback (a uvicorn thread of
this process, ``_server.py``) and runs each contender in a subprocess of its own
(``_contenders.py``). The fake counts requests, 429s, faults and credits; the
harness reads back every exported file and compares its ids with the fake's.

Statistics: a repetition runs every contender once, back to back (in reverse
order every other repetition). A ratio such as SDK / httpx is taken within each
repetition, so a slow spell of the machine lands on both sides of it; the tables
give the median over the repetitions and the min-max.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any, Final

from benchmarks import _pyfreshdesk
from benchmarks._contenders import CONTENDERS, RESULT_PREFIX
from benchmarks._server import LoopbackFake
from freshdesk_atom import RateGovernorConfig
from freshdesk_atom.testing import FaultPlan, RateLimitConfig

__all__ = ["main"]

ROOT: Final = Path(__file__).resolve().parent.parent
MB: Final = 1_000_000
WORKLOADS: Final = ("loopback", "latency", "rate-limit", "memory")
RATE_LIMIT: Final = RateLimitConfig(total=100, window=2)
FAULTS: Final = FaultPlan(rate=0.1, seed=1)  # a 500, 502 or 503 instead of the answer


@dataclass(frozen=True)
class Sizes:
    """The sizes of one run."""

    quick: bool
    tickets: int  # the account of the loopback and latency workloads
    contacts: int
    reps: int
    latencies_ms: tuple[int, ...]
    rate_tickets: int  # the account of the rate-limit workload
    rate_contacts: int
    memory_tickets: tuple[int, int]
    timeout: float  # seconds one contender run may take


FULL: Final = Sizes(False, 20_000, 5_000, 3, (50, 250), 16_000, 4_000, (5_000, 40_000), 900)
QUICK: Final = Sizes(True, 300, 60, 1, (5, 25), 300, 60, (200, 800), 60)


@dataclass(frozen=True)
class Target:
    """An acceptance criterion on a figure: ``Target("<=", 1.5)``."""

    op: str  # "<=", ">=" or "<"
    value: float
    unit: str = "x"

    def met(self, figure: float) -> bool:
        if self.op == "<=":
            return figure <= self.value
        return figure >= self.value if self.op == ">=" else figure < self.value

    def __str__(self) -> str:
        sign = {"<=": "≤", ">=": "≥"}.get(self.op, self.op)
        return f"{sign} {self.value:g}{self.unit}"


# (label, numerator, denominator, target or None) of the paired ratios of wall times.
Ratio = tuple[str, str, str, Target | None]
ASYNC_VS_HTTPX: Final = "SDK async / plain httpx async (both 8 pages in flight)"
LOOPBACK_RATIOS: Final[Sequence[Ratio]] = (
    ("SDK sync / plain httpx sync", "sdk-sync", "httpx-sync", Target("<=", 1.5)),
    (ASYNC_VS_HTTPX, "sdk-async", "httpx-async", None),
    ("python-freshdesk / SDK async", "python-freshdesk", "sdk-async", None),
    ("SDK complete export / SDK async", "sdk-export", "sdk-async", None),
)
LATENCY_RATIOS: Final[Sequence[Ratio]] = (
    (ASYNC_VS_HTTPX, "sdk-async", "httpx-async", Target("<=", 1.1)),
    ("python-freshdesk / SDK async", "python-freshdesk", "sdk-async", Target(">=", 6)),
    ("SDK sync / plain httpx sync", "sdk-sync", "httpx-sync", None),
    ("SDK complete export / SDK async", "sdk-export", "sdk-async", None),
)


@dataclass(frozen=True)
class Run:
    """One contender run: its own figures, and what the fake counted meanwhile."""

    seconds: float
    cpu_seconds: float  # the contender process's own CPU time, user + system
    error: str | None
    exact: bool  # every listed record exactly once
    records: str
    requests: int
    rate_limited: int
    faults: int
    credits: int
    rss_before_kib: int
    peak_rss_kib: int
    traced_peak_bytes: int | None


# --------------------------------------------------------------------------- plumbing


def _print(text: str = "") -> None:
    print(text, flush=True)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    _print("| " + " | ".join(header) + " |")
    _print("|" + "|".join(" --- " for _ in header) + "|")
    for row in rows:
        _print("| " + " | ".join(row) + " |")
    _print()


def _word(ok: bool | None) -> str:
    return {True: "met", False: "MISSED", None: "not measured"}[ok]


def _verdict(ok: bool | None, text: str) -> str:
    return f"{_word(ok)}: {text}"


def _reps(count: int) -> str:
    return f"{count} repetition{'s' if count != 1 else ''}"


def _label(name: str) -> str:
    if name == "python-freshdesk":
        return f"python-freshdesk {_pyfreshdesk.version()}"
    return CONTENDERS[name]


@contextlib.contextmanager
def _serve(tickets: int, contacts: int) -> Iterator[LoopbackFake]:
    started = time.perf_counter()
    server = LoopbackFake(tickets=tickets, contacts=contacts, seed=1)
    try:
        server.start()
        _print(
            f"_(fake account, seed 1: {tickets:,} tickets, {contacts:,} contacts, served on "
            f"{server.base_url}, ready in {time.perf_counter() - started:.1f} s)_"
        )
        _print()
        yield server
    finally:
        server.stop()


def expected_ids(server: LoopbackFake) -> dict[str, set[int]]:
    """The ids of the default listings: no spam or deleted tickets, no deleted or blocked contacts."""
    state = server.fake.state
    return {
        "tickets": {
            ticket_id
            for ticket_id, ticket in state.tickets.items()
            if not ticket.get("deleted", False) and not ticket["spam"]
        },
        "contacts": {
            contact_id
            for contact_id, contact in state.contacts.items()
            if not contact.get("deleted") and contact_id not in state.blocked
        },
    }


def _listed(expected: Mapping[str, set[int]]) -> str:
    return " + ".join(f"{len(ids):,} {name}" for name, ids in expected.items()) + " listed"


def check_ids(out_dir: Path, expected: Mapping[str, set[int]]) -> tuple[bool, str]:
    """Compare the ids a contender wrote with the fake's: ``(exact, description)``."""
    exact, parts = True, []
    for name, wanted in expected.items():
        path = out_dir / f"{name}.jsonl"
        with path.open(encoding="utf-8") as lines:
            ids = [int(json.loads(line)["id"]) for line in lines]
        found = set(ids)
        text = f"{len(found):,}/{len(wanted):,} {name}"
        repeated, missing, extra = len(ids) - len(found), len(wanted - found), len(found - wanted)
        if repeated or missing or extra:
            exact = False
            text += f" ({missing:,} missing, {repeated:,} repeated, {extra:,} unexpected)"
        parts.append(text)
    return exact, ", ".join(parts)


def run_contender(
    server: LoopbackFake,
    name: str,
    out_dir: Path,
    expected: Mapping[str, set[int]],
    timeout: float,
    **extra: Any,
) -> Run:
    """Run *name* in a fresh interpreter against *server*, as the caller configured it."""
    spec = {
        "contender": name,
        "base_url": server.base_url,
        "api_key": server.api_key,
        "out_dir": str(out_dir),
        "listings": list(expected),
        **extra,
    }
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "benchmarks._contenders", json.dumps(spec)]
    result: dict[str, Any] = {"error": f"timed out after {timeout:.0f} s", "seconds": 0.0}
    with contextlib.suppress(subprocess.TimeoutExpired):
        done = subprocess.run(
            command,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": path},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
        if lines:
            result = json.loads(lines[-1][len(RESULT_PREFIX) :])
        else:
            tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
            result["error"] = f"exit {done.returncode}: {tail[:200]}"
    exact, records = check_ids(out_dir, expected) if out_dir.exists() else (False, "no output")
    counters = server.fake.counters
    return Run(
        seconds=float(result["seconds"]),
        cpu_seconds=float(result.get("cpu_seconds", 0.0)),
        error=result.get("error"),
        exact=exact,
        records=records,
        requests=counters.total_requests,
        rate_limited=counters.rate_limited,
        faults=counters.faults,
        credits=counters.credits_used,
        rss_before_kib=int(result.get("rss_before_kib", 0)),
        peak_rss_kib=int(result.get("peak_rss_kib", 0)),
        traced_peak_bytes=result.get("traced_peak_bytes"),
    )


# --------------------------------------------------------------------------- workloads


def export_workload(
    server: LoopbackFake, sizes: Sizes, latency_ms: int, out_root: Path, verdicts: list[str]
) -> None:
    """Every contender exports every ticket and contact, ``sizes.reps`` times."""
    expected = expected_ids(server)
    if latency_ms:
        title, ratios = f"Export, {latency_ms} ms added per response", LATENCY_RATIOS
    else:
        title, ratios = "Loopback export, no added latency", LOOPBACK_RATIOS
    _print(f"### {title} ({_listed(expected)})")
    _print()
    names = [name for name in CONTENDERS if name != "python-freshdesk" or _pyfreshdesk.available()]
    runs: dict[str, list[Run]] = {name: [] for name in names}
    for rep in range(sizes.reps):
        for name in names if rep % 2 == 0 else names[::-1]:
            server.configure(latency=latency_ms / 1000)
            out_dir = out_root / f"export-{latency_ms}ms-{rep}-{name}"
            runs[name].append(run_contender(server, name, out_dir, expected, sizes.timeout))

    rows = []
    for name in CONTENDERS:
        if name not in runs:
            rows.append([_label(name), "not installed", "-", "-", "-", "-"])
            continue
        seconds = [run.seconds for run in runs[name]]
        failed = next((run.error for run in runs[name] if run.error), None)
        wrong = next((run.records for run in runs[name] if not run.exact), None)
        rows.append(
            [
                _label(name),
                f"failed: {failed}" if failed else f"{statistics.median(seconds):.2f}",
                f"{min(seconds):.2f}-{max(seconds):.2f}",
                f"{statistics.median(run.cpu_seconds for run in runs[name]):.2f}",
                str(runs[name][-1].requests),
                f"NOT exact: {wrong}" if wrong else f"exact: {runs[name][-1].records}",
            ]
        )
    header = ["Contender", "Wall s, median", "Min-max", "Client CPU s", "Requests", "Records"]
    _table(header, rows)

    rows = []
    for label, top, bottom, target in ratios:
        if any(name not in runs or any(run.error for run in runs[name]) for name in (top, bottom)):
            rows.append([label, "-", "-", str(target or "-"), "not measured"])
            if target:
                verdicts.append(
                    _verdict(None, f"{title}, {label}: a contender failed or is absent")
                )
            continue
        values = [a.seconds / b.seconds for a, b in zip(runs[top], runs[bottom], strict=True)]
        median, spread = statistics.median(values), f"{min(values):.2f}x-{max(values):.2f}x"
        ok = target.met(median) if target else None
        rows.append(
            [label, f"{median:.2f}x", spread, str(target or "-"), _word(ok) if target else "-"]
        )
        if target:
            verdicts.append(
                _verdict(
                    ok,
                    f"{title}, {label}: {median:.2f}x (min-max {spread}, "
                    f"{_reps(len(values))}); target {target}",
                )
            )
    _table(["Paired ratio of wall times", "Median", "Min-max", "Target", "Verdict"], rows)


def rate_limit_workload(
    server: LoopbackFake, sizes: Sizes, out_root: Path, verdicts: list[str]
) -> None:
    """The SDK's exports under a small budget: the pacing alone, then with 10% faults.

    The acceptance reads: every record, at most 1% 429s and at least 90% of the
    governor's target under the limit; with 10% faults, every record exactly once.
    """
    share = RateGovernorConfig().target_share
    ceiling = RATE_LIMIT.total / RATE_LIMIT.window
    target = share * ceiling
    expected = expected_ids(server)
    _print(f"### Rate limit {RATE_LIMIT.total} credits / {RATE_LIMIT.window:g} s, 10% faults")
    _print()
    _print(
        f"{_listed(expected)}. The SDK's rate governor is on (the default), told the fake's "
        f"window: `RateGovernorConfig(window={RATE_LIMIT.window:g})`, default target share "
        f"{share:g}, so it aims at {target:g} credits/s of the {ceiling:g} credits/s ceiling. "
        "Credits/s is what the fake charged over the wall time. The rows without faults show "
        "the pacing alone. Then `FaultPlan(rate=0.1, seed=1)` answers 10% of requests with a "
        "500, 502 or 503 before the fake does anything (a 500 or 503 still spends its credit, "
        "as Freshdesk counts failed requests; a 502 does not); the SDK retries them after a "
        "backoff, which a walk of one page at a time waits out."
    )
    _print()
    rows = []
    for faults in (None, FAULTS):
        for name in ("sdk-sync", "sdk-async", "sdk-export"):
            server.configure(rate_limit=RATE_LIMIT, faults=faults)
            out_dir = out_root / f"rate-{name}-{'faults' if faults else 'clean'}"
            run = run_contender(
                server, name, out_dir, expected, sizes.timeout, governor_window=RATE_LIMIT.window
            )
            share_429 = run.rate_limited / run.requests if run.requests else 0.0
            pace = run.credits / run.seconds if run.seconds and not run.error else 0.0
            rows.append(
                [
                    _label(name),
                    "10%" if faults else "none",
                    f"failed: {run.error}" if run.error else f"{run.seconds:.1f}",
                    f"{run.requests} ({run.faults} faulted)",
                    f"{run.rate_limited} ({share_429:.1%})",
                    f"{pace:.1f}",
                    f"{pace / target:.0%}",
                    ("exact: " if run.exact else "NOT exact: ") + run.records,
                ]
            )
            who = CONTENDERS[name].split(":")[0]
            if faults:
                verdicts.append(
                    _verdict(
                        run.exact,
                        f"rate limit + 10% faults, {who}: every record exactly once "
                        f"({run.records})",
                    )
                )
            else:
                verdicts += [
                    _verdict(run.exact, f"rate limit, {who}: every record ({run.records})"),
                    _verdict(
                        share_429 <= 0.01,
                        f"rate limit, {who}: 429 share {share_429:.1%} ({run.rate_limited} of "
                        f"{run.requests} requests); target ≤ 1%",
                    ),
                    _verdict(
                        pace / target >= 0.9,
                        f"rate limit, {who}: {pace:.1f} credits/s = {pace / target:.0%} of the "
                        f"governor's target of {target:g}/s; target ≥ 90%",
                    ),
                ]
    header = ["Contender", "Faults", "Wall s", "Requests", "429s", "Credits/s"]
    _table([*header, f"Of the {target:g}/s target", "Records"], rows)


def memory_workload(
    servers: Sequence[LoopbackFake], sizes: Sizes, out_root: Path, verdicts: list[str]
) -> None:
    """Peak memory of the SDK's streaming tickets export at two account sizes."""
    small, large = sizes.memory_tickets
    _print(f"### Memory: streaming export of {small:,} vs {large:,} tickets, SDK sync")
    _print()
    _print(
        "`fd.tickets.iter_all(updated_since=...)` (a page walk stops at Freshdesk's page 300, "
        "30,000 tickets), each record written to a file as it comes, tickets only. Two "
        "processes per size: the peak RSS is the process's `VmHWM` (not `ru_maxrss`, which "
        "Linux carries over from the parent through fork and exec); the traced peak is "
        "tracemalloc's from just before the export to its end, in a second process so that "
        "tracing does not weigh on the RSS. MB = 10^6 bytes."
    )
    _print()
    rows, rss, traced = [], [], []
    for server, size in zip(servers, sizes.memory_tickets, strict=True):
        expected = {"tickets": expected_ids(server)["tickets"]}
        both = []
        for trace in (False, True):
            server.configure()
            out_dir = out_root / f"memory-{size}-{'traced' if trace else 'rss'}"
            both.append(
                run_contender(
                    server, "sdk-sync-export", out_dir, expected, sizes.timeout, trace=trace
                )
            )
        plain, tracing = both
        rss.append(plain.peak_rss_kib * 1024)
        traced.append(tracing.traced_peak_bytes or 0)
        failed = plain.error or tracing.error
        rows.append(
            [
                f"{size:,}",
                f"failed: {failed}" if failed else f"{plain.seconds:.1f}",
                f"{plain.rss_before_kib * 1024 / MB:.1f}",
                f"{rss[-1] / MB:.1f}",
                f"{traced[-1] / MB:.2f}",
                ("exact: " if plain.exact and tracing.exact else "NOT exact: ") + plain.records,
            ]
        )
    rows.append(
        [
            "difference",
            "-",
            "-",
            f"{(rss[1] - rss[0]) / MB:+.1f}",
            f"{(traced[1] - traced[0]) / MB:+.2f}",
            "-",
        ]
    )
    header = ["Tickets", "Wall s", "RSS after imports, MB", "Peak RSS, MB", "Traced peak, MB"]
    _table([*header, "Records"], rows)
    target = Target("<", 5, " MB")
    for what, pair in (("peak RSS", rss), ("tracemalloc peak", traced)):
        growth = (pair[1] - pair[0]) / MB
        verdicts.append(
            _verdict(
                target.met(growth),
                f"memory, {what}: {growth:+.2f} MB from {small:,} to {large:,} tickets; "
                f"target {target}",
            )
        )


# --------------------------------------------------------------------------- main


def machine() -> list[str]:
    """Date, CPU, cores, Python and the versions that matter here."""
    cpu = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"cpu: {cpu}, {os.cpu_count()} cores; load average {load}",
        f"python {platform.python_version()}, httpx {version('httpx')}, uvicorn "
        f"{version('uvicorn')}, freshdesk-atom {version('freshdesk-atom')}, "
        f"python-freshdesk {_pyfreshdesk.version()}",
    ]


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/run.py",
        description="Benchmark freshdesk-atom against plain httpx and python-freshdesk "
        "on a fake Freshdesk served on loopback.",
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repetition (CI)")
    parser.add_argument("--reps", type=_positive, help="repetitions of the export workloads")
    parser.add_argument(
        "--only", action="append", choices=WORKLOADS, help="run only this workload (repeatable)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the workloads; print the tables and one verdict per acceptance criterion."""
    args = _parser().parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.reps:
        sizes = replace(sizes, reps=args.reps)
    chosen = set(args.only or WORKLOADS)
    started = time.perf_counter()
    _print(f"## Benchmark results{' (quick)' if sizes.quick else ''}")
    _print()
    for line in machine():
        _print(f"- {line}")
    _print()
    if sizes.quick:
        _print("> Quick sizes: this checks that everything runs; its figures judge nothing.")
        _print()
    if not _pyfreshdesk.available():
        _print(f"> {_pyfreshdesk.INSTALL_HINT}")
        _print()
    verdicts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="freshdesk-atom-bench-") as tmp:
        out = Path(tmp)
        latencies = [0] if "loopback" in chosen else []
        latencies += list(sizes.latencies_ms) if "latency" in chosen else []
        if latencies:
            with _serve(sizes.tickets, sizes.contacts) as server:
                for latency in latencies:
                    began = time.perf_counter()
                    export_workload(server, sizes, latency, out, verdicts)
                    _print(f"_({_reps(sizes.reps)} in {time.perf_counter() - began:.0f} s)_")
                    _print()
        if "rate-limit" in chosen:
            with _serve(sizes.rate_tickets, sizes.rate_contacts) as server:
                began = time.perf_counter()
                rate_limit_workload(server, sizes, out, verdicts)
                _print(f"_(took {time.perf_counter() - began:.0f} s)_")
                _print()
        if "memory" in chosen:
            small, large = sizes.memory_tickets
            with _serve(small, small // 4) as first, _serve(large, large // 4) as second:
                memory_workload([first, second], sizes, out, verdicts)
    _print("### Verdicts")
    _print()
    for text in verdicts:
        _print(f"- {text}")
    _print()
    _print(f"_(total {time.perf_counter() - started:.0f} s)_")
    return 0
