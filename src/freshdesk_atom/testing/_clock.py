"""The fake's controllable clock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

__all__ = ["FakeClock"]


class FakeClock:
    """The time as the fake Freshdesk sees it.

    Two modes:

    * **real time** (default): the clock runs from *start* (default: now) at
      *speed* times the wall clock. ``speed=30`` makes a 60-second rate-limit
      window pass in 2 real seconds; ``Retry-After`` is then reported in real
      seconds (see :meth:`to_real_seconds`).
    * **manual** (``frozen=True``): the clock stands still until a test calls
      :meth:`advance` or :meth:`set`. Rate-limit windows, ``updated_at`` and
      the 30-day windows all follow it.

    Every timestamp the fake writes (``created_at``, ``updated_at``, stats)
    comes from :meth:`now`, truncated to whole seconds on the wire.
    """

    def __init__(
        self,
        start: datetime | None = None,
        *,
        frozen: bool = False,
        speed: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """Create a clock at *start* (aware or naive-UTC; default: the current time)."""
        if speed <= 0:
            raise ValueError("speed must be positive")
        self._lock = threading.Lock()
        self._monotonic = monotonic
        self._base = _utc(start) if start is not None else datetime.now(UTC)
        self._mark = monotonic()
        self._frozen = frozen
        self._speed = speed

    @classmethod
    def manual(cls, start: datetime | None = None) -> FakeClock:
        """Return a frozen clock at *start* (default 2024-06-03T12:00:00Z) that moves only on request."""
        return cls(start or datetime(2024, 6, 3, 12, 0, 0, tzinfo=UTC), frozen=True)

    @property
    def frozen(self) -> bool:
        """Whether the clock moves only through :meth:`advance` and :meth:`set`."""
        return self._frozen

    @property
    def speed(self) -> float:
        """How many fake seconds pass per real second in real-time mode."""
        return self._speed

    def now(self) -> datetime:
        """Return the current fake time, an aware UTC datetime."""
        with self._lock:
            if self._frozen:
                return self._base
            elapsed = (self._monotonic() - self._mark) * self._speed
            return self._base + timedelta(seconds=elapsed)

    def timestamp(self) -> float:
        """Return :meth:`now` as POSIX seconds."""
        return self.now().timestamp()

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward by *seconds* (in either mode) and return the new time."""
        if seconds < 0:
            raise ValueError("the clock does not go backwards; use set()")
        with self._lock:
            self._base += timedelta(seconds=seconds)
        return self.now()

    def set(self, moment: datetime) -> None:
        """Jump to *moment* (aware, or naive taken as UTC); real-time mode runs on from there."""
        with self._lock:
            self._base = _utc(moment)
            self._mark = self._monotonic()

    def freeze(self) -> None:
        """Stop the clock at the current time (manual mode)."""
        moment = self.now()
        with self._lock:
            self._base, self._frozen = moment, True

    def unfreeze(self) -> None:
        """Let the clock run again from the current time (real-time mode)."""
        with self._lock:
            self._mark, self._frozen = self._monotonic(), False

    def to_real_seconds(self, fake_seconds: float) -> float:
        """Convert a fake duration to the real wait a client must make.

        In manual mode no real time needs to pass, so the fake duration is
        returned as is (a test advances the clock by it).
        """
        return fake_seconds if self._frozen else fake_seconds / self._speed

    def __repr__(self) -> str:
        mode = "manual" if self._frozen else f"real-time x{self._speed:g}"
        return f"FakeClock({self.now().isoformat()}, {mode})"


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
