"""The mirror's SQLite tables, and the upsert that never goes back in time."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Final

__all__ = [
    "ATTACHMENT_COLUMNS",
    "CHANGE_FEED_SIZE",
    "CONTACT_COLUMNS",
    "CONVERSATION_COLUMNS",
    "LISTED_COLUMNS",
    "SCHEMA",
    "SCHEMA_VERSION",
    "TICKET_COLUMNS",
    "statements",
    "upsert_sql",
]

SCHEMA_VERSION: Final = 3
"""1: tickets, contacts, companies, agents, groups. 2: + conversations and their attachments.
3: + the change feed (``changes``)."""

CHANGE_FEED_SIZE: Final = 10_000
"""How many changes the feed keeps (the oldest are pruned, a thousand at a time)."""

SCHEMA: Final = """
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
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL,
    body_text TEXT,
    private INTEGER NOT NULL,
    incoming INTEGER NOT NULL,
    source INTEGER,
    user_id INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conversations_ticket_id ON conversations (ticket_id, created_at);
CREATE VIRTUAL TABLE IF NOT EXISTS conversations_fts USING fts5 (
    body_text,
    content='conversations', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS conversations_fts_insert AFTER INSERT ON conversations BEGIN
    INSERT INTO conversations_fts (rowid, body_text) VALUES (new.id, new.body_text);
END;
CREATE TRIGGER IF NOT EXISTS conversations_fts_delete AFTER DELETE ON conversations BEGIN
    INSERT INTO conversations_fts (conversations_fts, rowid, body_text)
    VALUES ('delete', old.id, old.body_text);
END;
CREATE TRIGGER IF NOT EXISTS conversations_fts_update AFTER UPDATE ON conversations BEGIN
    INSERT INTO conversations_fts (conversations_fts, rowid, body_text)
    VALUES ('delete', old.id, old.body_text);
    INSERT INTO conversations_fts (rowid, body_text) VALUES (new.id, new.body_text);
END;
CREATE TABLE IF NOT EXISTS attachments (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL,
    conversation_id INTEGER NOT NULL,  -- the conversation that carries it
    name TEXT NOT NULL,
    content_type TEXT,
    size INTEGER,
    sha256 TEXT,                       -- the stored file's hash, when files are kept
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS attachments_conversation_id ON attachments (conversation_id);
CREATE TABLE IF NOT EXISTS changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    resource TEXT NOT NULL,            -- ticket, conversation or contact
    record_id INTEGER NOT NULL,
    ticket_id INTEGER,                 -- the ticket of a ticket or a conversation
    kind TEXT NOT NULL,                -- created, updated or deleted
    updated_at TEXT NOT NULL,          -- the record's updated_at after the change
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TRIGGER IF NOT EXISTS changes_prune AFTER INSERT ON changes
WHEN new.seq % 1000 = 0 BEGIN
    DELETE FROM changes WHERE seq <= new.seq - {feed_size};
END;
CREATE TRIGGER IF NOT EXISTS tickets_created AFTER INSERT ON tickets BEGIN
    INSERT INTO changes (resource, record_id, ticket_id, kind, updated_at)
    VALUES ('ticket', new.id, new.id, 'created', new.updated_at);
END;
CREATE TRIGGER IF NOT EXISTS tickets_updated AFTER UPDATE ON tickets
WHEN new.updated_at > old.updated_at BEGIN
    INSERT INTO changes (resource, record_id, ticket_id, kind, updated_at)
    VALUES ('ticket', new.id, new.id, 'updated', new.updated_at);
END;
CREATE TRIGGER IF NOT EXISTS conversations_created AFTER INSERT ON conversations BEGIN
    INSERT INTO changes (resource, record_id, ticket_id, kind, updated_at)
    VALUES ('conversation', new.id, new.ticket_id, 'created', new.updated_at);
END;
CREATE TRIGGER IF NOT EXISTS conversations_updated AFTER UPDATE ON conversations
WHEN new.updated_at > old.updated_at BEGIN
    INSERT INTO changes (resource, record_id, ticket_id, kind, updated_at)
    VALUES ('conversation', new.id, new.ticket_id, 'updated', new.updated_at);
END;
CREATE TRIGGER IF NOT EXISTS conversations_deleted AFTER DELETE ON conversations BEGIN
    INSERT INTO changes (resource, record_id, ticket_id, kind, updated_at)
    VALUES ('conversation', old.id, old.ticket_id, 'deleted', old.updated_at);
END;
CREATE TRIGGER IF NOT EXISTS contacts_created AFTER INSERT ON contacts BEGIN
    INSERT INTO changes (resource, record_id, kind, updated_at)
    VALUES ('contact', new.id, 'created', new.updated_at);
END;
CREATE TRIGGER IF NOT EXISTS contacts_updated AFTER UPDATE ON contacts
WHEN new.updated_at > old.updated_at BEGIN
    INSERT INTO changes (resource, record_id, kind, updated_at)
    VALUES ('contact', new.id, 'updated', new.updated_at);
END;
""".replace("{feed_size}", str(CHANGE_FEED_SIZE))

# Upserts: a row is replaced only by a version at least as new.
TICKET_COLUMNS: Final = (
    "id, subject, description_text, status, priority, source, type, requester_id, "
    "responder_id, group_id, company_id, spam, deleted, created_at, updated_at, due_by, "
    "has_stats, first_responded_at, resolved_at, closed_at, data"
)
CONTACT_COLUMNS: Final = "id, name, email, company_id, state, created_at, updated_at, data"
CONVERSATION_COLUMNS: Final = (
    "id, ticket_id, body_text, private, incoming, source, user_id, created_at, updated_at, data"
)
ATTACHMENT_COLUMNS: Final = "id, ticket_id, conversation_id, name, content_type, size, sha256, data"
LISTED_COLUMNS: Final = {
    "companies": "id, name, created_at, updated_at, run, data",
    "agents": "id, name, email, created_at, updated_at, run, data",
    "groups": "id, name, created_at, updated_at, run, data",
}


def upsert_sql(table: str, columns: str) -> str:
    names = [name.strip() for name in columns.split(",")]
    updates = ", ".join(f"{name} = excluded.{name}" for name in names if name != "id")
    marks = ", ".join("?" for _ in names)
    return (
        f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET "
        f"{updates} WHERE excluded.updated_at >= {table}.updated_at"
    )


def statements(script: str) -> Iterator[str]:
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
