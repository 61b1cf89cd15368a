"""What every record shares, and small value objects: rate limits and field errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

import attrs

from .._types import JSONValue

__all__ = ["FieldError", "RateLimit", "Record"]


@attrs.frozen(kw_only=True)
class Record:
    """Base of every record Freshdesk sends (tickets, contacts, their embedded objects ...).

    Attributes:
        extra: the fields Freshdesk sent that this version of the SDK does not
            model yet (Freshdesk adds fields), as decoded JSON; empty when the
            model knows them all. ``ticket.extra.get("new_field")``. Left out of
            ``repr`` and of comparisons; exports and the mirror keep them.
    """

    extra: Mapping[str, JSONValue] = attrs.field(factory=dict, repr=False, eq=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as JSON-ready data, shaped as Freshdesk sends it.

        Every field the model knows (``None`` where Freshdesk left it out),
        timestamps in UTC as ``YYYY-MM-DDTHH:MM:SSZ``, enums as their values,
        and the keys in :attr:`extra` put back. ``type(record).from_dict(
        record.to_dict())`` gives an equal record.
        """
        from .._converter import converter

        data: dict[str, Any] = converter.unstructure(self)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build a record from decoded JSON (a Freshdesk body, or :meth:`to_dict`'s output).

        The same rules as a response: scalars are checked, not coerced;
        timestamps may carry any offset; unknown keys go to :attr:`extra`.

        Raises:
            ValueError: *data* does not fit; the message names the fields.
        """
        from cattrs import BaseValidationError

        from .._converter import converter, describe_error

        try:
            return converter.structure(data, cls)
        except (BaseValidationError, TypeError, ValueError, KeyError) as exc:
            raise ValueError(f"not a {cls.__name__}: {describe_error(exc)}") from exc


@attrs.frozen(kw_only=True)
class RateLimit:
    """A snapshot of the account's API credit budget, read from one response.

    Freshdesk sends ``X-RateLimit-Total``, ``X-RateLimit-Remaining`` and
    ``X-RateLimit-Used-CurrentRequest`` on every non-429 response; a header that
    is missing or unreadable leaves its field ``None``.

    Attributes:
        total: credits allowed per minute for the whole account.
        remaining: credits left in the current minute.
        used: credits the request consumed (1 plus ``include=`` surcharges).
    """

    total: int | None = None
    remaining: int | None = None
    used: int | None = None


@attrs.frozen(kw_only=True)
class FieldError:
    """One entry of a Freshdesk validation error body (``errors[]``).

    Attributes:
        field: the request field at fault, e.g. ``"email"``.
        message: Freshdesk's explanation.
        code: the machine code, e.g. ``"invalid_value"`` or ``"duplicate_value"``.
        nested_field: for custom fields, e.g. ``"custom_fields.cf_x"``.
        additional_info: extra facts, e.g. ``{"user_id": 123}`` on a duplicate contact.
    """

    field: str | None = None
    message: str = ""
    code: str | None = None
    nested_field: str | None = None
    additional_info: dict[str, JSONValue] | None = None

    def describe(self) -> str:
        """Return ``"field (code) message"``, leaving out the parts that are empty."""
        name = self.nested_field or self.field
        parts = [p for p in (name, f"({self.code})" if self.code else None, self.message) if p]
        return " ".join(parts)
