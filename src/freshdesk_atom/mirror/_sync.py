"""One sync run: every page upserted with its checkpoint in one transaction.

Tickets and contacts are walked with the client's ``iter_all()`` from the
checkpoint the last run left; companies, agents and groups are re-listed in
full, tagging what they saw, and a finished re-list sweeps the rows it did
not see. ``Mirror.sync`` (``_mirror.py``) opens the connection, takes the
lock and calls :func:`sync_streams`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal, TypeAlias, get_args

import attrs

from .. import NOT_GIVEN, Freshdesk
from .._constants import MAX_PER_PAGE
from .._core.complete_export import ExportCheckpoint, ExportPage, wire_time
from ._rows import contact_row, listed_row, ticket_row
from ._schema import CONTACT_COLUMNS, LISTED_COLUMNS, TICKET_COLUMNS, upsert_sql
from ._threads import Threads, fetch_threads

__all__ = [
    "DEFAULT_TICKET_INCLUDE",
    "MIRROR_RESOURCES",
    "MirrorResource",
    "StreamReport",
    "SyncReport",
    "sync_streams",
]

MirrorResource: TypeAlias = Literal["tickets", "contacts", "companies", "agents", "groups"]
MIRROR_RESOURCES: Final[tuple[MirrorResource, ...]] = get_args(MirrorResource)
DEFAULT_TICKET_INCLUDE: Final = ("description", "stats")

OnPage: TypeAlias = Callable[[str, int], None]
"""Called after every page applied: the stream's name and the records upserted so far."""


@attrs.define
class StreamReport:
    """What one stream of a sync did.

    Attributes:
        pages: pages fetched and applied.
        records: records upserted (new or changed).
        removed: rows deleted because a full re-list no longer had them (for
            tickets: conversations their thread no longer has).
        resumed: whether the run went on from an unfinished one.
        conversations: tickets only: conversations read with the changed tickets.
    """

    pages: int = 0
    records: int = 0
    removed: int = 0
    resumed: bool = False
    conversations: int = 0


@attrs.define
class SyncReport:
    """What ``Mirror.sync`` did, stream by stream (``tickets``, ``contacts:blocked``, ...)."""

    streams: dict[str, StreamReport] = attrs.field(factory=dict)

    @property
    def records(self) -> int:
        """Records upserted over every stream."""
        return sum(report.records for report in self.streams.values())

    @property
    def pages(self) -> int:
        """Pages applied over every stream."""
        return sum(report.pages for report in self.streams.values())


def sync_streams(
    conn: sqlite3.Connection,
    fd: Freshdesk,
    *,
    resources: Sequence[MirrorResource],
    ticket_include: tuple[str, ...],
    conversations: bool = True,
    files: Path | None = None,
    on_page: OnPage | None,
) -> SyncReport:
    """Bring each of *resources* up to date, one transaction per page; return what was done."""
    run = _Run(conn, fd, on_page)
    for resource in ("groups", "agents", "companies"):
        if resource in resources:
            run.report.streams[resource] = run.relist(resource)
    if "contacts" in resources:
        for walk in ("default", "blocked", "deleted"):
            stream = "contacts" if walk == "default" else f"contacts:{walk}"
            run.report.streams[stream] = run.contacts(stream, walk)
    if "tickets" in resources:
        run.report.streams["tickets"] = run.tickets(
            ticket_include, conversations=conversations, files=files
        )
    return run.report


def _now() -> str:
    return wire_time(datetime.now(UTC))


