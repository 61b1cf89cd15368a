"""The pytest fixtures users get from the ``freshdesk_atom`` plugin entry point."""

from __future__ import annotations

import pytest

from freshdesk_atom import AsyncFreshdesk, Freshdesk, TicketStatus
from freshdesk_atom.testing import FakeFreshdesk


def test_sync_client_fixture_talks_to_the_fake(
    fake_freshdesk: FakeFreshdesk, freshdesk_client: Freshdesk
) -> None:
    created = freshdesk_client.tickets.create(
        subject="From a fixture", description="x", email="a@example.com"
    )
    assert fake_freshdesk.state.tickets[created.id]["subject"] == "From a fixture"
    assert fake_freshdesk.counters.created["tickets"] == 1


def test_the_fixture_clock_stands_still_until_moved(
    fake_freshdesk: FakeFreshdesk, freshdesk_client: Freshdesk
) -> None:
    before = fake_freshdesk.clock.now()
    ticket = freshdesk_client.tickets.create(subject="t", description="x", email="a@example.com")
    assert ticket.created_at == before
    fake_freshdesk.clock.advance(3600)
    updated = freshdesk_client.tickets.update(ticket.id, status=TicketStatus.PENDING)
    assert (updated.updated_at - before).total_seconds() == 3600


@pytest.mark.anyio
async def test_async_client_fixture_talks_to_the_fake(
    fake_freshdesk: FakeFreshdesk, async_freshdesk_client: AsyncFreshdesk
) -> None:
    me = await async_freshdesk_client.agents.me()
    assert me.id == fake_freshdesk.agent_id
