"""The mirror's trends: ``fd.stats.trends()``'s figures, from the tickets table.

The rows are read with SQL and counted by the same pure
:class:`~freshdesk_atom._core.trends.TrendsBuilder` the SDK feeds, so a
figure means the same from either source. The rows read are the ones the
SDK's walk reads: tickets updated at or after the period's start, neither
spam nor deleted, in ``updated_at`` order.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from .._core.complete_export import wire_time
from .._core.trends import TrendsBuilder
from ..models.trends import Trends
from ._stats import synced_with_stats

__all__ = ["mirror_trends"]

_ROWS = (
    "SELECT id, status, priority, created_at, first_responded_at, resolved_at, closed_at "
    "FROM tickets WHERE spam = 0 AND deleted = 0 AND updated_at >= ? ORDER BY updated_at, id"
)


def _time(text: str | None) -> datetime | None:
    # Stored as Freshdesk writes them (2024-03-05T09:15:27Z): UTC, aware once parsed.
    return None if text is None else datetime.fromisoformat(text)


def mirror_trends(conn: sqlite3.Connection, days: int, today: date) -> Trends:
    """Return the trends described by ``Mirror.trends`` for the *days* UTC days ending *today*.

    Raises:
        TypeError, ValueError: *days* is not an int from 1 to 365.
    """
    builder = TrendsBuilder.last_days(days, today)
    for row in conn.execute(_ROWS, (wire_time(builder.start),)):
        builder.add(
            ticket_id=row[0],
            status=row[1],
            priority=row[2],
            created_at=datetime.fromisoformat(row[3]),
            first_responded_at=_time(row[4]),
            resolved_at=_time(row[5]),
            closed_at=_time(row[6]),
        )
    if not synced_with_stats(conn):
        builder.resolutions_unknown()
    builder.ratings_unknown()  # the mirror holds no survey ratings
    return builder.build()
