# Generated from src/freshdesk_atom/_async/resources/search.py by scripts/unasync.py; do not edit.
"""The search resource: tickets, contacts and companies by query (docs/freshdesk-api-notes.md#search)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime
from functools import partial
from typing import Protocol, TypeAlias, TypeVar

import attrs

from ..._constants import LOGGER_NAME, SEARCH_MAX_PAGE
from ..._core.pagination import start_page
from ..._core.request import RequestSpec
from ..._core.search_query import Expression, render_query
from ..._core.search_windows import (
    SEARCH_RESULT_CAP,
    SearchResource,
    Window,
    WindowPlanner,
    root_window,
    window_query,
)
from ..._exceptions import ResponseValidationError
from ..._parsing import parse_search_page, parse_search_total
from ..._types import NOT_GIVEN, NotGiven, RequestOptions
from ...models.companies import Company
from ...models.contacts import Contact
from ...models.tickets import Ticket
from .._pagination import Page, Paginator, WindowedSearch
from .._raw import to_raw_list_wrapper, to_raw_response_wrapper
from ._base import APIResource

__all__ = ["Search", "SearchQuery", "SearchWithRawResponse"]

logger = logging.getLogger(LOGGER_NAME)

SearchQuery: TypeAlias = "str | Expression"
"""A search query: Freshdesk's query text, or an expression built with ``Q``."""


class _Record(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=_Record)

_RESOURCES: tuple[SearchResource, ...] = ("tickets", "contacts", "companies")


def _search_spec(resource: SearchResource, query: str) -> RequestSpec:
    """Return page 1 of ``GET /search/{resource}?query="..."`` (*query* already rendered)."""
    return RequestSpec(method="GET", path=f"search/{resource}", params=(("query", query),))


