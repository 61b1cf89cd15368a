"""``Mirror``: a local SQLite copy of a Freshdesk account, kept up to date incrementally.

```python
from freshdesk_atom import Freshdesk, Mirror

mirror = Mirror("freshdesk.sqlite")
with Freshdesk.from_env(rate_governor=True) as fd:
    mirror.sync(fd)                       # the first run reads everything, later runs what changed
print(mirror.stats())                      # the figures of fd.stats.summary(), no API credits
for ticket in mirror.search_tickets("printer fire", limit=10):
    print(ticket.id, ticket.subject)
```

How it stays correct (``docs/export-and-mirror.md`` has the long form):

* **One transaction per page.** Every page of records is upserted together
  with the checkpoint that follows it, in one SQLite transaction (WAL
  journal). Killed at any point, the database holds the pages committed
  before, each with its checkpoint, never a page without its checkpoint or
  the reverse; the next ``sync`` goes on from the last one.
* **Tickets and contacts are incremental.** They are read with
  ``iter_all()`` (ordered windows past the 300-page cap, each record once),
  starting from the checkpoint the last run finished with: only records
  updated since are fetched. Tickets include the spam and deleted lists, so a
  ticket moved to the trash is seen again (deleting updates ``updated_at``)
  and stored with ``deleted = 1``. Contacts are read in three walks: the
  default list (verified and unverified), ``state=blocked`` and
  ``state=deleted``.
* **Companies, agents and groups are re-listed in full** on every run: the
  endpoints take no ``updated_since`` and accounts hold few of them (a page
  of 100 is one request). A run tags what it saw; when the list is complete,
  rows it did not see (deleted in Freshdesk) are removed in the same
  transaction that marks the run finished.
* **Upserts never go back in time.** A row is replaced only by a version
  with the same or a later ``updated_at``.

What a mirror cannot see: a ticket purged from the trash or a contact
hard-deleted in Freshdesk disappears from every list, so it stays in the
mirror as it was last seen (tickets: usually with ``deleted = 1``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from html import unescape
from pathlib import Path
from typing import Any, Final, Literal, TypeAlias, TypeVar, get_args

import attrs

from ._converter import converter
from ._core.complete_export import ExportCheckpoint, wire_time
from ._core.stats import build_stats, period_start
from ._export import list_page
from ._progress import Progress
from ._sync._client import Freshdesk
from ._types import NOT_GIVEN
from .models.agents import Agent
from .models.companies import Company
from .models.contacts import Contact
from .models.groups import Group
from .models.stats import Stats
from .models.tickets import Ticket

__all__ = ["MIRROR_RESOURCES", "Mirror", "MirrorBusyError", "MirrorResource", "SyncReport"]

MirrorResource: TypeAlias = Literal["tickets", "contacts", "companies", "agents", "groups"]
MIRROR_RESOURCES: Final[tuple[MirrorResource, ...]] = get_args(MirrorResource)
DEFAULT_TICKET_INCLUDE: Final = ("description", "stats")
SCHEMA_VERSION: Final = 1

T = TypeVar("T")

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS mirror_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sync_state (
    stream TEXT PRIMARY KEY,       -- tickets, contacts, contacts:blocked, companies, ...
    options TEXT NOT NULL,         -- JSON: what the checkpoint was made with
    checkpoint TEXT,               -- JSON: iter_all's checkpoint, or {"run": n, "page": p}
    finished INTEGER NOT NULL,     -- whether the last run reached the end
    saved_at TEXT NOT NULL         -- when this row was written (local clock, UTC)
);
CREATE TABLE IF NOT EXISTS tickets (
    id INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    description_text TEXT,
    status INTEGER NOT NULL,
    priority INTEGER NOT NULL,
    source INTEGER NOT NULL,
    type TEXT,
    requester_id INTEGER,
    responder_id INTEGER,
    group_id INTEGER,
    company_id INTEGER,
    spam INTEGER NOT NULL,
    deleted INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    due_by TEXT,
    has_stats INTEGER NOT NULL,
    first_responded_at TEXT,
    resolved_at TEXT,
    closed_at TEXT,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tickets_status ON tickets (status);
CREATE INDEX IF NOT EXISTS tickets_priority ON tickets (priority);
CREATE INDEX IF NOT EXISTS tickets_created_at ON tickets (created_at);
CREATE INDEX IF NOT EXISTS tickets_updated_at ON tickets (updated_at);
CREATE INDEX IF NOT EXISTS tickets_requester_id ON tickets (requester_id);
CREATE INDEX IF NOT EXISTS tickets_responder_id ON tickets (responder_id);
CREATE INDEX IF NOT EXISTS tickets_group_id ON tickets (group_id);
CREATE INDEX IF NOT EXISTS tickets_company_id ON tickets (company_id);
CREATE VIRTUAL TABLE IF NOT EXISTS tickets_fts USING fts5 (
    subject, description_text,
    content='tickets', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS tickets_fts_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO tickets_fts (rowid, subject, description_text)
    VALUES (new.id, new.subject, new.description_text);
END;
CREATE TRIGGER IF NOT EXISTS tickets_fts_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, subject, description_text)
    VALUES ('delete', old.id, old.subject, old.description_text);
END;
CREATE TRIGGER IF NOT EXISTS tickets_fts_update AFTER UPDATE ON tickets BEGIN
    INSERT INTO tickets_fts (tickets_fts, rowid, subject, description_text)
    VALUES ('delete', old.id, old.subject, old.description_text);
    INSERT INTO tickets_fts (rowid, subject, description_text)
    VALUES (new.id, new.subject, new.description_text);
END;
CREATE TABLE IF NOT EXISTS contacts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    company_id INTEGER,
    state TEXT NOT NULL,           -- verified, unverified, blocked or deleted
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS contacts_email ON contacts (email);
CREATE INDEX IF NOT EXISTS contacts_company_id ON contacts (company_id);
CREATE INDEX IF NOT EXISTS contacts_created_at ON contacts (created_at);
CREATE INDEX IF NOT EXISTS contacts_updated_at ON contacts (updated_at);
CREATE TABLE IF NOT EXISTS companies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    run INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS agents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    run INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    run INTEGER NOT NULL,
    data TEXT NOT NULL
);
"""

