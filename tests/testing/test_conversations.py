"""Conversations contract: the thread, the 10-embed, reply/note/forward, note update, delete (docs/freshdesk-api-notes.md#conversations)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from freshdesk_atom.testing import FakeFreshdesk
from freshdesk_atom.testing._wire import to_wire

from ._support import START, START_WIRE, errors_of, multipart


def _thread(fake: FakeFreshdesk, count: int, **ticket: Any) -> tuple[int, list[int]]:
    """A ticket with *count* conversations one minute apart; return its id and theirs."""
    ticket_id = fake.add_ticket(**ticket)["id"]
    ids = [
        fake.add_conversation(
            ticket_id,
            body=f"<p>Message {n}</p>",
            created_at=to_wire(START + timedelta(minutes=n)),
        )["id"]
        for n in range(count)
    ]
    return ticket_id, ids


def _follow(client: httpx.Client, url: str, **params: Any) -> tuple[list[int], int]:
    """Read every page by following ``Link``; return the ids and the number of pages."""
    found: list[int] = []
    pages = 0
    response = client.get(url, params=params)
    while True:
        assert response.status_code == 200, response.text
        pages += 1
        found.extend(item["id"] for item in response.json())
        link = response.headers.get("Link")
        if link is None:
            return found, pages
        response = client.get(link.split(">", 1)[0].lstrip("<"))


# ---------------------------------------------------------------- the thread


@pytest.mark.parametrize(("per_page", "pages"), [(None, 9), (100, 3), (50, 5), (1, 250)])
def test_a_250_conversation_thread_pages_once_in_order(
    fake: FakeFreshdesk, client: httpx.Client, per_page: int | None, pages: int
) -> None:
    ticket_id, ids = _thread(fake, 250)
    params = {} if per_page is None else {"per_page": per_page}
    found, read = _follow(client, f"tickets/{ticket_id}/conversations", **params)
    assert found == ids
    assert read == pages


def test_thread_pages_and_their_links(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket_id, ids = _thread(fake, 250)
    url = f"tickets/{ticket_id}/conversations"
    third = client.get(url, params={"per_page": 100, "page": 3})
    assert [item["id"] for item in third.json()] == ids[200:]
    assert "Link" not in third.headers
    second = client.get(url, params={"per_page": 100, "page": 2})
    assert second.headers["Link"] == (
        f"<https://fake.freshdesk.com/api/v2/tickets/{ticket_id}/conversations"
        '?per_page=100&page=3>; rel="next"'
    )
    assert client.get(url, params={"page": 99}).json() == []
    bad = client.get(url, params={"per_page": 101})
    assert errors_of(bad)[0]["field"] == "per_page"
    assert errors_of(client.get(url, params={"since": "x"}))[0]["code"] == "invalid_field"
    assert client.get(url).headers["X-RateLimit-Used-CurrentRequest"] == "1"


def test_the_thread_is_ordered_by_creation_whatever_the_seeding_order(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    ticket_id, ids = _thread(fake, 3)
    early = fake.add_conversation(ticket_id, body="first", created_at="2024-06-01T00:00:00Z")
    found = [item["id"] for item in client.get(f"tickets/{ticket_id}/conversations").json()]
    assert found == [early["id"], *ids]


@pytest.mark.parametrize("count", [0, 3, 10, 25])
def test_include_conversations_embeds_only_the_first_ten(
    fake: FakeFreshdesk, client: httpx.Client, count: int
) -> None:
    ticket_id, ids = _thread(fake, count)
    response = client.get(f"tickets/{ticket_id}", params={"include": "conversations"})
    embedded = response.json()["conversations"]
    assert [item["id"] for item in embedded] == ids[:10]
    assert response.headers["X-RateLimit-Used-CurrentRequest"] == "2"
    listed = client.get(f"tickets/{ticket_id}/conversations", params={"per_page": 10}).json()
    assert embedded == listed


def test_unknown_and_trashed_tickets(fake: FakeFreshdesk, client: httpx.Client) -> None:
    assert client.get("tickets/999/conversations").status_code == 404
    assert client.get("tickets/999/conversations").content == b""
    ticket_id, _ids = _thread(fake, 2)
    fake.state.tickets[ticket_id]["deleted"] = True
    # A trashed ticket's thread is still readable (as the ticket is), but takes no replies.
    assert len(client.get(f"tickets/{ticket_id}/conversations").json()) == 2
    assert client.post(f"tickets/{ticket_id}/reply", json={"body": "x"}).status_code == 404
    assert client.post("tickets/999/notes", json={"body": "x"}).status_code == 404


# ---------------------------------------------------------------- adding to the thread


def test_reply_is_emailed_to_the_requester_and_moves_the_ticket(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    contact = fake.add_contact(name="Dana", email="dana@acme.example")
    ticket = fake.add_ticket(requester_id=contact["id"])
    fake.clock.advance(60)
    response = client.post(
        f"tickets/{ticket['id']}/reply",
        json={"body": "<div>We are <b>on it</b>.</div>", "cc_emails": ["boss@acme.example"]},
    )
    assert response.status_code == 201, response.text
    reply = response.json()
    later = to_wire(START + timedelta(minutes=1))
    assert reply == {
        "id": reply["id"],
        "body": "<div>We are <b>on it</b>.</div>",
        "body_text": "We are on it.",
        "incoming": False,
        "private": False,
        "user_id": fake.agent_id,
        "support_email": "support@fake.freshdesk.com",
        "source": 0,
        "category": 3,
        "ticket_id": ticket["id"],
        "to_emails": ["dana@acme.example"],
        "from_email": "support@fake.freshdesk.com",
        "cc_emails": ["boss@acme.example"],
        "bcc_emails": [],
        "attachments": [],
        "source_additional_info": None,
        "created_at": later,
        "updated_at": later,
    }
    assert response.headers["Location"].endswith(f"/api/v2/conversations/{reply['id']}")
    assert response.headers["X-RateLimit-Used-CurrentRequest"] == "1"
    assert fake.counters.created["conversations"] == 1
    view = client.get(f"tickets/{ticket['id']}", params={"include": "stats"}).json()
    assert view["updated_at"] == later
    assert view["stats"]["first_responded_at"] == later
    assert view["stats"]["agent_responded_at"] == later
    # A second reply moves agent_responded_at, not first_responded_at.
    fake.clock.advance(60)
    client.post(f"tickets/{ticket['id']}/reply", json={"body": "Again"})
    stats = client.get(f"tickets/{ticket['id']}", params={"include": "stats"}).json()["stats"]
    assert stats["first_responded_at"] == later
    assert stats["agent_responded_at"] == to_wire(START + timedelta(minutes=2))


def test_a_reply_on_behalf_of_the_requester(fake: FakeFreshdesk, client: httpx.Client) -> None:
    contact = fake.add_contact(name="Dana", email="dana@acme.example")
    ticket = fake.add_ticket(requester_id=contact["id"])
    reply = client.post(
        f"tickets/{ticket['id']}/reply", json={"body": "Thanks", "user_id": contact["id"]}
    ).json()
    assert (reply["user_id"], reply["category"]) == (contact["id"], 1)
    stats = fake.state.ticket_stats[ticket["id"]]
    assert stats["requester_responded_at"] == START_WIRE
    assert stats["first_responded_at"] is None


def test_note_defaults_to_private(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket = fake.add_ticket()
    note = client.post(
        f"tickets/{ticket['id']}/notes",
        json={"body": "<p>Internal</p>", "notify_emails": ["lead@fake.example"]},
    ).json()
    assert (note["private"], note["incoming"], note["source"], note["category"]) == (
        True,
        False,
        2,
        2,
    )
    assert note["to_emails"] == ["lead@fake.example"]
    assert (note["from_email"], note["support_email"]) == (None, None)
    public = client.post(
        f"tickets/{ticket['id']}/notes", json={"body": "Public", "private": False, "incoming": True}
    ).json()
    assert (public["private"], public["incoming"], public["category"]) == (False, True, 3)
    # A note is no response: the stats stay as they were.
    assert fake.state.ticket_stats[ticket["id"]]["first_responded_at"] is None


def test_forward(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket = fake.add_ticket(description="<div>Broken</div>", description_text="Broken")
    response = client.post(
        f"tickets/{ticket['id']}/forward", json={"to_emails": ["vendor@parts.example"]}
    )
    assert response.status_code == 201, response.text
    forward = response.json()
    assert (forward["source"], forward["private"], forward["to_emails"]) == (
        8,
        True,
        ["vendor@parts.example"],
    )
    assert (forward["body"], forward["body_text"]) == ("<div>Broken</div>", "Broken")
    custom = client.post(
        f"tickets/{ticket['id']}/forward",
        json={"to_emails": ["vendor@parts.example"], "body": "<p>FYI</p>"},
    ).json()
    assert custom["body"] == "<p>FYI</p>"


@pytest.mark.parametrize(
    ("action", "body", "field", "code"),
    [
        ("reply", {}, "body", "missing_field"),
        ("reply", {"body": ""}, "body", "invalid_value"),
        ("reply", {"body": 3}, "body", "datatype_mismatch"),
        ("reply", {"body": "x", "from_email": "nope"}, "from_email", "invalid_value"),
        ("reply", {"body": "x", "cc_emails": "a@b.example"}, "cc_emails", "datatype_mismatch"),
        ("reply", {"body": "x", "bcc_emails": ["nope"]}, "bcc_emails", "invalid_value"),
        ("reply", {"body": "x", "user_id": 12345}, "user_id", "invalid_value"),
        ("reply", {"body": "x", "private": True}, "private", "invalid_field"),
        ("notes", {}, "body", "missing_field"),
        ("notes", {"body": "x", "private": "yes"}, "private", "datatype_mismatch"),
        ("notes", {"body": "x", "incoming": None}, "incoming", "datatype_mismatch"),
        ("notes", {"body": "x", "notify_emails": ["x"]}, "notify_emails", "invalid_value"),
        ("notes", {"body": "x", "cc_emails": []}, "cc_emails", "invalid_field"),
        ("forward", {"body": "x"}, "to_emails", "missing_field"),
        ("forward", {"to_emails": []}, "to_emails", "invalid_value"),
        ("forward", {"to_emails": ["nope"]}, "to_emails", "invalid_value"),
        ("forward", {"to_emails": ["a@b.example"], "private": False}, "private", "invalid_field"),
    ],
)
def test_write_rules(
    fake: FakeFreshdesk,
    client: httpx.Client,
    action: str,
    body: dict[str, Any],
    field: str,
    code: str,
) -> None:
    ticket = fake.add_ticket()
    response = client.post(f"tickets/{ticket['id']}/{action}", json=body)
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in errors_of(response)] == [(field, code)]
    assert not fake.state.conversations


def test_writes_take_multipart_fields(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket = fake.add_ticket()
    headers, content = multipart(
        [
            ("body", "<p>See attached</p>"),
            ("cc_emails[]", "a@x.example"),
            ("cc_emails[]", "b@x.example"),
            ("user_id", str(fake.agent_id)),
        ],
        [("attachments[]", "log.txt", b"line 1\r\nline 2\r\n", "text/plain")],
    )
    response = client.post(f"tickets/{ticket['id']}/reply", content=content, headers=headers)
    assert response.status_code == 201, response.text
    reply = response.json()
    assert reply["cc_emails"] == ["a@x.example", "b@x.example"]
    (attachment,) = reply["attachments"]
    assert (attachment["name"], attachment["size"]) == ("log.txt", 16)
    headers, content = multipart([("body", "x"), ("private", "false"), ("incoming", "true")])
    note = client.post(f"tickets/{ticket['id']}/notes", content=content, headers=headers).json()
    assert (note["private"], note["incoming"]) == (False, True)
    headers, content = multipart([("body", "x"), ("private", "nope")])
    bad = client.post(f"tickets/{ticket['id']}/notes", content=content, headers=headers)
    assert errors_of(bad) == errors_of(
        client.post(f"tickets/{ticket['id']}/notes", json={"body": "x", "private": "nope"})
    )


def test_inline_images_are_stored_as_sent(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket = fake.add_ticket()
    body = '<div>Here:<br><img src="cid:shot.png"></div>'
    response = client.post(
        f"tickets/{ticket['id']}/notes",
        data={"body": body},
        files=[("attachments[]", ("shot.png", b"\x89PNG", "image/png"))],
    )
    note = response.json()
    assert note["body"] == body
    assert note["attachments"][0]["name"] == "shot.png"


# ---------------------------------------------------------------- changing the thread


def test_update_a_note(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket = fake.add_ticket()
    note = client.post(f"tickets/{ticket['id']}/notes", json={"body": "<p>Draft</p>"}).json()
    fake.clock.advance(30)
    response = client.put(f"conversations/{note['id']}", json={"body": "<p>Final</p>"})
    assert response.status_code == 200, response.text
    updated = response.json()
    later = to_wire(START + timedelta(seconds=30))
    assert (updated["body"], updated["body_text"], updated["updated_at"]) == (
        "<p>Final</p>",
        "Final",
        later,
    )
    assert (updated["created_at"], updated["last_edited_at"]) == (START_WIRE, later)
    assert updated["last_edited_user_id"] == fake.agent_id
    listed = client.get(f"tickets/{ticket['id']}/conversations").json()
    assert listed[0]["body"] == "<p>Final</p>"


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        ({}, 400, {"code": "missing_params", "message": "Mandatory attribute missing"}),
        (
            {"body": "x", "private": False},
            400,
            [("private", "invalid_field")],
        ),
        ({"body": ""}, 400, [("body", "invalid_value")]),
        ({"body": None}, 400, [("body", "invalid_value")]),
    ],
)
def test_update_rules(
    fake: FakeFreshdesk, client: httpx.Client, body: dict[str, Any], status: int, expected: Any
) -> None:
    ticket = fake.add_ticket()
    note = client.post(f"tickets/{ticket['id']}/notes", json={"body": "x"}).json()
    response = client.put(f"conversations/{note['id']}", json=body)
    assert response.status_code == status
    if isinstance(expected, dict):
        assert response.json() == expected
    else:
        assert [(e["field"], e["code"]) for e in errors_of(response)] == expected


@pytest.mark.parametrize("action", ["reply", "forward"])
def test_only_notes_can_be_updated(fake: FakeFreshdesk, client: httpx.Client, action: str) -> None:
    ticket = fake.add_ticket()
    created = client.post(
        f"tickets/{ticket['id']}/{action}",
        json={"body": "x", "to_emails": ["a@b.example"]} if action == "forward" else {"body": "x"},
    ).json()
    response = client.put(f"conversations/{created['id']}", json={"body": "changed"})
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in errors_of(response)] == [("id", "invalid_value")]
    assert fake.state.conversations[created["id"]]["body"] == "x"


def test_delete_a_conversation(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket_id, ids = _thread(fake, 3)
    fake.clock.advance(5)
    response = client.delete(f"conversations/{ids[1]}")
    assert (response.status_code, response.content) == (204, b"")
    remaining = [item["id"] for item in client.get(f"tickets/{ticket_id}/conversations").json()]
    assert remaining == [ids[0], ids[2]]
    assert fake.state.tickets[ticket_id]["updated_at"] == to_wire(START + timedelta(seconds=5))
    assert client.delete(f"conversations/{ids[1]}").status_code == 404
    assert client.put("conversations/1", json={"body": "x"}).status_code == 404


def test_conversations_have_no_view_route(fake: FakeFreshdesk, client: httpx.Client) -> None:
    _, ids = _thread(fake, 1)
    response = client.get(f"conversations/{ids[0]}")
    assert response.status_code == 405
    assert response.headers["Allow"] == "PUT, DELETE"


def test_add_conversation_helper(fake: FakeFreshdesk) -> None:
    ticket = fake.add_ticket()
    note = fake.add_conversation(
        ticket["id"], body="<b>Hi</b>", source=2, attachments=[("a.txt", b"A")]
    )
    assert (note["private"], note["category"], note["body_text"]) == (True, 2, "Hi")
    assert note["attachments"][0]["content_type"] == "text/plain"
    contact = fake.add_contact(name="C", email="c@x.example")
    incoming = fake.add_conversation(ticket["id"], user_id=contact["id"], incoming=True)
    assert incoming["category"] == 1
    with pytest.raises(KeyError):
        fake.add_conversation(999)
