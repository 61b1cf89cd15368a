"""Ticket request bodies and list queries, checked before sending (docs/freshdesk-api-notes.md#tickets)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, Literal, TypeAlias

import attrs

from .._types import JSONValue, QueryValue
from .bodies import (
    Check,
    checked_body,
    checked_query,
    given,
    max_chars,
    nonblank,
    one_of,
    optional_id,
    per_page,
    text,
)

if TYPE_CHECKING:
    from ..models.tickets import Ticket
from .timestamps import parse_timestamp
from .validation import (
    check_custom_fields,
    check_email,
    check_email_list,
    check_int,
    check_tags,
    check_timestamp,
    join_choices,
)

__all__ = [
    "LIST_INCLUDES",
    "ORDER_BY",
    "REQUESTER_FIELDS",
    "TICKET_FILTERS",
    "VIEW_INCLUDES",
    "CreatedTicketLookup",
    "TicketViewInclude",
    "created_ticket_lookup",
    "ticket_create_body",
    "ticket_list_query",
    "ticket_update_body",
]

REQUESTER_FIELDS: Final = (
    "requester_id",
    "email",
    "phone",
    "twitter_id",
    "facebook_id",
    "unique_external_id",
)
LIST_INCLUDES: Final = ("requester", "stats", "description", "company")
VIEW_INCLUDES: Final = ("conversations", "requester", "company", "stats")
TicketViewInclude: TypeAlias = Literal["conversations", "requester", "company", "stats"]
"""What ``GET /tickets/{id}`` (live or archived) can embed."""
TICKET_FILTERS: Final = ("new_and_my_open", "watching", "spam", "deleted")
ORDER_BY: Final = ("created_at", "due_by", "updated_at", "status", "priority")
ORDER_TYPES: Final = ("asc", "desc")


def _status(value: object, name: str) -> int:
    # 2..5 are Freshdesk's own; accounts may add custom statuses from 6 up.
    return check_int(value, name, minimum=2)


def _priority(value: object, name: str) -> int:
    return check_int(value, name, minimum=1, maximum=4)


def _source(value: object, name: str) -> int:
    return check_int(value, name, minimum=1)


def _cc(value: object, name: str) -> list[str]:
    return check_email_list(value, name, max_items=49)


def _cf(value: object, name: str) -> dict[str, JSONValue]:
    return check_custom_fields(value, name, prefix="cf_")


_UPDATE_RULES: Final[Mapping[str, Check]] = {
    "subject": max_chars(255),
    "description": text,
    "name": nonblank,
    "requester_id": optional_id,
    "email": check_email,
    "phone": nonblank,
    "twitter_id": nonblank,
    "facebook_id": nonblank,
    "unique_external_id": nonblank,
    "status": _status,
    "priority": _priority,
    "source": _source,
    "type": text,
    "responder_id": optional_id,
    "group_id": optional_id,
    "product_id": optional_id,
    "company_id": optional_id,
    "email_config_id": optional_id,
    "parent_id": optional_id,
    "tags": check_tags,
    "custom_fields": _cf,
    "due_by": check_timestamp,
    "fr_due_by": check_timestamp,
    "internal_agent_id": optional_id,
    "internal_group_id": optional_id,
}
# cc_emails can be set at creation only: an update answers 400 invalid_field (docs/freshdesk-api-notes.md#tickets).
_CREATE_RULES: Final[Mapping[str, Check]] = {**_UPDATE_RULES, "cc_emails": _cc}


def _checked(fields: Mapping[str, object], rules: Mapping[str, Check]) -> dict[str, JSONValue]:
    body = checked_body(fields, rules, resource="ticket")
    _check_due_dates(fields)
    return body


def _as_utc(value: object, name: str) -> datetime | None:
    # Compared as they are sent: a timestamp without an offset is UTC (check_timestamp).
    return None if value is None else parse_timestamp(value, name)


def _check_due_dates(fields: Mapping[str, object]) -> None:
    # Freshdesk takes due_by and fr_due_by together, with fr_due_by <= due_by (docs/freshdesk-api-notes.md#tickets).
    if ("due_by" in fields) != ("fr_due_by" in fields):
        raise ValueError("due_by and fr_due_by must be given together")
    due, first = (
        _as_utc(fields.get("due_by"), "due_by"),
        _as_utc(fields.get("fr_due_by"), "fr_due_by"),
    )
    if due is not None and first is not None and first > due:
        raise ValueError("fr_due_by must not be later than due_by")


def ticket_create_body(fields: Mapping[str, object]) -> dict[str, JSONValue]:
    """Return the JSON body of ``POST /tickets`` after checking every given field.

    ``NOT_GIVEN`` fields are left out. At least one requester identity is
    required (``requester_id``, ``email``, ``phone``, ``twitter_id``,
    ``facebook_id`` or ``unique_external_id``), and ``name`` when ``phone`` is the
    only one (Freshdesk then creates a contact and needs its name).

    Raises:
        ValueError, TypeError: naming the field and the rule broken.
    """
    present = given(fields)
    identities = [k for k in REQUESTER_FIELDS if present.get(k) is not None]
    if not identities:
        raise ValueError("a requester is required: give one of " + ", ".join(REQUESTER_FIELDS))
    if identities == ["phone"] and present.get("name") is None:
        raise ValueError("name is required when phone is the only requester identity")
    return _checked(present, _CREATE_RULES)


def ticket_update_body(
    fields: Mapping[str, object], *, with_files: bool = False
) -> dict[str, JSONValue]:
    """Return the JSON body of ``PUT /tickets/{id}``; at least one field must be given.

    An update that only attaches files (*with_files*) may have no field.

    Raises:
        ValueError, TypeError: naming the field and the rule broken, or when
            nothing is given (Freshdesk answers ``missing_params``).
    """
    present = given(fields)
    if not present and not with_files:
        raise ValueError("update needs at least one field to change")
    return _checked(present, _UPDATE_RULES)


def _list_includes(value: object, name: str) -> str:
    return join_choices(value, name, LIST_INCLUDES)


_LIST_RULES: Final[Mapping[str, Check]] = {
    "filter": one_of(TICKET_FILTERS),
    "requester_id": optional_id,
    "email": check_email,
    "unique_external_id": nonblank,
    "company_id": optional_id,
    "updated_since": check_timestamp,
    "order_by": one_of(ORDER_BY),
    "order_type": one_of(ORDER_TYPES),
    "include": _list_includes,
    "per_page": per_page,
}


def ticket_list_query(params: Mapping[str, object]) -> dict[str, QueryValue]:
    """Return the checked query of ``GET /tickets`` (``NOT_GIVEN`` and ``None`` left out).

    ``include`` may be a string or a list of strings among
    requester, stats, description and company (each costs 2 extra credits).
    """
    return checked_query(params, _LIST_RULES, resource="ticket")


CLOCK_SKEW: Final = timedelta(minutes=5)
"""How far Freshdesk's clock (``created_at``) may be from ours (``sent_at``)."""


