"""Agents: the help desk's staff, each with a contact record of their own."""

from __future__ import annotations

from datetime import datetime

import attrs

from .common import Record

__all__ = ["Agent", "AgentContact"]


@attrs.frozen(kw_only=True)
class AgentContact(Record):
    """The contact details embedded in an agent.

    Attributes:
        phone: a string; old payloads sent numbers, which decode to their digits.
    """

    name: str
    email: str | None = None
    active: bool = False
    job_title: str | None = None
    language: str | None = None
    last_login_at: datetime | None = None
    mobile: str | None = None
    phone: str | None = None
    time_zone: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Agent(Record):
    """A Freshdesk agent.

    Attributes:
        id: equal to the agent's contact (user) id; 64-bit.
        available: whether the agent takes round-robin assignments now.
        occasional: ``True`` for day-pass (occasional) agents.
        signature: HTML.
        ticket_scope: 1 global, 2 group, 3 restricted (``AgentTicketScope``).
        type: ``"support_agent"``, ``"field_agent"`` or ``"collaborator"``; newer accounts.
        group_ids: ``group_ids``, ``role_ids`` and ``skill_ids`` are on view responses
            only, not on list items.
    """

    id: int
    available: bool = False
    available_since: datetime | None = None
    occasional: bool = False
    signature: str | None = None
    ticket_scope: int
    type: str | None = None
    group_ids: tuple[int, ...] | None = None
    role_ids: tuple[int, ...] | None = None
    skill_ids: tuple[int, ...] | None = None
    last_active_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    contact: AgentContact
