# Generated from src/freshdesk_atom/_async/_pagination.py by scripts/unasync.py; do not edit.
"""Pages you can address, and lazy paginators that walk them, several pages in flight.

``fd.tickets.list(...)`` returns an :class:`Paginator`: nothing is sent
until you iterate it. ``for item in paginator`` walks every record,
``paginator.iter_pages()`` every :class:`Page`, ``paginator.get_page(n)``
fetches page *n*, and each page knows its own number and how to fetch the next
(``page.next_page_info()``, ``page.get_next_page()``). Freshdesk's page numbers
are known in advance (the ``Link`` header only ever announces the next one),
so while you handle a page the sync paginator already fetches the following
ones, up to the client's ``pages_in_flight``, always through the rate
governor, and hands them out in order. It starts with one ahead and widens as
pages keep coming, so a short list costs no extra request, and it never asks
past the end it knows (the tickets list's page 300, a search's last page).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Generic, TypeVar

import attrs
import httpx

from .._constants import LOGGER_NAME
from .._core.pagination import (
    check_page,
    current_page,
    last_search_page,
    lookahead,
    with_page,
)
from .._core.request import RequestSpec
from .._core.search_windows import SEARCH_RESULT_CAP
from .._parsing import ParsedPage
from .._response import APIResponse, PageInfo, ResponseMeta
from .._synchronization import Prefetch
from .._types import RequestOptions

if TYPE_CHECKING:
    from ._client import Freshdesk

__all__ = ["Page", "Paginator", "WindowedSearch"]

logger = logging.getLogger(LOGGER_NAME)

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

PageParser = Callable[[RequestSpec, httpx.Response], ParsedPage[T]]


@attrs.frozen(kw_only=True)
class Page(Generic[T_co]):
    """One page of a list or search result.

    Attributes:
        items: the records of this page, in Freshdesk's order.
        page: its 1-based page number (the one that was asked for).
        total: the full match count (search only; lists have no total).
        has_next: whether there is a next page this query can reach.
        truncated: ``True`` when the query matches more than it can reach:
            a search whose ``total`` is above 300 (30 per page, pages 1..10;
            narrow the query, or use ``fd.search.tickets_all()``, which splits
            it), or the tickets list at page 300 when Freshdesk announced
            page 301 (use ``fd.tickets.iter_all()``, which restarts its window
            before the cap). ``has_next`` is then ``False``.
        meta: the response's status, request id and rate-limit snapshot.
    """

    items: tuple[T_co, ...]
    page: int
    total: int | None = None
    has_next: bool = False
    truncated: bool = False
    meta: ResponseMeta
    _paginator: Paginator[T_co] | None = attrs.field(
        default=None, alias="paginator", eq=False, repr=False
    )

    def __iter__(self) -> Iterator[T_co]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def next_page_info(self) -> PageInfo | None:
        """Return where the next page is, or ``None`` when this is the last one."""
        if not self.has_next or self._paginator is None:
            return None
        return PageInfo(page=self.page + 1)

    def get_next_page(self) -> Page[T_co] | None:
        """Fetch the page after this one; ``None`` when this is the last one."""
        info = self.next_page_info()
        if info is None or self._paginator is None:
            return None
        return self._paginator.get_page(info.page)

    def trimmed(self, count: int) -> Page[T_co]:
        """Return this page keeping only its first *count* items."""
        if count >= len(self.items):
            return self
        return attrs.evolve(self, items=self.items[:count])


class Paginator(Generic[T]):
    """A lazy sequence of records spread over pages.

    Nothing is sent until you iterate. ``for item in paginator`` yields
    records across pages; ``paginator.iter_pages()`` yields :class:`Page`
    objects; ``paginator.first_page()`` fetches just the first one and
    ``paginator.get_page(n)`` page *n*. ``max_items`` and ``max_pages``
    stop the walk early. Iterating again starts again from the first page.

    Search paginators also say, once a page came, how many records match
    (``total``) and whether that is more than one query reaches (``truncated``).
    """

    def __init__(
        self,
        client: Freshdesk,
        spec: RequestSpec,
        parse: PageParser[T],
        *,
        options: RequestOptions | None = None,
        max_items: int | None = None,
        max_pages: int | None = None,
        last_page: int | None = None,
    ) -> None:
        for name, limit in (("max_items", max_items), ("max_pages", max_pages)):
            if limit is not None and (not isinstance(limit, int) or limit < 1):
                raise ValueError(f"{name} must be a positive int or None, not {limit!r}")
        self._client = client
        self._spec = spec
        self._parse = parse
        self._options = options
        self._last_page = last_page
        self.max_items = max_items
        self.max_pages = max_pages
        self.total: int | None = None
        self.truncated: bool | None = None

    def get_page(self, number: int) -> Page[T]:
        """Fetch page *number* of this list (1-based).

        Raises:
            TypeError: *number* is not an int (nothing is sent).
            ValueError: *number* is below 1 or past the last page Freshdesk
                lets this query reach (nothing is sent).
        """
        return self._fetch(check_page(number, last=self._last_page), self._options)

    def first_page(self) -> Page[T]:
        """Fetch and return the page the walk starts at (the first, or ``page=``)."""
        return self._fetch(current_page(self._spec), self._options)

    def first_page_response(self) -> APIResponse[Page[T]]:
        """Fetch the first page and return it raw: status, headers, and ``parse()`` for the page."""
        spec = self._spec_for(current_page(self._spec))
        response = self._client._send(spec, self._options)
        return APIResponse(response, lambda raw: self._page(spec, raw))

    def iter_pages(self) -> Iterator[Page[T]]:
        """Yield each page in turn, honouring ``max_pages`` and ``max_items``.

        The sync client fetches the next pages while you handle this one
        (see the module docstring); the sync client fetches one at a time.
        """
        fetched = 0
        remaining = self.max_items
        for page in self._pages():
            if self.max_pages is not None and fetched >= self.max_pages:
                return
            fetched += 1
            if remaining is not None:
                if len(page.items) >= remaining:
                    yield page.trimmed(remaining)
                    return
                remaining -= len(page.items)
            yield page
            del page  # the caller keeps it if it wants: hold nothing while fetching on

    def _pages(self) -> Iterator[Page[T]]:
        """Yield the pages from the start page on, fetching ahead (see the module docstring)."""
        job = self._client._job(self._options, self._spec)
        prefetch: Prefetch[int, Page[T]] = Prefetch(
            lambda number: self._fetch(number, job.options()), depth=self._client._pages_in_flight
        )
        number = current_page(self._spec)
        fetched = 0
        ended = False
        try:
            while True:
                prefetch.want(self._ahead(number, fetched=fetched))
                page = prefetch.take(number)
                fetched += 1
                has_next = page.has_next
                yield page
                del page
                if not has_next:
                    ended = True
                    return
                number += 1
        finally:
            # At the end, pages asked for past it are already on their way: let them
            # land, so the governor counts their cost. A caller who stopped early
            # does not wait for them.
            prefetch.close(drain=ended)

    def _ahead(self, number: int, *, fetched: int) -> range:
        """The page numbers after *number* worth fetching ahead: never past what is known to exist.

        A search's total says where it ends: every page up to there. A list
        says only whether one more page exists: the window opens as
        :func:`lookahead` says, so at most ``pages_in_flight - 1`` requests
        go past its end.
        """
        if self.total is not None:
            last = last_search_page(self.total)
        else:
            last = number + lookahead(fetched)
        if self._last_page is not None:
            last = min(last, self._last_page)
        if self.max_pages is not None:
            last = min(last, current_page(self._spec) + self.max_pages - 1)
        return range(number + 1, last + 1)

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            items = iter(page.items)
            del page
            for item in items:
                yield item

    def _spec_for(self, number: int) -> RequestSpec:
        # The start page goes as asked (no page=1 added); the others name their page.
        return self._spec if number == current_page(self._spec) else with_page(self._spec, number)

    def _fetch(self, number: int, options: RequestOptions | None) -> Page[T]:
        spec = self._spec_for(number)
        response = self._client._send(spec, options)
        page = self._page(spec, response)
        if page.total is not None:
            self.total, self.truncated = page.total, page.truncated
            if page.truncated and not page.has_next:
                logger.warning(
                    "search %s stopped at Freshdesk's cap of %d results: %s matches in all; "
                    "narrow the query or use the *_all() methods of fd.search to get every match",
                    spec.path,
                    SEARCH_RESULT_CAP,
                    page.total,
                )
        elif page.truncated:
            self.truncated = True
            logger.warning(
                "%s stopped at page %d, the last one Freshdesk serves, with more records "
                "announced; use iter_all() to get every record",
                spec.path,
                page.page,
            )
        return page

    def _page(self, spec: RequestSpec, response: httpx.Response) -> Page[T]:
        parsed = self._parse(spec, response)
        at_cap = self._last_page is not None and parsed.page >= self._last_page
        return Page(
            items=parsed.items,
            page=parsed.page,
            total=parsed.total,
            has_next=parsed.has_next and not at_cap,
            # A list that announces a page past its cap (tickets: 300) has more
            # records than this query reaches.
            truncated=parsed.truncated or (parsed.has_next and at_cap and parsed.total is None),
            meta=parsed.meta,
            paginator=self,
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._spec.method} {self._spec.path}>"


class WindowedSearch(Paginator[T]):
    """Every match of a search, window after window: what ``fd.search.tickets_all()`` returns.

    Iterate it like any paginator. Its pages are the pages of each window's
    own query (``get_next_page()`` stays within that window); a page number
    alone does not address them, so ``get_page()`` is not available.
    """

    def __init__(
        self,
        client: Freshdesk,
        spec: RequestSpec,
        parse: PageParser[T],
        *,
        windows: Callable[[], Iterator[Page[T]]],
        options: RequestOptions | None = None,
        max_items: int | None = None,
        max_pages: int | None = None,
    ) -> None:
        super().__init__(
            client, spec, parse, options=options, max_items=max_items, max_pages=max_pages
        )
        self._windows = windows

    def get_page(self, number: int) -> Page[T]:
        """Not available: a page number alone does not say which window (see the class)."""
        raise TypeError("the pages of a windowed search are not addressed by number")

    def first_page(self) -> Page[T]:
        """Return the first page of the first window with matches (an empty page when none)."""
        for page in self.iter_pages():
            return page
        raise LookupError("no page")  # pragma: no cover - the windows always yield a page

    def _pages(self) -> Iterator[Page[T]]:
        for page in self._windows():
            yield page
