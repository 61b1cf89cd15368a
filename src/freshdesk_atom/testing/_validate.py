"""Collect Freshdesk validation errors for query strings and JSON bodies.

A :class:`Checker` reads one mapping (the query parameters or the decoded
body), records every problem as an ``errors[]`` entry and raises them all at
once with :meth:`Checker.fail`, the way Freshdesk reports every bad field of a
request in one 400 (docs/freshdesk-api-notes.md#errors and the example in docs/freshdesk-api-notes.md#errors).

The messages are in ``_validation_messages`` (those marked *(verified)* are
quoted in Freshdesk's documentation; the others follow the same style and are
the fake's best guess); custom fields and their value checks are in
``_custom_fields``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, Final

from ._custom_fields import CustomField, custom_field_problem, nested_problems
from ._errors import FieldErrors, field_error, validation_error
from ._validation_messages import (
    BLANK,
    EMAIL_FORMAT,
    ISO_FORMAT,
    POSITIVE,
    UNEXPECTED,
    mismatch,
    one_of,
)
from ._wire import EMAIL_RE, parse_timestamp, to_wire

__all__ = ["Checker"]

_DIGITS_RE: Final = re.compile(r"[0-9]+")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Checker:
    """Validate the fields of one mapping, collecting Freshdesk ``errors[]`` entries."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        """Check *data*: decoded JSON, or query parameters (all strings)."""
        self.data = data
        self.errors: FieldErrors = []

    # ------------------------------------------------------------------ plumbing

    def add(self, field: str, message: str, code: str = "invalid_value", **extra: Any) -> None:
        """Record one error entry."""
        self.errors.append(field_error(field, message, code, **extra))

    def fail(self) -> None:
        """Raise every recorded error as one ``Validation failed`` answer, if any."""
        if self.errors:
            raise validation_error(self.errors)

    def given(self, field: str) -> bool:
        """Tell whether *field* is present (even as ``null``)."""
        return field in self.data

    def sent(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Return the checked *values* whose field the request actually sent."""
        return {name: value for name, value in values.items() if name in self.data}

    def unknown(self, allowed: Collection[str]) -> None:
        """Flag every key outside *allowed* as ``invalid_field`` (docs/freshdesk-api-notes.md#errors)."""
        for key in self.data:
            if key not in allowed:
                self.add(key, UNEXPECTED, "invalid_field")

    def _present(self, field: str, required: bool) -> bool:
        if field in self.data:
            return True
        if required:
            self.add(field, BLANK, "missing_field")
        return False

    # ------------------------------------------------------------------ JSON body

    def text(
        self,
        field: str,
        *,
        required: bool = False,
        nullable: bool = True,
        max_length: int | None = None,
    ) -> str | None:
        """Return a string field; blank or ``null`` fails when *required* or not *nullable*."""
        if not self._present(field, required):
            return None
        value = self.data[field]
        if value is None or value == "":
            if required or not nullable:
                self.add(field, BLANK)
            return None
        if not isinstance(value, str):
            self.add(field, mismatch("String"), "datatype_mismatch")
            return None
        if max_length is not None and len(value) > max_length:
            self.add(
                field,
                f"Has {len(value)} characters, it can have maximum of {max_length} characters",
            )
            return None
        return value

    def integer(
        self,
        field: str,
        *,
        required: bool = False,
        nullable: bool = True,
        choices: Sequence[int] | None = None,
    ) -> int | None:
        """Return an integer field, optionally restricted to *choices*."""
        if not self._present(field, required):
            return None
        value = self.data[field]
        if value is None:
            if required or not nullable:
                self.add(field, BLANK if choices is None else one_of(choices))
            return None
        if not _is_int(value):
            message = one_of(choices) if choices is not None else mismatch("Integer")
            self.add(field, message, "datatype_mismatch")
            return None
        if choices is not None and value not in choices:
            self.add(field, one_of(choices))
            return None
        return int(value)

    def boolean(self, field: str) -> bool | None:
        """Return a boolean field (``null`` is refused)."""
        if field not in self.data:
            return None
        value = self.data[field]
        if not isinstance(value, bool):
            self.add(field, mismatch("Boolean"), "datatype_mismatch")
            return None
        return value

    def choice(self, field: str, choices: Sequence[str], *, nullable: bool = True) -> str | None:
        """Return a string field that must be one of *choices*."""
        if field not in self.data:
            return None
        value = self.data[field]
        if value is None and nullable:
            return None
        if not isinstance(value, str) or value not in choices:
            self.add(field, one_of(choices))
            return None
        return value

    def email(self, field: str, *, required: bool = False) -> str | None:
        """Return an email field, checked for the address shape."""
        value = self.text(field, required=required)
        if value is not None and not EMAIL_RE.match(value):
            self.add(field, EMAIL_FORMAT)
            return None
        return value

    def strings(
        self,
        field: str,
        *,
        max_items: int | None = None,
        item_max_length: int | None = None,
        emails: bool = False,
        no_commas: bool = False,
    ) -> list[str] | None:
        """Return a list-of-strings field (tags, domains, email lists)."""
        if field not in self.data:
            return None
        value = self.data[field]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.add(field, mismatch("Array"), "datatype_mismatch")
            return None
        if max_items is not None and len(value) > max_items:
            self.add(field, f"It can have maximum of {max_items} values")
            return None
        for item in value:
            if item_max_length is not None and len(item) > item_max_length:
                self.add(
                    field,
                    f"Each value can have maximum of {item_max_length} characters",
                )
                return None
            if no_commas and "," in item:
                self.add(field, "It should not contain commas")
                return None
            if emails and not EMAIL_RE.match(item):
                self.add(field, EMAIL_FORMAT)
                return None
        return list(value)

    def integers(
        self, field: str, *, exists: Callable[[int], bool] | None = None
    ) -> list[int] | None:
        """Return a list-of-integers field (``group_ids``, ``agent_ids``), optionally checked."""
        if field not in self.data:
            return None
        value = self.data[field]
        if not isinstance(value, list) or not all(_is_int(item) for item in value):
            self.add(field, mismatch("Array"), "datatype_mismatch")
            return None
        if exists is not None:
            missing = [item for item in value if not exists(item)]
            if missing:
                self.add(
                    field, f"There are no records matching the ids: '{','.join(map(str, missing))}'"
                )
                return None
        return list(value)

    def reference(
        self, field: str, exists: Callable[[int], bool], message: str, *, required: bool = False
    ) -> int | None:
        """Return an id field that must name an existing record (else ``invalid_value``)."""
        value = self.integer(field, required=required)
        if value is not None and not exists(value):
            self.add(field, message)
            return None
        return value

    def timestamp(self, field: str) -> str | None:
        """Return an ISO 8601 field in the wire form."""
        if field not in self.data or self.data[field] is None:
            return None
        value = self.data[field]
        parsed = parse_timestamp(value) if isinstance(value, str) else None
        if parsed is None:
            self.add(field, ISO_FORMAT)
            return None
        return to_wire(parsed)

    def custom_fields(
        self, specs: Mapping[str, CustomField], field: str = "custom_fields"
    ) -> dict[str, Any] | None:
        """Return the ``custom_fields`` object, each key checked against the account's *specs*."""
        if field not in self.data:
            return None
        value = self.data[field]
        if not isinstance(value, dict):
            self.add(field, mismatch("key/value pair"), "datatype_mismatch")
            return None
        clean: dict[str, Any] = {}
        for name, item in value.items():
            nested = f"{field}.{name}"
            spec = specs.get(name)
            if spec is None:
                self.add(name, UNEXPECTED, "invalid_field", nested_field=nested)
                continue
            problem = custom_field_problem(spec, item)
            if problem is not None:
                message, code = problem
                self.add(name, message, code, nested_field=nested)
                continue
            clean[name] = item
        # docs/freshdesk-api-notes.md#ticket-fields: a nested field's lower level must sit under the level above.
        for name, message in nested_problems(specs, clean):
            self.add(name, message, nested_field=f"{field}.{name}")
            del clean[name]
        return clean

    # ------------------------------------------------------------------ query string

    def param_int(
        self,
        name: str,
        *,
        default: int,
        maximum: int | None = None,
        message: str = POSITIVE,
    ) -> int:
        """Return a positive integer parameter (``page``, ``per_page``).

        docs/freshdesk-api-notes.md#pagination: not a number → ``datatype_mismatch``, out of range → ``invalid_value``,
        both with the same message.
        """
        raw = self.data.get(name)
        if raw is None:
            return default
        if not isinstance(raw, str) or not _DIGITS_RE.fullmatch(raw):
            self.add(name, message, "datatype_mismatch")
            return default
        value = int(raw)
        if value <= 0 or (maximum is not None and value > maximum):
            self.add(name, message)
            return default
        return value

    def param_id(self, name: str) -> int | None:
        """Return a positive integer id parameter, or ``None`` when absent or bad."""
        raw = self.data.get(name)
        if raw is None:
            return None
        if not isinstance(raw, str) or not _DIGITS_RE.fullmatch(raw) or int(raw) <= 0:
            self.add(name, mismatch("Positive Integer"), "datatype_mismatch")
            return None
        return int(raw)

    def param_choice(self, name: str, choices: Sequence[str]) -> str | None:
        """Return a parameter that must be one of *choices*."""
        raw = self.data.get(name)
        if raw is None:
            return None
        if raw not in choices:
            self.add(name, one_of(choices))
            return None
        return str(raw)

    def param_list(self, name: str, choices: Sequence[str]) -> list[str]:
        """Return a comma-separated parameter (``include``) whose items are all in *choices*."""
        raw = self.data.get(name)
        if raw is None:
            return []
        items = [item.strip() for item in str(raw).split(",")]
        if not all(item in choices for item in items):
            # docs/freshdesk-api-notes.md#the-tickets-list: invalid include → invalid_value "It should be one of these values: '...'".
            self.add(name, one_of(choices))
            return []
        return list(dict.fromkeys(items))

    def param_timestamp(self, name: str) -> str | None:
        """Return an ISO 8601 parameter in the wire form."""
        raw = self.data.get(name)
        if raw is None:
            return None
        parsed = parse_timestamp(raw)
        if parsed is None:
            self.add(name, ISO_FORMAT)
            return None
        return to_wire(parsed)
