"""Ticket routes: list, view, create, update, delete, restore (docs/freshdesk-api-notes.md#pagination, #tickets)."""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, Final

from ._call import Call, Route
from ._errors import not_found
from ._http import FakeResponse
from ._pages import PAGE_PARAMS, page_args, paged_response
from ._state import PRIORITIES, SOURCES, STATUSES, FakeState, Record, merge_update
from ._validate import BLANK, Checker
from ._wire import EMAIL_RE, html_to_text, to_wire

__all__ = ["ROUTES", "apply_status", "ticket_list_item", "ticket_view"]

FILTERS: Final = ("new_and_my_open", "watching", "spam", "deleted")
ORDER_BY: Final = ("created_at", "due_by", "updated_at", "status", "priority")
ORDER_TYPE: Final = ("asc", "desc")
LIST_INCLUDES: Final = ("requester", "stats", "description", "company")
VIEW_INCLUDES: Final = ("conversations", "requester", "company", "stats")
LIST_PARAMS: Final = (
    "filter",
    "requester_id",
    "email",
    "unique_external_id",
    "company_id",
    "updated_since",
    "order_by",
    "order_type",
    "include",
    *PAGE_PARAMS,
)
# docs/freshdesk-api-notes.md#the-tickets-list: any of these replaces the 30-day default window; order_by, include, page do not.
WINDOW_LIFTERS: Final = (
    "filter",
    "requester_id",
    "email",
    "company_id",
    "updated_since",
    "unique_external_id",
)
DEFAULT_WINDOW_DAYS: Final = 30
PAGE_CAP: Final = 300
PAGE_CAP_MESSAGE: Final = (
    "You cannot access tickets beyond the 300th page. Please provide a smaller page number."
)
# docs/freshdesk-api-notes.md#tickets: description/description_text in lists only with include=description
# (accounts created after 2018-11-30); attachments and source_additional_info: view only.
LIST_OMIT: Final = frozenset(
    {"description", "description_text", "attachments", "source_additional_info"}
)
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
    }
)
# docs/freshdesk-api-notes.md#tickets: cc_emails is create-only (an update sending it gets invalid_field);
# parent_id makes the new ticket a child of an existing one.
CREATE_FIELDS: Final = UPDATE_FIELDS | {"cc_emails", "parent_id"}
# association_type values of parent/child tickets (Freshdesk: 1 parent, 2 child).
PARENT_ASSOCIATION: Final = 1
CHILD_ASSOCIATION: Final = 2
# First-response and resolution SLA targets, in hours, by priority (an
# illustrative default policy: Freshdesk's are configured per account).
SLA_HOURS: Final[Mapping[int, tuple[int, int]]] = {1: (24, 120), 2: (12, 72), 3: (4, 24), 4: (1, 8)}


# ---------------------------------------------------------------------- rendering


def _requester_embed(state: FakeState, user_id: int | None) -> dict[str, Any]:
    person = state.person(user_id) if user_id is not None else None
    # docs/freshdesk-api-notes.md#tickets include=requester: {id, name, email, mobile, phone}.
    return {
        "id": user_id,
        "name": person.get("name") if person else None,
        "email": person.get("email") if person else None,
        "mobile": person.get("mobile") if person else None,
        "phone": person.get("phone") if person else None,
    }


def _company_embed(state: FakeState, company_id: int | None) -> dict[str, Any]:
    company = state.companies.get(company_id) if company_id is not None else None
    # docs/freshdesk-api-notes.md#tickets include=company: {id, name}, {} if none.
    return {} if company is None else {"id": company["id"], "name": company["name"]}


def _embed(state: FakeState, ticket: Record, item: dict[str, Any], includes: Sequence[str]) -> None:
    for name in includes:
        if name == "requester":
            item["requester"] = _requester_embed(state, ticket["requester_id"])
        elif name == "stats":
            item["stats"] = dict(state.ticket_stats.get(ticket["id"]) or {})
        elif name == "company":
            item["company"] = _company_embed(state, ticket["company_id"])
        elif name == "conversations":
            item["conversations"] = []  # conversations are not stored by the fake


def ticket_list_item(
    state: FakeState, ticket: Record, includes: Sequence[str] = (), *, description: bool = False
) -> dict[str, Any]:
    """Return a ticket as a list or search item; *description* keeps the two description keys."""
    item = {key: value for key, value in ticket.items() if key not in LIST_OMIT}
    if description or "description" in includes:
        item["description"] = ticket["description"]
        item["description_text"] = ticket["description_text"]
    _embed(state, ticket, item, includes)
    return item


def ticket_view(state: FakeState, ticket: Record, includes: Sequence[str] = ()) -> dict[str, Any]:
    """Return a ticket as ``GET /tickets/{id}`` shows it, with the requested embeds."""
    item = dict(ticket)
    _embed(state, ticket, item, includes)
    return item


