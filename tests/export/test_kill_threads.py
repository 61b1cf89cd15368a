"""The kill test for threads: 5,000 tickets with 40,000 conversations, exported and mirrored.

``export conversations`` and ``sync`` are SIGKILLed at random points of their
progress, resumed, and must end with every conversation of the account
exactly once (see ``test_kill`` for the method); and the resumed mirror finds
a ticket by a word that appears only in a reply.
"""

from __future__ import annotations

import contextlib
import random
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from freshdesk_atom.mirror import Mirror
from freshdesk_atom.testing import FakeFreshdesk

from .test_kill import (
    _cli,
    _environment,
    _killed_runs,
    export_killed_then_finished,
    pytestmark,  # noqa: F401 - the same POSIX-only mark
    serve_fake,
)

TICKETS = 5_000
CONVERSATIONS = 40_000
CONTACTS = 300
SEED = 8
RUN_TIMEOUT = 240.0


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_fake(
        "--tickets",
        str(TICKETS),
        "--contacts",
        str(CONTACTS),
        "--conversations",
        str(CONVERSATIONS),
        "--seed",
        str(SEED),
    ) as url:
        yield url


@pytest.fixture(scope="module")
def truth() -> FakeFreshdesk:
    return FakeFreshdesk.generate(
        tickets=TICKETS, contacts=CONTACTS, conversations=CONVERSATIONS, seed=SEED
    )


def test_conversations_export_killed_at_random_points_writes_each_conversation_once(
    server: str, truth: FakeFreshdesk, tmp_path: Path
) -> None:
    assert len(truth.state.conversations) == CONVERSATIONS
    rng = random.Random(20261206)
    out = tmp_path / "conversations.jsonl"
    argv = _cli(
        "export",
        "conversations",
        "--out",
        str(out),
        "--include-spam",
        "--include-deleted",
        "--base-url",
        server,
        "--resume",
        "--quiet",
    )
    ids = export_killed_then_finished(argv, out, rng, CONVERSATIONS, "export conversations")
    assert len(ids) == len(set(ids)), "a conversation was written twice"
    assert set(ids) == set(truth.state.conversations)


def _conversations(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            count: int = conn.execute("SELECT COUNT(*) FROM conversations").fetchone()[0]
            return count
    except sqlite3.Error:
        return 0


def _check_threads(db: Path, progress: list[int]) -> None:
    if not db.exists():
        return
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # A page's conversations are committed with its tickets: never one without the other.
        orphans = conn.execute(
            "SELECT COUNT(*) FROM conversations WHERE ticket_id NOT IN (SELECT id FROM tickets)"
        ).fetchone()[0]
        assert orphans == 0
        progress.append(conn.execute("SELECT COUNT(*) FROM conversations").fetchone()[0])


def test_sync_killed_at_random_points_mirrors_each_conversation_once(
    server: str, truth: FakeFreshdesk, tmp_path: Path
) -> None:
    rng = random.Random(20261207)
    db = tmp_path / "fd.sqlite"
    argv = _cli("sync", "--db", str(db), "--base-url", server, "--quiet")
    progress: list[int] = []
    killed, _ = _killed_runs(
        argv,
        rng,
        lambda: _conversations(db),
        CONVERSATIONS,
        lambda: _check_threads(db, progress),
        "sync",
    )
    assert killed >= 3, "most runs must be cut short, or the test proves little"
    assert any(0 < n < CONVERSATIONS for n in progress), progress
    done = subprocess.run(argv, env=_environment(), capture_output=True, timeout=RUN_TIMEOUT)
    assert done.returncode == 0, done.stderr
    with contextlib.closing(sqlite3.connect(db)) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM conversations")]
        assert len(ids) == len(set(ids))
        assert set(ids) == set(truth.state.conversations)
        assert conn.execute("SELECT COUNT(*) FROM conversations_fts").fetchone()[0] == CONVERSATIONS
        assert conn.execute("SELECT COUNT(*) FROM sync_state WHERE finished = 0").fetchone()[0] == 0
    _word_only_in_replies_is_found(db, truth)


def _words(text: str | None) -> set[str]:
    return {word.lower() for word in re.findall(r"[^\W\d_]+", text or "")}


def _word_only_in_replies_is_found(db: Path, truth: FakeFreshdesk) -> None:
    """The word in the most tickets' replies (outgoing public messages) that no subject,
    description, customer message or private note holds (the fake's text is ASCII, so
    FTS5's accent folding does not come into it)."""
    elsewhere: set[str] = set()
    for ticket in truth.state.tickets.values():
        elsewhere |= _words(ticket["subject"]) | _words(ticket["description_text"])
    in_replies: dict[str, set[int]] = {}
    for conversation in truth.state.conversations.values():
        words = _words(conversation["body_text"])
        if conversation["incoming"] or conversation["private"]:
            elsewhere |= words
            continue
        for word in words:
            in_replies.setdefault(word, set()).add(conversation["ticket_id"])
    # FTS matches word prefixes: no word elsewhere may start with the one searched for.
    candidates = [
        (len(tickets), word)
        for word, tickets in in_replies.items()
        if len(word) >= 5 and not any(other.startswith(word) for other in elsewhere)
    ]
    assert candidates, "the generated account has no word found only in replies"
    _, word = max(candidates)
    expected = {
        number
        for other, tickets in in_replies.items()
        if other.startswith(word)
        for number in tickets
        if not truth.state.tickets[number].get("spam")
        and not truth.state.tickets[number].get("deleted")
    }
    assert expected
    mirror = Mirror(db)
    assert mirror.count_tickets(word) == len(expected)
    assert {t.id for t in mirror.search_tickets(word, limit=len(expected))} == expected
