"""Attachments to upload, checked before anything is sent, and the multipart form they travel in.

Freshdesk takes files as ``multipart/form-data``, one part per file named
``attachments[]``, with every other field as an ordinary form field
(docs/freshdesk-api-notes.md#attachments): a list as repeated ``name[]``
fields, ``custom_fields`` as ``custom_fields[cf_name]`` fields. Sending
``custom_fields`` or ``tags`` as one JSON-looking text field beside the files
is the mistake that makes other clients lose them.

A file is given as a path, an open binary file, or a ``(filename, content)``
or ``(filename, content, content_type)`` tuple whose content is ``bytes`` or
an open binary file. Files are streamed from disk or from the file object when
the request is sent, never read whole into memory; a file object is read from
where it stood when it was given, and read again from there on a retry.
"""

from __future__ import annotations

import contextlib
import io
import mimetypes
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Final, TypeAlias

import attrs

from .._types import JSONValue, NotGiven

__all__ = [
    "MAX_ATTACHMENTS_BYTES",
    "FileContent",
    "FileInput",
    "Upload",
    "attachments_for",
    "form_fields",
    "prepare_uploads",
]

MAX_ATTACHMENTS_BYTES: Final = 20 * 1024 * 1024
"""Freshdesk's limit on the attachments of one ticket or conversation request
(docs/freshdesk-api-notes.md#attachments)."""

FileContent: TypeAlias = bytes | IO[bytes]
FileInput: TypeAlias = (
    str | os.PathLike[str] | IO[bytes] | tuple[str, FileContent] | tuple[str, FileContent, str]
)
"""A file to attach: a path, an open binary file, or ``(filename, content[, content_type])``."""

_DEFAULT_TYPE: Final = "application/octet-stream"


@attrs.frozen
class Upload:
    """One file to send: its name, size, type, and where its bytes come from.

    Attributes:
        name: the file name Freshdesk shows.
        size: bytes that will be sent.
        content_type: the part's ``Content-Type``.
        source: a path (opened when the request is sent), a file object, or bytes.
        start: where a file object's content starts (it is read from here on every attempt).
    """

    name: str
    size: int
    content_type: str
    source: Path | IO[bytes] | bytes = attrs.field(repr=False)
    start: int = 0

    @contextlib.contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """Yield a binary stream of the content, from its start (the caller reads it once)."""
        if isinstance(self.source, Path):
            with self.source.open("rb") as handle:
                yield handle
        elif isinstance(self.source, bytes):
            yield io.BytesIO(self.source)
        else:
            self.source.seek(self.start)
            yield self.source


def _content_type(name: str) -> str:
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or _DEFAULT_TYPE


def _stream_size(stream: IO[bytes], where: str) -> tuple[int, int]:
    """Return ``(start, size)`` of a file object's remaining content, without reading it."""
    try:
        start = stream.tell()
        end = stream.seek(0, os.SEEK_END)
        stream.seek(start)
    except (OSError, ValueError, AttributeError) as exc:
        raise ValueError(
            f"{where}: the file object must be seekable (its size is checked against "
            "Freshdesk's 20 MB limit before sending, and a retry reads it again)"
        ) from exc
    return start, end - start


