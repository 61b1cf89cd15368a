"""Freshdesk's validation messages, as the fake's checks word them.

Messages marked *(verified)* are quoted in Freshdesk's documentation; the others follow
the same style and are the fake's best guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

__all__ = [
    "BLANK",
    "DATE_FORMAT",
    "EMAIL_FORMAT",
    "ISO_FORMAT",
    "POSITIVE",
    "UNEXPECTED",
    "UNIQUE",
    "mismatch",
    "one_of",
]

BLANK: Final = "It should not be blank as this is a mandatory field"  # (verified, docs/freshdesk-api-notes.md#errors)
UNEXPECTED: Final = (
    "Unexpected/invalid field in request"  # (verified, docs/freshdesk-api-notes.md#errors)
)
UNIQUE: Final = "It should be a unique value"  # (verified, docs/freshdesk-api-notes.md#errors)
EMAIL_FORMAT: Final = "It should be in the 'valid email address' format"  # (verified, docs/freshdesk-api-notes.md#errors)
ISO_FORMAT: Final = "It should be in the 'combined date and time ISO8601' format"
DATE_FORMAT: Final = "It should be in the 'yyyy-mm-dd' format"
POSITIVE: Final = "It should be a Positive Integer"


def one_of(values: Sequence[object]) -> str:
    """Return Freshdesk's list message: ``It should be one of these values: '2,3,4,5'`` (docs/freshdesk-api-notes.md#errors)."""
    return "It should be one of these values: '" + ",".join(str(v) for v in values) + "'"


def mismatch(expected: str) -> str:
    """Return the ``datatype_mismatch`` message for a value that is not *expected*."""
    # docs/freshdesk-api-notes.md#errors: datatype_mismatch "wrong type (`It should be a/an Integer`)".
    return f"It should be a/an {expected}"
