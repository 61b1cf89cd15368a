"""``GET /tickets``: the list's filters, 30-day default window, ordering, includes and page cap (docs/freshdesk-api-notes.md#pagination, #the-tickets-list)."""

from __future__ import annotations

import bisect
from datetime import timedelta
from typing import Any, Final

from ._call import Call
from ._http import FakeResponse
from ._pages import PAGE_PARAMS, page_args, paged_response
from ._record_shapes import Record
from ._state import FakeState
from ._ticket_view import ticket_list_item
from ._wire import to_wire

__all__ = ["list_tickets"]

FILTERS: Final = ("new_and_my_open", "watching", "spam", "deleted")
ORDER_BY: Final = ("created_at", "due_by", "updated_at", "status", "priority")
ORDER_TYPE: Final = ("asc", "desc")
LIST_INCLUDES: Final = ("requester", "stats", "description", "company")
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