def _one(item: object, where: str) -> Upload:
    if isinstance(item, str | os.PathLike):
        path = Path(item)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise ValueError(f"{where}: cannot read {str(path)!r}: {exc.strerror}") from exc
        if not path.is_file():
            raise ValueError(f"{where}: {str(path)!r} is not a file")
        return Upload(path.name, size, _content_type(path.name), path)
    if isinstance(item, tuple):
        if len(item) not in (2, 3) or not isinstance(item[0], str) or not item[0]:
            raise TypeError(f"{where}: a tuple must be (filename, content[, content_type])")
        name, content = item[0], item[1]
        content_type = item[2] if len(item) == 3 else _content_type(name)
        if not isinstance(content_type, str) or "/" not in content_type:
            raise ValueError(f"{where}: content_type must look like 'type/subtype'")
        if isinstance(content, bytes | bytearray):
            return Upload(name, len(content), content_type, bytes(content))
        if hasattr(content, "read"):
            start, size = _stream_size(content, where)
            return Upload(name, size, content_type, content, start)
        raise TypeError(f"{where}: content must be bytes or a binary file object")
    if hasattr(item, "read"):
        stream: IO[bytes] = item  # type: ignore[assignment]
        raw_name = getattr(stream, "name", None)
        if not isinstance(raw_name, str) or not raw_name:
            raise ValueError(
                f"{where}: this file object has no name; pass (filename, file) instead"
            )
        name = os.path.basename(raw_name)
        start, size = _stream_size(stream, where)
        return Upload(name, size, _content_type(name), stream, start)
    raise TypeError(
        f"{where}: expected a path, a binary file object or a (filename, content) tuple, "
        f"not {type(item).__name__}"
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def prepare_uploads(files: Sequence[FileInput], field: str = "attachments") -> tuple[Upload, ...]:
    """Check *files* and return them ready to stream.

    Raises:
        TypeError: an item is not a path, a file object or a ``(name, content)`` tuple.
        ValueError: a path cannot be read, a file object cannot be sized, or
            the files add up to more than Freshdesk's 20 MB.
    """
    if isinstance(files, str | bytes) or not isinstance(files, Sequence):
        raise TypeError(f"{field} must be a list of files, not {type(files).__name__}")
    uploads = tuple(_one(item, f"{field}[{index}]") for index, item in enumerate(files))
    total = sum(upload.size for upload in uploads)
    if total > MAX_ATTACHMENTS_BYTES:
        raise ValueError(
            f"{field}: {total:,} bytes ({_megabytes(total)}) in all; Freshdesk accepts at most "
            f"20 MB ({MAX_ATTACHMENTS_BYTES:,} bytes) of attachments per ticket or "
            "conversation request"
        )
    return uploads


def _text(value: JSONValue, name: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if value is None:
        raise ValueError(
            f"{name}: null cannot travel with attachments (a multipart form has no null); "
            "clear it in an update of its own"
        )
    raise TypeError(f"{name}: a {type(value).__name__} cannot be a form field")


def _list_fields(name: str, values: list[JSONValue]) -> list[tuple[str, str]]:
    if not values:
        raise ValueError(
            f"{name}: an empty list cannot travel with attachments (a multipart form has "
            "no empty list); send it in an update of its own"
        )
    return [(f"{name}[]", _text(value, name)) for value in values]


def form_fields(body: Mapping[str, JSONValue]) -> list[tuple[str, str]]:
    """Return a JSON body's fields as multipart form fields, in Freshdesk's naming.

    ``{"tags": ["a", "b"], "custom_fields": {"cf_plan": "pro"}, "priority": 2}``
    becomes ``tags[]=a``, ``tags[]=b``, ``custom_fields[cf_plan]=pro``,
    ``priority=2``.

    Raises:
        ValueError: a ``null`` or an empty list, which a form cannot carry.
        TypeError: an object nested deeper than ``custom_fields``' values.
    """
    fields: list[tuple[str, str]] = []
    for name, value in body.items():
        if isinstance(value, list):
            fields.extend(_list_fields(name, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                inner = f"{name}[{key}]"
                if isinstance(item, list):
                    fields.extend(_list_fields(inner, item))
                else:
                    fields.append((inner, _text(item, inner)))
        else:
            fields.append((name, _text(value, name)))
    return fields


def attachments_for(
    body: Mapping[str, JSONValue], attachments: Sequence[FileInput] | NotGiven
) -> tuple[Upload, ...]:
    """Return the files of a request, checked with the body that travels beside them.

    No files (``NOT_GIVEN`` or an empty list): ``()``, and the body goes as
    JSON. With files, the body must fit a multipart form: a ``null`` or an
    empty list raises now, before anything is sent.

    Raises:
        ValueError, TypeError: as :func:`prepare_uploads` and :func:`form_fields`.
    """
    if isinstance(attachments, NotGiven):
        return ()
    uploads = prepare_uploads(attachments)
    if uploads:
        form_fields(body)
    return uploads
