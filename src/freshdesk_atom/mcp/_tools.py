"""Each tool's name, title, description (written for the model) and behaviour hints (pure).

The hints follow the MCP ``ToolAnnotations`` semantics: ``readOnlyHint``
(changes nothing), ``destructiveHint`` (may overwrite or remove what is there,
rather than only add), ``idempotentHint`` (the same call again changes
nothing more) and ``openWorldHint`` (reaches beyond the help desk's own
records). Reads touch only the account's records. Every write may reach
people outside it: a reply is emailed to the requester, and Freshdesk's
notification rules may email requesters and agents about a new ticket, a
public note or a status change. Creates, replies and notes only add, but
twice is two of them; an update overwrites fields, and the same update twice
leaves the ticket as once.
"""

from __future__ import annotations

from typing import Final

import attrs
from mcp.types import ToolAnnotations

__all__ = ["READ_TOOLS", "TOOLS", "WRITE_TOOLS", "ToolSpec"]


@attrs.frozen(kw_only=True)
class ToolSpec:
    """How one tool presents itself to the client and the model."""

    name: str
    title: str
    description: str
    annotations: ToolAnnotations

    @property
    def writes(self) -> bool:
        """Whether the tool changes the account (omitted from a read-only server)."""
        return self.annotations.read_only_hint is not True


_READ: Final = ToolAnnotations(
    read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
)
_ADD: Final = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=True
)
_CHANGE: Final = ToolAnnotations(
    read_only_hint=False, destructive_hint=True, idempotent_hint=True, open_world_hint=True
)

TOOLS: Final = (
    ToolSpec(
        name="search_tickets",
        title="Search tickets",
        description=(
            "Find tickets. `query` is one of: words (every word must appear; with a mirror "
            "this is full-text search over subjects, descriptions and every reply and note of "
            "every ticket), a ticket number (`#123`), a requester's email address (their "
            "tickets), or a Freshdesk field query such as `status:2 AND priority:>2`, "
            "`tag:'refund'`, `group_id:5`, `created_at:>'2024-01-31'`. Returns one page of "
            "ticket summaries with `total`, `has_more`, and a `note` when the answer does not "
            "cover every ticket (Freshdesk's search returns at most 300 matches; without a "
            "mirror, words are matched only in the most recent tickets). Read a ticket's "
            "thread with get_ticket."
        ),
        annotations=_READ,
    ),
    ToolSpec(
        name="search_contacts",
        title="Search contacts",
        description=(
            "Find contacts (requesters) by name, email address, phone number or other words. "
            "Returns one page of contacts with `total` and `has_more`, and a `note` when not "
            "every contact was searched."
        ),
        annotations=_READ,
    ),
    ToolSpec(
        name="list_tickets",
        title="List tickets",
        description=(
            "List tickets, newest first: all of them, or only those with one `status` "
            "(2 Open, 3 Pending, 4 Resolved, 5 Closed). One page at a time, with `total` "
            "(when known) and `has_more`. Spam and deleted tickets are left out."
        ),
        annotations=_READ,
    ),
    ToolSpec(
        name="get_ticket",
        title="Read a ticket and its thread",
        description=(
            "Read one ticket: its fields and plain-text description, and one page of its "
            "conversations (replies, incoming messages, notes, forwards), oldest first. "
            "`conversations_total` and `has_more` say whether to read the next "
            "`conversations_page`. Text longer than `max_body_chars` is cut and says so."
        ),
        annotations=_READ,
    ),
    ToolSpec(
        name="create_ticket",
        title="Create a ticket",
        description=(
            "Create a ticket for a requester given by `email` or `requester_id` (exactly one). "
            "`description` is plain text. Freshdesk may email the requester about it. If the "
            "result says the outcome is unknown, check with search_tickets before creating it "
            "again, or there will be two."
        ),
        annotations=_ADD,
    ),
    ToolSpec(
        name="reply_to_ticket",
        title="Reply to a ticket",
        description=(
            "Send a reply to the ticket's requester: it is emailed to them and added to the "
            "ticket's thread. `body` is plain text. Each call sends another email."
        ),
        annotations=_ADD,
    ),
    ToolSpec(
        name="add_note",
        title="Add a note to a ticket",
        description=(
            "Add a note to the ticket's thread: private (agents only) unless `private` is "
            "false, when the requester can see it too. `body` is plain text."
        ),
        annotations=_ADD,
    ),
    ToolSpec(
        name="update_ticket",
        title="Update a ticket",
        description=(
            "Change a ticket's status (2 Open, 3 Pending, 4 Resolved, 5 Closed), priority "
            "(1 Low .. 4 Urgent), group, agent, type or tags. Only the fields given change; "
            "`tags` replaces all of the ticket's tags. Returns the ticket as it now is."
        ),
        annotations=_CHANGE,
    ),
)
"""Every tool, reads first."""

READ_TOOLS: Final = tuple(spec.name for spec in TOOLS if not spec.writes)
WRITE_TOOLS: Final = tuple(spec.name for spec in TOOLS if spec.writes)
