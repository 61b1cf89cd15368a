"""Check what callers send to the ticket lifecycle routes, before anything reaches Freshdesk (pure).

``GET``/``PUT /tickets/{id}``, ``GET /tickets/{id}/conversations``, ``POST
/tickets/{id}/reply`` and ``POST /tickets/{id}/notes``: the ticket number in
the path, the update body, the reply and note bodies (JSON, or the fields of
a ``multipart/form-data`` form) and their files. Every problem raises
:class:`AdapterError` (400) naming the field, as in ``_inputs``; the SDK's
own checks run here too, so a bad request never reaches Freshdesk.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import IO, Any, Final, Literal

from .. import NOT_GIVEN
from .._core.bodies import Check
from .._core.conversations import NOTE_RULES, REPLY_RULES, conversation_body
from .._core.tickets import ticket_update_body
from .._core.uploads import attachments_for
from ._envelope import AdapterError
from ._inputs import (
    PRIORITIES,
    STATUSES,
    _bounded,
    _integer,
    _object,
    _required,
    _string,
    _strings,
)
from ._multipart import MultipartForm

__all__ = [
    "ID_MAX",
    "NOTE_FIELDS",
    "REPLY_FIELDS",
    "UPDATE_FIELDS",
    "Attachment",
    "form_files",
    "form_values",
    "parse_addition",
    "parse_ticket_id",
    "parse_ticket_update",
    "text_to_html",
]

ID_MAX: Final = 2**53 - 1
"""The largest id the adapter accepts: JavaScript's largest exact integer, so a
page can hold any id it is given."""
_ID_DIGITS: Final = len(str(ID_MAX))

UPDATE_FIELDS: Final = ("status", "priority", "responder_id", "group_id", "type", "tags")
REPLY_FIELDS: Final = ("body", "cc_emails", "bcc_emails")
NOTE_FIELDS: Final = ("body", "private", "notify_emails")

Kind = Literal["reply", "note"]
FieldKind = Literal["text", "list", "bool"]
_FORMS: Final[Mapping[Kind, Mapping[str, FieldKind]]] = {
    "reply": {"body": "text", "cc_emails": "list", "bcc_emails": "list"},
    "note": {"body": "text", "private": "bool", "notify_emails": "list"},
}
_RULES: Final[Mapping[Kind, Mapping[str, Check]]] = {"reply": REPLY_RULES, "note": NOTE_RULES}
FILE_FIELDS: Final = ("attachments[]", "attachments")
_CONTROL: Final = re.compile(r"[\x00-\x1f\x7f]")
_MEDIA: Final = re.compile(r"[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\s*;[^\x00-\x1f\x7f]*)?")

Attachment = tuple[str, IO[bytes], str]
"""A file for the SDK: ``(filename, content, content_type)``."""


def parse_ticket_id(text: str) -> int:
    """Return the ticket number of a path (``/tickets/{id}``): an integer 1..2**53-1.

    Raises:
        AdapterError: not digits (``datatype_mismatch``), or out of range (400).
    """
    if not re.fullmatch(r"[0-9]+", text):
        raise AdapterError.field(
            "id", f"id must be a ticket number, not {text[:40]!r}", code="datatype_mismatch"
        )
    digits = text.lstrip("0")
    if not digits or len(digits) > _ID_DIGITS or int(digits) > ID_MAX:
        raise AdapterError.field(
            "id", f"id must be between 1 and {ID_MAX}, not {text[:40]}", code="out_of_range"
        )
    return int(digits)


def _sdk_field(exc: Exception, names: Sequence[str]) -> AdapterError:
    """Return the 400 of an SDK check's refusal, naming the field its message starts with."""
    message = str(exc)
    ordered = sorted(names, key=len, reverse=True)  # "bcc_emails" before "cc_emails"
    field = next((name for name in ordered if message.startswith(name)), "body")
    code = "datatype_mismatch" if isinstance(exc, TypeError) else "invalid_value"
    return AdapterError.field(field, message, code=code)


def parse_ticket_update(body: object) -> dict[str, Any]:
    """Return the keyword arguments of ``fd.tickets.update`` for a ``PUT /tickets/{id}`` body.

    ``status`` 2..5, ``priority`` 1..4, ``responder_id`` and ``group_id`` an id
    or ``null`` (unassign), ``type`` a string or ``null``, ``tags`` a list of
    strings (it replaces the ticket's tags). At least one is required.

    Raises:
        AdapterError: an unknown field, a bad value, or nothing to change (400).
    """
    data = _object(body, UPDATE_FIELDS)
    if not data:
        raise AdapterError(
            400,
            "invalid_body",
            f"the body changes nothing: give at least one of {', '.join(UPDATE_FIELDS)}",
        )
    fields: dict[str, Any] = dict(data)
    if "status" in data:
        fields["status"] = _integer("status", data["status"], STATUSES)
    if "priority" in data:
        fields["priority"] = _integer("priority", data["priority"], PRIORITIES)
    for name in ("responder_id", "group_id"):
        if data.get(name) is not None:
            fields[name] = _bounded(name, data[name], 1, ID_MAX)
    if data.get("type") is not None:
        fields["type"] = _string("type", data["type"], max_length=255)
    if "tags" in data:
        fields["tags"] = _strings("tags", data["tags"])
    try:
        ticket_update_body(fields)
    except (TypeError, ValueError) as exc:
        raise _sdk_field(exc, UPDATE_FIELDS) from None
    return fields


