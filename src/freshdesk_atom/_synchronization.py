"""The few primitives that truly differ between the async and sync shells.

Each comes as a pair named so that ``scripts/unasync.py`` maps the async name
onto the sync one (``async_sleep`` -> ``sleep``, ``AsyncLock`` -> ``Lock``).
"""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import TypeVar

import anyio

__all__ = ["AsyncLock", "Lock", "async_sleep", "sleep"]

T = TypeVar("T")
R = TypeVar("R")


async def async_sleep(seconds: float) -> None:
    """Wait *seconds* without blocking the event loop (asyncio or trio)."""
    await anyio.sleep(seconds)


def sleep(seconds: float) -> None:
    """Block the calling thread for *seconds*."""
    time.sleep(seconds)


class AsyncLock:
    """A lock for tasks of one event loop, created lazily inside the loop."""

    def __init__(self) -> None:
        self._lock: anyio.Lock | None = None

    async def __aenter__(self) -> None:
        if self._lock is None:
            self._lock = anyio.Lock()
        await self._lock.acquire()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._lock is not None
        self._lock.release()


class Lock:
    """A lock for the threads of one process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __enter__(self) -> None:
        self._lock.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._lock.release()
