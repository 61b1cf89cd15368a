"""The directory lists: ``GET /contacts``, ``GET /companies``, ``GET /agents`` (with
``group_ids``) and ``GET /groups`` (with ``agent_ids``), the last two from the
account's group memberships."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from starlette.responses import JSONResponse, Response

from .. import AsyncFreshdesk, FreshdeskError, NotFoundError
from . import _shapes
from ._credentials import Credentials, account_key
from ._envelope import AdapterError, error_from_sdk
from ._inputs import parse_list_query
from ._memberships import Memberships, groups_by_agent
from ._route_helpers import (
    RequestContext,
    RouteHandler,
    list_response,
    query_items,
    success_response,
)
from ._upstream import ListPages, list_records

__all__ = ["agents", "companies", "contacts", "groups"]

R = TypeVar("R")


def _plain_list(
    pages: Callable[[AsyncFreshdesk], ListPages[R]], shape: Callable[[R], dict[str, Any]]
) -> RouteHandler:
    """Return the route of a plain ``limit``/``offset`` list: *pages* of the client, *shape*d."""

    async def route(context: RequestContext) -> Response:
        query = parse_list_query(query_items(context.request))
        found = await list_records(
            pages(await context.freshdesk()), offset=query.offset, limit=query.limit
        )
        return list_response([shape(record) for record in found.items], found.truncated)

    return route


contacts = _plain_list(
    lambda fd: lambda per_page: fd.contacts.list(per_page=per_page),
    _shapes.contact_record,
)
companies = _plain_list(
    lambda fd: lambda per_page: fd.companies.list(per_page=per_page),
    _shapes.company_record,
)


async def _memberships(
    context: RequestContext, fd: AsyncFreshdesk, credentials: Credentials
) -> Memberships:
    """Return the account's group memberships, or fail saying they could not be read."""
    try:
        return await context.settings.memberships.get(account_key(credentials), fd)
    except FreshdeskError as exc:
        error = error_from_sdk(exc)
        raise AdapterError(
            error.status_code,
            error.code,
            "the group memberships could not be read (one GET /groups/{id} per group): "
            + error.message,
            headers=error.headers,
        ) from None


def _with_memberships(
    records: list[dict[str, Any]], truncated: bool, memberships: Memberships
) -> JSONResponse:
    extra: dict[str, Any] = {"truncated": True} if truncated else {}
    return success_response(
        records,
        count=len(records),
        memberships_as_of=_shapes.zulu(memberships.fetched_at),
        **extra,
    )


async def agents(context: RequestContext) -> Response:
    """Agents, each with ``group_ids`` read from the group views (list items lack them)."""
    query = parse_list_query(query_items(context.request))
    credentials = await context.credentials()
    fd = await context.client(credentials)
    found = await list_records(
        lambda per_page: fd.agents.list(per_page=per_page),
        offset=query.offset,
        limit=query.limit,
    )
    memberships = await _memberships(context, fd, credentials)
    by_agent = groups_by_agent(memberships.groups)
    records = [_shapes.agent_record(a, group_ids=by_agent.get(a.id, ())) for a in found.items]
    return _with_memberships(records, found.truncated, memberships)


async def groups(context: RequestContext) -> Response:
    """Groups, each with ``agent_ids`` from its view (list items lack them)."""
    query = parse_list_query(query_items(context.request))
    credentials = await context.credentials()
    fd = await context.client(credentials)
    found = await list_records(
        lambda per_page: fd.groups.list(per_page=per_page),
        offset=query.offset,
        limit=query.limit,
    )
    memberships = await _memberships(context, fd, credentials)
    records = []
    for group in found.items:
        view = memberships.group(group.id)
        if view is None:
            # Created after the reading: read its view now (gone since: skip it).
            try:
                view = await fd.groups.get(group.id)
            except NotFoundError:
                continue
        records.append(_shapes.group_record(group, agent_ids=view.agent_ids or ()))
    return _with_memberships(records, found.truncated, memberships)
