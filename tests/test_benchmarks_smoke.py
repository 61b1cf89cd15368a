"""Smoke test of the benchmark harness: ``benchmarks/run.py --quick`` runs to the end.

It serves tiny fake accounts on loopback and runs every contender once. Only
completion and the presence of every table and row are checked: never a
timing, which depends on the machine.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BOUND_SECONDS = 60

HEADINGS = (
    "## Benchmark results (quick)",
    "### Per-page time, same ticket pages from the fake on loopback",
    "### Client-side work per page: one recorded page from memory, no socket",
    "### Full export, 0 ms added per response",
    "### Full export under a rate limit of",
    "### Peak memory of a tickets export",
    "### Help-desk stats: API calls at",
    "### Verdicts",
)
ROWS = (
    "| sync | plain httpx.Client (floor) |",
    "| sync | freshdesk-atom Freshdesk (sync) |",
    "| async | plain httpx.AsyncClient (floor) |",
    "| async | freshdesk-atom AsyncFreshdesk |",
    "| freshdesk-atom Freshdesk (sync) |",
    "| freshdesk-atom AsyncFreshdesk |",
    "| plain httpx.Client (floor) |",
    "| plain httpx.AsyncClient (floor) |",
    "| python-freshdesk (PyPI) |",  # its figures, or "not installed"
    "- per page, sync: ",
    "- per page, async: ",
)


def test_quick_run_completes_and_prints_every_table() -> None:
    pytest.importorskip("uvicorn")
    process = subprocess.Popen(
        # Two per-page runs: the pooling across processes runs too.
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--perpage-runs", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # one process group: the harness and its workers
    )
    try:
        out, err = process.communicate(timeout=BOUND_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"benchmarks/run.py --quick did not finish in {BOUND_SECONDS} s")
    assert process.returncode == 0, err[-3000:]
    missing = [text for text in (*HEADINGS, *ROWS) if text not in out]
    assert not missing, f"missing from the output: {missing}\n{out[-3000:]}"


@pytest.mark.parametrize(
    ("floor", "other", "median"),
    [
        ([1.0, 1.0, 1.0], [1.1, 1.2, 1.3], 0.2),
        # A slow spell hits both sides of a pair: the pair's ratio does not move.
        ([1.0, 3.0, 1.0], [1.1, 3.3, 1.1], 0.1),
        ([2.0, 2.0], [1.0, 3.0], 0.0),
        ([1.0], [0.5], -0.5),
    ],
)
def test_paired_ratio_is_the_median_of_per_pair_ratios(
    floor: list[float], other: list[float], median: float
) -> None:
    from benchmarks._harness import paired_ratio

    ratio, low, high = paired_ratio(floor, other)
    assert ratio == pytest.approx(median)
    assert low <= ratio <= high
    assert paired_ratio(floor, other) == (ratio, low, high)  # a fixed seed: reproducible


@pytest.mark.parametrize(("floor", "other"), [([], []), ([1.0], [1.0, 2.0])])
def test_paired_ratio_needs_pairs(floor: list[float], other: list[float]) -> None:
    from benchmarks._harness import paired_ratio

    with pytest.raises(ValueError, match="paired"):
        paired_ratio(floor, other)


def test_paired_ratio_over_runs_counts_what_a_run_shares_as_spread() -> None:
    from benchmarks._harness import paired_ratio

    # Three processes, each with its own steady ratio: resampling the pooled pairs
    # alone would take the middle one for a precise answer.
    floor = [1.0] * 30
    other = [1.10] * 10 + [1.12] * 10 + [1.20] * 10
    pooled = paired_ratio(floor, other)
    ratio, low, high = paired_ratio(floor, other, runs=[10, 10, 10])
    assert ratio == pooled[0] == pytest.approx(0.12)
    assert low == pytest.approx(0.10)
    assert high == pytest.approx(0.20)
    assert high - low > pooled[2] - pooled[1]
    assert paired_ratio(floor, other, runs=[30]) == pooled  # one run: pairs only


def test_paired_ratio_over_runs_also_resamples_the_pairs_within_each_run() -> None:
    from benchmarks._harness import paired_ratio

    # Three runs with the same spread of pairs: drawing whole runs alone could only
    # ever give the same median, so any width comes from the pairs drawn within them.
    floor = [1.0] * 30
    other = [1.0 + step / 100 for step in range(10)] * 3
    ratio, low, high = paired_ratio(floor, other, runs=[10, 10, 10])
    assert low < ratio < high


def test_paired_ratio_groups_the_pairs_in_the_order_of_the_runs() -> None:
    from benchmarks._harness import paired_ratio

    floor = [1.0] * 30
    other = [1.10] * 5 + [1.12] * 10 + [1.20] * 15
    assert paired_ratio(floor, other, runs=[5, 10, 15]) != paired_ratio(
        floor, other, runs=[15, 10, 5]
    )


@pytest.mark.parametrize("runs", [[10, 10], [10, 10, 10, 1], [30, 0], []])
def test_paired_ratio_needs_runs_that_add_up_to_the_pairs(runs: list[int]) -> None:
    from benchmarks._harness import paired_ratio

    with pytest.raises(ValueError, match="runs"):
        paired_ratio([1.0] * 30, [1.1] * 30, runs=runs)


@pytest.mark.parametrize(
    ("low", "high", "said"),
    [
        (0.10, 0.14, "within the 15% target"),
        (0.10, 0.15, "within the 15% target"),
        (0.13, 0.16, "not settled: the interval straddles the 15% target"),
        (0.15, 0.18, "not settled: the interval straddles the 15% target"),
        (0.16, 0.20, "NOT within the 15% target"),
        (-0.05, 0.02, "within the 15% target"),
    ],
)
def test_verdict_reads_the_whole_interval(low: float, high: float, said: str) -> None:
    from benchmarks._harness import verdict

    assert verdict(low, high, 0.15) == said


@pytest.mark.parametrize(
    ("argv", "runs", "only"),
    [
        ([], 6, None),
        (["--perpage-runs", "24", "--only", "perpage"], 24, ["perpage"]),
        (["--quick", "--only", "export", "--only", "stats"], 1, ["export", "stats"]),
    ],
)
def test_command_line_picks_benchmarks_and_runs(
    argv: list[str], runs: int, only: list[str] | None
) -> None:
    from benchmarks._harness import _parser, _settings

    args = _parser().parse_args(argv)
    assert _settings(args).perpage_runs == runs
    assert args.only == only


@pytest.mark.parametrize(
    ("only", "ran", "sizes"),
    [
        (["perpage"], ["perpage"], [250]),
        (["export", "latency"], ["export"], [250]),  # --quick skips the latency export
        (["memory"], ["memory"], [100, 250]),
        (["stats"], ["stats"], [100, 250]),
        (["rate-limit", "stats"], ["rate_limited", "stats"], [250, 100]),
    ],
)
def test_only_runs_the_chosen_benchmarks_and_stops_every_server(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    only: list[str],
    ran: list[str],
    sizes: list[int],
) -> None:
    from benchmarks import _harness

    started: list[int] = []
    stopped: list[int] = []

    class Server:
        base_url = "http://127.0.0.1:1/api/v2/"

        def __init__(self, *, tickets: int, contacts: int, seed: int) -> None:
            self.tickets = tickets

        def start(self) -> None:
            started.append(self.tickets)

        def stop(self) -> None:
            stopped.append(self.tickets)

    calls: list[str] = []
    monkeypatch.setattr(_harness, "LoopbackFake", Server)
    for name in ("perpage", "export", "rate_limited", "memory", "stats"):
        monkeypatch.setattr(
            _harness, f"bench_{name}", lambda *args, _name=name, **kwargs: calls.append(_name)
        )
    argv = ["--quick"] + [word for name in only for word in ("--only", name)]
    assert _harness.main(argv) == 0
    assert calls == ran
    assert started == sizes
    assert sorted(stopped) == sorted(started)
    assert "none: the chosen benchmarks give no verdict" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--perpage-runs", "0"], ["--only", "everything"]])
def test_command_line_refuses_what_it_cannot_run(argv: list[str]) -> None:
    from benchmarks._harness import _parser

    with pytest.raises(SystemExit):
        _parser().parse_args(argv)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 6, 7])
def test_balanced_orders_let_every_contender_follow_every_other_equally(count: int) -> None:
    from benchmarks._workloads import balanced_orders

    names = [f"c{index}" for index in range(count)]
    cycle = count if count % 2 == 0 else 2 * count
    orders = list(balanced_orders(names, 3 * cycle))
    for first in range(0, len(orders), cycle):  # each cycle on its own
        one = orders[first : first + cycle]
        assert all(sorted(order) == names for order in one)
        positions = Counter((place, name) for order in one for place, name in enumerate(order))
        assert set(positions.values()) == {cycle // count}
        followers = Counter(pair for order in one for pair in itertools.pairwise(order))
        if count > 1:
            assert len(followers) == count * (count - 1)  # every ordered pair occurs...
            assert len(set(followers.values())) == 1  # ...equally often


def test_balanced_orders_go_on_where_the_last_run_stopped() -> None:
    from benchmarks._workloads import balanced_orders

    names = ["floor", "sdk", "models"]
    whole = list(balanced_orders(names, 40 * 3))
    runs = [list(balanced_orders(names, 40, start=run * 40)) for run in range(3)]
    assert [order for run in runs for order in run] == whole
