"""A deterministic, realistic generated account (``FakeFreshdesk.generate``).

Everything comes from one ``random.Random(seed)`` and the anchor time, so the
same seed and anchor give the same account. Record dates spread over several
years, denser towards the anchor; ticket numbers follow creation order;
requesters existed before their tickets; ``stats`` timestamps follow the
status (first response, then resolution, then closure, all in the past);
some resolved tickets carry a satisfaction rating; a few tickets are spam or
trashed and a few contacts deleted or blocked. The ticket form has a text,
a dropdown, a checkbox, a number and a nested custom field.

This module makes the groups, agents, companies and contacts;
``_generate_tickets`` the tickets and ratings; ``_generate_threads`` their
conversations; the names and texts they draw from are the tables of
``_generate_tables``. The conversations and the custom fields added after
the first three draw from their own random sequences, so the records of a
seed stay what they were before those existed.
"""

from __future__ import annotations

import math
import random
from datetime import datetime
from typing import Any

from ._custom_fields import CustomField, nested_field
from ._generate_draws import pick
from ._generate_tables import (
    CATEGORY_TREE,
    COMPANY_SUFFIXES,
    COMPANY_WORDS,
    DAY,
    FIRST_NAMES,
    GROUP_NAMES,
    HEALTH,
    INDUSTRIES,
    JOB_TITLES,
    LANGUAGES,
    LAST_NAMES,
    TAGS,
    TIERS,
    TIME_ZONES,
)
from ._generate_threads import generate_threads
from ._generate_tickets import generate_tickets
from ._state import FakeState
from ._well_known import WELL_KNOWN, insert_well_known_company
from ._wire import epoch_to_wire

__all__ = ["generate_account"]


