"""The OpenAPI paths of one ticket: ``/tickets/{id}`` (view, update), its thread, replies and notes (pure).

Replies and notes take JSON, or ``multipart/form-data`` with files; every
status each operation can answer is listed, as in ``_openapi_paths``.
"""

from __future__ import annotations

from typing import Any, Final

from ._inputs import LIMIT_DEFAULT
from ._lifecycle_inputs import ID_MAX
from ._openapi_inputs import addition_form, addition_input, ticket_update_input
from ._openapi_paths import body, errors, json_response, paging, success
from ._openapi_schemas import BOOLEAN, object_schema, ref

__all__ = ["ticket_paths"]

_ID: Final = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": ID_MAX},
    "description": "the ticket number",
}
_READ_ERRORS: Final = ("400", "401", "403", "404", "429", "502", "503")


def _addition(kind: str, summary: str) -> dict[str, Any]:
    """Return ``POST /tickets/{id}/reply`` or ``/notes``."""
    return {
        "post": {
            "operationId": "reply_to_ticket" if kind == "reply" else "add_note",
            "summary": summary,
            "parameters": [_ID],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": addition_input(kind)},
                    "multipart/form-data": {"schema": addition_form(kind)},
                },
            },
            "responses": {
                "201": json_response(
                    object_schema(
                        {
                            "success": {"const": True},
                            "data": ref("Conversation"),
                            "recovered": BOOLEAN,
                        },
                        required=["success", "data"],
                    ),
                    f"the {kind} (recovered: Freshdesk's answer was lost and the {kind} was "
                    "found in the ticket's thread)",
                ),
                **errors("400", "401", "403", "404", "409", "413", "415", "429", "503"),
                "502": json_response(
                    ref("Error"),
                    f"Freshdesk failed; or outcome_unknown: its answer was lost after the {kind} "
                    "may have been added, so do not send it again blindly",
                ),
            },
        }
    }


def ticket_paths() -> dict[str, Any]:
    """Return the paths of ``/tickets/{id}`` and below."""
    thread = object_schema(
        {
            "success": {"const": True},
            "data": {"type": "array", "items": ref("Conversation")},
            "count": {"type": "integer", "minimum": 0},
            "truncated": BOOLEAN,
            "archived": BOOLEAN,
        },
        required=["success", "data", "count"],
    )
    return {
        "/tickets/{id}": {
            "get": {
                "operationId": "get_ticket",
                "summary": "One ticket with its whole thread, oldest first (at most 1,000 "
                "conversations); an archived ticket with archived: true",
                "parameters": [_ID],
                "responses": {
                    "200": json_response(success(ref("TicketDetail")), "the ticket"),
                    **errors(*_READ_ERRORS),
                },
            },
            "put": {
                "operationId": "update_ticket",
                "summary": "Change a ticket's status, priority, agent, group, type or tags",
                "parameters": [_ID],
                "requestBody": body(ticket_update_input()),
                "responses": {
                    "200": json_response(
                        success(ref("Ticket")), "the ticket as it now is (email: null)"
                    ),
                    **errors("400", "401", "403", "404", "409", "413", "415", "429", "502", "503"),
                },
            },
        },
        "/tickets/{id}/conversations": {
            "get": {
                "operationId": "list_conversations",
                "summary": "A ticket's thread, oldest first",
                "parameters": [_ID, *paging(LIMIT_DEFAULT)],
                "responses": {
                    "200": json_response(thread, "the slice"),
                    **errors(*_READ_ERRORS),
                },
            }
        },
        "/tickets/{id}/reply": _addition("reply", "Reply to the requester by email"),
        "/tickets/{id}/notes": _addition("note", "Add a note (private unless private is false)"),
    }
