# Generated from src/freshdesk_atom/_async/_record_stream.py by scripts/unasync.py; do not edit.
"""Complete exports as a stream of records with a checkpoint after each: ``iter_all()``.

The decisions (which request next, which records are new, where to resume)
are the pure planner's (``_core/complete_export.py``); this module sends the
requests it asks for and hands the records on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Generic, Literal, TypeVar

import attrs

from .._constants import LOGGER_NAME, SEARCH_PAGE_SIZE, TICKETS_PAGE_CAP
from .._core.complete_export import (
    BackfillRequest,
    ExportCheckpoint,
    ExportPage,
    PassName,
    RecordKey,
    Stamp,
    wire_time,
)
from .._core.request import RequestSpec
from .._exceptions import SearchLimitError, StalledWindowError
from .._parsing import parse_list_page
from .._types import RequestOptions

if TYPE_CHECKING:
    from ._client import Freshdesk

__all__ = ["RecordStream"]

logger = logging.getLogger(LOGGER_NAME)

T = TypeVar("T")

Backfill = Callable[[BackfillRequest], Iterator[T]]


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


class RecordStream(Generic[T]):
    """Every record of a complete export, each once, with a checkpoint after each.

    ``for record in stream`` yields the records; ``stream.checkpoint``
    is, at any moment, the state that resumes right after the last record
    handed out (pass it as ``checkpoint=`` to ``iter_all()``, or save
    ``stream.checkpoint.to_json()``). ``stream.pages()`` yields
    :class:`ExportPage` objects (records and the checkpoint after them) for
    code that stores a page at a time.

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

    def pages(self) -> Iterator[ExportPage[T]]:
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
        while (request := state.next_request()) is not None:
            if isinstance(request, BackfillRequest):
                for step in self._backfill_second(state, request):
                    yield step
                    state = step.after
                continue
            spec = RequestSpec(
                method="GET", path=request.path, params=request.params + self._params
            )
            sent_at = _now()
            response = self._client._transport.request(spec, self._client._config, self._options)
            received_at = _now()
            page, _ = parse_list_page(spec, response, self._item)
            stamps = [self._stamp(record) for record in page.items]
            outcome = state.take_page(
                stamps,
                has_next=page.has_next,
                page_cap=self._page_cap,
                sent_at=sent_at,
                received_at=received_at,
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
            yield _Step(
                before=state,
                after=after,
                items=tuple(page.items[i] for i in outcome.keep),
                keys=tuple(stamps[i].key for i in outcome.keep),
                pass_name=request.pass_name,
                source="list",
                page=request.page,
            )
            state = after

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
