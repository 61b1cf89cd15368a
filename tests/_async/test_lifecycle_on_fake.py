"""The ticket lifecycle against the fake Freshdesk: threads, attachments, fields, archive, time."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from freshdesk_atom import (
    AsyncFreshdesk,
    AttachmentLinkError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
    UnknownOutcomeError,
)
from freshdesk_atom.testing import FakeClock, FakeFreshdesk, FaultPlan, RateLimitConfig

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
MB = 1024 * 1024


def make_fake(**kwargs: object) -> FakeFreshdesk:
    return FakeFreshdesk.generate(
        tickets=30,
        contacts=10,
        seed=4,
        conversations=0,
        now=NOW,
        clock=FakeClock.manual(NOW),
        rate_limit=RateLimitConfig.unlimited(),
        **kwargs,  # type: ignore[arg-type]
    )


def connect(fake: FakeFreshdesk, **kwargs: object) -> AsyncFreshdesk:
    return AsyncFreshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.async_transport()),
        **kwargs,  # type: ignore[arg-type]
    )


async def test_a_thread_of_250_conversations_is_listed_once_in_order() -> None:
    fake = make_fake()
    ticket_id = next(iter(fake.state.tickets))
    added = []
    for number in range(250):
        fake.clock.advance(1)
        added.append(fake.add_conversation(ticket_id, body=f"<p>message {number}</p>")["id"])
    async with connect(fake) as fd:
        thread = [c.id async for c in fd.tickets.conversations.list(ticket_id, per_page=100)]
        preview = await fd.tickets.get(ticket_id, include="conversations")
    assert thread == added
    assert preview.conversations is not None
    assert [c.id for c in preview.conversations] == added[:10]  # the embed is a preview


async def test_reply_note_forward_update_delete() -> None:
    fake = make_fake()
    ticket_id = next(iter(fake.state.tickets))
    async with connect(fake) as fd:
        reply = await fd.tickets.conversations.reply(
            ticket_id, body="<p>On it</p>", cc_emails=["boss@acme.example"]
        )
        note = await fd.tickets.conversations.note(ticket_id, body="<p>Check the logs</p>")
        forward = await fd.tickets.conversations.forward(
            ticket_id, to_emails=["vendor@parts.example"], body="<p>FYI</p>"
        )
        assert (reply.private, note.private, reply.ticket_id) == (False, True, ticket_id)
        edited = await fd.tickets.conversations.update(note.id, body="<p>Logs checked</p>")
        assert edited.body_text == "Logs checked"
        with pytest.raises(BadRequestError):
            await fd.tickets.conversations.update(reply.id, body="<p>rewrite history</p>")
        await fd.tickets.conversations.delete(forward.id)
        thread = [c.id async for c in fd.tickets.conversations.list(ticket_id)]
    assert thread == [reply.id, note.id]


async def test_files_travel_with_tags_and_custom_fields_and_come_back(tmp_path: Path) -> None:
    fake = make_fake()
    log = tmp_path / "app.log"
    log.write_bytes(b"line\n" * 1000)
    async with connect(fake) as fd:
        ticket = await fd.tickets.create(
            subject="Crash on save",
            description="<p>see files</p>",
            email="jamie.rivera@acme-widgets.example",
            tags=["crash", "desktop"],
            custom_fields={"cf_region": "EMEA", "cf_vip": True, "cf_affected_users": 12},
            attachments=[log, ("shot.png", io.BytesIO(b"\x89PNG..."), "image/png")],
        )
        stored = fake.state.tickets[ticket.id]
        assert stored["tags"] == ["crash", "desktop"]
        assert stored["custom_fields"]["cf_region"] == "EMEA"
        assert stored["custom_fields"]["cf_vip"] is True
        assert stored["custom_fields"]["cf_affected_users"] == 12
        assert ticket.attachments is not None
        assert [(a.name, a.size) for a in ticket.attachments] == [
            ("app.log", 5000),
            ("shot.png", 7),
        ]
        fake.clock.advance(3600)  # the links read at create time have expired
        target = tmp_path / "copy.log"
        with pytest.raises(AttachmentLinkError, match="refresh="):
            await fd.attachments.download(ticket.attachments[0], target)
        assert not target.exists()  # nothing half-written
        written = await fd.attachments.download(ticket.attachments[0], target, refresh=ticket)
    assert written == 5000
    assert target.read_bytes() == log.read_bytes()


async def test_21_mb_is_refused_before_any_request(tmp_path: Path) -> None:
    fake = make_fake()
    ticket_id = next(iter(fake.state.tickets))
    before = fake.counters.total_requests
    async with connect(fake) as fd:
        with pytest.raises(ValueError, match="Freshdesk accepts at most 20 MB"):
            await fd.tickets.conversations.reply(
                ticket_id,
                body="<p>big</p>",
                attachments=[("a.bin", b"x" * (11 * MB)), ("b.bin", b"y" * (10 * MB))],
            )
        with pytest.raises(ValueError, match="null cannot travel with attachments"):
            await fd.tickets.update(ticket_id, responder_id=None, attachments=[("a.txt", b"a")])
    assert fake.counters.total_requests == before


async def test_the_api_key_never_reaches_the_file_host() -> None:
    fake = make_fake()
    ticket_id = next(iter(fake.state.tickets))
    async with connect(fake) as fd:
        note = await fd.tickets.conversations.note(
            ticket_id, body="<p>log</p>", attachments=[("x.txt", b"hello")]
        )
        buffer = io.BytesIO()
        # The fake answers 400 to a link sent with an Authorization header.
        assert await fd.attachments.download(note.attachments[0], buffer) == 5
    assert buffer.getvalue() == b"hello"


async def test_inline_images_are_downloaded_and_pointed_at(tmp_path: Path) -> None:
    fake = make_fake()
    ticket_id = next(iter(fake.state.tickets))
    async with connect(fake) as fd:
        reply = await fd.tickets.conversations.reply(
            ticket_id,
            body='<p>Here: <img src="cid:chart.png"></p>',
            attachments=[("chart.png", b"PNGDATA", "image/png")],
        )
        html = await fd.attachments.download_inline(
            reply.body or "", reply.attachments, tmp_path, refresh=reply
        )
    name = f"{reply.attachments[0].id}-chart.png"
    assert f'src="{name}"' in html
    assert (tmp_path / name).read_bytes() == b"PNGDATA"


async def test_a_lost_reply_is_found_rather_than_sent_twice() -> None:
    # The fake's clock runs with ours: the lookup compares Freshdesk's created_at
    # with when the request left.
    fake = FakeFreshdesk.generate(
        tickets=5, contacts=5, seed=4, conversations=0, rate_limit=RateLimitConfig.unlimited()
    )
    ticket_id = next(iter(fake.state.tickets))
    fake.faults = FaultPlan.once("drop", method="POST", when="after")
    async with connect(fake) as fd:
        with pytest.raises(UnknownOutcomeError) as caught:
            await fd.tickets.conversations.reply(ticket_id, body="<p>Fixed, thanks!</p>")
        found = await fd.tickets.conversations.find_created(caught.value)
        assert found is not None
        assert [c["id"] for c in fake.state.conversations.values()] == [found.id]
        # The same words twice: neither can be told to be the lost one.
        await fd.tickets.conversations.reply(ticket_id, body="<p>Fixed, thanks!</p>")
        assert await fd.tickets.conversations.find_created(caught.value) is None


async def test_archived_tickets_are_read_where_they_live() -> None:
    fake = make_fake()
    ticket_id = next(iter(fake.state.tickets))
    fake.add_conversation(ticket_id, body="<p>old thread</p>")
    fake.archive_ticket(ticket_id)
    async with connect(fake) as fd:
        with pytest.raises(NotFoundError):
            await fd.tickets.get(ticket_id)
        archived = await fd.tickets.archived.get(ticket_id)
        thread = [c async for c in fd.tickets.archived.conversations(ticket_id)]
        fake.archive_enabled = False
        with pytest.raises(PermissionDeniedError, match="require_feature"):
            await fd.tickets.archived.get(ticket_id)
    assert archived.id == ticket_id
    assert [c.body_text for c in thread] == ["old thread"]


async def test_the_ticket_form_checks_values_against_the_account() -> None:
    fake = make_fake()
    async with connect(fake) as fd:
        fields = await fd.ticket_fields.list()
        form = await fd.ticket_fields.form()
        ticket = await fd.tickets.get(next(iter(fake.state.tickets)))
    form.check(custom_fields=ticket.custom_fields)  # nested levels included
    assert {f.name for f in fields} >= {"status", "priority", "cf_region"}
    assert 2 in form.statuses
    form.check(custom_fields={"cf_region": "EMEA"})
    with pytest.raises(ValueError, match=r"custom_fields\.cf_region: 'Atlantis' is not one of"):
        form.check(custom_fields={"cf_region": "Atlantis"})
    with pytest.raises(ValueError, match="no such ticket field"):
        form.check(custom_fields={"cf_nope": 1})


async def test_time_entries_and_a_tickets_ratings() -> None:
    fake = make_fake()
    ticket_id = next(iter(fake.state.tickets))
    async with connect(fake) as fd:
        entry = await fd.time_entries.create(ticket_id, time_spent="01:30", note="Call")
        listed = [e.id async for e in fd.time_entries.list(ticket_id=ticket_id)]
        updated = await fd.time_entries.update(entry.id, time_spent="02:00")
        running = await fd.time_entries.toggle_timer(entry.id)
        assert running.timer_running is not updated.timer_running
        await fd.time_entries.delete(entry.id)
        left = [e.id async for e in fd.time_entries.list(ticket_id=ticket_id)]
        with pytest.raises(ValueError, match="take no filters"):
            fd.time_entries.list(ticket_id=ticket_id, billable=True)
        ratings = [r async for r in fd.satisfaction_ratings.list(ticket_id=ticket_id)]
    assert listed == [entry.id]
    assert updated.time_spent == "02:00"
    assert left == []
    assert all(r.ticket_id == ticket_id for r in ratings)
