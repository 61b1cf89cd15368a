"""A deterministic, realistic generated account (``FakeFreshdesk.generate``).

Everything comes from one ``random.Random(seed)`` and the anchor time, so the
same seed and anchor give the same account. Record dates spread over several
years, denser towards the anchor; ticket numbers follow creation order;
requesters existed before their tickets; ``stats`` timestamps follow the
status (first response, then resolution, then closure, all in the past);
some resolved tickets carry a satisfaction rating; a few tickets are spam or
trashed and a few contacts deleted or blocked.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final, Generic, TypeVar

from ._state import FakeState
from ._tickets import SLA_HOURS
from ._validate import CustomField
from ._well_known import WELL_KNOWN, insert_well_known_company, well_known_ticket
from ._wire import epoch_to_wire

__all__ = ["generate_account"]

_T = TypeVar("_T")

DAY: Final = 86_400
HOUR: Final = 3_600

FIRST_NAMES: Final = [
    "Ada",
    "Alan",
    "Amara",
    "Ana",
    "Ben",
    "Carla",
    "Chen",
    "Dana",
    "Diego",
    "Elena",
    "Emil",
    "Fatima",
    "Felix",
    "Grace",
    "Hana",
    "Ivan",
    "Jonas",
    "Julia",
    "Kai",
    "Lena",
    "Liam",
    "Maya",
    "Mateo",
    "Mei",
    "Nadia",
    "Noah",
    "Olga",
    "Omar",
    "Priya",
    "Rafael",
    "Rosa",
    "Sam",
    "Sara",
    "Tariq",
    "Uma",
    "Victor",
    "Wen",
    "Yara",
    "Yusuf",
    "Zoe",
]
LAST_NAMES: Final = [
    "Abe",
    "Bauer",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Moreau",
    "Nakamura",
    "Novak",
    "Okafor",
    "Patel",
    "Quinn",
    "Rossi",
    "Ruiz",
    "Santos",
    "Schmidt",
    "Silva",
    "Tanaka",
    "Usman",
    "Varga",
    "Walsh",
    "Xu",
    "Yilmaz",
    "Zimmer",
]
COMPANY_WORDS: Final = [
    "Acme",
    "Apex",
    "Atlas",
    "Beacon",
    "Blue",
    "Bright",
    "Cedar",
    "Cobalt",
    "Crest",
    "Delta",
    "Ember",
    "Falcon",
    "Globex",
    "Granite",
    "Harbor",
    "Helix",
    "Initech",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Maple",
    "Meridian",
    "Nimbus",
    "Northwind",
    "Onyx",
    "Orbit",
    "Pioneer",
    "Quartz",
    "Redwood",
    "Sierra",
    "Solstice",
    "Summit",
    "Tidal",
    "Umbra",
    "Vertex",
    "Willow",
    "Zenith",
]
COMPANY_SUFFIXES: Final = (
    "Corp",
    "Labs",
    "Group",
    "Systems",
    "Logistics",
    "Health",
    "Retail",
    "Media",
)
INDUSTRIES: Final = (
    "Software",
    "Retail",
    "Healthcare",
    "Logistics",
    "Finance",
    "Media",
    "Education",
)
TIERS: Final = ("Basic", "Premium", "Enterprise")
HEALTH: Final = ("At risk", "Doing okay", "Happy")
GROUP_NAMES: Final = (
    "Technical Support",
    "Billing",
    "Sales",
    "Escalations",
    "Onboarding",
    "Returns",
    "Partners",
    "Product Feedback",
)
TAGS: Final = (
    "billing",
    "login",
    "vip",
    "bug",
    "refund",
    "shipping",
    "api",
    "mobile",
    "onboarding",
    "outage",
    "feature-request",
    "invoice",
    "password",
    "integration",
)
TIME_ZONES: Final = (
    "Eastern Time (US & Canada)",
    "Pacific Time (US & Canada)",
    "London",
    "Berlin",
    "Paris",
    "Chennai",
    "Tokyo",
    "Sydney",
    "Brasilia",
)
LANGUAGES: Final = ("en", "en", "en", "en", "fr", "de", "es", "pt-BR", "ja-JP")
JOB_TITLES: Final = (
    None,
    None,
    "Manager",
    "Engineer",
    "Accountant",
    "Director",
    "Analyst",
    "Buyer",
    "CTO",
)
PRODUCTS: Final = (
    "the dashboard",
    "the mobile app",
    "invoices",
    "the API",
    "checkout",
    "reports",
    "SSO login",
)
SUBJECTS: Final = (
    "Cannot log in to {p}",
    "Error when opening {p}",
    "Question about {p}",
    "{p} is very slow today",
    "Refund request for order {n}",
    "Invoice {n} looks wrong",
    "How do I export data from {p}?",
    "Feature request: dark mode for {p}",
    "Shipping delay on order {n}",
    "Password reset email never arrives",
    "Integration with {p} stopped working",
    "Charged twice for order {n}",
)
BODIES: Final = (
    "Hello, since this morning {p} shows an error and we cannot continue working.",
    "Hi team, could you explain how {p} handles this case? Thanks in advance.",
    "We noticed a problem with order {n}. Please have a look as soon as possible.",
    "Our users report that {p} is unusable. This is blocking our team.",
    "Could you please check {p}? The numbers do not match what we expected.",
)
FEEDBACK: Final = (
    "Quick and helpful, thank you!",
    "Solved my problem.",
    "Took too long to get an answer.",
    "The agent was very patient.",
    "Still not fully fixed.",
)


def _pick(rng: random.Random, items: Sequence[_T]) -> _T:
    return items[int(rng.random() * len(items))]


class _Weighted(Generic[_T]):
    """A weighted choice with its cumulative weights computed once."""

    def __init__(self, items: Sequence[_T], weights: Sequence[int]) -> None:
        self.items = items
        self.cumulative = list(itertools.accumulate(weights))

    def __call__(self, rng: random.Random) -> _T:
        point = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_right(self.cumulative, point)]


# docs/freshdesk-api-notes.md#tickets codes: status 2 Open, 3 Pending, 4 Resolved, 5 Closed, weighted by ticket age.
STATUS_NEW: Final = _Weighted((2, 3, 4, 5), (50, 20, 20, 10))
STATUS_RECENT: Final = _Weighted((2, 3, 4, 5), (20, 15, 35, 30))
STATUS_OLD: Final = _Weighted((2, 3, 4, 5), (2, 1, 22, 75))
PRIORITY: Final = _Weighted((1, 2, 3, 4), (40, 35, 18, 7))
SOURCE: Final = _Weighted((1, 2, 3, 7, 9, 10), (45, 25, 12, 10, 5, 3))
# docs/freshdesk-api-notes.md#satisfaction-ratings scale: 103 extremely happy .. -103 extremely unhappy.
RATING: Final = _Weighted((103, 102, 101, 100, -101, -102, -103), (30, 25, 15, 12, 8, 6, 4))


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
) -> None:
    """Fill *state* with a generated account anchored at *now* (see the module docstring)."""
    rng = random.Random(seed)
    end = int(now.timestamp())
    span = max(DAY, int(years * 365 * DAY))
    start = end - span
    state.ticket_fields = {
        "cf_order_number": CustomField("text"),
        "cf_region": CustomField("dropdown", ("AMER", "EMEA", "APAC")),
        "cf_vip": CustomField("checkbox"),
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
    _tickets(
        state, rng, tickets, contact_times, contact_ids, agent_ids, group_ids, start, end, span
    )


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
                "unassigned_for": _pick(rng, ("30m", "1h", "2h", "4h")),
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
        first, last = _pick(rng, FIRST_NAMES), _pick(rng, LAST_NAMES)
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
                "ticket_scope": 1 if index == 0 else _pick(rng, (1, 1, 2, 3)),
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
                    "time_zone": _pick(rng, TIME_ZONES),
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
        name = f"{_pick(rng, COMPANY_WORDS)} {_pick(rng, COMPANY_SUFFIXES)}"
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
                "description": f"{_pick(rng, INDUSTRIES)} company",
                "domains": [f"{slug}.example"],
                "custom_fields": {
                    "website": f"https://{slug}.example",
                    "seats": 5 + int(rng.random() * 500),
                },
                "health_score": _pick(rng, HEALTH),
                "account_tier": _pick(rng, TIERS),
                "renewal_date": epoch_to_wire(end + int(rng.random() * 365) * DAY - end % DAY),
                "industry": _pick(rng, INDUSTRIES),
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
        first, last = _pick(rng, FIRST_NAMES), _pick(rng, LAST_NAMES)
        company_id, mail_domain = None, "mail.example"
        if companies and rng.random() < 0.7:
            company_id, mail_domain = _pick(rng, companies)
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
                "job_title": _pick(rng, JOB_TITLES),
                "language": _pick(rng, LANGUAGES),
                "time_zone": _pick(rng, TIME_ZONES),
                "tags": rng.sample(TAGS, k=int(rng.random() * 3)),
                "custom_fields": {
                    "department": _pick(rng, (None, "Finance", "IT", "Operations", "Sales")),
                    "contract_end": epoch_to_wire(end + int(rng.random() * 700) * DAY)[:10]
                    if rng.random() < 0.3
                    else None,
                },
                "csat_rating": None,
                "preferred_source": _pick(rng, ("email", "email", "phone", "chat", None)),
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


def _tickets(
    state: FakeState,
    rng: random.Random,
    count: int,
    contact_times: list[int],
    contact_ids: list[int],
    agent_ids: list[int],
    group_ids: list[int],
    start: int,
    end: int,
    span: int,
) -> None:
    if count > 0 and contact_ids and contact_ids[0] == WELL_KNOWN.contact_id:
        stamp = epoch_to_wire(start)
        first_ticket = well_known_ticket(stamp)
        if WELL_KNOWN.agent_id not in state.agents:
            first_ticket["responder_id"] = None
        if WELL_KNOWN.group_id not in state.groups:
            first_ticket["group_id"] = None
        if WELL_KNOWN.company_id not in state.companies:
            first_ticket["company_id"] = None
        fr_hours, due_hours = SLA_HOURS[first_ticket["priority"]]
        first_ticket["fr_due_by"] = epoch_to_wire(start + fr_hours * HOUR)
        first_ticket["due_by"] = epoch_to_wire(start + due_hours * HOUR)
        # Open since the account began: both deadlines have long passed.
        first_ticket["fr_escalated"] = first_ticket["is_escalated"] = True
        state.insert_ticket(stamp, first_ticket)
        count -= 1
    created_times = sorted(start + int(span * math.sqrt(rng.random())) for _ in range(count))
    members = {gid: state.groups[gid]["agent_ids"] for gid in group_ids}
    for created in created_times:
        age = end - created
        chooser = STATUS_NEW if age < 2 * DAY else STATUS_RECENT if age < 14 * DAY else STATUS_OLD
        status = chooser(rng)
        priority = PRIORITY(rng)
        source = SOURCE(rng)
        requester_id: int | None = state.owner_id
        if contact_ids:
            known = bisect.bisect_right(contact_times, created)
            requester_id = contact_ids[int(rng.random() * known)] if known else contact_ids[0]
        person = state.person(requester_id) if requester_id is not None else None
        group_id = _pick(rng, group_ids) if group_ids and rng.random() < 0.85 else None
        pool = members.get(group_id or 0) or agent_ids
        responder_id = _pick(rng, pool) if pool and (status != 2 or rng.random() < 0.6) else None
        fr_hours, due_hours = SLA_HOURS[priority]
        product, number = _pick(rng, PRODUCTS), 10_000 + int(rng.random() * 90_000)
        text = _pick(rng, BODIES).format(p=product, n=number)
        stats, updated = _timeline(rng, created, end, status, responder_id is not None)
        fr_due, due = created + fr_hours * HOUR, created + due_hours * HOUR
        first_response = stats["first_responded_at"]
        resolved = stats["resolved_at"]
        cc = [f"cc.{number}@mail.example"] if rng.random() < 0.1 else []
        fields: dict[str, Any] = {
            "subject": _pick(rng, SUBJECTS).format(p=product, n=number),
            "description": f"<div>{text}</div>",
            "description_text": text,
            "type": _pick(rng, state.ticket_types) if rng.random() < 0.8 else None,
            "status": status,
            "priority": priority,
            "source": source,
            "requester_id": requester_id,
            "responder_id": responder_id,
            "group_id": group_id,
            "company_id": person.get("company_id") if person else None,
            "to_emails": ["support@fake.example"] if source == 1 else None,
            "cc_emails": cc,
            "reply_cc_emails": list(cc),
            "ticket_cc_emails": list(cc),
            "fr_escalated": (first_response or end) > fr_due,
            "is_escalated": (resolved or end) > due,
            "spam": rng.random() < 0.01,
            "due_by": epoch_to_wire(due),
            "fr_due_by": epoch_to_wire(fr_due),
            "tags": rng.sample(TAGS, k=int(rng.random() * 4)),
            "custom_fields": {
                "cf_order_number": f"SO-{number}" if rng.random() < 0.4 else None,
                "cf_region": _pick(rng, ("AMER", "EMEA", "APAC")),
                "cf_vip": rng.random() < 0.1,
            },
            "created_at": epoch_to_wire(created),
            "updated_at": epoch_to_wire(updated),
        }
        if rng.random() < 0.01:
            fields["deleted"] = True
        ticket = state.insert_ticket(
            fields["created_at"], fields, {k: _wire(v) for k, v in stats.items()}
        )
        if resolved is not None and responder_id is not None and rng.random() < 0.25:
            rated = min(end, resolved + int(rng.random() * 48 * HOUR))
            state.insert_rating(
                epoch_to_wire(rated),
                {
                    "user_id": requester_id,
                    "agent_id": responder_id,
                    "group_id": group_id,
                    "ticket_id": ticket["id"],
                    "feedback": _pick(rng, FEEDBACK) if rng.random() < 0.3 else None,
                    "ratings": {"default_question": RATING(rng)},
                },
            )


def _wire(value: int | None) -> str | None:
    return None if value is None else epoch_to_wire(value)


def _timeline(
    rng: random.Random, created: int, end: int, status: int, assigned: bool
) -> tuple[dict[str, int | None], int]:
    """Return the ``stats`` moments (epoch seconds) consistent with *status*, and ``updated_at``."""
    stats: dict[str, int | None] = dict.fromkeys(
        (
            "agent_responded_at",
            "requester_responded_at",
            "first_responded_at",
            "status_updated_at",
            "reopened_at",
            "resolved_at",
            "closed_at",
            "pending_since",
        )
    )
    responded = status != 2 or (assigned and rng.random() < 0.5)
    steps = [int(rng.expovariate(1 / (6 * HOUR))) + 60 if responded else 0]
    steps.append(int(rng.expovariate(1 / (2 * DAY))) + HOUR if status in (3, 4, 5) else 0)
    steps.append(int(rng.expovariate(1 / (3 * DAY))) + HOUR if status == 5 else 0)
    room = max(60, end - created)
    total = sum(steps)
    if total >= room:  # squeeze the story into the time the ticket has existed
        steps = [step * (room - 30) // total for step in steps]
    first = created + steps[0] if responded else None
    after = (first or created) + steps[1]
    stats["first_responded_at"] = first
    stats["agent_responded_at"] = first
    if first is not None and rng.random() < 0.5:
        stats["requester_responded_at"] = first + (after - first) // 2
    stats["status_updated_at"] = created
    if status == 3:
        stats["pending_since"] = stats["status_updated_at"] = after
    if status in (4, 5):
        stats["resolved_at"] = stats["status_updated_at"] = after
    if status == 5:
        stats["closed_at"] = stats["status_updated_at"] = after + steps[2]
    if status in (2, 3) and first is not None and rng.random() < 0.05:
        stats["reopened_at"] = stats["status_updated_at"] = after
    latest = max(moment or created for moment in stats.values())
    updated = min(end, latest + int(rng.random() * HOUR))
    return stats, updated
