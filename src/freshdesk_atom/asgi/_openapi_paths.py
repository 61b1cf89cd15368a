"""The OpenAPI paths: every route's operation, its parameters and every status it can answer (pure).

The success bodies are the envelope around the shapes of ``_openapi_schemas``;
the error answers are the error envelope, with ``Retry-After`` on 429.
"""

from __future__ import annotations

from typing import Any, Final

from .._core.trends import MAX_TREND_DAYS
from ._inputs import (
    LIMIT_DEFAULT,
    LIMIT_MAX,
    OFFSET_MAX,
    ORDER_BY,
    ORDER_TYPES,
    TRENDS_DAYS_DEFAULT,
)
from ._openapi_inputs import auth_input, search_input, ticket_input
from ._openapi_schemas import BOOLEAN, object_schema, ref

__all__ = ["body", "errors", "json_response", "paging", "paths", "success"]


def success(data: dict[str, Any], *, listed: bool = False) -> dict[str, Any]:
    properties: dict[str, Any] = {"success": {"const": True}, "data": data}
    if listed:
        properties["count"] = {"type": "integer", "minimum": 0}
        properties["truncated"] = BOOLEAN
        return object_schema(properties, required=["success", "data", "count"])
    return object_schema(properties)


def json_response(
    schema: dict[str, Any], description: str, headers: dict[str, Any] | None = None
) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }
    if headers:
        response["headers"] = headers
    return response


_ERRORS: Final = {
    "400": "bad input: the message and details name the field",
    "401": "no or wrong credentials (from the host's authorize hook or Freshdesk)",
    "403": "the host's authorize hook or Freshdesk refused access",
    "404": "the record does not exist",
    "409": "the ticket is archived (read-only), or Freshdesk refused the change as a conflict",
    "413": "the body is too large",
    "415": "the body is not application/json",
    "429": "Freshdesk's rate limit is spent (Retry-After says how long to wait)",
    "502": "Freshdesk failed or answered something unexpected",
    "503": "no Freshdesk account configured, or Freshdesk unreachable",
}


def errors(*statuses: str) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status in statuses:
        headers = None
        if status == "429":
            headers = {"Retry-After": {"schema": {"type": "string", "pattern": "^[0-9]+$"}}}
        responses[status] = json_response(ref("Error"), _ERRORS[status], headers)
    return responses


_UPSTREAM: Final = ("400", "401", "403", "429", "502", "503")
_BODY: Final = ("400", "401", "403", "413", "415", "429", "502", "503")


def paging(limit_default: int) -> list[dict[str, Any]]:
    return [
        {
            "name": "limit",
            "in": "query",
            "required": False,
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": LIMIT_MAX,
                "default": limit_default,
            },
        },
        {
            "name": "offset",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 0, "maximum": OFFSET_MAX, "default": 0},
        },
    ]


