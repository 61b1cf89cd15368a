"""One ticket: ``GET /tickets/{id}`` with its thread, ``GET /tickets/{id}/conversations``
and ``PUT /tickets/{id}``, against the contract in ``docs/adapter.md``, on the fake."""

from __future__ import annotations

from typing import Any

import pytest

from freshdesk_atom.asgi._threads import THREAD_MAX
from freshdesk_atom.testing import FakeFreshdesk

from .support import app_on, failed, generated, ok, serve, upstream

pytestmark = pytest.mark.anyio

CONVERSATION = [
    "id",
    "ticket_id",
    "body",
    "body_html",
    "private",
    "incoming",
    "source",
    "user_id",
    "from_email",
    "to_emails",
    "cc_emails",
    "created_at",
    "updated_at",
    "attachments",
]
DETAIL_EXTRAS = ["archived", "deleted", "attachments", "conversations", "conversations_truncated"]


@pytest.fixture(scope="module")
def threads() -> FakeFreshdesk:
    """An account whose busiest threads run over several pages (read-only)."""
    return generated(tickets=200, contacts=50, conversations=1200)


def busiest(fake: FakeFreshdesk) -> int:
    return max(fake.state.tickets, key=lambda number: len(fake.state.thread(number)))


def same_conversation(record: dict[str, Any], stored: dict[str, Any]) -> None:
    assert list(record) == [*CONVERSATION[:11], "bcc_emails", *CONVERSATION[11:]]
    for name in ("id", "ticket_id", "private", "incoming", "source", "user_id", "from_email"):
        assert record[name] == stored[name], name
    assert record["body"] == stored["body_text"]
    assert record["body_html"] == stored["body"]
    assert (record["created_at"], record["updated_at"]) == (
        stored["created_at"],
        stored["updated_at"],
    )
    assert record["attachments"] == [
        {key: item[key] for key in ("id", "name", "content_type", "size")}
        for item in stored["attachments"]
    ]


