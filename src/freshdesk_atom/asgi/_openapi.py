"""The OpenAPI 3.1 document of the adapter, served at ``/openapi.json`` (pure).

It describes exactly what the routes do: the envelope, every status a route
can answer, the record shapes of the contract in ``docs/adapter.md`` (with the extras the
adapter adds) and the limits the input checks enforce. A schemathesis run in
the tests holds the app to it.
"""

from __future__ import annotations

from typing import Any, Final

from .._version import __version__
from ._inputs import LIMIT_DEFAULT, LIMIT_MAX, OFFSET_MAX, SEARCH_LIMIT_DEFAULT, SEARCH_QUERY_MAX

__all__ = ["ENDPOINTS", "openapi_document"]

ENDPOINTS: Final = (
    ("GET", "/", "this list of endpoints"),
    ("GET", "/health", "whether Freshdesk answers with valid credentials"),
    ("POST", "/auth", "check an API key against Freshdesk and keep it for this caller"),
    ("GET", "/contacts", "contacts, limit/offset"),
    ("GET", "/tickets", "tickets newest first, limit/offset, optional status"),
    ("POST", "/tickets", "create a ticket"),
    ("GET", "/companies", "companies, limit/offset"),
    ("GET", "/agents", "agents, limit/offset"),
    ("GET", "/groups", "groups, limit/offset"),
    ("POST", "/search", "free-text search of tickets, contacts or companies"),
    ("GET", "/stats", "help-desk figures"),
    ("GET", "/openapi.json", "this API's OpenAPI document"),
)

_TIMESTAMP: Final = {
    "type": "string",
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Any], *, required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


_STR = {"type": "string"}
_INT = {"type": "integer"}
_BOOL = {"type": "boolean"}
_NUM = {"type": "number"}
_IDS = {"type": "array", "items": _INT}
_CUSTOM = {"type": "object"}


