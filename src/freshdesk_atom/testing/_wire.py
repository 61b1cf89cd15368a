"""Wire conventions shared by every part of the fake: timestamps, JSON, text.

Freshdesk sends UTC timestamps with a ``Z`` and second precision
(``"2024-03-05T09:15:27Z"``, docs/freshdesk-api-notes.md#data-conventions) and accepts any ISO 8601 input,
offsets included. The fake stores every timestamp in that wire form, so two of
them compare correctly as plain strings.
"""

from __future__ import annotations

import functools
import html
import json
import re
import time
from datetime import UTC, date, datetime
from typing import Any, Final

__all__ = [
    "EMAIL_RE",
    "WIRE_FORMAT",
    "dumps",
    "epoch_to_wire",
    "html_to_text",
    "parse_timestamp",
    "to_wire",
    "wire_or_none",
]

WIRE_FORMAT: Final = "%Y-%m-%dT%H:%M:%SZ"

EMAIL_RE: Final = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
"""A lenient email shape: Freshdesk's own check is not published."""

_TAG_RE: Final = re.compile(r"<[^>]*>")
_BLOCK_END_RE: Final = re.compile(r"</(div|p|li|h[1-6])>|<br\s*/?>", re.IGNORECASE)
_SPACES_RE: Final = re.compile(r"[ \t]+")


def to_wire(moment: datetime) -> str:
    """Return *moment* as Freshdesk writes it: UTC, seconds, ``Z`` (naive = UTC).

    The year always has four digits (``strftime``'s ``%Y`` does not pad years
    before 1000 on every platform).
    """
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S}Z"


@functools.lru_cache(maxsize=8192)
def _day(days: int) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(days * 86_400))


def epoch_to_wire(seconds: float) -> str:
    """Return POSIX *seconds* in the wire form (a fast path for bulk generation)."""
    days, rest = divmod(int(seconds), 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    return f"{_day(days)}T{hours:02d}:{minutes:02d}:{secs:02d}Z"


def parse_timestamp(value: object) -> datetime | None:
    """Return an aware UTC datetime for an ISO 8601 string or date, else ``None``.

    Accepts ``Z``, any offset (old payloads carry ``+05:30``, docs/freshdesk-api-notes.md#data-conventions), a missing
    offset (taken as UTC) and a bare ``YYYY-MM-DD`` (midnight UTC).
    """
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def wire_or_none(value: object) -> str | None:
    """Return *value* normalised to the wire form, or ``None`` if it is no timestamp."""
    parsed = parse_timestamp(value)
    return None if parsed is None else to_wire(parsed)


def html_to_text(markup: str) -> str:
    """Return the plain text of an HTML description, as ``description_text`` holds it."""
    text = _BLOCK_END_RE.sub("\n", markup)
    text = html.unescape(_TAG_RE.sub("", text))
    lines = (_SPACES_RE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def dumps(data: Any) -> bytes:
    """Encode *data* as compact UTF-8 JSON, the way the API answers."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
