"""The rules of a ticket's thread: reply, note, forward and note-update bodies, checked before sending.

docs/freshdesk-api-notes.md#conversations: ``body`` (HTML) is required on a
reply and a note; a note is private unless ``private=False``; a forward needs
``to_emails``; only notes can be changed, and only their ``body`` and
attachments. The first message of a ticket is its ``description``, not a
conversation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from html import unescape
from typing import Final

from .._types import JSONValue
from .bodies import Check, checked_body, given, nonblank, optional_id
from .validation import check_bool, check_email, check_email_list

__all__ = [
    "FORWARD_RULES",
    "NOTE_RULES",
    "NOTE_UPDATE_RULES",
    "REPLY_RULES",
    "conversation_body",
    "matches_created",
]


def _emails(value: object, name: str) -> list[str]:
    return check_email_list(value, name)


def _some_emails(value: object, name: str) -> list[str]:
    emails = check_email_list(value, name)
    if not emails:
        raise ValueError(f"{name} needs at least one email address")
    return emails


REPLY_RULES: Final[Mapping[str, Check]] = {
    "body": nonblank,
    "from_email": check_email,
    "user_id": optional_id,
    "cc_emails": _emails,
    "bcc_emails": _emails,
}
NOTE_RULES: Final[Mapping[str, Check]] = {
    "body": nonblank,
    "private": check_bool,
    "incoming": check_bool,
    "notify_emails": _emails,
    "user_id": optional_id,
}
FORWARD_RULES: Final[Mapping[str, Check]] = {
    "to_emails": _some_emails,
    "body": nonblank,
    "cc_emails": _emails,
    "bcc_emails": _emails,
}
NOTE_UPDATE_RULES: Final[Mapping[str, Check]] = {"body": nonblank}

_REQUIRED: Final[Mapping[str, str]] = {"reply": "body", "note": "body", "forward": "to_emails"}


def conversation_body(
    kind: str, fields: Mapping[str, object], rules: Mapping[str, Check], *, with_files: bool
) -> dict[str, JSONValue]:
    """Return the checked JSON body of a reply, note, forward or note update.

    *kind* is ``reply``, ``note``, ``forward`` or ``update``; an update needs
    a field to change or files (*with_files*).

    Raises:
        ValueError, TypeError: naming the field and the rule broken.
    """
    present = given(fields)
    required = _REQUIRED.get(kind)
    if required is not None and present.get(required) is None:
        raise ValueError(f"{kind}: {required} is required")
    if kind == "update" and not present and not with_files:
        raise ValueError("update needs a body or attachments to change")
    return checked_body(present, rules, resource="conversation", not_null=tuple(rules))


# A lost answer's request and the conversation it may have made were stamped by
# two clocks (ours and Freshdesk's); allow this much between them.
_CLOCK_SLACK: Final = timedelta(minutes=5)
_TAG: Final = re.compile(r"<[^>]*>")


def _plain(html: str) -> str:
    """The words of an HTML body: Freshdesk may wrap or reformat the HTML it was sent."""
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def matches_created(
    *,
    body: str | None,
    user_id: int | None,
    created_at: datetime,
    sent: Mapping[str, JSONValue],
    sent_at: datetime,
) -> bool:
    """Whether a conversation (its *body*, *user_id*, *created_at*) is what *sent* made.

    The same words in the body, the same author when ``user_id`` was sent,
    and created no earlier than a few minutes before the request left.
    """
    wanted = sent.get("body")
    if body is None or not isinstance(wanted, str) or _plain(body) != _plain(wanted):
        return False
    if sent.get("user_id") is not None and user_id != sent.get("user_id"):
        return False
    return created_at >= sent_at - _CLOCK_SLACK
