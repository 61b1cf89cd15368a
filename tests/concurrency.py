"""Bounded concurrency for the tests' bursts: an async and a threaded runner, named for unasync.

``tests/_async`` uses ``AsyncRunner``; the generated ``tests/_sync`` gets ``Runner``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import anyio

T = TypeVar("T")
R = TypeVar("R")


class AsyncRunner:
    """Run ``fn`` over items in tasks, at most ``limit`` at a time; results in order."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    async def map(self, fn: Callable[[T], Awaitable[R]], items: Iterable[T]) -> list[R]:
        work = list(enumerate(items))
        results: dict[int, R] = {}
        limiter = anyio.CapacityLimiter(self.limit)

        async def one(index: int, item: T) -> None:
            async with limiter:
                results[index] = await fn(item)

        async with anyio.create_task_group() as group:
            for index, item in work:
                group.start_soon(one, index, item)
        return [results[index] for index, _ in work]


class Runner:
    """Run ``fn`` over items in threads, at most ``limit`` at a time; results in order."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        with ThreadPoolExecutor(max_workers=self.limit) as pool:
            return list(pool.map(fn, items))
