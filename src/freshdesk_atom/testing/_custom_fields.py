"""The account's custom fields: :class:`CustomField`, and whether a value suits one."""

from __future__ import annotations

import re
from datetime import date
from typing import Final, Literal

import attrs

from ._validation_messages import DATE_FORMAT, mismatch, one_of

__all__ = ["CustomField", "CustomFieldKind", "custom_field_problem"]

_DATE_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

CustomFieldKind = Literal[
    "text", "paragraph", "number", "decimal", "checkbox", "dropdown", "date", "any"
]


@attrs.frozen
class CustomField:
    """One account-configured custom field: its kind and, for dropdowns, its choices."""

    kind: CustomFieldKind = "any"
    choices: tuple[str, ...] = ()


def custom_field_problem(spec: CustomField, value: object) -> tuple[str, str] | None:
    """Return ``(message, code)`` when *value* does not suit the custom field, else ``None``."""
    if value is None:
        return None  # null clears any custom field (docs/freshdesk-api-notes.md#data-conventions)
    kind = spec.kind
    if kind in ("text", "paragraph"):
        if not isinstance(value, str):
            return mismatch("String"), "datatype_mismatch"
        if kind == "text" and len(value) > 255:
            return (
                f"Has {len(value)} characters, it can have maximum of 255 characters",
                "invalid_value",
            )
    elif kind == "number":
        if not isinstance(value, int) or isinstance(value, bool):
            return mismatch("Integer"), "datatype_mismatch"
    elif kind == "decimal":
        if not isinstance(value, int | float) or isinstance(value, bool):
            return mismatch("Number"), "datatype_mismatch"
    elif kind == "checkbox":
        if not isinstance(value, bool):
            return mismatch("Boolean"), "datatype_mismatch"
    elif kind == "dropdown":
        if value not in spec.choices:
            return one_of(spec.choices), "invalid_value"
    elif kind == "date":
        if not isinstance(value, str) or not _DATE_RE.fullmatch(value) or not _real_date(value):
            return DATE_FORMAT, "invalid_value"
    elif isinstance(value, dict):
        return mismatch("String"), "datatype_mismatch"
    return None


def _real_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
