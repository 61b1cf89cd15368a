"""``GET /events``: the mirror's changes as Server-Sent Events, over a real ``serve --fake --mirror --webhooks``."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from freshdesk_atom.asgi._envelope import AdapterError
from freshdesk_atom.asgi._events import parse_after
from freshdesk_atom.mirror import Mirror
from freshdesk_atom.testing import FakeFreshdesk

from ..dashboard.support import live_server
from ..export.support import make_fake
from .support import api


def _events(lines: Iterator[str], wanted: int, timeout: float) -> list[tuple[str, str, Any]]:
    """Read SSE messages (id, event, data) until *wanted* of them or *timeout* seconds."""
    found: list[tuple[str, str, Any]] = []
    fields: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    for line in lines:
        if line == "":
            if "event" in fields:
                found.append((fields.get("id", ""), fields["event"], json.loads(fields["data"])))
                if len(found) >= wanted:
                    return found
            fields = {}
        elif not line.startswith(":"):
            name, _, value = line.partition(": ")
            fields[name] = value
        if time.monotonic() > deadline:
            break
    return found


@pytest.fixture
def fake() -> FakeFreshdesk:
    return make_fake(tickets=30, contacts=10, seed=4)


def test_a_ticket_created_through_the_api_is_streamed_with_its_id(
    fake: FakeFreshdesk, tmp_path: Path
) -> None:
    with (
        live_server(fake, mirror=tmp_path / "m.sqlite", webhooks=True) as server,
        httpx.Client(timeout=10) as http,
        http.stream("GET", f"{server.api}/events") as stream,
    ):
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        created = _create(fake, "Live one")
        events = _events(stream.iter_lines(), 1, timeout=10)
    assert events, "no event within 10 s"
    seq, kind, data = events[0]
    assert kind == "changes"
    assert [(c["resource"], c["kind"], c["record_id"]) for c in data["changes"]] == [
        ("ticket", "created", created)
    ]
    assert seq == str(data["changes"][-1]["seq"])


def _create(fake: FakeFreshdesk, subject: str) -> int:
    fake.clock.advance(5)
    with api(fake) as freshdesk:
        answer = freshdesk.post(
            "tickets", json={"subject": subject, "email": "live@example.com", "description": "x"}
        )
    answer.raise_for_status()
    ticket_id: int = answer.json()["id"]
    return ticket_id


def test_a_reconnecting_subscriber_gets_what_it_missed(fake: FakeFreshdesk, tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    with live_server(fake, mirror=path, webhooks=True) as server:
        seen = Mirror(path).changes().last
        missed = [_create(fake, "While away 1"), _create(fake, "While away 2")]
        deadline = time.monotonic() + 10
        while Mirror(path).changes(seen).last < seen + 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        with (
            httpx.Client(timeout=10) as http,
            http.stream(
                "GET", f"{server.api}/events", headers={"Last-Event-ID": str(seen)}
            ) as stream,
        ):
            events = _events(stream.iter_lines(), 1, timeout=10)
    created = [
        c["record_id"] for _, _, data in events for c in data["changes"] if c["kind"] == "created"
    ]
    assert sorted(created) == missed  # read by parallel workers: in either order


@pytest.mark.parametrize(
    ("query", "header", "expected"),
    [
        ([], None, None),
        ([], "", None),
        ([], "17", 17),
        ([("after", "3")], "17", 3),
        ([("after", "0")], None, 0),
    ],
)
def test_where_a_subscriber_starts(
    query: list[tuple[str, str]], header: str | None, expected: int | None
) -> None:
    assert parse_after(query, header) == expected


@pytest.mark.parametrize(
    ("query", "header", "field"),
    [
        ([("after", "-1")], None, "after"),
        ([("after", "x")], None, "after"),
        ([("after", "")], None, "after"),
        ([("after", "9" * 30)], None, "after"),
        ([], "\u0661", "after"),
        ([("since", "1")], None, "since"),
    ],
)
def test_bad_starts_are_refused_naming_the_field(
    query: list[tuple[str, str]], header: str | None, field: str
) -> None:
    with pytest.raises(AdapterError) as caught:
        parse_after(query, header)
    assert caught.value.status_code == 400
    assert caught.value.details[0]["field"] == field


def test_without_a_mirror_events_say_what_is_missing() -> None:
    from starlette.testclient import TestClient

    from freshdesk_atom.asgi import create_app

    with TestClient(create_app()) as http:
        answer = http.get("/events")
    assert answer.status_code == 503
    assert "mirror" in answer.json()["error"]["message"]


def test_a_stream_names_where_it_starts_before_any_change(
    fake: FakeFreshdesk, tmp_path: Path
) -> None:
    path = tmp_path / "m.sqlite"
    with (
        live_server(fake, mirror=path, webhooks=True) as server,
        httpx.Client(timeout=10) as http,
        http.stream("GET", f"{server.api}/events") as stream,
    ):
        lines = stream.iter_lines()
        first, second = next(lines), next(lines)
    # EventSource keeps the id: a stream that ends quiet still resumes from here.
    assert first == f"id: {Mirror(path).changes().last}"
    assert second == "retry: 2000"
