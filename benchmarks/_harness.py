"""Run the benchmarks (every one, or those picked with ``--only``) and print Markdown tables.

The fake Freshdesk is served on loopback by a thread of this process
(:class:`~benchmarks._server.LoopbackFake`); every contender runs in a
subprocess of its own (:mod:`benchmarks._workloads`), so its memory figures
are independent and it never shares an interpreter with the server. Requests,
429s and credits are counted by the fake itself, so every contender is counted
the same way. Every server started here is stopped before returning.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

import attrs
import httpx

from benchmarks import _pyfreshdesk
from benchmarks._server import LoopbackFake
from benchmarks._workloads import (
    ASYNC_PERPAGE,
    CONTENDERS,
    EXPORT_CONTENDERS,
    RESULT_PREFIX,
    STRUCTURING_WORK,
    SYNC_PERPAGE,
    TICKET_PARAMS,
)

__all__ = ["Settings", "main"]

ROOT: Final = Path(__file__).resolve().parent.parent
NO_LIMIT: Final = "1000000/1min"  # enabled, so the headers tell any governor there is room
PERPAGE_TARGET: Final = 0.15  # issue 6: the SDK's per-page time within 15% of plain httpx
# "Does not grow": the SDK's peak at the large size exceeds the small one's by at most this
# much more than plain httpx's does (holding 15,000 tickets would take tens of MiB).
FLAT_MEMORY_SLACK_BYTES: Final = 1024 * 1024
# What --only can pick; "latency" is the full export with latency added to each response.
BENCHMARKS: Final = ("perpage", "export", "latency", "rate-limit", "memory", "stats")


@attrs.frozen
class Settings:
    """Sizes and knobs of one run."""

    quick: bool
    tickets: int
    contacts: int
    latency_ms: float
    rate_limit: str
    perpage_pages: int
    perpage_reps: int
    perpage_runs: int
    memory_sizes: tuple[int, int]
    stats_sizes: tuple[int, int]
    child_timeout: float
    seed: int = 1

    @classmethod
    def full(cls) -> Settings:
        return cls(
            quick=False,
            tickets=20_000,
            contacts=5_000,
            latency_ms=50.0,
            rate_limit="30/2s",
            perpage_pages=10,
            perpage_reps=40,
            perpage_runs=6,
            memory_sizes=(5_000, 20_000),
            stats_sizes=(2_000, 20_000),
            child_timeout=900.0,
        )

    @classmethod
    def quick_run(cls) -> Settings:
        return cls(
            quick=True,
            tickets=250,
            contacts=50,
            latency_ms=5.0,
            rate_limit="3/1s",
            perpage_pages=2,
            perpage_reps=3,
            perpage_runs=1,
            memory_sizes=(100, 250),
            stats_sizes=(100, 250),
            child_timeout=50.0,
        )


# --------------------------------------------------------------------------- plumbing


def _print(text: str = "") -> None:
    print(text, flush=True)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    _print("| " + " | ".join(header) + " |")
    _print("|" + "|".join(" --- " for _ in header) + "|")
    for row in rows:
        _print("| " + " | ".join(row) + " |")
    _print()


def _run_child(spec: Mapping[str, Any], timeout: float) -> dict[str, Any]:
    """Run one workload in a fresh interpreter; return its result, or ``{"error": ...}``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks._workloads", json.dumps(spec)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f}s"}
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            result: dict[str, Any] = json.loads(line[len(RESULT_PREFIX) :])
            return result
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return {"error": f"exit {done.returncode}: {tail[:200]}"}


def _mib(kib_or_bytes: float, *, kib: bool = False) -> str:
    return f"{kib_or_bytes / (1024 if kib else 1024 * 1024):.1f}"


def _expected_ids(fake: LoopbackFake) -> dict[str, set[int]]:
    """The ids the default listings must return: no spam or deleted tickets, no deleted or
    blocked contacts (docs/freshdesk-api-notes.md#pagination, #contacts)."""
    state = fake.fake.state
    tickets = {
        ticket_id
        for ticket_id, ticket in state.tickets.items()
        if not ticket.get("deleted", False) and not ticket["spam"]
    }
    contacts = {
        contact_id
        for contact_id, contact in state.contacts.items()
        if not contact.get("deleted") and contact_id not in state.blocked
    }
    return {"tickets": tickets, "contacts": contacts}


