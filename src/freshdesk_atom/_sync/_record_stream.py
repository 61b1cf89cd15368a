# Generated from src/freshdesk_atom/_async/_record_stream.py by scripts/unasync.py; do not edit.
"""Complete exports as a stream of records with a checkpoint after each: ``iter_all()``.

The decisions (which request next, which records are new, where to resume)
are the pure planner's (``_core/complete_export.py``); this module sends the
requests it asks for and hands the records on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Generic, Literal, TypeVar

import attrs

from .._constants import LOGGER_NAME, SEARCH_PAGE_SIZE, TICKETS_PAGE_CAP
from .._core.complete_export import (
    BackfillRequest,
    ExportCheckpoint,
    ExportPage,
    ListRequest,
    PassName,
    RecordKey,
    Stamp,
    wire_time,
)
from .._core.pagination import lookahead
from .._core.request import RequestSpec
from .._exceptions import SearchLimitError, StalledWindowError
from .._parsing import ParsedPage, parse_list_page
from .._synchronization import Prefetch
from .._types import RequestOptions

if TYPE_CHECKING:
    from ._client import Freshdesk

__all__ = ["RecordStream"]

logger = logging.getLogger(LOGGER_NAME)

T = TypeVar("T")

Backfill = Callable[[BackfillRequest], Iterable[T]]
Key = tuple[str, tuple[tuple[str, str], ...]]
"""A list request, as ``(path, params)``: what a prefetched page is filed under."""


@attrs.frozen
class _Fetched(Generic[T]):
    """A list page's answer, with when its request left and its answer came."""

    page: ParsedPage[T]
    sent_at: datetime
    received_at: datetime


@attrs.frozen
class _Step(Generic[T]):
    """One answer taken by the planner: the state before and after, and what it yields."""

    before: ExportCheckpoint
    after: ExportCheckpoint
    items: tuple[T, ...]
    keys: tuple[RecordKey, ...]
    pass_name: PassName
    source: Literal["list", "search"]
    page: int | None


def _now() -> datetime:
    return datetime.now(UTC)


def _without_page(key: Key) -> Key:
    path, params = key
    return path, tuple(pair for pair in params if pair[0] != "page")


def _with_page(params: tuple[tuple[str, str], ...], page: int) -> tuple[tuple[str, str], ...]:
    return tuple(("page", str(page)) if name == "page" else (name, value) for name, value in params)


