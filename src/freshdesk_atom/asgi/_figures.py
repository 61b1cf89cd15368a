"""The answers of ``GET /stats`` and ``GET /stats/trends``, kept briefly per account.

Both routes walk the period's tickets with their stats (``include=stats``,
3 credits a page), so a page that shows them costs tens of credits; the rate
governor spreads those over seconds. Kept for ``max_age`` seconds (default 60,
like the group memberships), a reload, a second tab or a second caller gets
the same figures at once and without credits. Search totals lag Freshdesk's
changes by minutes anyway, so a minute-old figure says nothing less true.

Concurrent requests for one answer wait for a single reading; a failed
reading is not kept.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio

__all__ = ["FiguresCache"]

Key = tuple[str, str, str]
"""``(base URL, key fingerprint, what)``: an account, the key used on it, and the figures."""


class FiguresCache:
    """JSON-ready figures per account and route, each kept for *max_age* seconds (0: not kept)."""

    def __init__(self, *, max_age: float = 60.0, clock: Callable[[], float] = time.monotonic):
        if max_age < 0:
            raise ValueError("max_age must be >= 0 seconds")
        self.max_age = max_age
        self._clock = clock
        self._answers: dict[Key, tuple[float, dict[str, Any]]] = {}
        self._locks: dict[Key, anyio.Lock] = {}

    async def get(self, key: Key, read: Callable[[], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
        """Return the answer kept for *key* if it is recent enough, else ``await read()`` and keep it.

        Raises:
            Whatever *read* raises (nothing is kept then).
        """
        if self.max_age == 0:
            return await read()
        lock = self._locks.setdefault(key, anyio.Lock())
        async with lock:
            kept = self._answers.get(key)
            if kept is not None and self._clock() - kept[0] <= self.max_age:
                return kept[1]
            answer = await read()
            now = self._clock()
            # Drop what has expired, so that the cache holds only the last minute's answers.
            self._answers = {
                kept_key: entry
                for kept_key, entry in self._answers.items()
                if now - entry[0] <= self.max_age
            }
            self._answers[key] = (now, answer)
            return answer

    def __repr__(self) -> str:
        return f"<FiguresCache answers={len(self._answers)} max_age={self.max_age:g}s>"