def text_to_html(text: str) -> str:
    """Return plain *text* as the HTML Freshdesk takes: escaped, its line breaks kept."""
    return "<br>".join(html.escape(line, quote=False) for line in text.splitlines())


def parse_addition(kind: Kind, body: object, files: Sequence[Attachment] = ()) -> dict[str, Any]:
    """Return the keyword arguments of ``fd.tickets.conversations.reply`` or ``.note``.

    *body* is the JSON body (or the form's fields, see :func:`form_values`):
    ``body`` is required, plain text, sent as HTML that shows it as typed.
    A reply takes ``cc_emails`` and ``bcc_emails``; a note ``private``
    (default ``true``) and ``notify_emails``. *files* go along as
    ``attachments``; the SDK's checks run on all of it here.

    Raises:
        AdapterError: naming the field at fault (400).
    """
    names = REPLY_FIELDS if kind == "reply" else NOTE_FIELDS
    data = _object(body, names)
    fields: dict[str, Any] = dict(data)
    fields["body"] = text_to_html(_string("body", _required(data, "body")))
    for name in ("cc_emails", "bcc_emails", "notify_emails"):
        if name in data:
            fields[name] = _strings(name, data[name])
    if kind == "note":
        private = data.get("private", True)
        if not isinstance(private, bool):
            raise AdapterError.field(
                "private", "private must be true or false", code="datatype_mismatch"
            )
        fields["private"] = private
    try:
        sent = conversation_body(
            kind,
            {name: fields.get(name, NOT_GIVEN) for name in names},
            _RULES[kind],
            with_files=bool(files),
        )
        attachments_for(sent, list(files) if files else NOT_GIVEN)
    except (TypeError, ValueError) as exc:
        raise _sdk_field(exc, (*names, "attachments")) from None
    if files:
        fields["attachments"] = list(files)
    return fields


def _bool_field(name: str, value: str) -> bool:
    text = value.strip().lower()
    if text not in ("true", "false"):
        raise AdapterError.field(
            name, f"{name} must be true or false, not {value[:20]!r}", code="datatype_mismatch"
        )
    return text == "true"


def form_values(kind: Kind, form: MultipartForm) -> dict[str, Any]:
    """Return the form's text fields as the JSON body they stand for.

    A list field is sent as repeated parts, named ``cc_emails[]`` (Freshdesk's
    naming) or ``cc_emails``; ``private`` as ``true`` or ``false``.

    Raises:
        AdapterError: an unknown or repeated field, a file where text belongs,
            a bad ``private`` (400).
    """
    spec = _FORMS[kind]
    values: dict[str, Any] = {}
    for name, value in form.fields:
        if name in FILE_FIELDS:
            raise AdapterError.field(
                "attachments",
                f"{name} parts must be files (with a filename)",
                code="datatype_mismatch",
            )
        base = name.removesuffix("[]")
        field_kind = spec.get(base)
        if field_kind is None or (field_kind != "list" and base != name):
            raise AdapterError.field(
                name[:40], f"{name[:40]} is not a field of this request", code="invalid_field"
            )
        if field_kind == "list":
            values.setdefault(base, []).append(value)
            continue
        if base in values:
            raise AdapterError.field(base, f"{base} is given more than once", code="invalid_field")
        values[base] = _bool_field(base, value) if field_kind == "bool" else value
    for item in form.files:
        if item.field not in FILE_FIELDS:
            raise AdapterError.field(
                item.field[:40],
                f"{item.field[:40]} must be a text field; files go in attachments[] parts",
                code="datatype_mismatch",
            )
    return values


def form_files(form: MultipartForm) -> list[Attachment]:
    """Return the form's files for the SDK, each with a usable name and content type.

    Raises:
        AdapterError: a file without a name, or with control characters in its
            name or content type (400).
    """
    files: list[Attachment] = []
    for item in form.files:
        name = item.filename.strip()
        if not name or len(name) > 255 or _CONTROL.search(name):
            raise AdapterError.field(
                "attachments",
                "attachments: each file needs a name of 1 to 255 characters without "
                "control characters",
            )
        if len(item.content_type) > 200 or not _MEDIA.fullmatch(item.content_type.strip()):
            raise AdapterError.field(
                "attachments",
                f"attachments: {item.content_type[:60]!r} is not a content type (type/subtype)",
            )
        files.append((name, item.file, item.content_type.strip()))
    return files
