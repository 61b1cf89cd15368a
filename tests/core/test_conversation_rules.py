"""Table tests of the thread's bodies (reply, note, forward, note update) and time entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from freshdesk_atom._core.conversations import (
    FORWARD_RULES,
    NOTE_RULES,
    NOTE_UPDATE_RULES,
    REPLY_RULES,
    conversation_body,
    matches_created,
)
from freshdesk_atom._core.time_entries import time_entry_body, time_entry_query
from freshdesk_atom._types import NOT_GIVEN

RULES = {
    "reply": REPLY_RULES,
    "note": NOTE_RULES,
    "forward": FORWARD_RULES,
    "update": NOTE_UPDATE_RULES,
}


@pytest.mark.parametrize(
    ("kind", "fields", "body"),
    [
        (
            "reply",
            {"body": "<p>Hi</p>", "cc_emails": ["a@x.example"]},
            {"body": "<p>Hi</p>", "cc_emails": ["a@x.example"]},
        ),
        ("note", {"body": "Internal", "private": NOT_GIVEN}, {"body": "Internal"}),
        ("note", {"body": "Public", "private": False}, {"body": "Public", "private": False}),
        ("forward", {"to_emails": ["v@vendor.example"]}, {"to_emails": ["v@vendor.example"]}),
        ("update", {"body": NOT_GIVEN}, {}),  # files only: allowed with files
    ],
)
def test_bodies_that_fit(kind: str, fields: Any, body: Any) -> None:
    assert conversation_body(kind, fields, RULES[kind], with_files=kind == "update") == body


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("reply", {"body": NOT_GIVEN}, "reply: body is required"),
        ("reply", {"body": "   "}, "body"),
        ("reply", {"body": "x", "cc_emails": ["not-an-email"]}, "cc_emails"),
        ("note", {"body": "x", "private": "yes"}, "private"),
        ("forward", {"to_emails": []}, "to_emails needs at least one email address"),
        ("forward", {"to_emails": NOT_GIVEN}, "forward: to_emails is required"),
        ("update", {"body": NOT_GIVEN}, "update needs a body or attachments"),
        ("reply", {"body": "x", "user_id": None}, "user_id cannot be cleared"),
    ],
)
def test_bodies_that_break_a_rule_name_the_field(kind: str, fields: Any, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        conversation_body(kind, fields, RULES[kind], with_files=False)


SENT_AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "user_id", "created_at", "matches"),
    [
        (
            "<div><p>Thanks, fixed!</p></div>",
            7,
            SENT_AT + timedelta(seconds=2),
            True,
        ),  # wrapped HTML
        ("<p>Thanks,   fixed!</p>", 7, SENT_AT - timedelta(minutes=4), True),  # clocks apart
        ("<p>Thanks, fixed!</p>", 8, SENT_AT, False),  # another author
        ("<p>Thanks, fixed.</p>", 7, SENT_AT, False),  # other words
        ("<p>Thanks, fixed!</p>", 7, SENT_AT - timedelta(hours=1), False),  # older: not ours
        (None, 7, SENT_AT, False),
    ],
)
def test_a_lost_reply_is_recognised_by_its_words_author_and_time(
    body: str | None, user_id: int, created_at: datetime, matches: bool
) -> None:
    sent: dict[str, Any] = {"body": "<p>Thanks, fixed!</p>", "user_id": 7}
    assert (
        matches_created(
            body=body, user_id=user_id, created_at=created_at, sent=sent, sent_at=SENT_AT
        )
        is matches
    )


@pytest.mark.parametrize(
    ("fields", "create", "message"),
    [
        ({"note": "x"}, True, r"time_spent \('hh:mm'\) is required unless timer_running=True"),
        ({"time_spent": "1h30"}, True, "time_spent must be hours and minutes as 'hh:mm'"),
        ({"time_spent": "01:75"}, True, "hh:mm"),
        ({}, False, "update needs at least one field"),
        ({"time_spent": "01:30", "billable": "yes"}, True, "billable"),
    ],
)
def test_time_entry_bodies_name_the_rule(fields: Any, create: bool, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        time_entry_body(fields, create=create)


def test_time_entries_fit() -> None:
    assert time_entry_body({"timer_running": True}, create=True) == {"timer_running": True}
    assert time_entry_body({"time_spent": "01:30", "note": ""}, create=True) == {
        "time_spent": "01:30",
        "note": "",
    }
    assert time_entry_query({"billable": True, "agent_id": 5}) == {"billable": True, "agent_id": 5}
