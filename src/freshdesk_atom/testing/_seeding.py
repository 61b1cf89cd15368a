"""The ``add_*`` helpers of :class:`~freshdesk_atom.testing.FakeFreshdesk`: store records directly, no validation.

Records live in ``fake.state`` (a :class:`~freshdesk_atom.testing.FakeState`);
mutating a returned record later needs ``fake.state.touch()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from typing import Any

from ._attachments import guess_type
from ._clock import FakeClock
from ._record_shapes import (
    CATEGORY_AGENT_PRIVATE,
    CATEGORY_AGENT_PUBLIC,
    CATEGORY_CUSTOMER,
    SOURCE_NOTE,
    Record,
)
from ._state import FakeState
from ._wire import html_to_text, to_wire

__all__ = ["FileSpec", "Seeding"]

FileSpec = tuple[str, bytes] | tuple[str, bytes, str]
"""A file to seed: ``(name, content)`` or ``(name, content, content_type)``."""


class Seeding:
    """Direct seeding of an account (mixed into ``FakeFreshdesk``)."""

    state: FakeState
    clock: FakeClock
    _lock: AbstractContextManager[Any]

    def _stamp(self) -> str:
        return to_wire(self.clock.now())

    def _insert(
        self, insert: Callable[[str, Mapping[str, Any]], Record], fields: Mapping[str, Any]
    ) -> Record:
        with self._lock:
            return insert(self._stamp(), fields)

    def add_ticket(self, **fields: Any) -> Record:
        """Store a ticket directly (no validation) and return the stored record.

        Missing fields get the API's defaults; ``stats=`` may hold a ``stats``
        object. Every Freshdesk ticket has a requester, so without
        ``requester_id`` a contact is created for it. ``attachments=`` may
        list files as ``(name, content[, content_type])``. Mutating a
        returned record later needs ``fake.state.touch()``.
        """
        stats = fields.pop("stats", None)
        with self._lock:
            now = self._stamp()
            if fields.get("requester_id") is None:
                number = len(self.state.contacts) + 1
                requester = self.state.insert_contact(
                    now, {"name": f"Requester {number}", "email": f"requester{number}@example.com"}
                )
                fields["requester_id"] = requester["id"]
            if "attachments" in fields:
                fields["attachments"] = self._files(fields["attachments"], now)
            return self.state.insert_ticket(now, fields, stats)

    def add_contact(self, **fields: Any) -> Record:
        """Store a contact directly and return it (see :meth:`add_ticket`)."""
        return self._insert(self.state.insert_contact, fields)

    def add_company(self, **fields: Any) -> Record:
        """Store a company directly and return it (see :meth:`add_ticket`)."""
        return self._insert(self.state.insert_company, fields)

    def add_agent(self, **fields: Any) -> Record:
        """Store an agent directly (``contact=`` holds name, email, ...) and return it."""
        return self._insert(self.state.insert_agent, fields)

    def add_group(self, **fields: Any) -> Record:
        """Store a group directly and return it (see :meth:`add_ticket`)."""
        return self._insert(self.state.insert_group, fields)

    def add_satisfaction_rating(self, **fields: Any) -> Record:
        """Store a satisfaction rating directly and return it (see :meth:`add_ticket`)."""
        return self._insert(self.state.insert_rating, fields)

    def _files(self, files: Iterable[FileSpec | Record], stamp: str) -> list[Record]:
        stored: list[Record] = []
        for item in files:
            if isinstance(item, tuple):
                name, content = item[0], item[1]
                content_type = item[2] if len(item) == 3 else guess_type(name)
                stored.append(self.state.insert_attachment(stamp, name, content_type, content))
            else:
                stored.append(dict(item))  # an attachment object as is (no bytes: a foreign link)
        return stored

    def add_conversation(self, ticket_id: int, **fields: Any) -> Record:
        """Store a conversation on a live or archived ticket and return it (docs/freshdesk-api-notes.md#conversations).

        A public reply by the API key's owner unless *fields* say otherwise
        (``source=2`` for a note, private unless ``private=False``);
        ``body_text`` follows ``body``; ``attachments=`` may list files as
        ``(name, content[, content_type])``. The ticket's ``updated_at`` and
        ``stats`` are left alone. ``KeyError`` if no such ticket.
        """
        with self._lock:
            state = self.state
            if ticket_id not in state.tickets and ticket_id not in state.archived:
                raise KeyError(ticket_id)
            now = self._stamp()
            fields["ticket_id"] = ticket_id
            fields.setdefault("user_id", state.owner_id)
            if fields.get("source") == SOURCE_NOTE:
                fields.setdefault("private", True)
            if fields.get("body") is not None and "body_text" not in fields:
                fields["body_text"] = html_to_text(fields["body"])
            if "category" not in fields:
                if fields["user_id"] not in state.agents:
                    fields["category"] = CATEGORY_CUSTOMER
                elif fields.get("private"):
                    fields["category"] = CATEGORY_AGENT_PRIVATE
                else:
                    fields["category"] = CATEGORY_AGENT_PUBLIC
            fields["attachments"] = self._files(fields.get("attachments") or (), now)
            return state.insert_conversation(now, fields)

    def add_attachment(
        self,
        name: str,
        content: bytes,
        content_type: str | None = None,
        *,
        ticket_id: int | None = None,
        conversation_id: int | None = None,
    ) -> Record:
        """Store a file, attach it to a ticket (live or archived) or a conversation, and return its object.

        With neither *ticket_id* nor *conversation_id* the file is stored
        alone (its link still works). *content_type* defaults to a guess from
        *name*. ``KeyError`` if the ticket or conversation does not exist.
        """
        with self._lock:
            state = self.state
            holder: Record | None = None
            if conversation_id is not None:
                holder = state.conversations[conversation_id]
            elif ticket_id is not None:
                holder = state.tickets.get(ticket_id) or state.archived[ticket_id]
            record = state.insert_attachment(
                self._stamp(), name, content_type or guess_type(name), content
            )
            if holder is not None:
                holder["attachments"] = [*holder["attachments"], record]
            return record

    def add_time_entry(self, ticket_id: int, **fields: Any) -> Record:
        """Store a time entry on a ticket and return it (docs/freshdesk-api-notes.md#time-entries).

        The agent defaults to the API key's owner, the company to the ticket's.
        """
        with self._lock:
            ticket = self.state.tickets.get(ticket_id) or self.state.archived[ticket_id]
            fields["ticket_id"] = ticket_id
            fields.setdefault("agent_id", self.state.owner_id)
            fields.setdefault("company_id", ticket["company_id"])
            return self.state.insert_time_entry(self._stamp(), fields)

    def archive_ticket(self, ticket_id: int) -> Record:
        """Archive a live ticket (docs/freshdesk-api-notes.md#archived-tickets) and return it.

        It leaves the list, search and ``GET /tickets/{id}`` (404) and is read
        through ``GET /tickets/archived/{id}``; its conversations go with it.
        Freshdesk archives only long-closed tickets; this helper archives any
        ticket it is given. ``KeyError`` if no live ticket has this number.
        """
        with self._lock:
            return self.state.archive_ticket(ticket_id)
