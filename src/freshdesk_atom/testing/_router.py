"""The route table: every API path the fake answers, and the 404/405 rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from . import (
    _agents,
    _archive,
    _companies,
    _contacts,
    _conversations,
    _ratings,
    _search,
    _ticket_fields,
    _tickets,
    _time_entries,
)
from ._call import Route

__all__ = ["ROUTES", "resolve"]

ROUTES: Final[Sequence[Route]] = (
    *_tickets.ROUTES,
    *_archive.ROUTES,
    *_conversations.ROUTES,
    *_ticket_fields.ROUTES,
    *_time_entries.ROUTES,
    *_contacts.ROUTES,
    *_companies.ROUTES,
    *_agents.ROUTES,
    *_ratings.ROUTES,
    *_search.ROUTES,
)


def resolve(method: str, path: str) -> tuple[Route | None, tuple[int, ...], list[str]]:
    """Return ``(route, ids, methods allowed on the path)`` for an API *path*.

    No route and no allowed methods is a 404 (empty body, docs/freshdesk-api-notes.md#errors); allowed methods
    without a route for *method* is a 405 with ``Allow``.
    """
    allowed: list[str] = []
    for route in ROUTES:
        ids = route.match(path)
        if ids is None:
            continue
        if route.method == method:
            return route, ids, [route.method]
        if route.method not in allowed:
            allowed.append(route.method)
    return None, (), allowed
