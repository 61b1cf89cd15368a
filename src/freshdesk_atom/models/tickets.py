"""Tickets and the objects Freshdesk embeds in them with ``include=``."""

from __future__ import annotations

from datetime import datetime

import attrs

from .._types import JSONValue
from .common import Record
from .conversations import Attachment, Conversation

__all__ = ["Ticket", "TicketCompany", "TicketRequester", "TicketStats"]


@attrs.frozen(kw_only=True)
class TicketRequester(Record):
    """The requester embedded by ``include=requester``."""

    id: int
    name: str | None = None
    email: str | None = None
    mobile: str | None = None
    phone: str | None = None


@attrs.frozen(kw_only=True)
class TicketCompany(Record):
    """The company embedded by ``include=company``."""

    id: int
    name: str | None = None


@attrs.frozen(kw_only=True)
class TicketStats(Record):
    """Activity timestamps embedded by ``include=stats``; each is ``None`` until it happens."""

    agent_responded_at: datetime | None = None
    requester_responded_at: datetime | None = None
    first_responded_at: datetime | None = None
    status_updated_at: datetime | None = None
    reopened_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    pending_since: datetime | None = None


@attrs.frozen(kw_only=True)
class Ticket(Record):
    """A Freshdesk ticket.

    Attributes:
        id: the per-account ticket number ("#123" in the UI), not a global id.
        description: HTML; in list responses only with ``include=description``.
        description_text: the plain text of ``description``.
        type: an account-configured ticket type such as ``"Question"``.
        status: 2 Open, 3 Pending, 4 Resolved, 5 Closed, or a custom status (>= 6);
            compare with ``TicketStatus``.
        priority: 1-4; compare with ``TicketPriority``.
        source: the channel; compare with ``TicketSource``.
        responder_id: the assigned agent.
        cc_emails: the CC list at creation; ``None`` when the payload leaves it out,
            like ``fwd_emails``, ``reply_cc_emails`` and ``ticket_cc_emails``.
        due_by: resolution due time (SLA); ``fr_due_by`` the first-response one.
        nr_due_by: next-response due time; ``nr_*`` only with the next-response SLA.
        custom_fields: every custom field by its ``cf_`` name, unset ones ``None``.
        attachments: only on view, create and update responses.
        associated_tickets_count: only on list responses.
        deleted: ``True`` for a ticket in the trash (Freshdesk sends the key only then).
        internal_agent_id: ``internal_*`` only with the shared-ownership feature.
        requester: ``include=requester``.
        stats: ``include=stats``.
        company: ``include=company``; Freshdesk sends ``{}`` when the ticket has no
            company, which decodes to ``None``, as does leaving it out.
        conversations: ``include=conversations`` on view: the oldest 10 only.
    """

    id: int
    subject: str
    description: str | None = None
    description_text: str | None = None
    type: str | None = None
    status: int
    priority: int
    source: int
    requester_id: int
    responder_id: int | None = None
    group_id: int | None = None
    company_id: int | None = None
    product_id: int | None = None
    email_config_id: int | None = None
    to_emails: tuple[str, ...] | None = None
    cc_emails: tuple[str, ...] | None = None
    fwd_emails: tuple[str, ...] | None = None
    reply_cc_emails: tuple[str, ...] | None = None
    ticket_cc_emails: tuple[str, ...] | None = None
    fr_escalated: bool = False
    is_escalated: bool = False
    spam: bool = False
    due_by: datetime | None = None
    fr_due_by: datetime | None = None
    nr_due_by: datetime | None = None
    nr_escalated: bool | None = None
    tags: tuple[str, ...] = ()
    custom_fields: dict[str, JSONValue] = attrs.field(factory=dict)
    attachments: tuple[Attachment, ...] | None = None
    association_type: int | None = None
    associated_tickets_count: int | None = None
    source_additional_info: dict[str, JSONValue] | None = None
    deleted: bool = False
    internal_agent_id: int | None = None
    internal_group_id: int | None = None
    created_at: datetime
    updated_at: datetime
    requester: TicketRequester | None = None
    stats: TicketStats | None = None
    company: TicketCompany | None = None
    conversations: tuple[Conversation, ...] | None = None
