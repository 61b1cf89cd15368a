"""Generated fake accounts shared by the search and stats tests, and their true figures.

Generating 20,000 tickets takes seconds, so each size is generated once per
session; the tests only read them (and reset the request counters).
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any

from freshdesk_atom.testing import FakeClock, FakeFreshdesk, RateLimitConfig

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)

COUNT_ENDPOINTS = (
    "GET /search/tickets",
    "GET /search/contacts",
    "GET /search/companies",
    "GET /agents",
    "GET /groups",
)
"""The endpoints a summary's counts use; the averages use the others."""

SCALE = (-103, -102, -101, 100, 101, 102, 103)


@functools.cache
def generated(tickets: int) -> FakeFreshdesk:
    """Return the shared generated account with *tickets* tickets (do not change it)."""
    # Unlimited: the SDK's governor paces bulk work to the reported budget.
    return FakeFreshdesk.generate(
        tickets=tickets,
        contacts=500,
        seed=1,
        clock=FakeClock.manual(NOW),
        rate_limit=RateLimitConfig.unlimited(),
    )


def count_calls(fake: FakeFreshdesk) -> int:
    """Return how many requests the fake received on the count endpoints."""
    return sum(fake.counters.requests[key] for key in COUNT_ENDPOINTS)


def parse(stamp: str | None) -> datetime | None:
    return None if stamp is None else datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _created_since(record: dict[str, Any], start: datetime | None) -> bool:
    created = parse(record.get("created_at"))
    return start is None or (created is not None and created >= start)


def true_figures(fake: FakeFreshdesk, start: datetime | None = None) -> dict[str, Any]:
    """Return the figures of *fake* computed from its state (records created at or after *start*).

    Written from docs/freshdesk-api-notes.md, not from the SDK: search and the ticket list
    leave out spam and trashed tickets (docs/freshdesk-api-notes.md#the-tickets-list, #search) and deleted contacts (docs/freshdesk-api-notes.md#search).
    """
    state = fake.state
    visible = [
        t
        for t in state.tickets.values()
        if not t["spam"] and not t.get("deleted") and _created_since(t, start)
    ]
    first: list[float] = []
    resolution: list[float] = []
    for t in visible:
        stats = state.ticket_stats.get(t["id"]) or {}
        created = parse(t["created_at"])
        assert created is not None
        responded = parse(stats.get("first_responded_at"))
        if responded is not None and responded >= created:
            first.append((responded - created).total_seconds() / 3600)
        resolved = parse(stats.get("resolved_at")) or parse(stats.get("closed_at"))
        if t["status"] in (4, 5) and resolved is not None and resolved >= created:
            resolution.append((resolved - created).total_seconds() / 3600)
    scores = [
        1 + 4 * SCALE.index(code) / 6
        for r in state.ratings.values()
        if _created_since(r, start) and (code := r["ratings"].get("default_question")) in SCALE
    ]
    return {
        "total_tickets": len(visible),
        "open_tickets": sum(t["status"] == 2 for t in visible),
        "pending_tickets": sum(t["status"] == 3 for t in visible),
        "resolved_tickets": sum(t["status"] == 4 for t in visible),
        "closed_tickets": sum(t["status"] == 5 for t in visible),
        "total_contacts": sum(
            1 for c in state.contacts.values() if not c.get("deleted") and _created_since(c, start)
        ),
        "total_companies": sum(1 for c in state.companies.values() if _created_since(c, start)),
        "total_agents": sum(1 for a in state.agents.values() if _created_since(a, start)),
        "total_groups": sum(1 for g in state.groups.values() if _created_since(g, start)),
        "avg_first_response_time": sum(first) / len(first) if first else None,
        "avg_resolution_time": sum(resolution) / len(resolution) if resolution else None,
        "satisfaction_rating": sum(scores) / len(scores) if scores else None,
    }
