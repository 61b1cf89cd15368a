"""``freshdesk-atom export``: every record of a resource to JSON Lines, crash-safe and resumable.

The files and their guarantees are described in ``_files`` and
``docs/export-and-mirror.md``. In short: records go to ``FILE.jsonl.partial``
a page at a time (flushed and ``fsync``-ed), then a checkpoint
``FILE.jsonl.checkpoint.json`` recording the byte offset and where the
export stands is replaced atomically; ``FILE.jsonl`` appears only when the
export is complete. ``resume=True`` truncates the partial file to the
checkpoint's offset and goes on from its position.

Tickets and contacts are read with ``iter_all()`` (every record once, past
the 300-page cap, with a checkpoint after every page). Companies, agents and
groups have no ``updated_since``: they are listed page by page, and their
checkpoint is the next page number.

Each line is the SDK model of the record turned back into JSON
(``record.to_dict()``): every field the model knows, ``null`` where
Freshdesk left a field out, timestamps in UTC as ``YYYY-MM-DDTHH:MM:SSZ``,
and the keys the model does not know yet (``record.extra``) as Freshdesk
sent them.

Everything that talks to Freshdesk goes through the client's public API.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

from .. import NOT_GIVEN, Freshdesk, FreshdeskError, Page
from .._constants import MAX_PER_PAGE
from .._core.complete_export import ExportCheckpoint, utc_second, wire_time
from .._core.search_query import Q
from .._core.search_windows import EARLIEST_DAY, SearchResource
from ._files import (
    JsonlAppender,
    checkpoint_path,
    fsync_directory,
    partial_path,
    read_checkpoint,
    write_checkpoint,
)
from ._options import ExportError, ExportOptions, ExportResult
from ._steps import Step, record_line
from ._threads import ids_path, thread_steps, tickets_checkpoint

__all__ = ["count_records", "export", "list_page", "record_line"]

CHECKPOINT_KIND: Final = "freshdesk-atom export"
CHECKPOINT_FORMAT: Final = 1


def count_records(fd: Freshdesk, options: ExportOptions) -> int | None:
    """Return how many records the export should write, when Freshdesk can count them.

    One search request counts tickets, contacts or companies (updated since
    the day of ``since``, or created since 1970). Search does not see spam,
    trashed or blocked records, nor agents, groups and conversations: those
    exports get ``None`` (a progress display then shows no percentage rather
    than a wrong one).
    """
    if (
        options.resource in ("agents", "groups", "conversations")
        or options.include_spam
        or options.include_deleted
    ):
        return None
    if options.resource == "contacts" and options.state is not None:
        return None
    term = (
        Q.updated_at.after(utc_second(options.since))
        if options.since is not None
        else Q.created_at.after(EARLIEST_DAY)
    )
    resource: SearchResource = options.resource  # type: ignore[assignment]
    try:
        return fd.search.count(term, resource=resource)
    except FreshdeskError:
        return None  # search refused (a plan without it, a key without the right): no total


def _streamed(
    fd: Freshdesk, options: ExportOptions, cursor: dict[str, Any] | None
) -> Iterator[Step]:
    checkpoint = None if cursor is None else ExportCheckpoint.from_dict(cursor)
    since = options.since if checkpoint is None else None
    if options.resource == "tickets":
        include: Any = list(options.include) if options.include else NOT_GIVEN
        stream: Any = fd.tickets.iter_all(
            updated_since=since,
            include=include,
            include_spam=options.include_spam,
            include_deleted=options.include_deleted,
            checkpoint=checkpoint,
        )
    else:
        listed: Any = NOT_GIVEN if options.state is None else options.state
        stream = fd.contacts.iter_all(updated_since=since, state=listed, checkpoint=checkpoint)
    for page in stream.iter_pages():
        state: ExportCheckpoint = page.checkpoint
        yield Step(
            lines=[record_line(item) for item in page.items],
            cursor=state.to_dict(),
            finished=state.finished,
        )


def list_page(fd: Freshdesk, resource: str, number: int) -> Page[Any]:
    """Return page *number* (100 records) of the companies, agents or groups list."""
    if resource == "companies":
        return fd.companies.list(per_page=MAX_PER_PAGE, page=number).first_page()
    if resource == "agents":
        return fd.agents.list(per_page=MAX_PER_PAGE, page=number).first_page()
    if resource == "groups":
        return fd.groups.list(per_page=MAX_PER_PAGE, page=number).first_page()
    raise ValueError(f"{resource} is not listed page by page")


def _paged(fd: Freshdesk, resource: str, cursor: dict[str, Any] | None) -> Iterator[Step]:
    number = 1
    if cursor is not None:
        number = cursor.get("page", 0)
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise ExportError(f"the checkpoint's page {number!r} is not a page number")
    while True:
        page = list_page(fd, resource, number)
        if page.has_next:
            number += 1
        yield Step(
            lines=[record_line(item) for item in page.items],
            cursor={"page": number},
            finished=not page.has_next,
        )
        if not page.has_next:
            return


def _state(
    options: ExportOptions,
    *,
    offset: int,
    records: int,
    cursor: dict[str, Any] | None,
    finished: bool,
) -> dict[str, Any]:
    return {
        "kind": CHECKPOINT_KIND,
        "format": CHECKPOINT_FORMAT,
        "options": options.to_dict(),
        "offset": offset,
        "records": records,
        "cursor": cursor,
        "finished": finished,
    }


def _loaded(saved: dict[str, Any], where: Path) -> tuple[ExportOptions, int, int, Any, bool]:
    if saved.get("kind") != CHECKPOINT_KIND or saved.get("format") != CHECKPOINT_FORMAT:
        raise ExportError(f"{where} is not a freshdesk-atom export checkpoint (format 1)")
    try:
        options = ExportOptions.from_dict(saved["options"])
        offset, records = saved["offset"], saved["records"]
        if not all(
            isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in (offset, records)
        ):
            raise ValueError("offset and records must be counts")
        cursor = saved["cursor"]
        if cursor is not None and not isinstance(cursor, dict):
            raise ValueError("cursor must be an object")
        return options, offset, records, cursor, bool(saved["finished"])
    except (KeyError, ValueError) as exc:
        raise ExportError(f"{where} is damaged: {exc}") from exc


def _check_same(asked: ExportOptions, saved: ExportOptions) -> None:
    """Refuse to resume an export with other options than it began with."""
    differences = [
        f"{name} {getattr(saved, name)!r} (asked {getattr(asked, name)!r})"
        for name in ("resource", "include", "include_spam", "include_deleted", "state")
        if getattr(saved, name) != getattr(asked, name)
    ]
    if asked.since is not None and asked.since != saved.since:
        differences.append(f"since {saved.since!r} (asked {asked.since!r})")
    if differences:
        raise ExportError(
            "the export to resume was started with "
            + ", ".join(differences)
            + ": resume it with the same options (since may be left out)"
        )


def _finish(out: Path, part: Path, marker: Path) -> None:
    """Move the complete partial file onto *out*, then drop the checkpoint (each step durable)."""
    ids_path(part).unlink(missing_ok=True)  # a conversations export's side file
    if part.exists():
        os.replace(part, out)
        fsync_directory(out.parent)
    elif not out.exists():
        raise ExportError(
            f"{marker} says the export is complete, but neither {part} nor {out} exists"
        )
    marker.unlink(missing_ok=True)
    fsync_directory(out.parent)


def _next_since(options: ExportOptions, cursor: dict[str, Any] | None) -> str | None:
    if options.resource not in ("tickets", "contacts", "conversations") or cursor is None:
        return None
    if options.resource == "conversations":
        walked = tickets_checkpoint(cursor)
        if walked is None:
            return options.since
        cursor = walked.to_dict()
    checkpoint = ExportCheckpoint.from_dict(cursor)
    # A pass that found nothing keeps its start; a record entering that list
    # later (marked spam, trashed) is updated then, after the other passes'
    # marks, so only the passes that moved bound the next export.
    moved = [c.since for c in checkpoint.passes if c.since > checkpoint.start]
    return wire_time(min(moved)) if moved else options.since


def export(
    fd: Freshdesk,
    options: ExportOptions,
    out: Path | str,
    *,
    resume: bool = False,
    on_page: Callable[[int], None] | None = None,
) -> ExportResult:
    """Export *options.resource* to *out* (JSON Lines), atomically; see the module docstring.

    Args:
        fd: the client; its rate governor (on by default) paces the export.
        options: what to export.
        out: the final file; ``out.partial`` and ``out.checkpoint.json`` are
            kept beside it while the export runs.
        resume: go on from the checkpoint left by an interrupted export (with
            none, start from the beginning).
        on_page: called after every page is safely written, with the number
            of records in the file so far (a resumed export counts the
            records written before); for a progress display.

    Raises:
        ExportError: an unfinished export is in the way and *resume* is false;
            the checkpoint is damaged or was made with other options.
        FreshdeskError: an API error after the client's retries; the
            checkpoint stays where the export stood, so resume it.
    """
    out = Path(out)
    part, marker = partial_path(out), checkpoint_path(out)
    try:
        saved = read_checkpoint(marker)
    except ValueError as exc:
        raise ExportError(str(exc)) from exc
    if not resume and (saved is not None or part.exists()):
        raise ExportError(
            f"an unfinished export of {out} is in the way ({part.name}, {marker.name}): "
            "add --resume to go on with it, or delete those files to start over"
        )
    resumed = saved is not None
    if saved is None:
        offset, records, cursor = 0, 0, None
        # The checkpoint comes first: a partial file is never there without one.
        write_checkpoint(marker, _state(options, offset=0, records=0, cursor=None, finished=False))
    else:
        options_saved, offset, records, cursor, finished = _loaded(saved, marker)
        _check_same(options, options_saved)
        options = options_saved
        if finished:
            _finish(out, part, marker)
            return ExportResult(
                path=out, records=records, resumed=True, next_since=_next_since(options, cursor)
            )
    try:
        appender = JsonlAppender(part, offset=offset)
    except ValueError as exc:
        raise ExportError(str(exc)) from exc
    if on_page is not None:
        on_page(records)
    with appender:
        if options.resource == "conversations":
            steps = thread_steps(fd, options, cursor, part)
        elif options.resource in ("tickets", "contacts"):
            steps = _streamed(fd, options, cursor)
        else:
            steps = _paged(fd, options.resource, cursor)
        for step in steps:
            offset = appender.append(step.lines)
            records += len(step.lines)
            cursor = step.cursor
            write_checkpoint(
                marker,
                _state(options, offset=offset, records=records, cursor=cursor, finished=False),
            )
            if on_page is not None:
                on_page(records)
    write_checkpoint(
        marker, _state(options, offset=offset, records=records, cursor=cursor, finished=True)
    )
    _finish(out, part, marker)
    return ExportResult(
        path=out, records=records, resumed=resumed, next_since=_next_since(options, cursor)
    )
