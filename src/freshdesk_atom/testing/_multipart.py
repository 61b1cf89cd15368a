"""Split a ``multipart/form-data`` request body into its parts (docs/freshdesk-api-notes.md#attachments).

A small hand parser, exact about bytes: a file part's content comes back
byte for byte as sent (the stdlib ``email`` parser may rewrite the line
endings of text parts). It reads what HTTP clients send (RFC 7578): parts
separated by ``CRLF--boundary``, each with ``Content-Disposition: form-data;
name="..."`` (plus ``filename="..."`` for a file) and an optional
``Content-Type``. What the parts mean (``tags[]``, ``custom_fields[cf_x]``,
``attachments[]``) is :mod:`._form`'s business.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import unquote

import attrs

__all__ = ["FormPart", "MultipartError", "boundary_of", "media_type", "parse_multipart"]

_PARAM_RE: Final = re.compile(r';\s*([A-Za-z0-9_.*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)', re.DOTALL)


class MultipartError(ValueError):
    """The body is not a well-formed ``multipart/form-data`` body."""


@attrs.frozen
class FormPart:
    """One part of a form: a field (``filename`` is ``None``) or a file.

    Attributes:
        name: the part's form field name, e.g. ``tags[]`` or ``attachments[]``.
        data: the part's content, byte for byte.
        filename: the file's name when the part is a file.
        content_type: the part's ``Content-Type`` when it has one.
    """

    name: str
    data: bytes = attrs.field(repr=False)
    filename: str | None = None
    content_type: str | None = None

    @property
    def is_file(self) -> bool:
        """Whether the part is a file (it has a ``filename``)."""
        return self.filename is not None

    @property
    def size(self) -> int:
        """Return the content's size in bytes."""
        return len(self.data)

    def text(self) -> str:
        """Return the content as text (UTF-8, undecodable bytes replaced)."""
        return self.data.decode("utf-8", "replace")


def _params(header: str) -> dict[str, str]:
    """Return the ``; key=value`` parameters of a header value (keys lower-cased, quotes removed)."""
    found: dict[str, str] = {}
    for key, raw in _PARAM_RE.findall(header):
        value = raw.strip()
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        found[key.lower()] = value
    return found


def media_type(content_type: str) -> str:
    """Return the lower-cased media type of a ``Content-Type`` value (no parameters)."""
    return content_type.split(";", 1)[0].strip().lower()


def boundary_of(content_type: str) -> str | None:
    """Return the ``boundary`` parameter of a ``multipart/form-data`` content type."""
    boundary = _params(content_type).get("boundary")
    return boundary or None


def _filename(params: dict[str, str]) -> str | None:
    extended = params.get("filename*")
    if extended is not None and "''" in extended:  # RFC 5987: utf-8''na%C3%AFve.txt
        charset, _, encoded = extended.partition("''")
        return unquote(encoded, encoding=charset or "utf-8", errors="replace")
    plain = params.get("filename")
    # Browsers and httpx write a quote inside a filename as %22.
    return None if plain is None else plain.replace("%22", '"')


def _part(head: bytes, content: bytes) -> FormPart:
    headers: dict[str, str] = {}
    for line in head.split(b"\r\n"):
        if not line.strip():
            continue
        name, colon, value = line.partition(b":")
        if not colon:
            raise MultipartError(f"a part header without a colon: {line[:60]!r}")
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            text = value.decode("latin-1")
        headers[name.decode("latin-1").strip().lower()] = text.strip()
    disposition = headers.get("content-disposition", "")
    if media_type(disposition) != "form-data":
        raise MultipartError("a part without Content-Disposition: form-data")
    params = _params(disposition)
    if "name" not in params:
        raise MultipartError("a part without a name")
    return FormPart(
        name=params["name"],
        data=content,
        filename=_filename(params),
        content_type=headers.get("content-type"),
    )


def parse_multipart(body: bytes, boundary: str) -> list[FormPart]:
    """Return the parts of *body*, in order.

    Raises:
        MultipartError: the boundary is missing, a part is cut short, or a
            part has no ``Content-Disposition: form-data`` with a ``name``.
    """
    delimiter = b"--" + boundary.encode("latin-1")
    start = body.find(delimiter)
    if start < 0 or (start > 0 and body[start - 2 : start] != b"\r\n"):
        raise MultipartError("the body does not start with the boundary")
    position = start + len(delimiter)
    parts: list[FormPart] = []
    while True:
        if body.startswith(b"--", position):
            return parts  # the closing delimiter; anything after it is the epilogue
        line_end = body.find(b"\r\n", position)
        if line_end < 0 or body[position:line_end].strip(b" \t"):
            raise MultipartError("a boundary line is not followed by CRLF")
        head_start = line_end + 2
        if body.startswith(b"\r\n", head_start):
            head_end, content_start = head_start, head_start + 2
        else:
            head_end = body.find(b"\r\n\r\n", head_start)
            if head_end < 0:
                raise MultipartError("a part's headers do not end")
            content_start = head_end + 4
        content_end = body.find(b"\r\n" + delimiter, content_start)
        if content_end < 0:
            raise MultipartError("the last part is not closed by the boundary")
        parts.append(_part(body[head_start:head_end], body[content_start:content_end]))
        position = content_end + 2 + len(delimiter)
