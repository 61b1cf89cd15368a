"""Read a ``multipart/form-data`` request as it streams in, within fixed bounds.

The reply and note routes take attachments this way (docs/adapter.md). The
form is read from the request stream chunk by chunk: text fields are kept in
memory up to ``max_text_bytes`` in all, files go to spooled temporary files
(in memory up to 1 MiB, then on disk), and reading stops with a 413 the
moment the body passes ``max_bytes`` or the files pass Freshdesk's 20 MB,
whatever ``Content-Length`` says. Nothing is ever held whole in memory, and
nothing reaches Freshdesk before the whole form has been read and checked.

It reads what HTTP clients send (RFC 7578): parts separated by
``CRLF--boundary``, each with ``Content-Disposition: form-data; name="..."``
(plus ``filename="..."`` for a file) and an optional ``Content-Type``.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import AsyncIterator
from typing import IO, Final
from urllib.parse import unquote

import attrs

from .._core.uploads import MAX_ATTACHMENTS_BYTES
from ._envelope import AdapterError

__all__ = ["FormFile", "MultipartForm", "boundary_of", "read_multipart"]

_BOUNDARY: Final = re.compile(r"[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]")
"""RFC 2046 section 5.1.1: 1 to 70 characters of this set, not ending in a space."""
_PARAM: Final = re.compile(r';\s*([A-Za-z0-9_.*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)', re.DOTALL)
_SPOOL_BYTES: Final = 1024 * 1024
MAX_HEADER_BYTES: Final = 8 * 1024
"""The headers of one part."""
MAX_PARTS: Final = 200


def _bad(message: str) -> AdapterError:
    return AdapterError(400, "invalid_multipart", f"the multipart body is malformed: {message}")


@attrs.frozen
class FormFile:
    """One file of the form, spooled; the reader closes it (see :meth:`MultipartForm.close`).

    Attributes:
        field: the part's name (``attachments[]``).
        filename: the name the client gave, without any folder part.
        content_type: the part's ``Content-Type`` (``application/octet-stream`` when none).
        size: bytes.
        file: the content, positioned at its start.
    """

    field: str
    filename: str
    content_type: str
    size: int
    file: IO[bytes] = attrs.field(repr=False, eq=False)


@attrs.define
class MultipartForm:
    """The text fields (in order, repeats kept) and the files of one form."""

    fields: list[tuple[str, str]] = attrs.Factory(list)
    files: list[FormFile] = attrs.Factory(list)

    def close(self) -> None:
        """Close (and so delete) every spooled file."""
        for item in self.files:
            item.file.close()


def boundary_of(content_type: str) -> str:
    """Return the ``boundary`` of a ``multipart/form-data`` content type.

    Raises:
        AdapterError: no boundary, or one RFC 2046 does not allow (400).
    """
    boundary = _params(content_type).get("boundary", "")
    if not _BOUNDARY.fullmatch(boundary):
        raise _bad("the Content-Type needs a boundary of 1 to 70 plain characters")
    return boundary


def _params(header: str) -> dict[str, str]:
    """Return the ``; key=value`` parameters of a header value (keys lower-cased, quotes removed)."""
    found: dict[str, str] = {}
    for key, raw in _PARAM.findall(header):
        value = raw.strip()
        if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
            # Only \\ and \": a browser sends a Windows path's backslashes as they are.
            value = re.sub(r'\\([\\"])', r"\1", value[1:-1])
        found[key.lower()] = value
    return found


def _filename(params: dict[str, str]) -> str | None:
    extended = params.get("filename*")
    if extended is not None and "''" in extended:  # RFC 5987: utf-8''na%C3%AFve.txt
        charset, _, encoded = extended.partition("''")
        if charset.lower() not in ("utf-8", "us-ascii", "iso-8859-1"):
            raise _bad(f"a filename* in an unknown charset {charset[:20]!r}")
        name = unquote(encoded, encoding=charset, errors="replace")
    elif "filename" in params:
        # Browsers and httpx write a quote inside a filename as %22.
        name = params["filename"].replace("%22", '"')
    else:
        return None
    # Only the last path segment: a client may send its own folders.
    return re.split(r"[\\/]", name)[-1]


@attrs.frozen
class _Head:
    name: str
    filename: str | None
    content_type: str | None


def _head(block: bytes) -> _Head:
    headers: dict[str, str] = {}
    for line in block.split(b"\r\n"):
        if not line.strip():
            continue
        key, colon, value = line.partition(b":")
        if not colon:
            raise _bad("a part header has no colon")
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            text = value.decode("latin-1")
        headers[key.decode("latin-1").strip().lower()] = text.strip()
    disposition = headers.get("content-disposition", "")
    if disposition.split(";", 1)[0].strip().lower() != "form-data":
        raise _bad("a part has no Content-Disposition: form-data")
    params = _params(disposition)
    name = params.get("name")
    if not name:
        raise _bad("a part has no name")
    return _Head(name, _filename(params), headers.get("content-type"))


@attrs.define
class _Reader:
    """The parser's state while the body streams in."""

    max_text_bytes: int
    form: MultipartForm = attrs.Factory(MultipartForm)
    head: _Head | None = None
    text: bytearray = attrs.Factory(bytearray)
    spool: IO[bytes] | None = None
    size: int = 0
    text_bytes: int = 0
    files_bytes: int = 0
    parts: int = 0

    def start(self, head: _Head) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise _bad(f"more than {MAX_PARTS} parts")
        self.head, self.size = head, 0
        if head.filename is not None:
            self.spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115
            # Kept on the form at once, so that close() finds it whatever fails next.
            self.form.files.append(FormFile(head.name, head.filename, "", 0, self.spool))
        else:
            self.text = bytearray()

    def write(self, data: bytes | bytearray) -> None:
        if not data or self.head is None:
            return
        self.size += len(data)
        if self.spool is None:
            self.text_bytes += len(data)
            if self.text_bytes > self.max_text_bytes:
                raise AdapterError(
                    413,
                    "body_too_large",
                    f"the form's text fields must be at most {self.max_text_bytes} bytes in "
                    f"all (at {self.head.name[:40]!r})",
                )
            self.text.extend(data)
            return
        self.files_bytes += len(data)
        if self.files_bytes > MAX_ATTACHMENTS_BYTES:
            raise AdapterError(
                413,
                "attachments_too_large",
                f"attachments: Freshdesk accepts at most 20 MB ({MAX_ATTACHMENTS_BYTES:,} "
                "bytes) of files per reply or note",
            )
        self.spool.write(data)

    def finish(self) -> None:
        head = self.head
        if head is None:
            return
        if self.spool is not None:
            self.spool.seek(0)
            del self.form.files[-1]
            if head.filename or self.size:  # a browser's empty file input: no file at all
                content_type = head.content_type or "application/octet-stream"
                self.form.files.append(
                    FormFile(head.name, head.filename or "", content_type, self.size, self.spool)
                )
            else:
                self.spool.close()
        else:
            try:
                value = self.text.decode("utf-8")
            except UnicodeDecodeError:
                raise AdapterError.field(
                    head.name[:40], f"{head.name[:40]} is not UTF-8 text"
                ) from None
            self.form.fields.append((head.name, value))
        self.head, self.spool = None, None


