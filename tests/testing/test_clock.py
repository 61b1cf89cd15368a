"""The controllable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from freshdesk_atom.testing import FakeClock

from ._support import START


def test_manual_clock_moves_only_on_request() -> None:
    clock = FakeClock.manual(START)
    assert clock.frozen
    assert clock.now() == START == clock.now()
    assert clock.advance(90) == START + timedelta(seconds=90)
    clock.set(datetime(2030, 1, 1))  # naive = UTC
    assert clock.now() == datetime(2030, 1, 1, tzinfo=UTC)
    assert clock.to_real_seconds(60) == 60
    with pytest.raises(ValueError, match="backwards"):
        clock.advance(-1)


def test_real_time_clock_runs_at_its_speed() -> None:
    real = [100.0]
    clock = FakeClock(START, speed=10, monotonic=lambda: real[0])
    assert not clock.frozen
    real[0] = 101.5
    assert clock.now() == START + timedelta(seconds=15)
    clock.advance(5)
    assert clock.now() == START + timedelta(seconds=20)
    assert clock.to_real_seconds(60) == 6
    clock.freeze()
    real[0] = 500.0
    assert clock.now() == START + timedelta(seconds=20)
    clock.unfreeze()
    real[0] = 501.0
    assert clock.now() == START + timedelta(seconds=30)
    clock.set(START)
    assert clock.now() == START
    assert "x10" in repr(clock)


def test_default_is_the_current_time_and_speed_must_be_positive() -> None:
    before = datetime.now(UTC)
    assert FakeClock().now() >= before
    with pytest.raises(ValueError, match="positive"):
        FakeClock(speed=0)
