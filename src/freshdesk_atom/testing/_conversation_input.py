"""Validate reply, note, forward and note-update bodies (docs/freshdesk-api-notes.md#conversations).

Each ``check_*`` reads one body through a :class:`Checker` (errors collected,
not raised) and returns the conversation fields it asks for; the routes in
``_conversations`` store them.
"""

from __future__ import annotations

from typing import Any, Final

from ._call import Call
from ._form import ATTACHMENTS, FormSchema
from ._record_shapes import (
    CATEGORY_AGENT_PRIVATE,
    CATEGORY_AGENT_PUBLIC,
    CATEGORY_CUSTOMER,
    SOURCE_FORWARD,
    SOURCE_NOTE,
    SOURCE_REPLY,
    Record,
)
from ._validate import Checker
from ._validation_messages import BLANK
from ._wire import html_to_text

__all__ = [
    "FORWARD_FIELDS",
    "FORWARD_FORM",
    "NOTE_FIELDS",
    "NOTE_FORM",
    "NOTE_UPDATE_FIELDS",
    "REPLY_FIELDS",
    "REPLY_FORM",
    "check_forward",
    "check_note",
    "check_reply",
    "with_text",
]

# docs/freshdesk-api-notes.md#conversations: the fields each action takes.
REPLY_FIELDS: Final = frozenset(
    {"body", "from_email", "user_id", "cc_emails", "bcc_emails", ATTACHMENTS}
)
NOTE_FIELDS: Final = frozenset(
    {"body", "private", "incoming", "notify_emails", "user_id", ATTACHMENTS}
)
# Unconfirmed (the notes call the forward's field list unconfirmed): to_emails, body, cc_emails,
# bcc_emails and attachments as the notes list them, plus the reply's from_email and user_id.
FORWARD_FIELDS: Final = frozenset(
    {"body", "to_emails", "from_email", "user_id", "cc_emails", "bcc_emails", ATTACHMENTS}
)
NOTE_UPDATE_FIELDS: Final = frozenset({"body", ATTACHMENTS})
MAX_EMAILS: Final = 50  # the fake's cap on cc/bcc/notify lists (Freshdesk's is not documented)

# docs/freshdesk-api-notes.md#attachments: the types of the text fields of a multipart body.
REPLY_FORM: Final[FormSchema] = {
    "user_id": "integer",
    "cc_emails": "strings",
    "bcc_emails": "strings",
}
NOTE_FORM: Final[FormSchema] = {
    "user_id": "integer",
    "private": "boolean",
    "incoming": "boolean",
    "notify_emails": "strings",
}
FORWARD_FORM: Final[FormSchema] = {**REPLY_FORM, "to_emails": "strings"}


def with_text(body: str) -> dict[str, str]:
    """Return ``body`` with its plain text ``body_text``."""
    return {"body": body, "body_text": html_to_text(body)}


def _author(check: Checker, call: Call) -> int | None:
    """Return the ``user_id`` sent (an agent or a contact), or the API key's owner."""
    state = call.state
    user_id = check.reference(
        "user_id",
        lambda uid: state.person(uid) is not None,
        "There is no contact matching the given user_id",
    )
    return user_id if user_id is not None else state.owner_id


def _emails(check: Checker, field: str) -> list[str]:
    return check.strings(field, max_items=MAX_EMAILS, emails=True) or []


def _requester_emails(call: Call, ticket: Record) -> list[str]:
    person = call.state.person(ticket["requester_id"]) if ticket["requester_id"] else None
    email = person.get("email") if person else None
    return [email] if email else []


def check_reply(check: Checker, call: Call, ticket: Record) -> dict[str, Any]:
    """Return a reply's fields: emailed to the requester from the support address."""
    body = check.text("body", required=True)
    from_email = check.email("from_email")
    author = _author(check, call)
    agent = author in call.state.agents
    support = call.settings.support_email
    return {
        **with_text(body or ""),
        "incoming": False,
        "private": False,
        "user_id": author,
        "support_email": support,
        "source": SOURCE_REPLY,
        "category": CATEGORY_AGENT_PUBLIC if agent else CATEGORY_CUSTOMER,
        "ticket_id": ticket["id"],
        "to_emails": _requester_emails(call, ticket),
        "from_email": from_email or support,
        "cc_emails": _emails(check, "cc_emails"),
        "bcc_emails": _emails(check, "bcc_emails"),
    }


def check_note(check: Checker, call: Call, ticket: Record) -> dict[str, Any]:
    """Return a note's fields: private unless ``private`` is false, notified agents in ``to_emails``."""
    body = check.text("body", required=True)
    private = check.boolean("private")
    incoming = check.boolean("incoming")
    author = _author(check, call)
    private = (
        True if private is None else private
    )  # docs/freshdesk-api-notes.md#conversations: default true
    if author not in call.state.agents:
        category = CATEGORY_CUSTOMER
    else:
        category = CATEGORY_AGENT_PRIVATE if private else CATEGORY_AGENT_PUBLIC
    return {
        **with_text(body or ""),
        "incoming": bool(incoming),  # default false
        "private": private,
        "user_id": author,
        "source": SOURCE_NOTE,
        "category": category,
        "ticket_id": ticket["id"],
        "to_emails": _emails(check, "notify_emails"),
    }


def check_forward(check: Checker, call: Call, ticket: Record) -> dict[str, Any]:
    """Return a forward's fields: sent to ``to_emails`` (required, not empty).

    Unconfirmed: without a ``body`` the forward carries the ticket's
    description; a forward is private (the requester does not see it).
    """
    to_emails = _emails(check, "to_emails")
    if not check.given("to_emails"):
        check.add("to_emails", BLANK, "missing_field")
    elif check.data["to_emails"] == []:
        check.add("to_emails", BLANK)
    body = check.text("body")
    from_email = check.email("from_email")
    author = _author(check, call)
    support = call.settings.support_email
    return {
        **with_text(body if body is not None else ticket["description"] or ""),
        "incoming": False,
        "private": True,
        "user_id": author,
        "support_email": support,
        "source": SOURCE_FORWARD,
        "category": CATEGORY_AGENT_PRIVATE,
        "ticket_id": ticket["id"],
        "to_emails": to_emails,
        "from_email": from_email or support,
        "cc_emails": _emails(check, "cc_emails"),
        "bcc_emails": _emails(check, "bcc_emails"),
    }
