"""The OpenAPI component schemas: the record shapes the routes answer with (pure).

Every record of the contract in ``docs/adapter.md`` (with the extras the
adapter adds), the figures, the health report, the error envelope and the
other ``data`` bodies, as ``components.schemas``; and the small building
blocks (:func:`ref`, :func:`nullable`, :func:`object_schema` and the scalar
types) the request bodies and operations reuse.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = [
    "BOOLEAN",
    "INTEGER",
    "NUMBER",
    "STRING",
    "TIMESTAMP",
    "component_schemas",
    "nullable",
    "object_schema",
    "ref",
]

TIMESTAMP: Final = {
    "type": "string",
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
}


def ref(name: str) -> dict[str, str]:
    """Return a reference to the component schema *name*."""
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """Return *schema* or ``null``."""
    return {"anyOf": [schema, {"type": "null"}]}


def object_schema(
    properties: dict[str, Any], *, required: list[str] | None = None
) -> dict[str, Any]:
    """Return an object of *properties*, all of them required unless *required* says which."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
    }


STRING: Final = {"type": "string"}
INTEGER: Final = {"type": "integer"}
BOOLEAN: Final = {"type": "boolean"}
NUMBER: Final = {"type": "number"}
_IDS: Final = {"type": "array", "items": INTEGER}
_CUSTOM: Final = {"type": "object"}


