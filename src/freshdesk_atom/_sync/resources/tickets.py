# Generated from src/freshdesk_atom/_async/resources/tickets.py by scripts/unasync.py; do not edit.
"""The tickets resource: list, get, create, update, delete and restore (docs/freshdesk-api-notes.md#tickets)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cached_property
from typing import Literal

from ..._constants import TICKETS_PAGE_CAP
from ..._core.complete_export import ExportCheckpoint, PassName, Stamp, plan_export
from ..._core.pagination import start_page
from ..._core.request import (
    GONE_AFTER_DELETE,
    GONE_AFTER_RESTORE,
    RequestSpec,
    build_query,
    check_id,
    include_query,
)
from ..._core.tickets import (
    LIST_INCLUDES,
    VIEW_INCLUDES,
    TicketViewInclude,
    created_ticket_lookup,
    ticket_create_body,
    ticket_list_query,
    ticket_update_body,
)
from ..._core.uploads import FileInput, attachments_for
from ..._exceptions import BadRequestError, UnknownOutcomeError
from ..._types import NOT_GIVEN, JSONValue, NotGiven, RequestOptions
from ...models.tickets import Ticket
from .._pagination import Paginator
from .._raw import to_raw_list_wrapper, to_raw_response_wrapper
from .._record_stream import RecordStream
from ._base import APIResource
from .archived_tickets import ArchivedTickets
from .conversations import Conversations

__all__ = ["Tickets", "TicketsWithRawResponse"]

TicketListInclude = Literal["requester", "stats", "description", "company"]
TicketListFilter = Literal["new_and_my_open", "watching", "spam", "deleted"]
TicketOrderBy = Literal["created_at", "due_by", "updated_at", "status", "priority"]


class Tickets(APIResource):
    """Tickets: ``fd.tickets``; their threads in ``.conversations``, the archive in ``.archived``."""

    @property
    def with_raw_response(self) -> TicketsWithRawResponse:
        """The same methods, returning ``APIResponse`` objects with headers and status."""
        return TicketsWithRawResponse(self)

    @cached_property
    def conversations(self) -> Conversations:
        """A ticket's thread after its description: list, reply, note, forward, update, delete."""
        return Conversations(self._client)

    @cached_property
    def archived(self) -> ArchivedTickets:
        """Archived tickets (read-only; a plan feature): get, conversations, delete."""
        return ArchivedTickets(self._client)

    def list(
        self,
        *,
        filter: TicketListFilter | NotGiven = NOT_GIVEN,
        requester_id: int | NotGiven = NOT_GIVEN,
        email: str | NotGiven = NOT_GIVEN,
        unique_external_id: str | NotGiven = NOT_GIVEN,
        company_id: int | NotGiven = NOT_GIVEN,
        updated_since: datetime | str | NotGiven = NOT_GIVEN,
        order_by: TicketOrderBy | NotGiven = NOT_GIVEN,
        order_type: Literal["asc", "desc"] | NotGiven = NOT_GIVEN,
        include: TicketListInclude | Sequence[TicketListInclude] | NotGiven = NOT_GIVEN,
        per_page: int | NotGiven = NOT_GIVEN,
        page: int | NotGiven = NOT_GIVEN,
        max_items: int | None = None,
        max_pages: int | None = None,
        options: RequestOptions | None = None,
    ) -> Paginator[Ticket]:
        """List tickets lazily, page by page (``GET /tickets``).

        Beware Freshdesk's defaults (docs/freshdesk-api-notes.md#pagination): with none of ``filter``,
        ``requester_id``, ``email``, ``unique_external_id``, ``company_id`` or
        ``updated_since``, only tickets created in the last 30 days are listed;
        spam and deleted tickets appear only with ``filter="spam"``/``"deleted"``;
        and no query goes past page 300. To read every ticket, use
        ``updated_since`` with ``order_by="updated_at", order_type="asc"``.

        ``include`` adds ``requester``, ``stats``, ``description`` or ``company``
        to each ticket, at 2 extra API credits per page each.

        ``page`` starts the walk at that page (``page.next_page_info()``
        says which page comes next).

        Raises:
            ValueError, TypeError: a parameter breaks a rule (before any request).
        """
        query = ticket_list_query(
            {
                "filter": filter,
                "requester_id": requester_id,
                "email": email,
                "unique_external_id": unique_external_id,
                "company_id": company_id,
                "updated_since": updated_since,
                "order_by": order_by,
                "order_type": order_type,
                "include": include,
                "per_page": per_page,
            }
        )
        spec = RequestSpec(method="GET", path="tickets", params=build_query(query))
        spec = start_page(spec, page, last=TICKETS_PAGE_CAP)
        return self._client.get_api_list(
            spec,
            item=Ticket,
            options=options,
            max_items=max_items,
            max_pages=max_pages,
            last_page=TICKETS_PAGE_CAP,
        )

    def iter_all(
        self,
        *,
        updated_since: datetime | str | None = None,
        include: TicketListInclude | Sequence[TicketListInclude] | NotGiven = NOT_GIVEN,
        include_spam: bool = False,
        include_deleted: bool = False,
        checkpoint: ExportCheckpoint | None = None,
        options: RequestOptions | None = None,
    ) -> RecordStream[Ticket]:
        """Stream every ticket updated at or after ``updated_since``, each once, resumably.

        Unlike ``list()``, this gets past Freshdesk's traps (see
        ``docs/complete-export.md``): it always sends ``updated_since`` (no
        30-day default), orders by ``updated_at`` ascending and restarts the
        window from the last ``updated_at`` seen after every page, so page 300
        is never reached, dropping the records of that second it already gave
        by ``(id, updated_at)``. When more than 30,000 tickets share one second
        (a bulk import), it fetches the rest of that second through search.
        ``include_spam`` and ``include_deleted`` add passes over
        ``filter=spam`` and ``filter=deleted``, after the default list.

        ``stream.checkpoint`` resumes right after the last ticket handed out:
        save ``stream.checkpoint.to_json()`` and pass
        ``checkpoint=ExportCheckpoint.from_json(text)`` (with the same
        ``include_spam`` and ``include_deleted``) to go on from there. A
        finished checkpoint resumed fetches only what changed since. A ticket
        changed during the export may come again with its new ``updated_at``.

        Args:
            updated_since: where to start (default: the beginning of time).
                Leave it out, or give the same value, when resuming.
            include: embeds per ticket, 2 extra credits per page each. Tickets
                fetched through search (a stalled second) have no embeds but
                always have the description.
            include_spam: also stream spam tickets (``filter=spam``).
            include_deleted: also stream deleted tickets (``filter=deleted``).
            checkpoint: resume where this checkpoint stands.
            options: per-request options for every request of the export.

        Raises:
            ValueError, TypeError: an argument breaks a rule, or the checkpoint
                belongs to another export (before any request).
            StalledWindowError: while iterating, one second that no request can
                get past (see its docstring); nothing was skipped.
        """
        params = include_query(include, LIST_INCLUDES)
        passes: list[PassName] = ["default"]
        if include_spam:
            passes.append("spam")
        if include_deleted:
            passes.append("deleted")
        start = plan_export("tickets", since=updated_since, passes=passes, checkpoint=checkpoint)
        return RecordStream(
            self._client,
            start,
            item=Ticket,
            stamp=_ticket_stamp,
            params=params,
            backfill=lambda request: self._client.search.tickets_all(
                request.query, until=request.day, options=options
            ),
            options=options,
        )

    def get(
        self,
        ticket_id: int,
        *,
        include: TicketViewInclude | Sequence[TicketViewInclude] | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Ticket:
        """Return one ticket (``GET /tickets/{id}``); deleted tickets come with ``deleted=True``.

        ``include`` adds ``conversations`` (the first 10), ``requester``,
        ``company`` or ``stats``, at 1 extra credit each.

        Raises:
            NotFoundError: no ticket has this id.
        """
        check_id(ticket_id, "ticket_id")
        params = include_query(include, VIEW_INCLUDES)
        spec = RequestSpec(method="GET", path=f"tickets/{ticket_id}", params=params)
        return self._client.request(spec, cast_to=Ticket, options=options)

    def create(
        self,
        *,
        subject: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        email: str | NotGiven = NOT_GIVEN,
        requester_id: int | NotGiven = NOT_GIVEN,
        phone: str | NotGiven = NOT_GIVEN,
        twitter_id: str | NotGiven = NOT_GIVEN,
        facebook_id: str | NotGiven = NOT_GIVEN,
        unique_external_id: str | NotGiven = NOT_GIVEN,
        name: str | NotGiven = NOT_GIVEN,
        status: int | NotGiven = NOT_GIVEN,
        priority: int | NotGiven = NOT_GIVEN,
        source: int | NotGiven = NOT_GIVEN,
        type: str | NotGiven | None = NOT_GIVEN,
        responder_id: int | NotGiven | None = NOT_GIVEN,
        group_id: int | NotGiven | None = NOT_GIVEN,
        product_id: int | NotGiven | None = NOT_GIVEN,
        company_id: int | NotGiven | None = NOT_GIVEN,
        email_config_id: int | NotGiven | None = NOT_GIVEN,
        parent_id: int | NotGiven = NOT_GIVEN,
        tags: Sequence[str] | NotGiven = NOT_GIVEN,
        cc_emails: Sequence[str] | NotGiven = NOT_GIVEN,
        custom_fields: Mapping[str, JSONValue] | NotGiven = NOT_GIVEN,
        due_by: datetime | str | NotGiven = NOT_GIVEN,
        fr_due_by: datetime | str | NotGiven = NOT_GIVEN,
        attachments: Sequence[FileInput] | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Ticket:
        """Create a ticket (``POST /tickets``) and return it.

        Every argument is checked before sending: one requester identity
        (``requester_id``, ``email``, ``phone``, ``twitter_id``, ``facebook_id``
        or ``unique_external_id``; ``name`` too when only ``phone`` is given),
        ``status`` 2..5 or a custom status (>= 6), ``priority`` 1..4, email
        shapes, ``tags`` and ``cc_emails`` as lists of strings, custom field
        keys starting ``cf_``, and ``due_by``/``fr_due_by`` together. Freshdesk's
        defaults apply to what you leave out (status 2, priority 1, source 2).
        ``attachments`` are paths, open binary files or ``(filename,
        content)`` tuples, streamed as ``multipart/form-data`` with the other
        fields (``tags`` and ``custom_fields`` included), 20 MB in all at most.

        A create is never retried once it may have reached Freshdesk (there is
        no idempotency key): when its answer is lost, it raises
        ``UnknownOutcomeError`` rather than risk a duplicate ticket, and
        :meth:`find_created` tells whether the ticket was made.

        Raises:
            ValueError, TypeError: an argument breaks a rule (nothing is sent).
            BadRequestError: Freshdesk refused a field (see ``errors``).
            UnknownOutcomeError: the answer was lost after the request may have
                reached Freshdesk.
        """
        body = ticket_create_body(
            {
                "subject": subject,
                "description": description,
                "email": email,
                "requester_id": requester_id,
                "phone": phone,
                "twitter_id": twitter_id,
                "facebook_id": facebook_id,
                "unique_external_id": unique_external_id,
                "name": name,
                "status": status,
                "priority": priority,
                "source": source,
                "type": type,
                "responder_id": responder_id,
                "group_id": group_id,
                "product_id": product_id,
                "company_id": company_id,
                "email_config_id": email_config_id,
                "parent_id": parent_id,
                "tags": tags,
                "cc_emails": cc_emails,
                "custom_fields": custom_fields,
                "due_by": due_by,
                "fr_due_by": fr_due_by,
            }
        )
        files = attachments_for(body, attachments)
        spec = RequestSpec(method="POST", path="tickets", json=body, files=files)
        return self._client.request(spec, cast_to=Ticket, options=options)

    def find_created(
        self, error: UnknownOutcomeError, *, options: RequestOptions | None = None
    ) -> Ticket | None:
        """Return the ticket a create left in doubt made, or ``None`` if none can be seen (yet).

        *error* is the :class:`~freshdesk_atom.UnknownOutcomeError` that
        ``create`` raised. This lists the requester's tickets created since a
        few minutes before the request (one or two list requests) and returns
        the one with the subject that was sent. When exactly one matches, the
        create succeeded: do not send it again.

        ``None`` does not prove the create failed: Freshdesk may still be
        working on it (after a timeout), or two tickets matched and neither
        can be told to be ours. Look again later before sending it again. The
        lookup is safe when the requester raises no other ticket with the same
        subject within minutes of this one.

        Raises:
            ValueError: *error* is not about a ticket create.
        """
        if (error.method, error.path) != ("POST", "tickets"):
            raise ValueError(f"not a ticket create: {error.method} {error.path}")
        lookup = created_ticket_lookup(error.json, error.sent_at)
        matches: list[Ticket] = []
        try:
            for ticket in self.list(**lookup.query, max_pages=2, options=options):
                if lookup.matches(ticket):
                    matches.append(ticket)
        except BadRequestError as exc:
            # An email or external id that no contact has: the create made no contact, so no ticket.
            if any(e.field in lookup.query for e in exc.errors):
                return None
            raise
        return matches[0] if len(matches) == 1 else None

    def update(
        self,
        ticket_id: int,
        *,
        subject: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        email: str | NotGiven = NOT_GIVEN,
        requester_id: int | NotGiven = NOT_GIVEN,
        phone: str | NotGiven = NOT_GIVEN,
        twitter_id: str | NotGiven = NOT_GIVEN,
        facebook_id: str | NotGiven = NOT_GIVEN,
        unique_external_id: str | NotGiven = NOT_GIVEN,
        name: str | NotGiven = NOT_GIVEN,
        status: int | NotGiven = NOT_GIVEN,
        priority: int | NotGiven = NOT_GIVEN,
        source: int | NotGiven = NOT_GIVEN,
        type: str | NotGiven | None = NOT_GIVEN,
        responder_id: int | NotGiven | None = NOT_GIVEN,
        group_id: int | NotGiven | None = NOT_GIVEN,
        product_id: int | NotGiven | None = NOT_GIVEN,
        company_id: int | NotGiven | None = NOT_GIVEN,
        email_config_id: int | NotGiven | None = NOT_GIVEN,
        parent_id: int | NotGiven = NOT_GIVEN,
        tags: Sequence[str] | NotGiven = NOT_GIVEN,
        custom_fields: Mapping[str, JSONValue] | NotGiven = NOT_GIVEN,
        due_by: datetime | str | NotGiven = NOT_GIVEN,
        fr_due_by: datetime | str | NotGiven = NOT_GIVEN,
        attachments: Sequence[FileInput] | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Ticket:
        """Change a ticket (``PUT /tickets/{id}``) and return it as it now is.

        Only the arguments you give are sent; ``None`` clears a nullable field
        (e.g. ``responder_id=None`` unassigns). ``cc_emails`` cannot be updated
        (Freshdesk refuses it), so it is not a parameter here. A PUT is
        idempotent, so it is retried on server errors and timeouts, except
        with ``attachments`` (added to the ticket's files, as for
        :meth:`create`): each attempt would attach them again.

        Raises:
            ValueError, TypeError: an argument breaks a rule, or none is given.
            NotFoundError: no ticket has this id.
        """
        check_id(ticket_id, "ticket_id")
        with_files = not isinstance(attachments, NotGiven) and len(attachments) > 0
        body = ticket_update_body(
            {
                "subject": subject,
                "description": description,
                "email": email,
                "requester_id": requester_id,
                "phone": phone,
                "twitter_id": twitter_id,
                "facebook_id": facebook_id,
                "unique_external_id": unique_external_id,
                "name": name,
                "status": status,
                "priority": priority,
                "source": source,
                "type": type,
                "responder_id": responder_id,
                "group_id": group_id,
                "product_id": product_id,
                "company_id": company_id,
                "email_config_id": email_config_id,
                "parent_id": parent_id,
                "tags": tags,
                "custom_fields": custom_fields,
                "due_by": due_by,
                "fr_due_by": fr_due_by,
            },
            with_files=with_files,
        )
        files = attachments_for(body, attachments)
        spec = RequestSpec(method="PUT", path=f"tickets/{ticket_id}", json=body, files=files)
        return self._client.request(spec, cast_to=Ticket, options=options)

    def delete(self, ticket_id: int, *, options: RequestOptions | None = None) -> None:
        """Move a ticket to the trash (``DELETE /tickets/{id}``); ``restore`` undoes it.

        Raises:
            NotFoundError: no ticket has this id.
        """
        check_id(ticket_id, "ticket_id")
        spec = RequestSpec(method="DELETE", path=f"tickets/{ticket_id}", done_if=GONE_AFTER_DELETE)
        return self._client.request(spec, cast_to=type(None), options=options)

    def restore(self, ticket_id: int, *, options: RequestOptions | None = None) -> None:
        """Bring a deleted ticket back (``PUT /tickets/{id}/restore``).

        Raises:
            NotFoundError: no ticket has this id, or it is not deleted.
        """
        check_id(ticket_id, "ticket_id")
        spec = RequestSpec(
            method="PUT", path=f"tickets/{ticket_id}/restore", done_if=GONE_AFTER_RESTORE
        )
        return self._client.request(spec, cast_to=type(None), options=options)


def _ticket_stamp(ticket: Ticket) -> Stamp:
    return Stamp(ticket.id, ticket.updated_at, spam=ticket.spam, deleted=ticket.deleted)


class TicketsWithRawResponse:
    """``fd.tickets.with_raw_response``: the ticket methods returning ``APIResponse``."""

    def __init__(self, tickets: Tickets) -> None:
        self.list = to_raw_list_wrapper(tickets.list)
        self.get = to_raw_response_wrapper(tickets.get)
        self.create = to_raw_response_wrapper(tickets.create)
        self.update = to_raw_response_wrapper(tickets.update)
        self.delete = to_raw_response_wrapper(tickets.delete)
        self.restore = to_raw_response_wrapper(tickets.restore)
