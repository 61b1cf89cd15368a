"""The crash-safe files: atomic replacement, the checkpoint file, the truncating appender."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from freshdesk_atom.export._files import (
    JsonlAppender,
    atomic_write_bytes,
    checkpoint_path,
    partial_path,
    read_checkpoint,
    write_checkpoint,
)


def test_the_side_files_sit_beside_the_output(tmp_path: Path) -> None:
    out = tmp_path / "tickets.jsonl"
    assert partial_path(out) == tmp_path / "tickets.jsonl.partial"
    assert checkpoint_path(out) == tmp_path / "tickets.jsonl.checkpoint.json"


def test_atomic_write_replaces_the_whole_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    atomic_write_bytes(target, b"first, and longer than the second")
    atomic_write_bytes(target, b"second")
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_a_failed_atomic_write_keeps_the_old_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "state.json"
    atomic_write_bytes(target, b"old")

    def crash(src: object, dst: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk gone"):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_checkpoints_round_trip_and_a_missing_one_is_none(tmp_path: Path) -> None:
    path = tmp_path / "x.checkpoint.json"
    assert read_checkpoint(path) is None
    write_checkpoint(path, {"offset": 12, "cursor": {"page": 3}})
    assert read_checkpoint(path) == {"offset": 12, "cursor": {"page": 3}}
    assert json.loads(path.read_text()) == {"offset": 12, "cursor": {"page": 3}}


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b""])
def test_a_damaged_checkpoint_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.checkpoint.json"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="is not a checkpoint"):
        read_checkpoint(path)


def test_the_appender_counts_bytes_and_makes_each_batch_a_set_of_whole_lines(
    tmp_path: Path,
) -> None:
    path = tmp_path / "out.partial"
    with JsonlAppender(path) as appender:
        assert appender.append([b'{"id":1}', b'{"id":2}']) == 18
        assert appender.append([]) == 18
        assert appender.append([b'{"id":3}']) == 27
    assert path.read_bytes() == b'{"id":1}\n{"id":2}\n{"id":3}\n'


def test_reopening_truncates_what_came_after_the_checkpointed_offset(tmp_path: Path) -> None:
    path = tmp_path / "out.partial"
    with JsonlAppender(path) as appender:
        offset = appender.append([b'{"id":1}'])
    # A crash after the checkpoint: a whole page not yet counted, then half a line.
    with open(path, "ab") as handle:
        handle.write(b'{"id":2}\n{"id":3}\n{"id":4, "subj')
    with JsonlAppender(path, offset=offset) as appender:
        assert appender.offset == offset
        appender.append([b'{"id":2}'])
    assert path.read_bytes() == b'{"id":1}\n{"id":2}\n'


def test_offset_zero_starts_over_and_creates_the_file(tmp_path: Path) -> None:
    path = tmp_path / "out.partial"
    path.write_bytes(b"left over\n")
    with JsonlAppender(path, offset=0) as appender:
        appender.append([b"fresh"])
    assert path.read_bytes() == b"fresh\n"
    new = tmp_path / "new.partial"
    with JsonlAppender(new):
        pass
    assert new.read_bytes() == b""


def test_a_file_shorter_than_its_checkpoint_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "out.partial"
    path.write_bytes(b"short\n")
    with pytest.raises(ValueError, match="fewer than the 100"):
        JsonlAppender(path, offset=100)
    assert path.read_bytes() == b"short\n"
    with pytest.raises(ValueError, match=">= 0"):
        JsonlAppender(path, offset=-1)
