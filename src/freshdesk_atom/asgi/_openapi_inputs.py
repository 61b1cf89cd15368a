"""The OpenAPI request-body schemas of ``POST /tickets``, ``PUT /tickets/{id}``, the
replies and notes (JSON and multipart), ``POST /search`` and ``POST /auth`` (pure).

They state the limits the input checks in ``_inputs`` enforce, so a client
that keeps to them is never refused with 400.
"""

from __future__ import annotations

from typing import Any, Final

from ._inputs import LIMIT_MAX, OFFSET_MAX, SEARCH_LIMIT_DEFAULT, SEARCH_QUERY_MAX
from ._lifecycle_inputs import ID_MAX
from ._openapi_schemas import STRING, nullable

__all__ = [
    "addition_form",
    "addition_input",
    "auth_input",
    "search_input",
    "ticket_input",
    "ticket_update_input",
]

_ID: Final = {"type": "integer", "minimum": 1}


# Python's str.isspace() (the blank checks) also counts \x1c-\x1f and \x85, which the
# \s of a JSON Schema (ECMA-262) pattern does not.
_SPACE: Final = r"\s\x1c-\x1f\x85"
_TEXT: Final = {"type": "string", "minLength": 1, "pattern": f"[^{_SPACE}]"}
"""A string that is not blank."""
# The SDK's email check (``_core/validation.py``).
_EMAIL: Final = {
    "type": "string",
    "maxLength": 254,
    "pattern": f"^[^@{_SPACE},;<>]+@[^@{_SPACE},;<>]+\\.[^@{_SPACE},;<>]+$",
}


_TAGS: Final = {
    "type": "array",
    "items": {"type": "string", "maxLength": 32, "pattern": f"^[^,]*[^,{_SPACE}][^,]*$"},
}
_EMAILS: Final = {"type": "array", "items": _EMAIL}


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
            "tags": _TAGS,
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


def ticket_update_input() -> dict[str, Any]:
    """Return the body of ``PUT /tickets/{id}``: at least one of the fields it may change."""
    ids = {"type": "integer", "minimum": 1, "maximum": ID_MAX}
    return {
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "properties": {
            "status": {"type": "integer", "minimum": 2, "maximum": 5},
            "priority": {"type": "integer", "minimum": 1, "maximum": 4},
            "responder_id": nullable(ids),
            "group_id": nullable(ids),
            "type": nullable({**_TEXT, "maxLength": 255}),
            "tags": _TAGS,
        },
    }


def _addition_fields(kind: str) -> dict[str, Any]:
    body = {**_TEXT, "description": "plain text; sent as HTML that shows it as typed"}
    if kind == "reply":
        return {"body": body, "cc_emails": _EMAILS, "bcc_emails": _EMAILS}
    return {
        "body": body,
        "private": {"type": "boolean", "default": True},
        "notify_emails": _EMAILS,
    }


def addition_input(kind: str) -> dict[str, Any]:
    """Return the JSON body of ``POST /tickets/{id}/reply`` (*kind* ``reply``) or ``/notes``."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["body"],
        "properties": _addition_fields(kind),
    }


def addition_form(kind: str) -> dict[str, Any]:
    """Return the ``multipart/form-data`` body of a reply or note: the same fields, and files.

    Lists are repeated parts (``cc_emails`` or ``cc_emails[]``), ``private``
    is ``true`` or ``false``, and each file is an ``attachments[]`` part with
    a filename; 20 MB of files in all.
    """
    files = {"type": "array", "items": {"type": "string", "format": "binary"}}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["body"],
        "properties": {**_addition_fields(kind), "attachments[]": files},
    }
