"""Ticket conversations (replies and notes) and the attachments they, and tickets, carry."""

from __future__ import annotations

from datetime import datetime

import attrs

from .._types import JSONValue
from .common import Record

__all__ = ["Attachment", "Conversation"]


@attrs.frozen(kw_only=True)
class Attachment(Record):
    """A file attached to a ticket, conversation or article.

    Attributes:
        size: bytes (older payloads call it ``file_size``).
        attachment_url: a signed, expiring download URL.
    """

    id: int
    name: str
    content_type: str | None = None
    size: int | None = None
    attachment_url: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Conversation(Record):
    """A reply, note or other message in a ticket's thread.

    Attributes:
        body: HTML; ``body_text`` is its plain text.
        incoming: ``True`` when it came from outside (e.g. the requester's email).
        private: ``True`` for private notes.
        user_id: the contact or agent who wrote it.
        source: 0 reply/email, 2 note, 5 tweet, 6 survey feedback, 7 Facebook,
            8 forwarded email, 9 phone; other values exist, so it stays an ``int``.
        category: Freshdesk's internal classification, when sent.
        support_email: the support address a reply was sent from.
        last_edited_at: only on notes that were edited, and only on some responses.
    """

    id: int
    ticket_id: int
    body: str | None = None
    body_text: str | None = None
    incoming: bool = False
    private: bool = False
    user_id: int | None = None
    source: int | None = None
    category: int | None = None
    support_email: str | None = None
    from_email: str | None = None
    to_emails: tuple[str, ...] | None = None
    cc_emails: tuple[str, ...] | None = None
    bcc_emails: tuple[str, ...] | None = None
    attachments: tuple[Attachment, ...] = ()
    source_additional_info: dict[str, JSONValue] | None = None
    last_edited_at: datetime | None = None
    last_edited_user_id: int | None = None
    created_at: datetime
    updated_at: datetime
