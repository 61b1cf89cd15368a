"""``Mirror``: first and incremental syncs, upserts, deletions, stats and full-text search."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from attrs import evolve

from freshdesk_atom import APIConnectionError
from freshdesk_atom.mirror import Mirror, MirrorBusyError, fts_query
from freshdesk_atom.mirror._rows import ticket_row
from freshdesk_atom.mirror._schema import TICKET_COLUMNS, upsert_sql
from freshdesk_atom.models.tickets import Ticket
from freshdesk_atom.testing import FakeFreshdesk
from tests.fake_accounts import true_figures

from .support import Breaking, client, make_fake


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> tuple[FakeFreshdesk, Mirror]:
    fake = make_fake(tickets=600, contacts=200)
    if not fake.state.blocked:
        fake.state.block_contact(
            next(i for i, c in fake.state.contacts.items() if not c.get("deleted"))
        )
    mirror = Mirror(tmp_path_factory.mktemp("mirror") / "m.sqlite")
    with client(fake) as fd:
        mirror.sync(fd)
    return fake, mirror


def _rows(mirror: Mirror, table: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(mirror.path) as conn:
        return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()


def test_the_first_sync_holds_every_record_of_every_resource(
    synced: tuple[FakeFreshdesk, Mirror],
) -> None:
    fake, mirror = synced
    state = fake.state
    assert mirror.counts() == {
        "tickets": len(state.tickets),
        "contacts": len(state.contacts),
        "companies": len(state.companies),
        "agents": len(state.agents),
        "groups": len(state.groups),
        "conversations": len(state.conversations),
        "attachments": sum(len(c.get("attachments", ())) for c in state.conversations.values()),
    }
    with sqlite3.connect(mirror.path) as conn:
        stored = dict(conn.execute("SELECT id, updated_at FROM tickets").fetchall())
        flags = {r[0]: r[1:] for r in conn.execute("SELECT id, spam, deleted FROM tickets")}
        states = dict(conn.execute("SELECT id, state FROM contacts").fetchall())
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert stored == {i: t["updated_at"] for i, t in state.tickets.items()}
    assert flags == {
        i: (int(t["spam"]), int(bool(t.get("deleted")))) for i, t in state.tickets.items()
    }
    assert {i for i, s in states.items() if s == "deleted"} == {
        i for i, c in state.contacts.items() if c.get("deleted")
    }
    assert {i for i, s in states.items() if s == "blocked"} == set(state.blocked)
    assert any(t["spam"] for t in state.tickets.values())


def test_stats_equal_the_accounts_truth(synced: tuple[FakeFreshdesk, Mirror]) -> None:
    fake, mirror = synced
    for since in (None, date(2026, 1, 1), date(2026, 5, 20)):
        start = None if since is None else datetime(since.year, since.month, since.day, tzinfo=UTC)
        truth = true_figures(fake, start)
        figures = mirror.stats(since=since)
        for name in (
            "total_tickets",
            "open_tickets",
            "pending_tickets",
            "resolved_tickets",
            "closed_tickets",
            "total_contacts",
            "total_companies",
            "total_agents",
            "total_groups",
        ):
            assert getattr(figures, name) == truth[name], (since, name)
        assert figures.avg_first_response_time == pytest.approx(truth["avg_first_response_time"])
        assert figures.avg_resolution_time == pytest.approx(truth["avg_resolution_time"])
        assert figures.satisfaction_rating is None
    assert mirror.stats(averages=False).avg_resolution_time is None


def test_stats_equal_the_apis_summary_but_cost_nothing(
    synced: tuple[FakeFreshdesk, Mirror],
) -> None:
    fake, mirror = synced
    with client(fake) as fd:
        summary = fd.stats.summary(since=date(2026, 2, 1))
    before = sum(fake.counters.requests.values())
    local = mirror.stats(since=date(2026, 2, 1))
    assert sum(fake.counters.requests.values()) == before
    assert attrs.asdict(local) == {
        **attrs.asdict(summary),
        "avg_first_response_time": pytest.approx(summary.avg_first_response_time),
        "avg_resolution_time": pytest.approx(summary.avg_resolution_time),
        "satisfaction_rating": None,
    }


def _words(ticket: dict[str, Any]) -> list[str]:
    text = f"{ticket['subject']} {ticket.get('description_text') or ''}"
    return re.findall(r"\w+", text.lower())


def _texts(fake: FakeFreshdesk, ticket_id: int) -> list[list[str]]:
    """The word lists a search looks in: the ticket's own text, and each of its conversations'."""
    ticket = fake.state.tickets[ticket_id]
    thread = [
        re.findall(r"\w+", (c.get("body_text") or "").lower())
        for c in fake.state.conversations.values()
        if c["ticket_id"] == ticket_id
    ]
    return [_words(ticket), *thread]


@pytest.mark.parametrize(
    "text", ["printer", "dashboard problem", "Invoice wrong", "ord", "checkout"]
)
def test_search_finds_exactly_the_tickets_holding_every_word(
    synced: tuple[FakeFreshdesk, Mirror], text: str
) -> None:
    fake, mirror = synced
    wanted = text.lower().split()
    expected = {
        i
        for i, t in fake.state.tickets.items()
        if not t["spam"]
        and not t.get("deleted")
        and any(
            all(any(word.startswith(w) for word in words) for w in wanted)
            for words in _texts(fake, i)
        )
    }
    found = mirror.search_tickets(text, limit=10_000)
    assert {t.id for t in found} == expected
    assert mirror.count_tickets(text) == len(expected)
    assert all(isinstance(t, Ticket) for t in found)
    page = mirror.search_tickets(text, limit=5, offset=2)
    assert [t.id for t in page] == [t.id for t in found[2:7]]


def test_search_can_include_spam_and_deleted(synced: tuple[FakeFreshdesk, Mirror]) -> None:
    fake, mirror = synced
    trashed = next(t for t in fake.state.tickets.values() if t.get("deleted"))
    word = _words(trashed)[0]
    assert trashed["id"] not in {t.id for t in mirror.search_tickets(word, limit=10_000)}
    assert trashed["id"] in {
        t.id
        for t in mirror.search_tickets(word, limit=10_000, include_deleted=True, include_spam=True)
    }


@pytest.mark.parametrize("text", ['"; DROP TABLE tickets; --', "NEAR(a b)", "a* OR b", "subject:x"])
def test_search_text_is_never_fts_syntax(synced: tuple[FakeFreshdesk, Mirror], text: str) -> None:
    _, mirror = synced
    mirror.search_tickets(text)
    assert mirror.counts()["tickets"] > 0


def test_search_needs_a_word() -> None:
    assert fts_query("printer  fire!") == '"printer"* "fire"*'
    with pytest.raises(ValueError, match="no word"):
        fts_query(" -- !! ")


def test_reads_of_single_records_and_lists(synced: tuple[FakeFreshdesk, Mirror]) -> None:
    fake, mirror = synced
    ticket = mirror.get_ticket(1)
    assert ticket is not None
    assert ticket.subject == fake.state.tickets[1]["subject"]
    assert mirror.get_ticket(10**9) is None
    contact_id = next(iter(fake.state.contacts))
    contact = mirror.get_contact(contact_id)
    assert contact is not None
    assert contact.id == contact_id
    assert {c.id for c in mirror.companies()} == set(fake.state.companies)
    assert {a.id for a in mirror.agents()} == set(fake.state.agents)
    assert {g.id for g in mirror.groups()} == set(fake.state.groups)
    some = next(iter(fake.state.companies.values()))
    assert some["id"] in {c.id for c in mirror.companies(contains=[some["name"].upper()])}
    deleted = {i for i, c in fake.state.contacts.items() if c.get("deleted")}
    assert deleted.isdisjoint(c.id for c in mirror.contacts())
    assert deleted <= {c.id for c in mirror.contacts(include_deleted=True)}
    assert set(mirror.last_synced()) == {
        "tickets",
        "contacts",
        "contacts:blocked",
        "contacts:deleted",
        "companies",
        "agents",
        "groups",
    }


def test_incremental_runs_fetch_only_what_changed_and_reflect_deletions(tmp_path: Path) -> None:
    fake = make_fake(tickets=420, contacts=150)
    mirror = Mirror(tmp_path / "m.sqlite")
    with client(fake) as fd:
        first = mirror.sync(fd)
    assert first.streams["tickets"].records == len(fake.state.tickets)
    with client(fake, counter := Breaking(fake)) as fd:
        quiet = mirror.sync(fd)
    assert quiet.streams["tickets"].records == 0
    assert counter.sent <= 12  # 3 ticket lists, 3 contact walks, 3 small lists, no more
    fake.clock.advance(3600)
    ticket_id = next(
        i for i, t in fake.state.tickets.items() if not t["spam"] and not t.get("deleted")
    )
    trashed_id = next(
        i
        for i, t in fake.state.tickets.items()
        if not t["spam"] and not t.get("deleted") and i != ticket_id
    )
    company_id = next(iter(fake.state.companies))
    contact_id = next(
        i
        for i, c in fake.state.contacts.items()
        if not c.get("deleted") and i not in fake.state.blocked
    )
    with client(fake) as fd:
        fd.tickets.update(ticket_id, subject="Zeppelin moored in the lobby")
        fd.tickets.delete(trashed_id)
        created = fd.tickets.create(
            subject="Walrus on the helpdesk",
            description="It ate the printer",
            email="w@example.com",
        )
        fd.companies.delete(company_id)
        fd.contacts.delete(contact_id)
        changed = mirror.sync(fd)
    assert changed.streams["tickets"].records == 3
    assert changed.streams["companies"].removed == 1
    assert mirror.count_tickets("zeppelin") == 1
    assert [t.id for t in mirror.search_tickets("walrus printer")] == [created.id]
    trashed = mirror.get_ticket(trashed_id)
    assert trashed is not None
    assert trashed.deleted
    assert mirror.search_tickets("zeppelin")[0].id == ticket_id
    assert company_id not in {c.id for c in mirror.companies()}
    assert contact_id not in {c.id for c in mirror.contacts()}
    assert contact_id in {c.id for c in mirror.contacts(include_deleted=True)}
    assert mirror.counts()["tickets"] == len(fake.state.tickets)
    assert mirror.stats().total_tickets == true_figures(fake)["total_tickets"]
    with client(fake) as fd:
        fd.tickets.restore(trashed_id)
        mirror.sync(fd)
    restored = mirror.get_ticket(trashed_id)
    assert restored is not None
    assert not restored.deleted


def test_an_upsert_never_replaces_a_newer_version(
    synced: tuple[FakeFreshdesk, Mirror], tmp_path: Path
) -> None:
    fake, source = synced
    mirror = Mirror(tmp_path / "m.sqlite")
    visible = next(
        i for i, t in fake.state.tickets.items() if not t["spam"] and not t.get("deleted")
    )
    current = source.get_ticket(visible)
    assert current is not None
    older = evolve(current, subject="stale", updated_at=current.updated_at - timedelta(days=1))
    newer = evolve(current, subject="fresh", updated_at=current.updated_at + timedelta(days=1))
    sql = upsert_sql("tickets", TICKET_COLUMNS)
    with sqlite3.connect(mirror.path) as conn:
        for version in (current, older):
            conn.execute(sql, ticket_row(version))
    assert mirror.search_tickets("stale") == []
    with sqlite3.connect(mirror.path) as conn:
        conn.execute(sql, ticket_row(newer))
    assert [t.subject for t in mirror.search_tickets("fresh")] == ["fresh"]
    with sqlite3.connect(mirror.path) as conn:
        conn.execute(sql, ticket_row(current))
    assert [t.subject for t in mirror.search_tickets("fresh")] == ["fresh"]


@pytest.mark.parametrize(
    ("tickets", "contacts", "conversations"),
    [
        (260, 120, None),  # many pages of every stream, threads left out
        (12, 6, 40),  # threads: one request per ticket, so a small account
    ],
)
def test_a_sync_broken_at_every_request_resumes_to_the_same_mirror(
    tmp_path: Path, tickets: int, contacts: int, conversations: int | None
) -> None:
    # Every request is broken once in turn: the work grows with the square of the requests.
    fake = make_fake(tickets=tickets, contacts=contacts, conversations=conversations or 0)
    threads = conversations is not None
    reference = Mirror(tmp_path / "reference.sqlite")
    with client(fake, counter := Breaking(fake)) as fd:
        reference.sync(fd, conversations=threads)
    tables: tuple[str, ...] = ("tickets", "contacts", "companies", "agents", "groups")
    tables += ("conversations",) if threads else ()
    expected = {table: _rows(reference, table) for table in tables}
    for fail_at in range(1, counter.sent + 1):
        mirror = Mirror(tmp_path / f"broken-{fail_at}.sqlite")
        with client(fake, Breaking(fake, fail_at)) as fd, pytest.raises(APIConnectionError):
            mirror.sync(fd, conversations=threads)
        with sqlite3.connect(mirror.path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with client(fake) as fd:
            mirror.sync(fd, conversations=threads)
        for table in tables:
            got = _rows(mirror, table)
            if table in ("companies", "agents", "groups"):
                # The run number differs (a broken run and its resumption are one run).
                got = [row[:-2] + row[-1:] for row in got]
                want = [row[:-2] + row[-1:] for row in expected[table]]
            else:
                want = expected[table]
            assert got == want, (fail_at, table)
        assert mirror.count_tickets("invoice") == reference.count_tickets("invoice")


def test_changing_the_ticket_embeds_starts_tickets_over(tmp_path: Path) -> None:
    fake = make_fake(tickets=150, contacts=30)
    mirror = Mirror(tmp_path / "m.sqlite")
    with client(fake) as fd:
        mirror.sync(fd, resources=["tickets"], ticket_include=())
        assert mirror.stats().avg_first_response_time is None
        assert mirror.count_tickets("please") == 0  # no descriptions without include
        again = mirror.sync(fd, resources=["tickets"])
    assert again.streams["tickets"].records == len(fake.state.tickets)
    assert mirror.stats().avg_first_response_time is not None
    assert mirror.count_tickets("please") > 0
    assert mirror.counts()["contacts"] == 0


def test_one_sync_at_a_time(tmp_path: Path) -> None:
    fake = make_fake(tickets=20, contacts=10)
    mirror = Mirror(tmp_path / "m.sqlite")
    with client(fake) as fd, mirror._sync_lock(), pytest.raises(MirrorBusyError):
        mirror.sync(fd)


def test_bad_paths_and_foreign_schemas_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="needs a file"):
        Mirror(":memory:")
    path = tmp_path / "m.sqlite"
    Mirror(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE mirror_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(ValueError, match="schema 99"):
        Mirror(path)
    with pytest.raises(ValueError, match="unknown resources"):
        Mirror(tmp_path / "n.sqlite").sync(None, resources=["ratings"])  # type: ignore[arg-type, list-item]
