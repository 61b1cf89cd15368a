"""The few primitives that truly differ between the async and sync shells.

Each comes as a pair named so that ``scripts/unasync.py`` maps the async name
onto the sync one (``async_sleep`` -> ``sleep``, ``AsyncLock`` -> ``Lock``,
``AsyncBoundedRunner`` -> ``BoundedRunner``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from types import TracebackType
from typing import Any, TypeVar, cast

import anyio

from ._core.governor import BULK_WORK

__all__ = ["AsyncBoundedRunner", "AsyncLock", "BoundedRunner", "Lock", "async_sleep", "sleep"]

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


def _check_limit(limit: int) -> int:
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ValueError(f"limit must be a positive int, not {limit!r}")
    return limit


class AsyncBoundedRunner:
    """Run independent calls concurrently, at most ``limit`` at a time, under the rate governor.

    ```python
    runner = AsyncBoundedRunner(4)
    tickets = await runner.map(fd.tickets.get, [101, 102, 103, 104, 105])
    ```

    Every request made inside ``map`` counts as bulk work: the client's rate
    governor paces it (unless its options say ``governed=False``), so more
    tasks never mean more than the governor's share of the budget; they only
    hide the network's latency.
    """

    def __init__(self, limit: int) -> None:
        self.limit = _check_limit(limit)

    async def map(self, fn: Callable[[T], Awaitable[R]], items: Iterable[T]) -> list[R]:
        """Return ``[await fn(item) for item in items]``, in order, running up to ``limit`` at once.

        The first call to fail cancels the others still running, and its
        exception is raised as is.
        """
        work = list(enumerate(items))
        results: list[Any] = [None] * len(work)
        if self.limit == 1 or len(work) <= 1:
            for index, item in work:
                token = BULK_WORK.set(True)
                try:
                    results[index] = await fn(item)
                finally:
                    BULK_WORK.reset(token)
            return cast("list[R]", results)
        pending = iter(work)
        failures: list[Exception] = []

        async def worker(scope: anyio.CancelScope) -> None:
            # Each task runs in its own copy of the context: the flag stays inside it.
            BULK_WORK.set(True)
            for index, item in pending:
                try:
                    results[index] = await fn(item)
                except Exception as exc:
                    failures.append(exc)
                    scope.cancel()
                    return

        async with anyio.create_task_group() as group:
            for _ in range(min(self.limit, len(work))):
                group.start_soon(worker, group.cancel_scope)
        if failures:
            raise failures[0]
        return cast("list[R]", results)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(limit={self.limit})"


class BoundedRunner:
    """Run independent calls in threads, at most ``limit`` at a time, under the rate governor.

    ```python
    runner = BoundedRunner(4)
    tickets = runner.map(fd.tickets.get, [101, 102, 103, 104, 105])
    ```

    Every request made inside ``map`` counts as bulk work: the client's rate
    governor (shared by the threads) paces it unless its options say
    ``governed=False``. ``limit=1`` runs the calls one by one in the calling thread.
    """

    def __init__(self, limit: int) -> None:
        self.limit = _check_limit(limit)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """Return ``[fn(item) for item in items]``, in order, running up to ``limit`` at once.

        The first call to fail stops the calls not yet started; its exception
        is raised as is once the running ones have finished.
        """
        work = list(items)

        def call(item: T) -> R:
            token = BULK_WORK.set(True)
            try:
                return fn(item)
            finally:
                BULK_WORK.reset(token)

        if self.limit == 1 or len(work) <= 1:
            return [call(item) for item in work]
        with ThreadPoolExecutor(max_workers=min(self.limit, len(work))) as pool:
            futures: list[Future[R]] = [pool.submit(call, item) for item in work]
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            failed = [f for f in futures if f in done and f.exception() is not None]
            if failed:
                for future in futures:
                    future.cancel()
        if failed:
            error = failed[0].exception()
            assert error is not None
            raise error
        return [future.result() for future in futures]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(limit={self.limit})"
