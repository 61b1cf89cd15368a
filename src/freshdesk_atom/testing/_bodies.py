"""Read a write's body, JSON or ``multipart/form-data`` (docs/freshdesk-api-notes.md#attachments).

Routes that take files (ticket create and update, reply, note, forward, note
update) read their body here: a JSON body as :meth:`Call.body` does, a
multipart one converted by :mod:`._form` into the same shape, so one set of
checks serves both. Every other route keeps JSON only (415 for anything else).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ._call import Call
from ._custom_fields import CustomField
from ._errors import request_error
from ._form import FormSchema, form_body
from ._multipart import MultipartError, boundary_of, media_type, parse_multipart

__all__ = ["MULTIPART", "read_body"]

MULTIPART: Final = "multipart/form-data"
# Unconfirmed: Freshdesk's answer to a multipart body that does not parse is not documented; the
# fake answers a request-level 400 of its own.
BAD_FORM_CODE: Final = "invalid_multipart"


def read_body(
    call: Call,
    schema: FormSchema,
    *,
    update: bool,
    custom: Mapping[str, CustomField] | None = None,
) -> dict[str, Any]:
    """Return the request's body as a JSON-like object.

    An empty body: ``{}``, or for an update 400 ``missing_params``
    (docs/freshdesk-api-notes.md#tickets). A multipart body becomes the object
    its fields stand for, typed by *schema* and the account's *custom* fields;
    anything else is read as JSON (415 unless it says so).
    """
    request = call.request
    content_type = request.headers.get("content-type", "")
    if not request.body.strip() or media_type(content_type) != MULTIPART:
        return call.body(update=update)
    boundary = boundary_of(content_type)
    if boundary is None:
        raise request_error(400, BAD_FORM_CODE, "The multipart/form-data body has no boundary")
    try:
        parts = parse_multipart(request.body, boundary)
    except MultipartError as error:
        raise request_error(
            400, BAD_FORM_CODE, f"The multipart/form-data body is malformed: {error}"
        ) from None
    data = form_body(parts, schema, custom or {})
    if update and not data:
        raise request_error(400, "missing_params", "Mandatory attribute missing")
    return data
