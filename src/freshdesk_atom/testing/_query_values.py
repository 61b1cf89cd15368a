"""How the search engine reads stored values: emptiness, case folding, numbers, UTC days."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Final

__all__ = ["as_day", "fold", "is_empty", "is_number", "utc_day"]


def is_empty(value: object) -> bool:
    """Tell whether *value* counts as "no value" for ``field:null``."""
    return value is None or value == "" or value == [] or value == ()


def fold(value: object) -> str | None:
    """Return *value* case-folded for comparison, or ``None`` if it is not text."""
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(
            value
        )  # old payloads carry phone numbers as integers (docs/freshdesk-api-notes.md#data-conventions)
    return None


def is_number(value: object) -> bool:
    """Tell whether *value* is an int or float (a bool is not a number here)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def as_day(text: str) -> str | None:
    """Return *text* if it is a real ``YYYY-MM-DD`` date, else ``None``."""
    if _DATE.fullmatch(text) is None:
        return None
    try:
        date.fromisoformat(text)
    except ValueError:
        return None
    return text


def utc_day(value: object) -> str | None:
    """Return the UTC day of a stored timestamp as ``YYYY-MM-DD``, or ``None``.

    Accepts Freshdesk's own ``...Z`` strings, ISO strings with any offset (old
    payloads have ``+05:30``, docs/freshdesk-api-notes.md#data-conventions), bare dates, and ``date``/``datetime`` objects;
    a naive ``datetime`` is taken as UTC, as every Freshdesk timestamp is.
    ``YYYY-MM-DD`` strings order like the days, so callers compare them as text.
    """
    if isinstance(value, str):
        # Fast path for the fake's own form, "2024-03-05T09:15:27Z": already UTC.
        if len(value) > 10 and value[10] == "T" and value[-1] == "Z":
            return value[:10]
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return None
