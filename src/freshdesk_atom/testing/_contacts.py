"""Contact routes (docs/freshdesk-api-notes.md#contacts): list, view, create, update, soft and hard delete,
restore, make_agent."""

from __future__ import annotations

from typing import Any, Final

from ._call import Call, Route
from ._errors import bad_request_empty, method_not_allowed, not_found, request_error
from ._http import FakeResponse
from ._pages import PAGE_PARAMS, page_args, paged_response
from ._record_shapes import AGENT_CONTACT_KEYS, Record, merge_update
from ._state import FakeState
from ._validate import Checker
from ._validation_messages import UNIQUE

__all__ = ["ROUTES", "contact_list_item", "contact_view"]

STATES: Final = ("verified", "unverified", "deleted", "blocked")
LIST_PARAMS: Final = (
    "email",
    "mobile",
    "phone",
    "company_id",
    "unique_external_id",
    "tag",
    "state",
    "_updated_since",  # docs/freshdesk-api-notes.md#contacts: the leading underscore is Freshdesk's
    *PAGE_PARAMS,
)
LIST_OMIT: Final = frozenset(
    {"tags", "other_emails", "avatar"}
)  # docs/freshdesk-api-notes.md#contacts: list items omit them
IDENTIFIERS: Final = ("email", "phone", "mobile", "twitter_id", "unique_external_id")
IDENTIFIER_MISSING: Final = (
    "Please fill at least 1 of email, mobile, phone, twitter_id, unique_external_id fields"
)
WRITABLE: Final = frozenset(
    {
        "name",
        *IDENTIFIERS,
        "other_emails",
        "facebook_id",
        "company_id",
        "view_all_tickets",
        "address",
        "custom_fields",
        "description",
        "job_title",
        "language",
        "tags",
        "time_zone",
    }
)
MAKE_AGENT_FIELDS: Final = frozenset(
    {"occasional", "group_ids", "role_ids", "skill_ids", "ticket_scope", "signature", "type"}
)
AGENT_TYPES: Final = ("support_agent", "field_agent", "collaborator")
TICKET_SCOPES: Final = (1, 2, 3)


def contact_list_item(contact: Record) -> dict[str, Any]:
    """Return a contact as list and search results show it."""
    return {key: value for key, value in contact.items() if key not in LIST_OMIT}


def contact_view(contact: Record) -> dict[str, Any]:
    """Return a contact as ``GET /contacts/{id}`` shows it."""
    return dict(contact)


def _contact_state(state: FakeState, contact: Record) -> str:
    if contact.get("deleted"):
        return "deleted"
    if contact["id"] in state.blocked:
        return "blocked"
    return "verified" if contact["active"] else "unverified"


def list_contacts(call: Call) -> FakeResponse:
    """``GET /contacts``: filters; deleted and blocked only through ``state``; by name."""
    state = call.state
    check = call.query(LIST_PARAMS)
    page, per_page = page_args(check)
    wanted_state = check.param_choice("state", STATES)
    company_id = check.param_id("company_id")
    since = check.param_timestamp("_updated_since")
    check.fail()
    params = call.params
    email = params.get("email", "").casefold() or None
    exact = {
        name: params[name] for name in ("mobile", "phone", "unique_external_id") if name in params
    }
    tag = params.get("tag")

    def select() -> list[int]:
        chosen: list[Record] = []
        for contact in state.contacts.values():
            status = _contact_state(state, contact)
            if wanted_state is None:
                if status in ("deleted", "blocked"):
                    continue  # docs/freshdesk-api-notes.md#contacts: the default list excludes deleted and blocked
            elif status != wanted_state:
                continue
            if email is not None and (contact["email"] or "").casefold() != email:
                continue
            if any(str(contact.get(name)) != value for name, value in exact.items()):
                continue
            if company_id is not None and contact["company_id"] != company_id:
                continue
            if tag is not None and tag not in contact["tags"]:
                continue
            if since is not None and contact["updated_at"] < since:
                continue
            chosen.append(contact)
        chosen.sort(key=lambda contact: (str(contact["name"] or "").casefold(), contact["id"]))
        return [contact["id"] for contact in chosen]

    key = ("contacts", wanted_state, email, tuple(sorted(exact.items())), company_id, tag, since)
    ids = state.cached(key, select)
    return paged_response(
        call, ids, page, per_page, lambda contact_id: contact_list_item(state.contacts[contact_id])
    )


