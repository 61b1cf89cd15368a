"""The read tools: search tickets and contacts, list tickets, read a ticket's thread.

With a mirror (:class:`~freshdesk_atom.mirror.Mirror`), free-text searches,
the tickets list and a mirrored ticket's thread are read from it (SQLite in a
worker thread): no API credits, no 300-result cap, full text over subjects,
descriptions and every reply and note, and totals always known. Without one,
or for what the mirror does not answer, the ATOM adapter's search plan
(``asgi/_search.py``: a Freshdesk field query, a ticket number, a requester's
email, or a bounded scan of recent records) answers from Freshdesk, and the
result says what it covers: the 300-result cap of the search API, a scan that
saw only the most recent records.
"""

from __future__ import annotations

from typing import Final

import anyio.to_thread
import attrs
from mcp.server.mcpserver.exceptions import ToolError

from .. import AsyncFreshdesk
from .._constants import MAX_PER_PAGE, SEARCH_MAX_PAGE, SEARCH_PAGE_SIZE, TICKETS_PAGE_CAP
from ..asgi._mirrored import mirrored_search
from ..asgi._search import SearchPlan, SearchType, plan_search
from ..asgi._upstream import Found, list_tickets, run_search
from ..mirror import Mirror
from ..models.contacts import Contact
from ..models.conversations import Conversation
from ..models.tickets import Ticket
from ._errors import freshdesk_errors
from ._params import (
    BodyChars,
    ConversationsPage,
    ConversationsPerPage,
    Page,
    PerPage,
    RecordId,
    SearchText,
    StatusFilter,
)
from ._shapes import (
    ContactSearch,
    ConversationInfo,
    Paging,
    Source,
    TicketList,
    TicketSearch,
    TicketView,
    contact_info,
    contact_label,
    conversation_info,
    summaries,
    ticket_detail,
)

__all__ = ["SCAN_LIMIT", "SEARCH_REACH", "Reads"]

SEARCH_REACH: Final = SEARCH_PAGE_SIZE * SEARCH_MAX_PAGE
"""The most matches one Freshdesk search returns (30 a page, pages 1..10), whatever its total."""

LIST_REACH: Final = TICKETS_PAGE_CAP * MAX_PER_PAGE
"""The most tickets the tickets list reaches (page 300 of 100)."""

SCAN_LIMIT: Final = 300
"""Records a free-text search scans on Freshdesk without a mirror (the adapter's default)."""

DEFAULT_BODY_CHARS: Final = 2000


@attrs.frozen(kw_only=True)
class _Thread:
    """A mirrored ticket with its whole thread."""

    ticket: Ticket
    conversations: list[Conversation]
    requester: str | None
    synced_at: str | None


def _offset(page: int, per_page: int) -> int:
    return (page - 1) * per_page


def _check_reach(page: int, per_page: int, reach: int, what: str) -> None:
    if _offset(page, per_page) >= reach:
        raise ToolError(
            f"page: page {page} at {per_page} per page starts past result {reach:,}, and {what} "
            f"returns at most the first {reach:,}; narrow the query instead"
        )


def _scan_note(kind: SearchType, scanned: int, complete: bool) -> str:
    if kind == "ticket":
        seen = (
            f"all {scanned:,} tickets were scanned"
            if complete
            else f"only the {scanned:,} most recently created tickets were scanned, so older "
            "ones may match too"
        )
        return (
            f"Freshdesk's API cannot search ticket text: {seen}, by subject, description, "
            "tags, type and requester (not replies or notes). Search every ticket by field "
            '("status:2 AND tag:\'refund\'", "priority:>2"), or run the server with a mirror '
            "for full-text search over every ticket, reply and note."
        )
    seen = (
        f"all {scanned:,} contacts were scanned"
        if complete
        else f"only the first {scanned:,} contacts of the list were scanned, so others may match"
    )
    return (
        f"Freshdesk's API cannot search contact names: {seen}. An email address or a phone "
        "number searches every contact; so does a server with a mirror."
    )