# Upserts: a row is replaced only by a version at least as new.
_TICKET_COLUMNS: Final = (
    "id, subject, description_text, status, priority, source, type, requester_id, "
    "responder_id, group_id, company_id, spam, deleted, created_at, updated_at, due_by, "
    "has_stats, first_responded_at, resolved_at, closed_at, data"
)
_CONTACT_COLUMNS: Final = "id, name, email, company_id, state, created_at, updated_at, data"
_LISTED_COLUMNS: Final = {
    "companies": "id, name, created_at, updated_at, run, data",
    "agents": "id, name, email, created_at, updated_at, run, data",
    "groups": "id, name, created_at, updated_at, run, data",
}


def _upsert_sql(table: str, columns: str) -> str:
    names = [name.strip() for name in columns.split(",")]
    updates = ", ".join(f"{name} = excluded.{name}" for name in names if name != "id")
    marks = ", ".join("?" for _ in names)
    return (
        f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET "
        f"{updates} WHERE excluded.updated_at >= {table}.updated_at"
    )


_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


class MirrorBusyError(RuntimeError):
    """Another process (or thread) is syncing this mirror right now."""


@attrs.define
class StreamReport:
    """What one stream of a sync did.

    Attributes:
        pages: pages fetched and applied.
        records: records upserted (new or changed).
        removed: rows deleted because a full re-list no longer had them.
        resumed: whether the run went on from an unfinished one.
    """

    pages: int = 0
    records: int = 0
    removed: int = 0
    resumed: bool = False


@attrs.define
class SyncReport:
    """What :meth:`Mirror.sync` did, stream by stream (``tickets``, ``contacts:blocked``, ...)."""

    streams: dict[str, StreamReport] = attrs.field(factory=dict)

    @property
    def records(self) -> int:
        """Records upserted over every stream."""
        return sum(report.records for report in self.streams.values())

    @property
    def pages(self) -> int:
        """Pages applied over every stream."""
        return sum(report.pages for report in self.streams.values())


def fts_query(text: str) -> str:
    """Return the FTS5 query for free *text*: every word, each as a prefix (``"printer"* "fire"*``).

    Raises:
        ValueError: *text* holds no word.
    """
    words = _WORD.findall(text)
    if not words:
        raise ValueError("the search text holds no word to look for")
    # \\w+ holds no double quote, so each word is a safe FTS5 string.
    return " ".join(f'"{word}"*' for word in words)


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else wire_time(value)


