"""``Mirror``: open the database, sync it, and read it without spending API credits.

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
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import anyio.to_thread

from .. import NOT_GIVEN, AsyncFreshdesk, Freshdesk, FreshdeskError, NotFoundError
from ..models.agents import Agent
from ..models.common import Record
from ..models.companies import Company
from ..models.contacts import Contact
from ..models.conversations import Conversation
from ..models.groups import Group
from ..models.stats import Stats
from ..models.tickets import Ticket
from ..models.trends import Trends
from ._changes import MirrorChanges, read_changes
from ._refresh import RefreshOptions, refresh_options, synced_options, write_ticket
from ._rows import TICKET_MATCHES, fts_query, ticket_filter
from ._schema import SCHEMA, SCHEMA_VERSION, statements
from ._stats import mirror_stats
from ._sync import (
    DEFAULT_TICKET_INCLUDE,
    MIRROR_RESOURCES,
    MirrorResource,
    SyncReport,
    sync_streams,
)
from ._threads import file_path
from ._trends import mirror_trends

__all__ = ["Mirror", "MirrorBusyError"]

R = TypeVar("R", bound=Record)


class MirrorBusyError(FreshdeskError):
    """Another process (or thread) is syncing this mirror right now."""


class Mirror:
    """A local SQLite copy of a Freshdesk account (see the module docstring).

    ``Mirror(path)`` opens the database, creating it and its tables when
    missing. Reads (:meth:`stats`, :meth:`trends`, :meth:`search_tickets`, ...) spend no API
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
            for statement in statements(SCHEMA):
                conn.execute(statement)
            found = conn.execute(
                "SELECT value FROM mirror_meta WHERE key = 'schema_version'"
            ).fetchone()
            if found is None or found[0] in ("1", "2"):
                # Schema 1 lacks only the thread's tables, made above; its tickets
                # are read again on the next sync, with their threads. Schema 2
                # lacks only the change feed, made above: it starts empty.
                conn.execute(
                    "INSERT INTO mirror_meta (key, value) VALUES ('schema_version', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
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
        conversations: bool = True,
        files: str | os.PathLike[str] | None = None,
        on_page: Callable[[str, int], None] | None = None,
    ) -> SyncReport:
        """Bring the mirror up to date with the account behind *fd*; return what was done.

        The first run reads everything; later runs read tickets and contacts
        updated since the last run, and re-list companies, agents and groups.
        Interrupted (killed, an error), a run leaves the mirror consistent,
        and the next one goes on where it stopped.

        Args:
            fd: the client (its rate governor, on by default, paces the run).
            resources: which resources to sync (default: all five).
            ticket_include: embeds on the tickets list. The default,
                ``description`` and ``stats``, gives full-text search its
                descriptions and :meth:`stats` its averages, at 4 extra
                credits per page of 100 tickets. Changing it starts the
                tickets over from the beginning.
            conversations: read each changed ticket's whole thread with it
                (one request per ticket and per 100 conversations), so
                :meth:`conversations` and :meth:`search_tickets` cover the
                replies and notes. Changing it starts the tickets over.
            files: a directory to keep the thread's attachments in, each
                stored once under its SHA-256 (see :meth:`attachment_file`);
                ``None`` keeps their metadata only.
            on_page: called after every page is committed, with the stream
                (``tickets``, ``contacts:blocked``, ...) and the records
                upserted so far in this run; for a progress display.

        Raises:
            MirrorBusyError: another sync of this mirror is running.
            FreshdeskError: an API error after the client's retries; what was
                applied stays, and the next sync goes on from there.
        """
        unknown = [name for name in resources if name not in MIRROR_RESOURCES]
        if unknown:
            raise ValueError(f"unknown resources {unknown}; choose among {MIRROR_RESOURCES}")
        include = tuple(dict.fromkeys(ticket_include))
        with self._sync_lock(), self._connection() as conn:
            return sync_streams(
                conn,
                fd,
                resources=resources,
                ticket_include=include,
                conversations=conversations,
                files=None if files is None else Path(files),
                on_page=on_page,
            )

    def sync_tickets(
        self,
        fd: Freshdesk,
        *,
        files: str | os.PathLike[str] | None = None,
        on_page: Callable[[str, int], None] | None = None,
    ) -> SyncReport:
        """Sync the tickets only, with the ``ticket_include`` and ``conversations`` of their last sync.

        What a webhook receiver's reconciliation runs: the tickets updated
        since the last run, without starting over because an option differs.

        Raises:
            ValueError: the last sync kept attachments' files and *files* is not given.
            MirrorBusyError: another sync of this mirror is running.
        """
        with self._connection() as conn:
            include, conversations, kept_files = synced_options(conn)
        if kept_files and files is None:
            raise ValueError(
                "the tickets were synced with files=...: pass the same directory as files"
            )
        return self.sync(
            fd,
            resources=("tickets",),
            ticket_include=include,
            conversations=conversations,
            files=files,
            on_page=on_page,
        )

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

    # ------------------------------------------------------------------ one ticket

    def apply_ticket(
        self, ticket: Ticket, conversations: Sequence[Conversation] | None = None
    ) -> bool:
        """Store *ticket*, and its whole thread when *conversations* is given, in one transaction.

        The same rule as :meth:`sync`: a version older than the mirror's copy
        changes nothing. *conversations* is the ticket's entire thread: those
        the mirror holds for the ticket and the list lacks are deleted.

        Returns:
            Whether the ticket is new to the mirror or newer than its copy
            (and so appears in :meth:`changes`).
        """
        with self._connection() as conn:
            return write_ticket(conn, ticket, conversations)

    def refresh_ticket(self, fd: Freshdesk, ticket_id: int) -> bool:
        """Read ticket *ticket_id* and its thread from Freshdesk and :meth:`apply_ticket` them.

        One request for the ticket (with ``stats`` when the mirror keeps
        them) and one per 100 conversations (unless the tickets are synced
        with ``conversations=False``). For a ticket that a webhook announced
        or that was just written: the mirror has it without waiting for the
        next :meth:`sync`.

        Returns:
            Whether the mirror changed; ``False`` also when Freshdesk has no
            such ticket (purged, or archived) - the mirror keeps what it had.

        Raises:
            FreshdeskError: any other API error, after the client's retries.
        """
        include, with_thread = self._refresh_options()
        try:
            ticket = fd.tickets.get(ticket_id, include=list(include) or NOT_GIVEN)  # type: ignore[arg-type]
            thread = (
                list(fd.tickets.conversations.list(ticket_id, per_page=100))
                if with_thread
                else None
            )
        except NotFoundError:
            return False
        return self.apply_ticket(ticket, thread)

    async def arefresh_ticket(self, fd: AsyncFreshdesk, ticket_id: int) -> bool:
        """:meth:`refresh_ticket` with the async client (SQLite work runs in a worker thread)."""
        include, with_thread = await anyio.to_thread.run_sync(self._refresh_options)
        try:
            ticket = await fd.tickets.get(ticket_id, include=list(include) or NOT_GIVEN)  # type: ignore[arg-type]
            thread = (
                [c async for c in fd.tickets.conversations.list(ticket_id, per_page=100)]
                if with_thread
                else None
            )
        except NotFoundError:
            return False
        return await anyio.to_thread.run_sync(self.apply_ticket, ticket, thread)

    def _refresh_options(self) -> RefreshOptions:
        with self._connection() as conn:
            return refresh_options(conn)

    @property
    def keeps_threads(self) -> bool:
        """Whether the tickets' threads are mirrored (not synced with ``conversations=False``)."""
        return self._refresh_options()[1]

    @property
    def keeps_files(self) -> bool:
        """Whether the tickets were last synced with ``files=``: :meth:`sync_tickets` needs it again."""
        with self._connection() as conn:
            return synced_options(conn)[2]

    # ------------------------------------------------------------------ changes

    def changes(self, after: int = 0, *, limit: int = 100) -> MirrorChanges:
        """Return up to *limit* changes applied after the change numbered *after*, oldest first.

        Every ticket, conversation and contact the mirror stores anew or
        replaces with a newer version is in the feed, whatever wrote it
        (``sync``, :meth:`apply_ticket`, :meth:`refresh_ticket`). Start with
        ``after=mirror.changes().last`` to hear only what comes next, and go
        on from the last ``seq`` you read. See :class:`MirrorChanges` for
        ``last`` and ``gap``.

        Raises:
            ValueError: *after* is negative or *limit* is not from 1 to 1000.
        """
        if after < 0:
            raise ValueError(f"after must be >= 0, got {after}")
        if not 1 <= limit <= 1000:
            raise ValueError(f"limit must be from 1 to 1000, got {limit}")
        with self._connection() as conn:
            return read_changes(conn, after, limit)

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
        with self._connection() as conn:
            return mirror_stats(conn, since, averages=averages)

    def trends(self, *, days: int = 30) -> Trends:
        """Return ``fd.stats.trends(days=days)``'s ``Trends``, from the mirror as of the last sync.

        The same days and definitions (``docs/stats.md#trends``); ``satisfaction`` and
        ``ratings`` are always ``None`` (the mirror holds no survey ratings), ``resolved``
        and the times too when tickets were synced without ``stats``. A *days* that is not
        an int from 1 to 365 raises ``TypeError`` or ``ValueError``.
        """
        with self._connection() as conn:
            return mirror_trends(conn, days, datetime.now(UTC).date())

    def search_tickets(
        self,
        text: str,
        *,
        limit: int = 20,
        offset: int = 0,
        include_spam: bool = False,
        include_deleted: bool = False,
    ) -> list[Ticket]:
        """Return the tickets whose text holds every word of *text*, best first.

        Full-text search with SQLite FTS5 over the mirror, no API credits:
        each word of *text* must start a word (``print`` finds "printer";
        case and accents are ignored), in any order, in the ticket's subject
        and description, or in one of its conversations (replies and notes,
        when synced with ``conversations=True``, the default). Ranked by
        BM25, then newest update first. Descriptions are there only when
        tickets were synced with ``include=description`` (the default). Spam
        and deleted tickets are left out unless asked for.

        Raises:
            ValueError: *text* holds no word, or *limit*/*offset* is negative.
        """
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must be >= 0")
        query = fts_query(text)
        with self._connection() as conn:
            rows = conn.execute(
                TICKET_MATCHES
                + "SELECT t.data FROM best JOIN tickets AS t ON t.id = best.id WHERE 1 = 1"
                + ticket_filter(include_spam, include_deleted)
                + " ORDER BY best.rank, t.updated_at DESC, t.id DESC LIMIT ? OFFSET ?",
                (query, query, limit, offset),
            ).fetchall()
        return [Ticket.from_dict(json.loads(row[0])) for row in rows]

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
                TICKET_MATCHES
                + "SELECT COUNT(*) FROM best JOIN tickets AS t ON t.id = best.id WHERE 1 = 1"
                + ticket_filter(include_spam, include_deleted),
                (query, query),
            ).fetchone()
        return int(row[0])

    def tickets(
        self,
        *,
        status: int | None = None,
        requester_id: int | None = None,
        limit: int = 30,
        offset: int = 0,
    ) -> list[Ticket]:
        """Return mirrored tickets, newest first (by ``created_at``, as Freshdesk lists them).

        Spam and deleted tickets are left out, as from Freshdesk's default
        list; *status* and *requester_id* narrow the list; :meth:`total_tickets`
        counts the same tickets.

        Raises:
            ValueError: *limit* or *offset* is negative.
        """
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must be >= 0")
        where, params = _listed(status, requester_id)
        with self._connection() as conn:
            rows = conn.execute(
                f"SELECT data FROM tickets AS t WHERE 1 = 1{where} "
                "ORDER BY t.created_at DESC, t.id DESC LIMIT ? OFFSET ?",
                (*params, limit, offset),
            ).fetchall()
        return [Ticket.from_dict(json.loads(row[0])) for row in rows]

    def total_tickets(self, *, status: int | None = None, requester_id: int | None = None) -> int:
        """Return how many tickets :meth:`tickets` lists with these filters, over all pages."""
        where, params = _listed(status, requester_id)
        with self._connection() as conn:
            row = conn.execute(f"SELECT COUNT(*) FROM tickets AS t WHERE 1 = 1{where}", params)
            return int(row.fetchone()[0])

    def conversations(self, ticket_id: int) -> list[Conversation]:
        """Return a mirrored ticket's thread after its description, oldest first.

        The attachments carry their metadata, not their download links
        (those expire within minutes); :meth:`attachment_file` finds a file
        kept by ``sync(files=...)``.
        """
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT data FROM conversations WHERE ticket_id = ? ORDER BY created_at, id",
                (ticket_id,),
            ).fetchall()
        return [Conversation.from_dict(json.loads(row[0])) for row in rows]

    def attachment_file(self, attachment_id: int, files: str | os.PathLike[str]) -> Path | None:
        """Return where ``sync(files=files)`` kept an attachment's file, or ``None`` if it did not."""
        with self._connection() as conn:
            row = conn.execute(
                "SELECT sha256 FROM attachments WHERE id = ?", (attachment_id,)
            ).fetchone()
        if row is None or row[0] is None:
            return None
        path = file_path(Path(files), row[0])
        return path if path.exists() else None

    def get_ticket(self, ticket_id: int) -> Ticket | None:
        """Return the mirrored ticket *ticket_id*, or ``None``."""
        return self._get("tickets", ticket_id, Ticket)

    def get_contact(self, contact_id: int) -> Contact | None:
        """Return the mirrored contact *contact_id*, or ``None``."""
        return self._get("contacts", contact_id, Contact)

    def _get(self, table: str, record_id: int, cl: type[R]) -> R | None:
        with self._connection() as conn:
            row = conn.execute(f"SELECT data FROM {table} WHERE id = ?", (record_id,)).fetchone()
        return None if row is None else cl.from_dict(json.loads(row[0]))

    def _iter(self, table: str, cl: type[R], contains: Sequence[str], where: str = "") -> list[R]:
        sql = f"SELECT data FROM {table} WHERE 1 = 1{where}"
        params: list[Any] = []
        for word in contains:
            # LIKE is case-insensitive for ASCII; the caller checks matches exactly.
            sql += " AND data LIKE ? ESCAPE '\\'"
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
        with self._connection() as conn:
            rows = conn.execute(sql + " ORDER BY updated_at DESC, id DESC", params).fetchall()
        return [cl.from_dict(json.loads(row[0])) for row in rows]

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
                for table in (*MIRROR_RESOURCES, "conversations", "attachments")
            }

    def last_synced(self) -> dict[str, str]:
        """Return, per stream, when its last page was applied (UTC, ``...Z``)."""
        with self._connection() as conn:
            return dict(conn.execute("SELECT stream, saved_at FROM sync_state").fetchall())


def _listed(status: int | None, requester_id: int | None) -> tuple[str, tuple[int, ...]]:
    """The ``AND`` clauses and parameters of :meth:`Mirror.tickets` and :meth:`Mirror.total_tickets`."""
    where = ticket_filter(include_spam=False, include_deleted=False)
    params: tuple[int, ...] = ()
    if status is not None:
        where += " AND t.status = ?"
        params += (status,)
    if requester_id is not None:
        where += " AND t.requester_id = ?"
        params += (requester_id,)
    return where, params
