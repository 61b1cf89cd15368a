"""``GET /tickets`` (newest first or ordered, optional ``status`` and ``priority``), ``POST /tickets`` (create,
with the lookup of a ticket whose create answer was lost), and one ticket:
``GET /tickets/{id}`` (with its whole thread, live or archived) and ``PUT
/tickets/{id}`` (status, priority, assignment, type, tags)."""

from __future__ import annotations

import logging

from starlette.responses import Response

from .. import AsyncFreshdesk, FreshdeskError, NotFoundError, UnknownOutcomeError
from ..models.tickets import Ticket
from . import _shapes
from ._inputs import no_query, parse_list_query, parse_ticket
from ._lifecycle_inputs import parse_ticket_id, parse_ticket_update
from ._route_helpers import (
    RequestContext,
    list_response,
    query_items,
    read_json,
    success_response,
)
from ._threads import archived_ticket, missing, not_live, read_thread, thread_pages
from ._upstream import list_tickets

__all__ = ["create_ticket", "ticket", "tickets", "update_ticket"]

logger = logging.getLogger("freshdesk_atom.asgi")


async def tickets(context: RequestContext) -> Response:
    query = parse_list_query(query_items(context.request), for_tickets=True)
    fd = await context.freshdesk()
    found = await list_tickets(
        fd,
        offset=query.offset,
        limit=query.limit,
        status=query.status,
        priority=query.priority,
        order_by=query.order_by,
        order_type=query.order_type,
    )
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


def path_ticket_id(context: RequestContext) -> int:
    """Return the checked ``{id}`` of the path (400 naming ``id`` when it is not one)."""
    return parse_ticket_id(str(context.request.path_params["id"]))


async def ticket(context: RequestContext) -> Response:
    """One ticket with its thread; an archived one with ``archived: true``."""
    ticket_id = path_ticket_id(context)
    no_query(query_items(context.request))
    fd = await context.freshdesk()
    archived = False
    try:
        found = await fd.tickets.get(ticket_id, include="requester")
    except NotFoundError:
        # Freshdesk answers 404 for an archived ticket; it is read from the archive.
        in_archive = await archived_ticket(fd, ticket_id)
        if in_archive is None:
            raise missing(ticket_id) from None
        found, archived = in_archive, True
    try:
        thread = await read_thread(thread_pages(fd, ticket_id, archived=archived))
    except NotFoundError:  # gone (or archived) between the two reads
        raise missing(ticket_id) from None
    return success_response(
        _shapes.ticket_detail(found, thread.items, truncated=thread.truncated, archived=archived)
    )


async def update_ticket(context: RequestContext) -> Response:
    """Change a ticket's status, priority, agent, group, type or tags; answer it as it now is."""
    ticket_id = path_ticket_id(context)
    no_query(query_items(context.request))
    fields = parse_ticket_update(await read_json(context.request, context.settings.max_body_bytes))
    fd = await context.freshdesk()
    try:
        updated = await fd.tickets.update(ticket_id, **fields)
    except NotFoundError:
        raise await not_live(fd, ticket_id) from None
    # Freshdesk's answer embeds no requester: email is null, as in other answers without it.
    return success_response(_shapes.ticket_record(updated))
