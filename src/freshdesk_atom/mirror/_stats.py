"""The mirror's help-desk figures: ``fd.stats.summary()``'s, computed with SQL over the tables."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from .._core.complete_export import wire_time
from .._core.stats import build_stats, period_start
from ..models.stats import Stats

__all__ = ["mirror_stats", "synced_with_stats"]


def mirror_stats(conn: sqlite3.Connection, since: date | None, *, averages: bool) -> Stats:
    """Return the figures described by ``Mirror.stats``."""
    start = period_start(since)
    bound = "1970-01-01T00:00:00Z" if start is None else wire_time(start)
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
    if averages and synced_with_stats(conn):
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


def synced_with_stats(conn: sqlite3.Connection) -> bool:
    """Return whether the tickets were synced with ``include=stats`` (their times are known)."""
    found = conn.execute("SELECT value FROM mirror_meta WHERE key = 'ticket_include'").fetchone()
    return found is not None and "stats" in json.loads(found[0])
