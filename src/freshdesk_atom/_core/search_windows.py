"""Plan the search windows that reach every match past search's 300-result cap.

One search query reaches at most 300 results (30 per page, pages 1..10, API
docs/freshdesk-api-notes.md#search), but its ``total`` counts every match. To stream all matches,
:class:`WindowPlanner` cuts the query into disjoint *windows*, each the base
query AND a range on some fields, counts each window with one request (page 1,
whose results are kept), and splits any window whose ``total`` is above 300
in two halves until every window fits under the cap.

Windows are boxes: one inclusive :class:`Range` per field, rendered with
Freshdesk's inclusive operators (``:>`` is "at least", ``:<`` "at most", docs/freshdesk-api-notes.md#search)::

    created_at:>'2024-01-01' AND created_at:<'2024-01-15'

The halves of ``[lo, hi]`` are ``[lo, mid]`` and ``[mid + 1, hi]``, so no match
can fall in two windows and none falls between them. An unbounded end stays
unbounded in the half that keeps it (``created_at`` with no lower bound keeps
no ``:>`` term), so records outside the assumed span are never lost; the
assumed span (1970-01-01 to today for dates, 2..5 for ``status``) only picks
where to cut.

The fields are split in order, the first that can still be cut first:

* tickets: ``created_at`` by whole UTC days, then ``status`` (``status:<3``
  down to single values; ``status:>5`` keeps every custom status), then
  ``priority`` (1..4);
* contacts and companies: ``created_at``, then ``updated_at``.

A window that still holds more than 300 matches when nothing can be cut (more
than 300 tickets created on one UTC day with the same status and priority)
raises :class:`~freshdesk_atom.SearchLimitError`, naming the window: a
silent stop would lose records. Narrow the query (e.g. by ``group_id``) and
run it again.

Everything here is pure: no I/O, no clock (``today`` is passed in).
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Final, Literal, TypeAlias

import attrs
from typing_extensions import override

from .._constants import SEARCH_MAX_PAGE, SEARCH_PAGE_SIZE
from .._exceptions import SearchLimitError
from .search_query import And, Condition, Expression, Q, render_query
from .timestamps import utc_day

__all__ = [
    "EARLIEST_DAY",
    "SEARCH_RESULT_CAP",
    "Range",
    "SearchResource",
    "Window",
    "WindowPlanner",
    "is_truncated",
    "root_window",
    "utc_day",
    "window_query",
]

SearchResource: TypeAlias = Literal["tickets", "contacts", "companies"]

SEARCH_RESULT_CAP: Final = SEARCH_PAGE_SIZE * SEARCH_MAX_PAGE
"""300: the most results one search query can reach (docs/freshdesk-api-notes.md#search)."""

EARLIEST_DAY: Final = date(1970, 1, 1)
"""Where an unbounded date range is assumed to start when choosing a cut."""


def is_truncated(total: int | None) -> bool:
    """Return whether a search with *total* matches has more than one query can reach."""
    return total is not None and total > SEARCH_RESULT_CAP


# --------------------------------------------------------------------------- windows


@attrs.frozen
class Range:
    """An inclusive range on one searchable field; ``None`` is an open end.

    Values are integers: the field value itself for ``"int"`` fields, the
    day's proleptic ordinal (``date.toordinal()``) for ``"date"`` fields, so
    both kinds cut the same way.

    Attributes:
        field: the search field, e.g. ``"created_at"``.
        kind: ``"date"`` (whole UTC days) or ``"int"``.
        low: the smallest value included, or ``None`` for no lower bound.
        high: the largest value included, or ``None`` for no upper bound.
        floor: where an open lower end is assumed to start, to choose a cut.
        ceiling: where an open upper end is assumed to stop; ``None`` means
            "today" for dates.
    """

    field: str
    kind: Literal["date", "int"]
    low: int | None = None
    high: int | None = None
    floor: int = 0
    ceiling: int | None = None

    def span(self, today: date) -> tuple[int, int]:
        """Return the ``(low, high)`` this range is assumed to cover, open ends filled in."""
        low = self.low if self.low is not None else self.floor
        if self.high is not None:
            high = self.high
        elif self.ceiling is not None:
            high = self.ceiling
        else:
            high = today.toordinal()
        return low, max(high, low)

    def halves(self, today: date) -> tuple[Range, Range] | None:
        """Return ``[low, mid]`` and ``[mid + 1, high]``, or ``None`` if the range is one value."""
        low, high = self.span(today)
        if low >= high:
            return None
        mid = low + (high - low) // 2
        return attrs.evolve(self, high=mid), attrs.evolve(self, low=mid + 1)

    def conditions(self) -> tuple[Condition, ...]:
        """Return the search terms of this range (none when both ends are open)."""
        field = Q.field(self.field)
        if self.low is not None and self.low == self.high:
            return (field.eq(self._value(self.low)),)
        terms: list[Condition] = []
        if self.low is not None:
            terms.append(field.gte(self._value(self.low)))
        if self.high is not None:
            terms.append(field.lte(self._value(self.high)))
        return tuple(terms)

    def _value(self, value: int) -> int | date:
        return date.fromordinal(value) if self.kind == "date" else value

    def describe(self) -> str:
        """Return the range as text for messages, e.g. ``created_at 2024-01-01..2024-01-31``."""
        low = "*" if self.low is None else str(self._value(self.low))
        high = "*" if self.high is None else str(self._value(self.high))
        return f"{self.field} {low}..{high}"


@attrs.frozen
class Window:
    """One box of the search: a range per field, all of them ANDed to the base query."""

    ranges: tuple[Range, ...]

    def conditions(self) -> tuple[Condition, ...]:
        """Return the search terms of every range, in field order."""
        return tuple(term for r in self.ranges for term in r.conditions())

    def split(self, today: date) -> tuple[Window, Window] | None:
        """Return the two halves of the first range that can be cut, or ``None``."""
        for index, current in enumerate(self.ranges):
            halves = current.halves(today)
            if halves is not None:
                left, right = halves
                before, after = self.ranges[:index], self.ranges[index + 1 :]
                return Window((*before, left, *after)), Window((*before, right, *after))
        return None

    def describe(self) -> str:
        """Return the window as text for messages."""
        return ", ".join(
            r.describe() for r in self.ranges if r.low is not None or r.high is not None
        )

    def widest(self, today: date) -> Window:
        """Return this window with every range closed and two-sided: its longest rendering."""
        closed = []
        for r in self.ranges:
            low, high = r.span(today)
            closed.append(attrs.evolve(r, low=low, high=max(high, low + 1)))
        return Window(tuple(closed))


def _ordinal(value: date | None) -> int | None:
    return None if value is None else utc_day(value).toordinal()


def root_window(
    resource: SearchResource, *, since: date | None = None, until: date | None = None
) -> Window:
    """Return the window covering every match, ``created_at`` limited to *since*..*until*.

    *since* and *until* are taken as UTC days, both included; ``None`` leaves
    that end open.

    Raises:
        ValueError: *since* is after *until*.
    """
    low, high = _ordinal(since), _ordinal(until)
    if low is not None and high is not None and low > high:
        raise ValueError(
            f"since ({date.fromordinal(low)}) is after until ({date.fromordinal(high)})"
        )
    created = Range("created_at", "date", low, high, floor=EARLIEST_DAY.toordinal())
    if resource == "tickets":
        # 2 Open .. 5 Closed; the open ends keep custom statuses (>= 6) and any oddity.
        status = Range("status", "int", floor=2, ceiling=5)
        priority = Range("priority", "int", floor=1, ceiling=4)
        return Window((created, status, priority))
    updated = Range("updated_at", "date", floor=EARLIEST_DAY.toordinal())
    return Window((created, updated))


class _Text(Expression):
    """A caller's query string, parenthesised whenever it is combined."""

    __slots__ = ("text",)
    _binding: ClassVar[int] = 0

    def __init__(self, text: str) -> None:
        self.text = text

    @override
    def __str__(self) -> str:
        return self.text


def window_query(base: str | Expression, window: Window) -> str:
    """Return the ``query`` parameter for *base* restricted to *window*, double-quoted.

    A string *base* is parenthesised as a whole, so its own ``OR`` cannot
    escape the window's ``AND``.

    Raises:
        ValueError: the combined query has more than 512 characters.
    """
    terms = window.conditions()
    if not terms:
        return render_query(base)
    inner = render_query(base)[1:-1]
    head: Expression = base if isinstance(base, Expression) else _Text(inner)
    return render_query(And.of(head, *terms))


# --------------------------------------------------------------------------- planning


class WindowPlanner:
    """Decide which windows to fetch, depth first, lowest range first.

    Drive it like this (the shell does, with one search request per count)::

        planner = WindowPlanner(root_window("tickets"), today=today)
        while (window := planner.next_window()) is not None:
            first_page = search(window_query(base, window), page=1)
            if planner.record(window, first_page.total):
                ...  # yield first_page, then pages 2.. of the same query

    Windows come out in ascending order of their ranges, so tickets arrive
    oldest day first (each window's own order is Freshdesk's).

    Attributes:
        counted: how many windows were counted so far (one request each).
        split_count: how many windows were split.
    """

    def __init__(self, root: Window, *, today: date, cap: int = SEARCH_RESULT_CAP) -> None:
        self._pending: list[Window] = [root]
        self._today = today
        self._cap = cap
        self.counted = 0
        self.split_count = 0

    def next_window(self) -> Window | None:
        """Return the next window to count, or ``None`` when every window is done."""
        return self._pending.pop() if self._pending else None

    def record(self, window: Window, total: int) -> bool:
        """Take the count of *window*; return ``True`` if its results should be fetched.

        ``False`` means the window is empty, or was split (its halves come out
        of :meth:`next_window` next).

        Raises:
            SearchLimitError: more than 300 matches and nothing left to cut.
        """
        self.counted += 1
        if total <= 0:
            return False
        if total <= self._cap:
            return True
        halves = window.split(self._today)
        if halves is None:
            raise SearchLimitError(
                f"{total} matches in one search window ({window.describe()}), more than the "
                f"{self._cap} one Freshdesk search query can return, and the window cannot be "
                "split further; narrow the query (e.g. by group_id or agent_id)",
                total=total,
                window=window.describe(),
            )
        self.split_count += 1
        left, right = halves
        # A stack: the left (older, lower) half comes out first.
        self._pending.extend((right, left))
        return False
