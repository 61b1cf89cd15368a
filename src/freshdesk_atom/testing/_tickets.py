"""Ticket routes: list, view, create, update, delete, restore (docs/freshdesk-api-notes.md#pagination, #tickets).

Each route's handler lives beside its kind of work: ``_ticket_list`` (the
list), ``_ticket_view`` (one ticket and how tickets are shown),
``_ticket_writes`` (create, update, delete, restore) with ``_ticket_input``
(the body checks).
"""

from __future__ import annotations

from typing import Final

from ._call import Route
from ._ticket_list import list_tickets
from ._ticket_view import view_ticket
from ._ticket_writes import create_ticket, delete_ticket, restore_ticket, update_ticket

__all__ = ["ROUTES"]

ROUTES: Final[tuple[Route, ...]] = (
    Route("GET", "/tickets", list_tickets, limit="tickets_list"),
    Route("POST", "/tickets", create_ticket, limit="ticket_create"),
    Route("GET", "/tickets/{id}", view_ticket),
    Route("PUT", "/tickets/{id}", update_ticket, limit="ticket_update"),
    Route("DELETE", "/tickets/{id}", delete_ticket),
    Route("PUT", "/tickets/{id}/restore", restore_ticket),
)