def _list_route(
    name: str, schema: str, summary: str, extra: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {
        "get": {
            "operationId": f"list_{name}",
            "summary": summary,
            "parameters": paging(LIMIT_DEFAULT) + (extra or []),
            "responses": {
                "200": json_response(
                    success({"type": "array", "items": ref(schema)}, listed=True), "the slice"
                ),
                **errors(*_UPSTREAM),
            },
        }
    }


def body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _tickets() -> dict[str, Any]:
    """Return ``/tickets``: the list (with its filters and order) and the create."""
    filters = [
        {
            "name": "status",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 2, "maximum": 5},
            "description": "2 Open, 3 Pending, 4 Resolved, 5 Closed (served by Freshdesk search: "
            "the first 300 matches; not with order_by or order_type)",
        },
        {
            "name": "priority",
            "in": "query",
            "required": False,
            "schema": {"type": "integer", "minimum": 1, "maximum": 4},
            "description": "1 Low, 2 Medium, 3 High, 4 Urgent (served by Freshdesk search, "
            "with status if given: the first 300 matches; not with order_by or order_type)",
        },
        {
            "name": "order_by",
            "in": "query",
            "required": False,
            "schema": {"enum": list(ORDER_BY), "default": "created_at"},
            "description": "the unfiltered list's order (not with status or priority)",
        },
        {
            "name": "order_type",
            "in": "query",
            "required": False,
            "schema": {"enum": list(ORDER_TYPES), "default": "desc"},
            "description": "ascending or descending (not with status or priority)",
        },
    ]
    tickets = _list_route(
        "tickets", "Ticket", "Tickets, newest first or in the order asked for", filters
    )
    tickets["post"] = {
        "operationId": "create_ticket",
        "summary": "Create a ticket",
        "requestBody": body(ticket_input()),
        "responses": {
            "201": json_response(
                object_schema(
                    {"success": {"const": True}, "data": ref("Ticket"), "recovered": BOOLEAN},
                    required=["success", "data"],
                ),
                "the created ticket (recovered: Freshdesk's answer was lost and the ticket "
                "was found by its requester, subject and creation time)",
            ),
            **errors("400", "401", "403", "404", "413", "415", "429", "503"),
            "502": json_response(
                ref("Error"),
                "Freshdesk failed; or outcome_unknown: its answer was lost after the ticket "
                "may have been created, so do not send it again blindly",
            ),
        },
    }
    return tickets


def paths() -> dict[str, Any]:
    """Return the document's ``paths``: one entry per route, in the order of ``ENDPOINTS``."""
    return {
        "/": {
            "get": {
                "operationId": "info",
                "summary": "What this adapter serves",
                "responses": {
                    "200": json_response(success(ref("Info")), "name, version, endpoints"),
                    **errors("400"),
                },
            }
        },
        "/health": {
            "get": {
                "operationId": "health",
                "summary": "Whether Freshdesk answers with valid credentials",
                "responses": {
                    "200": json_response(
                        success(ref("Health")),
                        "Freshdesk answered, or only rate-limited the check of credentials "
                        "it accepted recently (status degraded, rate_limited true)",
                    ),
                    "503": json_response(
                        ref("HealthFailure"), "unconfigured, bad credentials or unreachable"
                    ),
                    **errors("400", "401", "403"),
                },
            }
        },
        "/auth": {
            "post": {
                "operationId": "auth",
                "summary": "Check an API key against Freshdesk (GET /agents/me), then keep it",
                "requestBody": body(auth_input()),
                "responses": {
                    "200": json_response(success(ref("Auth")), "the key works; it was stored"),
                    **errors(*_BODY),
                },
            }
        },
        "/contacts": _list_route("contacts", "Contact", "Contacts"),
        "/tickets": _tickets(),
        "/companies": _list_route("companies", "Company", "Companies"),
        "/agents": _list_route("agents", "Agent", "Agents, contact fields flattened"),
        "/groups": _list_route("groups", "Group", "Agent groups"),
        "/search": {
            "post": {
                "operationId": "search",
                "summary": "Free-text search (see docs/adapter.md for the mapping)",
                "requestBody": body(search_input()),
                "responses": {
                    "200": json_response(success(ref("SearchResult")), "the matches"),
                    **errors(*_BODY),
                },
            }
        },
        "/stats": {
            "get": {
                "operationId": "stats",
                "summary": "Help-desk figures from Freshdesk (null when unknowable)",
                "responses": {
                    "200": json_response(success(ref("Stats")), "the figures"),
                    **errors(*_UPSTREAM),
                },
            }
        },
        "/stats/trends": {
            "get": {
                "operationId": "stats_trends",
                "summary": "The help desk day by day, from Freshdesk or the mirror",
                "parameters": [
                    {
                        "name": "days",
                        "in": "query",
                        "required": False,
                        "schema": {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": MAX_TREND_DAYS,
                            "default": TRENDS_DAYS_DEFAULT,
                        },
                        "description": "the last days UTC days, today included",
                    }
                ],
                "responses": {
                    "200": json_response(success(ref("Trends")), "one entry a day"),
                    **errors(*_UPSTREAM),
                },
            }
        },
    }
