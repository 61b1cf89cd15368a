"""get_ticket: a ticket and its thread a page at a time, plain text, long text cut and marked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from freshdesk_atom.mirror import Mirror
from freshdesk_atom.testing import FakeFreshdesk

from .support import account, connected, data, synced

pytestmark = pytest.mark.anyio

THREAD = 250


@pytest.fixture(scope="module")
def long_thread(tmp_path_factory: pytest.TempPathFactory) -> tuple[FakeFreshdesk, Mirror, int]:
    """A ticket with 250 conversations (replies, customer messages, notes), and a mirror of it."""
    fake = account(tickets=30, contacts=20, conversations=0)
    ticket = fake.add_ticket(subject="A very long story", description="<p>It <b>began</b>.</p>")
    requester = ticket["requester_id"]
    for n in range(THREAD):
        if n % 5 == 4:
            fake.add_conversation(ticket["id"], body=f"<div>Note {n:03d}</div>", source=2)
        elif n % 2:
            fake.add_conversation(
                ticket["id"], body=f"<p>Message {n:03d}</p>", user_id=requester, incoming=True
            )
        else:
            fake.add_conversation(ticket["id"], body=f"<p>Message <i>{n:03d}</i></p>")
    mirror = synced(fake, tmp_path_factory.mktemp("mcp-thread") / "fd.sqlite")
    return fake, mirror, ticket["id"]


def _expected(n: int) -> str:
    return f"Note {n:03d}" if n % 5 == 4 else f"Message {n:03d}"


async def _read_all(
    fake: FakeFreshdesk, mirror: Mirror | None, ticket_id: int, per_page: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Read the whole thread page by page; return the conversations and every page's result."""
    conversations: list[dict[str, Any]] = []
    pages: list[dict[str, Any]] = []
    async with connected(fake, mirror=mirror) as client:
        page = 1
        while True:
            view = data(
                await client.call_tool(
                    "get_ticket",
                    {
                        "ticket_id": ticket_id,
                        "conversations_page": page,
                        "conversations_per_page": per_page,
                    },
                )
            )
            assert view["conversations_page"] == page
            assert view["conversations_per_page"] == per_page
            assert view["ticket"]["id"] == ticket_id
            pages.append(view)
            conversations += view["conversations"]
            if not view["has_more"]:
                break
            page += 1
    return conversations, pages


@pytest.mark.parametrize("per_page", [40, 100])
async def test_a_250_conversation_thread_read_from_the_mirror_in_pages(
    long_thread: tuple[FakeFreshdesk, Mirror, int], per_page: int
) -> None:
    fake, mirror, ticket_id = long_thread
    before = fake.counters.total_requests
    conversations, pages = await _read_all(fake, mirror, ticket_id, per_page)
    assert fake.counters.total_requests == before
    assert [item["body"] for item in conversations] == [_expected(n) for n in range(THREAD)]
    assert len({item["id"] for item in conversations}) == THREAD
    assert len(pages) == -(-THREAD // per_page)
    for view in pages:
        assert view["source"] == "mirror"
        assert (view["conversations_total"], view["conversations_total_known"]) == (THREAD, True)
        assert len(view["conversations"]) <= per_page
    assert [view["has_more"] for view in pages] == [True] * (len(pages) - 1) + [False]


async def test_a_250_conversation_thread_read_from_freshdesk_in_pages(
    long_thread: tuple[FakeFreshdesk, Mirror, int],
) -> None:
    fake, _, ticket_id = long_thread
    conversations, pages = await _read_all(fake, None, ticket_id, 40)
    assert [item["body"] for item in conversations] == [_expected(n) for n in range(THREAD)]
    assert len({item["id"] for item in conversations}) == THREAD
    assert len(pages) == 7
    # Freshdesk does not count a thread: the total is known once its last page is read.
    for view in pages[:-1]:
        assert view["source"] == "freshdesk"
        assert (view["conversations_total"], view["conversations_total_known"]) == (None, False)
        assert view["has_more"] is True
    assert (pages[-1]["conversations_total"], pages[-1]["has_more"]) == (THREAD, False)


async def test_the_thread_says_who_wrote_what_in_plain_text(
    long_thread: tuple[FakeFreshdesk, Mirror, int],
) -> None:
    fake, mirror, ticket_id = long_thread
    for with_mirror in (mirror, None):
        async with connected(fake, mirror=with_mirror) as client:
            view = data(
                await client.call_tool(
                    "get_ticket", {"ticket_id": ticket_id, "conversations_per_page": 5}
                )
            )
        kinds = [(item["kind"], item["private"]) for item in view["conversations"]]
        assert kinds == [
            ("reply", False),
            ("incoming", False),
            ("reply", False),
            ("incoming", False),
            ("note", True),
        ]
        assert view["ticket"]["description"] == "It began."
        assert view["ticket"]["subject"] == "A very long story"
        assert view["ticket"]["requester"] is not None
        assert all("<" not in (item["body"] or "") for item in view["conversations"])


async def test_long_text_is_cut_with_a_marker_and_its_full_length(tmp_path: Path) -> None:
    fake = account(tickets=5, contacts=5, conversations=0)
    long = "All work and no play. " * 300  # 6,600 characters
    ticket = fake.add_ticket(subject="Long", description=f"<p>{long}</p>")
    fake.add_conversation(ticket["id"], body=f"<p>{long}</p>")
    mirror = synced(fake, tmp_path / "fd.sqlite")
    for with_mirror in (mirror, None):
        async with connected(fake, mirror=with_mirror) as client:
            view = data(
                await client.call_tool(
                    "get_ticket", {"ticket_id": ticket["id"], "max_body_chars": 500}
                )
            )
            whole = data(
                await client.call_tool(
                    "get_ticket", {"ticket_id": ticket["id"], "max_body_chars": 10_000}
                )
            )
        full = long.strip()
        for text, chars, cut in (
            (
                view["ticket"]["description"],
                view["ticket"]["description_chars"],
                view["ticket"]["description_truncated"],
            ),
            (
                view["conversations"][0]["body"],
                view["conversations"][0]["body_chars"],
                view["conversations"][0]["body_truncated"],
            ),
        ):
            assert text.startswith(full[:500])
            assert text.endswith(f"[truncated: {len(full):,} characters in all]")
            assert len(text) < 600
            assert (chars, cut) == (len(full), True)
        assert whole["conversations"][0]["body"] == full
        assert whole["conversations"][0]["body_truncated"] is False
        # Lists show an excerpt only.
        async with connected(fake, mirror=with_mirror) as client:
            listed = data(await client.call_tool("list_tickets", {"per_page": 1}))
        assert listed["tickets"][0]["id"] == ticket["id"]
        assert listed["tickets"][0]["excerpt"].endswith("characters in all]")
        assert len(listed["tickets"][0]["excerpt"]) < 300
