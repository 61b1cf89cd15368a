"""What each stored record looks like: its wire-shape defaults, and Freshdesk's ticket codes.

Records are plain dicts in Freshdesk's wire shape (docs/freshdesk-api-notes.md#data-conventions):
field names, key order and ``null``s as the API sends them, timestamps as
``YYYY-MM-DDTHH:MM:SSZ`` strings. Each ``new_*`` builder returns one record of
its kind, the API's defaults overridden by the given fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

__all__ = [
    "AGENT_CONTACT_KEYS",
    "CATEGORY_AGENT_PRIVATE",
    "CATEGORY_AGENT_PUBLIC",
    "CATEGORY_CUSTOMER",
    "FIRST_BIG_ID",
    "PRIORITIES",
    "SOURCES",
    "SOURCE_FORWARD",
    "SOURCE_NOTE",
    "SOURCE_REPLY",
    "STATS_KEYS",
    "STATUSES",
    "TICKET_TYPES",
    "Record",
    "merge_update",
    "new_agent",
    "new_attachment",
    "new_company",
    "new_contact",
    "new_conversation",
    "new_group",
    "new_rating",
    "new_stats",
    "new_ticket",
    "new_time_entry",
]

Record = dict[str, Any]

FIRST_BIG_ID: Final = 48000000001
"""First id of contacts, agents, companies, groups and ratings: 64-bit-sized like
Freshdesk's (docs/freshdesk-api-notes.md#data-conventions, "contact/agent ids like 43026449322 exceed 2^31")."""

STATUSES: Final = (
    2,
    3,
    4,
    5,
)  # docs/freshdesk-api-notes.md#tickets: 2 Open, 3 Pending, 4 Resolved, 5 Closed
PRIORITIES: Final = (1, 2, 3, 4)  # docs/freshdesk-api-notes.md#tickets: 1 Low .. 4 Urgent
SOURCES: Final = (
    1,
    2,
    3,
    7,
    9,
    10,
)  # docs/freshdesk-api-notes.md#tickets: "docs list 1,2,3,7,9,10" (settable by the API)
# docs/freshdesk-api-notes.md#conversations: source 0 email reply, 2 note, 8 forwarded email.
SOURCE_REPLY: Final = 0
SOURCE_NOTE: Final = 2
SOURCE_FORWARD: Final = 8
# A conversation's ``category`` (docs/freshdesk-api-notes.md#conversations: "Freshdesk's internal
# classification"). Unconfirmed: the values follow Freshdesk's own code as published in public
# repositories: 1 a customer's message, 2 an agent's private note, 3 an agent's public message.
CATEGORY_CUSTOMER: Final = 1
CATEGORY_AGENT_PRIVATE: Final = 2
CATEGORY_AGENT_PUBLIC: Final = 3
TICKET_TYPES: Final = ("Question", "Incident", "Problem", "Feature Request", "Refund")
STATS_KEYS: Final = (
    "agent_responded_at",
    "requester_responded_at",
    "first_responded_at",
    "status_updated_at",
    "reopened_at",
    "resolved_at",
    "closed_at",
    "pending_since",
)
AGENT_CONTACT_KEYS: Final = (
    "active",
    "email",
    "job_title",
    "language",
    "last_login_at",
    "mobile",
    "name",
    "phone",
    "time_zone",
    "created_at",
    "updated_at",
)


def merge_update(record: Record, changes: dict[str, Any]) -> None:
    """Apply *changes* to *record*; a sent ``custom_fields`` updates only the keys it names."""
    if "custom_fields" in changes:
        changes["custom_fields"] = {**record["custom_fields"], **changes["custom_fields"]}
    record.update(changes)


def new_ticket(ticket_id: int, now: str, fields: Mapping[str, Any]) -> Record:
    """Return a ticket in the view shape: defaults (docs/freshdesk-api-notes.md#tickets) overridden by *fields*."""
    record: Record = {
        "id": ticket_id,
        "subject": None,
        "description": None,
        "description_text": None,
        "type": None,
        "status": 2,
        "priority": 1,
        "source": 2,
        "requester_id": None,
        "responder_id": None,
        "group_id": None,
        "company_id": None,
        "product_id": None,
        "email_config_id": None,
        "to_emails": None,
        "cc_emails": [],
        "fwd_emails": [],
        "reply_cc_emails": [],
        "ticket_cc_emails": [],
        "fr_escalated": False,
        "is_escalated": False,
        "spam": False,
        "due_by": None,
        "fr_due_by": None,
        "tags": [],
        "custom_fields": {},
        "attachments": [],
        "association_type": None,
        "source_additional_info": None,
        "created_at": now,
        "updated_at": now,
    }
    record.update(fields)
    record["id"] = ticket_id
    return record


def new_stats(fields: Mapping[str, Any] | None = None) -> Record:
    """Return a ticket's ``stats`` object, every key present (docs/freshdesk-api-notes.md#tickets)."""
    stats: Record = dict.fromkeys(STATS_KEYS)
    if fields:
        stats.update((key, value) for key, value in fields.items() if key in stats)
    return stats


