"""What a Freshdesk webhook says: which ticket, which event, and (when the template has it) when.

A webhook's body is whatever template the admin wrote in the automation
rule's "Trigger webhook" action (JSON, form-encoded or XML; picked fields or
free text with placeholders:
https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules),
so the receiver trusts nothing in it but the ticket's id, and uses even that
only to decide which ticket to read again. The recommended template
(``docs/webhooks.md``) is::

    {"ticket_id": {{ticket.id}}, "event": "ticket_updated", "updated_at": "<the update time>"}

Others are tolerated: the id is looked for as ``ticket_id``, ``id``,
``ticket.id`` / ``ticket.ticket_id`` (a nested object) or
``freshdesk_webhook.ticket_id`` (the shape of a rule's picked fields), as a
number or a numeric string, in JSON or form-encoded bodies.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final
from urllib.parse import parse_qsl

import attrs

from .._exceptions import FreshdeskError

__all__ = ["MAX_EVENT_LENGTH", "Notice", "PayloadError", "parse_notice"]

MAX_EVENT_LENGTH: Final = 64
_ID_KEYS: Final = ("ticket_id", "id")
_WRAPPERS: Final = ("freshdesk_webhook", "ticket", "data")
_MAX_ID: Final = 2**63 - 1


class PayloadError(FreshdeskError, ValueError):
    """The body names no ticket the receiver can read again (the message says what is wrong)."""


@attrs.frozen
class Notice:
    """One webhook, reduced to what the receiver uses.

    Attributes:
        ticket_id: the ticket to read again.
        event: the rule's event as the template names it (``None`` when absent).
        updated_at: the ticket's update time in the template, to whole seconds
            (``None`` when absent, unreadable or without a UTC offset, whose
            zone cannot be known: the notice still counts).
    """

    ticket_id: int
    event: str | None = None
    updated_at: datetime | None = None

    @property
    def key(self) -> tuple[int, str | None]:
        """What a duplicate shares: the ticket and its update time (``None``: unknown)."""
        stamp = None if self.updated_at is None else self.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        return self.ticket_id, stamp


def parse_notice(body: bytes, content_type: str) -> Notice:
    """Return the :class:`Notice` in a webhook's *body*.

    Raises:
        PayloadError: the body is not JSON or form-encoded, or holds no
            usable ticket id.
    """
    fields = _fields(body, content_type)
    ticket_id = _ticket_id(fields)
    event = _first(fields, ("event", "event_type", "triggered_event"))
    return Notice(
        ticket_id=ticket_id,
        event=event[:MAX_EVENT_LENGTH] if isinstance(event, str) and event else None,
        updated_at=_time(_first(fields, ("updated_at", "ticket_updated_at", "modified_at"))),
    )


def _fields(body: bytes, content_type: str) -> Mapping[str, Any]:
    kind = content_type.split(";", 1)[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise PayloadError("the body is not UTF-8 text") from None
    if kind == "application/x-www-form-urlencoded":
        return dict(parse_qsl(text, keep_blank_values=True))
    if kind not in ("application/json", "") and not kind.endswith("+json"):
        raise PayloadError(
            f"content type {kind!r} is not read: choose JSON (or X-FORM-URLENCODED) "
            "as the webhook's encoding"
        )
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise PayloadError("the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise PayloadError("the body must be a JSON object")
    return data


def _first(fields: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    """The first of *keys* found at the top level, then inside a wrapper object."""
    for scope in (fields, *(fields.get(name) for name in _WRAPPERS)):
        if isinstance(scope, Mapping):
            for key in keys:
                if scope.get(key) not in (None, ""):
                    return scope[key]
    return None


def _ticket_id(fields: Mapping[str, Any]) -> int:
    value = _first(fields, _ID_KEYS)
    if value is None:
        raise PayloadError(
            'no ticket id: the body needs "ticket_id" (the template\'s {{ticket.id}})'
        )
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise PayloadError("ticket_id must be a whole number")
    text = str(value).strip()
    if not text.isdigit() or not text.isascii():
        raise PayloadError(f"ticket_id must be a whole number, got {text[:40]!r}")
    number = int(text)
    if not 1 <= number <= _MAX_ID:
        raise PayloadError("ticket_id must be from 1 to 2**63 - 1")
    return number


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        stamp = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        # A local time of an unknown zone: taken for UTC it could make a new
        # notice look older than the mirror's copy, and be skipped.
        return None
    return stamp.astimezone(UTC).replace(microsecond=0)