def _json(record: object) -> str:
    return json.dumps(converter.unstructure(record), ensure_ascii=False, separators=(",", ":"))


def _description(ticket: Ticket) -> str | None:
    if ticket.description_text is not None:
        return ticket.description_text
    if ticket.description is not None:
        return unescape(_TAG.sub(" ", ticket.description))
    return None


def _ticket_row(ticket: Ticket) -> tuple[Any, ...]:
    stats = ticket.stats
    return (
        ticket.id,
        ticket.subject,
        _description(ticket),
        ticket.status,
        ticket.priority,
        ticket.source,
        ticket.type,
        ticket.requester_id,
        ticket.responder_id,
        ticket.group_id,
        ticket.company_id,
        int(ticket.spam),
        int(ticket.deleted),
        wire_time(ticket.created_at),
        wire_time(ticket.updated_at),
        _stamp(ticket.due_by),
        int(stats is not None),
        _stamp(stats.first_responded_at) if stats else None,
        _stamp(stats.resolved_at) if stats else None,
        _stamp(stats.closed_at) if stats else None,
        _json(ticket),
    )


def _contact_row(contact: Contact, walk: str) -> tuple[Any, ...]:
    if contact.deleted:
        state = "deleted"
    elif walk == "blocked":
        state = "blocked"
    else:
        state = "verified" if contact.active else "unverified"
    return (
        contact.id,
        contact.name,
        contact.email,
        contact.company_id,
        state,
        wire_time(contact.created_at),
        wire_time(contact.updated_at),
        _json(contact),
    )


def _listed_row(resource: str, record: Any, run: int) -> tuple[Any, ...]:
    if resource == "agents":
        agent: Agent = record
        return (
            agent.id,
            agent.contact.name,
            agent.contact.email,
            wire_time(agent.created_at),
            wire_time(agent.updated_at),
            run,
            _json(agent),
        )
    return (
        record.id,
        record.name,
        wire_time(record.created_at),
        wire_time(record.updated_at),
        run,
        _json(record),
    )


def _now() -> str:
    return wire_time(datetime.now(UTC))


