"""The fields of the account's ticket form: built-in and custom (docs/freshdesk-api-notes.md#ticket-fields)."""

from __future__ import annotations

from datetime import datetime

import attrs

from .._types import JSONValue
from .common import Record

__all__ = ["TicketField"]


@attrs.frozen(kw_only=True)
class TicketField(Record):
    """One field of the ticket form, as ``GET /ticket_fields`` describes it.

    Attributes:
        name: the key: ``status``, ``priority`` ... for built-in fields;
            ``cf_...`` for custom ones (the key in a ticket's ``custom_fields``).
        type: ``default_status``, ``default_priority`` ... for built-in
            fields; ``custom_text``, ``custom_paragraph``, ``custom_checkbox``,
            ``custom_number``, ``custom_decimal``, ``custom_date``,
            ``custom_dropdown`` or ``nested_field`` for custom ones.
        default: ``True`` for built-in fields.
        choices: what the field accepts, in Freshdesk's shape for its type:
            the status field maps each code to ``[agent label, customer
            label]`` (custom statuses included), priority and source map a
            label to a code, a dropdown lists its values, a nested field maps
            each value to the choices of the level below. ``None`` for fields
            without choices.
        nested_ticket_fields: a nested field's lower levels (their ``name``,
            ``label`` and ``level``).
        required_for_agents, required_for_closure, required_for_customers:
            when Freshdesk insists on a value.
    """

    id: int
    name: str
    label: str
    type: str
    description: str | None = None
    position: int | None = None
    default: bool = False
    required_for_closure: bool = False
    required_for_agents: bool = False
    required_for_customers: bool = False
    customers_can_edit: bool = False
    label_for_customers: str | None = None
    displayed_to_customers: bool = False
    choices: JSONValue = None
    nested_ticket_fields: tuple[dict[str, JSONValue], ...] | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
