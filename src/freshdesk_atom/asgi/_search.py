"""Free text from the ATOM search box mapped onto Freshdesk (pure).

Freshdesk's search API cannot search a ticket's subject or description, a
contact's name or a company's name (docs/freshdesk-api-notes.md#search): it searches fields. So
the text is classified, and each class goes where Freshdesk can answer it
truthfully (``docs/adapter.md`` has the table):

* Freshdesk query syntax whose first field is searchable for that type
  (``status:2 AND priority:>2``, ``tag:'vip'``, ``cf_region:'EMEA'``) is sent
  to the search API as it is: exact, over the whole account.
* Tickets: ``#123`` or ``123`` is that ticket; an email address lists that
  requester's tickets (``GET /tickets?email=``).
* Contacts: an email address searches ``email``; a phone number searches
  ``phone`` and ``mobile``.
* Companies: a domain (``globex.com``) searches ``domain``.
* Any other text is matched, every word, case-insensitively, against the
  text fields of the most recent records the list endpoint returns (tickets:
  subject, description, tags, type, requester; contacts: name, emails,
  phones, job title; companies: name, description, note, domains, industry),
  up to a bounded number of records. The answer says how many were scanned
  and whether that was all of them (``complete``), so a count is never
  presented as more than it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from html import unescape
from typing import Any, Final, Literal

import attrs

from .._constants import SEARCH_QUERY_MAX_LENGTH
from .._core.search_query import Expression, Q
from ..models.companies import Company
from ..models.contacts import Contact
from ..models.tickets import Ticket
from ._envelope import AdapterError

__all__ = ["SearchPlan", "plan_search", "record_text", "text_matches"]

Strategy = Literal["freshdesk_query", "ticket_id", "requester_email", "scan"]
SearchType = Literal["ticket", "contact", "company"]

# Searchable fields per type (docs/freshdesk-api-notes.md#search); a query starting with one of them
# is taken as Freshdesk query syntax.
SEARCH_FIELDS: Final[Mapping[str, frozenset[str]]] = {
    "ticket": frozenset(
        {
            "status",
            "priority",
            "type",
            "tag",
            "group_id",
            "agent_id",
            "requester_id",
            "company_id",
            "created_at",
            "updated_at",
            "due_by",
            "fr_due_by",
            "nr_due_by",
        }
    ),
    "contact": frozenset(
        {
            "email",
            "phone",
            "mobile",
            "twitter_id",
            "company_id",
            "active",
            "tag",
            "language",
            "time_zone",
            "created_at",
            "updated_at",
        }
    ),
    "company": frozenset({"domain", "created_at", "updated_at"}),
}

_SYNTAX = re.compile(r"\(*\s*([A-Za-z_][A-Za-z0-9_]*)\s*:")
_TICKET_ID = re.compile(r"#?\s*([0-9]{1,12})")
# The SDK's email shape (``_core/validation.py``), so that what is classified
# as an address is also accepted as one.
_EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")
_PHONE = re.compile(r"\+?[0-9][0-9 ().-]{3,30}")
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
_TAG = re.compile(r"<[^>]*>")


@attrs.frozen(kw_only=True)
class SearchPlan:
    """How one search is answered.

    Attributes:
        strategy: ``freshdesk_query`` (the search API), ``ticket_id``,
            ``requester_email`` (the tickets list's ``email`` filter) or ``scan``.
        query: the Freshdesk query sent (``freshdesk_query`` only), without
            the surrounding double quotes.
        ticket_id: the ticket asked for (``ticket_id`` only).
        email: the requester's address (``requester_email`` only).
        words: the lowercased words every scanned record must contain (``scan`` only).
    """

    strategy: Strategy
    query: str | None = None
    ticket_id: int | None = None
    email: str | None = None
    words: tuple[str, ...] = ()


def _is_syntax(text: str, kind: SearchType) -> bool:
    match = _SYNTAX.match(text)
    if match is None:
        return False
    name = match.group(1)
    return name in SEARCH_FIELDS[kind] or (kind == "ticket" and name.startswith("cf_"))


def _query(expression: Expression) -> str:
    text = str(expression)
    if len(text) > SEARCH_QUERY_MAX_LENGTH:
        raise AdapterError.field(
            "query",
            f"query is too long to search for: Freshdesk takes at most "
            f"{SEARCH_QUERY_MAX_LENGTH} characters of query",
        )
    return text


def _condition(build: Any, value: str) -> Expression:
    try:
        expression: Expression = build(value)
    except ValueError:
        # Freshdesk documents no escape for ' inside a quoted value (docs/freshdesk-api-notes.md#search).
        raise AdapterError.field(
            "query", "query cannot contain ' when it searches a field (Freshdesk has no escape)"
        ) from None
    return expression


def plan_search(text: str, kind: SearchType) -> SearchPlan:
    """Return how the free *text* of a *kind* search is answered (see the module docstring).

    Raises:
        AdapterError: the text is blank, or holds ``'`` where a field is searched (400).
    """
    text = text.strip()
    if not text:
        raise AdapterError.field("query", "query must not be blank")
    if _is_syntax(text, kind):
        return SearchPlan(strategy="freshdesk_query", query=text)
    if kind == "ticket":
        id_match = _TICKET_ID.fullmatch(text)
        if id_match is not None and int(id_match.group(1)) > 0:
            return SearchPlan(strategy="ticket_id", ticket_id=int(id_match.group(1)))
        if _EMAIL.fullmatch(text):
            return SearchPlan(strategy="requester_email", email=text)
    elif kind == "contact":
        if _EMAIL.fullmatch(text):
            return SearchPlan(strategy="freshdesk_query", query=_query(_condition(Q.email, text)))
        if _PHONE.fullmatch(text) and sum(ch.isdigit() for ch in text) >= 5:
            phone = _condition(Q.phone, text) | _condition(Q.mobile, text)
            return SearchPlan(strategy="freshdesk_query", query=_query(phone))
    elif _DOMAIN.fullmatch(text.lower()):
        return SearchPlan(
            strategy="freshdesk_query", query=_query(_condition(Q.domain, text.lower()))
        )
    return SearchPlan(strategy="scan", words=tuple(text.lower().split()))


def _strings(values: Iterable[object]) -> list[str]:
    return [value for value in values if isinstance(value, str)]


def record_text(record: Ticket | Contact | Company) -> str:
    """Return the lowercased text a ``scan`` search matches words against."""
    parts: list[str | None]
    if isinstance(record, Ticket):
        description = record.description_text
        if description is None and record.description is not None:
            description = unescape(_TAG.sub(" ", record.description))
        requester = record.requester
        parts = [
            record.subject,
            description,
            record.type,
            *record.tags,
            requester.name if requester else None,
            requester.email if requester else None,
            *_strings(record.custom_fields.values()),
        ]
    elif isinstance(record, Contact):
        parts = [
            record.name,
            record.email,
            *(record.other_emails or ()),
            record.phone,
            record.mobile,
            record.job_title,
            record.twitter_id,
            *_strings(record.custom_fields.values()),
        ]
    else:
        parts = [
            record.name,
            record.description,
            record.note,
            *record.domains,
            record.industry,
            *_strings(record.custom_fields.values()),
        ]
    return " ".join(part for part in parts if part).lower()


def text_matches(words: Iterable[str], text: str) -> bool:
    """Return whether every word occurs in *text* (already lowercased)."""
    return all(word in text for word in words)
