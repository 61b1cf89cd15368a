"""Search routes: ``GET /search/{tickets,contacts,companies}?query="..."`` (docs/freshdesk-api-notes.md#search)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final

from ._call import Call, Route
from ._companies import company_view
from ._contacts import contact_list_item
from ._http import FakeResponse
from ._query import QueryError, Resource, parse_query
from ._record_shapes import Record
from ._state import FakeState
from ._ticket_view import ticket_list_item
from ._validation_messages import BLANK

__all__ = ["ROUTES"]

PAGE_SIZE: Final = 30  # docs/freshdesk-api-notes.md#search: fixed, per_page is rejected
MAX_PAGE: Final = 10
PAGE_MESSAGE: Final = (
    "It should be a Positive Integer less than or equal to 10"  # docs/freshdesk-api-notes.md#search
)


def _candidates(state: FakeState, resource: Resource) -> Iterable[Record]:
    if resource == "tickets":
        # Spam and trashed tickets are not searchable (as in the list, docs/freshdesk-api-notes.md#the-tickets-list).
        return (t for t in state.tickets.values() if not t["spam"] and not t.get("deleted"))
    if resource == "contacts":
        return (
            c for c in state.contacts.values() if not c.get("deleted")
        )  # docs/freshdesk-api-notes.md#search
    return state.companies.values()


def _renderer(state: FakeState, resource: Resource) -> Callable[[Record], dict[str, Any]]:
    if resource == "tickets":
        # docs/freshdesk-api-notes.md#search: ticket results include description and description_text.
        return lambda ticket: ticket_list_item(state, ticket, description=True)
    if resource == "contacts":
        return contact_list_item
    return company_view


def _store(state: FakeState, resource: Resource) -> dict[int, Record]:
    if resource == "tickets":
        return state.tickets
    return state.contacts if resource == "contacts" else state.companies


def _custom_names(state: FakeState, resource: Resource) -> list[str]:
    fields = {
        "tickets": state.ticket_fields,
        "contacts": state.contact_fields,
        "companies": state.company_fields,
    }[resource]
    return list(fields)


def _search(resource: Resource) -> Callable[[Call], FakeResponse]:
    def handler(call: Call) -> FakeResponse:
        state = call.state
        # docs/freshdesk-api-notes.md#search: only query and page; per_page is rejected with invalid_field.
        check = call.query(("query", "page"))
        page = check.param_int("page", default=1, maximum=MAX_PAGE, message=PAGE_MESSAGE)
        raw = call.params.get("query")
        query = None
        if raw is None:
            check.add("query", BLANK, "missing_field")
        else:
            try:
                query = parse_query(raw, resource, custom_fields=_custom_names(state, resource))
            except QueryError as error:
                check.add(error.field, error.message, error.code)
        check.fail()
        assert query is not None

        def select() -> list[int]:
            found = [record for record in _candidates(state, resource) if query.matches(record)]
            found.sort(key=lambda record: (record["created_at"], record["id"]), reverse=True)
            return [record["id"] for record in found]

        ids = state.cached(("search", resource, query.text), select)
        store = _store(state, resource)
        render = _renderer(state, resource)
        start = (page - 1) * PAGE_SIZE
        results = [render(store[record_id]) for record_id in ids[start : start + PAGE_SIZE]]
        # docs/freshdesk-api-notes.md#search: {"results": [...], "total": N}; total is the full count, even past 300.
        return call.ok({"results": results, "total": len(ids)})

    return handler


ROUTES: Final[tuple[Route, ...]] = (
    Route("GET", "/search/tickets", _search("tickets")),
    Route("GET", "/search/contacts", _search("contacts")),
    Route("GET", "/search/companies", _search("companies")),
)
