"""``POST /search``: free-text search of tickets, contacts or companies, planned by
``_search`` and answered by Freshdesk or, for a scan, by the mirror when there is one."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ..models.companies import Company
from ..models.contacts import Contact
from ..models.tickets import Ticket
from . import _shapes
from ._inputs import no_query, parse_search
from ._mirrored import mirrored_search
from ._route_helpers import RequestContext, query_items, read_json, success_response
from ._search import plan_search
from ._upstream import run_search

__all__ = ["search"]


def _record(item: Ticket | Contact | Company) -> dict[str, Any]:
    if isinstance(item, Ticket):
        return _shapes.ticket_record(item)
    if isinstance(item, Contact):
        return _shapes.contact_record(item)
    return _shapes.company_record(item)


async def search(context: RequestContext) -> Response:
    no_query(query_items(context.request))
    given = parse_search(await read_json(context.request, context.settings.max_body_bytes))
    plan = plan_search(given.query, given.type)
    mirror = context.settings.mirror
    if mirror is not None and plan.strategy == "scan":
        found = await mirrored_search(
            mirror, plan, given.type, offset=given.offset, limit=given.limit
        )
    else:
        fd = await context.client(await context.credentials())
        found = await run_search(
            fd,
            plan,
            given.type,
            offset=given.offset,
            limit=given.limit,
            scan_limit=context.settings.search_scan_limit,
        )
    results = [_record(item) for item in found.items]
    return success_response(
        {
            "results": results,
            "total_count": found.total_count,
            "has_more": given.offset + len(results) < found.total_count,
            "strategy": plan.strategy,
            "freshdesk_query": plan.query,
            "complete": found.complete,
            "scanned": found.scanned,
            "truncated": found.truncated,
        }
    )
