"""``POST /tickets/{id}/reply`` and ``POST /tickets/{id}/notes`` as JSON: what is sent,
what is refused before Freshdesk, and answers that are lost on the way back."""

from __future__ import annotations

from typing import Any

import pytest

from freshdesk_atom.testing import FakeFreshdesk, FaultPlan, RequestScope

from .support import app_on, failed, generated, ok, serve, upstream

pytestmark = pytest.mark.anyio


@pytest.fixture
def fake() -> FakeFreshdesk:
    return generated(tickets=5, contacts=5, conversations=0)


def thread(fake: FakeFreshdesk, number: int) -> list[dict[str, Any]]:
    return [fake.state.conversations[cid] for cid in fake.state.thread(number)]


async def test_a_reply_is_plain_text_shown_as_typed(fake: FakeFreshdesk) -> None:
    text = "Hi Jamie,\n\nuse <Ctrl> & R to reload.\n  Thanks"
    async with serve(app_on(fake)) as client:
        data = ok(
            await client.post(
                "/tickets/1/reply",
                json={"body": text, "cc_emails": ["a@b.example"], "bcc_emails": ["c@d.example"]},
            ),
            201,
        )
    (stored,) = thread(fake, 1)
    # Sent as HTML that shows the text: escaped, line breaks kept.
    assert stored["body"] == "Hi Jamie,<br><br>use &lt;Ctrl&gt; &amp; R to reload.<br>  Thanks"
    assert (stored["source"], stored["private"]) == (0, False)
    assert stored["cc_emails"] == ["a@b.example"]
    assert stored["bcc_emails"] == ["c@d.example"]
    assert data["id"] == stored["id"]
    assert data["ticket_id"] == 1
    assert data["body_html"] == stored["body"]
    assert "<Ctrl> & R" in data["body"]
    assert (data["cc_emails"], data["bcc_emails"]) == (["a@b.example"], ["c@d.example"])
    assert data["attachments"] == []
    assert "recovered" not in data


async def test_a_note_is_private_unless_told(fake: FakeFreshdesk) -> None:
    async with serve(app_on(fake)) as client:
        private = ok(await client.post("/tickets/2/notes", json={"body": "internal"}), 201)
        public = ok(
            await client.post(
                "/tickets/2/notes",
                json={"body": "for all", "private": False, "notify_emails": ["x@y.example"]},
            ),
            201,
        )
    assert (private["private"], private["source"]) == (True, 2)
    assert public["private"] is False
    assert [c["private"] for c in thread(fake, 2)] == [True, False]


@pytest.mark.parametrize(
    ("path", "body", "code", "field"),
    [
        ("reply", {}, "missing_field", "body"),
        ("reply", {"body": "   \n"}, "invalid_value", "body"),
        ("reply", {"body": 5}, "datatype_mismatch", "body"),
        ("reply", {"body": None}, "datatype_mismatch", "body"),
        ("reply", {"body": "x", "cc_emails": "a@b.example"}, "datatype_mismatch", "cc_emails"),
        ("reply", {"body": "x", "cc_emails": ["nope"]}, "invalid_value", "cc_emails"),
        # The SDK takes any iterable: a dict would be sent as its keys.
        ("reply", {"body": "x", "cc_emails": {"a@b.example": 1}}, "datatype_mismatch", "cc_emails"),
        ("reply", {"body": "x", "bcc_emails": [1]}, "datatype_mismatch", "bcc_emails"),
        ("reply", {"body": "x", "private": True}, "invalid_field", "private"),
        ("reply", {"body": "x", "user_id": 1}, "invalid_field", "user_id"),
        ("reply", {"body": "x", "attachments": []}, "invalid_field", "attachments"),
        ("notes", {"body": "x", "private": "yes"}, "datatype_mismatch", "private"),
        ("notes", {"body": "x", "private": None}, "datatype_mismatch", "private"),
        ("notes", {"body": "x", "notify_emails": ["a@b"]}, "invalid_value", "notify_emails"),
        ("notes", {"body": "x", "cc_emails": []}, "invalid_field", "cc_emails"),
    ],
)
async def test_bad_bodies_never_reach_freshdesk(
    fake: FakeFreshdesk, path: str, body: dict[str, Any], code: str, field: str
) -> None:
    async with serve(app_on(fake)) as client:
        error = failed(await client.post(f"/tickets/1/{path}", json=body), 400, code)
    assert error["details"][0]["field"] == field
    assert field in error["message"]
    assert upstream(fake) == 0


