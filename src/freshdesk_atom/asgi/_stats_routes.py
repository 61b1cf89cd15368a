"""``GET /stats`` and ``GET /stats/trends``: the help-desk figures and the help desk day by day,
from Freshdesk or from the mirror when there is one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from starlette.responses import Response

from . import _shapes
from ._inputs import no_query, parse_trends_query
from ._mirrored import mirrored_stats, mirrored_trends
from ._route_helpers import RequestContext, query_items, success_response

__all__ = ["stats", "trends"]


async def stats(context: RequestContext) -> Response:
    """Counts over all time; averages over the last ``stats_window_days`` (or all time)."""
    no_query(query_items(context.request))
    days = context.settings.stats_window_days
    if context.settings.mirror is not None:
        return success_response(await mirrored_stats(context.settings.mirror, days))
    fd = await context.freshdesk()
    if days is None:
        summary = await fd.stats.summary()
        return success_response(_shapes.stats_record(summary, None, averages_since=None))
    since: date = (datetime.now(UTC) - timedelta(days=days)).date()
    counts = await fd.stats.summary(averages=False)
    averages = await fd.stats.summary(since=since, counts=False)
    return success_response(
        _shapes.stats_record(counts, averages, averages_since=since.isoformat())
    )


async def trends(context: RequestContext) -> Response:
    """The last ``days`` UTC days (1..365, default 30), today included, one entry a day."""
    days = parse_trends_query(query_items(context.request))
    if context.settings.mirror is not None:
        return success_response(await mirrored_trends(context.settings.mirror, days))
    fd = await context.freshdesk()
    found = await fd.stats.trends(days=days)
    return success_response(_shapes.trends_record(found, source="freshdesk"))
