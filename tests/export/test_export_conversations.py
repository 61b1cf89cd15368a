"""``export`` of conversations: every reply and note of the walked tickets once, resumably."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from freshdesk_atom import APIConnectionError
from freshdesk_atom.export import ExportOptions, export
from freshdesk_atom.export._files import checkpoint_path, partial_path
from freshdesk_atom.testing import FakeClock, FakeFreshdesk

from .support import NOW, ROOMY, Breaking, client, read_ids


def threaded_fake(tickets: int = 120, conversations: int = 900) -> FakeFreshdesk:
    return FakeFreshdesk.generate(
        tickets=tickets,
        contacts=30,
        seed=11,
        conversations=conversations,
        now=NOW,
        clock=FakeClock.manual(NOW),
        rate_limit=ROOMY,
    )


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def _no_leftovers(out: Path) -> None:
    assert out.exists()
    leftovers = sorted(p.name for p in out.parent.iterdir() if p.name.startswith(out.name + "."))
    assert leftovers == [], leftovers


def test_every_conversation_of_every_ticket_once_without_expiring_links(tmp_path: Path) -> None:
    fake = threaded_fake()
    out = tmp_path / "conversations.jsonl"
    options = ExportOptions.build("conversations", include_spam=True, include_deleted=True)
    with client(fake) as fd:
        result = export(fd, options, out)
    ids = read_ids(out)
    assert len(ids) == len(set(ids)) == result.records
    assert set(ids) == set(fake.state.conversations)
    lines = _lines(out)
    with_files = [line for line in lines if line["attachments"]]
    assert with_files, "the generated threads carry some attachments"
    for line in with_files:
        for attachment in line["attachments"]:  # type: ignore[attr-defined]
            assert "attachment_url" not in attachment
            assert {"id", "name", "size"} <= set(attachment)
    assert result.next_since is not None
    _no_leftovers(out)


def test_without_spam_and_trash_their_threads_stay_out(tmp_path: Path) -> None:
    fake = threaded_fake()
    out = tmp_path / "conversations.jsonl"
    with client(fake) as fd:
        export(fd, ExportOptions.build("conversations"), out)
    live = {i for i, t in fake.state.tickets.items() if not t["spam"] and not t.get("deleted")}
    expected = {i for i, c in fake.state.conversations.items() if c["ticket_id"] in live}
    assert set(read_ids(out)) == expected


def test_since_keeps_what_changed_since(tmp_path: Path) -> None:
    fake = threaded_fake()
    since = "2026-03-01T00:00:00Z"
    out = tmp_path / "conversations.jsonl"
    with client(fake) as fd:
        export(
            fd,
            ExportOptions.build(
                "conversations", since=since, include_spam=True, include_deleted=True
            ),
            out,
        )
    walked = {i for i, t in fake.state.tickets.items() if t["updated_at"] >= since}
    expected = {
        i
        for i, c in fake.state.conversations.items()
        if c["ticket_id"] in walked and c["updated_at"] >= since
    }
    assert expected, "the fixture has conversations after since"
    assert set(read_ids(out)) == expected


def test_a_ticket_that_changes_during_the_walk_has_its_thread_written_once(tmp_path: Path) -> None:
    fake = threaded_fake(tickets=260, conversations=700)
    first = min(fake.state.tickets, key=lambda i: fake.state.tickets[i]["updated_at"])
    inner = fake.transport()

    class ReplyDuringTheWalk(httpx.BaseTransport):
        """Reply to the walk's first ticket once its first page was read: it comes again."""

        def __init__(self) -> None:
            self.replied = False

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            response = inner.handle_request(request)
            if request.url.path.endswith("/tickets") and not self.replied:
                self.replied = True
                with httpx.Client(transport=inner, base_url=fake.base_url) as http:
                    http.post(
                        f"tickets/{first}/reply",
                        json={"body": "<p>A reply during the export</p>"},
                        auth=(fake.api_key, "X"),
                    ).raise_for_status()
            return response

    out = tmp_path / "conversations.jsonl"
    with client(fake, ReplyDuringTheWalk()) as fd:
        export(
            fd, ExportOptions.build("conversations", include_spam=True, include_deleted=True), out
        )
    ids = read_ids(out)
    assert len(ids) == len(set(ids)), "a thread was written twice"
    assert set(ids) == set(fake.state.conversations)


def test_broken_at_every_request_it_resumes_to_exactly_the_reference(tmp_path: Path) -> None:
    fake = threaded_fake(tickets=40, conversations=260)
    options = ExportOptions.build("conversations", include_spam=True, include_deleted=True)
    reference = tmp_path / "reference.jsonl"
    with client(fake, counter := Breaking(fake)) as fd:
        export(fd, options, reference)
    assert counter.sent > 10
    for fail_at in range(1, counter.sent + 1):
        out = tmp_path / f"broken-{fail_at}.jsonl"
        with client(fake, Breaking(fake, fail_at)) as fd, pytest.raises(APIConnectionError):
            export(fd, options, out)
        assert checkpoint_path(out).exists()
        assert partial_path(out).exists() or fail_at == 1
        with client(fake) as fd:
            result = export(fd, options, out, resume=True)
        assert result.resumed
        assert out.read_bytes() == reference.read_bytes()
        _no_leftovers(out)
