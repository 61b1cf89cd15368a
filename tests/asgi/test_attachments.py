"""Replies and notes as ``multipart/form-data`` with files: fields, files, limits, lost answers.

Every refusal comes before any request to Freshdesk, and every spooled file
is closed (and so deleted) when the request is over, whatever happened.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from freshdesk_atom.testing import FakeFreshdesk, FaultPlan

from .support import app_on, failed, generated, ok, serve, upstream

pytestmark = pytest.mark.anyio

MB20 = 20 * 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8  # binary, with CRLFs and dashes in it
BOUNDARY = "b0undary"


class Tracked(tempfile.SpooledTemporaryFile):  # type: ignore[type-arg]
    opened: list[Tracked] = []  # noqa: RUF012

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        Tracked.opened.append(self)


@pytest.fixture(autouse=True)
def spools(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Tracked]]:
    """Every spooled file the reader makes; each must be closed when its request is over."""
    Tracked.opened = []
    monkeypatch.setattr(tempfile, "SpooledTemporaryFile", Tracked)
    yield Tracked.opened
    assert all(spool.closed for spool in Tracked.opened), "a spooled file was left open"


@pytest.fixture
def fake() -> FakeFreshdesk:
    return generated(tickets=5, contacts=5, conversations=0)


def stored_files(fake: FakeFreshdesk, conversation_id: int) -> list[tuple[str, str, bytes]]:
    record = fake.state.conversations[conversation_id]
    return [
        (item["name"], item["content_type"], fake.state.attachment_data[item["id"]])
        for item in record["attachments"]
    ]


def form(*parts: tuple[str, str | None, bytes] | bytes, boundary: str = BOUNDARY) -> bytes:
    """Return a multipart body by hand: ``(name, filename, content)`` parts, or raw bytes."""
    out = b""
    for part in parts:
        if isinstance(part, bytes):
            out += part
            continue
        name, filename, content = part
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        out += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + content
        out += b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


HEADERS = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}


async def test_a_reply_with_files_and_repeated_fields(fake: FakeFreshdesk) -> None:
    files = [
        ("attachments[]", ("screen shot.png", PNG, "image/png")),
        ("attachments[]", ("notes.txt", b"line 1\r\n--b0undary\r\n", "text/plain")),
    ]
    data = {"body": "See the files.", "cc_emails[]": ["a@b.example", "c@d.example"]}
    async with serve(app_on(fake)) as client:
        reply = ok(await client.post("/tickets/1/reply", data=data, files=files), 201)
    assert reply["cc_emails"] == ["a@b.example", "c@d.example"]
    assert [(a["name"], a["size"]) for a in reply["attachments"]] == [
        ("screen shot.png", len(PNG)),
        ("notes.txt", 20),
    ]
    assert stored_files(fake, reply["id"]) == [
        ("screen shot.png", "image/png", PNG),
        ("notes.txt", "text/plain", b"line 1\r\n--b0undary\r\n"),
    ]


async def test_a_note_form_with_private_and_plain_list_names(fake: FakeFreshdesk) -> None:
    body = form(
        ("body", None, "Nächster Schritt".encode()),
        ("private", None, b"FALSE"),
        ("notify_emails", None, b"x@y.example"),
        ("attachments", "log.txt", b"ok"),
        ("attachments[]", "", b""),  # a browser's empty file input
    )
    async with serve(app_on(fake)) as client:
        note = ok(await client.post("/tickets/2/notes", content=body, headers=HEADERS), 201)
    assert (note["body"], note["private"]) == ("Nächster Schritt", False)
    assert [a["name"] for a in note["attachments"]] == ["log.txt"]
    assert stored_files(fake, note["id"])[0][1] == "application/octet-stream"


async def test_a_folder_in_a_filename_is_dropped(fake: FakeFreshdesk) -> None:
    body = form(("body", None, b"x"), ("attachments[]", "C:\\Users\\me\\..\\secret.txt", b"1"))
    async with serve(app_on(fake)) as client:
        note = ok(await client.post("/tickets/2/notes", content=body, headers=HEADERS), 201)
    assert note["attachments"][0]["name"] == "secret.txt"


async def test_files_over_20_mb_are_refused_while_read(fake: FakeFreshdesk) -> None:
    files = [
        ("attachments[]", ("a.bin", b"a" * (MB20 // 2), "application/octet-stream")),
        ("attachments[]", ("b.bin", b"b" * (MB20 // 2 + 1), "application/octet-stream")),
    ]
    async with serve(app_on(fake)) as client:
        error = failed(
            await client.post("/tickets/1/reply", data={"body": "x"}, files=files),
            413,
            "attachments_too_large",
        )
        exactly = ok(
            await client.post(
                "/tickets/1/notes",
                data={"body": "x"},
                files=[("attachments[]", ("c.bin", b"c" * MB20, "application/octet-stream"))],
            ),
            201,
        )
    assert "20 MB" in error["message"]
    assert exactly["attachments"][0]["size"] == MB20
    assert upstream(fake, "POST /tickets/{id}/reply") == 0


async def test_a_body_over_max_upload_bytes_is_413_whatever_it_declares(
    fake: FakeFreshdesk,
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'--b0undary\r\nContent-Disposition: form-data; name="attachments[]"; filename="a"'
        yield b"\r\n\r\n"
        for _ in range(10):
            yield b"z" * 1024

    app = app_on(fake, max_upload_bytes=4096)
    big = form(("body", None, b"x"), ("attachments[]", "a.bin", b"a" * 5000))
    async with serve(app) as client:
        declared = failed(
            await client.post("/tickets/1/reply", content=big, headers=HEADERS),
            413,
            "body_too_large",
        )
        lying = failed(
            await client.post(
                "/tickets/1/reply",
                content=b"x",
                headers={**HEADERS, "content-length": "999999999999"},
            ),
            413,
            "body_too_large",
        )
        streamed = failed(
            await client.post("/tickets/1/reply", content=chunks(), headers=HEADERS),
            413,
            "body_too_large",
        )
    for error in (declared, lying, streamed):
        assert "4096" in error["message"]
    assert upstream(fake) == 0


@pytest.mark.parametrize(
    "parts",
    [
        [("body", None, b"x" * 200)],
        [("body", None, b"x" * 40), *[("cc_emails[]", None, b"a@bcdefghijklm.example")] * 3],
    ],
)
async def test_text_fields_over_max_body_bytes_in_all_are_413(
    fake: FakeFreshdesk, parts: list[tuple[str, str | None, bytes]]
) -> None:
    async with serve(app_on(fake, max_body_bytes=100)) as client:
        error = failed(
            await client.post("/tickets/1/reply", content=form(*parts), headers=HEADERS),
            413,
            "body_too_large",
        )
    assert "100 bytes in all" in error["message"]
    assert upstream(fake) == 0


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        (form(("attachments[]", "a.txt", b"1")), "missing_field", "body"),
        (form(("body", None, b"x"), ("body", None, b"y")), "invalid_field", "body"),
        (form(("body", None, b"x"), ("user_id", None, b"1")), "invalid_field", "user_id"),
        (form(("body", None, b"x"), ("body[]", None, b"y")), "invalid_field", "body[]"),
        (form(("body", "body.txt", b"x")), "datatype_mismatch", "body"),
        (form(("body", None, b"x"), ("attachments[]", None, b"1")), "datatype_mismatch", None),
        (form(("body", None, b"x"), ("attachments[]", "", b"1")), "invalid_value", None),
        (form(("body", None, b"x"), ("attachments[]", "a\x01b", b"1")), "invalid_value", None),
        (form(("body", None, b"\xff\xfe")), "invalid_value", "body"),
        (form(("body", None, b"x"), ("cc_emails[]", None, b"nope")), "invalid_value", None),
        (form(("body", None, b"x"), ("private", None, b"yes")), "invalid_field", "private"),
    ],
)
async def test_bad_forms_never_reach_freshdesk(
    fake: FakeFreshdesk, body: bytes, code: str, field: str | None
) -> None:
    async with serve(app_on(fake)) as client:
        error = failed(await client.post("/tickets/1/reply", content=body, headers=HEADERS), 400)
    assert error["code"] == code, error
    if field is not None:
        assert error["details"][0]["field"] == field
    assert error["details"][0]["field"] in error["message"]
    assert upstream(fake) == 0


async def test_a_bad_note_flag_in_a_form(fake: FakeFreshdesk) -> None:
    body = form(("body", None, b"x"), ("private", None, b"yes"))
    async with serve(app_on(fake)) as client:
        error = failed(
            await client.post("/tickets/1/notes", content=body, headers=HEADERS),
            400,
            "datatype_mismatch",
        )
    assert error["details"][0]["field"] == "private"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (form(("body", None, b"x")), "multipart/form-data"),
        (form(("body", None, b"x")), "multipart/form-data; boundary=" + "x" * 71),
        (form(("body", None, b"x")), 'multipart/form-data; boundary="a\x01b"'),
        (form(("body", None, b"x"))[:-4], f"multipart/form-data; boundary={BOUNDARY}"),
        (b"", f"multipart/form-data; boundary={BOUNDARY}"),
        (b"--b0undary\r\nno colon here\r\n\r\nx\r\n--b0undary--", HEADERS["content-type"]),
        (b"--b0undary\r\nContent-Type: text/plain\r\n\r\nx\r\n--b0undary--", HEADERS["content-type"]),
        (b'--b0undary\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b0undary--', HEADERS["content-type"]),
        (b"--b0undary\r\nContent-Disposition: form-data; name=body" + b" " * 9000, HEADERS["content-type"]),
        (b"--b0undaryXX\r\n", HEADERS["content-type"]),
        (form(*[("cc_emails[]", None, b"a@b.example")] * 201), HEADERS["content-type"]),
    ],
)  # fmt: skip
async def test_malformed_multipart_is_400(
    fake: FakeFreshdesk, body: bytes, content_type: str
) -> None:
    async with serve(app_on(fake)) as client:
        error = failed(
            await client.post(
                "/tickets/1/reply", content=body, headers={"content-type": content_type}
            ),
            400,
            "invalid_multipart",
        )
    assert error["message"].startswith("the multipart body is malformed")
    assert upstream(fake) == 0


async def test_an_upstream_failure_after_the_form_still_closes_every_file(
    fake: FakeFreshdesk, spools: list[Tracked]
) -> None:
    body = form(("body", None, b"x"), ("attachments[]", "a.txt", b"1"))
    async with serve(app_on(fake)) as client:
        failed(await client.post("/tickets/999/notes", content=body, headers=HEADERS), 404)
    assert len(spools) == 1


async def test_a_lost_answer_with_files_is_recovered(fake: FakeFreshdesk) -> None:
    fake.faults = FaultPlan.once("drop", method="POST", path="/tickets/3/notes", when="after")
    body = form(("body", None, b"with a file"), ("attachments[]", "a.txt", b"1"))
    async with serve(app_on(fake)) as client:
        response = await client.post("/tickets/3/notes", content=body, headers=HEADERS)
    note = ok(response, 201)
    assert response.json()["recovered"] is True
    assert [a["name"] for a in note["attachments"]] == ["a.txt"]
    assert len(fake.state.thread(3)) == 1
