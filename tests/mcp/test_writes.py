"""The write tools: create, reply, note, update; the mirror sees each without a sync; lost answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from freshdesk_atom.testing import FaultPlan

from .support import account, connected, data, live_ticket, refused, synced

pytestmark = pytest.mark.anyio


async def test_create_reply_note_update_and_the_mirror_sees_each_without_a_sync(
    tmp_path: Path,
) -> None:
    fake = account(tickets=80, contacts=40)
    mirror = synced(fake, tmp_path / "fd.sqlite")
    synced_at = mirror.last_synced()
    async with connected(fake, mirror=mirror) as client:
        created = data(
            await client.call_tool(
                "create_ticket",
                {
                    "subject": "Printer on fire",
                    "description": "It started smoking at 9:00.\nThen <flames> & smoke.",
                    "email": "pat.doe@example.org",
                    "priority": 4,
                    "tags": ["hardware"],
                },
            )
        )
        ticket = created["ticket"]
        ticket_id = ticket["id"]
        assert created["mirror"] == "refreshed"
        assert (ticket["subject"], ticket["priority_name"], ticket["status_name"]) == (
            "Printer on fire",
            "Urgent",
            "Open",
        )
        assert ticket["requester"] == "pat.doe@example.org"
        assert ticket["tags"] == ["hardware"]
        # Plain text went in as HTML that shows it as typed, and comes back as typed.
        stored = fake.state.tickets[ticket_id]
        assert "&lt;flames&gt; &amp; smoke." in stored["description"]
        assert "<br>" in stored["description"]
        assert ticket["description"] == "It started smoking at 9:00.\nThen <flames> & smoke."

        reply = data(
            await client.call_tool(
                "reply_to_ticket",
                {"ticket_id": ticket_id, "body": "A technician named Xylophonist is on the way."},
            )
        )
        assert reply["mirror"] == "refreshed"
        assert (reply["ticket_id"], reply["conversation"]["kind"]) == (ticket_id, "reply")
        assert reply["conversation"]["private"] is False

        note = data(
            await client.call_tool(
                "add_note", {"ticket_id": ticket_id, "body": "Fire brigade called."}
            )
        )
        assert (note["conversation"]["kind"], note["conversation"]["private"]) == ("note", True)
        public = data(
            await client.call_tool(
                "add_note", {"ticket_id": ticket_id, "body": "Visible note.", "private": False}
            )
        )
        assert public["conversation"]["private"] is False

        updated = data(
            await client.call_tool(
                "update_ticket",
                {"ticket_id": ticket_id, "status": 4, "tags": ["hardware", "fire"]},
            )
        )
        assert (updated["ticket"]["status_name"], updated["ticket"]["tags"]) == (
            "Resolved",
            ["hardware", "fire"],
        )
        assert updated["mirror"] == "refreshed"

        # Read back through the tools: from the mirror, which was never synced again.
        found = data(await client.call_tool("search_tickets", {"query": "xylophonist"}))
        assert (found["source"], [t["id"] for t in found["tickets"]]) == ("mirror", [ticket_id])
        view = data(await client.call_tool("get_ticket", {"ticket_id": ticket_id}))
        assert view["source"] == "mirror"
        assert view["ticket"]["status"] == 4
        assert [item["body"] for item in view["conversations"]] == [
            "A technician named Xylophonist is on the way.",
            "Fire brigade called.",
            "Visible note.",
        ]
        assert view["conversations_total"] == 3
        resolved = data(await client.call_tool("list_tickets", {"status": 4, "per_page": 100}))
        assert ticket_id in [t["id"] for t in resolved["tickets"]]
    assert mirror.last_synced() == synced_at  # no sync ran
    held = mirror.get_ticket(ticket_id)
    assert held is not None
    assert (held.status, held.tags) == (4, ("hardware", "fire"))
    assert len(mirror.conversations(ticket_id)) == 3


async def test_without_a_mirror_writes_say_there_is_none() -> None:
    fake = account(tickets=10, contacts=10)
    requester = next(iter(fake.state.contacts))
    async with connected(fake) as client:
        created = data(
            await client.call_tool(
                "create_ticket",
                {"subject": "Hello", "description": "World", "requester_id": requester},
            )
        )
        reply = data(
            await client.call_tool(
                "reply_to_ticket", {"ticket_id": created["ticket"]["id"], "body": "Hi"}
            )
        )
    assert (created["mirror"], reply["mirror"]) == (None, None)
    assert created["ticket"]["requester_id"] == requester
    assert fake.state.tickets[created["ticket"]["id"]]["subject"] == "Hello"


@pytest.mark.parametrize("when", ["before", "after"])
async def test_a_create_whose_answer_is_lost_is_reported_as_unknown(when: str) -> None:
    fake = account(tickets=10, contacts=10)
    fake.faults = FaultPlan.once("drop", method="POST", path="/tickets", when=when)  # type: ignore[arg-type]
    async with connected(fake) as client:
        message = refused(
            await client.call_tool(
                "create_ticket",
                {"subject": "Lost answer", "description": "d", "email": "lost@example.org"},
            )
        )
    assert "The outcome is unknown" in message
    assert "may or may not have been carried out" in message
    assert "Do not send it again blindly" in message
    assert "search_tickets" in message
    made = [t for t in fake.state.tickets.values() if t["subject"] == "Lost answer"]
    # Whether it was made depends on where the connection dropped; the answer is the same.
    assert len(made) == (1 if when == "after" else 0)


async def test_a_reply_whose_answer_is_lost_says_to_read_the_thread_first() -> None:
    fake = account(tickets=10, contacts=10)
    fake.faults = FaultPlan.once("drop", method="POST", path="/tickets/*/reply", when="after")
    async with connected(fake) as client:
        message = refused(
            await client.call_tool(
                "reply_to_ticket", {"ticket_id": live_ticket(fake), "body": "Once only"}
            )
        )
    assert "The outcome is unknown" in message
    assert "get_ticket" in message


async def test_a_failed_mirror_refresh_does_not_undo_a_done_write(tmp_path: Path) -> None:
    fake = account(tickets=10, contacts=10)
    mirror = synced(fake, tmp_path / "fd.sqlite")
    ticket_id = live_ticket(fake)
    # The reply goes through; the refresh's read of the ticket then fails.
    fake.faults = FaultPlan.once("500", method="GET", path=f"/tickets/{ticket_id}")
    async with connected(fake, mirror=mirror) as client:
        reply = data(
            await client.call_tool(
                "reply_to_ticket", {"ticket_id": ticket_id, "body": "Done anyway"}
            )
        )
    assert reply["conversation"]["body"] == "Done anyway"
    assert reply["mirror"] is not None
    assert reply["mirror"].startswith("not refreshed (")
    assert "the next sync brings the change" in reply["mirror"]
    assert any(
        c["ticket_id"] == ticket_id and "Done anyway" in str(c["body"])
        for c in fake.state.conversations.values()
    )
