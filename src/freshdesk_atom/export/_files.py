"""Crash-safe files for exports: a JSON Lines file written in place and a checkpoint beside it.

An export of ``FILE.jsonl`` writes three files:

* ``FILE.jsonl.partial``: the records so far, one JSON object a line. Each
  page's lines are appended, flushed and ``fsync``-ed before the checkpoint
  that counts them is written.
* ``FILE.jsonl.checkpoint.json``: where the export stands and how many bytes
  of the partial file it vouches for (``offset``). It is replaced atomically:
  written to a temporary file in the same directory, ``fsync``-ed, renamed over
  the old one with ``os.replace`` and the directory ``fsync``-ed. A reader sees
  the old checkpoint or the new one, never a mix.
* ``FILE.jsonl``: appears only at the end, when the partial file is renamed
  onto it (atomically, again), then the checkpoint is deleted.

Resuming truncates the partial file to the checkpoint's ``offset``: lines
written after the last checkpoint (a page cut short by a crash, or whole but
not yet counted) are dropped and fetched again, so no line is ever half
written or written twice.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO, Final

__all__ = [
    "CHECKPOINT_SUFFIX",
    "PARTIAL_SUFFIX",
    "JsonlAppender",
    "atomic_write_bytes",
    "checkpoint_path",
    "fsync_directory",
    "partial_path",
    "read_checkpoint",
    "write_checkpoint",
]

PARTIAL_SUFFIX: Final = ".partial"
CHECKPOINT_SUFFIX: Final = ".checkpoint.json"


def partial_path(out: Path) -> Path:
    """Return ``FILE.jsonl.partial`` for *out* ``FILE.jsonl``."""
    return out.with_name(out.name + PARTIAL_SUFFIX)


def checkpoint_path(out: Path) -> Path:
    """Return ``FILE.jsonl.checkpoint.json`` for *out* ``FILE.jsonl``."""
    return out.with_name(out.name + CHECKPOINT_SUFFIX)


def fsync_directory(directory: Path) -> None:
    """Flush *directory*'s entries (a rename or a new file) to disk, where the OS allows it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles (Windows)
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on directories
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace *path* with *data* so that a crash leaves either the old content or the new one.

    The data goes to a temporary file beside *path*, is flushed and
    ``fsync``-ed, and the temporary file is renamed over *path*
    (``os.replace``); then the directory is ``fsync``-ed so the rename lasts.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    fsync_directory(path.parent)


def write_checkpoint(path: Path, state: Mapping[str, Any]) -> None:
    """Write *state* as JSON to *path* atomically (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, json.dumps(state, separators=(",", ":")).encode("utf-8"))


def read_checkpoint(path: Path) -> dict[str, Any] | None:
    """Return the JSON object saved at *path*, or ``None`` when there is no such file.

    Raises:
        ValueError: the file is not a JSON object (it was not written by
            :func:`write_checkpoint`).
    """
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"{path} is not a checkpoint: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not a checkpoint: not a JSON object")
    return data


class JsonlAppender:
    """Append JSON lines to a file, a batch at a time, each batch durable before it is counted.

    Opening truncates the file to *offset* (0: a new file), dropping whatever
    a crash left after the last counted batch. :meth:`append` writes one
    batch, flushes and ``fsync``-s it, and returns the new end offset: the
    number to save in the checkpoint.
    """

    def __init__(self, path: Path, *, offset: int = 0) -> None:
        if offset < 0:
            raise ValueError(f"offset must be >= 0, not {offset}")
        self.path = path
        existed = path.exists()
        handle: BinaryIO = open(path, "r+b" if existed else "w+b")  # noqa: SIM115 - closed in close()
        try:
            size = handle.seek(0, os.SEEK_END)
            if size < offset:
                raise ValueError(
                    f"{path} holds {size} bytes, fewer than the {offset} its checkpoint counts: "
                    "it was changed or truncated by something else"
                )
            handle.truncate(offset)
            handle.seek(offset)
            handle.flush()
            os.fsync(handle.fileno())
        except BaseException:
            handle.close()
            raise
        if not existed:
            fsync_directory(path.parent)
        self._handle = handle
        self.offset = offset

    def append(self, lines: Iterable[bytes]) -> int:
        """Write *lines* (each without its newline), make them durable; return the new offset."""
        chunk = b"".join(line + b"\n" for line in lines)
        if chunk:
            self._handle.write(chunk)
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self.offset += len(chunk)
        return self.offset

    def close(self) -> None:
        """Close the file (what was appended is already on disk)."""
        self._handle.close()

    def __enter__(self) -> JsonlAppender:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