@attrs.frozen(kw_only=True)
class CreatedTicketLookup:
    """How to find a ticket whose create may have been lost: a narrow list query and a test.

    Attributes:
        query: the ``tickets.list`` arguments: the requester filter when the
            body named one (``requester_id``, ``email`` or
            ``unique_external_id``), ``updated_since`` a little before the
            request, newest first.
        subject: the subject that was sent (``None`` when none was).
        requester_id: the requester that was sent, when given by id.
        earliest: the earliest ``created_at`` the lost ticket can have.
    """

    query: Mapping[str, Any]
    subject: str | None
    requester_id: int | None
    earliest: datetime

    def matches(self, ticket: Ticket) -> bool:
        """Return whether *ticket* is what the lost create would have made."""
        if ticket.created_at < self.earliest:
            return False
        if self.subject is not None and ticket.subject != self.subject:
            return False
        return self.requester_id is None or ticket.requester_id == self.requester_id


def created_ticket_lookup(
    body: object, sent_at: datetime, *, skew: timedelta = CLOCK_SKEW
) -> CreatedTicketLookup:
    """Return how to look for the ticket a ``POST /tickets`` with *body*, sent at *sent_at*, made.

    The ticket counts as found when exactly one ticket of that requester, with
    that subject, was created from *skew* before *sent_at* on. That is safe
    when the requester raised no other ticket with the same subject in those
    minutes; when two match, nobody can tell which one is ours.

    Raises:
        ValueError: *body* is not a ticket create's body.
    """
    if not isinstance(body, Mapping) or not any(name in body for name in REQUESTER_FIELDS):
        raise ValueError("not the body of a ticket create: it names no requester")
    since = (sent_at - skew).astimezone(UTC)
    query: dict[str, Any] = {
        "updated_since": since,
        "order_by": "created_at",
        "order_type": "desc",
        "per_page": 100,
    }
    for name in ("requester_id", "email", "unique_external_id"):
        if isinstance(body.get(name), int | str):
            query[name] = body[name]
            break
    subject = body.get("subject")
    requester_id = body.get("requester_id")
    return CreatedTicketLookup(
        query=query,
        subject=subject if isinstance(subject, str) else None,
        requester_id=requester_id if isinstance(requester_id, int) else None,
        earliest=since,
    )
