"""The generated account's tickets: their story over time, ``stats`` and satisfaction ratings."""

from __future__ import annotations

import bisect
import math
import random
from typing import Any

from ._generate_draws import pick
from ._generate_tables import (
    BODIES,
    CATEGORY_TREE,
    DAY,
    FEEDBACK,
    HOUR,
    PRIORITY,
    PRODUCTS,
    RATING,
    SOURCE,
    STATUS_NEW,
    STATUS_OLD,
    STATUS_RECENT,
    SUBJECTS,
    TAGS,
)
from ._record_shapes import STATS_KEYS
from ._state import FakeState
from ._ticket_writes import SLA_HOURS
from ._well_known import WELL_KNOWN, well_known_ticket
from ._wire import epoch_to_wire

__all__ = ["generate_tickets"]


def generate_tickets(
    state: FakeState,
    rngs: tuple[random.Random, random.Random],
    count: int,
    contact_times: list[int],
    contact_ids: list[int],
    agent_ids: list[int],
    group_ids: list[int],
    start: int,
    end: int,
    span: int,
) -> None:
    """Store *count* tickets (the well-known one first), created between *start* and *end*.

    *rngs* are the main random sequence and the one of the later custom fields.
    """
    rng, extra = rngs
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
        group_id = pick(rng, group_ids) if group_ids and rng.random() < 0.85 else None
        pool = members.get(group_id or 0) or agent_ids
        responder_id = pick(rng, pool) if pool and (status != 2 or rng.random() < 0.6) else None
        fr_hours, due_hours = SLA_HOURS[priority]
        product, number = pick(rng, PRODUCTS), 10_000 + int(rng.random() * 90_000)
        text = pick(rng, BODIES).format(p=product, n=number)
        stats, updated = _timeline(rng, created, end, status, responder_id is not None)
        fr_due, due = created + fr_hours * HOUR, created + due_hours * HOUR
        first_response = stats["first_responded_at"]
        resolved = stats["resolved_at"]
        cc = [f"cc.{number}@mail.example"] if rng.random() < 0.1 else []
        fields: dict[str, Any] = {
            "subject": pick(rng, SUBJECTS).format(p=product, n=number),
            "description": f"<div>{text}</div>",
            "description_text": text,
            "type": pick(rng, state.ticket_types) if rng.random() < 0.8 else None,
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
                "cf_region": pick(rng, ("AMER", "EMEA", "APAC")),
                "cf_vip": rng.random() < 0.1,
                **_later_custom_fields(extra),
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
                    "feedback": pick(rng, FEEDBACK) if rng.random() < 0.3 else None,
                    "ratings": {"default_question": RATING(rng)},
                },
            )


def _later_custom_fields(rng: random.Random) -> dict[str, Any]:
    """Values of the custom fields added after the first three, from their own sequence."""
    values: dict[str, Any] = {
        "cf_affected_users": 1 + int(rng.expovariate(1 / 20)) if rng.random() < 0.5 else None
    }
    if rng.random() < 0.7:
        category = pick(rng, list(CATEGORY_TREE))
        subcategory = pick(rng, list(CATEGORY_TREE[category]))
        item = pick(rng, CATEGORY_TREE[category][subcategory]) if rng.random() < 0.8 else None
        values.update(cf_category=category, cf_subcategory=subcategory, cf_item=item)
    return values


def _wire(value: int | None) -> str | None:
    return None if value is None else epoch_to_wire(value)


def _timeline(
    rng: random.Random, created: int, end: int, status: int, assigned: bool
) -> tuple[dict[str, int | None], int]:
    """Return the ``stats`` moments (epoch seconds) consistent with *status*, and ``updated_at``."""
    stats: dict[str, int | None] = dict.fromkeys(STATS_KEYS)
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
