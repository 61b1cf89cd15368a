"""Archived ticket routes (docs/freshdesk-api-notes.md#archived-tickets).

Archived tickets live in ``state.archived``, out of the live tickets: the
normal endpoints, the list and search do not see them, and these routes read
(or erase) them. On a plan without archiving (``archive_enabled=False``)
every one of them answers 403 ``require_feature``.
"""

from __future__ import annotations

from typing import Final

from ._call import Call, Route
from ._conversation_view import thread_page
from ._errors import not_found, request_error
from ._http import FakeResponse
from ._pages import PAGE_PARAMS, page_args
from ._record_shapes import Record
from ._ticket_view import VIEW_INCLUDES, ticket_view

__all__ = ["REQUIRE_FEATURE_MESSAGE", "ROUTES"]

# docs/freshdesk-api-notes.md#archived-tickets (unconfirmed): a plan without archiving answers 403
# require_feature; the message is the one public clients report for this feature.
REQUIRE_FEATURE_MESSAGE: Final = (
    "The Archive Tickets feature(s) is/are not supported in your plan. "
    "Please upgrade your account to use it."
)


def _archived(call: Call) -> Record:
    """Return the archived ticket of the path: 403 without the feature, 404 if not archived."""
    if not call.settings.archive_enabled:
        raise request_error(403, "require_feature", REQUIRE_FEATURE_MESSAGE)
    ticket = call.state.archived.get(call.args[0])
    if ticket is None:
        raise not_found()
    return ticket


def view_archived(call: Call) -> FakeResponse:
    """``GET /tickets/archived/{id}``: the ticket in the live view's shape, same embeds and credits."""
    if not call.settings.archive_enabled:
        _archived(call)
    check = call.query(("include",))
    includes = check.param_list("include", VIEW_INCLUDES)
    check.fail()
    ticket = _archived(call)
    call.credits += len(
        includes
    )  # docs/freshdesk-api-notes.md#the-tickets-list: +1 per view include
    return call.ok(ticket_view(call, ticket, includes))


def archived_conversations(call: Call) -> FakeResponse:
    """``GET /tickets/archived/{id}/conversations``: its thread, oldest first, paged like the live one."""
    if not call.settings.archive_enabled:
        _archived(call)
    check = call.query(PAGE_PARAMS)
    page, per_page = page_args(check)
    check.fail()
    ticket = _archived(call)
    return thread_page(call, ticket["id"], page, per_page)


def delete_archived(call: Call) -> FakeResponse:
    """``DELETE /tickets/archived/{id}``: erase it for good, conversations and files included → 204."""
    ticket = _archived(call)
    call.state.delete_archived(ticket["id"])
    return call.no_content()


ROUTES: Final[tuple[Route, ...]] = (
    Route("GET", "/tickets/archived/{id}", view_archived),
    Route("DELETE", "/tickets/archived/{id}", delete_archived),
    Route("GET", "/tickets/archived/{id}/conversations", archived_conversations),
)