# ---------------------------------------------------------------------- listing


def _sort_key(field: str) -> Any:
    def key(ticket: Record) -> tuple[Any, int]:
        value = ticket[field]
        return ("" if value is None else value), ticket["id"]

    return key


def _updated_since(
    state: FakeState, ids: list[int], since: str, order_by: str, order_type: str
) -> list[int]:
    """Keep the tickets of *ids* updated at or after *since* (docs/freshdesk-api-notes.md#pagination: ``updated_at >= value``).

    Ordered by ``updated_at`` (either way) the kept tickets are one run at one
    end, found by bisection; any other order is filtered in full.
    """
    tickets = state.tickets
    if order_by != "updated_at":
        return [ticket_id for ticket_id in ids if tickets[ticket_id]["updated_at"] >= since]
    if order_type == "asc":
        start = bisect.bisect_left(ids, True, key=lambda i: tickets[i]["updated_at"] >= since)
        return ids[start:]
    end = bisect.bisect_left(ids, True, key=lambda i: tickets[i]["updated_at"] < since)
    return ids[:end]


def list_tickets(call: Call) -> FakeResponse:
    """``GET /tickets``: filters, the 30-day window, ordering, includes, the page cap."""
    state = call.state
    check = call.query(LIST_PARAMS)
    page, per_page = page_args(check)
    if page > PAGE_CAP:
        check.add("page", PAGE_CAP_MESSAGE)  # docs/freshdesk-api-notes.md#pagination
    chosen_filter = check.param_choice("filter", FILTERS)
    # requester_id, email and unique_external_id each name one requester; together they AND.
    requesters: list[int | None] = []
    requester_id = check.param_id("requester_id")
    if requester_id is not None:
        if state.person(requester_id) is None:
            check.add("requester_id", "There is no contact matching the given requester_id")
        requesters.append(requester_id)
    for name, lookup in (
        ("email", state.user_with_email),
        ("unique_external_id", lambda value: state.contact_with("unique_external_id", value)),
    ):
        value = check.data.get(name)
        if value is not None:
            found = lookup(value)
            if found is None:
                # docs/freshdesk-api-notes.md#tickets: unknown requester_id/email/company_id in the list filter → 400 invalid_value.
                check.add(name, f"There is no contact matching the given {name}")
            requesters.append(found)
    company_id = check.param_id("company_id")
    if company_id is not None and company_id not in state.companies:
        check.add("company_id", "There is no company matching the given company_id")
    updated_since = check.param_timestamp("updated_since")
    order_by = check.param_choice("order_by", ORDER_BY) or "created_at"
    order_type = check.param_choice("order_type", ORDER_TYPE) or "desc"
    includes = check.param_list("include", LIST_INCLUDES)
    check.fail()
    call.credits += 2 * len(
        includes
    )  # docs/freshdesk-api-notes.md#the-tickets-list: each list include costs +2 credits

    window: str | None = None
    if not any(name in call.params for name in WINDOW_LIFTERS):
        # docs/freshdesk-api-notes.md#the-tickets-list: "only tickets created since roughly one month ago (start of day)";
        # the fake's agent time zone is UTC.
        start = (call.now - timedelta(days=DEFAULT_WINDOW_DAYS)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        window = to_wire(start)
    owner = state.owner_id
    frozen_requesters = frozenset(requesters) if requesters else None
    if frozen_requesters is not None and len(frozen_requesters) > 1:
        frozen_requesters = frozenset()  # two different people: nothing can match

    def select() -> list[int]:
        chosen: list[Record] = []
        for ticket in state.tickets.values():
            deleted = ticket.get("deleted", False)
            if chosen_filter == "deleted":
                if not deleted:
                    continue
            elif deleted:
                continue
            elif chosen_filter == "spam":
                if not ticket["spam"]:
                    continue
            elif ticket["spam"]:
                continue  # docs/freshdesk-api-notes.md#the-tickets-list: spam and deleted are excluded unless asked for
            if chosen_filter == "new_and_my_open" and (
                ticket["status"] != 2 or ticket["responder_id"] not in (None, owner)
            ):
                continue
            if chosen_filter == "watching":
                continue  # the fake keeps no watchers
            if frozen_requesters is not None and ticket["requester_id"] not in frozen_requesters:
                continue
            if company_id is not None and ticket["company_id"] != company_id:
                continue
            if window is not None and ticket["created_at"] < window:
                continue
            chosen.append(ticket)
        # A stable tiebreak by id keeps pages disjoint when values repeat.
        chosen.sort(key=_sort_key(order_by), reverse=order_type == "desc")
        return [ticket["id"] for ticket in chosen]

    key = (
        "tickets",
        chosen_filter,
        frozen_requesters,
        company_id,
        window,
        order_by,
        order_type,
        owner,
    )
    # updated_since is applied to the cached, sorted list rather than being part
    # of its key: a complete export asks for a new updated_since on every page.
    ids = state.cached(key, select)
    if updated_since is not None:
        ids = _updated_since(state, ids, updated_since, order_by, order_type)
    return paged_response(
        call,
        ids,
        page,
        per_page,
        lambda ticket_id: ticket_list_item(state, state.tickets[ticket_id], includes),
    )


# ---------------------------------------------------------------------- view


def _live_ticket(call: Call, *, deleted: bool | None = False) -> Record:
    """Return the ticket of the path; *deleted* = which trash state may be seen (None: any)."""
    ticket = call.state.tickets.get(call.args[0])
    if ticket is None or (deleted is not None and ticket.get("deleted", False) != deleted):
        raise not_found()
    return ticket


def view_ticket(call: Call) -> FakeResponse:
    """``GET /tickets/{id}``: works for deleted tickets too (docs/freshdesk-api-notes.md#tickets)."""
    check = call.query(("include",))
    includes = check.param_list("include", VIEW_INCLUDES)
    check.fail()
    ticket = _live_ticket(call, deleted=None)
    call.credits += len(
        includes
    )  # docs/freshdesk-api-notes.md#the-tickets-list: each view include costs +1 credit
    return call.ok(ticket_view(call.state, ticket, includes))


# ---------------------------------------------------------------------- writes


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


def _check_fields(check: Checker, call: Call, *, creating: bool) -> dict[str, Any]:
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


def _resolve_requester(
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


def _requester_id(
    call: Call, existing: int | None, new_contact: dict[str, Any] | None
) -> int | None:
    if new_contact is None:
        return existing
    contact = call.state.insert_contact(call.stamp, new_contact)
    call.created.append("contacts")
    return int(contact["id"])


def create_ticket(call: Call) -> FakeResponse:
    """``POST /tickets`` → 201 with ``Location``."""
    body = call.body(update=False)
    check = Checker(body)
    check.unknown(CREATE_FIELDS)
    changes = _check_fields(check, call, creating=True)
    existing, new_contact = _resolve_requester(check, call, creating=True)
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
    ticket = state.insert_ticket(call.stamp, fields)
    stats = state.ticket_stats[ticket["id"]]
    apply_status(stats, None, ticket["status"], call.stamp)
    if ticket["status"] == 2:
        stats["status_updated_at"] = call.stamp
    return call.created_response("tickets", ticket_view(state, ticket), f"/tickets/{ticket['id']}")


def update_ticket(call: Call) -> FakeResponse:
    """``PUT /tickets/{id}`` → 200 with the whole ticket; not for trashed tickets."""
    ticket = _live_ticket(call)
    body = call.body(update=True)
    check = Checker(body)
    check.unknown(UPDATE_FIELDS)
    changes = _check_fields(check, call, creating=False)
    existing, new_contact = _resolve_requester(check, call, creating=False)
    check.fail()
    state = call.state
    requester_id = _requester_id(call, existing, new_contact)
    if requester_id is not None:
        changes["requester_id"] = requester_id
    if "description" in changes:
        text = changes["description"]
        changes["description_text"] = None if text is None else html_to_text(text)
    old_status = ticket["status"]
    merge_update(ticket, changes)
    apply_status(state.ticket_stats[ticket["id"]], old_status, ticket["status"], call.stamp)
    ticket["updated_at"] = call.stamp
    state.touch()
    return call.ok(ticket_view(state, ticket))


def delete_ticket(call: Call) -> FakeResponse:
    """``DELETE /tickets/{id}``: move to the trash (``"deleted": true``) → 204."""
    ticket = _live_ticket(call)
    ticket["deleted"] = (
        True  # docs/freshdesk-api-notes.md#tickets: the key is present only when true
    )
    ticket["updated_at"] = call.stamp
    call.state.touch()
    return call.no_content()


def restore_ticket(call: Call) -> FakeResponse:
    """``PUT /tickets/{id}/restore``: body must be empty; 404 unless trashed → 204."""
    call.no_body()
    ticket = _live_ticket(call, deleted=True)
    del ticket["deleted"]
    ticket["updated_at"] = call.stamp
    call.state.touch()
    return call.no_content()


ROUTES: Final[tuple[Route, ...]] = (
    Route("GET", "/tickets", list_tickets, limit="tickets_list"),
    Route("POST", "/tickets", create_ticket, limit="ticket_create"),
    Route("GET", "/tickets/{id}", view_ticket),
    Route("PUT", "/tickets/{id}", update_ticket, limit="ticket_update"),
    Route("DELETE", "/tickets/{id}", delete_ticket),
    Route("PUT", "/tickets/{id}/restore", restore_ticket),
)
