"""The OpenAPI request-body schemas of ``POST /tickets``, ``POST /search`` and ``POST /auth`` (pure).

They state the limits the input checks in ``_inputs`` enforce, so a client
that keeps to them is never refused with 400.
"""

from __future__ import annotations

from typing import Any, Final

from ._inputs import LIMIT_MAX, OFFSET_MAX, SEARCH_LIMIT_DEFAULT, SEARCH_QUERY_MAX
from ._openapi_schemas import STRING, nullable

__all__ = ["auth_input", "search_input", "ticket_input"]

_ID: Final = {"type": "integer", "minimum": 1}


_TEXT: Final = {"type": "string", "minLength": 1, "pattern": r"\S"}
"""A string that is not blank."""
# The SDK's email check (``_core/validation.py``).
_EMAIL: Final = {
    "type": "string",
    "maxLength": 254,
    "pattern": r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$",
}


def ticket_input() -> dict[str, Any]:
    """Return the body of ``POST /tickets``: the fields a ticket may be created with."""
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
            "type": nullable(STRING),
            "group_id": nullable(_ID),
            "responder_id": nullable(_ID),
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
            "product_id": nullable(_ID),
            "company_id": nullable(_ID),
            "email_config_id": nullable(_ID),
            "parent_id": _ID,
            "cc_emails": {"type": "array", "items": _EMAIL, "maxItems": 49},
            "custom_fields": {"type": "object", "propertyNames": {"pattern": "^cf_"}},
            "due_by": {"type": "string", "format": "date-time"},
            "fr_due_by": {"type": "string", "format": "date-time"},
        },
        # Freshdesk takes the two SLA due times together (docs/freshdesk-api-notes.md#tickets).
        "dependentRequired": {"due_by": ["fr_due_by"], "fr_due_by": ["due_by"]},
    }


def search_input() -> dict[str, Any]:
    """Return the body of ``POST /search``: the query, the record type and the slice."""
    return {
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


def auth_input() -> dict[str, Any]:
    """Return the body of ``POST /auth``: the API key and the account's domain."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["api_key", "domain"],
        "properties": {
            "api_key": {"type": "string", "minLength": 1, "maxLength": 256},
            "domain": {"type": "string", "minLength": 1, "maxLength": 300},
        },
    }
