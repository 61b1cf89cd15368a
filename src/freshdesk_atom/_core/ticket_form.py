"""Check ticket values against the account's own form before sending (opt-in).

Freshdesk refuses an unknown custom field, a dropdown value it does not offer
or a status the account does not have with a 400 after the request
(docs/freshdesk-api-notes.md#ticket-fields, #tickets). A :class:`TicketForm`
built from ``GET /ticket_fields`` says the same before any request, naming
the field and what it accepts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from .._types import JSONValue
from ..models.ticket_fields import TicketField

__all__ = ["TicketForm"]

_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def _labels(field: TicketField | None) -> dict[int, str]:
    """The status codes of the status field's choices, with their agent labels."""
    if field is None or not isinstance(field.choices, dict):
        return {}
    codes: dict[int, str] = {}
    for code, labels in field.choices.items():
        if code.isdigit():
            label = labels[0] if isinstance(labels, list) and labels else str(labels)
            codes[int(code)] = str(label)
    return codes


def _values(choices: JSONValue) -> tuple[str, ...]:
    """The values a dropdown (a list) or a nested field's top level (an object) offers."""
    if isinstance(choices, list):
        return tuple(str(choice) for choice in choices)
    if isinstance(choices, dict):
        return tuple(choices)
    return ()


def _listing(values: Iterable[object]) -> str:
    shown = [repr(value) for value in values]
    return ", ".join(shown[:20]) + (f" and {len(shown) - 20} more" if len(shown) > 20 else "")


@attrs.frozen
class TicketForm:
    """The account's ticket form: its statuses, types and custom fields.

    Build it with ``fd.ticket_fields.form()`` (one request), keep it for as
    long as the form does not change, and call :meth:`check` before a create
    or an update.

    Attributes:
        fields: every field, by ``name``.
        statuses: status code → agent label, custom statuses included.
        types: the ticket types the account offers.
    """

    fields: Mapping[str, TicketField]
    statuses: Mapping[int, str]
    types: tuple[str, ...]

    @classmethod
    def from_fields(cls, fields: Iterable[TicketField]) -> TicketForm:
        """Build the form from ``GET /ticket_fields``' entries."""
        by_name = {field.name: field for field in fields}
        status = next((f for f in by_name.values() if f.type == "default_status"), None)
        kind = next((f for f in by_name.values() if f.type == "default_ticket_type"), None)
        return cls(
            fields=by_name,
            statuses=_labels(status),
            types=_values(kind.choices) if kind is not None else (),
        )

    @property
    def custom_fields(self) -> dict[str, TicketField]:
        """The custom fields, by ``name`` (``cf_...``)."""
        return {name: field for name, field in self.fields.items() if not field.default}

    @property
    def nested_levels(self) -> frozenset[str]:
        """The names of nested fields' lower levels: keys of ``custom_fields`` too."""
        return frozenset(
            str(level["name"])
            for field in self.fields.values()
            for level in field.nested_ticket_fields or ()
            if isinstance(level.get("name"), str)
        )

    def check(
        self,
        *,
        status: int | None = None,
        type: str | None = None,
        custom_fields: Mapping[str, JSONValue] | None = None,
    ) -> None:
        """Raise ``ValueError`` naming the field if a value does not fit this account's form.

        Checked: a status the account has, a ticket type it offers, custom
        field names it has, and each custom value against its field's type:
        text, a whole number, a decimal, ``True``/``False``, a date
        ``YYYY-MM-DD``, or one of a dropdown's or nested field's choices.
        ``None`` (clearing a field) always fits.
        """
        if status is not None and self.statuses and status not in self.statuses:
            raise ValueError(
                f"status: {status} is not a status of this account; it has "
                + ", ".join(f"{code} ({label})" for code, label in sorted(self.statuses.items()))
            )
        if type is not None and self.types and type not in self.types:
            raise ValueError(f"type: {type!r} is not offered; choose among {_listing(self.types)}")
        custom = self.custom_fields
        levels = self.nested_levels
        for name, value in (custom_fields or {}).items():
            field = custom.get(name)
            if field is None and name in levels:
                # A lower level's choices depend on the level above: Freshdesk checks them.
                if value is not None and not isinstance(value, str):
                    raise ValueError(f"custom_fields.{name}: takes text, not {value!r}")
                continue
            if field is None:
                raise ValueError(
                    f"custom_fields.{name}: this account has no such ticket field; it has "
                    f"{_listing(sorted({*custom, *levels})) or 'none'}"
                )
            if value is not None:
                _check_value(field, value, f"custom_fields.{name}")


def _check_value(field: TicketField, value: JSONValue, where: str) -> None:
    kind = field.type
    if kind in ("custom_text", "custom_paragraph"):
        ok, rule = isinstance(value, str), "text"
    elif kind == "custom_number":
        ok, rule = isinstance(value, int) and not isinstance(value, bool), "a whole number"
    elif kind == "custom_decimal":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        rule = "a number"
    elif kind == "custom_checkbox":
        ok, rule = isinstance(value, bool), "true or false"
    elif kind == "custom_date":
        ok = isinstance(value, str) and _DATE.fullmatch(value) is not None
        rule = "a date YYYY-MM-DD"
    elif kind in ("custom_dropdown", "nested_field"):
        choices = _values(field.choices)
        if choices and value not in choices:
            raise ValueError(f"{where}: {value!r} is not one of its choices: {_listing(choices)}")
        return
    else:  # a type this version does not know: Freshdesk decides
        return
    if not ok:
        raise ValueError(f"{where}: {field.label} takes {rule}, not {value!r}")