async def test_a_ticket_comes_with_its_whole_thread_oldest_first(threads: FakeFreshdesk) -> None:
    number = busiest(threads)
    thread = threads.state.thread(number)
    assert len(thread) > 100, "the busiest generated thread should span pages"
    views = upstream(threads, "GET /tickets/{id}")
    pages = upstream(threads, "GET /tickets/{id}/conversations")
    async with serve(app_on(threads)) as client:
        data = ok(await client.get(f"/tickets/{number}"))
    # The ticket (with its requester), then pages of 100, not the embed of ten. The SDK
    # fetches pages ahead; past the end it may ask for one more before it knows.
    assert upstream(threads, "GET /tickets/{id}") - views == 1
    read = upstream(threads, "GET /tickets/{id}/conversations") - pages
    assert -(-len(thread) // 100) <= read <= -(-len(thread) // 100) + 1
    stored = threads.state.tickets[number]
    assert data["id"] == number
    assert data["subject"] == stored["subject"]
    assert data["email"] == threads.state.person(stored["requester_id"])["email"]  # type: ignore[index]
    for name in DETAIL_EXTRAS:
        assert name in data
    assert (data["archived"], data["deleted"], data["conversations_truncated"]) == (
        False,
        False,
        False,
    )
    assert [c["id"] for c in data["conversations"]] == thread
    for record in data["conversations"]:
        same_conversation(record, threads.state.conversations[record["id"]])


async def test_attachments_are_described_never_linked(threads: FakeFreshdesk) -> None:
    with_files = next(
        cid for cid, record in threads.state.conversations.items() if record["attachments"]
    )
    number = threads.state.conversations[with_files]["ticket_id"]
    async with serve(app_on(threads)) as client:
        response = await client.get(f"/tickets/{number}")
    data = ok(response)
    (record,) = [c for c in data["conversations"] if c["id"] == with_files]
    assert record["attachments"]
    for item in record["attachments"]:
        assert set(item) == {"id", "name", "content_type", "size"}
    # Freshdesk's pre-signed links expire within minutes: none is passed on.
    assert "attachment_url" not in response.text


async def test_a_thread_is_capped_at_a_thousand_and_says_so() -> None:
    fake = generated(tickets=3, contacts=3, conversations=0)
    for body in range(THREAD_MAX + 1):
        fake.add_conversation(1, body=f"<p>message {body}</p>")
    for body in range(THREAD_MAX):
        fake.add_conversation(2, body=f"<p>message {body}</p>")
    async with serve(app_on(fake)) as client:
        over = ok(await client.get("/tickets/1"))
        before = upstream(fake)
        exact = ok(await client.get("/tickets/2"))
        requests = upstream(fake) - before
    assert len(over["conversations"]) == THREAD_MAX
    assert over["conversations_truncated"] is True
    assert [c["body"] for c in over["conversations"][:2]] == ["message 0", "message 1"]
    assert len(exact["conversations"]) == THREAD_MAX
    assert exact["conversations_truncated"] is False
    assert requests == 1 + THREAD_MAX // 100


async def test_an_archived_ticket_is_returned_read_only() -> None:
    fake = generated(tickets=5, contacts=5, conversations=0)
    fake.add_conversation(3, body="<p>before the archive</p>")
    fake.archive_ticket(3)
    async with serve(app_on(fake)) as client:
        data = ok(await client.get("/tickets/3"))
        thread = (await client.get("/tickets/3/conversations")).json()
    assert (data["id"], data["archived"]) == (3, True)
    assert [c["body"] for c in data["conversations"]] == ["before the archive"]
    assert thread["archived"] is True
    assert thread["count"] == 1


async def test_unknown_tickets_are_404_whether_or_not_the_plan_archives() -> None:
    fake = generated(tickets=5, contacts=5, conversations=0)
    fake.archive_ticket(4)
    async with serve(app_on(fake)) as client:
        for path in ("/tickets/999", "/tickets/999/conversations"):
            error = failed(await client.get(path), 404, "not_found")
            assert "neither live nor archived" in error["message"]
        fake.archive_enabled = False
        failed(await client.get("/tickets/4"), 404, "not_found")


async def test_a_deleted_ticket_says_so() -> None:
    fake = generated(tickets=5, contacts=5, conversations=0)
    fake.state.tickets[5]["deleted"] = True
    fake.state.touch()
    async with serve(app_on(fake)) as client:
        data = ok(await client.get("/tickets/5"))
    assert data["deleted"] is True


@pytest.mark.parametrize(("offset", "limit"), [(0, 100), (0, 7), (95, 10), (250, 1000), (10**6, 5)])
async def test_the_thread_pages_like_every_list(
    threads: FakeFreshdesk, offset: int, limit: int
) -> None:
    number = busiest(threads)
    truth = threads.state.thread(number)[offset : offset + limit]
    async with serve(app_on(threads)) as client:
        response = await client.get(
            f"/tickets/{number}/conversations", params={"offset": offset, "limit": limit}
        )
    data = ok(response)
    assert [c["id"] for c in data] == truth
    assert "archived" not in response.json()
    for record in data:
        same_conversation(record, threads.state.conversations[record["id"]])


@pytest.mark.parametrize(
    ("path", "code", "field"),
    [
        ("/tickets/abc", "datatype_mismatch", "id"),
        ("/tickets/-1", "datatype_mismatch", "id"),
        ("/tickets/1.5", "datatype_mismatch", "id"),
        ("/tickets/0", "out_of_range", "id"),
        ("/tickets/99999999999999999999", "out_of_range", "id"),
        ("/tickets/9007199254740992", "out_of_range", "id"),
        ("/tickets/1?include=x", "invalid_field", "include"),
        ("/tickets/1/conversations?limit=0", "out_of_range", "limit"),
        ("/tickets/x/conversations", "datatype_mismatch", "id"),
        ("/tickets/1/conversations?page=2", "invalid_field", "page"),
    ],
)
async def test_bad_paths_and_queries_never_reach_freshdesk(
    threads: FakeFreshdesk, path: str, code: str, field: str
) -> None:
    before = upstream(threads)
    async with serve(app_on(threads)) as client:
        error = failed(await client.get(path), 400, code)
    assert error["details"][0]["field"] == field
    assert field in error["message"]
    assert upstream(threads) == before


async def test_leading_zeros_name_the_same_ticket(threads: FakeFreshdesk) -> None:
    async with serve(app_on(threads)) as client:
        assert ok(await client.get("/tickets/0001"))["id"] == 1


# ------------------------------------------------------------------- PUT /tickets/{id}


async def test_update_changes_what_it_names_and_answers_the_ticket() -> None:
    fake = generated(tickets=5, contacts=5, conversations=0)
    group = next(iter(fake.state.groups))
    async with serve(app_on(fake)) as client:
        data = ok(
            await client.put(
                "/tickets/1",
                json={
                    "status": 4,
                    "priority": 3,
                    "responder_id": None,
                    "group_id": group,
                    "type": "Question",
                    "tags": ["billing", "vip"],
                },
            )
        )
        cleared = ok(await client.put("/tickets/1", json={"type": None, "tags": []}))
    assert (data["status"], data["priority"], data["responder_id"]) == (4, 3, None)
    assert (data["group_id"], data["type"], data["tags"]) == (group, "Question", ["billing", "vip"])
    # Freshdesk's update answer embeds no requester.
    assert data["email"] is None
    stored = fake.state.tickets[1]
    assert (stored["status"], stored["priority"], stored["responder_id"]) == (4, 3, None)
    assert (cleared["type"], cleared["tags"]) == (None, [])


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"status": 6}, "out_of_range", "status"),
        ({"status": 1}, "out_of_range", "status"),
        ({"status": None}, "datatype_mismatch", "status"),
        ({"status": "2"}, "datatype_mismatch", "status"),
        ({"priority": 5}, "out_of_range", "priority"),
        ({"priority": True}, "datatype_mismatch", "priority"),
        ({"responder_id": 0}, "out_of_range", "responder_id"),
        ({"group_id": 2**53}, "out_of_range", "group_id"),
        ({"group_id": "7"}, "datatype_mismatch", "group_id"),
        ({"type": ""}, "invalid_value", "type"),
        ({"type": 3}, "datatype_mismatch", "type"),
        ({"tags": "a,b"}, "datatype_mismatch", "tags"),
        ({"tags": ["a,b"]}, "invalid_value", "tags"),
        ({"tags": ["x" * 33]}, "invalid_value", "tags"),
        ({"tags": [1]}, "datatype_mismatch", "tags"),
        ({"tags": {"vip": True}}, "datatype_mismatch", "tags"),
        ({"subject": "s"}, "invalid_field", "subject"),
        ({"status": 2, "cc_emails": []}, "invalid_field", "cc_emails"),
    ],
)
async def test_update_refuses_bad_fields_before_freshdesk(
    threads: FakeFreshdesk, body: dict[str, Any], code: str, field: str
) -> None:
    before = upstream(threads)
    async with serve(app_on(threads)) as client:
        error = failed(await client.put("/tickets/1", json=body), 400, code)
    assert error["details"][0]["field"] == field
    assert field in error["message"]
    assert upstream(threads) == before