def _contact(call: Call, *, writable: bool = False) -> Record:
    contact = call.state.contacts.get(call.args[0])
    if contact is None:
        raise not_found()
    if writable and (contact.get("deleted") or contact["id"] in call.state.blocked):
        # docs/freshdesk-api-notes.md#contacts: deleted and blocked contacts answer PUT/DELETE with 405.
        raise method_not_allowed(call.request.method, ["GET"])
    return contact


def view_contact(call: Call) -> FakeResponse:
    """``GET /contacts/{id}``: soft-deleted contacts too, with ``"deleted": true``."""
    return call.ok(contact_view(_contact(call)))


def _check_contact(
    check: Checker, call: Call, *, creating: bool, own_id: int | None
) -> dict[str, Any]:
    """Validate a contact body; duplicates of unique values become 409s (docs/freshdesk-api-notes.md#contacts)."""
    state = call.state
    values: dict[str, Any] = {
        "name": check.text("name", required=creating, nullable=False, max_length=255),
        "email": check.email("email"),
        "phone": check.text("phone", max_length=255),
        "mobile": check.text("mobile", max_length=255),
        "twitter_id": check.text("twitter_id", max_length=255),
        "unique_external_id": check.text("unique_external_id", max_length=255),
        "facebook_id": check.text("facebook_id", max_length=255),
        "other_emails": check.strings("other_emails", max_items=10, emails=True),
        "company_id": check.reference(
            "company_id",
            state.companies.__contains__,
            "There is no company matching the given company_id",
        ),
        "view_all_tickets": check.boolean("view_all_tickets"),
        "address": check.text("address", max_length=255),
        "description": check.text("description"),
        "job_title": check.text("job_title", max_length=255),
        "language": check.text("language", nullable=False),
        "time_zone": check.text("time_zone", nullable=False),
        "tags": check.strings("tags", item_max_length=32, no_commas=True),
        "custom_fields": check.custom_fields(state.contact_fields),
    }
    if creating and not any(check.data.get(name) for name in IDENTIFIERS):
        check.add("email", IDENTIFIER_MISSING, "missing_field")
    # docs/freshdesk-api-notes.md#contacts: a duplicate email/twitter_id/unique_external_id is 409 duplicate_value
    # with additional_info.user_id naming the holder.
    for name in ("email", "twitter_id", "unique_external_id"):
        value = values[name]
        if value is None:
            continue
        if name == "email":
            holder = state.user_with_email(value, exclude=own_id)
        else:
            holder = state.contact_with(name, value, exclude=own_id)
        if holder is not None:
            check.add(name, UNIQUE, "duplicate_value", additional_info={"user_id": holder})
    for other in values["other_emails"] or ():
        holder = state.user_with_email(other, exclude=own_id)
        if holder is not None:
            check.add(
                "other_emails", UNIQUE, "duplicate_value", additional_info={"user_id": holder}
            )
            break
    return check.sent(values)


def create_contact(call: Call) -> FakeResponse:
    """``POST /contacts`` → 201; the email's domain may link a company (docs/freshdesk-api-notes.md#companies)."""
    check = Checker(call.body(update=False))
    check.unknown(WRITABLE)
    fields = _check_contact(check, call, creating=True, own_id=None)
    check.fail()
    state = call.state
    if "company_id" not in fields:
        fields["company_id"] = state.company_for_email(fields.get("email"))
    contact = state.insert_contact(call.stamp, fields)
    return call.created_response("contacts", contact_view(contact), f"/contacts/{contact['id']}")


def update_contact(call: Call) -> FakeResponse:
    """``PUT /contacts/{id}`` → 200; 405 for deleted and blocked contacts."""
    contact = _contact(call, writable=True)
    check = Checker(call.body(update=True))
    check.unknown(WRITABLE)
    changes = _check_contact(check, call, creating=False, own_id=contact["id"])
    check.fail()
    merge_update(contact, changes)
    contact["updated_at"] = call.stamp
    call.state.touch()
    return call.ok(contact_view(contact))


