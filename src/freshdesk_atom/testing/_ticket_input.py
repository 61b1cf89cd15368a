"""Validate a ticket create or update body: its own fields, and who the requester is (docs/freshdesk-api-notes.md#tickets)."""

from __future__ import annotations

from typing import Any, Final

from ._call import Call
from ._form import ATTACHMENTS, FormSchema
from ._record_shapes import PRIORITIES, SOURCES, STATUSES
from ._validate import Checker
from ._validation_messages import BLANK
from ._wire import EMAIL_RE

__all__ = [
    "CREATE_FIELDS",
    "TICKET_FORM",
    "UPDATE_FIELDS",
    "check_ticket_fields",
    "resolve_requester",
]

REQUESTER_KEYS: Final = (
    "requester_id",
    "email",
    "facebook_id",
    "phone",
    "twitter_id",
    "unique_external_id",
)
REQUESTER_MISSING: Final = (
    "Please fill at least 1 of requester_id, phone, email, twitter_id, facebook_id, "
    "unique_external_id fields"
)
UPDATE_FIELDS: Final = frozenset(
    {
        "name",
        *REQUESTER_KEYS,
        "subject",
        "type",
        "status",
        "priority",
        "description",
        "responder_id",
        "custom_fields",
        "due_by",
        "fr_due_by",
        "email_config_id",
        "group_id",
        "product_id",
        "source",
        "tags",
        "company_id",
        ATTACHMENTS,  # multipart only (docs/freshdesk-api-notes.md#attachments)
    }
)
# docs/freshdesk-api-notes.md#tickets: cc_emails is create-only (an update sending it gets invalid_field);
# parent_id makes the new ticket a child of an existing one.
CREATE_FIELDS: Final = UPDATE_FIELDS | {"cc_emails", "parent_id"}
# docs/freshdesk-api-notes.md#attachments: the types of a multipart ticket body's text fields
# (the others are strings; custom_fields[cf_x] take their field's type).
TICKET_FORM: Final[FormSchema] = {
    "requester_id": "integer",
    "responder_id": "integer",
    "group_id": "integer",
    "company_id": "integer",
    "product_id": "integer",
    "email_config_id": "integer",
    "parent_id": "integer",
    "status": "integer",
    "priority": "integer",
    "source": "integer",
    "tags": "strings",
    "cc_emails": "strings",
    "custom_fields": "object",
}


def check_ticket_fields(check: Checker, call: Call, *, creating: bool) -> dict[str, Any]:
    """Validate the ticket's own fields; return the ones sent, normalised."""
    state = call.state
    required = call.settings.ticket_required_fields if creating else ()
    values: dict[str, Any] = {
        "subject": check.text("subject", required="subject" in required, max_length=255),
        "description": check.text("description", required="description" in required),
        "type": check.choice("type", state.ticket_types),
        "status": check.integer("status", nullable=False, choices=STATUSES),
        "priority": check.integer("priority", nullable=False, choices=PRIORITIES),
        "source": check.integer("source", nullable=False, choices=SOURCES),
        "responder_id": check.reference(
            "responder_id",
            state.agents.__contains__,
            "There is no agent matching the given responder_id",
        ),
        "group_id": check.reference(
            "group_id", state.groups.__contains__, "There is no group matching the given group_id"
        ),
        "company_id": check.reference(
            "company_id",
            state.companies.__contains__,
            "There is no company matching the given company_id",
        ),
        "product_id": check.integer("product_id"),
        "email_config_id": check.integer("email_config_id"),
        "tags": check.strings("tags", item_max_length=32, no_commas=True),
        "custom_fields": check.custom_fields(state.ticket_fields),
        "due_by": check.timestamp("due_by"),
        "fr_due_by": check.timestamp("fr_due_by"),
    }
    if creating:
        values["cc_emails"] = check.strings("cc_emails", max_items=49, emails=True)
        values["parent_id"] = check.reference(
            "parent_id",
            state.tickets.__contains__,
            "There is no ticket matching the given parent_id",
        )
    # docs/freshdesk-api-notes.md#tickets: due_by and fr_due_by must be sent together, fr_due_by <= due_by.
    if check.given("due_by") != check.given("fr_due_by"):
        check.add("fr_due_by" if check.given("due_by") else "due_by", BLANK, "missing_field")
    elif values["due_by"] and values["fr_due_by"] and values["fr_due_by"] > values["due_by"]:
        check.add("fr_due_by", "It should be lesser than or equal to due_by")
    return check.sent(values)


def resolve_requester(
    check: Checker, call: Call, *, creating: bool
) -> tuple[int | None, dict[str, Any] | None]:
    """Return ``(existing requester id, None)`` or ``(None, fields of a contact to create)``.

    docs/freshdesk-api-notes.md#tickets: one of requester_id, email, facebook_id, phone, twitter_id,
    unique_external_id is required on create; an unknown email, phone,
    twitter_id or unique_external_id creates a contact, a facebook_id must
    match one, and a new contact made from a phone alone needs a ``name``.
    """
    state = call.state
    data = check.data
    name = check.text("name", max_length=255)
    given = [key for key in REQUESTER_KEYS if data.get(key) is not None]
    if not given:
        if creating:
            check.add("requester_id", REQUESTER_MISSING, "missing_field")
        return None, None
    key = given[0]
    if key == "requester_id":
        found = check.reference(
            "requester_id",
            lambda uid: state.person(uid) is not None,
            "There is no contact matching the given requester_id",
        )
        return found, None
    value = check.text(key, max_length=255)
    if value is None:
        return None, None
    if key == "email":
        if not EMAIL_RE.match(value):
            check.add("email", "It should be in the 'valid email address' format")
            return None, None
        found = state.user_with_email(value)
    else:
        found = state.contact_with(key, value)
    if found is not None:
        return found, None
    if key == "facebook_id":
        check.add("facebook_id", "There is no contact matching the given facebook_id")
        return None, None
    if key == "phone" and name is None:
        check.add("name", BLANK, "missing_field")
        return None, None
    fallback = value.split("@", 1)[0] if key == "email" else value
    fields: dict[str, Any] = {"name": name or fallback, key: value}
    if key == "email":
        fields["company_id"] = state.company_for_email(value)
    return None, fields