def _search_paging(
    found: Found,
    plan: SearchPlan,
    kind: SearchType,
    *,
    page: int,
    per_page: int,
    source: Source,
) -> Paging:
    """Return the paging of a search result, and a note where it does not cover everything."""
    seen = _offset(page, per_page) + len(found.items)
    note: str | None = None
    if plan.strategy == "freshdesk_query":
        has_more = seen < min(found.total_count, SEARCH_REACH)
        if found.total_count > SEARCH_REACH:
            note = (
                f"Freshdesk's search API returns only the first {SEARCH_REACH} of these "
                f"{found.total_count:,} matches; narrow the query to reach the others."
            )
    else:
        has_more = seen < found.total_count
        if source == "freshdesk" and found.scanned is not None and plan.strategy == "scan":
            note = _scan_note(kind, found.scanned, found.complete)
        elif not found.complete and found.scanned is not None:
            note = (
                f"Only this requester's {found.scanned:,} most recent tickets were read; "
                "they have more."
            )
    return {
        "page": page,
        "per_page": per_page,
        "total": found.total_count if found.complete else None,
        "total_known": found.complete,
        "has_more": has_more,
        "source": source,
        "note": note,
    }


@attrs.frozen(kw_only=True)
class Reads:
    """The read tools over one account: *client* for Freshdesk, *mirror* when there is one."""

    client: AsyncFreshdesk
    mirror: Mirror | None = None

    async def _find(
        self, text: str, kind: SearchType, page: int, per_page: int
    ) -> tuple[Found, SearchPlan, Source]:
        with freshdesk_errors():
            plan = plan_search(text, kind)
        offset = _offset(page, per_page)
        if self.mirror is not None and plan.strategy == "scan":
            found = await mirrored_search(self.mirror, plan, kind, offset=offset, limit=per_page)
            return found, plan, "mirror"
        if plan.strategy == "freshdesk_query":
            _check_reach(page, per_page, SEARCH_REACH, "Freshdesk's search API")
        with freshdesk_errors():
            found = await run_search(
                self.client, plan, kind, offset=offset, limit=per_page, scan_limit=SCAN_LIMIT
            )
        return found, plan, "freshdesk"

    async def search_tickets(
        self, query: SearchText, page: Page = 1, per_page: PerPage = 20
    ) -> TicketSearch:
        """Search tickets (see the module docstring for what answers)."""
        found, plan, source = await self._find(query, "ticket", page, per_page)
        paging = _search_paging(found, plan, "ticket", page=page, per_page=per_page, source=source)
        tickets = [item for item in found.items if isinstance(item, Ticket)]
        return TicketSearch(
            **paging,
            tickets=summaries(tickets),
            strategy=plan.strategy,
            freshdesk_query=plan.query,
            scanned=found.scanned,
        )

    async def search_contacts(
        self, query: SearchText, page: Page = 1, per_page: PerPage = 20
    ) -> ContactSearch:
        """Search contacts (see the module docstring for what answers)."""
        found, plan, source = await self._find(query, "contact", page, per_page)
        paging = _search_paging(found, plan, "contact", page=page, per_page=per_page, source=source)
        contacts = [contact_info(item) for item in found.items if isinstance(item, Contact)]
        return ContactSearch(
            **paging,
            contacts=contacts,
            strategy=plan.strategy,
            freshdesk_query=plan.query,
            scanned=found.scanned,
        )

    def _mirrored_list(
        self, mirror: Mirror, status: int | None, offset: int, limit: int
    ) -> tuple[list[Ticket], int]:
        return (
            mirror.tickets(status=status, limit=limit, offset=offset),
            mirror.total_tickets(status=status),
        )

    async def list_tickets(
        self, status: StatusFilter | None = None, page: Page = 1, per_page: PerPage = 20
    ) -> TicketList:
        """List tickets newest first, all of them or those with one status."""
        offset = _offset(page, per_page)
        if self.mirror is not None:
            tickets, total = await anyio.to_thread.run_sync(
                self._mirrored_list, self.mirror, status, offset, per_page
            )
            return TicketList(
                page=page,
                per_page=per_page,
                total=total,
                total_known=True,
                has_more=offset + len(tickets) < total,
                source="mirror",
                note=None,
                tickets=summaries(tickets),
            )
        if status is not None:
            # The tickets list has no status filter: the adapter asks the search API.
            _check_reach(page, per_page, SEARCH_REACH, "Freshdesk's search API")
            with freshdesk_errors():
                found = await list_tickets(
                    self.client, offset=offset, limit=per_page, status=status
                )
            total = found.total if found.total is not None else offset + len(found.items)
            note = None
            if total > SEARCH_REACH:
                note = (
                    f"Freshdesk lists tickets by status through its search API, which returns "
                    f"only the first {SEARCH_REACH} of these {total:,} tickets."
                )
            return TicketList(
                page=page,
                per_page=per_page,
                total=total,
                total_known=True,
                has_more=offset + len(found.items) < min(total, SEARCH_REACH),
                source="freshdesk",
                note=note,
                tickets=summaries(found.items),
            )
        _check_reach(page, per_page, LIST_REACH, "Freshdesk's tickets list")
        with freshdesk_errors():
            # One more than asked: whether it comes says whether there is a next page.
            found = await list_tickets(self.client, offset=offset, limit=per_page + 1, status=None)
        return TicketList(
            page=page,
            per_page=per_page,
            total=None,
            total_known=False,
            has_more=len(found.items) > per_page,
            source="freshdesk",
            note="Freshdesk's tickets list does not count its tickets; page on while has_more.",
            tickets=summaries(found.items[:per_page]),
        )

    def _mirrored_thread(self, mirror: Mirror, ticket_id: int) -> _Thread | None:
        """Return the mirror's copy of the ticket and its thread, or ``None`` to ask Freshdesk.

        ``None`` also when the mirror is synced without threads
        (``sync --no-conversations``): its empty thread would look like a
        ticket without replies.
        """
        ticket = mirror.get_ticket(ticket_id)
        if ticket is None or not mirror.keeps_threads:
            return None
        return _Thread(
            ticket=ticket,
            conversations=mirror.conversations(ticket_id),
            requester=contact_label(mirror.get_contact(ticket.requester_id)),
            synced_at=mirror.last_synced().get("tickets"),
        )

    async def get_ticket(
        self,
        ticket_id: RecordId,
        conversations_page: ConversationsPage = 1,
        conversations_per_page: ConversationsPerPage = 20,
        max_body_chars: BodyChars = DEFAULT_BODY_CHARS,
    ) -> TicketView:
        """Return a ticket and one page of its thread, oldest first."""
        page, per_page = conversations_page, conversations_per_page
        offset = _offset(page, per_page)
        if self.mirror is not None:
            held = await anyio.to_thread.run_sync(self._mirrored_thread, self.mirror, ticket_id)
            if held is not None:
                shown = held.conversations[offset : offset + per_page]
                total = len(held.conversations)
                return TicketView(
                    ticket=ticket_detail(
                        held.ticket, body_chars=max_body_chars, requester=held.requester
                    ),
                    conversations=self._thread(shown, max_body_chars),
                    conversations_page=page,
                    conversations_per_page=per_page,
                    conversations_total=total,
                    conversations_total_known=True,
                    has_more=offset + len(shown) < total,
                    source="mirror",
                    mirror_synced_at=held.synced_at,
                )
        with freshdesk_errors():
            ticket = await self.client.tickets.get(ticket_id, include="requester")
            listing = self.client.tickets.conversations.list(ticket_id, per_page=per_page)
            found = await listing.get_page(page)
        # Freshdesk does not count a thread: its total is known on its last page.
        known = not found.has_next and (len(found.items) > 0 or page == 1)
        return TicketView(
            ticket=ticket_detail(ticket, body_chars=max_body_chars),
            conversations=self._thread(found.items, max_body_chars),
            conversations_page=page,
            conversations_per_page=per_page,
            conversations_total=offset + len(found.items) if known else None,
            conversations_total_known=known,
            has_more=found.has_next,
            source="freshdesk",
            mirror_synced_at=None,
        )

    @staticmethod
    def _thread(
        conversations: list[Conversation] | tuple[Conversation, ...], body_chars: int
    ) -> list[ConversationInfo]:
        return [conversation_info(item, body_chars=body_chars) for item in conversations]
