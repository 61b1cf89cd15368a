"""``GET /stats`` and ``GET /stats/trends``: the help-desk figures and the help desk day by day,
from Freshdesk or from the mirror when there is one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from starlette.responses import Response

from . import _shapes
from ._credentials import account_key
from ._inputs import no_query, parse_trends_query
from ._mirrored import mirrored_stats, mirrored_trends
from ._route_helpers import RequestContext, query_items, success_response

__all__ = ["stats", "trends"]


async def stats(context: RequestContext) -> Response:
    """Counts over all time; averages over the last ``stats_window_days`` (or all time).

    From the mirror when there is one; else from Freshdesk, the answer kept
    ``figures_max_age`` seconds for the account (``_figures``).
    """
    no_query(query_items(context.request))
    days = context.settings.stats_window_days
    if context.settings.mirror is not None:
        return success_response(await mirrored_stats(context.settings.mirror, days))
    credentials = await context.credentials()
    fd = await context.client(credentials)

    async def read() -> dict[str, Any]:
        if days is None:
            summary = await fd.stats.summary()
            return _shapes.stats_record(summary, None, averages_since=None)
        since: date = (datetime.now(UTC) - timedelta(days=days)).date()
        counts = await fd.stats.summary(averages=False)
        averages = await fd.stats.summary(since=since, counts=False)
        return _shapes.stats_record(counts, averages, averages_since=since.isoformat())

    key = (*account_key(credentials), "stats")
    return success_response(await context.settings.figures.get(key, read))


async def trends(context: RequestContext) -> Response:
    """The last ``days`` UTC days (1..365, default 30), today included, one entry a day."""
    days = parse_trends_query(query_items(context.request))
    if context.settings.mirror is not None:
        return success_response(await mirrored_trends(context.settings.mirror, days))
    credentials = await context.credentials()
    fd = await context.client(credentials)

    async def read() -> dict[str, Any]:
        found = await fd.stats.trends(days=days)
        return _shapes.trends_record(found, source="freshdesk")

    key = (*account_key(credentials), f"trends:{days}")
    return success_response(await context.settings.figures.get(key, read))
