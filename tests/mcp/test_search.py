"""search_tickets, search_contacts and list_tickets: from the mirror when there is one, else Freshdesk."""

from __future__ import annotations

import pytest

from freshdesk_atom.mirror import Mirror
from freshdesk_atom.testing import FakeFreshdesk

from .support import account, connected, data, synced

pytestmark = pytest.mark.anyio

WORD = "quokkafrobnicate"
"""A word that appears in one reply of the account and nowhere else."""


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[FakeFreshdesk, Mirror, int]:
    """An account with WORD in one reply of one ticket, and a mirror synced after that reply."""
    fake = account(tickets=400, contacts=120)
    ticket_id = 17
    fake.add_conversation(ticket_id, body=f"<p>We replaced the {WORD.upper()} valve.</p>")
    mirror = synced(fake, tmp_path_factory.mktemp("mcp-search") / "fd.sqlite")
    return fake, mirror, ticket_id


def _nowhere_else(fake: FakeFreshdesk, ticket_id: int) -> None:
    for ticket in fake.state.tickets.values():
        assert WORD not in f"{ticket['subject']} {ticket.get('description')}".lower()
    holding = {
        conversation["ticket_id"]
        for conversation in fake.state.conversations.values()
        if WORD in str(conversation.get("body")).lower()
    }
    assert holding == {ticket_id}


async def test_with_a_mirror_a_word_only_in_a_reply_finds_its_ticket_without_a_request(
    world: tuple[FakeFreshdesk, Mirror, int],
) -> None:
    fake, mirror, ticket_id = world
    _nowhere_else(fake, ticket_id)
    before = fake.counters.total_requests
    async with connected(fake, mirror=mirror) as client:
        found = data(await client.call_tool("search_tickets", {"query": WORD}))
    assert fake.counters.total_requests == before
    assert [ticket["id"] for ticket in found["tickets"]] == [ticket_id]
    assert (found["total"], found["total_known"], found["has_more"]) == (1, True, False)
    assert (found["source"], found["strategy"], found["note"]) == ("mirror", "scan", None)


async def test_without_a_mirror_the_word_is_not_found_and_the_result_says_why(
    world: tuple[FakeFreshdesk, Mirror, int],
) -> None:
    fake, _, ticket_id = world
    async with connected(fake) as client:
        found = data(await client.call_tool("search_tickets", {"query": WORD}))
    # Freshdesk cannot search text: the recent tickets are scanned, replies never are.
    assert found["tickets"] == []
    assert (found["source"], found["strategy"]) == ("freshdesk", "scan")
    assert found["scanned"] == 300
    assert (found["total"], found["total_known"], found["has_more"]) == (None, False, False)
    assert "cannot search ticket text" in found["note"]
    assert "not replies or notes" in found["note"]
    assert "mirror" in found["note"]
    # The ticket itself is there: the search, not the data, is what falls short.
    async with connected(fake) as client:
        thread = data(await client.call_tool("get_ticket", {"ticket_id": ticket_id}))
    assert any(WORD.upper() in (item["body"] or "") for item in thread["conversations"])


async def test_with_a_mirror_every_match_is_reached_in_pages_with_an_exact_total(
    world: tuple[FakeFreshdesk, Mirror, int],
) -> None:
    fake, mirror, _ = world
    expected = mirror.count_tickets("refund")
    assert expected > 30
    seen: list[int] = []
    async with connected(fake, mirror=mirror) as client:
        page = 1
        while True:
            found = data(
                await client.call_tool(
                    "search_tickets", {"query": "refund", "page": page, "per_page": 7}
                )
            )
            assert (found["total"], found["per_page"], found["page"]) == (expected, 7, page)
            seen += [ticket["id"] for ticket in found["tickets"]]
            if not found["has_more"]:
                break
            page += 1
    assert len(seen) == len(set(seen)) == expected
    assert seen == [ticket.id for ticket in mirror.search_tickets("refund", limit=1000)]


async def test_a_freshdesk_query_states_the_300_result_cap(
    world: tuple[FakeFreshdesk, Mirror, int],
) -> None:
    fake, mirror, _ = world
    # Field queries go to Freshdesk's search API, mirror or not.
    async with connected(fake, mirror=mirror) as client:
        found = data(
            await client.call_tool(
                "search_tickets", {"query": "priority:>0", "page": 10, "per_page": 30}
            )
        )
    assert (found["source"], found["strategy"]) == ("freshdesk", "freshdesk_query")
    assert found["freshdesk_query"] == "priority:>0"
    searchable = [t for t in fake.state.tickets.values() if not t["spam"] and not t.get("deleted")]
    assert found["total"] == len(searchable) > 300
    assert len(found["tickets"]) == 30
    assert found["has_more"] is False  # page 10 of 30 is the last one Freshdesk returns
    assert "only the first 300" in found["note"]


