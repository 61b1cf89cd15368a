"""Ticket writes: create, update, delete and restore, and how ``stats`` follow a status change."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from ._attachments import store_uploads, uploads_of
from ._bodies import read_body
from ._call import Call
from ._http import FakeResponse
from ._record_shapes import Record, merge_update
from ._ticket_input import (
    CREATE_FIELDS,
    TICKET_FORM,
    UPDATE_FIELDS,
    check_ticket_fields,
    resolve_requester,
)
from ._ticket_view import live_ticket, ticket_view
from ._validate import Checker
from ._wire import html_to_text, to_wire

__all__ = [
    "CHILD_ASSOCIATION",
    "PARENT_ASSOCIATION",
    "SLA_HOURS",
    "apply_status",
    "create_ticket",
    "delete_ticket",
    "restore_ticket",
    "update_ticket",
]

# association_type values of parent/child tickets (Freshdesk: 1 parent, 2 child).
PARENT_ASSOCIATION: Final = 1
CHILD_ASSOCIATION: Final = 2
# First-response and resolution SLA targets, in hours, by priority (an
# illustrative default policy: Freshdesk's are configured per account).
SLA_HOURS: Final[Mapping[int, tuple[int, int]]] = {1: (24, 120), 2: (12, 72), 3: (4, 24), 4: (1, 8)}


def apply_status(stats: Record, old: int | None, new: int, stamp: str) -> None:
    """Update a ticket's ``stats`` for a status change from *old* to *new* at *stamp*."""
    if old == new:
        return
    stats["status_updated_at"] = stamp
    if new == 3:
        stats["pending_since"] = stamp
    if new == 4:
        stats["resolved_at"] = stamp
    if new == 5:
        stats["closed_at"] = stamp
        stats["resolved_at"] = stats["resolved_at"] or stamp
    if old in (4, 5) and new in (2, 3):
        stats["reopened_at"] = stamp


def _requester_id(
    call: Call, existing: int | None, new_contact: dict[str, Any] | None
) -> int | None:
    if new_contact is None:
        return existing
    contact = call.state.insert_contact(call.stamp, new_contact)
    call.created.append("contacts")
    return int(contact["id"])


def create_ticket(call: Call) -> FakeResponse:
    """``POST /tickets`` → 201 with ``Location``; JSON or multipart with ``attachments[]``."""
    body = read_body(call, TICKET_FORM, update=False, custom=call.state.ticket_fields)
    check = Checker(body)
    check.unknown(CREATE_FIELDS)
    changes = check_ticket_fields(check, call, creating=True)
    uploads = uploads_of(check)
    existing, new_contact = resolve_requester(check, call, creating=True)
    check.fail()
    state = call.state
    requester_id = _requester_id(call, existing, new_contact)
    requester = state.person(requester_id) if requester_id is not None else None
    if "company_id" not in changes and requester is not None:
        changes["company_id"] = requester.get("company_id")
    priority = changes.get("priority", 1)
    if "due_by" not in changes:
        first, resolve = SLA_HOURS[priority]
        changes["fr_due_by"] = to_wire(call.now + timedelta(hours=first))
        changes["due_by"] = to_wire(call.now + timedelta(hours=resolve))
    cc_emails = changes.pop("cc_emails", None) or []
    # The wire ticket has no parent_id: the link shows as association_type.
    parent_id = changes.pop("parent_id", None)
    if parent_id is not None:
        changes["association_type"] = CHILD_ASSOCIATION
        parent = state.tickets[parent_id]
        parent["association_type"] = PARENT_ASSOCIATION
        parent["updated_at"] = call.stamp
        call.ticket_event(parent_id, "ticket_updated")
    fields: dict[str, Any] = {
        **changes,
        "requester_id": requester_id,
        # docs/freshdesk-api-notes.md#tickets: create copies cc_emails into reply_cc_emails/ticket_cc_emails.
        "cc_emails": list(cc_emails),
        "reply_cc_emails": list(cc_emails),
        "ticket_cc_emails": list(cc_emails),
    }
    if fields.get("description") is not None:
        fields["description_text"] = html_to_text(fields["description"])
    fields["attachments"] = store_uploads(state, uploads, call.stamp)
    ticket = state.insert_ticket(call.stamp, fields)
    stats = state.ticket_stats[ticket["id"]]
    apply_status(stats, None, ticket["status"], call.stamp)
    if ticket["status"] == 2:
        stats["status_updated_at"] = call.stamp
    call.ticket_event(ticket["id"], "ticket_created")
    return call.created_response("tickets", ticket_view(call, ticket), f"/tickets/{ticket['id']}")


def update_ticket(call: Call) -> FakeResponse:
    """``PUT /tickets/{id}`` → 200 with the whole ticket; not for trashed tickets.

    Files sent with an update join the ticket's attachments (unconfirmed:
    docs/freshdesk-api-notes.md#attachments does not say whether they add or replace; the fake adds).
    """
    ticket = live_ticket(call)
    body = read_body(call, TICKET_FORM, update=True, custom=call.state.ticket_fields)
    check = Checker(body)
    check.unknown(UPDATE_FIELDS)
    changes = check_ticket_fields(check, call, creating=False)
    uploads = uploads_of(check)
    existing, new_contact = resolve_requester(check, call, creating=False)
    check.fail()
    state = call.state
    requester_id = _requester_id(call, existing, new_contact)
    if requester_id is not None:
        changes["requester_id"] = requester_id
    if "description" in changes:
        text = changes["description"]
        changes["description_text"] = None if text is None else html_to_text(text)
    if uploads:
        changes["attachments"] = [
            *ticket["attachments"],
            *store_uploads(state, uploads, call.stamp),
        ]
    old_status = ticket["status"]
    merge_update(ticket, changes)
    apply_status(state.ticket_stats[ticket["id"]], old_status, ticket["status"], call.stamp)
    ticket["updated_at"] = call.stamp
    state.touch()
    call.ticket_event(ticket["id"], "ticket_updated")
    return call.ok(ticket_view(call, ticket))


def delete_ticket(call: Call) -> FakeResponse:
    """``DELETE /tickets/{id}``: move to the trash (``"deleted": true``) → 204."""
    ticket = live_ticket(call)
    ticket["deleted"] = (
        True  # docs/freshdesk-api-notes.md#tickets: the key is present only when true
    )
    ticket["updated_at"] = call.stamp
    call.state.touch()
    call.ticket_event(ticket["id"], "ticket_deleted")
    return call.no_content()


def restore_ticket(call: Call) -> FakeResponse:
    """``PUT /tickets/{id}/restore``: body must be empty; 404 unless trashed → 204."""
    call.no_body()
    ticket = live_ticket(call, deleted=True)
    del ticket["deleted"]
    ticket["updated_at"] = call.stamp
    call.state.touch()
    call.ticket_event(ticket["id"], "ticket_updated")
    return call.no_content()