def _schemas() -> dict[str, Any]:
    ticket = _object(
        {
            "id": _INT,
            "subject": _STR,
            "description": _nullable(_STR),
            "email": _nullable(_STR),
            "priority": _INT,
            "status": _INT,
            "source": _INT,
            "type": _nullable(_STR),
            "responder_id": _nullable(_INT),
            "group_id": _nullable(_INT),
            "company_id": _nullable(_INT),
            "created_at": _TIMESTAMP,
            "updated_at": _TIMESTAMP,
            "due_by": _nullable(_TIMESTAMP),
            "fr_due_by": _nullable(_TIMESTAMP),
            "is_escalated": _BOOL,
            "custom_fields": _CUSTOM,
            "tags": {"type": "array", "items": _STR},
            "requester_id": _INT,
            "requester_name": _nullable(_STR),
            "description_html": _nullable(_STR),
            "fr_escalated": _BOOL,
        }
    )
    contact = _object(
        {
            "id": _INT,
            "name": _STR,
            "email": _nullable(_STR),
            "phone": _nullable(_STR),
            "mobile": _nullable(_STR),
            "company_id": _nullable(_INT),
            "job_title": _nullable(_STR),
            "time_zone": _nullable(_STR),
            "language": _nullable(_STR),
            "created_at": _TIMESTAMP,
            "updated_at": _TIMESTAMP,
            "last_login_at": _nullable(_TIMESTAMP),
            "active": _BOOL,
            "custom_fields": _CUSTOM,
            "twitter_id": _nullable(_STR),
            "address": _nullable(_STR),
            "description": _nullable(_STR),
        }
    )
    company = _object(
        {
            "id": _INT,
            "name": _STR,
            "description": _nullable(_STR),
            "note": _nullable(_STR),
            "domains": {"type": "array", "items": _STR},
            "industry": _nullable(_STR),
            "created_at": _TIMESTAMP,
            "updated_at": _TIMESTAMP,
            "custom_fields": _CUSTOM,
            "health_score": _nullable(_STR),
            "account_tier": _nullable(_STR),
            "renewal_date": _nullable(_TIMESTAMP),
        }
    )
    agent = _object(
        {
            "id": _INT,
            "email": _nullable(_STR),
            "name": _STR,
            "available": _BOOL,
            "available_since": _nullable(_TIMESTAMP),
            "occasional": _BOOL,
            "signature": _nullable(_STR),
            "ticket_scope": _INT,
            "group_ids": _IDS,
            "role_ids": _nullable(_IDS),
            "created_at": _TIMESTAMP,
            "updated_at": _TIMESTAMP,
            "time_zone": _nullable(_STR),
            "language": _nullable(_STR),
            "type": _nullable(_STR),
            "phone": _nullable(_STR),
            "mobile": _nullable(_STR),
            "job_title": _nullable(_STR),
            "active": _BOOL,
            "last_login_at": _nullable(_TIMESTAMP),
        }
    )
    group = _object(
        {
            "id": _INT,
            "name": _STR,
            "description": _nullable(_STR),
            "escalated": _BOOL,
            "agent_ids": _IDS,
            "created_at": _TIMESTAMP,
            "updated_at": _TIMESTAMP,
            "escalate_to": _nullable(_INT),
            "unassigned_for": _nullable(_STR),
        }
    )
    figure = _nullable(_INT)
    average = _nullable(_NUM)
    stats = _object(
        {
            "total_tickets": figure,
            "open_tickets": figure,
            "pending_tickets": figure,
            "resolved_tickets": figure,
            "closed_tickets": figure,
            "total_contacts": figure,
            "total_companies": figure,
            "total_agents": figure,
            "total_groups": figure,
            "avg_first_response_time": average,
            "avg_resolution_time": average,
            "satisfaction_rating": average,
            "averages_since": _nullable({"type": "string", "format": "date"}),
        }
    )
    health = _object(
        {
            "status": {"enum": ["healthy", "degraded", "unconfigured"]},
            "service": {"const": "freshdesk"},
            "version": _STR,
            "timestamp": _TIMESTAMP,
            "freshdesk": _object(
                {
                    "reachable": _BOOL,
                    "latency_ms": _nullable(_NUM),
                    "rate_limit": _object({"total": _nullable(_INT), "remaining": _nullable(_INT)}),
                    "rate_limited": _BOOL,
                    "credentials_verified_at": _TIMESTAMP,
                    "note": _STR,
                },
                required=["reachable", "latency_ms", "rate_limit"],
            ),
        }
    )
    error = _object(
        {
            "success": {"const": False},
            "error": _object(
                {
                    "code": _STR,
                    "message": _STR,
                    "details": {
                        "type": "array",
                        "items": _object({"field": _STR, "code": _STR, "message": _STR}),
                    },
                },
                required=["code", "message"],
            ),
        }
    )
    return {
        "Ticket": ticket,
        "Contact": contact,
        "Company": company,
        "Agent": agent,
        "Group": group,
        "Stats": stats,
        "Health": health,
        "Error": error,
        "HealthFailure": {
            "allOf": [error, _object({"data": _ref("Health")})],
        },
        "Info": _object(
            {
                "name": _STR,
                "version": _STR,
                "endpoints": {"type": "array", "items": _STR},
            }
        ),
        "Auth": _object(
            {
                "authenticated": {"const": True},
                "domain": _STR,
                "agent": _object(
                    {"id": _INT, "name": _STR, "email": _nullable(_STR)},
                ),
            }
        ),
        "SearchResult": _object(
            {
                "results": {
                    "type": "array",
                    "items": {"anyOf": [_ref("Ticket"), _ref("Contact"), _ref("Company")]},
                },
                "total_count": {"type": "integer", "minimum": 0},
                "has_more": _BOOL,
                "strategy": {"enum": ["freshdesk_query", "ticket_id", "requester_email", "scan"]},
                "freshdesk_query": _nullable(_STR),
                "complete": _BOOL,
                "scanned": _nullable(_INT),
                "truncated": _BOOL,
            }
        ),
    }


