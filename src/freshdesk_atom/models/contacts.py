"""Contacts (customers), with the agent record a contact carries once made an agent."""

from __future__ import annotations

from datetime import datetime

import attrs

from .._types import JSONValue
from .common import Record

__all__ = ["Contact", "ContactAgent", "ContactAvatar", "ContactCompany"]


@attrs.frozen(kw_only=True)
class ContactAvatar(Record):
    """A contact's profile picture."""

    id: int | None = None
    name: str | None = None
    content_type: str | None = None
    size: int | None = None
    avatar_url: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class ContactCompany(Record):
    """One entry of ``other_companies`` (multiple-companies feature)."""

    company_id: int
    view_all_tickets: bool | None = None


@attrs.frozen(kw_only=True)
class ContactAgent(Record):
    """The ``agent`` sub-object of a contact that is an agent (e.g. after ``make_agent``).

    Attributes:
        id: the agent id, equal to the contact id.
        ticket_scope: 1 global, 2 group, 3 restricted (``AgentTicketScope``).
    """

    id: int
    available: bool | None = None
    available_since: datetime | None = None
    occasional: bool | None = None
    signature: str | None = None
    ticket_scope: int | None = None
    type: str | None = None
    group_ids: tuple[int, ...] | None = None
    role_ids: tuple[int, ...] | None = None
    skill_ids: tuple[int, ...] | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Contact(Record):
    """A Freshdesk contact.

    Attributes:
        id: 64-bit.
        email: the primary email; ``other_emails`` holds the rest (not in list items).
        phone: a string; old payloads sent numbers, which decode to their digits.
        unique_external_id: only when the account has the feature.
        other_companies: only with the multiple-companies feature.
        view_all_tickets: whether the contact sees all of its company's tickets.
        active: ``True`` once the contact is verified.
        time_zone: a Rails zone name, e.g. ``"Eastern Time (US & Canada)"``.
        tags: not in list items.
        custom_fields: by field name, **without** the ``cf_`` prefix.
        avatar: not in list items.
        deleted: ``True`` for a soft-deleted contact (Freshdesk sends the key only then).
        agent: present when the contact is an agent and the response embeds it.
    """

    id: int
    name: str
    email: str | None = None
    other_emails: tuple[str, ...] | None = None
    phone: str | None = None
    mobile: str | None = None
    twitter_id: str | None = None
    facebook_id: str | None = None
    unique_external_id: str | None = None
    company_id: int | None = None
    other_companies: tuple[ContactCompany, ...] | None = None
    view_all_tickets: bool | None = None
    active: bool = False
    address: str | None = None
    description: str | None = None
    job_title: str | None = None
    language: str | None = None
    time_zone: str | None = None
    tags: tuple[str, ...] | None = None
    custom_fields: dict[str, JSONValue] = attrs.field(factory=dict)
    avatar: ContactAvatar | None = None
    csat_rating: int | None = None
    preferred_source: str | None = None
    last_login_at: datetime | None = None
    deleted: bool = False
    agent: ContactAgent | None = None
    created_at: datetime
    updated_at: datetime
