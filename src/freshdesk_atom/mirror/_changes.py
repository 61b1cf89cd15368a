"""The mirror's change feed: every ticket, conversation and contact change, in the order applied.

SQLite triggers (``_schema.py``) append a row to ``changes`` whenever a
ticket, conversation or contact row is inserted, replaced by a newer version
(a later ``updated_at``) or, for conversations, deleted, whoever wrote it: a
``sync`` run, a webhook's refresh, a write through the MCP server. A reader
remembers the last ``seq`` it saw and asks for what came after: the feed is
how the ATOM adapter's ``/events`` stream and the dashboard learn about new
tickets and replies. The feed keeps the newest :data:`CHANGE_FEED_SIZE`
changes; a reader that fell further behind is told so (``MirrorChanges.gap``)
and reads the records afresh.
"""

from __future__ import annotations

import sqlite3
from typing import Literal, TypeAlias

import attrs

__all__ = ["ChangeKind", "ChangeResource", "MirrorChange", "MirrorChanges", "read_changes"]

ChangeResource: TypeAlias = Literal["ticket", "conversation", "contact"]
ChangeKind: TypeAlias = Literal["created", "updated", "deleted"]


@attrs.frozen
class MirrorChange:
    """One change the mirror applied.

    Attributes:
        seq: its place in the feed (increasing, never reused).
        resource: ``ticket``, ``conversation`` or ``contact``.
        record_id: the record's id.
        ticket_id: the ticket of a ticket or conversation change (``None`` for contacts).
        kind: ``created`` (first seen), ``updated`` (a newer version) or
            ``deleted`` (a conversation its thread no longer has).
        updated_at: the record's ``updated_at`` after the change (``...Z``).
        recorded_at: when the mirror applied it (its local clock, UTC).
    """

    seq: int
    resource: ChangeResource
    record_id: int
    ticket_id: int | None
    kind: ChangeKind
    updated_at: str
    recorded_at: str

    def to_dict(self) -> dict[str, object]:
        """Return the change as a JSON-ready dict."""
        return attrs.asdict(self)


@attrs.frozen
class MirrorChanges:
    """What :meth:`Mirror.changes` found after a ``seq``.

    Attributes:
        changes: the changes, oldest first.
        last: the feed's newest ``seq`` (``0`` for an empty feed): ask again
            with ``after=changes[-1].seq`` while ``changes[-1].seq < last``.
        gap: changes after the asked ``seq`` were pruned before they were
            read, or the asked ``seq`` is past the feed's end (a number from
            another mirror file); read the records afresh, then go on from ``last``.
    """

    changes: tuple[MirrorChange, ...]
    last: int
    gap: bool


def read_changes(conn: sqlite3.Connection, after: int, limit: int) -> MirrorChanges:
    """Return up to *limit* changes with a ``seq`` above *after* (see :class:`MirrorChanges`)."""
    oldest, last = conn.execute("SELECT MIN(seq), MAX(seq) FROM changes").fetchone()
    if last is None:
        # An empty feed: pruned to nothing is impossible (pruning keeps the newest),
        # so the table's sequence tells whether changes were ever recorded.
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
        last = 0 if row is None else int(row[0])
        return MirrorChanges(changes=(), last=last, gap=after != last)
    rows = conn.execute(
        "SELECT seq, resource, record_id, ticket_id, kind, updated_at, recorded_at "
        "FROM changes WHERE seq > ? ORDER BY seq LIMIT ?",
        (after, limit),
    ).fetchall()
    return MirrorChanges(
        changes=tuple(MirrorChange(*row) for row in rows),
        last=int(last),
        gap=after < int(oldest) - 1 or after > int(last),
    )
