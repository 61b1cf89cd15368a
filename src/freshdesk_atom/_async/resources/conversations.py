"""A ticket's thread: ``fd.tickets.conversations`` (docs/freshdesk-api-notes.md#conversations).

The thread of a ticket is its ``description`` (the first message) followed
by its conversations: replies, notes and forwards, oldest first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..._core.bodies import Check
from ..._core.conversations import (
    FORWARD_RULES,
    NOTE_RULES,
    NOTE_UPDATE_RULES,
    REPLY_RULES,
    conversation_body,
    matches_created,
)
from ..._core.pagination import start_page
from ..._core.request import (
    GONE_AFTER_DELETE,
    RequestSpec,
    check_id,
    page_size_query,
)
from ..._core.uploads import FileInput, Upload, attachments_for
from ..._exceptions import UnknownOutcomeError
from ..._types import NOT_GIVEN, JSONValue, NotGiven, RequestOptions
from ...models.conversations import Conversation
from .._pagination import AsyncPaginator
from .._raw import to_raw_list_wrapper, to_raw_response_wrapper
from ._base import AsyncAPIResource

__all__ = ["AsyncConversations", "AsyncConversationsWithRawResponse"]


class AsyncConversations(AsyncAPIResource):
    """Replies, notes and forwards on tickets: ``fd.tickets.conversations``."""

    @property
    def with_raw_response(self) -> AsyncConversationsWithRawResponse:
        """The same methods, returning ``APIResponse`` objects with headers and status."""
        return AsyncConversationsWithRawResponse(self)

    def list(
        self,
        ticket_id: int,
        *,
        per_page: int | NotGiven = NOT_GIVEN,
        page: int | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> AsyncPaginator[Conversation]:
        """The ticket's whole thread after its description, oldest first (``GET /tickets/{id}/conversations``).

        Lazy and paged like every list (``per_page`` up to 100). Unlike
        ``tickets.get(id, include="conversations")``, which embeds only the
        first ten, this reads every conversation.

        Raises:
            NotFoundError: no live ticket has this id (an archived one is read
                through ``fd.tickets.archived``).
        """
        check_id(ticket_id, "ticket_id")
        params = page_size_query(per_page)
        spec = RequestSpec(method="GET", path=f"tickets/{ticket_id}/conversations", params=params)
        return self._client.get_api_list(start_page(spec, page), item=Conversation, options=options)

    async def reply(
        self,
        ticket_id: int,
        *,
        body: str,
        from_email: str | NotGiven = NOT_GIVEN,
        user_id: int | NotGiven = NOT_GIVEN,
        cc_emails: Sequence[str] | NotGiven = NOT_GIVEN,
        bcc_emails: Sequence[str] | NotGiven = NOT_GIVEN,
        attachments: Sequence[FileInput] | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Conversation:
        """Reply to the requester by email (``POST /tickets/{id}/reply``); return the reply.

        *body* is HTML. *attachments* are paths, open binary files or
        ``(filename, content)`` tuples, 20 MB in all at most (checked before
        sending). A reply is never sent twice: when its answer is lost this
        raises ``UnknownOutcomeError``, and :meth:`find_created` tells
        whether it was made.

        Raises:
            ValueError, TypeError: an argument breaks a rule (nothing is sent).
            NotFoundError: no ticket has this id.
            UnknownOutcomeError: the answer was lost after the request may
                have reached Freshdesk.
        """
        fields = {
            "body": body,
            "from_email": from_email,
            "user_id": user_id,
            "cc_emails": cc_emails,
            "bcc_emails": bcc_emails,
        }
        return await self._add(ticket_id, "reply", fields, REPLY_RULES, attachments, options)

    async def note(
        self,
        ticket_id: int,
        *,
        body: str,
        private: bool | NotGiven = NOT_GIVEN,
        incoming: bool | NotGiven = NOT_GIVEN,
        notify_emails: Sequence[str] | NotGiven = NOT_GIVEN,
        user_id: int | NotGiven = NOT_GIVEN,
        attachments: Sequence[FileInput] | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Conversation:
        """Add a note (``POST /tickets/{id}/notes``); return it.

        A note is private (agents only) unless ``private=False``.
        ``notify_emails`` are agents to tell about it. Attachments and a lost
        answer as for :meth:`reply`.

        Raises:
            ValueError, TypeError: an argument breaks a rule (nothing is sent).
            NotFoundError: no ticket has this id.
            UnknownOutcomeError: the answer was lost after the request may
                have reached Freshdesk.
        """
        fields = {
            "body": body,
            "private": private,
            "incoming": incoming,
            "notify_emails": notify_emails,
            "user_id": user_id,
        }
        return await self._add(ticket_id, "notes", fields, NOTE_RULES, attachments, options)

    async def forward(
        self,
        ticket_id: int,
        *,
        to_emails: Sequence[str],
        body: str | NotGiven = NOT_GIVEN,
        cc_emails: Sequence[str] | NotGiven = NOT_GIVEN,
        bcc_emails: Sequence[str] | NotGiven = NOT_GIVEN,
        attachments: Sequence[FileInput] | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Conversation:
        """Forward the ticket by email to *to_emails* (``POST /tickets/{id}/forward``); return the forward.

        Raises:
            ValueError, TypeError: an argument breaks a rule (nothing is sent).
            NotFoundError: no ticket has this id.
            UnknownOutcomeError: the answer was lost after the request may
                have reached Freshdesk.
        """
        fields = {
            "to_emails": to_emails,
            "body": body,
            "cc_emails": cc_emails,
            "bcc_emails": bcc_emails,
        }
        return await self._add(ticket_id, "forward", fields, FORWARD_RULES, attachments, options)

    async def update(
        self,
        conversation_id: int,
        *,
        body: str | NotGiven = NOT_GIVEN,
        attachments: Sequence[FileInput] | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Conversation:
        """Change a note's body, or replace its files (``PUT /conversations/{id}``); return the note.

        Only notes can be changed; Freshdesk refuses replies. ``attachments``
        replace the note's files. With files the request is not retried once
        it may have reached Freshdesk.

        Raises:
            ValueError, TypeError: an argument breaks a rule, or nothing is given.
            NotFoundError: no conversation has this id.
            BadRequestError: the conversation is not a note.
        """
        check_id(conversation_id, "conversation_id")
        json, files = self._body("update", {"body": body}, NOTE_UPDATE_RULES, attachments)
        spec = RequestSpec(
            method="PUT", path=f"conversations/{conversation_id}", json=json, files=files
        )
        return await self._client.request(spec, cast_to=Conversation, options=options)

    async def delete(self, conversation_id: int, *, options: RequestOptions | None = None) -> None:
        """Delete a reply or note (``DELETE /conversations/{id}``).

        Raises:
            NotFoundError: no conversation has this id.
        """
        check_id(conversation_id, "conversation_id")
        spec = RequestSpec(
            method="DELETE", path=f"conversations/{conversation_id}", done_if=GONE_AFTER_DELETE
        )
        return await self._client.request(spec, cast_to=type(None), options=options)

    async def find_created(
        self, error: UnknownOutcomeError, *, options: RequestOptions | None = None
    ) -> Conversation | None:
        """Return the reply, note or forward a lost answer left in doubt, or ``None`` if none is seen.

        *error* is the ``UnknownOutcomeError`` that :meth:`reply`,
        :meth:`note` or :meth:`forward` raised. This reads the ticket's
        thread and returns the conversation with the words that were sent
        (and the author, when ``user_id`` was), created since a few minutes
        before the request, when exactly one matches: then it was made, do
        not send it again. ``None`` does not prove the request failed: none
        may be seen yet, or two match (the same short reply sent twice) and
        neither can be told to be ours. Look again before sending it again.
        """
        parts = error.path.split("/")
        if (
            len(parts) != 3
            or parts[0] != "tickets"
            or parts[2] not in ("reply", "notes", "forward")
        ):
            raise ValueError(f"{error.method} {error.path} did not add to a ticket's thread")
        sent = error.json if isinstance(error.json, dict) else {}
        found = [
            conversation
            async for conversation in self.list(int(parts[1]), per_page=100, options=options)
            if matches_created(
                body=conversation.body,
                user_id=conversation.user_id,
                created_at=conversation.created_at,
                sent=sent,
                sent_at=error.sent_at,
            )
        ]
        return found[0] if len(found) == 1 else None

    def _body(
        self,
        kind: str,
        fields: Mapping[str, object],
        rules: Mapping[str, Check],
        attachments: Sequence[FileInput] | NotGiven,
    ) -> tuple[dict[str, JSONValue], tuple[Upload, ...]]:
        with_files = not isinstance(attachments, NotGiven) and len(attachments) > 0
        json = conversation_body(kind, fields, rules, with_files=with_files)
        return json, attachments_for(json, attachments)

    async def _add(
        self,
        ticket_id: int,
        action: str,
        fields: Mapping[str, object],
        rules: Mapping[str, Check],
        attachments: Sequence[FileInput] | NotGiven,
        options: RequestOptions | None,
    ) -> Conversation:
        check_id(ticket_id, "ticket_id")
        kind = "note" if action == "notes" else action
        json, files = self._body(kind, fields, rules, attachments)
        spec = RequestSpec(
            method="POST", path=f"tickets/{ticket_id}/{action}", json=json, files=files
        )
        return await self._client.request(spec, cast_to=Conversation, options=options)


class AsyncConversationsWithRawResponse:
    """``fd.tickets.conversations.with_raw_response``: the methods returning ``APIResponse``."""

    def __init__(self, conversations: AsyncConversations) -> None:
        self.list = to_raw_list_wrapper(conversations.list)
        self.reply = to_raw_response_wrapper(conversations.reply)
        self.note = to_raw_response_wrapper(conversations.note)
        self.forward = to_raw_response_wrapper(conversations.forward)
        self.update = to_raw_response_wrapper(conversations.update)
        self.delete = to_raw_response_wrapper(conversations.delete)
