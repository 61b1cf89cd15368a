"""Agent groups."""

from __future__ import annotations

from datetime import datetime

import attrs

from .common import Record

__all__ = ["Group"]


@attrs.frozen(kw_only=True)
class Group(Record):
    """A Freshdesk agent group.

    Attributes:
        agent_ids: members; on view, create and update responses, not on list items.
        auto_ticket_assign: automatic assignment, present only with that feature and
            kept as Freshdesk sends it: current payloads send an ``int`` (0 off,
            1 round robin, 2 skill-based, 3 load-based), older ones a ``bool``
            (``True`` meaning round robin on). The mapping is not confirmed by
            Freshdesk's docs.
        escalate_to: the user notified when a ticket stays unassigned.
        unassigned_for: how long before that: ``"30m"``, ``"1h"`` ... ``"3d"``.
        group_type: e.g. ``"support_agent_group"``; newer accounts.
    """

    id: int
    name: str
    description: str | None = None
    agent_ids: tuple[int, ...] | None = None
    auto_ticket_assign: int | bool | None = None
    escalate_to: int | None = None
    unassigned_for: str | None = None
    business_hour_id: int | None = None
    group_type: str | None = None
    created_at: datetime
    updated_at: datetime