def _success(data: dict[str, Any], *, listed: bool = False) -> dict[str, Any]:
    properties: dict[str, Any] = {"success": {"const": True}, "data": data}
    if listed:
        properties["count"] = {"type": "integer", "minimum": 0}
        properties["truncated"] = _BOOL
        return _object(properties, required=["success", "data", "count"])
    return _object(properties)


def _json(
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
    "413": "the body is too large",
    "415": "the body is not application/json",
    "429": "Freshdesk's rate limit is spent (Retry-After says how long to wait)",
    "502": "Freshdesk failed or answered something unexpected",
    "503": "no Freshdesk account configured, or Freshdesk unreachable",
}


def _errors(*statuses: str) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status in statuses:
        headers = None
        if status == "429":
            headers = {"Retry-After": {"schema": {"type": "string", "pattern": "^[0-9]+$"}}}
        responses[status] = _json(_ref("Error"), _ERRORS[status], headers)
    return responses


_UPSTREAM: Final = ("400", "401", "403", "429", "502", "503")
_BODY: Final = ("400", "401", "403", "413", "415", "429", "502", "503")


def _paging(limit_default: int) -> list[dict[str, Any]]:
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
            "parameters": _paging(LIMIT_DEFAULT) + (extra or []),
            "responses": {
                "200": _json(
                    _success({"type": "array", "items": _ref(schema)}, listed=True), "the slice"
                ),
                **_errors(*_UPSTREAM),
            },
        }
    }


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


_ID = {"type": "integer", "minimum": 1}


_TEXT: Final = {"type": "string", "minLength": 1, "pattern": r"\S"}
"""A string that is not blank."""
# The SDK's email check (``_core/validation.py``).
_EMAIL: Final = {
    "type": "string",
    "maxLength": 254,
    "pattern": r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$",
}


def _ticket_input() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["subject", "description", "email"],
        "properties": {
            "subject": {**_TEXT, "maxLength": 255},
            "description": _TEXT,
            "email": _EMAIL,
            "priority": {"type": "integer", "minimum": 1, "maximum": 4, "default": 1},
            "status": {"type": "integer", "minimum": 2, "maximum": 5, "default": 2},
            "source": {"enum": [1, 2, 3, 7, 9, 10], "default": 2},
            "type": _nullable(_STR),
            "group_id": _nullable(_ID),
            "responder_id": _nullable(_ID),
            "tags": {
                "type": "array",
                "items": {"type": "string", "maxLength": 32, "pattern": r"^[^,]*\S[^,]*$"},
            },
            "name": _TEXT,
            "phone": _TEXT,
            "requester_id": _ID,
            "twitter_id": _TEXT,
            "facebook_id": _TEXT,
            "unique_external_id": _TEXT,
            "product_id": _nullable(_ID),
            "company_id": _nullable(_ID),
            "email_config_id": _nullable(_ID),
            "parent_id": _ID,
            "cc_emails": {"type": "array", "items": _EMAIL, "maxItems": 49},
            "custom_fields": {"type": "object", "propertyNames": {"pattern": "^cf_"}},
            "due_by": {"type": "string", "format": "date-time"},
            "fr_due_by": {"type": "string", "format": "date-time"},
        },
        # Freshdesk takes the two SLA due times together (docs/freshdesk-api-notes.md#tickets).
        "dependentRequired": {"due_by": ["fr_due_by"], "fr_due_by": ["due_by"]},
    }


