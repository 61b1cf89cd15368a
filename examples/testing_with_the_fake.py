"""Test your own Freshdesk code against the fake: no account, no network, real behaviour.

The function under test, ``close_stale_pending``, closes pending tickets that
nobody touched for two weeks. The fake's clock lets the test move time, and its
counters prove what happened on the wire. With pytest, use the ``fake_freshdesk``
and ``freshdesk_client`` fixtures instead (see docs/testing.md).

Run: python examples/testing_with_the_fake.py
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from freshdesk_atom import Freshdesk, TicketStatus
from freshdesk_atom.testing import FakeClock, FakeFreshdesk


def close_stale_pending(fd: Freshdesk, *, now: datetime, idle: timedelta) -> list[int]:
    """Close every pending ticket not updated for *idle*; return their ids."""
    closed = []
    candidates = fd.tickets.list(updated_since=now - timedelta(days=365), per_page=100)
    for ticket in candidates:
        if ticket.status == TicketStatus.PENDING and now - ticket.updated_at >= idle:
            fd.tickets.update(ticket.id, status=TicketStatus.CLOSED)
            closed.append(ticket.id)
    return closed


def main() -> None:
    start = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    fake = FakeFreshdesk(clock=FakeClock.manual(start))
    requester = fake.add_contact(name="Ana", email="ana@example.com")
    stale = fake.add_ticket(subject="Waiting on Ana", status=3, requester_id=requester["id"])
    fake.clock.advance(timedelta(days=15).total_seconds())
    fresh = fake.add_ticket(subject="Waiting since today", status=3, requester_id=requester["id"])

    with Freshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as fd:
        closed = close_stale_pending(fd, now=fake.clock.now(), idle=timedelta(days=14))

    assert closed == [stale["id"]], closed
    assert fake.state.tickets[stale["id"]]["status"] == TicketStatus.CLOSED
    assert fake.state.tickets[fresh["id"]]["status"] == TicketStatus.PENDING
    assert fake.counters.requests["PUT /tickets/{id}"] == 1, fake.counters.requests
    print(f"closed {closed}; requests made: {dict(fake.counters.requests)}")


if __name__ == "__main__":
    main()
