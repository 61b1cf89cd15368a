"""Help-desk figures computed by ``fd.stats.summary()``."""

from __future__ import annotations

import attrs

__all__ = ["Stats"]


@attrs.frozen(kw_only=True)
class Stats:
    """Help-desk figures, with exactly the fields of ATOM's stats object.

    Each figure is a real value read from Freshdesk, or ``None`` when it
    cannot be known (no ticket was resolved in the period, no survey answer,
    the agent's key may not read that resource). ``docs/stats.md`` says
    exactly what each counts and which requests it costs; in short, with
    ``since`` given every figure covers records created on or after the start
    of that UTC day, and without it, all time:

    Attributes:
        total_tickets: tickets search can see (spam, deleted and archived excluded).
        open_tickets: those with status 2 (Open).
        pending_tickets: status 3 (Pending).
        resolved_tickets: status 4 (Resolved).
        closed_tickets: status 5 (Closed). Custom statuses (>= 6) count only in the total.
        total_contacts: contacts search can see (deleted ones excluded).
        total_companies: companies.
        total_agents: agents, counted by listing them.
        total_groups: groups, counted by listing them.
        avg_first_response_time: mean hours from creation to the first agent
            response, over tickets that have one.
        avg_resolution_time: mean hours from creation to resolution, over
            tickets now Resolved or Closed.
        satisfaction_rating: mean of the overall survey answers, mapped onto
            1 (extremely unhappy) .. 5 (extremely happy).
    """

    total_tickets: int | None
    open_tickets: int | None
    pending_tickets: int | None
    resolved_tickets: int | None
    closed_tickets: int | None
    total_contacts: int | None
    total_companies: int | None
    total_agents: int | None
    total_groups: int | None
    avg_first_response_time: float | None
    avg_resolution_time: float | None
    satisfaction_rating: float | None
