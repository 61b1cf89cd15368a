"""Table tests of the attachments checks and the multipart form Freshdesk expects."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from freshdesk_atom._core.uploads import (
    MAX_ATTACHMENTS_BYTES,
    attachments_for,
    form_fields,
    prepare_uploads,
)
from freshdesk_atom._types import NOT_GIVEN


def test_paths_files_and_tuples_become_uploads_with_names_sizes_and_types(tmp_path: Path) -> None:
    path = tmp_path / "invoice.pdf"
    path.write_bytes(b"%PDF-1.7 ...")
    stream = io.BytesIO(b"..skip..payload")
    stream.seek(8)  # read from where the file object stands
    named = io.BytesIO(b"png!")
    named.name = "/somewhere/shot.png"
    uploads = prepare_uploads(
        [path, str(path), ("notes.txt", b"hello"), ("log", stream, "text/plain"), named]
    )
    assert [(u.name, u.size, u.content_type) for u in uploads] == [
        ("invoice.pdf", 12, "application/pdf"),
        ("invoice.pdf", 12, "application/pdf"),
        ("notes.txt", 5, "text/plain"),
        ("log", 7, "text/plain"),
        ("shot.png", 4, "image/png"),
    ]
    with uploads[3].open() as opened:
        assert opened.read() == b"payload"
    with uploads[3].open() as again:  # a retry reads the same bytes again
        assert again.read() == b"payload"
    with uploads[0].open() as from_disk:
        assert from_disk.read() == b"%PDF-1.7 ..."


@pytest.mark.parametrize(
    ("files", "error", "message"),
    [
        ("a.txt", TypeError, "attachments must be a list"),
        ([42], TypeError, r"attachments\[0\]: expected a path"),
        ([("", b"x")], TypeError, "a tuple must be"),
        ([("a", "text")], TypeError, "content must be bytes"),
        ([("a", b"x", "plain")], ValueError, "type/subtype"),
        ([io.BytesIO(b"x")], ValueError, "has no name"),
        (["/no/such/file.txt"], ValueError, r"attachments\[0\]: cannot read"),
    ],
)
def test_bad_attachments_are_refused_naming_the_item(
    files: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        prepare_uploads(files)


def test_more_than_20_mb_in_all_is_refused_naming_the_rule() -> None:
    half = b"x" * (MAX_ATTACHMENTS_BYTES // 2)
    assert len(prepare_uploads([("a", half), ("b", half)])) == 2  # exactly 20 MB: fine
    with pytest.raises(
        ValueError,
        match=r"attachments: 21,031,520 bytes \(20\.1 MB\) in all; Freshdesk accepts at most 20 MB",
    ):
        prepare_uploads([("a", half), ("b", half), ("c", b"x" * 60_000)])


def test_a_directory_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="is not a file"):
        prepare_uploads([tmp_path])


def test_an_unseekable_stream_is_refused_before_anything_is_sent() -> None:
    class Pipe(io.RawIOBase):
        name = "pipe.bin"

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def tell(self) -> int:
            raise OSError("not seekable")

    with pytest.raises(ValueError, match="must be seekable"):
        prepare_uploads([Pipe()])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"subject": "Printer", "priority": 2}, [("subject", "Printer"), ("priority", "2")]),
        ({"private": False}, [("private", "false")]),
        ({"tags": ["vip", "billing"]}, [("tags[]", "vip"), ("tags[]", "billing")]),
        (
            {"custom_fields": {"cf_plan": "pro", "cf_seats": 5, "cf_ok": True}},
            [
                ("custom_fields[cf_plan]", "pro"),
                ("custom_fields[cf_seats]", "5"),
                ("custom_fields[cf_ok]", "true"),
            ],
        ),
        (
            {"custom_fields": {"cf_multi": ["a", "b"]}},
            [("custom_fields[cf_multi][]", "a"), ("custom_fields[cf_multi][]", "b")],
        ),
        ({"amount": 1.5}, [("amount", "1.5")]),
    ],
)
def test_a_body_becomes_freshdesks_form_fields(body: Any, fields: list[tuple[str, str]]) -> None:
    assert form_fields(body) == fields


@pytest.mark.parametrize(
    ("body", "error", "message"),
    [
        ({"responder_id": None}, ValueError, "responder_id: null cannot travel with attachments"),
        ({"custom_fields": {"cf_x": None}}, ValueError, r"custom_fields\[cf_x\]: null"),
        ({"tags": []}, ValueError, "tags: an empty list cannot travel"),
        ({"custom_fields": {"cf_x": {"deep": 1}}}, TypeError, "cannot be a form field"),
    ],
)
def test_what_a_form_cannot_carry_is_refused(
    body: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        form_fields(body)


def test_attachments_for_checks_the_body_only_when_files_go() -> None:
    body: dict[str, Any] = {"responder_id": None}
    assert attachments_for(body, NOT_GIVEN) == ()
    assert attachments_for(body, []) == ()  # no files: the body goes as JSON, null and all
    with pytest.raises(ValueError, match="null cannot travel"):
        attachments_for(body, [("a.txt", b"a")])
