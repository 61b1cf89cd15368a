"""Named constants for Freshdesk's numeric and string codes, for inputs and comparisons.

Models keep ``status``, ``priority`` and ``source`` as plain ``int`` because accounts
can add custom ticket statuses (ids 6 and up) and Freshdesk adds sources over time;
an ``IntEnum`` compares equal to its ``int``, so ``ticket.status == TicketStatus.OPEN``
works either way.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

__all__ = [
    "AgentState",
    "AgentTicketScope",
    "ContactState",
    "TicketFilter",
    "TicketPriority",
    "TicketSource",
    "TicketStatus",
]


class TicketStatus(IntEnum):
    """Built-in ticket statuses; accounts may define more (ids >= 6)."""

    OPEN = 2
    PENDING = 3
    RESOLVED = 4
    CLOSED = 5


class TicketPriority(IntEnum):
    """Ticket priorities."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    URGENT = 4


class TicketSource(IntEnum):
    """Channels a ticket can come from (Freshdesk's docs list only 1, 2, 3, 7, 9 and 10)."""

    EMAIL = 1
    PORTAL = 2
    PHONE = 3
    FORUM = 4
    TWITTER = 5
    FACEBOOK = 6
    CHAT = 7
    MOBIHELP = 8
    FEEDBACK_WIDGET = 9
    OUTBOUND_EMAIL = 10
    ECOMMERCE = 11
    BOT = 12
    WHATSAPP = 13


class TicketFilter(StrEnum):
    """Predefined views accepted by ``GET /tickets?filter=``."""

    NEW_AND_MY_OPEN = "new_and_my_open"
    WATCHING = "watching"
    SPAM = "spam"
    DELETED = "deleted"


class ContactState(StrEnum):
    """Values of the ``state`` filter of ``GET /contacts`` (default: no deleted, no blocked)."""

    VERIFIED = "verified"
    UNVERIFIED = "unverified"
    DELETED = "deleted"
    BLOCKED = "blocked"


class AgentState(StrEnum):
    """Values of the ``state`` filter of ``GET /agents``."""

    FULLTIME = "fulltime"
    OCCASIONAL = "occasional"


class AgentTicketScope(IntEnum):
    """Which tickets an agent may see (``Agent.ticket_scope``)."""

    GLOBAL = 1
    GROUP = 2
    RESTRICTED = 3
