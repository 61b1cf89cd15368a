"""What each page of an export hands the file writer: its lines and the cursor after them."""

from __future__ import annotations

import json
from typing import Any

import attrs

from ..models.common import Record

__all__ = ["Step", "record_line"]


def record_line(record: Record) -> bytes:
    """Return *record* (an SDK model) as one JSON line, without the newline, UTF-8."""
    data = record.to_dict()
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@attrs.frozen
class Step:
    """One page written: its lines, the cursor after it, and whether the export is done."""

    lines: list[bytes]
    cursor: dict[str, Any]
    finished: bool
