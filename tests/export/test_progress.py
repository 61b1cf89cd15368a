"""The progress line: what it shows, when it draws."""

from __future__ import annotations

import io

import pytest

from freshdesk_atom import RateLimit
from freshdesk_atom._progress import Progress, format_duration


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
    clock.now += 30
    line = progress.line(
        records=12_345,
        requests=124,
        rate_limit=RateLimit(total=700, remaining=512, used=1),
        fraction=0.25,
    )
    assert line == (
        "export tickets: 12,345 records  124 requests  budget 512/700  "
        "[#####...............]  25%  ETA 1:30  0:30"
    )


def test_no_eta_without_a_fraction_or_a_budget_without_headers() -> None:
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
