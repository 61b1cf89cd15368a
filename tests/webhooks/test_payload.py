"""What the receiver reads from a webhook's body, and what it refuses (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from freshdesk_atom.webhooks import Notice, PayloadError, parse_notice

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
T = datetime(2026, 5, 4, 3, 2, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (
            b'{"ticket_id": 7, "event": "ticket_updated", "updated_at": "2026-05-04T03:02:01Z"}',
            JSON,
            Notice(7, "ticket_updated", T),
        ),
        (b'{"ticket_id": "7"}', JSON, Notice(7)),
        (b'{"id": 7}', JSON, Notice(7)),
        (
            b'{"ticket": {"id": 7, "updated_at": "2026-05-04T05:02:01+02:00"}}',
            JSON,
            Notice(7, None, T),
        ),
        (
            b'{"freshdesk_webhook": {"ticket_id": 7, "ticket_status": "Open"}}',
            "application/json; charset=utf-8",
            Notice(7),
        ),
        (
            b"ticket_id=7&event=note_added&updated_at=2026-05-04T03:02:01.900Z",
            FORM,
            Notice(7, "note_added", T),
        ),
        (b'{"ticket_id": 7, "updated_at": "last tuesday"}', JSON, Notice(7)),
        (b'{"ticket_id": 7, "updated_at": "2026-05-04T03:02:01"}', JSON, Notice(7)),
        (b'{"ticket_id": 7, "event": ""}', JSON, Notice(7)),
        (b'{"ticket_id": 7, "event": "' + b"x" * 100 + b'"}', JSON, Notice(7, "x" * 64)),
        (b'{"ticket_id": 7}', "", Notice(7)),
        (b'{"ticket_id": 7}', "application/vnd.freshdesk+json", Notice(7)),
    ],
)
def test_notices_are_read_from_the_shapes_templates_give(
    body: bytes, content_type: str, expected: Notice
) -> None:
    assert parse_notice(body, content_type) == expected


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"<ticket><id>7</id></ticket>", "text/xml", "content type 'text/xml' is not read"),
        (b"{", JSON, "not valid JSON"),
        (b"[7]", JSON, "must be a JSON object"),
        (b"\xff\xfe", JSON, "not UTF-8"),
        (b"{}", JSON, "no ticket id"),
        (b'{"ticket_id": null}', JSON, "no ticket id"),
        (b'{"ticket_id": true}', JSON, "whole number"),
        (b'{"ticket_id": 7.5}', JSON, "whole number"),
        (b'{"ticket_id": "7; DROP"}', JSON, "whole number"),
        (b'{"ticket_id": "\xd9\xa7"}', JSON, "whole number"),
        (b'{"ticket_id": 0}', JSON, "from 1"),
        (b'{"ticket_id": 99999999999999999999}', JSON, "from 1"),
        (b'{"ticket_id": [7]}', JSON, "whole number"),
        (b"[" * 100_000, JSON, "not valid JSON"),
        (b"event=x", FORM, "no ticket id"),
    ],
)
def test_bodies_without_a_usable_ticket_id_are_refused_saying_why(
    body: bytes, content_type: str, message: str
) -> None:
    with pytest.raises(PayloadError, match=message):
        parse_notice(body, content_type)


def test_duplicates_share_a_key_only_with_the_same_update_time() -> None:
    assert Notice(7, "a", T).key == Notice(7, "b", T).key == (7, "2026-05-04T03:02:01Z")
    assert Notice(7).key == (7, None)
    assert Notice(7, None, T).key != Notice(8, None, T).key
