"""``GET /tickets`` (newest first, optional ``status``) and ``POST /tickets`` (create,
with the lookup of a ticket whose create answer was lost)."""

from __future__ import annotations

import logging

from starlette.responses import Response

from .. import AsyncFreshdesk, FreshdeskError, UnknownOutcomeError
from ..models.tickets import Ticket
from . import _shapes
from ._inputs import no_query, parse_list_query, parse_ticket
from ._route_helpers import (
    RequestContext,
    list_response,
    query_items,
    read_json,
    success_response,
)
from ._upstream import list_tickets

__all__ = ["create_ticket", "tickets"]

logger = logging.getLogger("freshdesk_atom.asgi")


async def tickets(context: RequestContext) -> Response:
    query = parse_list_query(query_items(context.request), with_status=True)
    fd = await context.freshdesk()
    found = await list_tickets(fd, offset=query.offset, limit=query.limit, status=query.status)
    return list_response([_shapes.ticket_record(t) for t in found.items], found.truncated)


async def create_ticket(context: RequestContext) -> Response:
    """Create a ticket; when Freshdesk's answer is lost, look for it before saying "unknown"."""
    no_query(query_items(context.request))
    fields = parse_ticket(await read_json(context.request, context.settings.max_body_bytes))
    fd = await context.client(await context.credentials())
    try:
        ticket = await fd.tickets.create(**fields)
    except UnknownOutcomeError as lost:
        found = await _find_lost_ticket(context, fd, lost)
        if found is None:
            raise
        logger.info("POST /tickets: the answer was lost; ticket %d was found", found.id)
        return success_response(
            _shapes.ticket_record(found, email=fields["email"]), status_code=201, recovered=True
        )
    # The create response embeds no requester; the ticket was created for this address.
    return success_response(_shapes.ticket_record(ticket, email=fields["email"]), status_code=201)


async def _find_lost_ticket(
    context: RequestContext, fd: AsyncFreshdesk, lost: UnknownOutcomeError
) -> Ticket | None:
    """Return the ticket a lost create made, when the lookup is on and finds exactly one."""
    if not context.settings.find_lost_creates:
        return None
    try:
        return await fd.tickets.find_created(lost)
    except FreshdeskError as exc:
        logger.info("POST /tickets: the lookup after a lost answer failed: %s", type(exc).__name__)
        return None
