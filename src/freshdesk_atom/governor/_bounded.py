"""How the Redis store runs its operations: each within one deadline, where its connections live.

This is the one part of the Redis store that differs between its async and
sync shells, named so that ``scripts/unasync.py`` maps the async class onto
the sync one (``AsyncOperations`` -> ``Operations``, ``async_bounded`` ->
``bounded``). An *operation* is what one call of the store does on Redis:
waiting for a pooled connection, connecting if need be, and its round trip
(two after Redis lost its scripts).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import threading
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import TypeVar

__all__ = ["AsyncOperations", "NeedsAsyncio", "Operations", "async_bounded", "bounded"]

T = TypeVar("T")


class NeedsAsyncio(RuntimeError):
    """The async Redis store ran outside asyncio (under trio, say): ``redis.asyncio`` needs asyncio."""


class AsyncOperations:
    """Run the async Redis store's operations, each within one deadline, on asyncio.

    ``redis.asyncio``'s connections belong to the event loop that opened them:
    :meth:`owner` tells which loop runs now, so that the store opens new ones
    under another loop (a second ``asyncio.run``), and :meth:`close_with_loop`
    closes them when their loop shuts down.

    Args:
        seconds: the deadline of each operation.
        connections: the most operations at once (the connection pool's size);
            the async store needs no thread for them.
    """

    def __init__(self, seconds: float, *, connections: int) -> None:
        self.seconds = seconds
        self.connections = connections
        self._closer: AsyncGenerator[None, None] | None = None

    def owner(self) -> object:
        """The running asyncio event loop, which owns the connections opened now.

        Raises:
            NeedsAsyncio: no asyncio event loop runs this task (trio, say).
        """
        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            raise NeedsAsyncio(
                "the Redis store needs asyncio (redis.asyncio), and this task runs on another "
                "event loop"
            ) from None

    async def close_with_loop(self, close: Callable[[], Awaitable[None]]) -> None:
        """Have *close* run when the running loop shuts down (``asyncio.run``'s end).

        An async generator started in the loop is finalized by its
        ``shutdown_asyncgens``, while the loop still runs: the connections it
        opened are then closed in it, instead of being left to a loop that is gone.
        """

        async def closer() -> AsyncGenerator[None, None]:
            try:
                yield
            finally:
                await close()

        generator = closer()
        await anext(generator)
        self._closer = generator  # kept alive until its loop shuts down, or aclose()

    async def aclose(self) -> None:
        """Run the pending *close* now (the operations themselves ran in the caller's tasks)."""
        closer, self._closer = self._closer, None
        if closer is not None:
            with contextlib.suppress(Exception):  # closing never fails because of Redis
                await closer.aclose()


class Operations:
    """Run the sync Redis store's operations, each within one deadline, on a few worker threads.

    A blocking socket call cannot be interrupted, and redis-py bounds each
    one, not an operation of several: so the caller hands the operation to a
    worker and waits for it at most the deadline, then goes on without it. The
    worker finishes on its own within its sockets' timeouts; an operation
    still queued at the deadline never runs.

    Args:
        seconds: the deadline of each operation.
        connections: the worker threads (and the connection pool's size).
    """

    def __init__(self, seconds: float, *, connections: int) -> None:
        self.seconds = seconds
        self.connections = connections
        self._lock = threading.Lock()
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self._pid = 0

    def owner(self) -> object:
        """This process: a forked child opens connections and workers of its own."""
        return os.getpid()

    def close_with_loop(self, close: Callable[[], None]) -> None:
        """Nothing to do: sync connections belong to no event loop."""
        return None

    def close(self) -> None:
        """Let the workers end once idle; an operation still queued never runs."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def workers(self) -> concurrent.futures.ThreadPoolExecutor:
        """The worker threads of this process."""
        with self._lock:
            pid = os.getpid()
            if self._executor is None or self._pid != pid:
                # After a fork the parent's workers are not in this process: start new ones.
                self._executor = concurrent.futures.ThreadPoolExecutor(
                    max_workers=self.connections, thread_name_prefix="freshdesk-atom-governor"
                )
                self._pid = pid
            return self._executor


async def async_bounded(operations: AsyncOperations, operation: Callable[[], Awaitable[T]]) -> T:
    """Return what *operation* returns; past the deadline of *operations* it is cancelled.

    Raises:
        TimeoutError: the deadline passed.
        NeedsAsyncio: not on asyncio.
    """
    operations.owner()
    async with asyncio.timeout(operations.seconds):
        return await operation()


def bounded(operations: Operations, operation: Callable[[], T]) -> T:
    """Return what *operation* returns, run by a worker; past the deadline, stop waiting for it.

    Raises:
        TimeoutError: the deadline passed (the worker may still be running it).
    """
    future = operations.workers().submit(operation)
    try:
        return future.result(timeout=operations.seconds)
    except concurrent.futures.TimeoutError:
        future.cancel()  # still queued: it never runs
        raise TimeoutError(f"no answer from Redis within {operations.seconds:g}s") from None
