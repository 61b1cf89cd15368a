"""``/stats``, ``/stats/trends`` and free-text ``/search`` answered from a local :class:`~freshdesk_atom.mirror.Mirror`.

With ``create_app(mirror=...)``, the routes that cost the most API credits
read the mirror instead (SQLite, in a worker thread, no Freshdesk request):

* ``/stats``: the same figures and the same ``stats_window_days`` split
  (counts over all time, averages over the window), computed by
  :meth:`Mirror.stats`; ``satisfaction_rating`` is ``null`` (the mirror holds
  no survey ratings).
* ``/stats/trends``: :meth:`Mirror.trends`, the same days and figures as
  ``fd.stats.trends``; ``satisfaction`` and ``ratings`` are ``null`` (no
  survey ratings), ``source`` is ``"mirror"``.
* ``/search`` with free text (the ``scan`` strategy): tickets by FTS5 over
  subject and description (every word as a word prefix), contacts and
  companies by the same word matching as the API scan (and the same records:
  no deleted or blocked contacts), but over every record the mirror holds: ``complete`` is ``true`` and ``scanned`` counts the
  records searched. Queries in Freshdesk syntax, ticket numbers and requester
  emails still go to Freshdesk.

The answers are as fresh as the last ``freshdesk-atom sync``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import anyio.to_thread

from ..mirror import Mirror
from ..models.companies import Company
from ..models.contacts import Contact
from . import _shapes
from ._search import SearchPlan, SearchType, record_text, text_matches
from ._upstream import Found

__all__ = ["mirrored_search", "mirrored_stats", "mirrored_trends"]


def _search(mirror: Mirror, plan: SearchPlan, kind: SearchType, offset: int, limit: int) -> Found:
    words = plan.words
    if kind == "ticket":
        text = " ".join(words)
        try:
            total = mirror.count_tickets(text)
        except ValueError:  # no word FTS can look for (only punctuation)
            return Found(items=[], total_count=0, complete=True, scanned=0)
        items = mirror.search_tickets(text, limit=limit, offset=offset)
        return Found(
            items=items, total_count=total, complete=True, scanned=mirror.counts()["tickets"]
        )
    records: list[Contact] | list[Company]
    if kind == "contact":
        records = mirror.contacts(contains=words, include_blocked=False)
    else:
        records = mirror.companies(contains=words)
    matches = [record for record in records if text_matches(words, record_text(record))]
    return Found(
        items=matches[offset : offset + limit],
        total_count=len(matches),
        complete=True,
        scanned=mirror.counts()["contacts" if kind == "contact" else "companies"],
    )


async def mirrored_search(
    mirror: Mirror, plan: SearchPlan, kind: SearchType, *, offset: int, limit: int
) -> Found:
    """Answer a ``scan`` search from *mirror* (see the module docstring)."""
    return await anyio.to_thread.run_sync(_search, mirror, plan, kind, offset, limit)


def _stats(mirror: Mirror, window_days: int | None) -> dict[str, Any]:
    if window_days is None:
        return _shapes.stats_record(mirror.stats(), None, averages_since=None)
    since: date = (datetime.now(UTC) - timedelta(days=window_days)).date()
    counts = mirror.stats(averages=False)
    averages = mirror.stats(since=since)
    return _shapes.stats_record(counts, averages, averages_since=since.isoformat())


async def mirrored_stats(mirror: Mirror, window_days: int | None) -> dict[str, Any]:
    """Return the ATOM stats record computed by *mirror* (see the module docstring)."""
    return await anyio.to_thread.run_sync(_stats, mirror, window_days)


def _trends(mirror: Mirror, days: int) -> dict[str, Any]:
    return _shapes.trends_record(mirror.trends(days=days), source="mirror")


async def mirrored_trends(mirror: Mirror, days: int) -> dict[str, Any]:
    """Return the ``/stats/trends`` record computed by *mirror* (see the module docstring)."""
    return await anyio.to_thread.run_sync(_trends, mirror, days)