def _check_export(out_dir: Path, expected: Mapping[str, set[int]]) -> tuple[bool, str]:
    """Compare the ids a contender wrote with the fake's; ``(exact, description)``."""
    parts: list[str] = []
    exact = True
    for name, wanted in expected.items():
        path = out_dir / f"{name}.jsonl"
        ids: list[int] = []
        if path.exists():
            with path.open(encoding="utf-8") as lines:
                ids = [int(json.loads(line)["id"]) for line in lines]
        found = set(ids)
        duplicated, missing, extra = len(ids) - len(found), len(wanted - found), len(found - wanted)
        text = f"{len(found):,}/{len(wanted):,} {name}"
        if duplicated or missing or extra:
            exact = False
            text += f" ({missing:,} missing, {duplicated:,} repeated, {extra:,} unexpected)"
        parts.append(text)
    return exact, ", ".join(parts)


def _warm(server: LoopbackFake) -> None:
    """Build the fake's listing caches in process, so no contender pays for the first sort."""
    with httpx.Client(
        transport=server.fake.transport(),
        base_url=server.fake.base_url,
        auth=(server.api_key, "X"),
    ) as client:
        client.get("tickets", params=TICKET_PARAMS)
        client.get("contacts", params={"per_page": "100"})


def _configure(
    server: LoopbackFake, *, latency_ms: float = 0.0, rate_limit: str = NO_LIMIT
) -> None:
    _warm(server)
    server.configure(latency=latency_ms / 1000, rate_limit=rate_limit)


def _contenders(names: Sequence[str]) -> list[str]:
    """*names* less python-freshdesk when it is not installed."""
    return [name for name in names if name != "python-freshdesk" or _pyfreshdesk.available()]


def _skipped_pyfd_row(width: int) -> list[str]:
    return [CONTENDERS["python-freshdesk"], "not installed", *["-"] * (width - 2)]


# --------------------------------------------------------------------------- machine


