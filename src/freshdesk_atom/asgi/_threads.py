"""A ticket's thread and its archive, as the lifecycle routes read them from the async SDK.

A live ticket's thread comes from ``fd.tickets.conversations.list`` (every
conversation, not the ten ``include=conversations`` embeds); an archived
ticket's from ``fd.tickets.archived.conversations``. Freshdesk answers 404
for an archived ticket on the live endpoints
(docs/freshdesk-api-notes.md#archived-tickets), so a 404 there is followed by
one look in the archive.
"""

from __future__ import annotations

from typing import Final

import attrs

from .. import AsyncFreshdesk, FreshdeskError, NotFoundError, PermissionDeniedError
from .._constants import MAX_PER_PAGE
from ..models.conversations import Conversation
from ..models.tickets import Ticket
from ._envelope import AdapterError
from ._upstream import ListPages

__all__ = [
    "THREAD_MAX",
    "Thread",
    "archived_ticket",
    "missing",
    "not_live",
    "read_thread",
    "thread_pages",
]

THREAD_MAX: Final = 1000
"""The most conversations ``GET /tickets/{id}`` returns (ten requests of 100)."""


@attrs.frozen(kw_only=True)
class Thread:
    """The first ``THREAD_MAX`` conversations of a ticket, oldest first, and whether more exist."""

    items: list[Conversation]
    truncated: bool = False


def thread_pages(fd: AsyncFreshdesk, ticket_id: int, *, archived: bool) -> ListPages[Conversation]:
    """Return ``(per_page) -> paginator`` of the live or archived ticket's thread."""
    if archived:
        return lambda per_page: fd.tickets.archived.conversations(ticket_id, per_page=per_page)
    return lambda per_page: fd.tickets.conversations.list(ticket_id, per_page=per_page)


async def read_thread(pages: ListPages[Conversation], *, limit: int = THREAD_MAX) -> Thread:
    """Return the first *limit* conversations (pages of 100, fetched ahead by the SDK).

    When the last page read is full and announces another, one request of
    one record (``per_page=1&page=limit+1``) tells whether the thread really
    goes on, so ``truncated`` is exact.
    """
    per_page = min(MAX_PER_PAGE, limit)
    paginator = pages(per_page)
    # max_pages, not only max_items: the SDK fetches ahead only within max_pages.
    paginator.max_pages = -(-limit // per_page)
    paginator.max_items = limit
    items: list[Conversation] = []
    more = False
    async for page in paginator.iter_pages():
        items.extend(page.items)
        more = page.has_next and len(page.items) == per_page
    if len(items) < limit or not more:
        return Thread(items=items[:limit])
    probe = await pages(1).get_page(limit + 1)
    return Thread(items=items[:limit], truncated=bool(probe.items))


async def archived_ticket(fd: AsyncFreshdesk, ticket_id: int) -> Ticket | None:
    """Return the archived ticket *ticket_id*, or ``None`` when the archive has none.

    An account whose plan has no archive (403) has no archived ticket either.
    Other failures (rate limit, Freshdesk down) are raised: nothing is known.
    """
    try:
        return await fd.tickets.archived.get(ticket_id)
    except (NotFoundError, PermissionDeniedError):
        return None


def missing(ticket_id: int) -> AdapterError:
    """Return the 404 of a ticket that is neither live nor archived."""
    return AdapterError(
        404, "not_found", f"Freshdesk has no ticket {ticket_id} (neither live nor archived)"
    )


async def not_live(fd: AsyncFreshdesk, ticket_id: int) -> AdapterError:
    """Return the error of a write Freshdesk answered 404: 409 when the ticket is archived.

    Archived tickets are read-only; a caller told "not found" would think the
    ticket gone. When the archive cannot be read, the 404 stands.
    """
    try:
        archived = await archived_ticket(fd, ticket_id)
    except FreshdeskError:  # the write already failed; its 404 is the answer
        archived = None
    if archived is None:
        return missing(ticket_id)
    return AdapterError(
        409,
        "ticket_archived",
        f"ticket {ticket_id} is archived, and Freshdesk keeps archived tickets read-only",
    )
