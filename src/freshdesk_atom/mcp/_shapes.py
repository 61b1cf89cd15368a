"""What the tools return: compact, typed records a model reads in few tokens (pure).

Each result is a ``TypedDict``, so the MCP SDK publishes its JSON Schema as
the tool's ``outputSchema`` and sends it as ``structuredContent``. Text is
plain (Freshdesk's ``description_text`` and ``body_text``, or the HTML's
text when only HTML came); text longer than the caller's limit is cut and
says so, with its full length. Timestamps are ISO 8601 UTC ending in ``Z``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from typing_extensions import TypedDict

from .._core.timestamps import format_timestamp
from ..asgi._shapes import html_text, zulu
from ..models.contacts import Contact
from ..models.conversations import Attachment, Conversation
from ..models.enums import TicketPriority, TicketSource, TicketStatus
from ..models.tickets import Ticket

__all__ = [
    "EXCERPT_CHARS",
    "AttachmentInfo",
    "ContactInfo",
    "ContactSearch",
    "ConversationInfo",
    "CreatedTicket",
    "Paging",
    "ThreadAddition",
    "TicketDetail",
    "TicketList",
    "TicketSearch",
    "TicketSummary",
    "TicketView",
    "UpdatedTicket",
    "attachment_info",
    "clip",
    "contact_info",
    "contact_label",
    "conversation_info",
    "summaries",
    "ticket_detail",
    "ticket_summary",
]

EXCERPT_CHARS = 200
"""How much of a ticket's description a list or search result shows."""

Source = Literal["mirror", "freshdesk"]


class AttachmentInfo(TypedDict):
    """A file on a ticket or conversation (its download link expires, so it is left out)."""

    id: int
    name: str
    content_type: str | None
    size: int | None


class TicketSummary(TypedDict):
    """A ticket in a list or a search result."""

    id: int
    subject: str
    status: int
    status_name: str | None
    priority: int
    priority_name: str | None
    type: str | None
    requester_id: int
    requester: str | None
    responder_id: int | None
    group_id: int | None
    tags: list[str]
    created_at: str
    updated_at: str
    excerpt: str | None


class TicketDetail(TicketSummary):
    """One ticket in full: its plain-text description (cut at the caller's limit) and more."""

    description: str | None
    description_chars: int | None
    description_truncated: bool
    source: int
    source_name: str | None
    company_id: int | None
    due_by: str | None
    fr_due_by: str | None
    cc_emails: list[str]
    attachments: list[AttachmentInfo]
    custom_fields: dict[str, Any]
    spam: bool
    deleted: bool


class ConversationInfo(TypedDict):
    """One reply, note or forward of a ticket's thread."""

    id: int
    kind: Literal["reply", "incoming", "note", "forward", "other"]
    private: bool
    incoming: bool
    user_id: int | None
    from_email: str | None
    to_emails: list[str]
    cc_emails: list[str]
    created_at: str
    body: str | None
    body_chars: int | None
    body_truncated: bool
    attachments: list[AttachmentInfo]


class ContactInfo(TypedDict):
    """A contact (a requester of tickets)."""

    id: int
    name: str
    email: str | None
    other_emails: list[str]
    phone: str | None
    mobile: str | None
    company_id: int | None
    job_title: str | None
    active: bool
    created_at: str
    updated_at: str


class Paging(TypedDict):
    """Where a page stands: every list result carries these.

    ``total`` is ``None`` exactly when ``total_known`` is false.
    """

    page: int
    per_page: int
    total: int | None
    total_known: bool
    has_more: bool
    source: Source
    note: str | None


class TicketList(Paging):
    """One page of tickets."""

    tickets: list[TicketSummary]


class TicketSearch(TicketList):
    """One page of a ticket search, and how it was answered."""

    strategy: str
    freshdesk_query: str | None
    scanned: int | None


class ContactSearch(Paging):
    """One page of a contact search, and how it was answered."""

    contacts: list[ContactInfo]
    strategy: str
    freshdesk_query: str | None
    scanned: int | None


class TicketView(TypedDict):
    """A ticket and one page of its thread, oldest first."""

    ticket: TicketDetail
    conversations: list[ConversationInfo]
    conversations_page: int
    conversations_per_page: int
    conversations_total: int | None
    conversations_total_known: bool
    has_more: bool
    source: Source
    mirror_synced_at: str | None


class CreatedTicket(TypedDict):
    """A ticket just created, and what became of the mirror's copy."""

    ticket: TicketDetail
    mirror: str | None


class UpdatedTicket(TypedDict):
    """A ticket just changed, as Freshdesk now holds it, and the mirror's copy."""

    ticket: TicketDetail
    mirror: str | None


class ThreadAddition(TypedDict):
    """A reply or note just added, and the mirror's copy of its ticket."""

    ticket_id: int
    conversation: ConversationInfo
    mirror: str | None


def clip(text: str | None, limit: int) -> tuple[str | None, int | None, bool]:
    """Return *text* cut to *limit* characters, its full length, and whether it was cut.

    A cut text ends with a marker that gives the full length, so a reader
    never takes it for the whole.
    """
    if text is None:
        return None, None, False
    text = text.strip()
    if len(text) <= limit:
        return text, len(text), False
    return f"{text[:limit]}… [truncated: {len(text):,} characters in all]", len(text), True