def machine() -> dict[str, str]:
    """Date, CPU, cores, Python and the versions that matter here."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "os": platform.platform(),
        "httpx": version("httpx"),
        "uvicorn": version("uvicorn"),
        "freshdesk-atom": version("freshdesk-atom"),
        "python-freshdesk": _pyfreshdesk.version(),
        "load average at start (1/5/15 min)": "/".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# --------------------------------------------------------------------------- benchmarks


def _median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


def _spread_ms(samples: Sequence[float]) -> str:
    if len(samples) < 3:
        return "-"
    cuts = statistics.quantiles(samples, n=10)
    return f"{cuts[0] * 1000:.2f}-{cuts[-1] * 1000:.2f}"


def paired_ratio(
    floor: Sequence[float], other: Sequence[float], *, runs: Sequence[int] | None = None
) -> tuple[float, float, float]:
    """Median of ``other[i] / floor[i] - 1`` over paired samples, with a 90% bootstrap interval.

    Sample *i* of every contender comes from repetition *i*, run back to back, so a
    slow spell of the machine (this one is a shared VM whose speed drifts by tens of
    percent within seconds) lands on both sides of a pair and cancels out of its
    ratio, where it would move two separate medians apart. The interval resamples
    the pairs (2,000 times, fixed seed: the same samples always give the same
    interval).

    *runs* tells how many consecutive pairs each run (a process of its own) gave.
    With it, the interval resamples whole runs first, then the pairs within each
    drawn run: what a process brings to all of its pairs (its hash seed, its memory
    layout, the machine's state that minute) then widens the interval as it should,
    where resampling the pooled pairs alone would count it as precision.
    """
    if len(floor) != len(other) or not floor:
        raise ValueError("paired samples need two equally long, non-empty sequences")
    if runs is not None and (sum(runs) != len(floor) or not all(size > 0 for size in runs)):
        raise ValueError("runs must be positive sizes that add up to the number of pairs")
    ratios = _ratios(floor, other)
    rng = random.Random(0)
    groups: list[list[float]] = []
    start = 0
    for size in runs or [len(ratios)]:
        groups.append(ratios[start : start + size])
        start += size

    def resample() -> float:
        # One run: no draw of runs, so its interval is the pairs-only one, as before.
        drawn = rng.choices(groups, k=len(groups)) if len(groups) > 1 else groups
        return statistics.median(x for group in drawn for x in rng.choices(group, k=len(group)))

    medians = sorted(resample() for _ in range(2000))
    return statistics.median(ratios), medians[100], medians[1899]


def _ratios(floor: Sequence[float], other: Sequence[float]) -> list[float]:
    return [b / a - 1 for a, b in zip(floor, other, strict=True)]


def median_ratio(floor: Sequence[float], other: Sequence[float]) -> float:
    """The median of ``other[i] / floor[i] - 1``: :func:`paired_ratio` without its interval."""
    return statistics.median(_ratios(floor, other))


def verdict(low: float, high: float, target: float) -> str:
    """Say where a 90% interval of the overhead lies against *target* (a share, 0.15: 15%)."""
    if high <= target:
        return f"within the {target:.0%} target"
    if low > target:
        return f"NOT within the {target:.0%} target"
    return f"not settled: the interval straddles the {target:.0%} target"


def _perpage_rows(
    mode: str, names: Sequence[str], samples: Mapping[str, list[float]], runs: Sequence[int]
) -> list[list[str]]:
    floor = _median_ms(samples[names[0]])
    rows: list[list[str]] = []
    for name in names:
        if name not in samples:
            continue
        median = _median_ms(samples[name])
        if name == names[0]:
            paired = "floor"
        else:
            ratio, low, high = paired_ratio(samples[names[0]], samples[name], runs=runs)
            paired = f"{ratio:+.1%} ({low:+.1%} to {high:+.1%})"
        rows.append(
            [
                mode,
                CONTENDERS[name],
                f"{median:.2f}",
                _spread_ms(samples[name]),
                "floor" if name == names[0] else f"{median / floor - 1:+.1%}",
                paired,
                "-" if name == names[0] else f"{median - floor:+.2f}",
            ]
        )
    return rows


def bench_perpage(server: LoopbackFake, settings: Settings, verdicts: dict[str, str]) -> None:
    """Per-page time of each client over the same pages, then the client's own work alone."""
    _configure(server)
    tables: dict[str, list[list[str]]] = {"loopback": [], "clientonly": []}
    structuring: list[list[str]] = []
    for mode, names in (("sync", SYNC_PERPAGE), ("async", ASYNC_PERPAGE)):
        spec = {
            "task": "perpage",
            "mode": mode,
            "contenders": _contenders(names),
            "pages": settings.perpage_pages,
            "reps": settings.perpage_reps,
            "structure_reps": settings.perpage_reps * 10,
            "base_url": server.base_url,
            "api_key": server.api_key,
        }
        # Several runs, each a fresh process, pooled pair by pair: one run's paired
        # ratio still moves by several points on this kind of machine.
        # Run k takes the contenders' orders from where run k-1 stopped, so the pooled
        # runs follow the balanced design over whole cycles (balanced_orders).
        runs = [
            _run_child(
                {**spec, "run": run, "structure_reps": spec["structure_reps"] if run == 0 else 0},
                settings.child_timeout,
            )
            for run in range(settings.perpage_runs)
        ]
        failed = next((run for run in runs if "error" in run), None)
        if failed is not None:
            for rows in tables.values():
                rows.append([mode, "all", f"failed: {failed['error']}", *["-"] * 4])
            continue
        result: dict[str, Any] = {
            kind: {name: [x for run in runs for x in run[kind][name]] for name in runs[0][kind]}
            for kind in tables
        }
        # How many pairs each run gave, per kind: the interval resamples runs, then pairs.
        sizes = {kind: [len(run[kind][names[0]]) for run in runs] for kind in tables}
        for kind, rows in tables.items():
            rows.extend(_perpage_rows(mode, names, result[kind], sizes[kind]))
        structuring.extend(_structuring_rows(runs[0].get("structuring", []), verdicts))
        if len(_contenders(names)) < len(names):
            tables["loopback"].append([mode, *_skipped_pyfd_row(6)])
        loopback = result["loopback"]
        floor, sdk = (_median_ms(loopback[name]) for name in names[:2])
        ratio, low, high = paired_ratio(
            loopback[names[0]], loopback[names[1]], runs=sizes["loopback"]
        )
        text = (
            f"per page, {mode}: SDK {sdk:.2f} ms vs plain httpx {floor:.2f} ms (medians); "
            f"paired: {ratio:+.1%}, 90% interval {low:+.1%} to {high:+.1%} "
            f"({verdict(low, high, PERPAGE_TARGET)})"
        )
        if len(runs) > 1:
            own = sorted(
                median_ratio(run["loopback"][names[0]], run["loopback"][names[1]]) for run in runs
            )
            text += (
                f"; each run's own paired ratio: {own[0]:+.1%} to {own[-1]:+.1%} ({len(runs)} runs)"
            )
        verdicts[f"per-page {mode}"] = text
    for kind, title in (
        ("loopback", "Per-page time, same ticket pages from the fake on loopback"),
        ("clientonly", "Client-side work per page: one recorded page from memory, no socket"),
    ):
        _print(f"### {title}")
        _print()
        several = settings.perpage_runs > 1
        _print(
            f"{settings.perpage_pages} pages of 100 tickets per walk; {settings.perpage_runs} "
            f"run{'s' if several else ''} (a process each) of {settings.perpage_reps} walks "
            "per contender after 2 warm-up walks, contenders interleaved in a balanced order "
            "(within a repetition, each one right after every other equally often), warm "
            f"connections{', all walks pooled' if several else ''}. "
            "Paired: the median, over the repetitions, of a walk's time over the floor's walk "
            "in the same repetition; its 90% interval resamples "
            + ("the runs, then the repetitions within each." if several else "the repetitions.")
        )
        _print()
        _table(
            [
                "Mode",
                "Contender",
                "Median ms/page",
                "p10-p90 ms",
                "Medians vs floor",
                "Paired vs floor (90% interval)",
                "Added ms/page",
            ],
            tables[kind],
        )
    _print("### Structuring one decoded page into models")
    _print()
    _print(
        f"The first page of each listing from the fake, decoded once; {settings.perpage_reps * 10} "
        "runs of each way after a warm-up, interleaved, in the sync contender's process. "
        "The reference has the same rules, with every model through cattrs' generated "
        "functions, as the SDK structured them before `_structure.py`."
    )
    _print()
    _table(["Page", "Records", "Work", "Median ms", "p10-p90 ms", "vs cattrs"], structuring)


def _structuring_rows(
    pages: Sequence[Mapping[str, Any]], verdicts: dict[str, str]
) -> list[list[str]]:
    rows: list[list[str]] = []
    for page in pages:
        samples: Mapping[str, list[float]] = page["samples"]
        reference = _median_ms(samples["cattrs"])
        for name, label in STRUCTURING_WORK.items():
            median = _median_ms(samples[name])
            rows.append(
                [
                    page["page"],
                    str(page["records"]),
                    label,
                    f"{median:.3f}",
                    _spread_ms(samples[name]),
                    {"json": "-", "cattrs": "reference"}.get(
                        name, f"{median / reference - 1:+.1%}"
                    ),
                ]
            )
        if page["page"] == "tickets":
            verdicts["structuring"] = (
                f"structuring a page of {page['records']} tickets: SDK "
                f"{_median_ms(samples['sdk']):.3f} ms, cattrs' generated functions "
                f"{reference:.3f} ms (json.loads of the body {_median_ms(samples['json']):.3f} ms)"
            )
    return rows


def bench_export(
    server: LoopbackFake,
    settings: Settings,
    *,
    latency_ms: float,
    out_root: Path,
) -> None:
    """A full export of tickets and contacts, each contender in its own process."""
    _configure(server, latency_ms=latency_ms)
    expected = _expected_ids(server)
    _print(
        f"### Full export, {latency_ms:g} ms added per response "
        f"({len(expected['tickets']):,} tickets + {len(expected['contacts']):,} contacts listed)"
    )
    _print()
    rows: list[list[str]] = []
    for name in EXPORT_CONTENDERS:
        if name not in _contenders(EXPORT_CONTENDERS):
            rows.append(_skipped_pyfd_row(8))
            continue
        _configure(server, latency_ms=latency_ms)
        out_dir = out_root / f"export-{latency_ms:g}ms-{name}"
        spec = {
            "task": "export",
            "contender": name,
            "resources": ["tickets", "contacts"],
            "out_dir": str(out_dir),
            "base_url": server.base_url,
            "api_key": server.api_key,
        }
        result = _run_child(spec, settings.child_timeout)
        counters = server.fake.counters
        exact, records = _check_export(out_dir, expected)
        note = result.get("error") or result.get("method", "")
        if "seconds" not in result:
            rows.append(
                [CONTENDERS[name], "-", f"{counters.total_requests}", "-", records, "-", "-", note]
            )
            continue
        rows.append(
            [
                CONTENDERS[name],
                f"{result['seconds']:.2f}",
                f"{counters.total_requests}",
                f"{counters.rate_limited}",
                ("exact: " if exact else "NOT exact: ") + records,
                _mib(result["maxrss_kib"], kib=True),
                _mib(result["maxrss_kib"] - result["maxrss_before_kib"], kib=True),
                note,
            ]
        )
    _table(
        [
            "Contender",
            "Wall s",
            "Requests",
            "429s",
            "Records (ids checked)",
            "Peak RSS MiB",
            "RSS growth MiB",
            "How",
        ],
        rows,
    )


def _ceiling(rate_limit: str) -> float:
    """Credits per second that *rate_limit* allows."""
    from freshdesk_atom.testing import RateLimitConfig

    config = RateLimitConfig.parse(rate_limit)
    return config.total / config.window


def _window(rate_limit: str) -> float:
    """The window of *rate_limit*, in (real) seconds."""
    from freshdesk_atom.testing import RateLimitConfig

    return RateLimitConfig.parse(rate_limit).window


def bench_rate_limited(
    server: LoopbackFake, settings: Settings, verdicts: dict[str, str], *, out_root: Path
) -> None:
    """The export against a small budget: throughput against the ceiling, 429s, completeness."""
    expected = _expected_ids(server)
    ceiling = _ceiling(settings.rate_limit)
    _print(
        f"### Full export under a rate limit of {settings.rate_limit} "
        f"({ceiling:g} credits/s), no added latency"
    )
    _print()
    rows: list[list[str]] = []
    for name in EXPORT_CONTENDERS:
        if name not in _contenders(EXPORT_CONTENDERS):
            rows.append(_skipped_pyfd_row(8))
            continue
        _configure(server, rate_limit=settings.rate_limit)  # fresh windows for each contender
        out_dir = out_root / f"ratelimited-{name}"
        spec = {
            "task": "export",
            "contender": name,
            "resources": ["tickets", "contacts"],
            "out_dir": str(out_dir),
            "governor_window": _window(settings.rate_limit),
            "base_url": server.base_url,
            "api_key": server.api_key,
        }
        result = _run_child(spec, settings.child_timeout)
        counters = server.fake.counters
        exact, records = _check_export(out_dir, expected)
        seconds = float(result.get("seconds", 0.0))
        failed = bool(result.get("error")) or not seconds
        rate = counters.credits_used / seconds if not failed else 0.0
        share_429 = (
            counters.rate_limited / counters.total_requests if counters.total_requests else 0
        )
        if name.startswith("atom"):
            verdicts[f"rate-limited {name}"] = (
                f"under {settings.rate_limit}, {CONTENDERS[name]}: "
                + ("failed: " + str(result.get("error")) if failed else f"{rate / ceiling:.0%}")
                + f" of the ceiling, {counters.rate_limited} 429s in "
                f"{counters.total_requests} requests, records {'exact' if exact else 'NOT exact'}"
            )
        rows.append(
            [
                CONTENDERS[name],
                f"{seconds:.2f}" if seconds else "-",
                f"{counters.total_requests}",
                f"{counters.rate_limited} ({share_429:.1%})",
                "-" if failed else f"{rate:.1f}",
                "-" if failed else f"{rate / ceiling:.0%}",
                ("exact: " if exact else "NOT exact: ") + records,
                str(result.get("error") or result.get("method", "")),
            ]
        )
    _table(
        [
            "Contender",
            "Wall s",
            "Requests",
            "429s (share)",
            "Credits/s",
            "Share of ceiling",
            "Records (ids checked)",
            "How",
        ],
        rows,
    )


def bench_memory(
    servers: Mapping[int, LoopbackFake],
    settings: Settings,
    verdicts: dict[str, str],
    *,
    out_root: Path,
) -> None:
    """tracemalloc peak of a streaming tickets export at two account sizes.

    "Flat" means the SDK's peak grows by at most :data:`FLAT_MEMORY_SLACK_BYTES`
    more than the plain httpx loop's, which holds nothing across pages: keeping
    the records would instead grow it by megabytes per thousand tickets, as
    python-freshdesk's list shows.
    """
    small, large = settings.memory_sizes
    listed = {size: len(_expected_ids(servers[size])["tickets"]) for size in (small, large)}
    _print(f"### Peak memory of a tickets export: {small:,} vs {large:,} tickets")
    _print()
    _print(
        "Python allocations traced from just before the export to its end (tracemalloc "
        "peak, MiB; the imports are done before), and the program's peak RSS (VmHWM); "
        f"no added latency. {listed[small]:,} and {listed[large]:,} tickets are listed."
    )
    _print()
    names = ["httpx-sync", "atom-sync", "atom-async", "python-freshdesk"]
    if settings.quick:  # the smoke run: the same code, fewer processes
        names = ["httpx-sync", "atom-sync"]
    extra_thousands = max(listed[large] - listed[small], 1) / 1000
    growth: dict[str, int] = {}
    rows: list[list[str]] = []
    for name in names:
        if name not in _contenders(names):
            rows.append(_skipped_pyfd_row(7))
            continue
        peaks: list[int] = []
        rss: list[str] = []
        notes: list[str] = []
        for size in (small, large):
            server = servers[size]
            _configure(server)
            out_dir = out_root / f"memory-{size}-{name}"
            spec = {
                "task": "export",
                "contender": name,
                "resources": ["tickets"],
                "out_dir": str(out_dir),
                "trace": True,
                "base_url": server.base_url,
                "api_key": server.api_key,
            }
            result = _run_child(spec, settings.child_timeout)
            exact, records = _check_export(out_dir, {"tickets": _expected_ids(server)["tickets"]})
            if not exact or result.get("error"):
                notes.append(f"{size:,}: {result.get('error') or records}")
            peaks.append(int(result.get("traced_peak_bytes") or 0))
            rss.append(_mib(result.get("maxrss_kib", 0), kib=True))
        growth[name] = peaks[1] - peaks[0]
        rows.append(
            [
                CONTENDERS[name],
                _mib(peaks[0]),
                _mib(peaks[1]),
                f"{growth[name] / 1024 / extra_thousands:+,.1f}",
                rss[0],
                rss[1],
                "; ".join(notes) or "all records, exactly",
            ]
        )
    _table(
        [
            "Contender",
            f"Traced peak MiB, {small:,}",
            f"Traced peak MiB, {large:,}",
            "Growth KiB per 1,000 more tickets",
            f"Peak RSS MiB, {small:,}",
            f"Peak RSS MiB, {large:,}",
            "Records",
        ],
        rows,
    )
    floor = growth.get("httpx-sync", 0)
    for name in ("atom-sync", "atom-async"):
        if name in growth:
            flat = growth[name] <= floor + FLAT_MEMORY_SLACK_BYTES
            verdicts[f"flat memory {name}"] = (
                f"streaming export, {CONTENDERS[name]}: traced peak {growth[name] / 2**20:+.2f} MiB "
                f"from {small:,} to {large:,} tickets (plain httpx {floor / 2**20:+.2f} MiB): "
                + ("flat" if flat else "GROWS")
            )


def bench_stats(servers: Mapping[int, LoopbackFake], settings: Settings) -> None:
    """API calls for the help desk's figures at two account sizes."""
    small, large = settings.stats_sizes
    _print(f"### Help-desk stats: API calls at {small:,} vs {large:,} tickets")
    _print()
    work = [
        ("atom-sync", "counts", "fd.stats.summary(averages=False)"),
        ("httpx-sync", "counts", "list tickets, contacts, companies, agents, groups; count"),
        ("python-freshdesk", "counts", "list_tickets, list_contacts, ... ; count"),
        ("atom-sync", "full", "fd.stats.summary() (counts + averages)"),
        ("httpx-sync", "full", "the same with tickets include=stats, plus ratings"),
        ("python-freshdesk", "full", "the same with include=stats (it has no ratings API)"),
    ]
    if settings.quick:  # the smoke run checks that each contender works, once
        work = [item for item in work if item[1] == "full"]
    rows: list[list[str]] = []
    for name, variant, label in work:
        if name not in _contenders([name]):
            rows.append([CONTENDERS[name], label, "not installed", "-", "-", "-", "-", "-"])
            continue
        cells: dict[int, tuple[str, str, str]] = {}
        available = True
        for size in (small, large):
            server = servers[size]
            _configure(server)
            spec = {
                "task": "stats",
                "contender": name,
                "variant": variant,
                "base_url": server.base_url,
                "api_key": server.api_key,
            }
            result = _run_child(spec, settings.child_timeout)
            counters = server.fake.counters
            available = available and bool(result.get("available", True))
            calls = str(counters.total_requests)
            if result.get("error"):
                calls += f" (failed: {result['error']})"
            cells[size] = (calls, str(counters.credits_used), f"{result.get('seconds', 0):.2f}")
        if not available:
            rows.append([CONTENDERS[name], label, "not available yet", "-", "-", "-", "-", "-"])
            continue
        rows.append(
            [
                CONTENDERS[name],
                label,
                cells[small][0],
                cells[large][0],
                cells[small][1],
                cells[large][1],
                cells[small][2],
                cells[large][2],
            ]
        )
    _table(
        [
            "Contender",
            "Work",
            f"Calls, {small:,}",
            f"Calls, {large:,}",
            f"Credits, {small:,}",
            f"Credits, {large:,}",
            f"Wall s, {small:,}",
            f"Wall s, {large:,}",
        ],
        rows,
    )


# --------------------------------------------------------------------------- main


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/run.py",
        description="Benchmark freshdesk-atom against plain httpx and python-freshdesk "
        "on a fake Freshdesk served on loopback.",
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes (a CI smoke run)")
    parser.add_argument("--tickets", type=int, help="tickets of the main account")
    parser.add_argument("--contacts", type=int, help="contacts of the main account")
    parser.add_argument("--latency-ms", type=float, help="latency of the slow export, ms")
    parser.add_argument("--rate-limit", help="budget of the rate-limited export, e.g. 20/2s")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated accounts")
    parser.add_argument(
        "--perpage-runs",
        type=_positive,
        help="processes pooled per mode in the per-page benchmark (default 6, 1 with --quick)",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=BENCHMARKS,
        help="run only this benchmark (repeatable; default: all of them)",
    )
    return parser


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.quick_run() if args.quick else Settings.full()
    changes: dict[str, Any] = {"seed": args.seed}
    for field in ("tickets", "contacts", "latency_ms", "rate_limit", "perpage_runs"):
        value = getattr(args, field)
        if value is not None:
            changes[field] = value
    return attrs.evolve(settings, **changes)


def _command(argv: Sequence[str]) -> str:
    return " ".join([".venv/bin/python", "benchmarks/run.py", *argv])


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen benchmarks; print the tables and the verdicts. Return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _parser().parse_args(arguments)
    settings = _settings(args)
    chosen = set(args.only or BENCHMARKS)
    started = time.perf_counter()
    _print(f"## Benchmark results{' (quick)' if settings.quick else ''}")
    _print()
    _print(f"Command: `{_command(arguments)}`")
    _print()
    for key, value in machine().items():
        _print(f"- {key}: {value}")
    _print()
    if not _pyfreshdesk.available():
        _print(f"> {_pyfreshdesk.INSTALL_HINT}")
        _print()
    verdicts: dict[str, str] = {}
    contacts_of = {settings.tickets: settings.contacts}
    for size in (*settings.memory_sizes, *settings.stats_sizes):
        contacts_of.setdefault(size, max(1, size // 4))
    with tempfile.TemporaryDirectory(prefix="freshdesk-atom-bench-") as tmp:
        out_root = Path(tmp)
        servers: dict[int, LoopbackFake] = {}

        def main_server() -> LoopbackFake:  # started by the first benchmark that needs it
            return _start(servers, settings.tickets, contacts_of, settings.seed)

        try:
            if "perpage" in chosen:
                _timed(bench_perpage, main_server(), settings, verdicts)
            if "export" in chosen:
                _timed(bench_export, main_server(), settings, latency_ms=0.0, out_root=out_root)
            if "latency" in chosen and settings.quick:  # the export above, with a sleep
                _print(f"### Full export, {settings.latency_ms:g} ms added per response")
                _print()
                _print("_(skipped with --quick)_")
                _print()
            elif "latency" in chosen:
                _timed(
                    bench_export,
                    main_server(),
                    settings,
                    latency_ms=settings.latency_ms,
                    out_root=out_root,
                )
            if "rate-limit" in chosen:
                _timed(bench_rate_limited, main_server(), settings, verdicts, out_root=out_root)
            if "memory" in chosen:
                for size in settings.memory_sizes:
                    _start(servers, size, contacts_of, settings.seed)
                _timed(bench_memory, servers, settings, verdicts, out_root=out_root)
                for size in settings.memory_sizes:
                    if size not in settings.stats_sizes and size != settings.tickets:
                        servers.pop(size).stop()
            if "stats" in chosen:
                for size in settings.stats_sizes:
                    _start(servers, size, contacts_of, settings.seed)
                _timed(bench_stats, servers, settings)
        finally:
            for server in servers.values():
                server.stop()
    _print("### Verdicts")
    _print()
    for text in verdicts.values() or ["none: the chosen benchmarks give no verdict"]:
        _print(f"- {text}")
    _print()
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    _print(
        f"_(total run time {time.perf_counter() - started:.0f} s; load average at the end {load})_"
    )
    return 0


def _timed(bench: Callable[..., None], *args: Any, **kwargs: Any) -> None:
    """Run one benchmark and say how long it took."""
    started = time.perf_counter()
    bench(*args, **kwargs)
    _print(f"_({bench.__name__} took {time.perf_counter() - started:.0f} s)_")
    _print()


def _start(
    servers: dict[int, LoopbackFake], size: int, contacts_of: Mapping[int, int], seed: int
) -> LoopbackFake:
    """Serve the account of *size* tickets (once); it is stopped by :func:`main`."""
    if size not in servers:
        started = time.perf_counter()
        server = LoopbackFake(tickets=size, contacts=contacts_of[size], seed=seed)
        servers[size] = server  # registered first, so main() stops it even if start() fails
        server.start()
        _print(
            f"_(fake account: {size:,} tickets, {contacts_of[size]:,} contacts on "
            f"{server.base_url}, generated and started in {time.perf_counter() - started:.1f} s)_"
        )
        _print()
    return servers[size]
