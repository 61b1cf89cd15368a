"""``GET /stats``: the help-desk figures, from Freshdesk or from the mirror when there is one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from starlette.responses import Response

from . import _shapes
from ._inputs import no_query
from ._mirrored import mirrored_stats
from ._route_helpers import RequestContext, query_items, success_response

__all__ = ["stats"]


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
