"""Smoke test of the benchmarks: ``benchmarks/run.py --quick`` runs to the end.

It serves tiny fake accounts on loopback and runs every contender once. Only
completion, the presence of every table, row and verdict, and the id checks of
the exported records are checked: never a timing, which depends on the machine.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from freshdesk_atom.testing import redis_server_path

ROOT = Path(__file__).resolve().parent.parent
BOUND_SECONDS = 120

HEADINGS = (
    "## Benchmark results (quick)",
    "### Loopback export, no added latency",
    "### Export, 5 ms added per response",
    "### Export, 25 ms added per response",
    "### Rate limit 100 credits / 2 s, 10% faults",
    "### Memory: streaming export of 200 vs 800 tickets, SDK sync",
    "### Verdicts",
)
CONTENDER_ROWS = (
    "| SDK sync: `Freshdesk`, `list()` |",
    "| SDK async: `AsyncFreshdesk(pages_in_flight=8)`, `list()` |",
    "| SDK complete export: `AsyncFreshdesk(pages_in_flight=8)`, `iter_all()`",
    "| plain httpx sync: GET loop following `Link` |",
    "| plain httpx async, 8 pages in flight |",
    "| python-freshdesk ",  # its figures, or "not installed"
)
OTHER_ROWS = (
    "| SDK sync / plain httpx sync |",
    "| SDK async / plain httpx async (both 8 pages in flight) |",
    "| python-freshdesk / SDK async |",
    "| SDK complete export / SDK async |",
    "| 200 |",
    "| 800 |",
    "| difference |",
)
VERDICTS = (
    ": Loopback export, no added latency, SDK sync / plain httpx sync: ",
    ": Export, 5 ms added per response, SDK async / plain httpx async",
    ": Export, 25 ms added per response, python-freshdesk / SDK async: ",
    ": rate limit, SDK sync: every record",
    ": rate limit, SDK async: 429 share ",
    ": rate limit, SDK complete export: ",
    ": rate limit + 10% faults, SDK sync: every record exactly once",
    ": rate limit + 10% faults, SDK complete export: every record exactly once",
    ": memory, peak RSS: ",
    ": memory, tracemalloc peak: ",
)


def test_quick_run_completes_and_prints_every_table() -> None:
    pytest.importorskip("uvicorn")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # one process group: the harness and its contenders
    )
    try:
        out, err = process.communicate(timeout=BOUND_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"benchmarks/run.py --quick did not finish in {BOUND_SECONDS} s")
    assert process.returncode == 0, err[-3000:]
    missing = [text for text in (*HEADINGS, *OTHER_ROWS, *VERDICTS) if text not in out]
    # Every export table (loopback, 5 ms, 25 ms) has a row per contender.
    missing += [row for row in CONTENDER_ROWS if out.count(row) < 3]
    assert not missing, f"missing from the output: {missing}\n{out[-3000:]}"
    assert "failed:" not in out, out[-3000:]
    assert "NOT exact" not in out, out[-3000:]


@pytest.mark.parametrize(
    ("ids", "exact", "said"),
    [
        ([1, 2, 3], True, "3/3 tickets"),
        ([1, 2], False, "2/3 tickets (1 missing, 0 repeated, 0 unexpected)"),
        ([1, 2, 3, 3, 4], False, "4/3 tickets (0 missing, 1 repeated, 1 unexpected)"),
    ],
)
def test_check_ids_finds_missing_repeated_and_unexpected_records(
    tmp_path: Path, ids: list[int], exact: bool, said: str
) -> None:
    from benchmarks._harness import check_ids

    lines = "".join(json.dumps({"id": record_id}) + "\n" for record_id in ids)
    (tmp_path / "tickets.jsonl").write_text(lines, encoding="utf-8")
    assert check_ids(tmp_path, {"tickets": {1, 2, 3}}) == (exact, said)


def test_the_webhook_secret_timing_runs(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.webhook_secret_timing import main

    assert main(["--rounds", "200", "--requests", "5"]) == 0
    printed = capsys.readouterr().out
    for row in ("| none right |", "| all but one |", "| leaky loop, all but one |"):
        assert row in printed


@pytest.mark.skipif(
    redis_server_path() is None, reason="no redis-server (apt-get install redis-server)"
)
def test_the_shared_budget_benchmark_runs_to_the_end() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.shared_budget", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BOUND_SECONDS,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for row in ("| shared (Redis) |", "| per process |", "| shared, Redis killed |"):
        assert row in done.stdout
    assert done.stdout.count("every record exactly once") == 3
    assert "redis-server killed" in done.stdout
    assert "redis-server started again" in done.stdout
    assert "reachable again" in done.stdout  # the workers went back to Redis
