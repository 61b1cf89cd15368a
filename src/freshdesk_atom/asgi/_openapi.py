"""The OpenAPI 3.1 document of the adapter, served at ``/openapi.json`` (pure).

It describes exactly what the routes do: the envelope, every status a route
can answer, the record shapes of the contract in ``docs/adapter.md`` (with the extras the
adapter adds) and the limits the input checks enforce. A schemathesis run in
the tests holds the app to it.

This module assembles the document and lists the endpoints (``GET /`` serves
that list); the parts are in ``_openapi_schemas`` (the record shapes,
``components.schemas``), ``_openapi_inputs`` (the request bodies) and
``_openapi_paths`` and ``_openapi_ticket_paths`` (the operations and their
answers).
"""

from __future__ import annotations

from typing import Any, Final

from .._version import __version__
from ._openapi_paths import paths
from ._openapi_schemas import component_schemas
from ._openapi_ticket_paths import ticket_paths

__all__ = ["ENDPOINTS", "openapi_document"]

ENDPOINTS: Final = (
    ("GET", "/", "this list of endpoints"),
    ("GET", "/health", "whether Freshdesk answers with valid credentials"),
    ("POST", "/auth", "check an API key against Freshdesk and keep it for this caller"),
    ("GET", "/contacts", "contacts, limit/offset"),
    ("GET", "/tickets", "tickets newest first or ordered, limit/offset, optional status, priority"),
    ("POST", "/tickets", "create a ticket"),
    ("GET", "/tickets/{id}", "one ticket with its whole thread (live or archived)"),
    ("PUT", "/tickets/{id}", "change a ticket's status, priority, agent, group, type or tags"),
    ("GET", "/tickets/{id}/conversations", "a ticket's thread, oldest first, limit/offset"),
    ("POST", "/tickets/{id}/reply", "reply to the requester (JSON, or a form with attachments)"),
    ("POST", "/tickets/{id}/notes", "add a note (JSON, or a form with attachments)"),
    ("GET", "/companies", "companies, limit/offset"),
    ("GET", "/agents", "agents, limit/offset"),
    ("GET", "/groups", "groups, limit/offset"),
    ("POST", "/search", "free-text search of tickets, contacts or companies"),
    ("GET", "/stats", "help-desk figures"),
    ("GET", "/stats/trends", "the help desk day by day: volume, times, satisfaction, breakdowns"),
    ("GET", "/openapi.json", "this API's OpenAPI document"),
)


def _paths() -> dict[str, Any]:
    """Return every path, one ticket's right after ``/tickets``."""
    ordered: dict[str, Any] = {}
    for path, item in paths().items():
        ordered[path] = item
        if path == "/tickets":
            ordered.update(ticket_paths())
    return ordered


def openapi_document(server_url: str = "/") -> dict[str, Any]:
    """Return the OpenAPI document, with *server_url* (the mount prefix) as its server."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "freshdesk-atom ATOM adapter",
            "version": __version__,
            "description": "The routes the ATOM platform's Freshdesk page calls, backed by the "
            "Freshdesk API v2. Every answer is the ATOM envelope.",
        },
        "servers": [{"url": server_url}],
        "paths": _paths(),
        "components": {"schemas": component_schemas()},
    }
