"""A ticket's thread: ``GET /tickets/{id}/conversations`` (``limit``/``offset``), and
``POST /tickets/{id}/reply`` and ``POST /tickets/{id}/notes``, as JSON or as
``multipart/form-data`` with attachments, with the lookup of a reply or note
whose answer was lost."""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from .. import AsyncFreshdesk, FreshdeskError, NotFoundError, UnknownOutcomeError
from .._core.conversations import matches_created
from ..models.conversations import Conversation
from . import _shapes
from ._envelope import AdapterError
from ._inputs import no_query, parse_list_query
from ._lifecycle_inputs import Kind, form_files, form_values, parse_addition
from ._multipart import boundary_of, read_multipart
from ._route_helpers import (
    RequestContext,
    list_response,
    query_items,
    read_json,
    refuse_declared_over,
    success_response,
)
from ._threads import archived_ticket, missing, not_live, thread_pages
from ._ticket_routes import path_ticket_id
from ._upstream import list_records

__all__ = ["conversations", "note", "reply"]

logger = logging.getLogger("freshdesk_atom.asgi")

_MEDIA_TYPES = ("application/json", "multipart/form-data")


async def conversations(context: RequestContext) -> Response:
    """A slice of the ticket's thread, oldest first; an archived ticket's with ``archived: true``."""
    ticket_id = path_ticket_id(context)
    query = parse_list_query(query_items(context.request))
    fd = await context.freshdesk()
    archived = False
    try:
        found = await list_records(
            thread_pages(fd, ticket_id, archived=False), offset=query.offset, limit=query.limit
        )
    except NotFoundError:
        if await archived_ticket(fd, ticket_id) is None:
            raise missing(ticket_id) from None
        archived = True
        found = await list_records(
            thread_pages(fd, ticket_id, archived=True), offset=query.offset, limit=query.limit
        )
    records = [_shapes.conversation_record(item) for item in found.items]
    if not archived:
        return list_response(records, found.truncated)
    return success_response(records, count=len(records), archived=True)


async def reply(context: RequestContext) -> Response:
    """Reply to the requester by email; 201 with the reply."""
    return await _add(context, "reply")


async def note(context: RequestContext) -> Response:
    """Add a note (private unless ``private`` is false); 201 with the note."""
    return await _add(context, "note")


def _media_type(request: Request) -> str:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in _MEDIA_TYPES:
        raise AdapterError(
            415,
            "unsupported_media_type",
            "the body must be sent as application/json, or as multipart/form-data with "
            f"attachments, not {media or 'nothing'!r}",
        )
    return media


async def _add(context: RequestContext, kind: Kind) -> Response:
    """Check the whole request (files included), then send it once."""
    ticket_id = path_ticket_id(context)
    no_query(query_items(context.request))
    request = context.request
    settings = context.settings
    if _media_type(request) == "application/json":
        fields = parse_addition(kind, await read_json(request, settings.max_body_bytes))
        return await _send(context, kind, ticket_id, fields)
    refuse_declared_over(request, settings.max_upload_bytes)
    form = await read_multipart(
        request.stream(),
        boundary_of(request.headers["content-type"]),
        max_bytes=settings.max_upload_bytes,
        max_text_bytes=settings.max_body_bytes,
    )
    try:
        values = form_values(kind, form)
        fields = parse_addition(kind, values, form_files(form))
        return await _send(context, kind, ticket_id, fields)
    finally:
        form.close()


async def _send(
    context: RequestContext, kind: Kind, ticket_id: int, fields: dict[str, Any]
) -> Response:
    fd = await context.freshdesk()
    thread = fd.tickets.conversations
    try:
        if kind == "reply":
            made = await thread.reply(ticket_id, **fields)
        else:
            made = await thread.note(ticket_id, **fields)
    except NotFoundError:
        raise await not_live(fd, ticket_id) from None
    except UnknownOutcomeError as lost:
        found = await _find_lost(context, fd, ticket_id, lost)
        if found is None:
            raise AdapterError(
                502,
                "outcome_unknown",
                f"Freshdesk's answer was lost after the {kind} may have reached it, so it may "
                "or may not have been added: do not send it again blindly; look at the "
                f"ticket's thread first (GET /tickets/{ticket_id}/conversations)",
            ) from None
        logger.info("POST %s: the answer was lost; conversation %d was found", kind, found.id)
        return success_response(_shapes.conversation_record(found), status_code=201, recovered=True)
    return success_response(_shapes.conversation_record(made), status_code=201)


async def _find_lost(
    context: RequestContext, fd: AsyncFreshdesk, ticket_id: int, lost: UnknownOutcomeError
) -> Conversation | None:
    """Return the reply or note a lost answer made, when the lookup is on and finds exactly one.

    The thread is read with the SDK's test of ``find_created`` (the same
    words in the body, created since a few minutes before the request), but
    every match is counted: when the same text was sent twice within those
    minutes, nobody can tell which one is this request's, and the answer
    stays ``outcome_unknown`` (``find_created`` would return the first).
    """
    if not context.settings.find_lost_creates:
        return None
    sent = lost.json if isinstance(lost.json, dict) else {}
    matches: list[Conversation] = []
    try:
        async for item in fd.tickets.conversations.list(ticket_id, per_page=100):
            if matches_created(
                body=item.body,
                user_id=item.user_id,
                created_at=item.created_at,
                sent=sent,
                sent_at=lost.sent_at,
            ):
                matches.append(item)
    except FreshdeskError as exc:
        logger.info("the lookup after a lost answer failed: %s", type(exc).__name__)
        return None
    return matches[0] if len(matches) == 1 else None
