"""Records as table rows (the columns of ``_schema``), and free text as an FTS5 query."""

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
from ..models.tickets import Ticket

__all__ = ["contact_row", "fts_query", "listed_row", "record_json", "ticket_row"]

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


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else wire_time(value)


def record_json(record: Record) -> str:
    """Return *record* as compact JSON text (``record.to_dict()``), as stored in ``data``."""
    return json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":"))


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