def _name(
    enum: type[TicketStatus] | type[TicketPriority] | type[TicketSource], value: int
) -> str | None:
    try:
        return enum(value).name.replace("_", " ").capitalize()
    except ValueError:
        return None


def _description(ticket: Ticket) -> str | None:
    return (
        ticket.description_text
        if ticket.description_text is not None
        else html_text(ticket.description)
    )


def _requester(ticket: Ticket) -> str | None:
    found = ticket.requester
    if found is None:
        return None
    if found.name and found.email:
        return f"{found.name} <{found.email}>"
    return found.name or found.email


def attachment_info(attachment: Attachment) -> AttachmentInfo:
    """Return a file's id, name, type and size."""
    return {
        "id": attachment.id,
        "name": attachment.name,
        "content_type": attachment.content_type,
        "size": attachment.size,
    }


def ticket_summary(ticket: Ticket, *, requester: str | None = None) -> TicketSummary:
    """Return the ticket as a list shows it (*requester*: who asked, when not embedded)."""
    excerpt, _, _ = clip(_description(ticket), EXCERPT_CHARS)
    return {
        "id": ticket.id,
        "subject": ticket.subject,
        "status": ticket.status,
        "status_name": _name(TicketStatus, ticket.status),
        "priority": ticket.priority,
        "priority_name": _name(TicketPriority, ticket.priority),
        "type": ticket.type,
        "requester_id": ticket.requester_id,
        "requester": _requester(ticket) or requester,
        "responder_id": ticket.responder_id,
        "group_id": ticket.group_id,
        "tags": list(ticket.tags),
        "created_at": format_timestamp(ticket.created_at),
        "updated_at": format_timestamp(ticket.updated_at),
        "excerpt": excerpt,
    }


def ticket_detail(ticket: Ticket, *, body_chars: int, requester: str | None = None) -> TicketDetail:
    """Return the ticket in full, its description cut at *body_chars*."""
    description, length, cut = clip(_description(ticket), body_chars)
    return {
        **ticket_summary(ticket, requester=requester),
        "description": description,
        "description_chars": length,
        "description_truncated": cut,
        "source": ticket.source,
        "source_name": _name(TicketSource, ticket.source),
        "company_id": ticket.company_id,
        "due_by": zulu(ticket.due_by),
        "fr_due_by": zulu(ticket.fr_due_by),
        "cc_emails": list(ticket.cc_emails or ()),
        "attachments": [attachment_info(item) for item in ticket.attachments or ()],
        "custom_fields": {
            name: value for name, value in ticket.custom_fields.items() if value is not None
        },
        "spam": ticket.spam,
        "deleted": ticket.deleted,
    }


def _kind(conversation: Conversation) -> Literal["reply", "incoming", "note", "forward", "other"]:
    # Conversation sources: 0 reply, 2 note, 8 forward (docs/adapter.md, after
    # https://developers.freshdesk.com/api/#conversations); a message from the
    # requester is marked incoming.
    if conversation.source == 2:
        return "note"
    if conversation.incoming:
        return "incoming"
    if conversation.source == 0:
        return "reply"
    if conversation.source == 8:
        return "forward"
    return "other"


def conversation_info(conversation: Conversation, *, body_chars: int) -> ConversationInfo:
    """Return one conversation of a thread, its body cut at *body_chars*."""
    text = conversation.body_text
    if text is None:
        text = html_text(conversation.body)
    body, length, cut = clip(text, body_chars)
    return {
        "id": conversation.id,
        "kind": _kind(conversation),
        "private": conversation.private,
        "incoming": conversation.incoming,
        "user_id": conversation.user_id,
        "from_email": conversation.from_email,
        "to_emails": list(conversation.to_emails or ()),
        "cc_emails": list(conversation.cc_emails or ()),
        "created_at": format_timestamp(conversation.created_at),
        "body": body,
        "body_chars": length,
        "body_truncated": cut,
        "attachments": [attachment_info(item) for item in conversation.attachments],
    }


def contact_info(contact: Contact) -> ContactInfo:
    """Return a contact's identity and ways to reach it."""
    return {
        "id": contact.id,
        "name": contact.name,
        "email": contact.email,
        "other_emails": list(contact.other_emails or ()),
        "phone": contact.phone,
        "mobile": contact.mobile,
        "company_id": contact.company_id,
        "job_title": contact.job_title,
        "active": contact.active,
        "created_at": format_timestamp(contact.created_at),
        "updated_at": format_timestamp(contact.updated_at),
    }


def contact_label(contact: Contact | None) -> str | None:
    """Return ``Name <email>`` for a ticket's requester found in the mirror (``None``: unknown)."""
    if contact is None:
        return None
    return f"{contact.name} <{contact.email}>" if contact.email else contact.name


def summaries(tickets: Sequence[Ticket]) -> list[TicketSummary]:
    """Return :func:`ticket_summary` of each ticket, in order."""
    return [ticket_summary(ticket) for ticket in tickets]
