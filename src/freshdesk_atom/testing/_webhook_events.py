"""The ticket events on which the fake's automation rules can trigger a webhook."""

from __future__ import annotations

from typing import Final, Literal, get_args

__all__ = ["WEBHOOK_EVENTS", "WebhookEvent"]

WebhookEvent = Literal[
    "ticket_created", "ticket_updated", "reply_sent", "note_added", "ticket_deleted"
]
"""An event a :class:`~freshdesk_atom.testing.WebhookRule` listens to.

Freshdesk's automation rules run "on ticket creation" or "on ticket updates"
with events such as "reply is sent", "note is added", "status is changed" or
"ticket is deleted"
(https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules).
The fake folds them into five names; every successful API write that changes
a ticket fires one of them with the ticket as the write left it:

* ``ticket_created``: ``POST /tickets``.
* ``ticket_updated``: ``PUT /tickets/{id}`` (field changes, a status change,
  spam), ``PUT /tickets/{id}/restore``, and, the fake's choice,
  ``POST /tickets/{id}/forward``, ``PUT`` and ``DELETE /conversations/{id}``
  and a child ticket's create on its parent (these all move the ticket's
  ``updated_at`` in the fake).
* ``reply_sent``: ``POST /tickets/{id}/reply``.
* ``note_added``: ``POST /tickets/{id}/notes``.
* ``ticket_deleted``: ``DELETE /tickets/{id}`` (moved to the trash).
"""

WEBHOOK_EVENTS: Final[tuple[WebhookEvent, ...]] = get_args(WebhookEvent)
"""Every :data:`WebhookEvent`, in a fixed order (a rule's default ``events``)."""
