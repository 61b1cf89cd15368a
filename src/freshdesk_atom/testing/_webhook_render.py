"""A rule's content: a template whose ``{{placeholders}}`` are filled from the ticket.

Freshdesk's "Trigger webhook" action sends either picked ticket fields
("Simple") or a free-form body with placeholders ("Advanced")
(https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules,
docs/freshdesk-api-notes.md#webhooks). The fake renders the free form only, in
the JSON encoding; picked fields are the same thing as a template that lists
them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any, Final
from urllib.parse import quote

__all__ = [
    "RECOMMENDED_TEMPLATE",
    "WEBHOOK_PLACEHOLDERS",
    "PlaceholderValue",
    "json_escape",
    "render",
    "ticket_values",
    "url_escape",
]

RECOMMENDED_TEMPLATE: Final = (
    '{"ticket_id": {{ticket.id}}, "event": "{{event}}", "updated_at": "{{ticket.updated_at}}"}'
)
"""The content a receiver should ask for: which ticket, what happened, and when.

A receiver that reads the ticket back through the API (rather than trusting
the payload) needs nothing else, and ``updated_at`` lets it skip a
late or duplicated call older than what it already holds.
"""

WEBHOOK_PLACEHOLDERS: Final = (
    "ticket.id",
    "ticket.subject",
    "ticket.status",
    "ticket.priority",
    "ticket.updated_at",
    "ticket.created_at",
    "ticket.requester.email",
    "ticket.url",
    "event",
)
"""The placeholders the fake fills.

``{{ticket.status}}`` and ``{{ticket.priority}}`` give the names an agent
sees (``Open``, ``High``), not the API's codes. ``{{ticket.updated_at}}`` and
``{{ticket.created_at}}`` are the fake's names for the ticket's times, in the
API's wire form (``2024-06-03T12:00:00Z``); a real rule editor's placeholder
picker lists what an account offers, under its own names and formats.
``{{event}}`` is the fake's too: the :data:`WebhookEvent` that fired the rule.
"""

# docs/freshdesk-api-notes.md#tickets: statuses 2 Open .. 5 Closed, priorities 1 Low .. 4 Urgent.
_STATUS_NAMES: Final = {2: "Open", 3: "Pending", 4: "Resolved", 5: "Closed"}
_PRIORITY_NAMES: Final = {1: "Low", 2: "Medium", 3: "High", 4: "Urgent"}
_PLACEHOLDER: Final = re.compile(r"\{\{(.*?)\}\}", re.S)

PlaceholderValue = str | int | None
"""What a placeholder holds before escaping; ``None`` renders as empty text."""


def _named(names: Mapping[int, str], code: Any) -> PlaceholderValue:
    if code is None:
        return None
    return names.get(code, str(code))


def ticket_values(
    ticket: Mapping[str, Any],
    requester: Mapping[str, Any] | None,
    *,
    domain: str,
    event: str,
) -> dict[str, PlaceholderValue]:
    """Return every placeholder's value for *ticket* (as stored) and its *requester*."""
    ticket_id = int(ticket["id"])
    return {
        "ticket.id": ticket_id,
        "ticket.subject": ticket.get("subject"),
        "ticket.status": _named(_STATUS_NAMES, ticket.get("status")),
        "ticket.priority": _named(_PRIORITY_NAMES, ticket.get("priority")),
        "ticket.updated_at": ticket.get("updated_at"),
        "ticket.created_at": ticket.get("created_at"),
        "ticket.requester.email": requester.get("email") if requester else None,
        # The agent portal's link to the ticket, as Freshdesk's {{ticket.url}} gives it.
        "ticket.url": f"https://{domain}.freshdesk.com/helpdesk/tickets/{ticket_id}",
        "event": event,
    }


def json_escape(value: PlaceholderValue) -> str:
    """Return *value* as text safe inside a JSON string (quotes, backslashes, controls escaped).

    A number is its digits, so ``{{ticket.id}}`` can stand outside quotes.
    """
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)[1:-1]


def url_escape(value: PlaceholderValue) -> str:
    """Return *value* percent-encoded for a URL (a placeholder in the rule's URL)."""
    return "" if value is None else quote(str(value), safe="")


def render(
    template: str,
    values: Mapping[str, PlaceholderValue],
    escape: Callable[[PlaceholderValue], str] = json_escape,
) -> str:
    """Fill *template*'s ``{{name}}`` placeholders (spaces inside the braces allowed).

    An unknown placeholder renders as empty text: Freshdesk leaves a
    placeholder it cannot fill empty (the fake's reading; it does the same
    for names outside :data:`WEBHOOK_PLACEHOLDERS`, Liquid filters included).
    """

    def fill(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        return escape(values[name]) if name in values else ""

    return _PLACEHOLDER.sub(fill, template)
