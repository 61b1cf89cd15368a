"""Every recorded Freshdesk response decodes, strictly, into its model."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest

from freshdesk_atom._converter import structure
from freshdesk_atom.models import (
    Agent,
    Company,
    Contact,
    Conversation,
    Group,
    Role,
    SolutionArticle,
    SolutionCategory,
    SolutionFolder,
    Ticket,
    TimeEntry,
)
from tests.conftest import RECORDED_DIR, load_recorded

# File-name prefix -> model; the longest matching prefix wins. A new recorded file
# whose name matches none fails the test below until it is mapped here.
MODEL_BY_PREFIX: dict[str, type[Any]] = {
    "agent": Agent,
    "all_tickets": Ticket,
    "compan": Company,
    "contact": Contact,
    "conversations": Conversation,
    "customer": Company,  # v1 called companies "customers"
    "group": Group,
    "note": Conversation,
    "outbound_email": Ticket,
    "reply": Conversation,
    "role": Role,
    "search_companies": Company,
    "search_contacts": Contact,
    "search_tickets": Ticket,
    "solution_articles": SolutionArticle,
    "solution_categories": SolutionCategory,
    "solution_folders": SolutionFolder,
    "ticket": Ticket,
    "time_entr": TimeEntry,
}

RECORDED_FILES = sorted(RECORDED_DIR.glob("*.json"))


@attrs.frozen
class SearchPage:
    """A decoded ``{"results": [...], "total": N}`` search response."""

    results: tuple[Any, ...]
    total: int


def model_for(name: str) -> type[Any]:
    stem = name.removesuffix(".json")
    matches = [prefix for prefix in MODEL_BY_PREFIX if stem.startswith(prefix)]
    if not matches:
        pytest.fail(f"no model mapped for recorded file {name}; add it to MODEL_BY_PREFIX")
    return MODEL_BY_PREFIX[max(matches, key=len)]


def tuple_of(model: type[Any]) -> type[tuple[Any, ...]]:
    """Return ``tuple[model, ...]`` for a model chosen at run time."""
    return tuple[model, ...]  # type: ignore[valid-type]


def decode(name: str, *, strict: bool = True) -> Any:
    """Decode one recorded file: an object, a list (as a tuple) or a search page."""
    data = load_recorded(name)
    model = model_for(name)
    if isinstance(data, list):
        return structure(data, tuple_of(model), strict=strict)
    if isinstance(data, dict) and set(data) == {"results", "total"}:
        results = structure(data["results"], tuple_of(model), strict=strict)
        return SearchPage(results=results, total=structure(data["total"], int, strict=strict))
    return structure(data, model, strict=strict)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, sec: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, sec, tzinfo=UTC)


def test_recorded_folder_is_found() -> None:
    assert len(RECORDED_FILES) >= 30


@pytest.mark.parametrize("path", RECORDED_FILES, ids=lambda p: p.name)
def test_recorded_file_decodes_strictly(path: Path) -> None:
    decoded = decode(path.name, strict=True)

    items = decoded.results if isinstance(decoded, SearchPage) else decoded
    items = items if isinstance(items, tuple) else (items,)
    assert items
    assert all(isinstance(item, model_for(path.name)) for item in items)


@pytest.mark.parametrize("path", RECORDED_FILES, ids=lambda p: p.name)
def test_lenient_decoding_agrees_with_strict(path: Path) -> None:
    assert decode(path.name, strict=False) == decode(path.name, strict=True)


def test_offsets_become_the_same_instant_in_utc() -> None:
    (ticket,) = decode("all_tickets.json")
    assert ticket.created_at == utc(2014, 12, 31, 2, 27, 9)  # "2014-12-31T12:27:09+10:00"
    assert ticket.created_at.tzinfo is UTC

    agent = decode("agent_1.json")
    assert agent.contact.last_login_at == utc(2015, 8, 21, 9, 24, 46)  # "...14:54:46+05:30"
    assert agent.created_at == utc(2015, 8, 18, 16, 18, 5)  # "...Z"


def test_legacy_ticket_keys_land_in_current_fields() -> None:
    page = decode("search_tickets.json")
    assert page.total == 2
    first = page.results[0]
    assert first.fr_due_by == utc(2015, 1, 1, 2, 27, 9)  # frDueBy
    assert first.is_escalated is False  # isescalated
    assert first.type == "Question"  # ticket_type
    assert first.custom_fields == {}  # custom_field
    assert first.cc_emails == ()  # cc_email.cc_emails
    assert first.reply_cc_emails == ()  # cc_email.reply_cc
    assert first.to_emails is None
    assert first.tags == ("mytag",)
    assert first.deleted is False


def test_legacy_description_pair_is_swapped_into_html_and_text() -> None:
    second = decode("search_tickets.json").results[1]
    assert second.description == "<div>This is a another ticket.</div>"  # description_html
    assert second.description_text == "This is another ticket."  # legacy description


def test_current_ticket_with_stats_requester_and_attachment() -> None:
    ticket = decode("ticket_1.json")
    assert ticket.description == "<div>This is a sample ticket, feel free to delete it.</div>"
    assert ticket.description_text == "This is a sample ticket, feel free to delete it."
    assert ticket.stats is not None
    assert ticket.stats.resolved_at == utc(2020, 7, 24, 15, 35, 21)
    assert ticket.stats.closed_at is None
    assert ticket.requester is not None
    assert ticket.requester.id == 43026449322  # beyond 32 bits
    assert ticket.attachments is not None
    (attachment,) = ticket.attachments
    assert attachment.size == 44115  # file_size
    assert attachment.created_at == utc(2014, 7, 28, 10, 50, 3)
    assert ticket.custom_fields == {
        "parent_or_child": None,
        "parent_ticket_id": None,
        "child_ticket_id": None,
    }
    assert ticket.company is None
    assert ticket.ticket_cc_emails is None  # absent from this (older) payload


def test_numeric_phone_numbers_become_strings() -> None:
    agent = decode("agent_1.json")
    assert agent.contact.phone == "5678"
    assert agent.contact.mobile == "1234"
    assert decode("agents.json")[1].contact.phone is None


def test_contact_with_agent_sub_object_and_legacy_keys() -> None:
    contact = decode("contact_1_agent.json")
    assert contact.agent is not None
    assert contact.agent.group_ids == (1,)
    assert contact.agent.role_ids == (1,)
    assert contact.agent.ticket_scope == 1
    assert contact.company_id is None  # current company_id wins over legacy customer_id
    assert contact.unique_external_id is None  # external_id
    assert contact.facebook_id is None  # fb_profile_id
    assert contact.custom_fields == {}
    assert contact.time_zone == "Brisbane"


def test_legacy_customer_decodes_as_company() -> None:
    company = decode("customer.json")
    assert company.domains == ("acme.com",)
    assert company.custom_fields == {"cf_custom_key": "custom_value"}
    assert company.created_at == utc(2015, 7, 22, 14, 37, 36)


def test_company_account_management_fields() -> None:
    first, second = decode("companies.json")
    assert first.domains == ("supernova", "nova", "super")
    assert first.renewal_date == utc(2020, 12, 31)
    assert first.health_score == "Happy"
    assert second.industry == "Marine"
    assert decode("search_companies.json").results[0].custom_fields == {
        "sector": 5,
        "private": True,
    }


def test_group_keeps_boolean_auto_ticket_assign() -> None:
    group = decode("group_1.json")
    assert group.auto_ticket_assign is True
    assert group.agent_ids == (2, 15)
    assert decode("groups.json")[0].agent_ids is None


def test_conversations_and_other_resources() -> None:
    note, reply = decode("conversations.json")
    assert (note.private, note.source, note.to_emails, note.cc_emails) == (True, 2, (), None)
    assert reply.from_email == "Rachel <rachel@freshdesk.com>"
    assert decode("time_entries.json")[0].time_spent == "00:15"
    article = decode("solution_articles_fr.json")[0]
    assert article.title == "Modifier les détails du compte"
    assert article.seo_data == {
        "meta_title": "seo_account",
        "meta_description": "seo_account_description",
    }
