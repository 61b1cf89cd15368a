"""A ticket's whole life, offline on the fake Freshdesk: sync, then the same in async.

Create it with two attachments, reply with one, add a private note, move its
status, read the thread in order, and download every attachment, once after
its link expired (the SDK reads the record again for a fresh link).

Run: python examples/ticket_lifecycle.py
Against a real account, build the client with ``Freshdesk.from_env()`` instead.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import tempfile
from pathlib import Path

import httpx

from freshdesk_atom import (
    AsyncFreshdesk,
    Attachment,
    Conversation,
    Freshdesk,
    Ticket,
    TicketStatus,
)
from freshdesk_atom.testing import FakeClock, FakeFreshdesk

SCREENSHOT = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40  # a small made-up image
LOG = b"2026-03-01 09:15:27 ERROR export failed: timeout after 30s\n" * 200


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def lifecycle(fd: Freshdesk, fake: FakeFreshdesk, folder: Path) -> None:
    log_path = folder / "export.log"
    log_path.write_bytes(LOG)
    ticket = fd.tickets.create(
        subject="Export fails with a timeout",
        description="<p>The nightly export stops after 30 s. Log and screenshot attached.</p>",
        email="jamie.rivera@acme-widgets.example",
        tags=["export", "vip"],
        custom_fields={"cf_region": "EMEA"},
        attachments=[log_path, ("screenshot.png", io.BytesIO(SCREENSHOT), "image/png")],
    )
    assert ticket.attachments is not None
    assert len(ticket.attachments) == 2
    assert ticket.tags == ("export", "vip")  # sent with the files, as form fields
    print(f"#{ticket.id} created with {len(ticket.attachments)} attachments")

    reply = fd.tickets.conversations.reply(
        ticket.id,
        body="<p>Thanks Jamie: we raised the timeout. Here is the fixed schedule.</p>",
        attachments=[("schedule.txt", b"nightly at 02:00, timeout 300 s\n")],
    )
    note = fd.tickets.conversations.note(
        ticket.id, body="<p>Root cause: the proxy's idle timeout.</p>"
    )
    assert note.private  # notes are private unless asked otherwise
    ticket = fd.tickets.update(ticket.id, status=TicketStatus.PENDING)
    ticket = fd.tickets.update(ticket.id, status=TicketStatus.RESOLVED)
    print(f"#{ticket.id} is now {TicketStatus(ticket.status).name}")

    # The thread: the description first, then every conversation, oldest first.
    thread = list(fd.tickets.conversations.list(ticket.id))
    assert [c.id for c in thread] == [reply.id, note.id]
    print(f"thread: description + {len(thread)} conversations")

    # Every attachment of the ticket and its thread, the first after its link expired.
    fake.clock.advance(3600)  # links are signed for five minutes
    owners: list[tuple[Attachment, Ticket | Conversation]] = [
        *((a, ticket) for a in ticket.attachments or ()),
        *((a, c) for c in thread for a in c.attachments),
    ]
    refreshed_before = fake.counters.requests["GET /tickets/{id}"]
    for attachment, owner in owners:
        target = folder / f"{attachment.id}-{attachment.name}"
        size = fd.attachments.download(attachment, target, refresh=owner)
        print(f"  {attachment.name}: {size} bytes, sha256 {sha(target.read_bytes())}")
    assert (folder / f"{owners[0][0].id}-export.log").read_bytes() == LOG
    # Each expired link was refused, and the ticket read again for a fresh one.
    assert fake.counters.requests["GET /tickets/{id}"] - refreshed_before == 2


async def lifecycle_async(fd: AsyncFreshdesk, fake: FakeFreshdesk) -> None:
    ticket = await fd.tickets.create(
        subject="Dashboard shows yesterday's numbers",
        description="<p>The dashboard lags a day.</p>",
        email="jamie.rivera@acme-widgets.example",
        attachments=[("dashboard.png", SCREENSHOT)],
    )
    await fd.tickets.conversations.reply(ticket.id, body="<p>Looking into it.</p>")
    await fd.tickets.conversations.note(ticket.id, body="<p>Cache not refreshed.</p>")
    ticket = await fd.tickets.update(ticket.id, status=TicketStatus.CLOSED)
    thread = [c async for c in fd.tickets.conversations.list(ticket.id)]
    fake.clock.advance(3600)
    buffer = io.BytesIO()
    attachment = (ticket.attachments or ())[0]
    await fd.attachments.download(attachment, buffer, refresh=ticket)
    assert buffer.getvalue() == SCREENSHOT
    print(f"async: #{ticket.id} closed, {len(thread)} conversations, screenshot downloaded")


def main() -> None:
    fake = FakeFreshdesk.generate(tickets=50, contacts=20, seed=7, clock=FakeClock.manual())
    with tempfile.TemporaryDirectory() as folder:
        http = httpx.Client(transport=fake.transport())
        with Freshdesk(api_key=fake.api_key, base_url=fake.base_url, http_client=http) as fd:
            lifecycle(fd, fake, Path(folder))
        http.close()

    async def run_async() -> None:
        http = httpx.AsyncClient(transport=fake.async_transport())
        async with (
            http,
            AsyncFreshdesk(api_key=fake.api_key, base_url=fake.base_url, http_client=http) as fd,
        ):
            await lifecycle_async(fd, fake)

    asyncio.run(run_async())


if __name__ == "__main__":
    main()
