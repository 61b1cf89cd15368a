"""The few primitives that truly differ between the async and sync shells.

Each comes as a pair named so that ``scripts/unasync.py`` maps the async name
onto the sync one (``async_sleep`` -> ``sleep``, ``AsyncLock`` -> ``Lock``,
``AsyncPrefetch`` -> ``Prefetch``).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Awaitable, Callable, Hashable, Iterable
from types import TracebackType
from typing import Generic, TypeVar

import anyio

__all__ = ["AsyncLock", "AsyncPrefetch", "Lock", "Prefetch", "async_sleep", "sleep"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


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


class AsyncPrefetch(Generic[K, V]):
    """Fetch what will be needed next in background tasks, at most ``depth`` at a time.

    A paginator asks for the page it needs now with :meth:`take`, after saying
    with :meth:`want` which ones it expects to need next; while it handles the
    current page, those are already on their way. Results are handed out by
    key, so the caller sees them in its own order. A fetch that fails raises
    when (if ever) its key is taken. :meth:`aclose` cancels whatever was not
    taken. With ``depth`` 1, or outside asyncio (trio), nothing runs ahead.
    """

    def __init__(self, fetch: Callable[[K], Awaitable[V]], *, depth: int) -> None:
        self._fetch = fetch
        self._depth = max(1, depth)
        self._tasks: dict[K, asyncio.Task[V]] = {}

    def want(self, keys: Iterable[K]) -> None:
        """Start fetching *keys* (in order) while fewer than ``depth`` fetches run."""
        if self._depth == 1:
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # pragma: no cover - trio: no background tasks here
            return
        for key in keys:
            if len(self._tasks) >= self._depth:
                return
            if key not in self._tasks:
                self._tasks[key] = asyncio.ensure_future(self._fetch(key))

    async def take(self, key: K) -> V:
        """Return the result for *key*, fetching it now if it was not started."""
        task = self._tasks.pop(key, None)
        if task is None:
            return await self._fetch(key)
        return await task

    async def aclose(self, *, drain: bool = False) -> None:
        """End the fetches nobody took.

        With *drain*, let them finish (their requests are out: the rate
        governor then counts what they cost) and drop their results; without
        it (the caller stopped early), cancel them.
        """
        tasks = list(self._tasks.values())
        self._tasks.clear()
        if not drain:
            for task in tasks:
                task.cancel()
        for task in tasks:
            # Cancelled, failed or not wanted: nobody takes its result.
            with contextlib.suppress(BaseException):
                await task


class Prefetch(Generic[K, V]):
    """The sync twin of :class:`AsyncPrefetch`: one thread fetches one thing at a time."""

    def __init__(self, fetch: Callable[[K], V], *, depth: int) -> None:
        self._fetch = fetch
        self._depth = depth

    def want(self, keys: Iterable[K]) -> None:
        """Nothing runs ahead in the sync client (a thread per page would cost more)."""

    def take(self, key: K) -> V:
        """Fetch and return the result for *key*."""
        return self._fetch(key)

    def close(self, *, drain: bool = False) -> None:
        """Nothing runs ahead: nothing to end."""
