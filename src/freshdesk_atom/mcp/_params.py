"""The tools' parameter types: each with the bounds the SDK checks before the tool runs.

The MCP SDK turns these ``Annotated`` types into each tool's JSON Schema and
validates every call against them with pydantic, so a value out of bounds is
refused, with a message naming the parameter and the rule, before any
request reaches Freshdesk.
"""

from __future__ import annotations

from typing import Annotated, Final

from pydantic import Field, StringConstraints

__all__ = [
    "BODY_MAX_CHARS",
    "Body",
    "BodyChars",
    "ConversationsPage",
    "ConversationsPerPage",
    "Email",
    "Emails",
    "Page",
    "PerPage",
    "Priority",
    "RecordId",
    "SearchText",
    "Status",
    "StatusFilter",
    "Subject",
    "Tags",
    "TicketType",
]

ID_MAX: Final = 2**53 - 1
"""The largest id accepted: JavaScript's largest exact integer, as in the ATOM adapter."""

BODY_MAX_CHARS: Final = 100_000
"""The longest description, reply or note a tool sends."""

Page = Annotated[int, Field(ge=1, le=100_000, description="Page number, from 1.")]
PerPage = Annotated[int, Field(ge=1, le=100, description="Results per page, 1 to 100.")]
ConversationsPage = Annotated[
    int, Field(ge=1, le=100_000, description="Page of the ticket's thread, from 1 (oldest first).")
]
ConversationsPerPage = Annotated[
    int, Field(ge=1, le=100, description="Conversations per page of the thread, 1 to 100.")
]
BodyChars = Annotated[
    int,
    Field(
        ge=100,
        le=BODY_MAX_CHARS,
        description="Longest text returned for the description and each conversation; "
        "longer text is cut and marked with its full length.",
    ),
]
RecordId = Annotated[
    int, Field(ge=1, le=ID_MAX, description="The record's id (a positive integer).")
]
SearchText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=512),
    Field(
        description="Words to look for, a ticket number (#123), an email address, or a "
        'Freshdesk field query such as "status:2 AND priority:>2" or "tag:\'vip\'".',
    ),
]
Status = Annotated[int, Field(ge=2, le=5, description="2 Open, 3 Pending, 4 Resolved, 5 Closed.")]
StatusFilter = Annotated[
    int,
    Field(
        ge=2,
        le=1000,
        description="Only tickets with this status: 2 Open, 3 Pending, 4 Resolved, 5 Closed "
        "(6 and up: the account's custom statuses).",
    ),
]
Priority = Annotated[int, Field(ge=1, le=4, description="1 Low, 2 Medium, 3 High, 4 Urgent.")]
Subject = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=255),
    Field(description="The ticket's subject."),
]
Body = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=BODY_MAX_CHARS),
    Field(
        description="Plain text; line breaks are kept (it is sent as HTML that shows it as typed)."
    ),
]
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=254),
    Field(description="An email address."),
]
Emails = Annotated[list[Email], Field(max_length=50, description="Email addresses.")]
TicketType = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=255),
    Field(description="The ticket's type, one of the account's types (e.g. \"Question\")."),
]
Tags = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=255)]],
    Field(max_length=100, description="Tags (replace all of the ticket's tags)."),
]
