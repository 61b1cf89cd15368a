"""Creates whose answer is lost: never a duplicate, never "unreachable", found when they exist."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from freshdesk_atom.testing import FakeFreshdesk, FaultPlan, RequestScope

from .support import app_on, generated, serve

pytestmark = pytest.mark.anyio

CREATES = 200
KINDS = ("drop", "timeout", "500", "502", "503")


def body(n: int) -> dict[str, Any]:
    return {"subject": f"Create #{n}", "description": "d", "email": f"user{n % 7}@example.com"}


def faults(when: str, seed: int) -> FaultPlan:
    return FaultPlan(
        rate=0.1,
        kinds=KINDS,
        when=when,  # type: ignore[arg-type]
        seed=seed,
        scope=RequestScope(methods={"POST"}, paths="/tickets"),
    )


async def create_all(fake: FakeFreshdesk, *, lookup: bool) -> Counter[str]:
    """POST /tickets CREATES times, half with faults after Freshdesk committed, half before."""
    outcomes: Counter[str] = Counter()
    async with serve(app_on(fake, find_lost_creates=lookup, max_retries=0)) as client:
        for n in range(CREATES):
            fake.faults = faults("after" if n < CREATES // 2 else "before", seed=n)
            response = await client.post("/tickets", json=body(n))
            answer = response.json()
            if response.status_code == 201:
                assert answer["data"]["subject"] == f"Create #{n}"
                outcomes["recovered" if answer.get("recovered") else "created"] += 1
            else:
                assert (response.status_code, answer["error"]["code"]) == (502, "outcome_unknown")
                # The caller is told not to resend blindly, and nothing claims it failed.
                assert "do not send it again blindly" in answer["error"]["message"]
                exists = any(t["subject"] == f"Create #{n}" for t in fake.state.tickets.values())
                outcomes["unknown, exists" if exists else "unknown, absent"] += 1
    fake.faults = None
    ours = Counter(
        t["subject"] for t in fake.state.tickets.values() if t["subject"].startswith("Create #")
    )
    assert max(ours.values()) == 1, "a ticket was created twice"
    return outcomes


async def test_with_the_lookup_every_existing_ticket_is_answered_with_itself() -> None:
    fake = generated(tickets=20, contacts=10)
    outcomes = await create_all(fake, lookup=True)
    assert sum(outcomes.values()) == CREATES
    assert outcomes["unknown, exists"] == 0
    assert outcomes["recovered"] > 0  # the faults after a commit were found
    assert outcomes["unknown, absent"] > 0  # the faults before it left nothing to find


async def test_without_the_lookup_a_lost_answer_is_unknown_never_a_failure() -> None:
    fake = generated(tickets=20, contacts=10)
    outcomes = await create_all(fake, lookup=False)
    assert sum(outcomes.values()) == CREATES
    assert outcomes["recovered"] == 0
    assert outcomes["unknown, exists"] > 0


async def test_a_lost_answer_is_not_reported_as_freshdesk_unreachable() -> None:
    fake = FakeFreshdesk()
    fake.faults = FaultPlan.once("drop", method="POST", path="/tickets", when="after")
    async with serve(app_on(fake, find_lost_creates=False)) as client:
        response = await client.post("/tickets", json=body(1))
    assert response.status_code == 502
    assert response.json()["error"]["code"] == "outcome_unknown"
    assert len(fake.state.tickets) == 1