def component_schemas() -> dict[str, Any]:
    """Return ``components.schemas``: every shape the operations refer to by name."""
    ticket = object_schema(
        {
            "id": INTEGER,
            "subject": STRING,
            "description": nullable(STRING),
            "email": nullable(STRING),
            "priority": INTEGER,
            "status": INTEGER,
            "source": INTEGER,
            "type": nullable(STRING),
            "responder_id": nullable(INTEGER),
            "group_id": nullable(INTEGER),
            "company_id": nullable(INTEGER),
            "created_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
            "due_by": nullable(TIMESTAMP),
            "fr_due_by": nullable(TIMESTAMP),
            "is_escalated": BOOLEAN,
            "custom_fields": _CUSTOM,
            "tags": {"type": "array", "items": STRING},
            "requester_id": INTEGER,
            "requester_name": nullable(STRING),
            "description_html": nullable(STRING),
            "fr_escalated": BOOLEAN,
        }
    )
    contact = object_schema(
        {
            "id": INTEGER,
            "name": STRING,
            "email": nullable(STRING),
            "phone": nullable(STRING),
            "mobile": nullable(STRING),
            "company_id": nullable(INTEGER),
            "job_title": nullable(STRING),
            "time_zone": nullable(STRING),
            "language": nullable(STRING),
            "created_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
            "last_login_at": nullable(TIMESTAMP),
            "active": BOOLEAN,
            "custom_fields": _CUSTOM,
            "twitter_id": nullable(STRING),
            "address": nullable(STRING),
            "description": nullable(STRING),
        }
    )
    company = object_schema(
        {
            "id": INTEGER,
            "name": STRING,
            "description": nullable(STRING),
            "note": nullable(STRING),
            "domains": {"type": "array", "items": STRING},
            "industry": nullable(STRING),
            "created_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
            "custom_fields": _CUSTOM,
            "health_score": nullable(STRING),
            "account_tier": nullable(STRING),
            "renewal_date": nullable(TIMESTAMP),
        }
    )
    agent = object_schema(
        {
            "id": INTEGER,
            "email": nullable(STRING),
            "name": STRING,
            "available": BOOLEAN,
            "available_since": nullable(TIMESTAMP),
            "occasional": BOOLEAN,
            "signature": nullable(STRING),
            "ticket_scope": INTEGER,
            "group_ids": _IDS,
            "role_ids": nullable(_IDS),
            "created_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
            "time_zone": nullable(STRING),
            "language": nullable(STRING),
            "type": nullable(STRING),
            "phone": nullable(STRING),
            "mobile": nullable(STRING),
            "job_title": nullable(STRING),
            "active": BOOLEAN,
            "last_login_at": nullable(TIMESTAMP),
        }
    )
    group = object_schema(
        {
            "id": INTEGER,
            "name": STRING,
            "description": nullable(STRING),
            "escalated": BOOLEAN,
            "agent_ids": _IDS,
            "created_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
            "escalate_to": nullable(INTEGER),
            "unassigned_for": nullable(STRING),
        }
    )
    figure = nullable(INTEGER)
    average = nullable(NUMBER)
    stats = object_schema(
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
            "averages_since": nullable({"type": "string", "format": "date"}),
        }
    )
    day = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    count = {"type": "integer", "minimum": 0}
    trend_day = object_schema(
        {
            "date": day,
            "created": count,
            "resolved": nullable(count),
            "first_response_hours": nullable({"type": "number", "minimum": 0}),
            "resolution_hours": nullable({"type": "number", "minimum": 0}),
            "satisfaction": nullable({"type": "number", "minimum": 1, "maximum": 5}),
            "ratings": nullable(count),
        }
    )
    trends = object_schema(
        {
            "since": day,
            "until": day,
            "days": {"type": "array", "items": ref("TrendDay"), "minItems": 1},
            "by_status": {
                "type": "array",
                "items": object_schema(
                    {"status": INTEGER, "label": nullable(STRING), "count": count}
                ),
            },
            "by_priority": {
                "type": "array",
                "items": object_schema(
                    {"priority": INTEGER, "label": nullable(STRING), "count": count}
                ),
            },
            "source": {"enum": ["freshdesk", "mirror"]},
            "tickets_read": count,
        }
    )
    health = object_schema(
        {
            "status": {"enum": ["healthy", "degraded", "unconfigured"]},
            "service": {"const": "freshdesk"},
            "version": STRING,
            "timestamp": TIMESTAMP,
            "freshdesk": object_schema(
                {
                    "reachable": BOOLEAN,
                    "latency_ms": nullable(NUMBER),
                    "rate_limit": object_schema(
                        {"total": nullable(INTEGER), "remaining": nullable(INTEGER)}
                    ),
                    "rate_limited": BOOLEAN,
                    "credentials_verified_at": TIMESTAMP,
                    "note": STRING,
                },
                required=["reachable", "latency_ms", "rate_limit"],
            ),
        }
    )
    error = object_schema(
        {
            "success": {"const": False},
            "error": object_schema(
                {
                    "code": STRING,
                    "message": STRING,
                    "details": {
                        "type": "array",
                        "items": object_schema(
                            {"field": STRING, "code": STRING, "message": STRING}
                        ),
                    },
                },
                required=["code", "message"],
            ),
        }
    )
    attachment = object_schema(
        {
            "id": INTEGER,
            "name": STRING,
            "content_type": nullable(STRING),
            "size": nullable(INTEGER),
        }
    )
    emails = nullable({"type": "array", "items": STRING})
    conversation = object_schema(
        {
            "id": INTEGER,
            "ticket_id": INTEGER,
            "body": nullable(STRING),
            "body_html": nullable(STRING),
            "private": BOOLEAN,
            "incoming": BOOLEAN,
            "source": nullable(INTEGER),
            "user_id": nullable(INTEGER),
            "from_email": nullable(STRING),
            "to_emails": emails,
            "cc_emails": emails,
            "bcc_emails": emails,
            "created_at": TIMESTAMP,
            "updated_at": TIMESTAMP,
            "attachments": {"type": "array", "items": ref("Attachment")},
        }
    )
    ticket_detail = object_schema(
        {
            **ticket["properties"],
            "archived": BOOLEAN,
            "deleted": BOOLEAN,
            "cc_emails": emails,
            "attachments": {"type": "array", "items": ref("Attachment")},
            "conversations": {"type": "array", "items": ref("Conversation")},
            "conversations_truncated": BOOLEAN,
        }
    )
    return {
        "Ticket": ticket,
        "TicketDetail": ticket_detail,
        "Conversation": conversation,
        "Attachment": attachment,
        "Contact": contact,
        "Company": company,
        "Agent": agent,
        "Group": group,
        "Stats": stats,
        "Trends": trends,
        "TrendDay": trend_day,
        "Health": health,
        "Error": error,
        "HealthFailure": {
            "allOf": [error, object_schema({"data": ref("Health")})],
        },
        "Info": object_schema(
            {
                "name": STRING,
                "version": STRING,
                "endpoints": {"type": "array", "items": STRING},
            }
        ),
        "Auth": object_schema(
            {
                "authenticated": {"const": True},
                "domain": STRING,
                "agent": object_schema(
                    {"id": INTEGER, "name": STRING, "email": nullable(STRING)},
                ),
            }
        ),
        "SearchResult": object_schema(
            {
                "results": {
                    "type": "array",
                    "items": {"anyOf": [ref("Ticket"), ref("Contact"), ref("Company")]},
                },
                "total_count": {"type": "integer", "minimum": 0},
                "has_more": BOOLEAN,
                "strategy": {"enum": ["freshdesk_query", "ticket_id", "requester_email", "scan"]},
                "freshdesk_query": nullable(STRING),
                "complete": BOOLEAN,
                "scanned": nullable(INTEGER),
                "truncated": BOOLEAN,
            }
        ),
    }
