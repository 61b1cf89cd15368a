"""One ticket as the API shows it: list and search items, the view, embeds, ``GET /tickets/{id}``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from ._attachments import render_attachments
from ._call import Call
from ._conversation_view import embedded_thread
from ._errors import not_found
from ._http import FakeResponse
from ._record_shapes import Record
from ._state import FakeState

__all__ = [
    "LIST_OMIT",
    "VIEW_INCLUDES",
    "live_ticket",
    "ticket_list_item",
    "ticket_view",
    "view_ticket",
]

VIEW_INCLUDES: Final = ("conversations", "requester", "company", "stats")
# docs/freshdesk-api-notes.md#tickets: description/description_text in lists only with include=description
# (accounts created after 2018-11-30); attachments and source_additional_info: view only.
LIST_OMIT: Final = frozenset(
    {"description", "description_text", "attachments", "source_additional_info"}
)


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


def ticket_view(call: Call, ticket: Record, includes: Sequence[str] = ()) -> dict[str, Any]:
    """Return a ticket as ``GET /tickets/{id}`` shows it, with the requested embeds.

    ``attachments`` get fresh links (docs/freshdesk-api-notes.md#attachments);
    ``conversations`` embeds the first ten, oldest first (docs/freshdesk-api-notes.md#conversations).
    """
    item = dict(ticket)
    item["attachments"] = render_attachments(call, ticket["attachments"])
    _embed(call.state, ticket, item, [name for name in includes if name != "conversations"])
    if "conversations" in includes:
        item["conversations"] = embedded_thread(call, ticket["id"])
    return item


def live_ticket(call: Call, *, deleted: bool | None = False) -> Record:
    """Return the ticket of the path; *deleted* = which trash state may be seen (None: any).

    An archived ticket is not live: 404 (docs/freshdesk-api-notes.md#archived-tickets).
    """
    ticket = call.state.tickets.get(call.args[0])
    if ticket is None or (deleted is not None and ticket.get("deleted", False) != deleted):
        raise not_found()
    return ticket


def view_ticket(call: Call) -> FakeResponse:
    """``GET /tickets/{id}``: works for deleted tickets too (docs/freshdesk-api-notes.md#tickets)."""
    check = call.query(("include",))
    includes = check.param_list("include", VIEW_INCLUDES)
    check.fail()
    ticket = live_ticket(call, deleted=None)
    call.credits += len(
        includes
    )  # docs/freshdesk-api-notes.md#the-tickets-list: each view include costs +1 credit
    return call.ok(ticket_view(call, ticket, includes))
