"""The generated account's conversations: threads of replies and notes, some with files.

Shapes as docs/freshdesk-api-notes.md#conversations describes them (replies
source 0, notes source 2; customers' messages ``incoming``), files as
docs/freshdesk-api-notes.md#attachments does.

Made after every other record from their own ``random.Random``, so adding
them changes no ticket, contact or id made before. The *count*
conversations go to tickets with a skewed draw (a ticket's share falls off
steeply with its rank), so with a large count a few tickets hold hundreds.
A thread lies strictly between its ticket's ``created_at`` and
``updated_at``; when the ticket's ``stats`` say an agent responded, one
conversation is that response, at ``first_responded_at``. About one
conversation in sixteen carries a file: a tiny PNG screenshot (referenced
inline as ``<img src="cid:...">``) or a text log.
"""

from __future__ import annotations

import random
from typing import Any, Final

from ._generate_draws import pick
from ._generate_tables import (
    AGENT_REPLIES,
    CUSTOMER_REPLIES,
    NOTES,
    PIXEL_PNG,
    PRODUCTS,
    THREAD_KIND,
)
from ._record_shapes import (
    CATEGORY_AGENT_PRIVATE,
    CATEGORY_AGENT_PUBLIC,
    CATEGORY_CUSTOMER,
    SOURCE_NOTE,
    Record,
)
from ._state import FakeState
from ._wire import epoch_to_wire, html_to_text, parse_timestamp

__all__ = ["generate_threads"]

MIN_SPAN: Final = 120  # seconds a ticket must have lived to get a thread
FILE_SHARE: Final = 1 / 16


def _epoch(stamp: str | None) -> int | None:
    parsed = parse_timestamp(stamp)
    return None if parsed is None else int(parsed.timestamp())


def generate_threads(state: FakeState, seed: int, count: int, domain: str) -> None:
    """Store *count* conversations over *state*'s tickets (see the module docstring)."""
    if count <= 0:
        return
    rng = random.Random(f"threads:{seed}")
    eligible: list[tuple[Record, int, int]] = []
    for ticket in state.tickets.values():
        created, updated = _epoch(ticket["created_at"]), _epoch(ticket["updated_at"])
        if created is not None and updated is not None and updated - created >= MIN_SPAN:
            eligible.append((ticket, created, updated))
    if not eligible:
        return
    ranks = list(range(len(eligible)))
    rng.shuffle(ranks)
    shares = [0] * len(eligible)
    for _ in range(count):
        shares[int(len(eligible) * rng.random() ** 3)] += 1
    support = f"support@{domain}.freshdesk.com"
    for (ticket, created, updated), rank in zip(eligible, ranks, strict=True):
        if shares[rank]:
            _thread(state, rng, ticket, (created, updated), shares[rank], support)


def _thread(
    state: FakeState,
    rng: random.Random,
    ticket: Record,
    lifetime: tuple[int, int],
    count: int,
    support: str,
) -> None:
    created, updated = lifetime
    moments = sorted(
        created + 1 + int(rng.random() * (updated - created - 1)) for _ in range(count)
    )
    first = _epoch(state.ticket_stats[ticket["id"]]["first_responded_at"])
    answered = False
    if first is not None and created < first < updated:
        answered = True
        moments[0] = first
        moments.sort()
    requester = state.person(ticket["requester_id"]) if ticket["requester_id"] else None
    name = str((requester or {}).get("name") or "there").split()[0]
    email = (requester or {}).get("email")
    agent = ticket["responder_id"] or state.owner_id
    product, number = pick(rng, PRODUCTS), 10_000 + int(rng.random() * 90_000)
    for index, moment in enumerate(moments):
        if answered and moment == first:
            kind, answered = "agent", False  # the agent's first response, as the stats say
        else:
            kind = THREAD_KIND(rng)
        stamp = epoch_to_wire(moment)
        fields = _fields(kind, agent, ticket["requester_id"], email, support)
        table = {"agent": AGENT_REPLIES, "customer": CUSTOMER_REPLIES}.get(kind, NOTES)
        body = pick(rng, table).format(name=name, p=product, n=number)
        files: list[Record] = []
        if rng.random() < FILE_SHARE:
            label = f"{ticket['id']}-{index + 1}"
            if kind == "customer" and rng.random() < 0.5:
                log = f"{stamp} ERROR {product}: request {number} failed\n" * 3
                files.append(
                    state.insert_attachment(stamp, f"log-{label}.txt", "text/plain", log.encode())
                )
            else:
                shot = f"screenshot-{label}.png"
                files.append(state.insert_attachment(stamp, shot, "image/png", PIXEL_PNG))
                body += f'<br><img src="cid:{shot}">'
        html = f"<div>{body}</div>"
        fields.update(
            body=html,
            body_text=html_to_text(html),
            ticket_id=ticket["id"],
            attachments=files,
            created_at=stamp,
            updated_at=stamp,
        )
        state.insert_conversation(stamp, fields)


def _fields(
    kind: str,
    agent: int | None,
    requester_id: int | None,
    email: str | None,
    support: str,
) -> dict[str, Any]:
    if kind == "agent":
        return {
            "user_id": agent,
            "support_email": support,
            "from_email": support,
            "to_emails": [email] if email else [],
            "category": CATEGORY_AGENT_PUBLIC,
        }
    if kind == "customer":
        return {
            "incoming": True,
            "user_id": requester_id,
            "support_email": support,
            "from_email": email,
            "to_emails": [support],
            "category": CATEGORY_CUSTOMER,
        }
    private = kind == "private"
    return {
        "user_id": agent,
        "private": private,
        "source": SOURCE_NOTE,
        "category": CATEGORY_AGENT_PRIVATE if private else CATEGORY_AGENT_PUBLIC,
        "to_emails": [],
    }
