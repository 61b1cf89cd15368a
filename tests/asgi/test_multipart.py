"""The streaming ``multipart/form-data`` reader, alone: the same form however the bytes arrive."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Sequence

import anyio
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from freshdesk_atom.asgi._envelope import AdapterError
from freshdesk_atom.asgi._multipart import MultipartForm, boundary_of, read_multipart

BOUNDARY = "----form-boundary-7MA4YWxkTrZu0gW"
FILES = [
    # Almost the delimiter (a file may hold anything but the delimiter itself).
    ("attachments[]", ("a.bin", b"\r\n--" + BOUNDARY[:-1].encode() + b"\r\n" * 3, "image/png")),
    ("attachments[]", ("empty.txt", b"", "text/plain")),
    ("attachments[]", ("na\u00efve \u00e9t\u00e9.txt", b"-" * 300, "text/plain")),
]
FIELDS = {"body": "Hello\r\nthere --", "cc_emails[]": ["a@b.example", "c@d.example"]}


def encoded() -> bytes:
    """A form as httpx encodes it (the way most clients do)."""
    request = httpx.Request(
        "POST",
        "http://x/",
        data=FIELDS,
        files=FILES,
        headers={"content-type": f"multipart/form-data; boundary={BOUNDARY}"},
    )
    return request.read()


BODY = encoded()


def read(chunks: Sequence[bytes], **limits: int) -> MultipartForm:
    async def stream() -> AsyncIterator[bytes]:
        for chunk in chunks:
            yield chunk

    async def run() -> MultipartForm:
        return await read_multipart(
            stream(),
            BOUNDARY,
            max_bytes=limits.get("max_bytes", 1 << 20),
            max_text_bytes=limits.get("max_text_bytes", 1 << 16),
        )

    return anyio.run(run)


def summary(form: MultipartForm) -> tuple[list[tuple[str, str]], list[tuple[str, str, str, str]]]:
    files = [
        (item.field, item.filename, item.content_type, item.file.read().decode("latin-1"))
        for item in form.files
    ]
    form.close()
    return form.fields, files


EXPECTED = (
    [
        ("body", "Hello\r\nthere --"),
        ("cc_emails[]", "a@b.example"),
        ("cc_emails[]", "c@d.example"),
    ],
    [
        (name, filename, content_type, content.decode("latin-1"))
        for name, (filename, content, content_type) in FILES
    ],
)


def test_a_form_in_one_chunk() -> None:
    assert summary(read([BODY])) == EXPECTED


def test_a_form_byte_by_byte() -> None:
    assert summary(read([BODY[i : i + 1] for i in range(len(BODY))])) == EXPECTED


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=len(BODY)), max_size=12))
def test_a_form_cut_anywhere(cuts: list[int]) -> None:
    points = [0, *sorted(cuts), len(BODY)]
    chunks = [BODY[a:b] for a, b in itertools.pairwise(points)]
    assert summary(read(chunks)) == EXPECTED


def test_a_preamble_and_an_epilogue_are_ignored() -> None:
    body = b"ignore me\r\n" + BODY + b"and this"
    assert summary(read([body])) == EXPECTED


def test_spooled_files_are_closed_on_failure() -> None:
    opened: list[MultipartForm] = []

    async def stream() -> AsyncIterator[bytes]:
        yield BODY[: len(BODY) // 2]
        raise AdapterError(400, "x", "cut")

    async def run() -> None:
        form = await read_multipart(stream(), BOUNDARY, max_bytes=1 << 20, max_text_bytes=100)
        opened.append(form)

    with pytest.raises(AdapterError):
        anyio.run(run)
    assert opened == []


@pytest.mark.parametrize(
    ("limits", "status", "code"),
    [
        ({"max_bytes": len(BODY) - 1}, 413, "body_too_large"),
        ({"max_text_bytes": 5}, 413, "body_too_large"),
    ],
)
def test_limits(limits: dict[str, int], status: int, code: str) -> None:
    with pytest.raises(AdapterError) as caught:
        read([BODY], **limits)
    assert (caught.value.status_code, caught.value.code) == (status, code)


@pytest.mark.parametrize(
    ("content_type", "boundary"),
    [
        ("multipart/form-data; boundary=abc", "abc"),
        ('multipart/form-data; boundary="a b:c"', "a b:c"),
        ("multipart/form-data; charset=utf-8; boundary=x", "x"),
    ],
)
def test_boundaries(content_type: str, boundary: str) -> None:
    assert boundary_of(content_type) == boundary


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=" + "a" * 71,
        'multipart/form-data; boundary="ends in space "',
        "multipart/form-data; boundary=a\u00e9",
    ],
)
def test_bad_boundaries(content_type: str) -> None:
    with pytest.raises(AdapterError) as caught:
        boundary_of(content_type)
    assert caught.value.code == "invalid_multipart"
