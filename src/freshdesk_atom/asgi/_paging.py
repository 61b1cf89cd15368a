"""ATOM's ``limit``/``offset`` mapped onto Freshdesk's ``page``/``per_page`` (pure).

Freshdesk pages are 1-based and hold ``per_page`` records (at most 100 for
lists; search pages hold exactly 30 and stop at page 10; the tickets list
stops at page 300, docs/freshdesk-api-notes.md#the-tickets-list, #search). ATOM asks for ``limit`` records
starting at ``offset``. :func:`plan_pages` picks the page size that covers
``[offset, offset + limit)`` in the fewest requests and, among those, with
the fewest records fetched and thrown away; the caller fetches the planned
pages in order and :func:`PagePlan.cut` keeps exactly the requested slice.

When the requested window runs past what Freshdesk can reach (page caps),
the plan keeps the reachable part and says so (``truncated``); an ``offset``
beyond the reach raises :class:`OutOfReach`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import attrs

__all__ = ["OutOfReach", "PagePlan", "plan_pages"]

T = TypeVar("T")


class OutOfReach(ValueError):
    """The offset lies past the last record Freshdesk lets this query reach.

    Attributes:
        reach: how many records the query can reach (``max_page * page size``).
    """

    def __init__(self, message: str, *, reach: int) -> None:
        super().__init__(message)
        self.reach = reach


@attrs.frozen(kw_only=True)
class PagePlan:
    """Which Freshdesk pages to fetch for one ``limit``/``offset`` request.

    Attributes:
        per_page: the page size to ask for.
        first_page: the 1-based number of the first page to fetch.
        pages: how many consecutive pages to fetch (the upstream calls).
        skip: records to drop at the start of the first page.
        limit: records to keep (``<=`` the requested limit when truncated).
        truncated: the request ran past Freshdesk's reach and was shortened.
    """

    per_page: int
    first_page: int
    pages: int
    skip: int
    limit: int
    truncated: bool = False

    @property
    def page_numbers(self) -> range:
        """The page numbers to fetch, in order."""
        return range(self.first_page, self.first_page + self.pages)

    @property
    def fetched(self) -> int:
        """How many records the planned pages hold at most."""
        return self.pages * self.per_page

    def cut(self, records: Sequence[T]) -> list[T]:
        """Return the requested slice of *records*, the concatenation of the fetched pages."""
        return list(records[self.skip : self.skip + self.limit])


def _check(name: str, value: int, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum}, not {value!r}")


def plan_pages(
    offset: int,
    limit: int,
    *,
    max_per_page: int = 100,
    fixed_per_page: int | None = None,
    max_page: int | None = None,
) -> PagePlan:
    """Return the cheapest plan that fetches records ``[offset, offset + limit)``.

    Args:
        offset: the 0-based index of the first record wanted.
        limit: how many records are wanted (>= 1).
        max_per_page: the largest page size Freshdesk accepts (lists: 100).
        fixed_per_page: the page size when Freshdesk does not let us choose
            (search: 30); ``max_per_page`` is then ignored.
        max_page: the last page number Freshdesk serves (tickets list: 300,
            search: 10), or ``None`` for no cap.

    Raises:
        OutOfReach: *offset* is at or past the reach of ``max_page``.
        ValueError: a bad argument.
    """
    _check("offset", offset, 0)
    _check("limit", limit, 1)
    _check("max_per_page", max_per_page, 1)
    if fixed_per_page is not None:
        _check("fixed_per_page", fixed_per_page, 1)
        sizes = range(fixed_per_page, fixed_per_page + 1)
    else:
        sizes = range(1, max_per_page + 1)
    truncated = False
    if max_page is not None:
        _check("max_page", max_page, 1)
        reach = max_page * sizes[-1]
        if offset >= reach:
            raise OutOfReach(
                f"offset {offset} is past the {reach} records Freshdesk lets this query reach",
                reach=reach,
            )
        if offset + limit > reach:
            limit, truncated = reach - offset, True
    best: PagePlan | None = None
    for size in sizes:
        first = offset // size
        last = (offset + limit - 1) // size
        if max_page is not None and last + 1 > max_page:
            continue
        plan = PagePlan(
            per_page=size,
            first_page=first + 1,
            pages=last - first + 1,
            skip=offset - first * size,
            limit=limit,
            truncated=truncated,
        )
        if best is None or (plan.pages, plan.fetched) < (best.pages, best.fetched):
            best = plan
    # The largest size always fits once the limit is cut to the reach.
    assert best is not None
    return best
