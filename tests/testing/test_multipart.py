"""Multipart bodies: splitting them, reading form field names, typing their values (docs/freshdesk-api-notes.md#attachments)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from freshdesk_atom.testing import CustomField
from freshdesk_atom.testing._form import FieldKind, form_body, form_value, split_name
from freshdesk_atom.testing._multipart import (
    FormPart,
    MultipartError,
    boundary_of,
    parse_multipart,
)

from ._support import multipart

CUSTOM = {
    "cf_vip": CustomField("checkbox"),
    "cf_seats": CustomField("number"),
    "cf_ratio": CustomField("decimal"),
    "cf_region": CustomField("dropdown", ("EMEA", "APAC")),
    "cf_note": CustomField("text"),
}
SCHEMA: dict[str, FieldKind] = {
    "priority": "integer",
    "private": "boolean",
    "tags": "strings",
    "custom_fields": "object",
}


def _parts(data: Any, files: Any = None) -> list[FormPart]:
    """Return the parts of the multipart request httpx builds (with files) or :func:`multipart`."""
    if files:
        request = httpx.Request("POST", "https://x.example/", data=data, files=files)
        content_type, body = request.headers["content-type"], request.read()
    else:
        pairs = [
            (name, item)
            for name, value in data.items()
            for item in (value if isinstance(value, list) else [value])
        ]
        headers, body = multipart(pairs)
        content_type = headers["Content-Type"]
    boundary = boundary_of(content_type)
    assert boundary is not None
    return parse_multipart(body, boundary)


# ---------------------------------------------------------------- splitting a body


def test_parts_come_back_byte_for_byte_in_order() -> None:
    binary = bytes(range(256)) * 3 + b"\r\n--not-a-boundary\r\n\r\n"
    parts = _parts(
        {"subject": "Straße ✓", "tags[]": ["a", "b"]},
        [("attachments[]", ("dump.bin", binary, "application/octet-stream"))],
    )
    assert [(p.name, p.filename) for p in parts] == [
        ("subject", None),
        ("tags[]", None),
        ("tags[]", None),
        ("attachments[]", "dump.bin"),
    ]
    assert parts[0].text() == "Straße ✓"
    assert parts[3].data == binary
    assert parts[3].content_type == "application/octet-stream"
    assert parts[3].is_file
    assert parts[3].size == len(binary)


@pytest.mark.parametrize(
    ("header", "boundary"),
    [
        ("multipart/form-data; boundary=abc", "abc"),
        ('multipart/form-data; boundary="a b;c"', "a b;c"),
        ("multipart/form-data; charset=utf-8; BOUNDARY=x1", "x1"),
        ("multipart/form-data", None),
        ("multipart/form-data; boundary=", None),
    ],
)
def test_boundary_of(header: str, boundary: str | None) -> None:
    assert boundary_of(header) == boundary


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"no boundary at all", "does not start"),
        (b'--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue', "not closed"),
        (b"--b\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--b--", "without a name"),
        (b"--b\r\nContent-Type: text/plain\r\n\r\nvalue\r\n--b--", "form-data"),
        (b'--b\r\nContent-Disposition: form-data; name="a"', "headers do not end"),
        (b"--b\r\nbroken header\r\n\r\nvalue\r\n--b--", "colon"),
    ],
)
def test_malformed_bodies_are_refused(body: bytes, problem: str) -> None:
    with pytest.raises(MultipartError, match=problem):
        parse_multipart(body, "b")


def test_part_headers_filenames() -> None:
    body = (
        b"--b\r\n"
        b'Content-Disposition: form-data; name="attachments[]"; filename="say %22hi%22.txt"\r\n'
        b"\r\nx\r\n--b\r\n"
        b"Content-Disposition: form-data; name=\"attachments[]\"; filename*=utf-8''na%C3%AFve.txt\r\n"
        b"\r\ny\r\n--b\r\n"
        b'Content-Disposition: form-data; name="empty"\r\n\r\n\r\n--b--\r\nepilogue'
    )
    parts = parse_multipart(body, "b")
    assert [p.filename for p in parts] == ['say "hi".txt', "naïve.txt", None]
    assert parts[2].data == b""


# ---------------------------------------------------------------- names and values


@pytest.mark.parametrize(
    ("name", "shape"),
    [
        ("subject", ("subject", None, False)),
        ("tags[]", ("tags", None, True)),
        ("custom_fields[cf_x]", ("custom_fields", "cf_x", False)),
        ("custom_fields[cf_x][]", ("custom_fields", "cf_x", True)),
        ("a[b][c]", None),
        ("tags[][]", None),
        ("[x]", None),
    ],
)
def test_split_name(name: str, shape: tuple[str, str | None, bool] | None) -> None:
    assert split_name(name) == shape


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("2", "integer", 2),
        ("-7", "integer", -7),
        ("", "integer", None),
        ("two", "integer", "two"),
        ("2.5", "integer", "2.5"),
        ("true", "boolean", True),
        ("false", "boolean", False),
        ("True", "boolean", "True"),
        ("", "boolean", None),
        ("1.5", "decimal", 1.5),
        ("3", "decimal", 3),
        ("3.0", "decimal", 3.0),
        ("x", "decimal", "x"),
        ("", "string", ""),
        ("42", "string", "42"),
    ],
)
def test_form_value(text: str, kind: Any, value: Any) -> None:
    converted = form_value(text, kind)
    assert converted == value
    assert type(converted) is type(value)


@pytest.mark.parametrize(
    ("fields", "body"),
    [
        ({"subject": "Hi", "priority": "3"}, {"subject": "Hi", "priority": 3}),
        ({"priority": "high"}, {"priority": "high"}),  # stays text: datatype_mismatch later
        ({"tags[]": ["a", "2"]}, {"tags": ["a", "2"]}),
        ({"tags": "a"}, {"tags": "a"}),  # a lone string, as JSON would send: refused later
        ({"private": "false"}, {"private": False}),
        (
            {
                "custom_fields[cf_vip]": "true",
                "custom_fields[cf_seats]": "12",
                "custom_fields[cf_ratio]": "0.5",
                "custom_fields[cf_region]": "EMEA",
                "custom_fields[cf_note]": "007",
            },
            {
                "custom_fields": {
                    "cf_vip": True,
                    "cf_seats": 12,
                    "cf_ratio": 0.5,
                    "cf_region": "EMEA",
                    "cf_note": "007",
                }
            },
        ),
        ({"custom_fields[cf_seats]": ""}, {"custom_fields": {"cf_seats": None}}),
        ({"custom_fields[cf_note]": ""}, {"custom_fields": {"cf_note": ""}}),
        ({"custom_fields[cf_seats]": "many"}, {"custom_fields": {"cf_seats": "many"}}),
        ({"custom_fields[cf_unknown]": "1"}, {"custom_fields": {"cf_unknown": "1"}}),
        ({"custom_fields[cf_x][]": ["1", "2"]}, {"custom_fields": {"cf_x": ["1", "2"]}}),
        ({"odd[a][b]": "1"}, {"odd[a][b]": "1"}),
        ({"colour": "red"}, {"colour": "red"}),
    ],
)
def test_form_body_types_fields_like_json(fields: dict[str, Any], body: dict[str, Any]) -> None:
    assert form_body(_parts(fields), SCHEMA, CUSTOM) == body


def test_form_body_collects_files() -> None:
    parts = _parts(
        {"body": "<p>Hi</p>", "attachments[]": "not a file"},
        [
            ("attachments[]", ("a.txt", b"A", "text/plain")),
            ("attachments[]", ("b.png", b"B", "image/png")),
            ("subject", ("c.txt", b"C", "text/plain")),
        ],
    )
    body = form_body(parts, SCHEMA, CUSTOM)
    text, first, second = body["attachments"]
    assert text == "not a file"
    assert (first.filename, first.data, second.filename) == ("a.txt", b"A", "b.png")
    assert isinstance(body["subject"], FormPart)  # a file where text belongs: refused later
