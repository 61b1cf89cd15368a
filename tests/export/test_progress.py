"""The progress line: what it shows, when it draws."""

from __future__ import annotations

import io

import pytest

from freshdesk_atom import RateLimit
from freshdesk_atom.cli._progress import Progress, format_duration


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (59.6, "1:00"), (61, "1:01"), (3725, "1:02:05"), (-3, "0:00")],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_the_line_shows_records_requests_budget_bar_and_eta() -> None:
    clock = Clock()
    progress = Progress(Terminal(), label="export tickets", clock=clock)
    progress.line(records=0, requests=0, total=49_380)  # the run starts from nothing
    clock.now += 30
    line = progress.line(
        records=12_345,
        requests=124,
        rate_limit=RateLimit(total=700, remaining=512, used=1),
        total=49_380,
    )
    assert line == (
        "export tickets: 12,345 of ~49,380 records  124 requests  budget 512/700  "
        "[#####...............]  25%  ETA 1:30  0:30"
    )


def test_a_resumed_run_paces_the_eta_by_its_own_records() -> None:
    clock = Clock()
    progress = Progress(Terminal(), label="export tickets", clock=clock)
    progress.line(records=9_000, requests=0, total=10_000)  # 9,000 written before the crash
    clock.now += 60
    line = progress.line(records=9_500, requests=5, total=10_000)
    # 500 records in 60 s: the last 500 take another 60 s (not 6.7 s, as 9,500 in 60 s would say).
    assert "ETA 1:00" in line
    assert "95%" in line


@pytest.mark.parametrize(
    ("records", "finished", "share"),
    [(10_000, False, " 99%"), (10_400, False, " 99%"), (10_400, True, "100%")],
)
def test_the_share_reaches_100_only_when_finished(records: int, finished: bool, share: str) -> None:
    progress = Progress(Terminal(), label="x", clock=Clock())
    line = progress.line(records=records, requests=1, total=10_000, finished=finished)
    assert f"] {share}" in line
    assert "ETA" not in line


def test_no_share_and_no_eta_without_a_total_nor_a_budget_without_headers() -> None:
    progress = Progress(Terminal(), label="sync", clock=Clock())
    assert progress.line(records=1, requests=1, rate_limit=RateLimit()) == (
        "sync: 1 records  1 requests  0:00"
    )


def test_it_draws_on_a_terminal_at_most_every_interval_and_ends_the_line() -> None:
    screen, clock = Terminal(), Clock()
    progress = Progress(screen, label="x", interval=0.5, clock=clock)
    progress.update(records=1, requests=1)
    progress.update(records=2, requests=2)  # too soon
    clock.now += 1
    progress.update(records=3, requests=3)
    progress.update(records=4, requests=4, force=True)
    progress.finish()
    drawn = screen.getvalue()
    assert drawn.count("\r") == 3
    assert "x: 2 records" not in drawn
    assert drawn.endswith("\n")


def test_it_is_quiet_when_not_a_terminal_or_disabled() -> None:
    log = io.StringIO()
    progress = Progress(log, label="x")
    progress.update(records=1, requests=1, force=True)
    progress.finish()
    assert log.getvalue() == ""
    screen = Terminal()
    muted = Progress(screen, label="x", enabled=False)
    muted.update(records=1, requests=1, force=True)
    assert screen.getvalue() == ""
