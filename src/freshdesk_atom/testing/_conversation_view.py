"""Conversations as the API shows them, and a ticket's thread (docs/freshdesk-api-notes.md#conversations)."""

from __future__ import annotations

from typing import Any, Final

from ._attachments import render_attachments
from ._call import Call
from ._http import FakeResponse
from ._pages import paged_response
from ._record_shapes import Record

__all__ = ["EMBEDDED_CONVERSATIONS", "conversation_view", "embedded_thread", "thread_page"]

EMBEDDED_CONVERSATIONS: Final = 10
"""docs/freshdesk-api-notes.md#conversations: ``include=conversations`` embeds at most the first 10."""


def conversation_view(call: Call, record: Record) -> dict[str, Any]:
    """Return a conversation with fresh attachment links."""
    item = dict(record)
    item["attachments"] = render_attachments(call, record["attachments"])
    return item


def embedded_thread(call: Call, ticket_id: int) -> list[dict[str, Any]]:
    """Return the ``conversations`` embed: the first ten, oldest first."""
    state = call.state
    first = state.thread(ticket_id)[:EMBEDDED_CONVERSATIONS]
    return [conversation_view(call, state.conversations[cid]) for cid in first]


def thread_page(call: Call, ticket_id: int, page: int, per_page: int) -> FakeResponse:
    """Return one page of ticket *ticket_id*'s thread, oldest first (live and archived alike)."""
    state = call.state
    return paged_response(
        call,
        state.thread(ticket_id),
        page,
        per_page,
        lambda cid: conversation_view(call, state.conversations[cid]),
    )
