"""Records as table rows (the columns of ``_schema``), and free text as an FTS5 query over them."""

from __future__ import annotations

import json
import re
from datetime import datetime
from html import unescape
from typing import Any, Final

from .._core.complete_export import wire_time
from ..models.agents import Agent
from ..models.common import Record
from ..models.contacts import Contact
from ..models.conversations import Attachment, Conversation
from ..models.tickets import Ticket

__all__ = [
    "TICKET_MATCHES",
    "attachment_row",
    "contact_row",
    "conversation_row",
    "fts_query",
    "listed_row",
    "record_json",
    "ticket_filter",
    "ticket_row",
]

_TAG: Final = re.compile(r"<[^>]*>")
_WORD: Final = re.compile(r"\w+")


def fts_query(text: str) -> str:
    """Return the FTS5 query for free *text*: every word, each as a prefix (``"printer"* "fire"*``).

    Raises:
        ValueError: *text* holds no word.
    """
    words = _WORD.findall(text)
    if not words:
        raise ValueError("the search text holds no word to look for")
    # \\w+ holds no double quote, so each word is a safe FTS5 string.
    return " ".join(f'"{word}"*' for word in words)


TICKET_MATCHES: Final = (
    "WITH hits (id, rank) AS ("
    " SELECT rowid, bm25(tickets_fts) FROM tickets_fts WHERE tickets_fts MATCH ?"
    " UNION ALL"
    " SELECT c.ticket_id, bm25(conversations_fts) FROM conversations_fts"
    " JOIN conversations AS c ON c.id = conversations_fts.rowid"
    " WHERE conversations_fts MATCH ?"
    "), best (id, rank) AS (SELECT id, MIN(rank) FROM hits GROUP BY id) "
)
"""The tickets matching an FTS5 query, by their own text or one of their conversations,
each with its best BM25 rank (``best``); parameters: the query twice. Join ``tickets AS t``."""


def ticket_filter(include_spam: bool, include_deleted: bool) -> str:
    """Return the ``AND`` clauses on ``t`` that leave spam and deleted tickets out, unless included."""
    clauses = []
    if not include_spam:
        clauses.append("t.spam = 0")
    if not include_deleted:
        clauses.append("t.deleted = 0")
    return "".join(f" AND {clause}" for clause in clauses)


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else wire_time(value)


def record_json(record: Record) -> str:
    """Return *record* as compact JSON text (``record.to_dict()``), as stored in ``data``."""
    return _compact(record.to_dict())


def _description(ticket: Ticket) -> str | None:
    if ticket.description_text is not None:
        return ticket.description_text
    if ticket.description is not None:
        return unescape(_TAG.sub(" ", ticket.description))
    return None


def ticket_row(ticket: Ticket) -> tuple[Any, ...]:
    stats = ticket.stats
    return (
        ticket.id,
        ticket.subject,
        _description(ticket),
        ticket.status,
        ticket.priority,
        ticket.source,
        ticket.type,
        ticket.requester_id,
        ticket.responder_id,
        ticket.group_id,
        ticket.company_id,
        int(ticket.spam),
        int(ticket.deleted),
        wire_time(ticket.created_at),
        wire_time(ticket.updated_at),
        _stamp(ticket.due_by),
        int(stats is not None),
        _stamp(stats.first_responded_at) if stats else None,
        _stamp(stats.resolved_at) if stats else None,
        _stamp(stats.closed_at) if stats else None,
        record_json(ticket),
    )


def contact_row(contact: Contact, walk: str) -> tuple[Any, ...]:
    if contact.deleted:
        state = "deleted"
    elif walk == "blocked":
        state = "blocked"
    else:
        state = "verified" if contact.active else "unverified"
    return (
        contact.id,
        contact.name,
        contact.email,
        contact.company_id,
        state,
        wire_time(contact.created_at),
        wire_time(contact.updated_at),
        record_json(contact),
    )


def listed_row(resource: str, record: Any, run: int) -> tuple[Any, ...]:
    if resource == "agents":
        agent: Agent = record
        return (
            agent.id,
            agent.contact.name,
            agent.contact.email,
            wire_time(agent.created_at),
            wire_time(agent.updated_at),
            run,
            record_json(agent),
        )
    return (
        record.id,
        record.name,
        wire_time(record.created_at),
        wire_time(record.updated_at),
        run,
        record_json(record),
    )


def conversation_row(conversation: Conversation) -> tuple[Any, ...]:
    """A conversation as a ``conversations`` row (``CONVERSATION_COLUMNS``)."""
    text = conversation.body_text
    if text is None and conversation.body is not None:
        text = unescape(_TAG.sub(" ", conversation.body))
    return (
        conversation.id,
        conversation.ticket_id,
        text,
        int(conversation.private),
        int(conversation.incoming),
        conversation.source,
        conversation.user_id,
        wire_time(conversation.created_at),
        wire_time(conversation.updated_at),
        _compact(_without_links(conversation.to_dict())),
    )


def attachment_row(
    attachment: Attachment, conversation: Conversation, sha256: str | None
) -> tuple[Any, ...]:
    """An attachment's metadata as an ``attachments`` row, without its expiring link."""
    data = _without_links({"attachments": [attachment.to_dict()]})["attachments"][0]
    return (
        attachment.id,
        conversation.ticket_id,
        conversation.id,
        attachment.name,
        attachment.content_type,
        attachment.size,
        sha256,
        _compact(data),
    )


def _without_links(data: dict[str, Any]) -> dict[str, Any]:
    """*data* without its attachments' pre-signed links, which expire within minutes
    (docs/freshdesk-api-notes.md#attachments): a stored link would only mislead."""
    attachments = data.get("attachments")
    if not isinstance(attachments, list):
        return data
    kept = [
        {k: v for k, v in item.items() if k != "attachment_url"} if isinstance(item, dict) else item
        for item in attachments
    ]
    return {**data, "attachments": kept}


def _compact(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
