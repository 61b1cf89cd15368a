"""``Mirror``'s change feed, and one ticket refreshed or applied on its own."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from freshdesk_atom import AsyncFreshdesk
from freshdesk_atom.mirror import Mirror
from freshdesk_atom.mirror._schema import CHANGE_FEED_SIZE
from freshdesk_atom.testing import FakeFreshdesk

from .support import client, make_fake


def _api(fake: FakeFreshdesk) -> httpx.Client:
    return httpx.Client(
        transport=fake.transport(), base_url=fake.base_url, auth=(fake.api_key, "X")
    )


@pytest.fixture
def fake() -> FakeFreshdesk:
    return make_fake(tickets=60, contacts=20, seed=5, conversations=150)


@pytest.fixture
def mirror(fake: FakeFreshdesk, tmp_path: Path) -> Mirror:
    mirror = Mirror(tmp_path / "m.sqlite")
    with client(fake) as fd:
        mirror.sync(fd)
    return mirror


def test_a_first_sync_records_every_record_once_as_created(
    fake: FakeFreshdesk, mirror: Mirror
) -> None:
    seen: list[tuple[str, int]] = []
    after = 0
    while True:
        batch = mirror.changes(after, limit=500)
        assert not batch.gap
        if not batch.changes:
            break
        seen += [(c.resource, c.record_id) for c in batch.changes if c.kind == "created"]
        after = batch.changes[-1].seq
    assert after == batch.last
    counts = mirror.counts()
    assert sorted(seen) == sorted(set(seen))
    assert sum(r == "ticket" for r, _ in seen) == counts["tickets"]
    assert sum(r == "conversation" for r, _ in seen) == counts["conversations"]
    assert sum(r == "contact" for r, _ in seen) == counts["contacts"]


def test_a_sync_with_nothing_new_records_nothing(fake: FakeFreshdesk, mirror: Mirror) -> None:
    last = mirror.changes().last
    with client(fake) as fd:
        mirror.sync(fd)
    assert mirror.changes(last).changes == ()


def test_a_reply_is_one_ticket_update_and_one_new_conversation(
    fake: FakeFreshdesk, mirror: Mirror
) -> None:
    ticket_id = next(i for i, t in fake.state.tickets.items() if not t["spam"])
    last = mirror.changes().last
    fake.clock.advance(5)
    with _api(fake) as http:
        http.post(f"tickets/{ticket_id}/reply", json={"body": "on its way"}).raise_for_status()
    with client(fake) as fd:
        assert mirror.refresh_ticket(fd, ticket_id) is True
        # the same version again changes nothing and records nothing
        assert mirror.refresh_ticket(fd, ticket_id) is False
    changes = mirror.changes(last).changes
    assert [(c.resource, c.kind, c.ticket_id) for c in changes] == [
        ("ticket", "updated", ticket_id),
        ("conversation", "created", ticket_id),
    ]
    assert mirror.conversations(ticket_id)[-1].body_text == "on its way"
    # a later sync sees the same version: nothing more in the feed
    with client(fake) as fd:
        mirror.sync(fd)
    assert len(mirror.changes(last).changes) == 2


def test_an_older_version_changes_nothing(fake: FakeFreshdesk, mirror: Mirror) -> None:
    ticket_id = next(iter(fake.state.tickets))
    old = mirror.get_ticket(ticket_id)
    assert old is not None
    fake.clock.advance(5)
    with _api(fake) as http:
        http.put(f"tickets/{ticket_id}", json={"priority": 4}).raise_for_status()
    with client(fake) as fd:
        assert mirror.refresh_ticket(fd, ticket_id) is True
        thread = mirror.conversations(ticket_id)
    assert mirror.apply_ticket(old, []) is False
    now = mirror.get_ticket(ticket_id)
    assert now is not None
    assert now.priority == 4
    assert mirror.conversations(ticket_id) == thread


def test_a_ticket_freshdesk_no_longer_has_leaves_the_mirror_as_it_was(
    fake: FakeFreshdesk, mirror: Mirror
) -> None:
    ticket_id = next(iter(fake.state.tickets))
    del fake.state.tickets[ticket_id]
    with client(fake) as fd:
        assert mirror.refresh_ticket(fd, ticket_id) is False
    assert mirror.get_ticket(ticket_id) is not None


@pytest.mark.anyio
async def test_the_async_refresh_applies_a_new_ticket(fake: FakeFreshdesk, mirror: Mirror) -> None:
    with _api(fake) as http:
        created = http.post(
            "tickets",
            json={"subject": "Printer on fire", "email": "new@example.com", "description": "x"},
        )
    created.raise_for_status()
    ticket_id = created.json()["id"]
    last = mirror.changes().last
    async with AsyncFreshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.async_transport()),
    ) as afd:
        assert await mirror.arefresh_ticket(afd, ticket_id) is True
    assert [(c.resource, c.kind, c.record_id) for c in mirror.changes(last).changes] == [
        ("ticket", "created", ticket_id)
    ]
    assert [t.id for t in mirror.search_tickets("printer fire")] == [ticket_id]


def test_tickets_and_total_tickets_agree_with_the_rows(fake: FakeFreshdesk, mirror: Mirror) -> None:
    visible = [t for t in fake.state.tickets.values() if not t["spam"] and not t.get("deleted")]
    assert mirror.total_tickets() == len(visible)
    listed = mirror.tickets(limit=len(visible) + 5)
    assert [t.id for t in listed] == [
        t["id"] for t in sorted(visible, key=lambda t: (t["created_at"], t["id"]), reverse=True)
    ]
    open_ids = {t["id"] for t in visible if t["status"] == 2}
    assert mirror.total_tickets(status=2) == len(open_ids)
    assert {t.id for t in mirror.tickets(status=2, limit=1000)} == open_ids
    assert [t.id for t in mirror.tickets(limit=5, offset=5)] == [t.id for t in listed[5:10]]


def test_a_reader_left_behind_the_pruned_feed_is_told(tmp_path: Path) -> None:
    mirror = Mirror(tmp_path / "m.sqlite")
    with sqlite3.connect(mirror.path) as conn:
        conn.executemany(
            "INSERT INTO changes (resource, record_id, kind, updated_at) "
            "VALUES ('contact', ?, 'created', '2026-01-01T00:00:00Z')",
            [(i,) for i in range(CHANGE_FEED_SIZE + 1_000)],
        )
    batch = mirror.changes(0, limit=10)
    assert batch.gap
    assert batch.last == CHANGE_FEED_SIZE + 1_000
    assert batch.changes[0].seq == 1_001
    assert not mirror.changes(batch.last - 5).gap


@pytest.mark.parametrize(("after", "limit"), [(-1, 10), (0, 0), (0, 1001)])
def test_changes_refuses_bad_arguments(tmp_path: Path, after: int, limit: int) -> None:
    with pytest.raises(ValueError, match=r"after|limit"):
        Mirror(tmp_path / "m.sqlite").changes(after, limit=limit)


def test_an_empty_feed_has_nothing_and_no_gap(tmp_path: Path) -> None:
    batch = Mirror(tmp_path / "m.sqlite").changes()
    assert (batch.changes, batch.last, batch.gap) == ((), 0, False)


def test_a_sync_page_read_before_a_newer_refresh_keeps_the_refreshed_thread(
    fake: FakeFreshdesk, mirror: Mirror
) -> None:
    from freshdesk_atom.mirror._threads import Threads

    ticket_id = next(i for i, t in fake.state.tickets.items() if not t["spam"])
    old = mirror.get_ticket(ticket_id)
    assert old is not None
    old_thread = tuple(mirror.conversations(ticket_id))
    # A webhook's refresh stores a newer version with a new reply ...
    fake.clock.advance(5)
    with _api(fake) as http:
        http.post(f"tickets/{ticket_id}/reply", json={"body": "fresh"}).raise_for_status()
    with client(fake) as fd:
        assert mirror.refresh_ticket(fd, ticket_id) is True
    # ... then a sync writes the page it had read before: the reply stays.
    stale = Threads(((ticket_id, old_thread),), {}, {ticket_id: old.to_dict()["updated_at"]})
    with sqlite3.connect(mirror.path, isolation_level=None) as conn:
        conn.execute("BEGIN IMMEDIATE")
        assert stale.write(conn) == 0
        conn.execute("COMMIT")
    assert mirror.conversations(ticket_id)[-1].body_text == "fresh"


def test_a_reader_past_the_feeds_end_is_told_to_start_again(tmp_path: Path) -> None:
    mirror = Mirror(tmp_path / "m.sqlite")
    assert mirror.changes(7).gap  # an empty feed, a number from another file
    with sqlite3.connect(mirror.path) as conn:
        conn.execute(
            "INSERT INTO changes (resource, record_id, kind, updated_at) "
            "VALUES ('contact', 1, 'created', '2026-01-01T00:00:00Z')"
        )
    assert mirror.changes(5).gap
    assert not mirror.changes(1).gap
