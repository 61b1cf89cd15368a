"""One ticket applied to the mirror on its own: what a webhook or a write through the MCP server does.

A sync walks every ticket updated since its checkpoint; a refresh reads one
ticket by id (``GET /tickets/{id}``, with ``stats`` when the mirror keeps
them) and its whole thread, and writes both in one transaction, with the same
upsert that never goes back in time. Whether a refresh changed the mirror is
what the change feed records: a new ticket, or a newer ``updated_at``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from ..models.conversations import Conversation
from ..models.tickets import Ticket
from ._rows import ticket_row
from ._schema import TICKET_COLUMNS, upsert_sql
from ._threads import Threads

__all__ = [
    "RefreshOptions",
    "TicketSyncOptions",
    "refresh_options",
    "synced_options",
    "write_ticket",
]

_TICKET_UPSERT = upsert_sql("tickets", TICKET_COLUMNS)
_VIEW_EMBEDS = ("stats", "requester", "company")

RefreshOptions = tuple[tuple[str, ...], bool]
"""The ``include`` of ``GET /tickets/{id}`` and whether the thread is read too."""


TicketSyncOptions = tuple[tuple[str, ...], bool, bool]
"""The tickets' last sync: its ``ticket_include``, ``conversations``, and whether it kept files."""


def synced_options(conn: sqlite3.Connection) -> TicketSyncOptions:
    """Return the options the tickets were last synced with (``sync``'s defaults if never)."""
    found = conn.execute("SELECT value FROM mirror_meta WHERE key = 'ticket_include'").fetchone()
    include = ("description", "stats") if found is None else tuple(json.loads(found[0]))
    row = conn.execute("SELECT options FROM sync_state WHERE stream = 'tickets'").fetchone()
    if row is None:
        return include, True, False
    options = json.loads(row[0])
    return include, bool(options.get("conversations", False)), bool(options.get("files", False))


def refresh_options(conn: sqlite3.Connection) -> RefreshOptions:
    """Return how to read one ticket so it matches what ``sync`` keeps.

    The embeds the tickets are synced with that ``GET /tickets/{id}`` also
    takes (``stats``, ``requester``, ``company``; the view has ``description``
    on its own), and the thread unless the tickets are synced with
    ``conversations=False``. A mirror never synced keeps ``stats`` and the
    thread, like ``sync``'s defaults.
    """
    include, with_thread, _ = synced_options(conn)
    return tuple(name for name in include if name in _VIEW_EMBEDS), with_thread


def write_ticket(
    conn: sqlite3.Connection, ticket: Ticket, thread: Sequence[Conversation] | None
) -> bool:
    """Upsert *ticket* (and its whole *thread*, when given) in one transaction.

    Returns whether the ticket is new to the mirror or newer than its copy;
    an older version changes nothing (its thread neither, since it is older too).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = conn.execute("SELECT updated_at FROM tickets WHERE id = ?", (ticket.id,)).fetchone()
        row = ticket_row(ticket)
        updated_at = row[TICKET_COLUMNS.split(", ").index("updated_at")]
        if found is not None and updated_at < found[0]:
            conn.execute("ROLLBACK")
            return False
        conn.execute(_TICKET_UPSERT, row)
        if thread is not None:
            Threads(((ticket.id, tuple(thread)),), {}, {ticket.id: updated_at}).write(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return found is None or updated_at > found[0]
