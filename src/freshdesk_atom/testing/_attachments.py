"""Attachments of tickets and conversations: the uploads a request carries, storing them, showing them.

docs/freshdesk-api-notes.md#attachments: files arrive as ``attachments[]``
parts of a ``multipart/form-data`` body, at most 20 MB in all per request;
tickets (view, create, update) and conversations show them as ``{id, name,
content_type, size, attachment_url, created_at, updated_at}``, where
``attachment_url`` is a pre-signed link that expires (signed afresh on every
read, see ``_attachment_links``; served by ``_downloads``).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable, Mapping
from typing import Any, Final

from ._attachment_links import LinkSigner
from ._call import Call, Settings
from ._form import ATTACHMENTS
from ._multipart import FormPart
from ._record_shapes import Record
from ._state import FakeState
from ._validate import Checker

__all__ = [
    "MAX_ATTACHMENTS_BYTES",
    "guess_type",
    "render_attachments",
    "signer_for",
    "store_uploads",
    "uploads_of",
]

MAX_ATTACHMENTS_BYTES: Final = 20 * 1024 * 1024
"""docs/freshdesk-api-notes.md#attachments: 20 MB in total per ticket or conversation request (assumed)."""

_MEGABYTE: Final = 1024 * 1024
# Unconfirmed wording (the notes give only the code invalid_size): modelled on the cumulative-size
# message of Freshdesk's own published code.
SIZE_MESSAGE: Final = "Total attachment(s) size is {size}MB, it should not exceed 20MB"
# Unconfirmed: the fake's words for a JSON "attachments" or a text part named attachments[].
NOT_FILES_MESSAGE: Final = "It should be an array of files sent as multipart/form-data"
DEFAULT_TYPE: Final = "application/octet-stream"


def guess_type(name: str) -> str:
    """Return the content type a file called *name* most likely has."""
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or DEFAULT_TYPE


def uploads_of(check: Checker) -> list[FormPart]:
    """Return the files of the request's ``attachments``, recording errors in *check*.

    A JSON body may carry ``"attachments": []`` (nothing to upload); anything
    else but files is ``datatype_mismatch``. More than 20 MB in all is
    ``invalid_size`` on ``attachments`` (docs/freshdesk-api-notes.md#attachments).
    """
    if ATTACHMENTS not in check.data:
        return []
    value = check.data[ATTACHMENTS]
    if not isinstance(value, list) or not all(
        isinstance(item, FormPart) and item.is_file for item in value
    ):
        check.add(ATTACHMENTS, NOT_FILES_MESSAGE, "datatype_mismatch")
        return []
    uploads: list[FormPart] = value
    total = sum(upload.size for upload in uploads)
    if total > MAX_ATTACHMENTS_BYTES:
        check.add(
            ATTACHMENTS, SIZE_MESSAGE.format(size=round(total / _MEGABYTE, 2)), "invalid_size"
        )
        return []
    return uploads


def store_uploads(state: FakeState, uploads: Iterable[FormPart], stamp: str) -> list[Record]:
    """Store each uploaded file; return their attachment objects, in upload order."""
    stored: list[Record] = []
    for upload in uploads:
        name = upload.filename or "file"
        content_type = upload.content_type or guess_type(name)
        stored.append(state.insert_attachment(stamp, name, content_type, upload.data))
    return stored


def signer_for(settings: Settings) -> LinkSigner:
    """Return the link signer of an account's *settings*."""
    return LinkSigner(settings.attachment_secret, settings.attachment_url_ttl)


def render_attachments(call: Call, records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Return attachment objects as a response shows them, each stored file with a fresh link.

    Attachments whose bytes the fake does not hold (the recorded samples'
    real ones) keep the ``attachment_url`` they were recorded with.
    """
    settings = call.settings
    signer = signer_for(settings)
    origin = settings.attachment_host or call.request.origin
    shown: list[dict[str, Any]] = []
    for record in records:
        item = dict(record)
        if item.get("id") in call.state.attachment_data:
            item["attachment_url"] = signer.url(origin, item["id"], item["name"], call.now)
        shown.append(item)
    return shown
