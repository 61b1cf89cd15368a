"""A one-line progress display for long exports and syncs, on stderr, only on a terminal."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from .models.common import RateLimit

__all__ = ["Progress", "format_duration"]

_BAR_WIDTH = 20


def format_duration(seconds: float) -> str:
    """Return *seconds* as ``m:ss`` or ``h:mm:ss``."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """Redraw one status line: records, requests, the API budget left and, when knowable, an ETA.

    It writes only when *enabled* (default: when *stream* is a terminal), at
    most every *interval* seconds, so a redirected stderr or a log file gets
    nothing. ``fraction`` (0..1), when the caller can estimate it, adds a bar
    and an ETA extrapolated from the time spent so far.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        label: str,
        enabled: bool | None = None,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if enabled is None:
            isatty = getattr(stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.stream = stream
        self.label = label
        self.enabled = enabled
        self.interval = interval
        self._clock = clock
        self._started = clock()
        self._last_draw: float | None = None
        self._drawn = False

    def line(
        self,
        *,
        records: int,
        requests: int,
        rate_limit: RateLimit | None = None,
        fraction: float | None = None,
    ) -> str:
        """Return the status line for these figures (without drawing it)."""
        parts = [f"{self.label}: {records:,} records", f"{requests:,} requests"]
        if rate_limit is not None and rate_limit.remaining is not None:
            total = f"/{rate_limit.total}" if rate_limit.total is not None else ""
            parts.append(f"budget {rate_limit.remaining}{total}")
        elapsed = self._clock() - self._started
        if fraction is not None:
            fraction = min(max(fraction, 0.0), 1.0)
            filled = round(fraction * _BAR_WIDTH)
            parts.append(f"[{'#' * filled}{'.' * (_BAR_WIDTH - filled)}] {fraction:4.0%}")
            if 0.0 < fraction < 1.0 and elapsed > 1.0:
                parts.append(f"ETA {format_duration(elapsed * (1 - fraction) / fraction)}")
        parts.append(format_duration(elapsed))
        return "  ".join(parts)

    def update(
        self,
        *,
        records: int,
        requests: int,
        rate_limit: RateLimit | None = None,
        fraction: float | None = None,
        force: bool = False,
    ) -> None:
        """Redraw the line, unless disabled or drawn less than *interval* ago (and not *force*)."""
        if not self.enabled:
            return
        now = self._clock()
        if not force and self._last_draw is not None and now - self._last_draw < self.interval:
            return
        self._last_draw = now
        text = self.line(
            records=records, requests=requests, rate_limit=rate_limit, fraction=fraction
        )
        # \r back to the start of the line, \x1b[K clears what a longer line left.
        self.stream.write(f"\r{text}\x1b[K")
        self.stream.flush()
        self._drawn = True

    def finish(self) -> None:
        """End the line so the next output starts on a fresh one."""
        if self.enabled and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