class _Run:
    """The state of one sync: the connection, the client, and the records counted so far."""

    def __init__(self, conn: sqlite3.Connection, fd: Freshdesk, on_page: OnPage | None) -> None:
        self.conn = conn
        self.fd = fd
        self.on_page = on_page
        self.report = SyncReport()
        self.records = 0

    def _counted(self, stream: str, report: StreamReport, rows: int) -> None:
        report.pages += 1
        report.records += rows
        self.records += rows
        if self.on_page is not None:
            self.on_page(stream, self.records)

    # ------------------------------------------------------------------ state

    def _load_state(self, stream: str) -> tuple[Any, Any, bool] | None:
        row = self.conn.execute(
            "SELECT options, checkpoint, finished FROM sync_state WHERE stream = ?", (stream,)
        ).fetchone()
        if row is None:
            return None
        checkpoint = None if row[1] is None else json.loads(row[1])
        return json.loads(row[0]), checkpoint, bool(row[2])

    def _apply(
        self,
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
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if rows:
                self.conn.executemany(sql, rows)
            if extra is not None:
                removed = extra()
            self.conn.execute(
                "INSERT INTO sync_state (stream, options, checkpoint, finished, saved_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (stream) DO UPDATE SET "
                "options = excluded.options, checkpoint = excluded.checkpoint, "
                "finished = excluded.finished, saved_at = excluded.saved_at",
                (stream, json.dumps(options), json.dumps(checkpoint), int(finished), _now()),
            )
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        return removed

    # ------------------------------------------------------------------ streams

    def _streamed(
        self,
        stream: str,
        options: dict[str, Any],
        pages: Callable[[ExportCheckpoint | None], Iterable[ExportPage[Any]]],
        sql: str,
        row: Callable[[Any], tuple[Any, ...]],
        threads: Callable[[Sequence[Any]], Threads] | None = None,
    ) -> StreamReport:
        report = StreamReport()
        saved = self._load_state(stream)
        checkpoint: ExportCheckpoint | None = None
        if saved is not None and saved[0] == options and saved[1] is not None:
            checkpoint = ExportCheckpoint.from_dict(saved[1])
            report.resumed = not saved[2]
        for page in pages(checkpoint):
            rows = [row(item) for item in page.items]
            state = page.checkpoint
            # The threads are read before the page's transaction and written in it.
            batch = threads(page.items) if threads is not None and page.items else None
            write = None if batch is None else (lambda batch=batch: batch.write(self.conn))
            report.removed += self._apply(
                sql, rows, stream, options, state.to_dict(), state.finished, write
            )
            if batch is not None:
                report.conversations += batch.conversations
            self._counted(stream, report, len(rows))
        return report

    def tickets(
        self, include: tuple[str, ...], *, conversations: bool, files: Path | None
    ) -> StreamReport:
        """Every ticket updated since the last run, spam and trash included, with its thread."""
        options: dict[str, Any] = {
            "include": list(include),
            "include_spam": True,
            "include_deleted": True,
        }
        if conversations:
            options["conversations"] = True
        if conversations and files is not None:
            # Asking for files starts the tickets over, so the threads already
            # mirrored get their files too.
            options["files"] = True
        self.conn.execute(
            "INSERT INTO mirror_meta (key, value) VALUES ('ticket_include', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (json.dumps(list(include)),),
        )

        def pages(checkpoint: ExportCheckpoint | None) -> Iterable[ExportPage[Any]]:
            return self.fd.tickets.iter_all(
                include=list(include) if include else NOT_GIVEN,  # type: ignore[arg-type]
                include_spam=True,
                include_deleted=True,
                checkpoint=checkpoint,
            ).iter_pages()

        def threads(tickets: Sequence[Any]) -> Threads:
            return fetch_threads(self.conn, self.fd, tickets, files)

        return self._streamed(
            "tickets",
            options,
            pages,
            upsert_sql("tickets", TICKET_COLUMNS),
            ticket_row,
            threads if conversations else None,
        )

    def contacts(self, stream: str, walk: str) -> StreamReport:
        """Every contact of one list (default, ``blocked`` or ``deleted``) updated since the last run."""
        options = {"state": None if walk == "default" else walk}

        def pages(checkpoint: ExportCheckpoint | None) -> Iterable[ExportPage[Any]]:
            if walk == "default":
                return self.fd.contacts.iter_all(checkpoint=checkpoint).iter_pages()
            return self.fd.contacts.iter_all(
                state=walk,  # type: ignore[arg-type]
                checkpoint=checkpoint,
            ).iter_pages()

        return self._streamed(
            stream,
            options,
            pages,
            upsert_sql("contacts", CONTACT_COLUMNS),
            lambda contact: contact_row(contact, walk),
        )

    def relist(self, resource: str) -> StreamReport:
        """Companies, agents or groups in full; a finished re-list removes the rows it did not see."""
        report = StreamReport()
        saved = self._load_state(resource)
        run, number = 1, 1
        if saved is not None and isinstance(saved[1], dict):
            previous_run = int(saved[1].get("run", 0))
            if saved[2]:
                run = previous_run + 1
            else:
                run, number = previous_run, int(saved[1].get("page", 1))
                report.resumed = True
        sql = upsert_sql(resource, LISTED_COLUMNS[resource])
        # A re-list also stamps unchanged rows with this run, so they survive the sweep.
        touch = f"UPDATE {resource} SET run = ? WHERE id = ?"
        listing = getattr(self.fd, resource)
        while True:
            page = listing.list(per_page=MAX_PER_PAGE, page=number).first_page()
            rows = [listed_row(resource, item, run) for item in page.items]
            last = not page.has_next

            def sweep(rows: list[tuple[Any, ...]] = rows, last: bool = last) -> int:
                self.conn.executemany(touch, [(run, r[0]) for r in rows])
                if not last:
                    return 0
                deleted = self.conn.execute(f"DELETE FROM {resource} WHERE run < ?", (run,))
                return deleted.rowcount

            checkpoint = {"run": run, "page": number if last else number + 1}
            report.removed += self._apply(sql, rows, resource, {}, checkpoint, last, sweep)
            self._counted(resource, report, len(rows))
            if last:
                return report
            number += 1