def generate_account(
    state: FakeState,
    *,
    now: datetime,
    tickets: int,
    contacts: int,
    companies: int | None,
    agents: int | None,
    groups: int | None,
    years: float,
    seed: int,
    domain: str,
    conversations: int = 0,
) -> None:
    """Fill *state* with a generated account anchored at *now* (see the module docstring)."""
    rng = random.Random(seed)
    end = int(now.timestamp())
    span = max(DAY, int(years * 365 * DAY))
    start = end - span
    state.ticket_fields = {
        "cf_order_number": CustomField("text", label="Order number"),
        "cf_region": CustomField("dropdown", ("AMER", "EMEA", "APAC"), "Region"),
        "cf_vip": CustomField("checkbox", label="VIP customer"),
        "cf_affected_users": CustomField("number", label="Affected users"),
        **nested_field(
            "cf_category",
            CATEGORY_TREE,
            {"cf_subcategory": "Subcategory", "cf_item": "Item"},
            "Category",
        ),
    }
    state.contact_fields = {
        "department": CustomField("text"),
        "contract_end": CustomField("date"),
    }
    state.company_fields = {
        "website": CustomField("text"),
        "seats": CustomField("number"),
    }
    group_ids = _groups(state, rng, groups, start)
    agent_ids = _agents(
        state,
        rng,
        agents if agents is not None else max(3, min(60, tickets // 400 + 2)),
        group_ids,
        start,
        end,
        domain,
    )
    company_count = (
        companies if companies is not None else max(1, contacts // 25) if contacts else 0
    )
    company_domains = _companies(state, rng, company_count, start, end)
    contact_times, contact_ids = _contacts(state, rng, contacts, company_domains, start, end)
    generate_tickets(
        state,
        (rng, random.Random(f"custom-fields:{seed}")),
        tickets,
        contact_times,
        contact_ids,
        agent_ids,
        group_ids,
        start,
        end,
        span,
    )
    generate_threads(state, seed, conversations, domain)


def _groups(state: FakeState, rng: random.Random, count: int | None, start: int) -> list[int]:
    count = 6 if count is None else count
    ids: list[int] = []
    if count > 0:
        stamp = epoch_to_wire(start)
        state.insert_group(
            stamp,
            {
                "id": WELL_KNOWN.group_id,
                "name": WELL_KNOWN.group_name,
                "description": "Where new tickets land first",
                "unassigned_for": "30m",
                "created_at": stamp,
                "updated_at": stamp,
            },
        )
        ids.append(WELL_KNOWN.group_id)
    names = GROUP_NAMES[: max(0, count - 1)]
    for name in names:
        stamp = epoch_to_wire(start + int(rng.random() * 30 * DAY))
        group = state.insert_group(
            stamp,
            {
                "name": name,
                "description": f"{name} team",
                "unassigned_for": pick(rng, ("30m", "1h", "2h", "4h")),
                "created_at": stamp,
                "updated_at": stamp,
            },
        )
        ids.append(group["id"])
    return ids


def _agents(
    state: FakeState,
    rng: random.Random,
    count: int,
    group_ids: list[int],
    start: int,
    end: int,
    domain: str,
) -> list[int]:
    ids: list[int] = []
    for index in range(count):
        first, last = pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES)
        created = start + int(rng.random() * 60 * DAY) if index else start
        stamp = epoch_to_wire(created)
        login = epoch_to_wire(end - int(rng.random() * 10 * DAY))
        email = (
            f"admin@{domain}.example"
            if index == 0
            else f"{first}.{last}.{index}@{domain}.example".lower()
        )
        members = (
            rng.sample(group_ids, k=min(len(group_ids), 1 + int(rng.random() * 2)))
            if group_ids
            else []
        )
        known: dict[str, Any] = {}
        if index == 0:  # the API key's owner is the well-known agent
            known = {"id": WELL_KNOWN.agent_id}
            first, last = WELL_KNOWN.agent_name.split()
            if group_ids and WELL_KNOWN.group_id not in members:
                members = [WELL_KNOWN.group_id, *members]
        agent = state.insert_agent(
            stamp,
            {
                **known,
                "occasional": index > 0 and rng.random() < 0.1,
                "available": rng.random() < 0.7,
                "ticket_scope": 1 if index == 0 else pick(rng, (1, 1, 2, 3)),
                "role_ids": [1] if index == 0 else [2],
                "last_active_at": login,
                "created_at": stamp,
                "updated_at": login,
                "group_ids": members,
                "contact": {
                    "active": True,
                    "email": email,
                    "name": f"{first} {last}",
                    "job_title": "Administrator" if index == 0 else "Support Agent",
                    "language": "en",
                    "time_zone": pick(rng, TIME_ZONES),
                    "last_login_at": login,
                    "created_at": stamp,
                    "updated_at": login,
                },
            },
        )
        ids.append(agent["id"])
    return ids


def _companies(
    state: FakeState, rng: random.Random, count: int, start: int, end: int
) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    seen: set[str] = {WELL_KNOWN.company_name.casefold()}
    if count > 0:
        found.append(insert_well_known_company(state, epoch_to_wire(start)))
    for index in range(count - 1):
        name = f"{pick(rng, COMPANY_WORDS)} {pick(rng, COMPANY_SUFFIXES)}"
        if name.casefold() in seen:
            name = f"{name} {index}"
        seen.add(name.casefold())
        slug = name.lower().replace(" ", "")
        created = start + int(rng.random() * (end - start) * 0.5)
        updated = created + int(rng.random() * (end - created))
        company = state.insert_company(
            epoch_to_wire(created),
            {
                "name": name,
                "description": f"{pick(rng, INDUSTRIES)} company",
                "domains": [f"{slug}.example"],
                "custom_fields": {
                    "website": f"https://{slug}.example",
                    "seats": 5 + int(rng.random() * 500),
                },
                "health_score": pick(rng, HEALTH),
                "account_tier": pick(rng, TIERS),
                "renewal_date": epoch_to_wire(end + int(rng.random() * 365) * DAY - end % DAY),
                "industry": pick(rng, INDUSTRIES),
                "created_at": epoch_to_wire(created),
                "updated_at": epoch_to_wire(updated),
            },
        )
        found.append((company["id"], f"{slug}.example"))
    return found


def _contacts(
    state: FakeState,
    rng: random.Random,
    count: int,
    companies: list[tuple[int, str]],
    start: int,
    end: int,
) -> tuple[list[int], list[int]]:
    span = end - start
    if count <= 0:
        return [], []
    # The well-known contact exists from the start: someone must raise the first ticket.
    stamp = epoch_to_wire(start)
    state.insert_contact(
        stamp,
        {
            "id": WELL_KNOWN.contact_id,
            "name": WELL_KNOWN.contact_name,
            "email": WELL_KNOWN.contact_email,
            "phone": "+1 555 010 0001",
            "company_id": WELL_KNOWN.company_id if companies else None,
            "active": True,
            "job_title": "Controller",
            "language": "en",
            "time_zone": "Eastern Time (US & Canada)",
            "tags": ["key-account"],
            "custom_fields": {"department": "Finance", "contract_end": None},
            "preferred_source": "email",
            "created_at": stamp,
            "updated_at": stamp,
        },
    )
    later = sorted(start + int(span * math.sqrt(rng.random())) for _ in range(count - 1))
    created_times = [start, *later]
    ids: list[int] = [WELL_KNOWN.contact_id]
    for index, created in enumerate(created_times[1:], start=1):
        first, last = pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES)
        company_id, mail_domain = None, "mail.example"
        if companies and rng.random() < 0.7:
            company_id, mail_domain = pick(rng, companies)
        updated = created + int(rng.random() * (end - created))
        contact = state.insert_contact(
            epoch_to_wire(created),
            {
                "name": f"{first} {last}",
                "email": f"{first}.{last}.{index}@{mail_domain}".lower(),
                "phone": f"+1 555 {100 + index % 900:03d} {index % 10000:04d}"
                if rng.random() < 0.5
                else None,
                "mobile": f"+44 7700 {index % 1000000:06d}" if rng.random() < 0.3 else None,
                "twitter_id": f"@{first.lower()}{index}" if rng.random() < 0.05 else None,
                "unique_external_id": f"ext-{index}" if rng.random() < 0.2 else None,
                "company_id": company_id,
                "active": rng.random() < 0.8,
                "job_title": pick(rng, JOB_TITLES),
                "language": pick(rng, LANGUAGES),
                "time_zone": pick(rng, TIME_ZONES),
                "tags": rng.sample(TAGS, k=int(rng.random() * 3)),
                "custom_fields": {
                    "department": pick(rng, (None, "Finance", "IT", "Operations", "Sales")),
                    "contract_end": epoch_to_wire(end + int(rng.random() * 700) * DAY)[:10]
                    if rng.random() < 0.3
                    else None,
                },
                "csat_rating": None,
                "preferred_source": pick(rng, ("email", "email", "phone", "chat", None)),
                "created_at": epoch_to_wire(created),
                "updated_at": epoch_to_wire(updated),
            },
        )
        draw = rng.random()
        if draw < 0.01:
            contact["deleted"] = True
        elif draw < 0.015:
            state.blocked.add(contact["id"])
        ids.append(contact["id"])
    return created_times, ids