def new_contact(contact_id: int, now: str, fields: Mapping[str, Any]) -> Record:
    """Return a contact in the view shape (docs/freshdesk-api-notes.md#contacts); new API contacts start unverified."""
    record: Record = {
        "id": contact_id,
        "name": None,
        "email": None,
        "other_emails": [],
        "phone": None,
        "mobile": None,
        "twitter_id": None,
        "facebook_id": None,
        "unique_external_id": None,
        "company_id": None,
        "view_all_tickets": False,
        "active": False,
        "address": None,
        "description": None,
        "job_title": None,
        "language": "en",
        "time_zone": "Eastern Time (US & Canada)",
        "tags": [],
        "custom_fields": {},
        "avatar": None,
        "csat_rating": None,
        "preferred_source": None,
        "created_at": now,
        "updated_at": now,
    }
    record.update(fields)
    record["id"] = contact_id
    return record


def new_company(company_id: int, now: str, fields: Mapping[str, Any]) -> Record:
    """Return a company in the view shape (docs/freshdesk-api-notes.md#companies), account-management fields included."""
    record: Record = {
        "id": company_id,
        "name": None,
        "description": None,
        "note": None,
        "domains": [],
        "custom_fields": {},
        "health_score": None,
        "account_tier": None,
        "renewal_date": None,
        "industry": None,
        "created_at": now,
        "updated_at": now,
    }
    record.update(fields)
    record["id"] = company_id
    return record


def new_agent(agent_id: int, now: str, fields: Mapping[str, Any]) -> Record:
    """Return an agent (docs/freshdesk-api-notes.md#agents) without ``group_ids``, which the groups own."""
    contact = dict.fromkeys(AGENT_CONTACT_KEYS)
    contact.update(active=True, language="en", time_zone="Eastern Time (US & Canada)")
    contact.update(created_at=now, updated_at=now)
    contact.update(fields.get("contact") or {})
    record: Record = {
        "id": agent_id,
        "available": True,
        "available_since": None,
        "occasional": False,
        "signature": None,
        "ticket_scope": 1,
        "type": "support_agent",
        "role_ids": [],
        "skill_ids": [],
        "last_active_at": None,
        "created_at": now,
        "updated_at": now,
    }
    record.update((key, value) for key, value in fields.items() if key != "contact")
    record["id"] = agent_id
    record.pop("group_ids", None)
    record["contact"] = contact
    return record


def new_group(group_id: int, now: str, fields: Mapping[str, Any]) -> Record:
    """Return a group in the view shape (docs/freshdesk-api-notes.md#groups); ``auto_ticket_assign`` only when given."""
    record: Record = {
        "id": group_id,
        "name": None,
        "description": None,
        "escalate_to": None,
        "unassigned_for": None,
        "business_hour_id": None,
        "group_type": "support_agent_group",
        "agent_ids": [],
        "created_at": now,
        "updated_at": now,
    }
    record.update(fields)
    record["id"] = group_id
    return record


def new_rating(rating_id: int, now: str, fields: Mapping[str, Any]) -> Record:
    """Return a satisfaction rating (docs/freshdesk-api-notes.md#satisfaction-ratings)."""
    record: Record = {
        "id": rating_id,
        "survey_id": FIRST_BIG_ID,
        "user_id": None,
        "agent_id": None,
        "group_id": None,
        "ticket_id": None,
        "feedback": None,
        "ratings": {},
        "created_at": now,
        "updated_at": now,
    }
    record.update(fields)
    record["id"] = rating_id
    return record


def new_conversation(conversation_id: int, now: str, fields: Mapping[str, Any]) -> Record:
    """Return a conversation (docs/freshdesk-api-notes.md#conversations): a public agent reply unless *fields* say otherwise."""
    record: Record = {
        "id": conversation_id,
        "body": None,
        "body_text": None,
        "incoming": False,
        "private": False,
        "user_id": None,
        "support_email": None,
        "source": SOURCE_REPLY,
        "category": CATEGORY_AGENT_PUBLIC,
        "ticket_id": None,
        "to_emails": [],
        "from_email": None,
        "cc_emails": [],
        "bcc_emails": [],
        "attachments": [],
        "source_additional_info": None,
        "created_at": now,
        "updated_at": now,
    }
    record.update(fields)
    record["id"] = conversation_id
    return record


def new_attachment(attachment_id: int, now: str, name: str, content_type: str, size: int) -> Record:
    """Return an attachment object (docs/freshdesk-api-notes.md#attachments); its ``attachment_url`` is signed when shown."""
    return {
        "id": attachment_id,
        "name": name,
        "content_type": content_type,
        "size": size,
        "attachment_url": None,
        "created_at": now,
        "updated_at": now,
    }


def new_time_entry(entry_id: int, now: str, fields: Mapping[str, Any]) -> Record:
    """Return a time entry (docs/freshdesk-api-notes.md#time-entries), billable and stopped by default."""
    record: Record = {
        "id": entry_id,
        "agent_id": None,
        "ticket_id": None,
        "company_id": None,
        "billable": True,
        "timer_running": False,
        "time_spent": "00:00",
        "note": None,
        "executed_at": now,
        "start_time": now,
        "created_at": now,
        "updated_at": now,
    }
    record.update(fields)
    record["id"] = entry_id
    return record
