# Generated from src/freshdesk_atom/_async/resources/archived_tickets.py by scripts/unasync.py; do not edit.
"""Archived tickets: ``fd.tickets.archived`` (docs/freshdesk-api-notes.md#archived-tickets).

Freshdesk archives long-closed tickets. They leave the tickets list, search
and ``GET /tickets/{id}`` (which answers 404 for them), and are read here.
Archiving is a plan feature: on an account without it these endpoints answer
403, raised as ``PermissionDeniedError``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..._core.pagination import start_page
from ..._core.request import (
    GONE_AFTER_DELETE,
    RequestSpec,
    check_id,
    include_query,
    page_size_query,
)
from ..._core.tickets import VIEW_INCLUDES, TicketViewInclude
from ..._types import NOT_GIVEN, NotGiven, RequestOptions
from ...models.conversations import Conversation
from ...models.tickets import Ticket
from .._pagination import Paginator
from .._raw import to_raw_list_wrapper, to_raw_response_wrapper
from ._base import APIResource

__all__ = ["ArchivedTickets", "ArchivedTicketsWithRawResponse"]


class ArchivedTickets(APIResource):
    """Tickets Freshdesk has archived, read-only: ``fd.tickets.archived``."""

    @property
    def with_raw_response(self) -> ArchivedTicketsWithRawResponse:
        """The same methods, returning ``APIResponse`` objects with headers and status."""
        return ArchivedTicketsWithRawResponse(self)

    def get(
        self,
        ticket_id: int,
        *,
        include: TicketViewInclude | Sequence[TicketViewInclude] | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Ticket:
        """Return an archived ticket (``GET /tickets/archived/{id}``), in a live ticket's shape.

        ``include`` embeds as for ``fd.tickets.get`` (``requester``,
        ``company``, ``stats``, the first 10 ``conversations``).

        Raises:
            NotFoundError: no archived ticket has this id.
            PermissionDeniedError: the account's plan has no ticket archive.
        """
        check_id(ticket_id, "ticket_id")
        params = include_query(include, VIEW_INCLUDES)
        spec = RequestSpec(method="GET", path=f"tickets/archived/{ticket_id}", params=params)
        return self._client.request(spec, cast_to=Ticket, options=options)

    def conversations(
        self,
        ticket_id: int,
        *,
        per_page: int | NotGiven = NOT_GIVEN,
        page: int | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Paginator[Conversation]:
        """An archived ticket's thread after its description, oldest first, lazily.

        Raises:
            NotFoundError: no archived ticket has this id (when iterated).
            PermissionDeniedError: the account's plan has no ticket archive.
        """
        check_id(ticket_id, "ticket_id")
        spec = RequestSpec(
            method="GET",
            path=f"tickets/archived/{ticket_id}/conversations",
            params=page_size_query(per_page),
        )
        return self._client.get_api_list(start_page(spec, page), item=Conversation, options=options)

    def delete(self, ticket_id: int, *, options: RequestOptions | None = None) -> None:
        """Delete an archived ticket for good (``DELETE /tickets/archived/{id}``); it cannot be undone.

        Raises:
            NotFoundError: no archived ticket has this id.
            PermissionDeniedError: the account's plan has no ticket archive.
        """
        check_id(ticket_id, "ticket_id")
        spec = RequestSpec(
            method="DELETE", path=f"tickets/archived/{ticket_id}", done_if=GONE_AFTER_DELETE
        )
        return self._client.request(spec, cast_to=type(None), options=options)


class ArchivedTicketsWithRawResponse:
    """``fd.tickets.archived.with_raw_response``: the methods returning ``APIResponse``."""

    def __init__(self, archived: ArchivedTickets) -> None:
        self.get = to_raw_response_wrapper(archived.get)
        self.conversations = to_raw_list_wrapper(archived.conversations)
        self.delete = to_raw_response_wrapper(archived.delete)
