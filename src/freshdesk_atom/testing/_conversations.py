"""Conversation routes: a ticket's thread, reply, note, forward, note update, delete (docs/freshdesk-api-notes.md#conversations).

Every route costs one credit (docs/freshdesk-api-notes.md#rate-limits names no
surcharge for them). The writes take JSON or ``multipart/form-data`` with
``attachments[]`` (docs/freshdesk-api-notes.md#attachments).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, Final

from ._attachments import store_uploads, uploads_of
from ._bodies import read_body
from ._call import Call, Route
from ._conversation_input import (
    FORWARD_FIELDS,
    FORWARD_FORM,
    NOTE_FIELDS,
    NOTE_FORM,
    NOTE_UPDATE_FIELDS,
    REPLY_FIELDS,
    REPLY_FORM,
    check_forward,
    check_note,
    check_reply,
    with_text,
)
from ._conversation_view import conversation_view, thread_page
from ._errors import field_error, not_found, validation_error
from ._form import FormSchema
from ._http import FakeResponse
from ._pages import PAGE_PARAMS, page_args
from ._record_shapes import SOURCE_NOTE, SOURCE_REPLY, Record
from ._ticket_view import live_ticket
from ._validate import Checker
from ._webhook_events import WebhookEvent

__all__ = ["ONLY_NOTES_MESSAGE", "ROUTES"]

# Unconfirmed: docs/freshdesk-api-notes.md#conversations says only notes can be updated, not how a
# reply or forward is refused; the fake answers a validation 400 with this entry.
ONLY_NOTES_MESSAGE: Final = (
    "Only notes can be updated; a reply or a forwarded message cannot be edited"
)

Reader = Callable[[Checker, Call, Record], dict[str, Any]]


def list_conversations(call: Call) -> FakeResponse:
    """``GET /tickets/{id}/conversations``: the whole thread, oldest first, paged.

    404 for an unknown or archived ticket (docs/freshdesk-api-notes.md#archived-tickets); a
    trashed ticket's thread can still be read, as the ticket can.
    """
    check = call.query(PAGE_PARAMS)
    page, per_page = page_args(check)
    check.fail()
    ticket = live_ticket(call, deleted=None)
    return thread_page(call, ticket["id"], page, per_page)


def _responded(call: Call, ticket: Record, conversation: Record) -> None:
    """Update the ticket's ``updated_at`` and, for a reply, its ``stats`` (docs/freshdesk-api-notes.md#tickets)."""
    state = call.state
    ticket["updated_at"] = call.stamp
    if conversation["source"] == SOURCE_REPLY:
        stats = state.ticket_stats[ticket["id"]]
        if conversation["user_id"] in state.agents:
            stats["agent_responded_at"] = call.stamp
            stats["first_responded_at"] = stats["first_responded_at"] or call.stamp
        else:
            stats["requester_responded_at"] = call.stamp
    state.touch()


def _adder(
    read: Reader, fields: Collection[str], schema: FormSchema, event: WebhookEvent
) -> Callable[[Call], FakeResponse]:
    def handler(call: Call) -> FakeResponse:
        ticket = live_ticket(call)
        body = read_body(call, schema, update=False)
        check = Checker(body)
        check.unknown(fields)
        values = read(check, call, ticket)
        uploads = uploads_of(check)
        check.fail()
        state = call.state
        values["attachments"] = store_uploads(state, uploads, call.stamp)
        conversation = state.insert_conversation(call.stamp, values)
        _responded(call, ticket, conversation)
        call.ticket_event(ticket["id"], event)
        location = f"/conversations/{conversation['id']}"
        return call.created_response(
            "conversations", conversation_view(call, conversation), location
        )

    return handler


def _editable(call: Call) -> Record:
    """Return the conversation of the path; 404 if unknown or on an archived (read-only) ticket."""
    conversation = call.state.conversations.get(call.args[0])
    if conversation is None or conversation["ticket_id"] not in call.state.tickets:
        raise not_found()
    return conversation


def update_conversation(call: Call) -> FakeResponse:
    """``PUT /conversations/{id}``: a note's ``body`` and files; replies and forwards refused.

    docs/freshdesk-api-notes.md#attachments: files sent here replace the note's attachments.
    """
    conversation = _editable(call)
    body = read_body(call, {}, update=True)
    if conversation["source"] != SOURCE_NOTE:
        raise validation_error([field_error("id", ONLY_NOTES_MESSAGE, "invalid_value")])
    check = Checker(body)
    check.unknown(NOTE_UPDATE_FIELDS)
    text = check.text("body", nullable=False)
    uploads = uploads_of(check)
    check.fail()
    state = call.state
    if text is not None:
        conversation.update(with_text(text))
    if uploads:
        state.forget_attachments(conversation["attachments"])
        conversation["attachments"] = store_uploads(state, uploads, call.stamp)
    conversation["updated_at"] = call.stamp
    # docs/freshdesk-api-notes.md#conversations: "some responses add last_edited_at and last_edited_user_id".
    conversation["last_edited_at"] = call.stamp
    conversation["last_edited_user_id"] = state.owner_id
    _touch_ticket(call, conversation)
    return call.ok(conversation_view(call, conversation))


def _touch_ticket(call: Call, conversation: Record) -> None:
    # Unconfirmed: whether editing or deleting a conversation moves the ticket's updated_at; the fake
    # moves it, so an incremental sync sees the change.
    call.state.tickets[conversation["ticket_id"]]["updated_at"] = call.stamp
    call.state.touch()
    call.ticket_event(conversation["ticket_id"], "ticket_updated")


def delete_conversation(call: Call) -> FakeResponse:
    """``DELETE /conversations/{id}`` → 204; its files' links stop working."""
    conversation = _editable(call)
    call.state.delete_conversation(conversation["id"])
    _touch_ticket(call, conversation)
    return call.no_content()


ROUTES: Final[tuple[Route, ...]] = (
    Route("GET", "/tickets/{id}/conversations", list_conversations),
    Route(
        "POST", "/tickets/{id}/reply", _adder(check_reply, REPLY_FIELDS, REPLY_FORM, "reply_sent")
    ),
    Route("POST", "/tickets/{id}/notes", _adder(check_note, NOTE_FIELDS, NOTE_FORM, "note_added")),
    # The fake's choice: a forward is no reply to the requester, so it is a ticket update.
    Route(
        "POST",
        "/tickets/{id}/forward",
        _adder(check_forward, FORWARD_FIELDS, FORWARD_FORM, "ticket_updated"),
    ),
    Route("PUT", "/conversations/{id}", update_conversation),
    Route("DELETE", "/conversations/{id}", delete_conversation),
)
