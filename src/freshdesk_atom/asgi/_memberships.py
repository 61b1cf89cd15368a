"""Group memberships for the agents and groups routes: fetched from the group views, cached briefly.

Freshdesk leaves ``agent_ids`` out of ``GET /groups`` items and ``group_ids``
out of ``GET /agents`` items (docs/freshdesk-api-notes.md#agents, #groups);
only a single group's view carries its members. The ATOM page counts both
lists for every record it renders, so the adapter reads every group's view
(``GET /groups/{id}``, one request per group, a few at a time) and inverts
the result for the agents.

One reading serves every route and caller of an account for
``max_age`` seconds (default 60), so a page load that asks for agents and
then groups pays for the views once. When the views cannot be read, the
route fails with the reason: the adapter never invents an empty list.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

import anyio
import attrs

from .. import AsyncFreshdesk, FreshdeskError, NotFoundError
from .._constants import MAX_PER_PAGE
from ..models.groups import Group

__all__ = ["MembershipCache", "Memberships", "agents_by_group", "groups_by_agent"]

VIEW_CONCURRENCY = 4
"""Group views read at once: enough to hide latency, few enough to leave the budget to others."""


@attrs.frozen(kw_only=True)
class Memberships:
    """Every group of an account as its view shows it (members included), read at one time.

    Attributes:
        groups: the group views, in the order ``GET /groups`` lists them.
        fetched_at: when the reading finished (UTC).
    """

    groups: tuple[Group, ...]
    fetched_at: datetime

    def group(self, group_id: int) -> Group | None:
        """Return the view of group *group_id*, or ``None`` when it did not exist then."""
        return next((group for group in self.groups if group.id == group_id), None)


def agents_by_group(groups: Iterable[Group]) -> dict[int, list[int]]:
    """Return each group's member ids (a group whose view has no ``agent_ids`` has none)."""
    return {group.id: list(group.agent_ids or ()) for group in groups}


def groups_by_agent(groups: Iterable[Group]) -> dict[int, list[int]]:
    """Invert group views into each agent's group ids, in the groups' order (pure)."""
    found: dict[int, list[int]] = {}
    for group in groups:
        for agent_id in group.agent_ids or ():
            ids = found.setdefault(agent_id, [])
            if group.id not in ids:
                ids.append(group.id)
    return found


async def read_memberships(fd: AsyncFreshdesk) -> Memberships:
    """List every group, then read each one's view, :data:`VIEW_CONCURRENCY` at a time.

    Raises:
        FreshdeskError: any request failed (after the SDK's own retries).
    """
    listed = [group async for group in fd.groups.list(per_page=MAX_PER_PAGE)]
    views: list[Group | None] = [None] * len(listed)
    failures: list[FreshdeskError] = []
    limiter = anyio.CapacityLimiter(VIEW_CONCURRENCY)

    async def view(index: int, group_id: int) -> None:
        async with limiter:
            try:
                views[index] = await fd.groups.get(group_id)
            except NotFoundError:
                pass  # deleted since it was listed: it has no members to report
            except FreshdeskError as exc:
                # The reading is useless without every group: stop the others now.
                failures.append(exc)
                tasks.cancel_scope.cancel()

    async with anyio.create_task_group() as tasks:
        for index, group in enumerate(listed):
            tasks.start_soon(view, index, group.id)
    if failures:
        raise failures[0]
    return Memberships(
        groups=tuple(group for group in views if group is not None),
        fetched_at=datetime.now(UTC),
    )


class MembershipCache:
    """Readings of group memberships per account, each kept for *max_age* seconds.

    Concurrent requests for one account wait for a single reading instead of
    each starting their own. A failed reading is not kept: the next request
    tries again.
    """

    def __init__(self, *, max_age: float = 60.0, clock: Callable[[], float] = time.monotonic):
        if max_age < 0:
            raise ValueError("max_age must be >= 0 seconds")
        self.max_age = max_age
        self._clock = clock
        self._readings: dict[tuple[str, str], tuple[float, Memberships]] = {}
        self._locks: dict[tuple[str, str], anyio.Lock] = {}

    async def get(self, account: tuple[str, str], fd: AsyncFreshdesk) -> Memberships:
        """Return a reading for *account* no older than ``max_age``, reading one with *fd* if needed.

        *account* identifies the account and the key used on it, so a caller
        never sees a reading made with someone else's key.

        Raises:
            FreshdeskError: the reading failed.
        """
        lock = self._locks.setdefault(account, anyio.Lock())
        async with lock:
            kept = self._readings.get(account)
            if kept is not None and self._clock() - kept[0] <= self.max_age:
                return kept[1]
            reading = await read_memberships(fd)
            self._readings[account] = (self._clock(), reading)
            return reading

    def forget(self, account: tuple[str, str]) -> None:
        """Drop the reading of *account* (its groups or members just changed)."""
        self._readings.pop(account, None)

    def __repr__(self) -> str:
        return f"<MembershipCache accounts={len(self._readings)} max_age={self.max_age:g}s>"
