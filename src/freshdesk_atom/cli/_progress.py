"""A one-line progress display for long exports and syncs, on stderr, only on a terminal."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from ..models.common import RateLimit

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
    nothing. ``total`` (the records expected, when Freshdesk can count them)
    adds a bar, the share done and an ETA from this run's own pace; without
    it the line shows no percentage rather than a guess.
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
        self._first_records: int | None = None
        self._last_draw: float | None = None
        self._drawn = False

    def line(
        self,
        *,
        records: int,
        requests: int,
        rate_limit: RateLimit | None = None,
        total: int | None = None,
        finished: bool = False,
    ) -> str:
        """Return the status line for these figures (without drawing it).

        The share is ``records / total``, held below 100% until *finished*
        (Freshdesk's counts are approximate: search lags and counts whole
        days). The ETA extrapolates the pace of the records this run wrote:
        a resumed export's earlier records do not make it look fast.
        """
        if self._first_records is None:
            self._first_records = records
        shown = f"{records:,} of ~{total:,} records" if total else f"{records:,} records"
        parts = [f"{self.label}: {shown}", f"{requests:,} requests"]
        if rate_limit is not None and rate_limit.remaining is not None:
            limit = f"/{rate_limit.total}" if rate_limit.total is not None else ""
            parts.append(f"budget {rate_limit.remaining}{limit}")
        elapsed = self._clock() - self._started
        if total:
            share = 1.0 if finished else min(records / total, 0.99)
            filled = round(share * _BAR_WIDTH)
            parts.append(f"[{'#' * filled}{'.' * (_BAR_WIDTH - filled)}] {share:4.0%}")
            done_now = records - self._first_records
            if not finished and done_now > 0 and elapsed > 1.0 and records < total:
                parts.append(f"ETA {format_duration(elapsed * (total - records) / done_now)}")
        parts.append(format_duration(elapsed))
        return "  ".join(parts)

    def update(
        self,
        *,
        records: int,
        requests: int,
        rate_limit: RateLimit | None = None,
        total: int | None = None,
        finished: bool = False,
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
            records=records,
            requests=requests,
            rate_limit=rate_limit,
            total=total,
            finished=finished,
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
