"""``GET /events``: the mirror's change feed as Server-Sent Events, for the dashboard and any subscriber.

Each message is ``event: changes`` with ``id:`` the last change's ``seq``
and ``data:`` ``{"changes": [...]}`` (:class:`~freshdesk_atom.mirror.MirrorChange`
as JSON); ``event: reset`` says changes were pruned before this subscriber
read them (read the records afresh). A subscriber starts with what comes
next, or after ``?after=<seq>`` or the ``Last-Event-ID`` an ``EventSource``
sends when it reconnects (the stream's first line sets it, so even a stream
that ends before any change resumes where it began): nothing is missed
across a reconnection. A number past the feed's end (another mirror file)
gets ``reset``. The
stream polls the mirror (a cheap indexed read) every ``poll`` seconds, sends
a comment every 15 s so proxies keep it open, and ends after
``max_seconds`` (the browser reconnects on its own, ``retry: 2000``).
Changes reach the mirror from ``sync``, webhooks and the MCP server's
writes, in this process or another.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any, Final

import anyio.to_thread
from starlette.responses import Response, StreamingResponse

from ..mirror import Mirror, MirrorChanges
from ._envelope import AdapterError
from ._route_helpers import RequestContext, query_items

__all__ = ["events", "parse_after"]

POLL_SECONDS: Final = 0.5
PING_SECONDS: Final = 15.0
MAX_SECONDS: Final = 300.0
BATCH: Final = 500
POLL_THREADS: Final = 4
_MAX_SEQ: Final = 2**63 - 1


def parse_after(query: list[tuple[str, str]], last_event_id: str | None) -> int | None:
    """Return where a subscriber starts: ``?after=``, else ``Last-Event-ID``, else ``None`` (now).

    Raises:
        AdapterError: another parameter, or a value that is not a whole number >= 0.
    """
    after: str | None = None
    for name, value in query:
        if name != "after":
            raise AdapterError.field(
                name, f"{name} is not a parameter of /events (it takes after)", code="invalid_field"
            )
        after = value
    text = after if after is not None else last_event_id
    if text is None or (after is None and not text.strip()):
        return None
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19 or int(text) > _MAX_SEQ:
        raise AdapterError.field(
            "after", "after must be a change number: a whole number >= 0", code="invalid_value"
        )
    return int(text)


def _poll_limiter(app: Any) -> anyio.CapacityLimiter:
    """The app's own threads for the streams' polls, so many open pages never take
    the worker threads that webhooks and reconciliations need."""
    limiter: anyio.CapacityLimiter | None = getattr(app.state, "events_limiter", None)
    if limiter is None:
        limiter = anyio.CapacityLimiter(POLL_THREADS)
        app.state.events_limiter = limiter
    return limiter


def _read(mirror: Mirror, after: int) -> MirrorChanges:
    return mirror.changes(after, limit=BATCH)


def _message(event: str, data: object, seq: int | None = None) -> bytes:
    head = f"id: {seq}\n" if seq is not None else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


async def _stream(
    mirror: Mirror, after: int, limiter: anyio.CapacityLimiter, poll: float, max_seconds: float
) -> AsyncIterator[bytes]:
    # The id with no data sets the browser's Last-Event-ID at once: a stream that
    # ends before any change still resumes from here, not from "now".
    yield f"id: {after}\nretry: 2000\n: connected\n\n".encode()
    cursor = after
    started = last_sent = time.monotonic()
    while time.monotonic() - started < max_seconds:
        batch = await anyio.to_thread.run_sync(_read, mirror, cursor, limiter=limiter)
        if batch.gap:
            cursor = batch.last
            yield _message("reset", {"last": cursor}, cursor)
            last_sent = time.monotonic()
            continue
        if batch.changes:
            cursor = batch.changes[-1].seq
            changes = [change.to_dict() for change in batch.changes]
            yield _message("changes", {"changes": changes}, cursor)
            last_sent = time.monotonic()
            if cursor < batch.last:
                continue
        elif time.monotonic() - last_sent >= PING_SECONDS:
            yield b": ping\n\n"
            last_sent = time.monotonic()
        await anyio.sleep(poll)


async def events(context: RequestContext) -> Response:
    mirror = context.settings.mirror
    after = parse_after(query_items(context.request), context.request.headers.get("last-event-id"))
    if mirror is None:
        raise AdapterError(
            503,
            "not_configured",
            "live updates come from a mirror: start the adapter with one "
            "(create_app(mirror=...), or freshdesk-atom serve --mirror DB)",
        )
    limiter = _poll_limiter(context.request.app)
    if after is None:
        after = (await anyio.to_thread.run_sync(_read, mirror, 0, limiter=limiter)).last
    return StreamingResponse(
        _stream(mirror, after, limiter, POLL_SECONDS, MAX_SECONDS),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
