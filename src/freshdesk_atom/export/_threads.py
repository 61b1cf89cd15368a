"""Export conversations: every reply and note of the tickets updated since ``since``, each once.

A ticket's thread has no ``updated_since`` of its own, and a ticket changed
during the walk comes again (docs/freshdesk-api-notes.md#the-tickets-list), so
reading threads as tickets come would write a thread twice. The export runs
in two phases instead, both resumable:

1. **tickets**: walk ``tickets.iter_all(updated_since=since)`` and append each
   ticket id to a side file ``FILE.jsonl.partial.ids`` (made durable before
   the checkpoint that counts it);
2. **threads**: read the side file, sort its ids and drop repeats, then read
   each ticket's whole thread (``GET /tickets/{id}/conversations``, 100 a
   page) and write its conversations. The checkpoint holds the position in
   the sorted ids and the page of the thread.

So each conversation of the walked tickets is written once. With ``since``,
only conversations updated at or after it are written (older ones were in
an earlier export). Attachments keep their metadata; their download links
expire within minutes (docs/freshdesk-api-notes.md#attachments), so they are
left out of the lines.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from .. import ExportCheckpoint, Freshdesk, NotFoundError
from .._core.complete_export import utc_second
from ..models.conversations import Conversation
from ._files import JsonlAppender
from ._options import ExportError, ExportOptions
from ._steps import Step

__all__ = ["IDS_SUFFIX", "ids_path", "thread_steps", "tickets_checkpoint"]

IDS_SUFFIX: Final = ".ids"
_PER_PAGE: Final = 100


def ids_path(part: Path) -> Path:
    """The side file of ticket ids beside ``FILE.jsonl.partial``."""
    return part.with_name(part.name + IDS_SUFFIX)


def tickets_checkpoint(cursor: dict[str, Any] | None) -> ExportCheckpoint | None:
    """The tickets walk's checkpoint inside a conversations export's cursor."""
    if cursor is None or cursor.get("tickets") is None:
        return None
    return ExportCheckpoint.from_dict(cursor["tickets"])


def _line(conversation: Conversation) -> bytes:
    data = conversation.to_dict()
    attachments = data.get("attachments")
    if isinstance(attachments, list):
        data["attachments"] = [
            {k: v for k, v in item.items() if k != "attachment_url"} for item in attachments
        ]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _sorted_ids(path: Path, offset: int) -> array[int]:
    """The distinct ticket ids of the side file's first *offset* bytes, in ascending order."""
    with open(path, "rb") as handle:
        data = handle.read(offset)
    return array("q", sorted({int(line) for line in data.split(b"\n") if line}))


def thread_steps(
    fd: Freshdesk, options: ExportOptions, cursor: dict[str, Any] | None, part: Path
) -> Iterator[Step]:
    """Yield the export's steps (see the module docstring), from *cursor* on."""
    cursor = dict(cursor or {"phase": "tickets", "tickets": None, "ids_offset": 0})
    if cursor.get("phase") not in ("tickets", "threads"):
        raise ExportError(f"the checkpoint's phase {cursor.get('phase')!r} is not an export phase")
    since = None if options.since is None else utc_second(options.since)
    with JsonlAppender(ids_path(part), offset=int(cursor["ids_offset"])) as ids:
        if cursor["phase"] == "tickets":
            stream = fd.tickets.iter_all(
                updated_since=options.since if cursor["tickets"] is None else None,
                include_spam=options.include_spam,
                include_deleted=options.include_deleted,
                checkpoint=tickets_checkpoint(cursor),
            )
            for page in stream.iter_pages():
                offset = ids.append([str(ticket.id).encode() for ticket in page.items])
                cursor = {
                    "phase": "tickets",
                    "tickets": page.checkpoint.to_dict(),
                    "ids_offset": offset,
                }
                yield Step(lines=[], cursor=cursor, finished=False)
            cursor = {**cursor, "phase": "threads", "index": 0, "page": 1}
    tickets = _sorted_ids(ids_path(part), int(cursor["ids_offset"]))
    index, number = int(cursor["index"]), int(cursor["page"])
    if not tickets:
        yield Step(lines=[], cursor=cursor, finished=True)
        return
    while index < len(tickets):
        try:
            thread = fd.tickets.conversations.list(
                tickets[index], per_page=_PER_PAGE, page=number
            ).first_page()
            items, more = thread.items, thread.has_next
        except NotFoundError:  # archived or deleted for good since it was walked
            items, more = (), False
        lines = [_line(c) for c in items if since is None or c.updated_at >= since]
        index, number = (index, number + 1) if more else (index + 1, 1)
        cursor = {**cursor, "index": index, "page": number}
        yield Step(lines=lines, cursor=cursor, finished=index >= len(tickets))
