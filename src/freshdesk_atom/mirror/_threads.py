"""Tickets' threads in the mirror: fetched with their page of tickets, written in its transaction.

A ticket changes (``updated_at`` moves) when a conversation is added, edited
or deleted, so the tickets walk already says which threads to read again
(docs/freshdesk-api-notes.md#conversations). Each changed ticket's thread is
read whole (``GET /tickets/{id}/conversations``, 100 a page) before the page
is committed, then upserted in the page's transaction with the checkpoint:
the conversations the thread no longer has are deleted, an attachment's
metadata is kept without its expiring link, and with a files directory each
attachment is stored once, under its SHA-256.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path

import attrs

from .. import Freshdesk, NotFoundError
from .._core.complete_export import wire_time
from ..models.conversations import Attachment, Conversation
from ..models.tickets import Ticket
from ._rows import attachment_row, conversation_row
from ._schema import ATTACHMENT_COLUMNS, CONVERSATION_COLUMNS, upsert_sql

__all__ = ["Threads", "fetch_threads", "file_path"]

_CONVERSATION_UPSERT = upsert_sql("conversations", CONVERSATION_COLUMNS)
_ATTACHMENT_UPSERT = (
    f"INSERT INTO attachments ({ATTACHMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET ticket_id = excluded.ticket_id, "
    "conversation_id = excluded.conversation_id, name = excluded.name, "
    "content_type = excluded.content_type, size = excluded.size, "
    "sha256 = COALESCE(excluded.sha256, attachments.sha256), data = excluded.data"
)


def _not_in(column: str, values: Sequence[int]) -> str:
    """`` AND column NOT IN (?, ...)``; nothing for no values (``NOT IN (NULL)`` is never true)."""
    if not values:
        return ""
    return f" AND {column} NOT IN ({', '.join('?' for _ in values)})"


def file_path(directory: Path, sha256: str) -> Path:
    """Where a stored file lives: ``<directory>/<first two hex digits>/<sha256>``."""
    return directory / sha256[:2] / sha256


@attrs.frozen
class Threads:
    """The threads of one page of tickets, read and ready to write.

    Attributes:
        threads: each ticket's id and whole thread.
        hashes: stored files' SHA-256 by attachment id.
        versions: each ticket's ``updated_at`` (``...Z``) as read with its thread.
    """

    threads: tuple[tuple[int, tuple[Conversation, ...]], ...]
    hashes: dict[int, str]
    versions: dict[int, str] = attrs.field(factory=dict)

    @property
    def conversations(self) -> int:
        """How many conversations the threads hold."""
        return sum(len(thread) for _, thread in self.threads)

    def write(self, conn: sqlite3.Connection) -> int:
        """Upsert the threads (inside the page's transaction); return the conversations removed."""
        removed = 0
        for ticket_id, thread in self.threads:
            version = self.versions.get(ticket_id)
            stored = conn.execute("SELECT updated_at FROM tickets WHERE id = ?", (ticket_id,))
            found = stored.fetchone()
            if version is not None and found is not None and found[0] > version:
                # A newer version (and its thread) was stored since this one was read,
                # e.g. by a webhook's refresh while a sync read the page: keep it.
                continue
            ids = [conversation.id for conversation in thread]
            gone = conn.execute(
                "DELETE FROM conversations WHERE ticket_id = ?" + _not_in("id", ids),
                (ticket_id, *ids),
            )
            removed += gone.rowcount
            conn.execute(
                "DELETE FROM attachments WHERE ticket_id = ?" + _not_in("conversation_id", ids),
                (ticket_id, *ids),
            )
            conn.executemany(_CONVERSATION_UPSERT, [conversation_row(c) for c in thread])
            for conversation in thread:
                kept = [a.id for a in conversation.attachments]
                conn.execute(
                    "DELETE FROM attachments WHERE conversation_id = ?" + _not_in("id", kept),
                    (conversation.id, *kept),
                )
                conn.executemany(
                    _ATTACHMENT_UPSERT,
                    [
                        attachment_row(a, conversation, self.hashes.get(a.id))
                        for a in conversation.attachments
                    ],
                )
        return removed


def fetch_threads(
    conn: sqlite3.Connection, fd: Freshdesk, tickets: Sequence[Ticket], files: Path | None
) -> Threads:
    """Read the whole thread of each of *tickets* (and, with *files*, their new attachments).

    A ticket whose thread cannot be read any more (archived or deleted for
    good since it was listed) keeps what the mirror has.
    """
    threads: list[tuple[int, tuple[Conversation, ...]]] = []
    versions: dict[int, str] = {}
    for ticket in tickets:
        try:
            thread = tuple(fd.tickets.conversations.list(ticket.id, per_page=100))
        except NotFoundError:
            continue
        threads.append((ticket.id, thread))
        versions[ticket.id] = wire_time(ticket.updated_at)
    hashes: dict[int, str] = {}
    if files is not None:
        for _, thread in threads:
            for conversation in thread:
                for attachment in conversation.attachments:
                    stored = _stored_hash(conn, attachment.id, files)
                    hashes[attachment.id] = stored or _store(fd, attachment, conversation, files)
    return Threads(tuple(threads), hashes, versions)


def _stored_hash(conn: sqlite3.Connection, attachment_id: int, files: Path) -> str | None:
    row = conn.execute("SELECT sha256 FROM attachments WHERE id = ?", (attachment_id,)).fetchone()
    if row is None or row[0] is None or not file_path(files, row[0]).exists():
        return None
    return str(row[0])


def _store(fd: Freshdesk, attachment: Attachment, conversation: Conversation, files: Path) -> str:
    """Download *attachment* into *files* under its SHA-256 (once per content); return the hash."""
    files.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=files, prefix=".download.", delete=False)  # noqa: SIM115
    try:
        with handle:
            fd.attachments.download(attachment, handle, refresh=conversation)
        digest = hashlib.sha256()
        with open(handle.name, "rb") as written:
            for chunk in iter(lambda: written.read(1 << 16), b""):
                digest.update(chunk)
        target = file_path(files, digest.hexdigest())
        target.parent.mkdir(exist_ok=True)
        os.replace(handle.name, target)
        return digest.hexdigest()
    finally:
        Path(handle.name).unlink(missing_ok=True)
