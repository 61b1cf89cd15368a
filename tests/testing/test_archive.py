"""Archived tickets contract: out of the live endpoints, read through /tickets/archived, plan-gated (docs/freshdesk-api-notes.md#archived-tickets)."""

from __future__ import annotations

import httpx
import pytest

from freshdesk_atom.testing import FakeFreshdesk

from ._support import client_for, errors_of, manual_fake


@pytest.fixture
def archived(fake: FakeFreshdesk) -> int:
    """A closed ticket with 35 conversations and a file, archived."""
    ticket = fake.add_ticket(
        subject="Old one", status=5, tags=["legacy"], attachments=[("a.txt", b"A")]
    )
    for n in range(35):
        fake.add_conversation(ticket["id"], body=f"<p>{n}</p>")
    fake.add_ticket(subject="Live one")
    stored = fake.archive_ticket(ticket["id"])
    assert stored is fake.state.archived[ticket["id"]]
    return int(ticket["id"])


def test_live_endpoints_do_not_see_an_archived_ticket(client: httpx.Client, archived: int) -> None:
    for path in (
        f"tickets/{archived}",
        f"tickets/{archived}/conversations",
        f"tickets/{archived}/time_entries",
        f"tickets/{archived}/satisfaction_ratings",
    ):
        response = client.get(path)
        assert (response.status_code, response.content) == (404, b""), path
    assert client.post(f"tickets/{archived}/reply", json={"body": "x"}).status_code == 404
    assert client.put(f"tickets/{archived}", json={"priority": 2}).status_code == 404
    listed = client.get("tickets", params={"updated_since": "2000-01-01T00:00:00Z"}).json()
    assert [item["subject"] for item in listed] == ["Live one"]
    found = client.get("search/tickets", params={"query": "\"tag:'legacy'\""}).json()
    assert found == {"results": [], "total": 0}


def test_the_archived_view(client: httpx.Client, archived: int, fake: FakeFreshdesk) -> None:
    response = client.get(f"tickets/archived/{archived}")
    assert response.status_code == 200
    ticket = response.json()
    assert (ticket["id"], ticket["subject"], ticket["status"]) == (archived, "Old one", 5)
    assert {"description", "attachments", "custom_fields"} <= set(ticket)
    link = ticket["attachments"][0]["attachment_url"]
    with httpx.Client(transport=fake.transport()) as plain:
        assert plain.get(link).content == b"A"
    embedded = client.get(f"tickets/archived/{archived}", params={"include": "conversations,stats"})
    assert len(embedded.json()["conversations"]) == 10
    assert "stats" in embedded.json()
    assert embedded.headers["X-RateLimit-Used-CurrentRequest"] == "3"
    bad = client.get(f"tickets/archived/{archived}", params={"include": "everything"})
    assert errors_of(bad)[0]["field"] == "include"


def test_the_archived_thread_is_paged(client: httpx.Client, archived: int) -> None:
    url = f"tickets/archived/{archived}/conversations"
    first = client.get(url)
    assert len(first.json()) == 30
    assert first.headers["Link"].endswith(f'{url}?page=2>; rel="next"')
    second = client.get(url, params={"page": 2})
    assert len(second.json()) == 5
    assert "Link" not in second.headers
    bodies = [c["body"] for c in first.json() + second.json()]
    assert bodies == [f"<p>{n}</p>" for n in range(35)]


def test_unknown_archived_ids(client: httpx.Client, fake: FakeFreshdesk) -> None:
    live = fake.add_ticket()
    for path in (f"tickets/archived/{live['id']}", "tickets/archived/999"):
        assert client.get(path).status_code == 404
        assert client.get(f"{path}/conversations").status_code == 404
        assert client.delete(path).status_code == 404


def test_delete_an_archived_ticket(
    client: httpx.Client, archived: int, fake: FakeFreshdesk
) -> None:
    response = client.delete(f"tickets/archived/{archived}")
    assert (response.status_code, response.content) == (204, b"")
    assert client.get(f"tickets/archived/{archived}").status_code == 404
    assert not fake.state.conversations
    assert not fake.state.attachment_data
    # The number is never given out again.
    created = client.post("tickets", json={"subject": "New", "email": "n@x.example"}).json()
    assert created["id"] > archived


def test_without_the_plan_feature_every_archived_endpoint_is_403() -> None:
    fake = manual_fake(archive_enabled=False)
    ticket = fake.add_ticket()
    fake.archive_ticket(ticket["id"])
    expected = {
        "code": "require_feature",
        "message": "The Archive Tickets feature(s) is/are not supported in your plan. "
        "Please upgrade your account to use it.",
    }
    with client_for(fake) as http:
        for method, path in (
            ("GET", f"tickets/archived/{ticket['id']}"),
            ("GET", f"tickets/archived/{ticket['id']}/conversations"),
            ("DELETE", f"tickets/archived/{ticket['id']}"),
            ("GET", "tickets/archived/999"),
            ("GET", "tickets/archived/999?include=nonsense"),
        ):
            response = http.request(method, path)
            assert (response.status_code, response.json()) == (403, expected), path
        assert http.get(f"tickets/{ticket['id']}").status_code == 404
        fake.archive_enabled = True
        assert http.get(f"tickets/archived/{ticket['id']}").status_code == 200


def test_archive_helper_refuses_unknown_tickets(fake: FakeFreshdesk) -> None:
    with pytest.raises(KeyError):
        fake.archive_ticket(42)
    ticket = fake.add_ticket()
    fake.archive_ticket(ticket["id"])
    with pytest.raises(KeyError):
        fake.archive_ticket(ticket["id"])
    # A seeded ticket cannot take an archived ticket's number either.
    assert fake.add_ticket(id=ticket["id"])["id"] != ticket["id"]
