"""Timestamps in and out: one set of rules for every argument, query and body (pure).

Freshdesk writes UTC with ``Z`` and whole seconds (``2024-03-05T09:15:27Z``)
and reads ISO 8601 (docs/freshdesk-api-notes.md#data-conventions). Every
timestamp the SDK takes goes through :func:`parse_timestamp`: a ``datetime``
(naive ones are UTC) or an ISO 8601 string, turned into an aware UTC
``datetime``. A value that cannot be one (a date at the edge of the calendar
whose offset pushes it out of range, say) is a ``ValueError`` that names the
argument, before anything is sent.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Final

__all__ = [
    "WIRE_FORMAT",
    "format_timestamp",
    "parse_day",
    "parse_timestamp",
    "start_of_day",
    "to_utc",
    "utc_day",
]

WIRE_FORMAT: Final = "%Y-%m-%dT%H:%M:%SZ"
"""How Freshdesk writes timestamps."""


def to_utc(value: datetime, name: str = "timestamp") -> datetime:
    """Return *value* in UTC (a naive ``datetime`` is taken as UTC).

    Raises:
        ValueError: naming *name*, when the instant is outside the years 1-9999 in UTC.
    """
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError(
            f"{name} must fall within the years 1 to 9999 in UTC, not {value.isoformat()}"
        ) from None


def _type_name(value: object) -> str:
    return "None" if value is None else type(value).__name__


def parse_timestamp(value: object, name: str) -> datetime:
    """Return *value* (a ``datetime`` or an ISO 8601 string) as an aware UTC ``datetime``.

    Raises:
        TypeError: *value* is neither (a ``date`` alone is refused: which
            time of that day would be meant is not clear).
        ValueError: the string is not ISO 8601, or the instant is out of range.
    """
    if isinstance(value, datetime):
        return to_utc(value, name)
    if isinstance(value, date):
        raise TypeError(f"{name} must be a datetime or an ISO 8601 string, not a date")
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a datetime or an ISO 8601 string, not {_type_name(value)}")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            f"{name} must be an ISO 8601 timestamp such as 2024-03-05T09:15:27Z, not {value[:60]!r}"
        ) from None
    return to_utc(parsed, name)


def parse_day(value: object, name: str) -> date:
    """Return the UTC day of *value*: a ``date``, a ``datetime`` or an ISO 8601 string of either.

    Raises:
        TypeError, ValueError: naming *name*.
    """
    if isinstance(value, datetime):
        return to_utc(value, name).date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
        try:
            return parse_timestamp(value, name).date()
        except ValueError:
            raise ValueError(
                f"{name} must be a date (2024-03-05) or an ISO 8601 timestamp, not {value[:60]!r}"
            ) from None
    raise TypeError(
        f"{name} must be a date, a datetime or an ISO 8601 string, not {_type_name(value)}"
    )


def utc_day(value: date) -> date:
    """Return the UTC calendar day of *value* (a naive ``datetime`` is taken as UTC)."""
    return to_utc(value).date() if isinstance(value, datetime) else value


def format_timestamp(value: datetime) -> str:
    """Return *value* as Freshdesk writes timestamps: ``2024-03-05T09:15:27Z``."""
    moment = to_utc(value)
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (  # noqa: UP031 (strftime does not pad years < 1000)
        moment.year,
        moment.month,
        moment.day,
        moment.hour,
        moment.minute,
        moment.second,
    )


def start_of_day(value: date) -> datetime:
    """Return 00:00:00Z of *value*'s UTC day."""
    return datetime.combine(utc_day(value), time(0), UTC)
