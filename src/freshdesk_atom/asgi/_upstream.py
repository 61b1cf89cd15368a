"""The adapter's calls to the async SDK: planned pages, bounded scans, searches.

Each function takes an :class:`AsyncFreshdesk` and returns SDK models; the
routes shape them. The page plans come from ``_paging`` (pure).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Final, Generic, TypeVar

import attrs

from .. import (
    NOT_GIVEN,
    AsyncFreshdesk,
    AsyncPage,
    AsyncPaginator,
    BadRequestError,
    NotFoundError,
)
from .._constants import MAX_PER_PAGE, SEARCH_MAX_PAGE, SEARCH_PAGE_SIZE, TICKETS_PAGE_CAP
from ..models.companies import Company
from ..models.contacts import Contact
from ..models.tickets import Ticket
from ._envelope import AdapterError
from ._inputs import OrderBy, OrderType
from ._paging import OutOfReach, plan_pages
from ._search import SearchPlan, SearchType, record_text, text_matches

__all__ = [
    "ALL_TIME",
    "Found",
    "Slice",
    "list_records",
    "list_tickets",
    "run_search",
    "search_records",
]

T = TypeVar("T")
R = TypeVar("R", Ticket, Contact, Company)

ALL_TIME: Final = "1970-01-01T00:00:00Z"
"""``updated_since`` for the tickets list: any filter lifts Freshdesk's default
30-day window (docs/freshdesk-api-notes.md#the-tickets-list), and every ticket was updated after 1970."""


ListPages = Callable[[int], AsyncPaginator[T]]
"""``(per_page) -> paginator`` of a list."""
SearchPages = Callable[[], AsyncPaginator[T]]
"""``() -> paginator`` of a search (page size fixed at 30)."""


@attrs.frozen(kw_only=True)
class Slice(Generic[T]):
    """Records of one ``limit``/``offset`` request.

    Attributes:
        items: exactly the requested slice (shorter at the end of the data).
        truncated: the request ran past what Freshdesk lets the query reach.
        total: the full match count, when Freshdesk says it (search only).
    """

    items: list[T]
    truncated: bool = False
    total: int | None = None


def _reach_error(exc: OutOfReach, what: str) -> AdapterError:
    return AdapterError.field(
        "offset",
        f"offset must be below {exc.reach}: Freshdesk lets {what} reach only its first "
        f"{exc.reach} records",
        code="out_of_range",
    )


async def _collect(
    numbers: range, fetch: Callable[[int], Awaitable[AsyncPage[T]]], per_page: int
) -> tuple[list[T], int | None]:
    """Fetch pages *numbers* in order; stop early at a short page or one with no next."""
    records: list[T] = []
    total: int | None = None
    for number in numbers:
        page = await fetch(number)
        if page.total is not None:
            total = page.total
        records.extend(page.items)
        if not page.has_next or len(page.items) < per_page:
            break
    return records, total


async def list_records(
    pages: ListPages[T],
    *,
    offset: int,
    limit: int,
    max_page: int | None = None,
    what: str = "this list",
) -> Slice[T]:
    """Return records ``[offset, offset + limit)`` of a list, in the fewest calls.

    Raises:
        AdapterError: *offset* is beyond the list's page cap (400).
    """
    try:
        plan = plan_pages(offset, limit, max_per_page=MAX_PER_PAGE, max_page=max_page)
    except OutOfReach as exc:
        raise _reach_error(exc, what) from None

    async def fetch(number: int) -> AsyncPage[T]:
        return await pages(plan.per_page).get_page(number)

    records, _ = await _collect(plan.page_numbers, fetch, plan.per_page)
    return Slice(items=plan.cut(records), truncated=plan.truncated)


async def search_records(
    pages: SearchPages[T], *, offset: int, limit: int, what: str = "one search"
) -> Slice[T]:
    """Return matches ``[offset, offset + limit)`` of a search (30 a page, pages 1..10).

    Raises:
        AdapterError: *offset* is at or past the 300 matches a search reaches (400).
    """
    try:
        plan = plan_pages(offset, limit, fixed_per_page=SEARCH_PAGE_SIZE, max_page=SEARCH_MAX_PAGE)
    except OutOfReach as exc:
        raise _reach_error(exc, what) from None

    async def fetch(number: int) -> AsyncPage[T]:
        return await pages().get_page(number)

    records, total = await _collect(plan.page_numbers, fetch, plan.per_page)
    return Slice(items=plan.cut(records), truncated=plan.truncated, total=total)


async def list_tickets(
    fd: AsyncFreshdesk,
    *,
    offset: int,
    limit: int,
    status: int | None,
    priority: int | None = None,
    order_by: OrderBy | None = None,
    order_type: OrderType | None = None,
) -> Slice[Ticket]:
    """Return tickets newest first, or in the order asked for; filtered, from the search API.

    The tickets list has no status or priority filter (docs/freshdesk-api-notes.md#tickets),
    so *status* and *priority* go through search (``status:2 AND priority:4``),
    which reaches the first 300 matches, takes no order and embeds no
    requester: those tickets' ``email`` is ``null``. Without a filter, the
    list is read with ``order_by``/``order_type`` when either is given
    (``created_at`` and ``desc`` by default), and as before otherwise.
    """
    terms = [
        f"{name}:{value}"
        for name, value in (("status", status), ("priority", priority))
        if value is not None
    ]
    if terms:
        return await search_records(
            lambda: fd.search.tickets(" AND ".join(terms)),
            offset=offset,
            limit=limit,
            what="a ticket search by status or priority",
        )
    ordered = order_by is not None or order_type is not None
    return await list_records(
        lambda per_page: fd.tickets.list(
            updated_since=ALL_TIME,
            order_by=(order_by or "created_at") if ordered else NOT_GIVEN,
            order_type=(order_type or "desc") if ordered else NOT_GIVEN,
            include=["requester", "description"],
            per_page=per_page,
        ),
        offset=offset,
        limit=limit,
        max_page=TICKETS_PAGE_CAP,
        what="the tickets list",
    )


Record = Ticket | Contact | Company


@attrs.frozen(kw_only=True)
class Found:
    """The answer to one free-text search.

    Attributes:
        items: the requested slice of the matches.
        total_count: every match the strategy knows of.
        complete: whether ``total_count`` covers the whole account (a scan
            that stopped at its bound is not complete).
        scanned: records scanned (``scan`` and ``requester_email``), else ``None``.
        truncated: the slice ran past the 300 matches a Freshdesk search reaches.
    """

    items: Sequence[Record]
    total_count: int
    complete: bool
    scanned: int | None = None
    truncated: bool = False


async def _scan(
    paginator: AsyncPaginator[R], bound: int, words: Sequence[str] | None
) -> tuple[list[R], int, bool]:
    """Read up to *bound* records; return those holding every word, the count read, completeness."""
    kept: list[R] = []
    scanned = 0
    ended = False
    paginator.max_items = bound
    async for page in paginator.iter_pages():
        scanned += len(page.items)
        kept.extend(
            record
            for record in page.items
            if words is None or text_matches(words, record_text(record))
        )
        ended = not page.has_next
    return kept, scanned, ended or scanned < bound


async def _from_query(
    fd: AsyncFreshdesk, kind: SearchType, query: str, offset: int, limit: int
) -> Found:
    found: Slice[Ticket] | Slice[Contact] | Slice[Company]
    if kind == "ticket":
        found = await search_records(lambda: fd.search.tickets(query), offset=offset, limit=limit)
    elif kind == "contact":
        found = await search_records(lambda: fd.search.contacts(query), offset=offset, limit=limit)
    else:
        found = await search_records(lambda: fd.search.companies(query), offset=offset, limit=limit)
    total = found.total if found.total is not None else offset + len(found.items)
    return Found(items=found.items, total_count=total, complete=True, truncated=found.truncated)


async def _by_ticket_id(fd: AsyncFreshdesk, ticket_id: int, offset: int, limit: int) -> Found:
    try:
        ticket = await fd.tickets.get(ticket_id, include="requester")
    except NotFoundError:
        return Found(items=[], total_count=0, complete=True)
    return Found(items=[ticket][offset : offset + limit], total_count=1, complete=True)


async def _by_requester(
    fd: AsyncFreshdesk, email: str, bound: int
) -> tuple[list[Ticket], int, bool]:
    listing = fd.tickets.list(
        email=email, include=["requester", "description"], per_page=MAX_PER_PAGE
    )
    try:
        return await _scan(listing, bound, None)
    except BadRequestError as exc:
        # docs/freshdesk-api-notes.md#tickets: an email that matches no contact is a 400 on the filter: no tickets.
        if any(error.field == "email" for error in exc.errors):
            return [], 0, True
        raise


async def _by_words(
    fd: AsyncFreshdesk, kind: SearchType, words: Sequence[str], bound: int
) -> tuple[Sequence[Record], int, bool]:
    if kind == "ticket":
        listing = fd.tickets.list(
            updated_since=ALL_TIME, include=["requester", "description"], per_page=MAX_PER_PAGE
        )
        return await _scan(listing, bound, words)
    if kind == "contact":
        return await _scan(fd.contacts.list(per_page=MAX_PER_PAGE), bound, words)
    return await _scan(fd.companies.list(per_page=MAX_PER_PAGE), bound, words)


async def run_search(
    fd: AsyncFreshdesk,
    plan: SearchPlan,
    kind: SearchType,
    *,
    offset: int,
    limit: int,
    scan_limit: int,
) -> Found:
    """Answer one planned search (see ``_search`` for the strategies)."""
    if plan.strategy == "freshdesk_query" and plan.query is not None:
        return await _from_query(fd, kind, plan.query, offset, limit)
    if plan.strategy == "ticket_id" and plan.ticket_id is not None:
        return await _by_ticket_id(fd, plan.ticket_id, offset, limit)
    matches: Sequence[Record]
    if plan.strategy == "requester_email" and plan.email is not None:
        matches, scanned, complete = await _by_requester(fd, plan.email, scan_limit)
    else:
        matches, scanned, complete = await _by_words(fd, kind, plan.words, scan_limit)
    return Found(
        items=matches[offset : offset + limit],
        total_count=len(matches),
        complete=complete,
        scanned=scanned,
    )
