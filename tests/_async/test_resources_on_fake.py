"""Contacts, companies, agents, groups and ratings against the fake Freshdesk: real round trips."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from freshdesk_atom import (
    AgentState,
    AgentTicketScope,
    AsyncFreshdesk,
    BadRequestError,
    ConflictError,
    ContactState,
    MethodNotAllowedError,
    NotFoundError,
)
from freshdesk_atom.testing import FakeClock, FakeFreshdesk

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def connect(fake: FakeFreshdesk) -> AsyncFreshdesk:
    return AsyncFreshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.async_transport()),
    )


# --- contacts -------------------------------------------------------------------------


@pytest.mark.anyio
async def test_contact_create_get_update_list_delete_restore_round_trip() -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW))
    async with connect(fake) as fd:
        company = await fd.companies.create(name="Globex")
        created = await fd.contacts.create(
            name="Dana Ruiz",
            email="dana@globex.example",
            phone="+1 415 555 0134",
            company_id=company.id,
            tags=["key-account"],
        )
        assert created.created_at == NOW
        assert created.company_id == company.id
        fake.clock.advance(60)
        updated = await fd.contacts.update(created.id, job_title="Controller", phone=None)
        assert updated.job_title == "Controller"
        assert updated.phone is None
        assert updated.updated_at == NOW + timedelta(seconds=60)
        fetched = await fd.contacts.get(created.id)
        assert fetched.tags == ("key-account",)
        listed = [c.id async for c in fd.contacts.list(email="dana@globex.example")]
        assert listed == [created.id]

        await fd.contacts.delete(created.id)
        assert (await fd.contacts.get(created.id)).deleted is True
        assert [c async for c in fd.contacts.list()] == []
        deleted = [c.id async for c in fd.contacts.list(state=ContactState.DELETED)]
        assert deleted == [created.id]
        with pytest.raises(MethodNotAllowedError):
            await fd.contacts.update(created.id, job_title="CFO")

        await fd.contacts.restore(created.id)
        assert (await fd.contacts.get(created.id)).deleted is False
        with pytest.raises(NotFoundError):
            await fd.contacts.restore(created.id)


@pytest.mark.anyio
async def test_contact_updated_since_filter_reaches_the_fake() -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW))
    async with connect(fake) as fd:
        old = await fd.contacts.create(name="Old", email="old@example.com")
        fake.clock.advance(3600)
        new = await fd.contacts.create(name="New", email="new@example.com")
        since = NOW + timedelta(minutes=30)
        recent = [c.id async for c in fd.contacts.list(updated_since=since)]
        everyone = [c.id async for c in fd.contacts.list()]
    assert recent == [new.id]
    assert sorted(everyone) == sorted([old.id, new.id])


@pytest.mark.anyio
async def test_contact_hard_delete_needs_a_soft_delete_or_force() -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW))
    async with connect(fake) as fd:
        first = await fd.contacts.create(name="First", email="first@example.com")
        second = await fd.contacts.create(name="Second", mobile="07700 900123")
        with pytest.raises(BadRequestError) as info:
            await fd.contacts.hard_delete(first.id)
        assert info.value.body is None
        await fd.contacts.delete(first.id)
        await fd.contacts.hard_delete(first.id)
        await fd.contacts.hard_delete(second.id, force=True)
        for gone in (first.id, second.id):
            with pytest.raises(NotFoundError):
                await fd.contacts.get(gone)


@pytest.mark.anyio
async def test_contact_duplicate_email_is_a_conflict_naming_the_owner() -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW))
    async with connect(fake) as fd:
        first = await fd.contacts.create(name="Dana", email="dana@example.com")
        with pytest.raises(ConflictError) as info:
            await fd.contacts.create(name="Dana Two", email="dana@example.com")
    error = info.value.errors[0]
    assert (error.field, error.code) == ("email", "duplicate_value")
    assert error.additional_info == {"user_id": first.id}
    assert fake.counters.created["contacts"] == 1


@pytest.mark.anyio
async def test_make_agent_turns_a_contact_into_an_agent() -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW))
    async with connect(fake) as fd:
        group = await fd.groups.create(name="Billing")
        contact = await fd.contacts.create(name="Rachel", email="rachel@example.com")
        promoted = await fd.contacts.make_agent(
            contact.id, group_ids=[group.id], ticket_scope=AgentTicketScope.GROUP
        )
        assert promoted.agent is not None
        assert promoted.agent.id == contact.id
        assert promoted.agent.ticket_scope == AgentTicketScope.GROUP
        agent = await fd.agents.get(contact.id)
        assert agent.contact.email == "rachel@example.com"
        assert agent.group_ids == (group.id,)
        assert (await fd.groups.get(group.id)).agent_ids == (contact.id,)


@pytest.mark.anyio
async def test_make_agent_without_email_is_a_conflict() -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW))
    async with connect(fake) as fd:
        contact = await fd.contacts.create(name="Phone Only", phone="+1 555 0100")
        with pytest.raises(ConflictError) as info:
            await fd.contacts.make_agent(contact.id)
    assert info.value.code == "inconsistent_state"


# --- companies ------------------------------------------------------------------------


@pytest.mark.anyio
async def test_company_create_get_update_list_delete_round_trip() -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW))
    async with connect(fake) as fd:
        created = await fd.companies.create(
            name="Super Nova", description="Space Shuttle Manufacturing", domains=["supernova"]
        )
        assert created.domains == ("supernova",)
        updated = await fd.companies.update(created.id, description=None, domains=[])
        assert updated.description is None
        assert updated.domains == ()
        assert (await fd.companies.get(created.id)).name == "Super Nova"
        other = await fd.companies.create(name="Poseidon")
        names = [c.name async for c in fd.companies.list(per_page=1)]
        assert sorted(names) == ["Poseidon", "Super Nova"]

        await fd.companies.delete(created.id)
        with pytest.raises(NotFoundError):
            await fd.companies.get(created.id)
        assert [c.id async for c in fd.companies.list()] == [other.id]


@pytest.mark.anyio
async def test_company_name_clash_is_a_conflict_on_name_ignoring_case() -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW))
    async with connect(fake) as fd:
        await fd.companies.create(name="Globex")
        with pytest.raises(ConflictError) as info:
            await fd.companies.create(name="GLOBEX")
    assert info.value.status_code == 409
    assert info.value.errors[0].field == "name"
    assert info.value.errors[0].code == "duplicate_value"


# --- groups ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_group_create_get_update_list_delete_round_trip() -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW))
    async with connect(fake) as fd:
        me = await fd.agents.me()
        created = await fd.groups.create(
            name="Escalations",
            description="Hot tickets",
            agent_ids=[me.id],
            escalate_to=me.id,
            unassigned_for="1h",
        )
        assert created.agent_ids == (me.id,)
        assert created.unassigned_for == "1h"
        updated = await fd.groups.update(created.id, agent_ids=[], escalate_to=None)
        assert updated.agent_ids == ()
        assert updated.escalate_to is None
        fetched = await fd.groups.get(created.id)
        assert fetched.description == "Hot tickets"
        listed = [g async for g in fd.groups.list()]
        assert [g.id for g in listed] == [created.id]
        assert listed[0].agent_ids is None  # list items omit members

        await fd.groups.delete(created.id)
        with pytest.raises(NotFoundError):
            await fd.groups.get(created.id)


@pytest.mark.anyio
async def test_group_refuses_an_unknown_escalation_agent() -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW))
    async with connect(fake) as fd:
        with pytest.raises(BadRequestError) as info:
            await fd.groups.create(name="Nobody", escalate_to=999_999_999)
    assert info.value.errors[0].field == "escalate_to"


# --- agents ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_agents_me_list_get_and_update() -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW))
    helper = fake.add_agent(
        occasional=True, contact={"name": "Day Pass", "email": "dp@example.com"}
    )
    async with connect(fake) as fd:
        me = await fd.agents.me()
        assert me.id == fake.agent_id
        everyone = sorted([a.id async for a in fd.agents.list()])
        assert everyone == sorted([me.id, helper["id"]])
        occasional = [a.id async for a in fd.agents.list(state=AgentState.OCCASIONAL)]
        assert occasional == [helper["id"]]
        by_email = [a.id async for a in fd.agents.list(email="dp@example.com")]
        assert by_email == [helper["id"]]

        updated = await fd.agents.update(
            helper["id"], signature="<p>Day Pass</p>", ticket_scope=AgentTicketScope.RESTRICTED
        )
        assert updated.signature == "<p>Day Pass</p>"
        assert updated.ticket_scope == AgentTicketScope.RESTRICTED
        assert (await fd.agents.get(helper["id"])).contact.name == "Day Pass"
        with pytest.raises(NotFoundError):
            await fd.agents.get(123)


# --- satisfaction ratings -------------------------------------------------------------


@pytest.mark.anyio
async def test_ratings_default_to_the_last_30_days() -> None:
    fake = FakeFreshdesk(clock=FakeClock.manual(NOW))
    old = fake.add_satisfaction_rating(
        user_id=7,
        ticket_id=1,
        ratings={"default_question": -103},
        created_at="2026-03-01T00:00:00Z",
    )
    recent = fake.add_satisfaction_rating(
        user_id=8, ticket_id=2, ratings={"default_question": 103}, created_at="2026-05-25T00:00:00Z"
    )
    async with connect(fake) as fd:
        default = [r.id async for r in fd.satisfaction_ratings.list()]
        since = datetime(2026, 1, 1, tzinfo=UTC)
        everything = [r.id async for r in fd.satisfaction_ratings.list(created_since=since)]
        one_user = [
            r.id async for r in fd.satisfaction_ratings.list(created_since=since, user_id=7)
        ]
    assert default == [recent["id"]]
    assert everything == [recent["id"], old["id"]]  # newest first
    assert one_user == [old["id"]]
