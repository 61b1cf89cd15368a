"""The one primitive of the Redis store that differs between its async and sync shells.

Named so that ``scripts/unasync.py`` maps the async one onto the sync one
(``async_bounded`` -> ``bounded``).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator

__all__ = ["async_bounded", "bounded"]


@contextlib.asynccontextmanager
async def async_bounded(seconds: float) -> AsyncIterator[None]:
    """Raise ``TimeoutError`` if the block takes longer than *seconds* (asyncio).

    redis-py's asyncio client bounds each read by its socket timeout, but
    closing a connection after a timeout may wait as long again: this bounds
    the whole operation.
    """
    async with asyncio.timeout(seconds):
        yield


@contextlib.contextmanager
def bounded(seconds: float) -> Iterator[None]:
    """Nothing to add for the sync client: its socket timeouts bound each call, and closing never waits."""
    yield
