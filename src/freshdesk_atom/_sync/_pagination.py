# Generated from src/freshdesk_atom/_async/_pagination.py by scripts/unasync.py; do not edit.
"""Lazy pagination: iterate items across pages, one page in memory at a time."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Generic, TypeVar

import httpx
from typing_extensions import override

from .._constants import LOGGER_NAME
from .._core.request import RequestSpec
from .._core.search_windows import SEARCH_RESULT_CAP
from .._response import Page
from .._types import RequestOptions

if TYPE_CHECKING:
    from ._client import Freshdesk

__all__ = ["Paginator", "SearchPaginator"]

logger = logging.getLogger(LOGGER_NAME)

T = TypeVar("T")

PageParser = Callable[[RequestSpec, httpx.Response], "tuple[Page[T], RequestSpec | None]"]


class Paginator(Generic[T]):
    """A lazy sequence of records spread over pages.

    Nothing is sent until you iterate. ``for item in paginator`` yields
    records across pages; ``paginator.pages()`` yields ``Page`` objects with
    their metadata; ``paginator.first_page()`` fetches just one page. The
    next page is the one Freshdesk's ``Link`` header announces (search: until
    ``total`` or page 10), so memory holds one page, whatever the total.
    Iterating again starts again from the first page.
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
    ) -> None:
        for name, limit in (("max_items", max_items), ("max_pages", max_pages)):
            if limit is not None and (not isinstance(limit, int) or limit < 1):
                raise ValueError(f"{name} must be a positive int or None, not {limit!r}")
        self._client = client
        self._spec = spec
        self._parse = parse
        self._options = options
        self.max_items = max_items
        self.max_pages = max_pages

    def _fetch(self, spec: RequestSpec) -> tuple[Page[T], RequestSpec | None]:
        response = self._client._transport.request(spec, self._client._config, self._options)
        return self._parse(spec, response)

    def first_page(self) -> Page[T]:
        """Fetch and return the first page only."""
        page, _ = self._fetch(self._spec)
        return page

    def pages(self) -> Iterator[Page[T]]:
        """Yield each page in turn, honouring ``max_pages`` and ``max_items``."""
        spec: RequestSpec | None = self._spec
        fetched = 0
        remaining = self.max_items
        while spec is not None:
            if self.max_pages is not None and fetched >= self.max_pages:
                return
            page, spec = self._fetch(spec)
            fetched += 1
            if remaining is not None:
                if len(page.items) >= remaining:
                    yield page.trimmed(remaining)
                    return
                remaining -= len(page.items)
            yield page
            # The caller keeps the page if it wants it; we hold nothing while the
            # next one is fetched and built.
            del page

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            items = iter(page.items)
            # Only the caller's current item stays alive once the page is walked:
            # the next page's models take the memory of this one's instead of
            # adding to it.
            del page
            for item in items:
                yield item

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._spec.method} {self._spec.path}>"


class SearchPaginator(Paginator[T]):
    """The results of one search query: an ``Paginator`` that knows ``total``.

    Freshdesk returns at most 300 results per search query (30 per page,
    pages 1..10), whatever ``total`` says. Past that cap nothing is dropped
    silently: every ``Page`` has ``truncated=True``, ``paginator.truncated``
    says so after the first page, and an iteration that stops at page 10 with
    matches left logs one WARNING on the ``freshdesk_atom`` logger. To get
    every match, use ``fd.search.tickets_all()`` (or ``contacts_all()``,
    ``companies_all()``), which splits the query.

    Attributes:
        total: the full match count of the latest page fetched (``None`` before).
        truncated: whether ``total`` is above 300 (``None`` before the first page).
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
    ) -> None:
        super().__init__(
            client, spec, parse, options=options, max_items=max_items, max_pages=max_pages
        )
        self.total: int | None = None
        self.truncated: bool | None = None

    @override
    def _fetch(self, spec: RequestSpec) -> tuple[Page[T], RequestSpec | None]:
        page, following = super()._fetch(spec)
        self.total = page.total
        self.truncated = page.truncated
        return page, following

    @override
    def pages(self) -> Iterator[Page[T]]:
        """Yield each page in turn; warn once if the 300-result cap ends the iteration."""
        # Of the last page, only what the warning needs: the page itself is not kept.
        capped, total = False, None
        for page in super().pages():
            capped, total = page.truncated and not page.has_next, page.total
            yield page
            del page
        if capped:
            logger.warning(
                "search %s stopped at Freshdesk's cap of %d results: %s matches in all; "
                "narrow the query or use the *_all() methods of fd.search to get every match",
                self._spec.path,
                SEARCH_RESULT_CAP,
                total,
            )