def delete_contact(call: Call) -> FakeResponse:
    """``DELETE /contacts/{id}``: soft delete → 204; 405 when already deleted or blocked."""
    contact = _contact(call, writable=True)
    contact["deleted"] = True
    contact["updated_at"] = call.stamp
    call.state.touch()
    return call.no_content()


def restore_contact(call: Call) -> FakeResponse:
    """``PUT /contacts/{id}/restore`` → 204; 404 unless soft-deleted."""
    call.no_body()
    contact = _contact(call)
    if not contact.get("deleted"):
        raise not_found()
    del contact["deleted"]
    contact["updated_at"] = call.stamp
    call.state.touch()
    return call.no_content()


def hard_delete_contact(call: Call) -> FakeResponse:
    """``DELETE /contacts/{id}/hard_delete[?force=true]`` → 204.

    docs/freshdesk-api-notes.md#contacts: the contact must be soft-deleted first, else 400 with
    an empty body; ``force=true`` skips that rule.
    """
    check = call.query(("force",))
    force = check.param_choice("force", ("true", "false")) == "true"
    check.fail()
    contact = _contact(call)
    if not contact.get("deleted") and not force:
        raise bad_request_empty()
    state = call.state
    del state.contacts[contact["id"]]
    state.blocked.discard(contact["id"])
    state.touch()
    return call.no_content()


def make_agent(call: Call) -> FakeResponse:
    """``PUT /contacts/{id}/make_agent`` → 200, the contact with an ``agent`` object.

    docs/freshdesk-api-notes.md#contacts: the body is optional; a contact without an email is 409
    ``inconsistent_state``. The user then lives on as an agent (same id) and
    leaves the contacts list.
    """
    contact = _contact(call, writable=True)
    check = Checker(call.body(update=False))  # the body is optional
    check.unknown(MAKE_AGENT_FIELDS)
    state = call.state
    values: dict[str, Any] = {
        "occasional": check.boolean("occasional"),
        "group_ids": check.integers("group_ids", exists=state.groups.__contains__),
        "role_ids": check.integers("role_ids"),
        "skill_ids": check.integers("skill_ids"),
        "ticket_scope": check.integer("ticket_scope", nullable=False, choices=TICKET_SCOPES),
        "signature": check.text("signature"),
        "type": check.choice("type", AGENT_TYPES, nullable=False),
    }
    check.fail()
    if not contact["email"]:
        raise request_error(
            409,
            "inconsistent_state",
            "The contact should have an email to be converted to an agent",
        )
    fields = check.sent(values)
    person = {key: contact.get(key) for key in AGENT_CONTACT_KEYS}
    person.update(last_login_at=None, updated_at=call.stamp)
    del state.contacts[contact["id"]]
    contact["updated_at"] = call.stamp
    agent = state.insert_agent(call.stamp, {**fields, "id": contact["id"], "contact": person})
    shown = contact_view(contact)
    # The sub-object's keys as recorded in contact_1_agent.json.
    shown["agent"] = {
        "available_since": agent["available_since"],
        "available": agent["available"],
        "occasional": agent["occasional"],
        "signature": agent["signature"],
        "group_ids": state.agent_group_ids(agent["id"]),
        "role_ids": agent["role_ids"],
        "id": agent["id"],
        "ticket_scope": agent["ticket_scope"],
        "type": agent["type"],
        "created_at": agent["created_at"],
        "updated_at": agent["updated_at"],
    }
    return call.ok(shown)


ROUTES: Final[tuple[Route, ...]] = (
    Route("GET", "/contacts", list_contacts, limit="contacts_list"),
    Route("POST", "/contacts", create_contact),
    Route("GET", "/contacts/{id}", view_contact),
    Route("PUT", "/contacts/{id}", update_contact),
    Route("DELETE", "/contacts/{id}", delete_contact),
    Route("PUT", "/contacts/{id}/restore", restore_contact),
    Route("DELETE", "/contacts/{id}/hard_delete", hard_delete_contact),
    Route("PUT", "/contacts/{id}/make_agent", make_agent),
)
