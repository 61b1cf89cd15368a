"""The write tools: create a ticket, reply, add a note, update a ticket.

Writes always go to Freshdesk. Text from the model is plain: it is sent as
HTML that shows it as typed (the ATOM adapter's ``text_to_html``). After a
write succeeds, the mirror (when there is one) re-reads that ticket and its
thread (:meth:`Mirror.arefresh_ticket`), so the next search or read sees the
change without waiting for a sync; the result says whether that worked. A
create whose answer was lost is reported as neither done nor failed
(``UnknownOutcomeError``), with how to check before sending it again.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Annotated, Final, TypeVar

import attrs
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from .. import NOT_GIVEN, AsyncFreshdesk, FreshdeskError, NotGiven
from .._constants import LOGGER_NAME
from ..asgi._lifecycle_inputs import text_to_html
from ..mirror import Mirror
from ._errors import freshdesk_errors
from ._params import Body, Email, Emails, Priority, RecordId, Status, Subject, Tags, TicketType
from ._shapes import CreatedTicket, ThreadAddition, UpdatedTicket, conversation_info, ticket_detail

__all__ = ["Writes"]

logger = logging.getLogger(LOGGER_NAME)

T = TypeVar("T")

RESULT_BODY_CHARS: Final = 2000
"""Longest text a write's result echoes back (the model wrote it: it knows the rest)."""

_CHECK_TICKET: Final = (
    "Before creating it again, look for it: search_tickets with the requester's email lists "
    "their tickets, newest first."
)
_CHECK_THREAD: Final = (
    "Before sending it again, read the ticket's last conversations with get_ticket to see "
    "whether it is there."
)


def _given(value: T | None) -> T | NotGiven:
    return NOT_GIVEN if value is None else value


@attrs.frozen(kw_only=True)
class Writes:
    """The write tools over one account: *client* for Freshdesk, *mirror* to keep up to date."""

    client: AsyncFreshdesk
    mirror: Mirror | None = None

    async def _refresh(self, ticket_id: int) -> str | None:
        """Bring the mirror's copy of the ticket up to date; say how that went (``None``: no mirror)."""
        if self.mirror is None:
            return None
        try:
            await self.mirror.arefresh_ticket(self.client, ticket_id)
        except (FreshdeskError, sqlite3.Error) as exc:
            # The write is done: say so, and that the mirror lags until the next sync.
            logger.warning("the mirror could not re-read ticket %d: %s", ticket_id, exc)
            return f"not refreshed ({exc}); the next sync brings the change"
        return "refreshed"

    async def create_ticket(
        self,
        subject: Subject,
        description: Annotated[Body, Field(description="The first message, in plain text.")],
        email: Annotated[
            Email | None,
            Field(description="The requester's email (a new contact is made for a new address)."),
        ] = None,
        requester_id: Annotated[
            RecordId | None, Field(description="Or the id of an existing contact.")
        ] = None,
        name: Annotated[
            str | None,
            Field(max_length=255, description="The requester's name, for a new contact."),
        ] = None,
        priority: Priority = 1,
        status: Status = 2,
        type: TicketType | None = None,
        tags: Tags | None = None,
        group_id: Annotated[RecordId | None, Field(description="Assign to this group.")] = None,
        responder_id: Annotated[RecordId | None, Field(description="Assign to this agent.")] = None,
        cc_emails: Emails | None = None,
    ) -> CreatedTicket:
        """Create a ticket (exactly one of *email* and *requester_id*)."""
        if (email is None) == (requester_id is None):
            raise ToolError(
                "email, requester_id: give exactly one: the requester's email address, or the "
                "id of an existing contact"
            )
        with freshdesk_errors(lost=_CHECK_TICKET):
            ticket = await self.client.tickets.create(
                subject=subject,
                description=text_to_html(description),
                email=_given(email),
                requester_id=_given(requester_id),
                name=_given(name),
                priority=priority,
                status=status,
                type=_given(type),
                tags=_given(tags),
                group_id=_given(group_id),
                responder_id=_given(responder_id),
                cc_emails=_given(cc_emails),
            )
        return CreatedTicket(
            # Freshdesk's answer embeds no requester: the address it was made for names them.
            ticket=ticket_detail(ticket, body_chars=RESULT_BODY_CHARS, requester=email),
            mirror=await self._refresh(ticket.id),
        )

    async def reply_to_ticket(
        self,
        ticket_id: RecordId,
        body: Annotated[Body, Field(description="The reply, in plain text.")],
        cc_emails: Emails | None = None,
    ) -> ThreadAddition:
        """Reply to the ticket's requester by email."""
        with freshdesk_errors(lost=_CHECK_THREAD):
            reply = await self.client.tickets.conversations.reply(
                ticket_id, body=text_to_html(body), cc_emails=_given(cc_emails)
            )
        return ThreadAddition(
            ticket_id=ticket_id,
            conversation=conversation_info(reply, body_chars=RESULT_BODY_CHARS),
            mirror=await self._refresh(ticket_id),
        )

    async def add_note(
        self,
        ticket_id: RecordId,
        body: Annotated[Body, Field(description="The note, in plain text.")],
        private: Annotated[
            bool, Field(description="True: agents only. False: the requester sees it too.")
        ] = True,
    ) -> ThreadAddition:
        """Add a note to the ticket (private unless *private* is false)."""
        with freshdesk_errors(lost=_CHECK_THREAD):
            note = await self.client.tickets.conversations.note(
                ticket_id, body=text_to_html(body), private=private
            )
        return ThreadAddition(
            ticket_id=ticket_id,
            conversation=conversation_info(note, body_chars=RESULT_BODY_CHARS),
            mirror=await self._refresh(ticket_id),
        )

    async def update_ticket(
        self,
        ticket_id: RecordId,
        status: Status | None = None,
        priority: Priority | None = None,
        group_id: Annotated[RecordId | None, Field(description="Assign to this group.")] = None,
        responder_id: Annotated[RecordId | None, Field(description="Assign to this agent.")] = None,
        type: TicketType | None = None,
        tags: Annotated[
            Tags | None, Field(description="The ticket's new tags: they replace all its tags.")
        ] = None,
    ) -> UpdatedTicket:
        """Change some of a ticket's fields (at least one)."""
        changes = {
            "status": status,
            "priority": priority,
            "group_id": group_id,
            "responder_id": responder_id,
            "type": type,
            "tags": tags,
        }
        if all(value is None for value in changes.values()):
            raise ToolError(f"{', '.join(changes)}: give at least one field to change")
        with freshdesk_errors():
            ticket = await self.client.tickets.update(
                ticket_id,
                status=_given(status),
                priority=_given(priority),
                group_id=_given(group_id),
                responder_id=_given(responder_id),
                type=_given(type),
                tags=_given(tags),
            )
        return UpdatedTicket(
            ticket=ticket_detail(ticket, body_chars=RESULT_BODY_CHARS),
            mirror=await self._refresh(ticket_id),
        )