async def test_list_tickets_pages_by_status_from_the_mirror_and_from_freshdesk(
    world: tuple[FakeFreshdesk, Mirror, int],
) -> None:
    fake, mirror, _ = world
    open_ids = sorted(
        ticket_id
        for ticket_id, ticket in fake.state.tickets.items()
        if ticket["status"] == 2 and not ticket["spam"] and not ticket.get("deleted")
    )
    for source, with_mirror in (("mirror", mirror), ("freshdesk", None)):
        seen: list[int] = []
        async with connected(fake, mirror=with_mirror) as client:
            page = 1
            while True:
                listed = data(
                    await client.call_tool(
                        "list_tickets", {"status": 2, "page": page, "per_page": 4}
                    )
                )
                assert listed["source"] == source
                assert (listed["total"], listed["total_known"]) == (len(open_ids), True)
                assert all(ticket["status_name"] == "Open" for ticket in listed["tickets"])
                seen += [ticket["id"] for ticket in listed["tickets"]]
                if not listed["has_more"]:
                    break
                page += 1
        assert sorted(seen) == open_ids, source


async def test_list_tickets_without_a_mirror_knows_has_more_but_no_total(
    world: tuple[FakeFreshdesk, Mirror, int],
) -> None:
    fake, _, _ = world
    async with connected(fake) as client:
        first = data(await client.call_tool("list_tickets", {"per_page": 100, "page": 3}))
        last = data(await client.call_tool("list_tickets", {"per_page": 100, "page": 4}))
    listed = [t for t in fake.state.tickets.values() if not t["spam"] and not t.get("deleted")]
    assert 300 < len(listed) <= 400
    assert (first["total"], first["total_known"], first["has_more"]) == (None, False, True)
    assert len(first["tickets"]) == 100
    assert (last["has_more"], len(last["tickets"])) == (False, len(listed) - 300)
    # Newest first, as Freshdesk lists them.
    stamps = [ticket["created_at"] for ticket in first["tickets"] + last["tickets"]]
    assert stamps == sorted(stamps, reverse=True)


async def test_search_contacts_by_name_from_the_mirror_and_by_email_from_freshdesk(
    world: tuple[FakeFreshdesk, Mirror, int],
) -> None:
    fake, mirror, _ = world
    contact = next(iter(fake.state.contacts.values()))
    surname = contact["name"].split()[-1]
    expected = {
        record["id"]
        for record in fake.state.contacts.values()
        if surname.lower() in record["name"].lower() and not record.get("deleted")
    }
    async with connected(fake, mirror=mirror) as client:
        by_name = data(
            await client.call_tool("search_contacts", {"query": surname, "per_page": 100})
        )
        by_email = data(await client.call_tool("search_contacts", {"query": contact["email"]}))
    assert by_name["source"] == "mirror"
    assert expected <= {item["id"] for item in by_name["contacts"]}
    assert by_name["total"] == len(by_name["contacts"])
    assert (by_email["source"], by_email["strategy"]) == ("freshdesk", "freshdesk_query")
    assert [item["id"] for item in by_email["contacts"]] == [contact["id"]]
    assert by_email["contacts"][0]["email"] == contact["email"]


async def test_a_requester_email_lists_their_tickets(
    world: tuple[FakeFreshdesk, Mirror, int],
) -> None:
    fake, _, _ = world
    ticket = next(t for t in fake.state.tickets.values() if not t["spam"] and not t.get("deleted"))
    email = fake.state.contacts[ticket["requester_id"]]["email"]
    theirs = {
        t["id"]
        for t in fake.state.tickets.values()
        if t["requester_id"] == ticket["requester_id"] and not t["spam"] and not t.get("deleted")
    }
    async with connected(fake) as client:
        found = data(await client.call_tool("search_tickets", {"query": email, "per_page": 100}))
    assert (found["strategy"], found["source"]) == ("requester_email", "freshdesk")
    assert {t["id"] for t in found["tickets"]} == theirs
    assert (found["total"], found["has_more"]) == (len(theirs), False)
    assert all(t["requester"] and email in t["requester"] for t in found["tickets"])
