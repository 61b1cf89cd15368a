"""SDK models to the records the ATOM page reads (pure).

Field names follow the contract in ``docs/adapter.md``; extra fields are allowed and a few
useful ones are added (``requester_id``, ``description_text``, ...). Nothing is
invented: a value Freshdesk did not send is ``null``. Timestamps are ISO 8601
UTC strings ending in ``Z``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

from .._core.timestamps import format_timestamp
from ..models.agents import Agent
from ..models.companies import Company
from ..models.contacts import Contact
from ..models.conversations import Attachment, Conversation
from ..models.groups import Group
from ..models.stats import Stats
from ..models.tickets import Ticket
from ..models.trends import Trends

__all__ = [
    "agent_record",
    "attachment_record",
    "company_record",
    "contact_record",
    "conversation_record",
    "group_record",
    "stats_record",
    "ticket_detail",
    "ticket_record",
    "trends_record",
    "zulu",
]

Record = dict[str, Any]


def zulu(value: datetime | None) -> str | None:
    """Return *value* as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC (naive taken as UTC), or ``None``."""
    return None if value is None else format_timestamp(value)


def _ids(values: tuple[int, ...] | None) -> list[int] | None:
    return None if values is None else list(values)


def _custom(fields: Mapping[str, Any]) -> dict[str, Any]:
    return dict(fields)


class _TextOf(HTMLParser):
    """Collect the text of an HTML fragment, with a line break for each block element."""

    BLOCKS = frozenset({"br", "div", "p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS and self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str | None) -> str | None:
    """Return the plain text of an HTML fragment (``None`` stays ``None``).

    Used only when Freshdesk sent the HTML without its own plain-text copy.
    """
    if html is None:
        return None
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts).strip()


def ticket_record(ticket: Ticket, *, email: str | None = None) -> Record:
    """Return the ATOM ticket.

    ``email`` is the requester's, from ``include=requester``; without that
    embed it is *email* when the caller knows it (the address a ticket was
    just created with), otherwise ``null``. Freshdesk's ticket has no email
    field of its own.

    ``description`` is plain text (Freshdesk's ``description_text``): the ATOM
    page shows it as text, so HTML there would show as literal tags. The
    HTML is in ``description_html``. Both are ``null`` when the listing did not
    carry the description.
    """
    requester_email = ticket.requester.email if ticket.requester is not None else None
    text = ticket.description_text
    if text is None:
        text = html_text(ticket.description)
    return {
        "id": ticket.id,
        "subject": ticket.subject,
        "description": text,
        "email": requester_email if requester_email is not None else email,
        "priority": ticket.priority,
        "status": ticket.status,
        "source": ticket.source,
        "type": ticket.type,
        "responder_id": ticket.responder_id,
        "group_id": ticket.group_id,
        "company_id": ticket.company_id,
        "created_at": zulu(ticket.created_at),
        "updated_at": zulu(ticket.updated_at),
        "due_by": zulu(ticket.due_by),
        "fr_due_by": zulu(ticket.fr_due_by),
        "is_escalated": ticket.is_escalated,
        "custom_fields": _custom(ticket.custom_fields),
        "tags": list(ticket.tags),
        # Extras beyond the contract.
        "requester_id": ticket.requester_id,
        "requester_name": ticket.requester.name if ticket.requester is not None else None,
        "description_html": ticket.description,
        "fr_escalated": ticket.fr_escalated,
    }


def _emails(values: tuple[str, ...] | None) -> list[str] | None:
    return None if values is None else list(values)


def attachment_record(attachment: Attachment) -> Record:
    """Return a file's ``{id, name, content_type, size}``.

    Freshdesk's ``attachment_url`` is left out: it is a pre-signed link that
    expires within minutes (docs/freshdesk-api-notes.md#attachments), so a
    caller that kept it would hold a dead link.
    """
    return {
        "id": attachment.id,
        "name": attachment.name,
        "content_type": attachment.content_type,
        "size": attachment.size,
    }


def conversation_record(conversation: Conversation) -> Record:
    """Return a reply, note or forward of a ticket's thread.

    ``body`` is plain text (Freshdesk's ``body_text``), as a ticket's
    ``description`` is; the HTML is in ``body_html``. ``source``: 0 reply,
    2 note, 8 forward (other channels have their own codes).
    """
    text = conversation.body_text
    if text is None:
        text = html_text(conversation.body)
    return {
        "id": conversation.id,
        "ticket_id": conversation.ticket_id,
        "body": text,
        "body_html": conversation.body,
        "private": conversation.private,
        "incoming": conversation.incoming,
        "source": conversation.source,
        "user_id": conversation.user_id,
        "from_email": conversation.from_email,
        "to_emails": _emails(conversation.to_emails),
        "cc_emails": _emails(conversation.cc_emails),
        "bcc_emails": _emails(conversation.bcc_emails),
        "created_at": zulu(conversation.created_at),
        "updated_at": zulu(conversation.updated_at),
        "attachments": [attachment_record(item) for item in conversation.attachments],
    }


def ticket_detail(
    ticket: Ticket,
    conversations: Sequence[Conversation],
    *,
    truncated: bool,
    archived: bool,
) -> Record:
    """Return one ticket with its thread: the ticket record plus ``archived``,
    ``deleted``, ``cc_emails``, its own ``attachments``, ``conversations``
    (oldest first) and ``conversations_truncated``."""
    return {
        **ticket_record(ticket),
        "archived": archived,
        "deleted": ticket.deleted,
        "cc_emails": _emails(ticket.cc_emails),
        "attachments": [attachment_record(item) for item in ticket.attachments or ()],
        "conversations": [conversation_record(item) for item in conversations],
        "conversations_truncated": truncated,
    }


def contact_record(contact: Contact) -> Record:
    """Return the ATOM contact."""
    return {
        "id": contact.id,
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "mobile": contact.mobile,
        "company_id": contact.company_id,
        "job_title": contact.job_title,
        "time_zone": contact.time_zone,
        "language": contact.language,
        "created_at": zulu(contact.created_at),
        "updated_at": zulu(contact.updated_at),
        "last_login_at": zulu(contact.last_login_at),
        "active": contact.active,
        "custom_fields": _custom(contact.custom_fields),
        # Extras beyond the contract.
        "twitter_id": contact.twitter_id,
        "address": contact.address,
        "description": contact.description,
    }


def company_record(company: Company) -> Record:
    """Return the ATOM company."""
    return {
        "id": company.id,
        "name": company.name,
        "description": company.description,
        "note": company.note,
        "domains": list(company.domains),
        "industry": company.industry,
        "created_at": zulu(company.created_at),
        "updated_at": zulu(company.updated_at),
        "custom_fields": _custom(company.custom_fields),
        # Extras beyond the contract (account-management fields, when enabled).
        "health_score": company.health_score,
        "account_tier": company.account_tier,
        "renewal_date": zulu(company.renewal_date),
    }


def agent_record(agent: Agent, *, group_ids: Sequence[int]) -> Record:
    """Return the ATOM agent: Freshdesk's nested ``contact`` flattened into it.

    *group_ids* are the agent's groups, read from the group views (Freshdesk
    leaves them out of list items). ``role_ids`` is ``null`` on list items:
    Freshdesk sends it on a single agent's view only
    (docs/freshdesk-api-notes.md#agents), and the page does not read it.
    """
    return {
        "id": agent.id,
        "email": agent.contact.email,
        "name": agent.contact.name,
        "available": agent.available,
        "available_since": zulu(agent.available_since),
        "occasional": agent.occasional,
        "signature": agent.signature,
        "ticket_scope": agent.ticket_scope,
        "group_ids": list(group_ids),
        "role_ids": _ids(agent.role_ids),
        "created_at": zulu(agent.created_at),
        "updated_at": zulu(agent.updated_at),
        "time_zone": agent.contact.time_zone,
        "language": agent.contact.language,
        # Extras beyond the contract.
        "type": agent.type,
        "phone": agent.contact.phone,
        "mobile": agent.contact.mobile,
        "job_title": agent.contact.job_title,
        "active": agent.contact.active,
        "last_login_at": zulu(agent.contact.last_login_at),
    }


def group_record(group: Group, *, agent_ids: Sequence[int]) -> Record:
    """Return the ATOM group; ``escalated`` is whether it has an ``escalate_to`` agent.

    *agent_ids* are the group's members, from its view (Freshdesk leaves
    them out of list items, docs/freshdesk-api-notes.md#groups).
    """
    return {
        "id": group.id,
        "name": group.name,
        "description": group.description,
        "escalated": group.escalate_to is not None,
        "agent_ids": list(agent_ids),
        "created_at": zulu(group.created_at),
        "updated_at": zulu(group.updated_at),
        # Extras beyond the contract.
        "escalate_to": group.escalate_to,
        "unassigned_for": group.unassigned_for,
    }


def stats_record(counts: Stats, averages: Stats | None, *, averages_since: str | None) -> Record:
    """Return the ATOM stats: counts from *counts*, averages from *averages*.

    *averages* is ``None`` when averages were computed with the counts
    (``counts`` then holds them too). ``averages_since`` (an extra) is the
    first UTC day the averages cover, ``null`` for all time.
    """
    source = counts if averages is None else averages
    return {
        "total_tickets": counts.total_tickets,
        "open_tickets": counts.open_tickets,
        "pending_tickets": counts.pending_tickets,
        "resolved_tickets": counts.resolved_tickets,
        "closed_tickets": counts.closed_tickets,
        "total_contacts": counts.total_contacts,
        "total_companies": counts.total_companies,
        "total_agents": counts.total_agents,
        "total_groups": counts.total_groups,
        "avg_first_response_time": source.avg_first_response_time,
        "avg_resolution_time": source.avg_resolution_time,
        "satisfaction_rating": source.satisfaction_rating,
        "averages_since": averages_since,
    }


def trends_record(trends: Trends, *, source: str) -> Record:
    """Return ``/stats/trends``: the days (``YYYY-MM-DD``), the breakdowns, where they come from.

    *source* is ``"freshdesk"`` or ``"mirror"``; ``tickets_read`` is how many
    tickets were read to compute the figures.
    """
    return {
        "since": trends.since.isoformat(),
        "until": trends.until.isoformat(),
        "days": [
            {
                "date": day.day.isoformat(),
                "created": day.created,
                "resolved": day.resolved,
                "first_response_hours": day.first_response_hours,
                "resolution_hours": day.resolution_hours,
                "satisfaction": day.satisfaction,
                "ratings": day.ratings,
            }
            for day in trends.days
        ],
        "by_status": [
            {"status": item.status, "label": item.label, "count": item.count}
            for item in trends.by_status
        ],
        "by_priority": [
            {"priority": item.priority, "label": item.label, "count": item.count}
            for item in trends.by_priority
        ],
        "source": source,
        "tickets_read": trends.tickets_read,
    }