class Search(APIResource):
    """Search: ``fd.search`` (``GET /search/{tickets,contacts,companies}``).

    A query is Freshdesk's query text (``"status:2 AND priority:>3"``, without
    or with the surrounding double quotes) or an expression built with ``Q``
    (``Q.status(2) & Q.priority.gte(3)``). It is rendered, double-quoted and
    length-checked (512 characters at most) before any request.

    One query reaches at most 300 results (30 per page, pages 1..10), while
    its ``total`` counts every match. The paginators say when a query is past
    that cap (``truncated``); ``count()`` reads ``total`` with one request;
    ``tickets_all()`` and its siblings split the query by creation day (and
    further, see their docstrings) to stream every match. Search does not see
    spam, deleted or archived tickets nor deleted contacts, and lags behind
    changes by a few minutes.
    """

    @property
    def with_raw_response(self) -> SearchWithRawResponse:
        """The searches (first page) and ``count`` returning an ``APIResponse`` (status, headers)."""
        return SearchWithRawResponse(self)

    def tickets(
        self,
        query: SearchQuery,
        *,
        page: int | NotGiven = NOT_GIVEN,
        max_items: int | None = None,
        max_pages: int | None = None,
        options: RequestOptions | None = None,
    ) -> Paginator[Ticket]:
        """Search tickets lazily (``GET /search/tickets``), 30 per page, 300 at most.

        Results include ``description`` and ``description_text``. Past 300
        matches, pages and the paginator have ``truncated=True``; use
        :meth:`tickets_all` to get them all.

        Raises:
            ValueError: the query is empty or longer than 512 characters (nothing is sent).
            TypeError: the query is neither a string nor a ``Q`` expression.
        """
        return self._paginator("tickets", Ticket, query, page, options, max_items, max_pages)

    def contacts(
        self,
        query: SearchQuery,
        *,
        page: int | NotGiven = NOT_GIVEN,
        max_items: int | None = None,
        max_pages: int | None = None,
        options: RequestOptions | None = None,
    ) -> Paginator[Contact]:
        """Search contacts lazily (``GET /search/contacts``), 30 per page, 300 at most.

        Custom contact fields are searched by their bare name (no ``cf_``).

        Raises:
            ValueError: the query is empty or longer than 512 characters (nothing is sent).
            TypeError: the query is neither a string nor a ``Q`` expression.
        """
        return self._paginator("contacts", Contact, query, page, options, max_items, max_pages)

    def companies(
        self,
        query: SearchQuery,
        *,
        page: int | NotGiven = NOT_GIVEN,
        max_items: int | None = None,
        max_pages: int | None = None,
        options: RequestOptions | None = None,
    ) -> Paginator[Company]:
        """Search companies lazily (``GET /search/companies``), 30 per page, 300 at most.

        Raises:
            ValueError: the query is empty or longer than 512 characters (nothing is sent).
            TypeError: the query is neither a string nor a ``Q`` expression.
        """
        return self._paginator("companies", Company, query, page, options, max_items, max_pages)

    def count(
        self,
        query: SearchQuery,
        *,
        resource: SearchResource = "tickets",
        options: RequestOptions | None = None,
    ) -> int:
        """Return how many records match, with one request (page 1's ``total``).

        The count is not capped at 300. It costs one API credit.

        Args:
            query: the query text or a ``Q`` expression.
            resource: ``"tickets"`` (default), ``"contacts"`` or ``"companies"``.

        Raises:
            ValueError: the query is empty or longer than 512 characters, or
                *resource* is unknown (nothing is sent).
            ResponseValidationError: the response carries no ``total``.
        """
        if resource not in _RESOURCES:
            raise ValueError(f"resource must be one of {_RESOURCES}, not {resource!r}")
        spec = _search_spec(resource, render_query(query))
        return self._client.request(spec, parse=parse_search_total, options=options)

    def tickets_all(
        self,
        query: SearchQuery,
        *,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        options: RequestOptions | None = None,
    ) -> Paginator[Ticket]:
        """Stream every ticket matching *query*, past the 300-result cap, each once.

        The query is cut into windows of ``created_at`` days (``since`` and
        ``until`` bound them: UTC days, both included; ``None`` leaves that end
        open), each counted with one request and halved while it holds more
        than 300 matches. A single day with more than 300 matches is cut by
        ``status`` (2, 3, 4, 5, and ``status:>5`` for custom statuses), then by
        ``priority``. Windows are disjoint, so no ticket comes twice; each
        window's page 1 is the count request, so a window of *n* matches costs
        ``ceil(n / 30)`` requests and a split costs one. Windows come oldest
        day first.

        Tickets changed while the stream runs (a new ticket, a status change
        when windows are cut by status) may be missed, as with any paging; a
        ticket is still never yielded twice.

        Raises:
            ValueError: bad query, or ``since`` after ``until`` (before any request).
            SearchLimitError: more than 300 tickets created on one UTC day with
                the same status and priority match; narrow the query.
        """
        return self._all("tickets", Ticket, query, since, until, options)

    def contacts_all(
        self,
        query: SearchQuery,
        *,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        options: RequestOptions | None = None,
    ) -> Paginator[Contact]:
        """Stream every contact matching *query*, past the 300-result cap, each once.

        Like :meth:`tickets_all`, cutting by ``created_at`` days, then by
        ``updated_at`` days (an import can create thousands of contacts on
        one day).

        Raises:
            ValueError: bad query, or ``since`` after ``until`` (before any request).
            SearchLimitError: more than 300 matching contacts were created and
                last updated on the same UTC days; narrow the query.
        """
        return self._all("contacts", Contact, query, since, until, options)

    def companies_all(
        self,
        query: SearchQuery,
        *,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        options: RequestOptions | None = None,
    ) -> Paginator[Company]:
        """Stream every company matching *query*, past the 300-result cap, each once.

        Like :meth:`contacts_all`: cut by ``created_at``, then ``updated_at`` days.

        Raises:
            ValueError: bad query, or ``since`` after ``until`` (before any request).
            SearchLimitError: more than 300 matching companies were created and
                last updated on the same UTC days; narrow the query.
        """
        return self._all("companies", Company, query, since, until, options)

    # ------------------------------------------------------------------ internals

    def _paginator(
        self,
        resource: SearchResource,
        item: type[R],
        query: SearchQuery,
        page: int | NotGiven,
        options: RequestOptions | None,
        max_items: int | None,
        max_pages: int | None,
    ) -> Paginator[R]:
        spec = start_page(_search_spec(resource, render_query(query)), page, last=SEARCH_MAX_PAGE)
        return self._client.get_api_list(
            spec, item=item, search=True, options=options, max_items=max_items, max_pages=max_pages
        )

    def _all(
        self,
        resource: SearchResource,
        item: type[R],
        query: SearchQuery,
        since: date | None,
        until: date | None,
        options: RequestOptions | None,
    ) -> Paginator[R]:
        # Check everything before the first request: the widest window renders
        # the longest query any window can.
        root = root_window(resource, since=since, until=until)
        today = datetime.now(UTC).date()
        window_query(query, root.widest(today))
        return WindowedSearch(
            self._client,
            _search_spec(resource, render_query(query)),
            partial(parse_search_page, item=item),
            windows=lambda: self._windows(resource, item, query, root, today, options),
            options=options,
        )

    def _windows(
        self,
        resource: SearchResource,
        item: type[R],
        query: SearchQuery,
        root: Window,
        today: date,
        options: RequestOptions | None,
    ) -> Iterator[Page[R]]:
        """Yield the pages of every window of matches, each record once."""
        planner = WindowPlanner(root, today=today)
        job = self._client._job(options, _search_spec(resource, "x"))
        # Ids already yielded, kept per created_at range: windows cut further
        # (by status, updated_at) share it and come one after another.
        seen: set[int] = set()
        seen_range = None
        while (window := planner.next_window()) is not None:
            spec = _search_spec(resource, window_query(query, window))
            # Page 1 is the count: a window with more than 300 matches is split, not read.
            paginator = self._client.get_api_list(
                spec, item=item, search=True, options=job.options()
            )
            total: int | None = None
            for page in paginator.iter_pages():
                if total is None:
                    if page.total is None:
                        raise ResponseValidationError(
                            f'{page.meta.status_code} search response has no "total" '
                            f"[GET {spec.path}]",
                            method="GET",
                            path=spec.path,
                            status_code=page.meta.status_code,
                        )
                    total = page.total
                    if not planner.record(window, total):
                        break
                    if window.ranges[0] != seen_range:
                        seen, seen_range = set(), window.ranges[0]
                fresh = tuple(record for record in page.items if record.id not in seen)
                seen.update(record.id for record in fresh)
                yield attrs.evolve(page, items=fresh)
            else:
                if paginator.truncated:
                    # Counted at most 300, then grew during the run: new records.
                    logger.warning(
                        "search %s: a window grew past %d matches while being read (%s); "
                        "records created meanwhile may be missing",
                        spec.path,
                        SEARCH_RESULT_CAP,
                        window.describe(),
                    )


class SearchWithRawResponse:
    """``fd.search.with_raw_response``: the searches' first page, and ``count``, as ``APIResponse``."""

    def __init__(self, search: Search) -> None:
        self.tickets = to_raw_list_wrapper(search.tickets)
        self.contacts = to_raw_list_wrapper(search.contacts)
        self.companies = to_raw_list_wrapper(search.companies)
        self.count = to_raw_response_wrapper(search.count)
