# Generated from src/freshdesk_atom/_async/resources/ticket_fields.py by scripts/unasync.py; do not edit.
"""The account's ticket form: ``fd.ticket_fields`` (docs/freshdesk-api-notes.md#ticket-fields)."""

from __future__ import annotations

from typing import Literal

from ..._core.request import RequestSpec, build_query
from ..._core.ticket_form import TicketForm
from ..._core.validation import check_str
from ..._types import NOT_GIVEN, NotGiven, RequestOptions
from ...models.ticket_fields import TicketField
from .._raw import to_raw_response_wrapper
from ._base import APIResource

__all__ = ["TicketFields", "TicketFieldsWithRawResponse"]

TicketFieldType = Literal[
    "default_subject",
    "default_requester",
    "default_ticket_type",
    "default_status",
    "default_priority",
    "default_group",
    "default_agent",
    "default_source",
    "default_description",
    "custom_text",
    "custom_paragraph",
    "custom_checkbox",
    "custom_number",
    "custom_decimal",
    "custom_date",
    "custom_dropdown",
    "nested_field",
]


class TicketFields(APIResource):
    """The fields of the ticket form, built-in and custom: ``fd.ticket_fields``."""

    @property
    def with_raw_response(self) -> TicketFieldsWithRawResponse:
        """The same methods, returning ``APIResponse`` objects with headers and status."""
        return TicketFieldsWithRawResponse(self)

    def list(
        self,
        *,
        type: TicketFieldType | str | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> tuple[TicketField, ...]:
        """Return every field of the ticket form (``GET /ticket_fields``), or those of one ``type``.

        One request, not paged: Freshdesk returns them all at once.
        """
        wire_type = NOT_GIVEN if isinstance(type, NotGiven) else check_str(type, "type")
        spec = RequestSpec(
            method="GET", path="ticket_fields", params=build_query({"type": wire_type})
        )
        return self._client.request(spec, cast_to=tuple[TicketField, ...], options=options)

    def form(self, *, options: RequestOptions | None = None) -> TicketForm:
        """Return the account's form, to check values before sending (one request).

        ``form.check(status=..., type=..., custom_fields=...)`` raises
        ``ValueError`` naming the field and what it accepts, before Freshdesk
        would refuse it; ``form.statuses`` lists the statuses, custom ones
        included.
        """
        return TicketForm.from_fields(self.list(options=options))


class TicketFieldsWithRawResponse:
    """``fd.ticket_fields.with_raw_response``: ``list`` returning an ``APIResponse``."""

    def __init__(self, ticket_fields: TicketFields) -> None:
        self.list = to_raw_response_wrapper(ticket_fields.list)