@pytest.mark.parametrize(
    ("content", "headers", "status", "code"),
    [
        (b'{"body": "x"', {}, 400, "invalid_json"),
        (b"[]", {}, 400, "invalid_body"),
        (b'{"body": "\\ud800"}', {}, 400, "invalid_json"),
        (b'{"body": "' + b"x" * 70_000 + b'"}', {}, 413, "body_too_large"),
        (b"body=x", {"content-type": "application/x-www-form-urlencoded"}, 415, None),
        (b"x", {"content-type": "text/plain"}, 415, None),
    ],
)
async def test_bad_requests_never_reach_freshdesk(
    fake: FakeFreshdesk, content: bytes, headers: dict[str, str], status: int, code: str | None
) -> None:
    sent = {"content-type": "application/json", **headers}
    async with serve(app_on(fake)) as client:
        for path in ("/tickets/1/reply", "/tickets/1/notes"):
            error = failed(await client.post(path, content=content, headers=sent), status, code)
            if status == 415:
                assert "multipart/form-data" in error["message"]
    assert upstream(fake) == 0


async def test_unicode_travels_intact(fake: FakeFreshdesk) -> None:
    text = "Grüße 👋 — مرحبا — 你好\u200b"
    async with serve(app_on(fake)) as client:
        data = ok(await client.post("/tickets/1/notes", json={"body": text}), 201)
    assert data["body"] == text
    assert thread(fake, 1)[0]["body"] == text


async def test_a_missing_or_archived_ticket(fake: FakeFreshdesk) -> None:
    fake.archive_ticket(3)
    async with serve(app_on(fake)) as client:
        failed(await client.post("/tickets/999/reply", json={"body": "x"}), 404, "not_found")
        error = failed(
            await client.post("/tickets/3/notes", json={"body": "x"}), 409, "ticket_archived"
        )
    assert "read-only" in error["message"]


# ------------------------------------------------------------------------ lost answers


async def test_a_lost_answer_after_the_reply_was_made_is_recovered(fake: FakeFreshdesk) -> None:
    fake.faults = FaultPlan.once("drop", method="POST", path="/tickets/1/reply", when="after")
    async with serve(app_on(fake)) as client:
        response = await client.post("/tickets/1/reply", json={"body": "Fixed now.\nBye"})
    data = ok(response, 201)
    assert response.json()["recovered"] is True
    (stored,) = thread(fake, 1)
    assert data["id"] == stored["id"]


@pytest.mark.parametrize("kind", ["drop", "timeout", "500", "503"])
async def test_a_lost_answer_before_anything_was_made_is_unknown(
    fake: FakeFreshdesk, kind: str
) -> None:
    fake.faults = FaultPlan.once(kind, method="POST", path="/tickets/1/notes", when="before")  # type: ignore[arg-type]
    async with serve(app_on(fake, max_retries=0)) as client:
        error = failed(
            await client.post("/tickets/1/notes", json={"body": "x"}), 502, "outcome_unknown"
        )
    assert "do not send it again blindly" in error["message"]
    assert "/tickets/1/conversations" in error["message"]
    assert thread(fake, 1) == []


async def test_without_the_lookup_a_lost_answer_stays_unknown(fake: FakeFreshdesk) -> None:
    fake.faults = FaultPlan.once("drop", method="POST", path="/tickets/1/reply", when="after")
    async with serve(app_on(fake, find_lost_creates=False)) as client:
        failed(await client.post("/tickets/1/reply", json={"body": "x"}), 502, "outcome_unknown")
    assert len(thread(fake, 1)) == 1


async def test_two_matching_replies_cannot_be_told_apart(fake: FakeFreshdesk) -> None:
    async with serve(app_on(fake)) as client:
        ok(await client.post("/tickets/1/reply", json={"body": "Thanks!"}), 201)
        fake.faults = FaultPlan.once("drop", method="POST", path="/tickets/1/reply", when="after")
        # The second "Thanks!" was made, but so was the first: which one is this request's?
        failed(
            await client.post("/tickets/1/reply", json={"body": "Thanks!"}), 502, "outcome_unknown"
        )
    assert len(thread(fake, 1)) == 2


async def test_a_failed_lookup_leaves_the_outcome_unknown(fake: FakeFreshdesk) -> None:
    fake.faults = FaultPlan(
        kinds=("drop",),
        when="after",
        scope=RequestScope(paths="/tickets/1/*"),  # the reply, then the lookup's read
        nth=(1, 2),
    )
    async with serve(app_on(fake, max_retries=0)) as client:
        failed(await client.post("/tickets/1/reply", json={"body": "x"}), 502, "outcome_unknown")
    assert len(thread(fake, 1)) == 1
