"""``Mirror`` with the tickets' threads: conversations, their search, attachments kept by hash."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import httpx
import pytest

from freshdesk_atom.mirror import Mirror
from freshdesk_atom.mirror._schema import SCHEMA
from freshdesk_atom.testing import FakeClock, FakeFreshdesk

from .support import NOW, ROOMY, client

DOWNLOADS = "GET attachment_url"


@pytest.fixture
def fake() -> FakeFreshdesk:
    return FakeFreshdesk.generate(
        tickets=150,
        contacts=40,
        seed=21,
        conversations=1_200,
        now=NOW,
        clock=FakeClock.manual(NOW),
        rate_limit=ROOMY,
    )


def _reply(fake: FakeFreshdesk, ticket_id: int, body: str) -> int:
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        answer = http.post(
            f"tickets/{ticket_id}/reply", json={"body": body}, auth=(fake.api_key, "X")
        )
    answer.raise_for_status()
    conversation_id: int = answer.json()["id"]
    return conversation_id


def test_every_thread_is_mirrored_in_order_without_links(
    fake: FakeFreshdesk, tmp_path: Path
) -> None:
    mirror = Mirror(tmp_path / "m.sqlite")
    with client(fake) as fd:
        report = mirror.sync(fd)
    assert report.streams["tickets"].conversations == len(fake.state.conversations)
    assert mirror.counts()["conversations"] == len(fake.state.conversations)
    busiest = max(
        fake.state.tickets,
        key=lambda i: sum(c["ticket_id"] == i for c in fake.state.conversations.values()),
    )
    thread = mirror.conversations(busiest)
    expected = sorted(
        (c for c in fake.state.conversations.values() if c["ticket_id"] == busiest),
        key=lambda c: (c["created_at"], c["id"]),
    )
    assert [c.id for c in thread] == [c["id"] for c in expected]
    assert all(a.attachment_url is None for c in thread for a in c.attachments)


def test_a_word_only_in_a_reply_finds_its_ticket(fake: FakeFreshdesk, tmp_path: Path) -> None:
    mirror = Mirror(tmp_path / "m.sqlite")
    ticket_id = next(
        i for i, t in fake.state.tickets.items() if not t["spam"] and not t.get("deleted")
    )
    with client(fake) as fd:
        mirror.sync(fd)
        assert mirror.search_tickets("quokkaplasty") == []
        fake.clock.advance(1)
        _reply(fake, ticket_id, "<p>Resolved by a <b>quokkaplasty</b> of the router.</p>")
        mirror.sync(fd)  # the reply moved the ticket: its thread is read again
    assert [t.id for t in mirror.search_tickets("quokkaplast")] == [ticket_id]
    assert mirror.count_tickets("quokkaplasty router") == 1


def test_a_deleted_conversation_leaves_the_mirror(fake: FakeFreshdesk, tmp_path: Path) -> None:
    mirror = Mirror(tmp_path / "m.sqlite")
    ticket_id = next(iter(fake.state.tickets))
    with client(fake) as fd:
        conversation_id = _reply(fake, ticket_id, "<p>Sent by mistake</p>")
        mirror.sync(fd)
        assert conversation_id in {c.id for c in mirror.conversations(ticket_id)}
        # A later second: timestamps have whole seconds, and a change in the
        # second already read shows the same (id, updated_at) as before.
        fake.clock.advance(1)
        fd.tickets.conversations.delete(conversation_id)
        report = mirror.sync(fd)
    assert conversation_id not in {c.id for c in mirror.conversations(ticket_id)}
    assert report.streams["tickets"].removed == 1


def test_files_are_kept_once_under_their_hash(fake: FakeFreshdesk, tmp_path: Path) -> None:
    mirror = Mirror(tmp_path / "m.sqlite")
    files = tmp_path / "files"
    with client(fake) as fd:
        mirror.sync(fd, files=files)
        downloads = fake.counters.requests[DOWNLOADS]
        assert downloads > 0
        fake.clock.advance(3600)  # every link read in the first sync has expired
        _reply(fake, next(iter(fake.state.tickets)), "<p>One more</p>")
        mirror.sync(fd, files=files)
    assert fake.counters.requests[DOWNLOADS] == downloads, "a kept file was downloaded again"
    for attachment_id, data in fake.state.attachment_data.items():
        if attachment_id not in fake.state.attachments:
            continue
        kept = mirror.attachment_file(attachment_id, files)
        assert kept is not None
        assert kept.read_bytes() == data
        assert kept.name == hashlib.sha256(data).hexdigest()


def test_without_conversations_only_the_tickets_are_read(
    fake: FakeFreshdesk, tmp_path: Path
) -> None:
    mirror = Mirror(tmp_path / "m.sqlite")
    with client(fake) as fd:
        mirror.sync(fd, conversations=False)
    assert mirror.counts()["conversations"] == 0
    assert fake.counters.requests["GET /tickets/{id}/conversations"] == 0


def test_a_schema_1_mirror_is_upgraded_and_reads_its_tickets_again(
    fake: FakeFreshdesk, tmp_path: Path
) -> None:
    path = tmp_path / "old.sqlite"
    mirror = Mirror(path)
    with client(fake) as fd:
        mirror.sync(fd, conversations=False)
    with sqlite3.connect(path) as conn:  # what version 1 left: no thread tables
        conn.execute("UPDATE mirror_meta SET value = '1' WHERE key = 'schema_version'")
        for table in ("conversations_fts", "conversations", "attachments"):
            conn.execute(f"DROP TABLE {table}")
    assert "conversations" in SCHEMA
    upgraded = Mirror(path)
    with client(fake) as fd:
        upgraded.sync(fd)
    assert upgraded.counts()["conversations"] == len(fake.state.conversations)