async def test_update_names_every_unknown_field_and_refuses_an_empty_body(
    threads: FakeFreshdesk,
) -> None:
    before = upstream(threads)
    async with serve(app_on(threads)) as client:
        unknown = failed(await client.put("/tickets/1", json={"a": 1, "b": 2}), 400)
        empty = failed(await client.put("/tickets/1", json={}), 400, "invalid_body")
        nothing = failed(
            await client.put("/tickets/1", headers={"content-type": "application/json"}),
            400,
            "invalid_json",
        )
        form = failed(await client.put("/tickets/1", data={"status": "2"}), 415)
    assert [d["field"] for d in unknown["details"]] == ["a", "b"]
    assert "a, b" in unknown["message"]
    assert "at least one of status" in empty["message"]
    assert nothing["code"] == "invalid_json"
    assert form["code"] == "unsupported_media_type"
    assert upstream(threads) == before


async def test_update_of_a_missing_or_archived_ticket() -> None:
    fake = generated(tickets=5, contacts=5, conversations=0)
    fake.archive_ticket(2)
    async with serve(app_on(fake)) as client:
        failed(await client.put("/tickets/999", json={"status": 3}), 404, "not_found")
        error = failed(await client.put("/tickets/2", json={"status": 3}), 409, "ticket_archived")
    assert "read-only" in error["message"]


async def test_freshdesk_refusing_an_update_is_passed_on_with_its_details() -> None:
    fake = generated(tickets=5, contacts=5, conversations=0)
    async with serve(app_on(fake)) as client:
        response = await client.put("/tickets/1", json={"group_id": 123456789})
    error = failed(response, 400, "bad_request")
    assert error["details"][0]["field"] == "group_id"
