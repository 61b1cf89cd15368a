"""The generated account's conversations: deterministic, skewed, inside their tickets' lives, and harmless to the rest."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import httpx
import pytest

from freshdesk_atom.testing import FakeClock, FakeFreshdesk

from ._support import client_for

ANCHOR = datetime(2024, 6, 3, 12, tzinfo=UTC)


def _generated(**options: int) -> FakeFreshdesk:
    sizes = {"tickets": 400, "contacts": 120, "seed": 3, **options}
    return FakeFreshdesk.generate(now=ANCHOR, clock=FakeClock.manual(ANCHOR), **sizes)


@pytest.fixture(scope="module")
def busy() -> FakeFreshdesk:
    return _generated(tickets=300, contacts=80, conversations=4000)


def test_the_default_count_and_none() -> None:
    assert len(_generated().state.conversations) == 200
    assert len(_generated(tickets=2000, contacts=10).state.conversations) == 500
    assert not _generated(conversations=0).state.conversations


def test_same_seed_same_threads() -> None:
    first, second = _generated(conversations=300), _generated(conversations=300)
    assert first.state.conversations == second.state.conversations
    assert first.state.threads == second.state.threads
    assert first.state.attachment_data == second.state.attachment_data
    assert _generated(conversations=300, seed=4).state.conversations != first.state.conversations


def test_threads_change_no_other_record() -> None:
    without, with_threads = _generated(conversations=0), _generated(conversations=900)
    for name in ("tickets", "ticket_stats", "contacts", "companies", "agents", "groups", "ratings"):
        assert getattr(without.state, name) == getattr(with_threads.state, name), name


def test_a_few_tickets_hold_many(busy: FakeFreshdesk) -> None:
    sizes = sorted((len(ids) for ids in busy.state.threads.values()), reverse=True)
    assert sum(sizes) == 4000
    assert sizes[0] > 100
    assert sizes[len(sizes) // 2] < 20


def test_threads_lie_inside_their_tickets_lives(busy: FakeFreshdesk) -> None:
    state = busy.state
    kinds: Counter[tuple[int, bool, bool]] = Counter()
    for ticket_id, ids in state.threads.items():
        ticket = state.tickets[ticket_id]
        moments = [state.conversations[cid]["created_at"] for cid in ids]
        assert moments == sorted(moments)
        assert ticket["created_at"] < moments[0]
        assert moments[-1] < ticket["updated_at"]
        for cid in ids:
            conversation = state.conversations[cid]
            assert conversation["ticket_id"] == ticket_id
            assert conversation["body_text"]
            kinds[conversation["source"], conversation["private"], conversation["incoming"]] += 1
        first = state.ticket_stats[ticket_id]["first_responded_at"]
        if first is not None and ticket["created_at"] < first < ticket["updated_at"]:
            assert any(
                state.conversations[cid]["created_at"] == first
                and state.conversations[cid]["user_id"] in state.agents
                and state.conversations[cid]["source"] == 0
                for cid in ids
            )
    assert {(0, False, False), (0, False, True), (2, True, False), (2, False, False)} <= set(kinds)


def test_some_conversations_carry_files_that_download(busy: FakeFreshdesk) -> None:
    state = busy.state
    with_files = [c for c in state.conversations.values() if c["attachments"]]
    assert 100 < len(with_files) < 500
    shot = next(c for c in with_files if c["attachments"][0]["content_type"] == "image/png")
    assert f'<img src="cid:{shot["attachments"][0]["name"]}">' in shot["body"]
    assert any(c["attachments"][0]["content_type"] == "text/plain" for c in with_files)
    with client_for(busy) as http:
        page = http.get(f"tickets/{shot['ticket_id']}/conversations", params={"per_page": 100})
        listed = [c for c in page.json() if c["id"] == shot["id"]]
        if not listed:  # the conversation sits on a later page
            listed = [
                c
                for n in range(2, 10)
                for c in http.get(
                    f"tickets/{shot['ticket_id']}/conversations",
                    params={"per_page": 100, "page": n},
                ).json()
                if c["id"] == shot["id"]
            ]
    link = listed[0]["attachments"][0]["attachment_url"]
    with httpx.Client(transport=busy.transport()) as plain:
        response = plain.get(link)
    assert response.headers["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
