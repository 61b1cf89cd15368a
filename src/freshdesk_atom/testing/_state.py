"""The fake account's in-memory records and their invariants.

Records are stored as plain dicts in Freshdesk's wire shape (docs/freshdesk-api-notes.md#data-conventions):
field names, key order and ``null``s as the API sends them, timestamps as
``YYYY-MM-DDTHH:MM:SSZ`` strings. Only what the wire never shows lives beside
them: ticket ``stats`` (an ``include=`` embed), blocked contacts, agents' group
membership (owned by the groups' ``agent_ids``).

``FakeState`` is not thread-safe by itself: the fake serialises every request
under one lock.

The records' shapes and defaults (``new_ticket``, ``new_contact``, ...) and
Freshdesk's ticket codes are in ``_record_shapes``; this module holds
:class:`FakeState`, which stores them.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any

from ._custom_fields import CustomField
from ._record_shapes import (
    FIRST_BIG_ID,
    TICKET_TYPES,
    Record,
    new_agent,
    new_attachment,
    new_company,
    new_contact,
    new_conversation,
    new_group,
    new_rating,
    new_stats,
    new_ticket,
    new_time_entry,
)

__all__ = ["FakeState"]


class FakeState:
    """Every record of the fake account, with id sequences and a result cache.

    Attributes:
        tickets: ticket number → ticket (view shape, ``deleted`` only when true).
        ticket_stats: ticket number → ``stats`` object (live and archived tickets).
        archived: ticket number → archived ticket (docs/freshdesk-api-notes.md#archived-tickets);
            a number is in :attr:`tickets` or here, never both.
        conversations: id → conversation; :attr:`threads` holds each
            ticket's conversation ids oldest first (archived tickets' too).
        attachments: id → attachment object; :attr:`attachment_data` its bytes.
        time_entries: id → time entry.
        contacts: id → contact (customers only; agents live in :attr:`agents`).
        blocked: ids of blocked contacts (the wire has no such key).
        companies, agents, groups, ratings: id → record.
        ticket_fields, contact_fields, company_fields: the account's custom
            fields (ticket names start with ``cf_``, the others do not, docs/freshdesk-api-notes.md#data-conventions).
        ticket_types: the account's ticket ``type`` choices.
        owner_id: the agent who owns the API key (``GET /agents/me``).
    """

    def __init__(self) -> None:
        """Create an empty account (no records at all)."""
        self.tickets: dict[int, Record] = {}
        self.ticket_stats: dict[int, Record] = {}
        self.contacts: dict[int, Record] = {}
        self.blocked: set[int] = set()
        self.companies: dict[int, Record] = {}
        self.agents: dict[int, Record] = {}
        self.groups: dict[int, Record] = {}
        self.ratings: dict[int, Record] = {}
        self.archived: dict[int, Record] = {}
        self.conversations: dict[int, Record] = {}
        self.threads: dict[int, list[int]] = {}
        self.attachments: dict[int, Record] = {}
        self.attachment_data: dict[int, bytes] = {}
        self.time_entries: dict[int, Record] = {}
        self.ticket_fields: dict[str, CustomField] = {}
        self.contact_fields: dict[str, CustomField] = {}
        self.company_fields: dict[str, CustomField] = {}
        self.ticket_types: list[str] = list(TICKET_TYPES)
        self.owner_id: int | None = None
        self._next_ticket = 1
        self._next_id = FIRST_BIG_ID
        self._version = 0
        self._cache: dict[Hashable, list[int]] = {}
        self._cache_version = 0

    # ------------------------------------------------------------------ ids and cache

    def ticket_id(self, wanted: int | None = None) -> int:
        """Return *wanted* if free (and move the sequence past it), else the next ticket number.

        Archived tickets keep their numbers: a new ticket never reuses one.
        """
        if wanted is not None and wanted not in self.tickets and wanted not in self.archived:
            self._next_ticket = max(self._next_ticket, wanted + 1)
            return wanted
        number = self._next_ticket
        self._next_ticket += 1
        return number

    def big_id(self, wanted: int | None = None, taken: Mapping[int, Any] | None = None) -> int:
        """Return *wanted* if not in *taken*, else the next large id (shared by all big-id kinds)."""
        if wanted is not None and (taken is None or wanted not in taken):
            self._next_id = max(self._next_id, wanted + 1)
            return wanted
        number = self._next_id
        self._next_id += 1
        return number

    def user_id(self, wanted: int | None = None) -> int:
        """Return a free user id: contacts and agents share one id space (docs/freshdesk-api-notes.md#data-conventions, agent id == user id)."""
        if wanted is not None and wanted not in self.contacts and wanted not in self.agents:
            return self.big_id(wanted)
        return self.big_id(None)

    def touch(self) -> None:
        """Note a write: cached list results become stale."""
        self._version += 1

    def cached(self, key: Hashable, compute: Callable[[], list[int]]) -> list[int]:
        """Return the id list for *key*, recomputed only after a write.

        Paging through 20 000 tickets then filters and sorts once, not per page.
        """
        if self._cache_version != self._version:
            self._cache.clear()
            self._cache_version = self._version
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = compute()
        return found

    # ------------------------------------------------------------------ look-ups

    def users(self) -> Iterator[tuple[int, Mapping[str, Any]]]:
        """Yield ``(id, person)`` for contacts and agents (the agent's nested ``contact``)."""
        yield from self.contacts.items()
        for agent_id, agent in self.agents.items():
            yield agent_id, agent["contact"]

    def person(self, user_id: int) -> Mapping[str, Any] | None:
        """Return the contact, or the agent's ``contact`` object, for *user_id*."""
        contact = self.contacts.get(user_id)
        if contact is not None:
            return contact
        agent = self.agents.get(user_id)
        return None if agent is None else agent["contact"]

    def user_with_email(self, email: str, *, exclude: int | None = None) -> int | None:
        """Return the id of the user owning *email* (primary or other), case-insensitively."""
        folded = email.casefold()
        for user_id, person in self.users():
            if user_id == exclude:
                continue
            if (person.get("email") or "").casefold() == folded:
                return user_id
            if any(str(other).casefold() == folded for other in person.get("other_emails") or ()):
                return user_id
        return None

    def contact_with(self, field: str, value: object, *, exclude: int | None = None) -> int | None:
        """Return the id of the contact whose *field* equals *value* (strings case-insensitive)."""
        wanted = value.casefold() if isinstance(value, str) else value
        for contact_id, contact in self.contacts.items():
            if contact_id == exclude:
                continue
            stored = contact.get(field)
            if stored is None:
                continue
            if (str(stored).casefold() if isinstance(wanted, str) else stored) == wanted:
                return contact_id
        return None

    def company_named(self, name: str, *, exclude: int | None = None) -> int | None:
        """Return the company called *name*, compared case-insensitively (docs/freshdesk-api-notes.md#companies)."""
        folded = name.casefold()
        for company_id, company in self.companies.items():
            if company_id != exclude and str(company.get("name") or "").casefold() == folded:
                return company_id
        return None

    def group_named(self, name: str, *, exclude: int | None = None) -> int | None:
        """Return the group called *name*, compared case-insensitively."""
        folded = name.casefold()
        for group_id, group in self.groups.items():
            if group_id != exclude and str(group.get("name") or "").casefold() == folded:
                return group_id
        return None

    def company_for_email(self, email: str | None) -> int | None:
        """Return the company whose ``domains`` hold *email*'s domain (docs/freshdesk-api-notes.md#companies: contacts auto-join)."""
        if not email or "@" not in email:
            return None
        domain = email.rsplit("@", 1)[1].casefold()
        for company_id, company in self.companies.items():
            if any(str(d).casefold() == domain for d in company.get("domains") or ()):
                return company_id
        return None

    def agent_group_ids(self, agent_id: int) -> list[int]:
        """Return the groups *agent_id* belongs to (groups own the membership)."""
        return [gid for gid, group in self.groups.items() if agent_id in group["agent_ids"]]

    def set_agent_groups(self, agent_id: int, group_ids: list[int], now: str) -> None:
        """Make *agent_id* a member of exactly *group_ids*."""
        wanted = set(group_ids)
        for group_id, group in self.groups.items():
            member = agent_id in group["agent_ids"]
            if (group_id in wanted) != member:
                if member:
                    group["agent_ids"].remove(agent_id)
                else:
                    group["agent_ids"].append(agent_id)
                group["updated_at"] = now

    # ------------------------------------------------------------------ inserts

    def insert_ticket(
        self, now: str, fields: Mapping[str, Any], stats: Mapping[str, Any] | None = None
    ) -> Record:
        """Store a ticket built from *fields* (``id`` kept when free) and return it."""
        ticket_id = self.ticket_id(fields.get("id"))
        custom: dict[str, Any] = dict.fromkeys(
            self.ticket_fields
        )  # all present (docs/freshdesk-api-notes.md#tickets)
        custom.update(fields.get("custom_fields") or {})
        record = new_ticket(ticket_id, now, {**fields, "custom_fields": custom})
        self.tickets[ticket_id] = record
        self.ticket_stats[ticket_id] = new_stats(stats)
        self.touch()
        return record

    def insert_contact(self, now: str, fields: Mapping[str, Any]) -> Record:
        """Store a contact built from *fields* and return it."""
        contact_id = self.user_id(fields.get("id"))
        custom: dict[str, Any] = dict.fromkeys(self.contact_fields)
        custom.update(fields.get("custom_fields") or {})
        record = new_contact(contact_id, now, {**fields, "custom_fields": custom})
        self.contacts[contact_id] = record
        self.touch()
        return record

    def insert_company(self, now: str, fields: Mapping[str, Any]) -> Record:
        """Store a company built from *fields* and return it."""
        company_id = self.big_id(fields.get("id"), self.companies)
        custom: dict[str, Any] = dict.fromkeys(self.company_fields)
        custom.update(fields.get("custom_fields") or {})
        record = new_company(company_id, now, {**fields, "custom_fields": custom})
        self.companies[company_id] = record
        self.touch()
        return record

    def insert_agent(self, now: str, fields: Mapping[str, Any]) -> Record:
        """Store an agent built from *fields* (``group_ids`` joins those groups) and return it."""
        agent_id = self.user_id(fields.get("id"))
        record = new_agent(agent_id, now, fields)
        self.agents[agent_id] = record
        if fields.get("group_ids"):
            self.set_agent_groups(agent_id, list(fields["group_ids"]), now)
        if self.owner_id is None:
            self.owner_id = agent_id
        self.touch()
        return record

    def insert_group(self, now: str, fields: Mapping[str, Any]) -> Record:
        """Store a group built from *fields* and return it."""
        group_id = self.big_id(fields.get("id"), self.groups)
        record = new_group(
            group_id, now, {**fields, "agent_ids": list(fields.get("agent_ids") or [])}
        )
        self.groups[group_id] = record
        self.touch()
        return record

    def insert_rating(self, now: str, fields: Mapping[str, Any]) -> Record:
        """Store a satisfaction rating built from *fields* and return it."""
        rating_id = self.big_id(fields.get("id"), self.ratings)
        record = new_rating(rating_id, now, fields)
        self.ratings[rating_id] = record
        self.touch()
        return record

    def block_contact(self, contact_id: int) -> None:
        """Mark a contact as blocked (no API does this; tests and the generator do)."""
        if contact_id not in self.contacts:
            raise KeyError(contact_id)
        self.blocked.add(contact_id)
        self.touch()

    # ------------------------------------------------------------------ threads and files

    def thread(self, ticket_id: int) -> list[int]:
        """Return the ids of a ticket's conversations, oldest first."""
        return self.threads.get(ticket_id, [])

    def insert_conversation(self, now: str, fields: Mapping[str, Any]) -> Record:
        """Store a conversation built from *fields* (``ticket_id`` required) and return it."""
        conversation_id = self.big_id(fields.get("id"), self.conversations)
        record = new_conversation(conversation_id, now, fields)
        self.conversations[conversation_id] = record
        thread = self.threads.setdefault(record["ticket_id"], [])
        conversations = self.conversations

        def order(cid: int) -> tuple[str, int]:
            return conversations[cid]["created_at"], cid

        if thread and order(thread[-1]) > order(conversation_id):
            bisect.insort(thread, conversation_id, key=order)
        else:
            thread.append(conversation_id)
        return record

    def delete_conversation(self, conversation_id: int) -> None:
        """Remove a conversation and its files."""
        record = self.conversations.pop(conversation_id)
        self.threads[record["ticket_id"]].remove(conversation_id)
        self.forget_attachments(record["attachments"])

    def insert_attachment(self, now: str, name: str, content_type: str, data: bytes) -> Record:
        """Store a file and return its attachment object (shared by the ticket or conversation holding it)."""
        attachment_id = self.big_id(None)
        record = new_attachment(attachment_id, now, name, content_type, len(data))
        self.attachments[attachment_id] = record
        self.attachment_data[attachment_id] = bytes(data)
        return record

    def forget_attachments(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Drop the stored files of *records* (their links then answer 403)."""
        for record in records:
            self.attachments.pop(record["id"], None)
            self.attachment_data.pop(record["id"], None)

    def archive_ticket(self, ticket_id: int) -> Record:
        """Move a live ticket to :attr:`archived` (its conversations stay) and return it."""
        ticket = self.tickets.pop(ticket_id)
        self.archived[ticket_id] = ticket
        self.touch()
        return ticket

    def delete_archived(self, ticket_id: int) -> None:
        """Erase an archived ticket with its conversations and files."""
        ticket = self.archived.pop(ticket_id)
        for conversation_id in list(self.thread(ticket_id)):
            self.delete_conversation(conversation_id)
        self.threads.pop(ticket_id, None)
        self.forget_attachments(ticket["attachments"])
        self.ticket_stats.pop(ticket_id, None)
        self.touch()

    def insert_time_entry(self, now: str, fields: Mapping[str, Any]) -> Record:
        """Store a time entry built from *fields* and return it."""
        entry_id = self.big_id(fields.get("id"), self.time_entries)
        record = new_time_entry(entry_id, now, fields)
        self.time_entries[entry_id] = record
        return record