class RecordStream(Generic[T]):
    """Every record of a complete export, each once, with a checkpoint after each.

    ``for record in stream`` yields the records; ``stream.checkpoint``
    is, at any moment, the state that resumes right after the last record
    handed out (pass it as ``checkpoint=`` to ``iter_all()``, or save
    ``stream.checkpoint.to_json()``). ``stream.iter_pages()`` yields
    :class:`ExportPage` objects (records and the checkpoint after them) for
    code that stores a page at a time.

    Where the walk reads one query page after page (contacts, and tickets
    while one second fills whole pages), the sync stream fetches the next
    pages while you handle one (``pages_in_flight``). The tickets walk
    otherwise restarts its window from each page's last ``updated_at``, so its
    next request is known only when a page has come: one page at a time, the
    price of never losing a ticket that moved. The planner takes the pages
    one by one, in order, so what is yielded is exactly what a walk one page
    at a time would yield.

    Nothing is sent until you iterate. Iterating again after a ``break`` goes
    on from ``stream.checkpoint``. An error (after the client's retries) leaves
    ``stream.checkpoint`` where the export stood: resume from it.
    """

    def __init__(
        self,
        client: Freshdesk,
        start: ExportCheckpoint,
        *,
        item: type[T],
        stamp: Callable[[T], Stamp],
        params: tuple[tuple[str, str], ...] = (),
        backfill: Backfill[T] | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        self._client = client
        self._item = item
        self._stamp = stamp
        self._params = params
        self._backfill = backfill
        self._options = options
        self._page_cap = TICKETS_PAGE_CAP
        # The step in progress: its state before, the keys it yields, and how
        # many of them were handed out; its state after once all were.
        self._before = start
        self._after = start
        self._keys: tuple[RecordKey, ...] = ()
        self._handed = 0

    @property
    def checkpoint(self) -> ExportCheckpoint:
        """The state that resumes right after the last record handed out."""
        if self._handed >= len(self._keys):
            return self._after
        if self._handed == 0:
            return self._before
        return self._before.with_yielded(self._keys[: self._handed])

    def iter_pages(self) -> Iterator[ExportPage[T]]:
        """Yield the export step by step: the new records of each page and the checkpoint after them."""
        for step in self._steps():
            self._enter(step)
            self._handed = len(step.keys)
            yield ExportPage(
                items=step.items,
                checkpoint=step.after,
                pass_name=step.pass_name,
                source=step.source,
                page=step.page,
            )

    def __iter__(self) -> Iterator[T]:
        for step in self._steps():
            self._enter(step)
            for handed, item in enumerate(step.items, 1):
                self._handed = handed
                yield item

    def _enter(self, step: _Step[T]) -> None:
        self._before, self._after, self._keys, self._handed = step.before, step.after, step.keys, 0

    def _steps(self) -> Iterator[_Step[T]]:
        state = self.checkpoint
        job = self._client._job(self._options, RequestSpec(method="GET", path=state.resource))
        prefetch: Prefetch[Key, _Fetched[T]] = Prefetch(
            lambda key: self._fetch(key, job.options()), depth=self._client._pages_in_flight
        )
        run: tuple[Key | None, int] = (None, 0)  # the query being walked, and its pages so far
        ended = False
        try:
            while (request := state.next_request()) is not None:
                if isinstance(request, BackfillRequest):
                    for step in self._backfill_second(state, request):
                        yield step
                        state = step.after
                    continue
                key = (request.path, request.params + self._params)
                query = _without_page(key)
                run = (query, run[1] + 1 if run[0] == query else 1)
                prefetch.want(self._ahead(key, request.page, walked=run[1]))
                fetched = prefetch.take(key)
                step = self._take(state, request, fetched)
                yield step
                state = step.after
            ended = True
        finally:
            prefetch.close(drain=ended)

    def _ahead(self, key: Key, page: int, *, walked: int) -> list[Key]:
        """The next pages of this query worth fetching ahead (*walked*: its pages asked for so far)."""
        last = min(page + lookahead(walked - 1), self._page_cap)
        path, params = key
        return [(path, _with_page(params, number)) for number in range(page + 1, last + 1)]

    def _fetch(self, key: Key, options: RequestOptions | None) -> _Fetched[T]:
        path, params = key
        spec = RequestSpec(method="GET", path=path, params=params)
        sent_at = _now()
        response = self._client._send(spec, options)
        received_at = _now()
        return _Fetched(parse_list_page(spec, response, self._item), sent_at, received_at)

    def _take(
        self, state: ExportCheckpoint, request: ListRequest, fetched: _Fetched[T]
    ) -> _Step[T]:
        page = fetched.page
        stamps = [self._stamp(record) for record in page.items]
        outcome = state.take_page(
            stamps,
            has_next=page.has_next,
            page_cap=self._page_cap,
            sent_at=fetched.sent_at,
            received_at=fetched.received_at,
        )
        after = outcome.checkpoint
        if after.phase == "backfill" and not after.finished:
            logger.warning(
                "%s: page %d still holds only updated_at %s; fetching the rest of that "
                "second through search",
                request.path,
                request.page,
                wire_time(after.cursor.since),
            )
        return _Step(
            before=state,
            after=after,
            items=tuple(page.items[i] for i in outcome.keep),
            keys=tuple(stamps[i].key for i in outcome.keep),
            pass_name=request.pass_name,
            source="list",
            page=request.page,
        )

    def _backfill_second(
        self, state: ExportCheckpoint, request: BackfillRequest
    ) -> Iterator[_Step[T]]:
        pass_name = state.cursor.name
        if self._backfill is None:  # pragma: no cover - only tickets stall, and they back-fill
            raise StalledWindowError(
                f"no way to fetch the rest of updated_at {wire_time(request.second)}",
                resource=state.resource,
                pass_name=pass_name,
                second=request.second,
                checkpoint=state,
            )
        batch: list[T] = []
        try:
            for record in self._backfill(request):
                batch.append(record)
                if len(batch) == SEARCH_PAGE_SIZE:
                    step = self._backfill_step(state, batch, pass_name)
                    yield step
                    state, batch = step.after, []
        except SearchLimitError as exc:
            raise StalledWindowError(
                f"more {state.resource} share updated_at {wire_time(request.second)} than one "
                f"list query reaches, and search could not split their day into windows of "
                f"300 ({exc.window}: {exc.total} matches)",
                resource=state.resource,
                pass_name=pass_name,
                second=request.second,
                checkpoint=state,
            ) from exc
        if batch:
            step = self._backfill_step(state, batch, pass_name)
            yield step
            state = step.after
        yield _Step(
            before=state,
            after=state.end_backfill(),
            items=(),
            keys=(),
            pass_name=pass_name,
            source="search",
            page=None,
        )

    def _backfill_step(
        self, state: ExportCheckpoint, batch: list[T], pass_name: PassName
    ) -> _Step[T]:
        stamps = [self._stamp(record) for record in batch]
        outcome = state.take_backfill(stamps)
        return _Step(
            before=state,
            after=outcome.checkpoint,
            items=tuple(batch[i] for i in outcome.keep),
            keys=tuple(stamps[i].key for i in outcome.keep),
            pass_name=pass_name,
            source="search",
            page=None,
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.checkpoint!r}>"