class Mirror:
    """A local SQLite copy of a Freshdesk account (see the module docstring).

    ``Mirror(path)`` opens the database, creating it and its tables when
    missing. Reads (:meth:`stats`, :meth:`search_tickets`, ...) spend no API
    credits and may run while a sync writes (WAL). Each call opens its own
    connection, so one ``Mirror`` may be shared by threads.

    Args:
        path: the SQLite file (``":memory:"`` is refused: each call opens a
            new connection).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        if str(path) == ":memory:":
            raise ValueError("a mirror needs a file: every call opens its own connection")
        self.path = Path(path)
        with self._connection() as conn:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            for statement in _statements(_SCHEMA):
                conn.execute(statement)
            found = conn.execute(
                "SELECT value FROM mirror_meta WHERE key = 'schema_version'"
            ).fetchone()
            if found is None:
                conn.execute(
                    "INSERT INTO mirror_meta (key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
            elif found[0] != str(SCHEMA_VERSION):
                conn.execute("ROLLBACK")
                raise ValueError(
                    f"{self.path} is a mirror of schema {found[0]}, this version reads "
                    f"{SCHEMA_VERSION}: sync into a new file"
                )
            conn.execute("COMMIT")

    def __repr__(self) -> str:
        return f"Mirror({str(self.path)!r})"

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        # isolation_level=None: no implicit transactions; every write below
        # says BEGIN IMMEDIATE ... COMMIT itself.
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        try:
            conn.execute("PRAGMA synchronous = NORMAL")
            yield conn
        finally:
            conn.close()

    # ------------------------------------------------------------------ sync

    def sync(
        self,
        fd: Freshdesk,
        *,
        resources: Sequence[MirrorResource] = MIRROR_RESOURCES,
        ticket_include: Sequence[str] = DEFAULT_TICKET_INCLUDE,
        progress: Progress | None = None,
        requests: Callable[[], int] = lambda: 0,
    ) -> SyncReport:
        """Bring the mirror up to date with the account behind *fd*; return what was done.

        The first run reads everything; later runs read tickets and contacts
        updated since the last run, and re-list companies, agents and groups.
        Interrupted (killed, an error), a run leaves the mirror consistent,
        and the next one goes on where it stopped.

        Args:
            fd: the client; turn its rate governor on (``rate_governor=True``):
                this is bulk work.
            resources: which resources to sync (default: all five).
            ticket_include: embeds on the tickets list. The default,
                ``description`` and ``stats``, gives full-text search its
                descriptions and :meth:`stats` its averages, at 4 extra
                credits per page of 100 tickets. Changing it starts the
                tickets over from the beginning.
            progress: a display updated after every page.
            requests: how many HTTP requests were sent so far (for the display).

        Raises:
            MirrorBusyError: another sync of this mirror is running.
            FreshdeskError: an API error after the client's retries; what was
                applied stays, and the next sync goes on from there.
        """
        unknown = [name for name in resources if name not in MIRROR_RESOURCES]
        if unknown:
            raise ValueError(f"unknown resources {unknown}; choose among {MIRROR_RESOURCES}")
        report = SyncReport()
        counted = [0]

        def show(label: str) -> None:
            if progress is not None:
                progress.label = f"sync {label}"
                progress.update(records=counted[0], requests=requests(), rate_limit=fd.rate_limit)

        with self._sync_lock(), self._connection() as conn:
            for resource in ("groups", "agents", "companies"):
                if resource in resources:
                    report.streams[resource] = self._relist(conn, fd, resource, counted, show)
            if "contacts" in resources:
                for walk in ("default", "blocked", "deleted"):
                    stream = "contacts" if walk == "default" else f"contacts:{walk}"
                    report.streams[stream] = self._contacts(conn, fd, stream, walk, counted, show)
            if "tickets" in resources:
                include = tuple(dict.fromkeys(ticket_include))
                report.streams["tickets"] = self._tickets(conn, fd, include, counted, show)
        if progress is not None:
            progress.update(
                records=counted[0], requests=requests(), rate_limit=fd.rate_limit, force=True
            )
            progress.finish()
        return report

    @contextlib.contextmanager
    def _sync_lock(self) -> Iterator[None]:
        """Hold an exclusive lock on ``<db>.sync-lock`` (released by the OS if the process dies)."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock, SQLite still serialises
            yield
            return
        lock_path = self.path.with_name(self.path.name + ".sync-lock")
        with open(lock_path, "a+b") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise MirrorBusyError(f"another sync of {self.path} is running") from None
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    @staticmethod
    def _load_state(conn: sqlite3.Connection, stream: str) -> tuple[Any, Any, bool] | None:
        row = conn.execute(
            "SELECT options, checkpoint, finished FROM sync_state WHERE stream = ?", (stream,)
        ).fetchone()
        if row is None:
            return None
        checkpoint = None if row[1] is None else json.loads(row[1])
        return json.loads(row[0]), checkpoint, bool(row[2])

    @staticmethod
    def _save_state(
        conn: sqlite3.Connection, stream: str, options: Any, checkpoint: Any, finished: bool
    ) -> None:
        conn.execute(
            "INSERT INTO sync_state (stream, options, checkpoint, finished, saved_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (stream) DO UPDATE SET "
            "options = excluded.options, checkpoint = excluded.checkpoint, "
            "finished = excluded.finished, saved_at = excluded.saved_at",
            (stream, json.dumps(options), json.dumps(checkpoint), int(finished), _now()),
        )

    def _apply(
        self,
        conn: sqlite3.Connection,
        sql: str,
        rows: Sequence[tuple[Any, ...]],
        stream: str,
        options: Any,
        checkpoint: Any,
        finished: bool,
        extra: Callable[[], int] | None = None,
    ) -> int:
        """Upsert *rows* and save the stream's checkpoint in ONE transaction; return rows removed."""
        removed = 0
        conn.execute("BEGIN IMMEDIATE")
        try:
            if rows:
                conn.executemany(sql, rows)
            if extra is not None:
                removed = extra()
            self._save_state(conn, stream, options, checkpoint, finished)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        return removed

    def _streamed(
        self,
        conn: sqlite3.Connection,
        stream: str,
        options: dict[str, Any],
        open_stream: Callable[[ExportCheckpoint | None], Any],
        sql: str,
        row: Callable[[Any], tuple[Any, ...]],
        counted: list[int],
        show: Callable[[str], None],
    ) -> StreamReport:
        report = StreamReport()
        saved = self._load_state(conn, stream)
        checkpoint: ExportCheckpoint | None = None
        if saved is not None and saved[0] == options and saved[1] is not None:
            checkpoint = ExportCheckpoint.from_dict(saved[1])
            report.resumed = not saved[2]
        for page in open_stream(checkpoint).iter_pages():
            rows = [row(item) for item in page.items]
            state: ExportCheckpoint = page.checkpoint
            self._apply(conn, sql, rows, stream, options, state.to_dict(), state.finished)
            report.pages += 1
            report.records += len(rows)
            counted[0] += len(rows)
            show(stream)
        return report

    def _tickets(
        self,
        conn: sqlite3.Connection,
        fd: Freshdesk,
        include: tuple[str, ...],
        counted: list[int],
        show: Callable[[str], None],
    ) -> StreamReport:
        options = {"include": list(include), "include_spam": True, "include_deleted": True}
        self._set_meta(conn, "ticket_include", json.dumps(list(include)))

        def open_stream(checkpoint: ExportCheckpoint | None) -> Any:
            return fd.tickets.iter_all(
                include=list(include) if include else NOT_GIVEN,  # type: ignore[arg-type]
                include_spam=True,
                include_deleted=True,
                checkpoint=checkpoint,
            )

        return self._streamed(
            conn,
            "tickets",
            options,
            open_stream,
            _upsert_sql("tickets", _TICKET_COLUMNS),
            _ticket_row,
            counted,
            show,
        )

    def _contacts(
        self,
        conn: sqlite3.Connection,
        fd: Freshdesk,
        stream: str,
        walk: str,
        counted: list[int],
        show: Callable[[str], None],
    ) -> StreamReport:
        options = {"state": None if walk == "default" else walk}

        def open_stream(checkpoint: ExportCheckpoint | None) -> Any:
            if walk == "default":
                return fd.contacts.iter_all(checkpoint=checkpoint)
            return fd.contacts.iter_all(state=walk, checkpoint=checkpoint)  # type: ignore[arg-type]

        return self._streamed(
            conn,
            stream,
            options,
            open_stream,
            _upsert_sql("contacts", _CONTACT_COLUMNS),
            lambda contact: _contact_row(contact, walk),
            counted,
            show,
        )

    def _relist(
        self,
        conn: sqlite3.Connection,
        fd: Freshdesk,
        resource: str,
        counted: list[int],
        show: Callable[[str], None],
    ) -> StreamReport:
        report = StreamReport()
        saved = self._load_state(conn, resource)
        run, number = 1, 1
        if saved is not None and isinstance(saved[1], dict):
            previous_run = int(saved[1].get("run", 0))
            if saved[2]:
                run = previous_run + 1
            else:
                run, number = previous_run, int(saved[1].get("page", 1))
                report.resumed = True
        sql = _upsert_sql(resource, _LISTED_COLUMNS[resource])
        # A re-list also stamps unchanged rows with this run, so they survive the sweep.
        touch = f"UPDATE {resource} SET run = ? WHERE id = ?"
        while True:
            page = list_page(fd, resource, number)
            rows = [_listed_row(resource, item, run) for item in page.items]
            last = not page.has_next

            def sweep(rows: list[tuple[Any, ...]] = rows, last: bool = last) -> int:
                conn.executemany(touch, [(run, r[0]) for r in rows])
                if not last:
                    return 0
                return conn.execute(f"DELETE FROM {resource} WHERE run < ?", (run,)).rowcount

            checkpoint = {"run": run, "page": number if last else number + 1}
            report.removed += self._apply(conn, sql, rows, resource, {}, checkpoint, last, sweep)
            report.pages += 1
            report.records += len(rows)
            counted[0] += len(rows)
            show(resource)
            if last:
                return report
            number += 1

    @staticmethod
    def _set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
        conn.execute(
            "INSERT INTO mirror_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # ------------------------------------------------------------------ reading

    def stats(self, since: date | None = None, *, averages: bool = True) -> Stats:
        """Return the figures of ``fd.stats.summary(since=...)``, computed from the mirror with SQL.

        The same ``Stats`` model and the same period: with *since*, records
        created at or after 00:00:00 UTC of *since*'s UTC day; without, all
        time. Exactly what is counted, over the mirror's rows:

        * ``total_tickets``: tickets with ``spam = 0`` and ``deleted = 0``
          (what search sees), any status, custom ones included;
        * ``open_tickets`` .. ``closed_tickets``: those with status 2, 3, 4, 5;
        * ``total_contacts``: contacts not deleted (verified, unverified and
          blocked: what search sees);
        * ``total_companies``, ``total_agents``, ``total_groups``: every row,
          created in the period;
        * ``avg_first_response_time``: mean hours from ``created_at`` to
          ``stats.first_responded_at`` over the counted tickets that have one;
        * ``avg_resolution_time``: mean hours from ``created_at`` to
          ``stats.resolved_at`` (else ``stats.closed_at``) over the counted
          tickets with status 4 or 5;
        * a negative duration (imported tickets) is left out, as by the API;
          the averages are ``None`` when there is nothing to average, when
          *averages* is false, or when tickets were not synced with
          ``include=stats``;
        * ``satisfaction_rating``: always ``None``: the mirror holds no
          survey ratings (``fd.stats.summary()`` has them).

        The figures are as of the last sync. Search lags a few minutes behind
        Freshdesk, so right after a change the API's counts and these may
        differ until both have caught up.
        """
        start = period_start(since)
        bound = "1970-01-01T00:00:00Z" if start is None else wire_time(start)
        with self._connection() as conn:
            row = conn.execute(
                "SELECT COUNT(*), "
                "COALESCE(SUM(status = 2), 0), COALESCE(SUM(status = 3), 0), "
                "COALESCE(SUM(status = 4), 0), COALESCE(SUM(status = 5), 0) "
                "FROM tickets WHERE spam = 0 AND deleted = 0 AND created_at >= ?",
                (bound,),
            ).fetchone()
            counts: dict[str, int | None] = {
                "total_tickets": row[0],
                "open_tickets": row[1],
                "pending_tickets": row[2],
                "resolved_tickets": row[3],
                "closed_tickets": row[4],
            }
            counts["total_contacts"] = conn.execute(
                "SELECT COUNT(*) FROM contacts WHERE state != 'deleted' AND created_at >= ?",
                (bound,),
            ).fetchone()[0]
            for table in ("companies", "agents", "groups"):
                counts[f"total_{table}"] = conn.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE created_at >= ?", (bound,)
                ).fetchone()[0]
            first_response = resolution = None
            if averages and self._synced_with_stats(conn):
                first_response, resolution = conn.execute(
                    "SELECT "
                    "AVG(CASE WHEN fr >= 0 THEN fr / 3600.0 END), "
                    "AVG(CASE WHEN status IN (4, 5) AND res >= 0 THEN res / 3600.0 END) "
                    "FROM (SELECT status, "
                    "CAST(strftime('%s', first_responded_at) AS INTEGER) "
                    "- CAST(strftime('%s', created_at) AS INTEGER) AS fr, "
                    "CAST(strftime('%s', COALESCE(resolved_at, closed_at)) AS INTEGER) "
                    "- CAST(strftime('%s', created_at) AS INTEGER) AS res "
                    "FROM tickets WHERE spam = 0 AND deleted = 0 AND created_at >= ?)",
                    (bound,),
                ).fetchone()
        return build_stats(
            counts, first_response=first_response, resolution=resolution, satisfaction=None
        )

    @staticmethod
    def _synced_with_stats(conn: sqlite3.Connection) -> bool:
        found = conn.execute(
            "SELECT value FROM mirror_meta WHERE key = 'ticket_include'"
        ).fetchone()
        return found is not None and "stats" in json.loads(found[0])

    def _ticket_filter(self, include_spam: bool, include_deleted: bool) -> str:
        clauses = []
        if not include_spam:
            clauses.append("t.spam = 0")
        if not include_deleted:
            clauses.append("t.deleted = 0")
        return "".join(f" AND {clause}" for clause in clauses)

    def search_tickets(
        self,
        text: str,
        *,
        limit: int = 20,
        offset: int = 0,
        include_spam: bool = False,
        include_deleted: bool = False,
    ) -> list[Ticket]:
        """Return the tickets whose subject or description holds every word of *text*, best first.

        Full-text search with SQLite FTS5 over the mirror, no API credits:
        each word of *text* must start a word of the subject or the
        description (``print`` finds "printer"; case and accents are
        ignored), in any order. Ranked by BM25, then newest update first.
        Descriptions are there only when tickets were synced with
        ``include=description`` (the default). Spam and deleted tickets are
        left out unless asked for.

        Raises:
            ValueError: *text* holds no word, or *limit*/*offset* is negative.
        """
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must be >= 0")
        query = fts_query(text)
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT t.data FROM tickets_fts JOIN tickets AS t ON t.id = tickets_fts.rowid "
                "WHERE tickets_fts MATCH ?"
                + self._ticket_filter(include_spam, include_deleted)
                + " ORDER BY bm25(tickets_fts), t.updated_at DESC, t.id DESC LIMIT ? OFFSET ?",
                (query, limit, offset),
            ).fetchall()
        return [converter.structure(json.loads(row[0]), Ticket) for row in rows]

    def count_tickets(
        self, text: str, *, include_spam: bool = False, include_deleted: bool = False
    ) -> int:
        """Return how many tickets :meth:`search_tickets` finds for *text* in all.

        Raises:
            ValueError: *text* holds no word.
        """
        query = fts_query(text)
        with self._connection() as conn:
            row = conn.execute(
                "SELECT COUNT(*) FROM tickets_fts JOIN tickets AS t ON t.id = tickets_fts.rowid "
                "WHERE tickets_fts MATCH ?" + self._ticket_filter(include_spam, include_deleted),
                (query,),
            ).fetchone()
        return int(row[0])

    def get_ticket(self, ticket_id: int) -> Ticket | None:
        """Return the mirrored ticket *ticket_id*, or ``None``."""
        return self._get("tickets", ticket_id, Ticket)

    def get_contact(self, contact_id: int) -> Contact | None:
        """Return the mirrored contact *contact_id*, or ``None``."""
        return self._get("contacts", contact_id, Contact)

    def _get(self, table: str, record_id: int, cl: type[T]) -> T | None:
        with self._connection() as conn:
            row = conn.execute(f"SELECT data FROM {table} WHERE id = ?", (record_id,)).fetchone()
        return None if row is None else converter.structure(json.loads(row[0]), cl)

    def _iter(self, table: str, cl: type[T], contains: Sequence[str], where: str = "") -> list[T]:
        sql = f"SELECT data FROM {table} WHERE 1 = 1{where}"
        params: list[Any] = []
        for word in contains:
            # LIKE is case-insensitive for ASCII; the caller checks matches exactly.
            sql += " AND data LIKE ? ESCAPE '\\'"
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
        with self._connection() as conn:
            rows = conn.execute(sql + " ORDER BY updated_at DESC, id DESC", params).fetchall()
        return [converter.structure(json.loads(row[0]), cl) for row in rows]

    def contacts(
        self,
        *,
        contains: Sequence[str] = (),
        include_deleted: bool = False,
        include_blocked: bool = True,
    ) -> list[Contact]:
        """Return the mirrored contacts, newest update first.

        *contains*: only those whose stored JSON holds every one of these
        strings (a cheap pre-filter, case-insensitive for ASCII; check the
        fields you mean afterwards). Deleted contacts are left out unless
        *include_deleted*; blocked ones are in unless *include_blocked* is
        false (Freshdesk's list leaves them out, its search keeps them).
        """
        where = "" if include_deleted else " AND state != 'deleted'"
        if not include_blocked:
            where += " AND state != 'blocked'"
        return self._iter("contacts", Contact, contains, where)

    def companies(self, *, contains: Sequence[str] = ()) -> list[Company]:
        """Return the mirrored companies, newest update first (*contains*: see :meth:`contacts`)."""
        return self._iter("companies", Company, contains)

    def agents(self) -> list[Agent]:
        """Return the mirrored agents, newest update first."""
        return self._iter("agents", Agent, ())

    def groups(self) -> list[Group]:
        """Return the mirrored groups, newest update first."""
        return self._iter("groups", Group, ())

    def counts(self) -> dict[str, int]:
        """Return the number of rows per table (tickets and contacts of every state included)."""
        with self._connection() as conn:
            return {
                table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in MIRROR_RESOURCES
            }

    def last_synced(self) -> dict[str, str]:
        """Return, per stream, when its last page was applied (UTC, ``...Z``)."""
        with self._connection() as conn:
            return dict(conn.execute("SELECT stream, saved_at FROM sync_state").fetchall())


def _statements(script: str) -> Iterator[str]:
    """Split the schema script into statements (triggers hold ``;`` inside BEGIN ... END)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") or not line.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip():  # pragma: no cover - the schema ends with a full statement
        raise ValueError(f"incomplete statement in the schema: {buffer!r}")