def openapi_document(server_url: str = "/") -> dict[str, Any]:
    """Return the OpenAPI document, with *server_url* (the mount prefix) as its server."""
    search_input = {
        "type": "object",
        "additionalProperties": False,
        "required": ["query", "type"],
        "properties": {
            "query": {"type": "string", "minLength": 1, "maxLength": SEARCH_QUERY_MAX},
            "type": {"enum": ["ticket", "contact", "company"]},
            "limit": {
                "type": "integer",
                "minimum": 1,
                "maximum": LIMIT_MAX,
                "default": SEARCH_LIMIT_DEFAULT,
            },
            "offset": {"type": "integer", "minimum": 0, "maximum": OFFSET_MAX, "default": 0},
        },
    }
    auth_input = {
        "type": "object",
        "additionalProperties": False,
        "required": ["api_key", "domain"],
        "properties": {
            "api_key": {"type": "string", "minLength": 1, "maxLength": 256},
            "domain": {"type": "string", "minLength": 1, "maxLength": 300},
        },
    }
    status = {
        "name": "status",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 2, "maximum": 5},
        "description": "2 Open, 3 Pending, 4 Resolved, 5 Closed (served by Freshdesk search: the first 300 matches)",
    }
    tickets = _list_route("tickets", "Ticket", "Tickets, newest first", [status])
    tickets["post"] = {
        "operationId": "create_ticket",
        "summary": "Create a ticket",
        "requestBody": _body(_ticket_input()),
        "responses": {
            "201": _json(
                _object(
                    {"success": {"const": True}, "data": _ref("Ticket"), "recovered": _BOOL},
                    required=["success", "data"],
                ),
                "the created ticket (recovered: Freshdesk's answer was lost and the ticket "
                "was found by its requester, subject and creation time)",
            ),
            **_errors("400", "401", "403", "404", "413", "415", "429", "503"),
            "502": _json(
                _ref("Error"),
                "Freshdesk failed; or outcome_unknown: its answer was lost after the ticket "
                "may have been created, so do not send it again blindly",
            ),
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "freshdesk-atom ATOM adapter",
            "version": __version__,
            "description": "The routes the ATOM platform's Freshdesk page calls, backed by the "
            "Freshdesk API v2. Every answer is the ATOM envelope.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/": {
                "get": {
                    "operationId": "info",
                    "summary": "What this adapter serves",
                    "responses": {
                        "200": _json(_success(_ref("Info")), "name, version, endpoints"),
                        **_errors("400"),
                    },
                }
            },
            "/health": {
                "get": {
                    "operationId": "health",
                    "summary": "Whether Freshdesk answers with valid credentials",
                    "responses": {
                        "200": _json(
                            _success(_ref("Health")),
                            "Freshdesk answered, or only rate-limited the check of credentials "
                            "it accepted recently (status degraded, rate_limited true)",
                        ),
                        "503": _json(
                            _ref("HealthFailure"), "unconfigured, bad credentials or unreachable"
                        ),
                        **_errors("400", "401", "403"),
                    },
                }
            },
            "/auth": {
                "post": {
                    "operationId": "auth",
                    "summary": "Check an API key against Freshdesk (GET /agents/me), then keep it",
                    "requestBody": _body(auth_input),
                    "responses": {
                        "200": _json(_success(_ref("Auth")), "the key works; it was stored"),
                        **_errors(*_BODY),
                    },
                }
            },
            "/contacts": _list_route("contacts", "Contact", "Contacts"),
            "/tickets": tickets,
            "/companies": _list_route("companies", "Company", "Companies"),
            "/agents": _list_route("agents", "Agent", "Agents, contact fields flattened"),
            "/groups": _list_route("groups", "Group", "Agent groups"),
            "/search": {
                "post": {
                    "operationId": "search",
                    "summary": "Free-text search (see docs/adapter.md for the mapping)",
                    "requestBody": _body(search_input),
                    "responses": {
                        "200": _json(_success(_ref("SearchResult")), "the matches"),
                        **_errors(*_BODY),
                    },
                }
            },
            "/stats": {
                "get": {
                    "operationId": "stats",
                    "summary": "Help-desk figures from Freshdesk (null when unknowable)",
                    "responses": {
                        "200": _json(_success(_ref("Stats")), "the figures"),
                        **_errors(*_UPSTREAM),
                    },
                }
            },
        },
        "components": {"schemas": _schemas()},
    }
