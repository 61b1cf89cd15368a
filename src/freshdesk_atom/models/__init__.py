"""Typed records returned by Freshdesk, and the enums used for inputs."""

from __future__ import annotations

from .agents import Agent, AgentContact
from .common import FieldError, RateLimit, Record
from .companies import Company
from .contacts import Contact, ContactAgent, ContactAvatar, ContactCompany
from .conversations import Attachment, Conversation
from .enums import (
    AgentState,
    AgentTicketScope,
    ContactState,
    TicketFilter,
    TicketPriority,
    TicketSource,
    TicketStatus,
)
from .groups import Group
from .misc import Role, SolutionArticle, SolutionCategory, SolutionFolder, TimeEntry
from .satisfaction import SatisfactionRating
from .stats import Stats
from .ticket_fields import TicketField
from .tickets import Ticket, TicketCompany, TicketRequester, TicketStats
from .trends import PriorityCount, StatusCount, TrendDay, Trends

__all__ = [
    "Agent",
    "AgentContact",
    "AgentState",
    "AgentTicketScope",
    "Attachment",
    "Company",
    "Contact",
    "ContactAgent",
    "ContactAvatar",
    "ContactCompany",
    "ContactState",
    "Conversation",
    "FieldError",
    "Group",
    "PriorityCount",
    "RateLimit",
    "Record",
    "Role",
    "SatisfactionRating",
    "SolutionArticle",
    "SolutionCategory",
    "SolutionFolder",
    "Stats",
    "StatusCount",
    "Ticket",
    "TicketCompany",
    "TicketField",
    "TicketFilter",
    "TicketPriority",
    "TicketRequester",
    "TicketSource",
    "TicketStats",
    "TicketStatus",
    "TimeEntry",
    "TrendDay",
    "Trends",
]