async def read_multipart(
    chunks: AsyncIterator[bytes], boundary: str, *, max_bytes: int, max_text_bytes: int
) -> MultipartForm:
    """Read a form from *chunks*; the caller closes the answer's files.

    Raises:
        AdapterError: 400 ``invalid_multipart`` (malformed), 413
            ``body_too_large`` (the body over *max_bytes*, the text fields
            over *max_text_bytes* in all), 413 ``attachments_too_large``
            (files over 20 MB).
    """
    delimiter = b"\r\n--" + boundary.encode("latin-1")
    keep = len(delimiter) - 1
    # The leading CRLF lets the first delimiter be found like every other one.
    buffer = bytearray(b"\r\n")
    reader = _Reader(max_text_bytes)
    state = "preamble"
    received = 0
    try:
        async for chunk in chunks:
            received += len(chunk)
            if received > max_bytes:
                raise AdapterError(
                    413, "body_too_large", f"the body must be at most {max_bytes} bytes"
                )
            buffer.extend(chunk)
            state = _advance(buffer, state, delimiter, keep, reader)
            if state == "done":
                break
        if state != "done":
            raise _bad("the body ends before the closing boundary")
    except BaseException:
        reader.form.close()
        raise
    return reader.form


def _advance(buffer: bytearray, state: str, delimiter: bytes, keep: int, reader: _Reader) -> str:
    """Consume what *buffer* holds; return the state to go on from."""
    while True:
        if state in ("preamble", "content"):
            found = buffer.find(delimiter)
            if found < 0:
                safe = len(buffer) - keep
                if safe > 0:
                    if state == "content":
                        reader.write(buffer[:safe])
                    del buffer[:safe]
                return state
            if state == "content":
                reader.write(buffer[:found])
                reader.finish()
            del buffer[: found + len(delimiter)]
            state = "delimiter"
        elif state == "delimiter":
            if len(buffer) < 2:
                return state
            if buffer.startswith(b"--"):
                return "done"  # the closing delimiter; what follows is the epilogue
            end = buffer.find(b"\r\n")
            if end < 0:
                if len(buffer) > 256:
                    raise _bad("a boundary line is not followed by CRLF")
                return state
            if buffer[:end].strip(b" \t"):
                raise _bad("a boundary line is not followed by CRLF")
            del buffer[: end + 2]
            state = "head"
        else:
            if buffer.startswith(b"\r\n"):
                block, skip = b"", 2
            else:
                end = buffer.find(b"\r\n\r\n")
                if end < 0:
                    if len(buffer) > MAX_HEADER_BYTES:
                        raise _bad(f"a part's headers pass {MAX_HEADER_BYTES} bytes")
                    return state
                block, skip = bytes(buffer[:end]), end + 4
            if len(block) > MAX_HEADER_BYTES:
                raise _bad(f"a part's headers pass {MAX_HEADER_BYTES} bytes")
            reader.start(_head(block))
            del buffer[:skip]
            state = "content"
