"""The tickets resource against the fake Freshdesk: real round trips, quirks and faults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from freshdesk_atom import (
    APIConnectionError,
    AsyncFreshdesk,
    BadRequestError,
    NotFoundError,
    RateLimitError,
    TicketPriority,
    TicketStatus,
    UnknownOutcomeError,
)
from freshdesk_atom.testing import FakeClock, FakeFreshdesk, FaultPlan, RateLimitConfig

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def connect(fake: FakeFreshdesk, **kwargs: object) -> AsyncFreshdesk:
    client = AsyncFreshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.async_transport()),
        **kwargs,  # type: ignore[arg-type]
    )
    return client


def record_sleeps(client: AsyncFreshdesk) -> list[float]:
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    client._transport._sleep = fake_sleep
    return sleeps


@pytest.mark.anyio
async def test_create_get_update_delete_restore_round_trip() -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW))
    async with connect(fake) as fd:
        created = await fd.tickets.create(
            subject="Printer on fire",
            description="<p>Smoke</p>",
            email="dana@example.com",
            priority=TicketPriority.URGENT,
            tags=["hardware"],
        )
        assert created.status == TicketStatus.OPEN
        assert created.created_at == NOW
        fake.clock.advance(90)
        updated = await fd.tickets.update(created.id, status=TicketStatus.PENDING)
        assert updated.status == TicketStatus.PENDING
        assert updated.updated_at == NOW + timedelta(seconds=90)
        fetched = await fd.tickets.get(created.id, include=["requester"])
        assert fetched.requester is not None
        assert fetched.requester.email == "dana@example.com"
        await fd.tickets.delete(created.id)
        assert (await fd.tickets.get(created.id)).deleted is True
        await fd.tickets.restore(created.id)
        assert (await fd.tickets.get(created.id)).deleted is False
        with pytest.raises(NotFoundError):
            await fd.tickets.restore(created.id)
    assert fake.counters.created["tickets"] == 1


@pytest.mark.anyio
async def test_list_follows_link_headers_through_every_page() -> None:
    fake = FakeFreshdesk.generate(
        tickets=250, contacts=40, seed=3, now=NOW, clock=FakeClock.manual(NOW)
    )
    since = datetime(2000, 1, 1, tzinfo=UTC)
    async with connect(fake) as fd:
        paginator = fd.tickets.list(
            updated_since=since, order_by="updated_at", order_type="asc", per_page=100
        )
        pages = [page async for page in paginator.iter_pages()]
        ids = [ticket.id async for ticket in paginator]
    visible = [t for t in fake.state.tickets.values() if not t.get("spam") and not t.get("deleted")]
    assert [len(p) for p in pages][:-1] == [100] * (len(pages) - 1)
    assert [p.has_next for p in pages] == [True] * (len(pages) - 1) + [False]
    assert sorted(ids) == sorted(t["id"] for t in visible)
    assert len(ids) == len(set(ids))
    assert pages[0].meta.rate_limit is not None


@pytest.mark.anyio
async def test_unfiltered_list_only_shows_the_last_30_days() -> None:
    fake = FakeFreshdesk.generate(
        tickets=300, contacts=40, seed=5, now=NOW, clock=FakeClock.manual(NOW)
    )
    async with connect(fake) as fd:
        recent = [t async for t in fd.tickets.list(per_page=100)]
    cutoff = NOW - timedelta(days=31)
    assert recent, "the generated account has recent tickets"
    assert all(t.created_at >= cutoff for t in recent)
    assert len(recent) < 300


@pytest.mark.anyio
async def test_max_items_and_first_page() -> None:
    fake = FakeFreshdesk.generate(
        tickets=120, contacts=20, seed=2, now=NOW, clock=FakeClock.manual(NOW)
    )
    async with connect(fake) as fd:
        some = [t async for t in fd.tickets.list(updated_since="2000-01-01T00:00:00Z", max_items=7)]
        first = await fd.tickets.list(
            updated_since="2000-01-01T00:00:00Z", per_page=10
        ).first_page()
    assert len(some) == 7
    assert len(first.items) == 10
    assert first.page == 1
    assert first.has_next


@pytest.mark.anyio
async def test_freshdesk_validation_reaches_the_caller_as_field_errors() -> None:
    # An account whose admin made the description mandatory for agents.
    fake = FakeFreshdesk(
        clock=FakeClock.manual(NOW), ticket_required_fields=("subject", "description")
    )
    async with connect(fake) as fd:
        with pytest.raises(BadRequestError) as info:
            await fd.tickets.create(email="dana@example.com", subject="no description")
    assert [e.field for e in info.value.errors] == ["description"]
    assert fake.counters.created["tickets"] == 0


@pytest.mark.anyio
async def test_a_post_lost_after_the_commit_is_not_sent_again() -> None:
    fake = FakeFreshdesk()
    fake.faults = FaultPlan.once("drop", method="POST", path="/tickets", when="after")
    async with connect(fake) as fd:
        with pytest.raises(UnknownOutcomeError) as info:
            await fd.tickets.create(subject="once", description="only once", email="a@example.com")
        assert isinstance(info.value.cause, APIConnectionError)
        assert info.value.cause.request_sent is True
        # The lookup finds the ticket the lost answer was about.
        found = await fd.tickets.find_created(info.value)
    assert fake.counters.created["tickets"] == 1
    assert fake.counters.requests["POST /tickets"] == 1
    assert found is not None
    assert found.subject == "once"
    assert found.id in fake.state.tickets


@pytest.mark.anyio
async def test_a_post_lost_before_the_commit_is_not_found() -> None:
    fake = FakeFreshdesk()
    fake.add_contact(name="A", email="a@example.com")
    fake.faults = FaultPlan.once("500", method="POST", path="/tickets", when="before")
    async with connect(fake) as fd:
        with pytest.raises(UnknownOutcomeError) as info:
            await fd.tickets.create(subject="never", description="x", email="a@example.com")
        assert await fd.tickets.find_created(info.value) is None
    assert fake.counters.created["tickets"] == 0


@pytest.mark.anyio
async def test_a_lost_create_for_a_new_contact_that_never_landed_is_not_found() -> None:
    # The email is nobody's: Freshdesk's list refuses the filter, as no contact was made.
    fake = FakeFreshdesk()
    fake.faults = FaultPlan.once("drop", method="POST", path="/tickets", when="before")
    async with connect(fake) as fd:
        with pytest.raises(UnknownOutcomeError) as info:
            await fd.tickets.create(subject="never", description="x", email="new@example.com")
        assert await fd.tickets.find_created(info.value) is None


@pytest.mark.anyio
async def test_two_tickets_that_fit_the_lookup_cannot_be_told_apart() -> None:
    fake = FakeFreshdesk()
    async with connect(fake) as fd:
        await fd.tickets.create(subject="twice", description="x", email="a@example.com")
        fake.faults = FaultPlan.once("drop", method="POST", path="/tickets", when="after")
        with pytest.raises(UnknownOutcomeError) as info:
            await fd.tickets.create(subject="twice", description="x", email="a@example.com")
        assert await fd.tickets.find_created(info.value) is None


@pytest.mark.anyio
async def test_find_created_refuses_what_is_not_a_ticket_create() -> None:
    fake = FakeFreshdesk()
    fake.faults = FaultPlan.once("drop", method="POST", path="/contacts", when="after")
    async with connect(fake) as fd:
        with pytest.raises(UnknownOutcomeError) as info:
            await fd.contacts.create(name="Dana", email="dana@example.com")
        with pytest.raises(ValueError, match="not a ticket create"):
            await fd.tickets.find_created(info.value)


@pytest.mark.anyio
async def test_gets_survive_injected_server_errors() -> None:
    fake = FakeFreshdesk.generate(
        tickets=50, contacts=10, seed=9, now=NOW, clock=FakeClock.manual(NOW)
    )
    fake.faults = FaultPlan(
        rate=0.3, seed=11, kinds=("500", "502", "503", "drop", "html", "truncated", "timeout")
    )
    async with connect(fake, max_retries=10) as fd:
        record_sleeps(fd)
        ids = [
            t.id async for t in fd.tickets.list(updated_since="2000-01-01T00:00:00Z", per_page=10)
        ]
    visible = [t for t in fake.state.tickets.values() if not t.get("spam") and not t.get("deleted")]
    assert sorted(ids) == sorted(t["id"] for t in visible)
    assert fake.counters.faults > 0


@pytest.mark.anyio
async def test_a_429_is_waited_out_then_the_call_succeeds() -> None:
    fake = FakeFreshdesk(
        clock=FakeClock.manual(NOW), rate_limit=RateLimitConfig(total=2, window=60)
    )
    sleeps: list[float] = []
    async with connect(fake, rate_governor=False) as fd:  # Freshdesk's 429, not our pacing

        async def advance(seconds: float) -> None:
            sleeps.append(seconds)
            fake.clock.advance(seconds)

        fd._transport._sleep = advance
        for _ in range(3):
            await fd.tickets.list(updated_since="2000-01-01T00:00:00Z").first_page()
    assert len(sleeps) == 1
    assert 1 <= sleeps[0] <= 60
    assert fake.counters.rate_limited == 1


@pytest.mark.anyio
async def test_a_retry_after_beyond_the_cap_raises() -> None:
    fake = FakeFreshdesk(
        clock=FakeClock.manual(NOW), rate_limit=RateLimitConfig(total=1, window=600)
    )
    async with connect(fake, retry_after_cap=30.0) as fd:
        await fd.tickets.list(updated_since="2000-01-01T00:00:00Z").first_page()
        with pytest.raises(RateLimitError) as info:
            await fd.tickets.list(updated_since="2000-01-01T00:00:00Z").first_page()
    assert info.value.retry_after is not None
    assert info.value.retry_after > 30
