"""Plan a complete, resumable export of a Freshdesk list: every record once, past every cap.

The traps (docs/freshdesk-api-notes.md#the-tickets-list, #contacts), each of which has lost
records for users of other Freshdesk clients:

* ``GET /tickets`` lists only the last 30 days unless a filter such as
  ``updated_since`` is given, and answers 400 past page 300: one query
  reaches 30,000 tickets at 100 per page.
* ``updated_since`` means ``updated_at >= value`` and timestamps have whole
  seconds. A window restarted at the last ``updated_at`` seen returns that
  second's records again; restarting one second later skips those not seen.
* Pages are offsets into a list that moves while it is read. A record changed
  after it was read moves to the end, every record behind it moves up one
  place, and a plain page walk skips the record that crossed the page edge.
* Thousands of records can share one second (a bulk import, a mass update).
  Past 30,000 of them, a window restarted at that second never moves on.

How tickets are walked (ordered by ``updated_at``, ascending):

1. Every request is ``updated_since=S&order_by=updated_at&order_type=asc&per_page=100&page=P``.
2. After every page the window *rolls*: S becomes the page's last
   ``updated_at`` and P goes back to 1. The ``(id, updated_at)`` keys already
   yielded at S are kept, and a record coming again with the same key is
   dropped. A window that starts from a timestamp cannot lose a record that
   other records' changes moved up, so rolling after every page (not only
   before page 300) removes the page-edge skip; it costs the seam records
   again, about 1% more requests.
3. A page made only of S's second cannot roll: the next page of the same
   window is read (a page number is never reused with another S), and the
   keys of that second pile up until the walk leaves it.
4. A second that still fills page 300 is *stalled*: no list query reaches the
   rest of it (``filter``, ``requester_id`` and ``company_id`` only narrow the
   list, and none of them splits a second into parts that together hold
   every ticket). Search is the one other way Freshdesk reaches tickets by
   time, so the planner *back-fills* the second through search: the query
   ``updated_at:'DAY'`` cut into windows of at most 300 results (by creation
   day, then status, then priority), keeping the records of that exact
   second not yielded yet. The list then goes on at S + 1 second. The limits
   are search's: it lags changes by a few minutes, it does not see spam or
   deleted tickets (a stalled spam or deleted pass raises
   :class:`~freshdesk_atom.StalledWindowError`), it returns no ``include=``
   embeds, and a cut that still holds more than 300 tickets (more than 300
   created on one day with the same status and priority, all updated in that
   second) cannot be split: that raises ``StalledWindowError`` too. Nothing
   is ever skipped in silence.
5. Spam and deleted tickets are extra passes (``filter=spam``,
   ``filter=deleted``), each with its own window, run after the default one.

Contacts are listed by name, not by ``updated_at`` (``_updated_since`` filters
but does not order, docs/freshdesk-api-notes.md#contacts; no ``order_by`` is accepted), so there is no window
to roll: the walk reads ``_updated_since=S`` page after page to the end.
Records changed meanwhile keep their place (the order is by name), contacts
created meanwhile push the rest down (the records at the edge come again and
are dropped by key), but a contact deleted, blocked or renamed meanwhile pulls
the rest up, and the one crossing the edge is missed by this walk. When the
walk ends, the next run's window starts early enough to take every contact
changed during this walk (the newest ``updated_at`` seen, minus the walk's
duration), so only such a bystander of a concurrent deletion can be missed.

Resuming from a checkpoint in the middle of a window (page > 1) first
re-reads the page before (the *recheck*), so records that moved up across the
edge while the export was stopped are not lost.

The state is an :class:`ExportCheckpoint`: immutable, JSON-serialisable, and
each step takes one and returns the next. No I/O, no clock: the shell passes
the times it measured.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final, Generic, Literal, TypeAlias, TypeVar, get_args

import attrs

from .._constants import MAX_PER_PAGE, TICKETS_PAGE_CAP
from .._exceptions import StalledWindowError
from .._types import JSONValue
from .timestamps import format_timestamp, parse_timestamp

__all__ = [
    "BEGINNING",
    "CHECKPOINT_FORMAT",
    "BackfillRequest",
    "ExportCheckpoint",
    "ExportPage",
    "ExportPhase",
    "ExportResource",
    "ListRequest",
    "PageOutcome",
    "PassCursor",
    "PassName",
    "RecordKey",
    "Stamp",
    "plan_export",
    "utc_second",
    "wire_time",
]

ExportResource: TypeAlias = Literal["tickets", "contacts"]
PassName: TypeAlias = Literal["default", "spam", "deleted"]
"""The ticket lists: the default one (neither spam nor deleted), ``filter=spam``, ``filter=deleted``."""
ExportPhase: TypeAlias = Literal["list", "recheck", "backfill"]
RecordKey: TypeAlias = tuple[int, datetime]
"""``(id, updated_at)``: the same key twice is the same version of the same record."""

CHECKPOINT_FORMAT: Final = 1
BEGINNING: Final = datetime(1970, 1, 1, tzinfo=UTC)
"""Where an export without ``updated_since`` starts: before any Freshdesk record."""

_ONE_SECOND: Final = timedelta(seconds=1)
# Added to the contacts' next-run overlap: timestamps are cut to the second.
_CLOCK_MARGIN: Final = timedelta(seconds=1)
_RESOURCES: Final = get_args(ExportResource)
_PASSES: Final = get_args(PassName)
_PHASES: Final = get_args(ExportPhase)

T_co = TypeVar("T_co", covariant=True)


def utc_second(value: datetime | str, name: str = "timestamp") -> datetime:
    """Return *value* as an aware UTC ``datetime`` cut to the second (Freshdesk's precision).

    A naive ``datetime`` is taken as UTC; a string is ISO 8601 (``Z`` and
    offsets accepted).

    Raises:
        ValueError: the string is not ISO 8601 or the instant is out of range.
        TypeError: *value* is neither a ``datetime`` nor a string.
    """
    return parse_timestamp(value, name).replace(microsecond=0)


wire_time = format_timestamp
"""Return a ``datetime`` as Freshdesk writes timestamps: ``2024-03-05T09:15:27Z``."""


# --------------------------------------------------------------------------- values


@attrs.frozen
class Stamp:
    """What the planner needs of a record: its id, its ``updated_at`` and, for tickets, its list.

    ``updated_at`` must be an aware ``datetime`` (the converter gives UTC).
    """

    id: int
    updated_at: datetime
    spam: bool = False
    deleted: bool = False

    @property
    def key(self) -> RecordKey:
        """``(id, updated_at)``."""
        return (self.id, self.updated_at)


@attrs.frozen(kw_only=True)
class PassCursor:
    """Where one pass (one list) stands: its next window and what it already yielded there.

    Attributes:
        name: ``"default"``, or ``"spam"`` / ``"deleted"`` for tickets.
        since: the ``updated_since`` of the pass's next request.
        seen: keys already yielded that the next requests may return again
            (for tickets, the records at ``since``; for contacts, the last page).
    """

    name: PassName
    since: datetime
    seen: frozenset[RecordKey] = frozenset()


@attrs.frozen(kw_only=True)
class ListRequest:
    """The next list page to fetch: ``GET {path}?{params}`` (the shell adds ``include``)."""

    path: str
    params: tuple[tuple[str, str], ...]
    pass_name: PassName
    page: int


@attrs.frozen(kw_only=True)
class BackfillRequest:
    """Fetch every ticket search finds for ``query`` (created on or before ``day``) and hand them in.

    The planner keeps those updated at exactly ``second`` that it has not yielded.
    """

    second: datetime
    day: date
    query: str


@attrs.frozen(kw_only=True)
class PageOutcome:
    """What to do with a page: yield ``records[i]`` for each ``i`` in ``keep``, then save ``checkpoint``."""

    keep: tuple[int, ...]
    checkpoint: ExportCheckpoint


@attrs.frozen(kw_only=True)
class ExportPage(Generic[T_co]):
    """One step of a complete export: the records it yields and the checkpoint after them.

    Save ``checkpoint`` once ``items`` are safely stored: resuming from it
    continues after them. ``items`` may be empty (every record of the page had
    come already); the checkpoint still moved on.

    Attributes:
        items: the new records, in Freshdesk's order.
        checkpoint: where the export stands after these records.
        pass_name: the list they come from: ``"default"``, ``"spam"`` or ``"deleted"``.
        source: ``"list"``, or ``"search"`` for the back-fill of a stalled second.
        page: the list page number asked for (``None`` for the back-fill).
    """

    items: tuple[T_co, ...]
    checkpoint: ExportCheckpoint
    pass_name: PassName
    source: Literal["list", "search"] = "list"
    page: int | None = None

    def __iter__(self) -> Iterator[T_co]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


# --------------------------------------------------------------------------- the state


def _keys_at_or_after(keys: Iterable[RecordKey], moment: datetime) -> frozenset[RecordKey]:
    return frozenset(key for key in keys if key[1] >= moment)


def _in_pass(resource: ExportResource, name: PassName, stamp: Stamp) -> bool:
    """Tell whether *stamp* belongs to the pass *name* (tickets) or is any contact.

    The server filters already; this guards against one ticket in two lists
    (if ``filter=spam`` ever listed deleted spam, the deleted pass has it).
    """
    if resource == "contacts":
        return True
    if name == "deleted":
        return stamp.deleted
    return not stamp.deleted and stamp.spam == (name == "spam")


@attrs.frozen(kw_only=True, repr=False)
class ExportCheckpoint:
    """Where a complete export stands; pass it back to resume exactly there.

    Save it with :meth:`to_json` (or :meth:`to_dict`) and load it with
    :meth:`from_json` (:meth:`from_dict`). A finished checkpoint resumed
    starts the next incremental run: only what changed since.

    Attributes:
        resource: ``"tickets"`` or ``"contacts"``.
        start: the ``updated_since`` the export began with.
        filters: query parameters sent on every request (contacts' ``state``).
        passes: one cursor per list, in order.
        current: the index of the pass in progress (``len(passes)`` when finished).
        page: the page of the current window to fetch next.
        phase: ``"list"``; ``"recheck"`` (re-read the page before ``page``
            first); ``"backfill"`` (search for the stalled second ``since``).
        taken: keys already yielded by the step in progress: a list page (a
            checkpoint taken in the middle of it) or a back-fill.
        per_page: the page size the page numbers refer to.
        walk_started: contacts: when the current walk began (the shell's clock).
        walk_latest: contacts: the newest ``updated_at`` seen in the current walk.
    """

    resource: ExportResource
    start: datetime
    filters: tuple[tuple[str, str], ...] = ()
    passes: tuple[PassCursor, ...]
    current: int = 0
    page: int = 1
    phase: ExportPhase = "list"
    taken: frozenset[RecordKey] = frozenset()
    per_page: int = MAX_PER_PAGE
    walk_started: datetime | None = None
    walk_latest: datetime | None = None

    @classmethod
    def begin(
        cls,
        resource: ExportResource,
        *,
        since: datetime | str = BEGINNING,
        passes: Sequence[PassName] = ("default",),
        filters: Sequence[tuple[str, str]] = (),
        per_page: int = MAX_PER_PAGE,
    ) -> ExportCheckpoint:
        """Return the state before the first request of an export.

        Raises:
            ValueError: an unknown resource or pass, a pass twice, spam or
                deleted passes for contacts, or ``per_page`` outside 1..100.
        """
        start = utc_second(since)
        checkpoint = cls(
            resource=resource,
            start=start,
            filters=tuple((str(k), str(v)) for k, v in filters),
            passes=tuple(PassCursor(name=name, since=start) for name in passes),
            per_page=per_page,
        )
        checkpoint._check()
        return checkpoint

    def _check(self) -> None:
        if self.resource not in _RESOURCES:
            raise ValueError(f"resource must be one of {_RESOURCES}, not {self.resource!r}")
        names = [cursor.name for cursor in self.passes]
        if not names or len(set(names)) != len(names) or any(n not in _PASSES for n in names):
            raise ValueError(f"passes must be distinct names among {_PASSES}, not {names}")
        if self.resource == "contacts" and names != ["default"]:
            raise ValueError("contacts have a single pass; filter them with state instead")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise ValueError(f"per_page must be 1..{MAX_PER_PAGE}, not {self.per_page}")
        if not 0 <= self.current <= len(self.passes) or self.page < 1:
            raise ValueError(f"no such position: pass {self.current}, page {self.page}")
        if self.phase not in _PHASES or (self.phase == "recheck" and self.page < 2):
            raise ValueError(f"phase {self.phase!r} does not fit page {self.page}")
        if self.phase == "backfill" and (self.resource, self.pass_name) != ("tickets", "default"):
            raise ValueError("only the default tickets pass can be back-filled through search")

    # ------------------------------------------------------------------ where we are

    @property
    def finished(self) -> bool:
        """Whether every pass reached the end of its list."""
        return self.current >= len(self.passes)

    @property
    def pass_name(self) -> PassName | None:
        """The name of the pass in progress (``None`` when finished)."""
        return None if self.finished else self.passes[self.current].name

    @property
    def cursor(self) -> PassCursor:
        """The cursor of the pass in progress.

        Raises:
            ValueError: the export is finished.
        """
        if self.finished:
            raise ValueError("the export is finished: no pass in progress")
        return self.passes[self.current]

    def __repr__(self) -> str:
        if self.finished:
            where = "finished"
        else:
            cursor = self.cursor
            where = (
                f"pass={cursor.name} since={wire_time(cursor.since)} page={self.page} "
                f"phase={self.phase} seen={len(cursor.seen)}"
            )
        return f"<ExportCheckpoint {self.resource} {where}>"

    # ------------------------------------------------------------------ deciding

    def next_request(self) -> ListRequest | BackfillRequest | None:
        """Return what to fetch next, or ``None`` when the export is finished."""
        if self.finished:
            return None
        cursor = self.cursor
        if self.phase == "backfill":
            day = cursor.since.date()
            # docs/freshdesk-api-notes.md#search: dates in search are whole UTC days, 'YYYY-MM-DD'.
            return BackfillRequest(
                second=cursor.since, day=day, query=f"updated_at:'{day.isoformat()}'"
            )
        page = self.page - 1 if self.phase == "recheck" else self.page
        if self.resource == "tickets":
            params: list[tuple[str, str]] = [
                ("updated_since", wire_time(cursor.since)),
                ("order_by", "updated_at"),
                ("order_type", "asc"),
            ]
            if cursor.name != "default":
                # docs/freshdesk-api-notes.md#the-tickets-list: spam and deleted tickets are listed only with filter=spam / filter=deleted.
                params.append(("filter", cursor.name))
        else:
            # docs/freshdesk-api-notes.md#contacts: contacts spell it with a leading underscore, and take no order_by.
            params = [("_updated_since", wire_time(cursor.since))]
        params.extend(self.filters)
        params += [("per_page", str(self.per_page)), ("page", str(page))]
        return ListRequest(
            path=self.resource, params=tuple(params), pass_name=cursor.name, page=page
        )

    def take_page(
        self,
        records: Sequence[Stamp],
        *,
        has_next: bool,
        page_cap: int = TICKETS_PAGE_CAP,
        sent_at: datetime | None = None,
        received_at: datetime | None = None,
    ) -> PageOutcome:
        """Take the answer to :meth:`next_request` (a list page) and decide what it yields.

        Args:
            records: the page's records, in Freshdesk's order.
            has_next: whether Freshdesk announced another page (``Link``).
            page_cap: the last page a tickets query may ask for (docs/freshdesk-api-notes.md#the-tickets-list: 300).
            sent_at: contacts: when the request was sent (the shell's clock).
            received_at: contacts: when the answer arrived (the shell's clock).

        Raises:
            StalledWindowError: page ``page_cap`` of the spam or deleted list
                still holds one second only: no request can reach the rest.
            ValueError: the state expects a search back-fill, not a page.
        """
        if self.finished or self.phase == "backfill":
            raise ValueError(f"{self!r} does not expect a list page")
        cursor = self.cursor
        drop = cursor.seen | self.taken
        keep: list[int] = []
        kept: set[RecordKey] = set()
        for index, record in enumerate(records):
            key = record.key
            if key in drop or key in kept or not _in_pass(self.resource, cursor.name, record):
                continue
            keep.append(index)
            kept.add(key)
        if self.resource == "tickets":
            checkpoint = self._after_ticket_page(records, has_next=has_next, page_cap=page_cap)
        else:
            checkpoint = self._after_contact_page(
                records, has_next=has_next, sent_at=sent_at, received_at=received_at
            )
        return PageOutcome(keep=tuple(keep), checkpoint=checkpoint)

    def _after_ticket_page(
        self, records: Sequence[Stamp], *, has_next: bool, page_cap: int
    ) -> ExportCheckpoint:
        cursor = self.cursor
        since = cursor.since
        last = max((record.updated_at for record in records), default=since)
        last = max(last, since)
        # Every key met at or after the next window's start may come again; on
        # one second (last == since) that is every key met, no filtering needed.
        met = cursor.seen | self.taken | {record.key for record in records}
        seen = met if last == since else _keys_at_or_after(met, last)
        if not has_next:
            return self._pass_done(attrs.evolve(cursor, since=last, seen=seen))
        if last > since:
            # Roll: restart at the last second seen, dropping its records we already have.
            return self._moved(attrs.evolve(cursor, since=last, seen=seen), 1)
        # The whole page is one second: read on in the same window.
        if self.phase == "recheck":
            return self._moved(attrs.evolve(cursor, seen=seen), self.page)
        if self.page < page_cap:
            return self._moved(attrs.evolve(cursor, seen=seen), self.page + 1)
        stalled = self._moved(attrs.evolve(cursor, seen=seen), 1)
        if cursor.name != "default":
            raise StalledWindowError(
                f"{self.per_page * page_cap}+ {cursor.name} tickets share updated_at "
                f"{wire_time(since)}: no list query reaches past page {page_cap} of that "
                "second, and search, which could split it, does not see "
                f"{cursor.name} tickets",
                resource=self.resource,
                pass_name=cursor.name,
                second=since,
                checkpoint=stalled,
            )
        return attrs.evolve(stalled, phase="backfill")

    def _after_contact_page(
        self,
        records: Sequence[Stamp],
        *,
        has_next: bool,
        sent_at: datetime | None,
        received_at: datetime | None,
    ) -> ExportCheckpoint:
        cursor = self.cursor
        started = self.walk_started
        if started is None and sent_at is not None:
            started = utc_second(sent_at)
        latest = max((record.updated_at for record in records), default=self.walk_latest)
        if self.walk_latest is not None and latest is not None:
            latest = max(latest, self.walk_latest)
        if has_next:
            # Contacts created meanwhile push records down a place: the edge of
            # this page comes again on the next one, dropped by key.
            seen = frozenset(record.key for record in records) | self.taken
            if self.phase == "recheck":
                seen |= cursor.seen
            page = self.page if self.phase == "recheck" else self.page + 1
            moved = self._moved(attrs.evolve(cursor, seen=seen), page)
            return attrs.evolve(moved, walk_started=started, walk_latest=latest)
        since = cursor.since
        if latest is not None and started is not None and received_at is not None:
            # Contacts changed during the walk but already passed by it have an
            # updated_at after the walk began, at most `elapsed` before the
            # newest one seen: the next run starts there (records in between
            # come again then).
            elapsed = max(utc_second(received_at) + _ONE_SECOND - started, timedelta(0))
            since = max(since, utc_second(latest - elapsed) - _CLOCK_MARGIN)
        return self._pass_done(attrs.evolve(cursor, since=since, seen=frozenset()))

    def take_backfill(self, records: Sequence[Stamp]) -> PageOutcome:
        """Take records found by the search of :class:`BackfillRequest` and decide what they yield.

        Records of other seconds are left to the list (those before were
        yielded, those after come after the back-fill), and records already
        yielded at that second are dropped by key.

        Raises:
            ValueError: the state is not back-filling.
        """
        if self.finished or self.phase != "backfill":
            raise ValueError(f"{self!r} is not back-filling a stalled second")
        cursor = self.cursor
        keep: list[int] = []
        kept: set[RecordKey] = set()
        for index, record in enumerate(records):
            key = record.key
            if (
                record.updated_at != cursor.since
                or key in cursor.seen
                or key in self.taken
                or key in kept
                or not _in_pass(self.resource, cursor.name, record)
            ):
                continue
            keep.append(index)
            kept.add(key)
        return PageOutcome(keep=tuple(keep), checkpoint=self.with_yielded(kept))

    def end_backfill(self) -> ExportCheckpoint:
        """Return the state after the back-fill's search is exhausted: the list goes on at S + 1 s.

        Raises:
            ValueError: the state is not back-filling.
        """
        if self.finished or self.phase != "backfill":
            raise ValueError(f"{self!r} is not back-filling a stalled second")
        cursor = self.cursor
        after = cursor.since + _ONE_SECOND
        seen = _keys_at_or_after(cursor.seen | self.taken, after)
        return self._moved(attrs.evolve(cursor, since=after, seen=seen), 1)

    def with_yielded(self, keys: Iterable[RecordKey]) -> ExportCheckpoint:
        """Return this state with *keys*, records of the step in progress, marked as yielded.

        The state for a consumer that stopped in the middle of a page (or of a
        back-fill): resuming from it repeats that step and drops these.
        """
        keys = frozenset(keys)
        return attrs.evolve(self, taken=self.taken | keys) if keys else self

    # ------------------------------------------------------------------ moving

    def _with_cursor(self, cursor: PassCursor) -> tuple[PassCursor, ...]:
        passes = list(self.passes)
        passes[self.current] = cursor
        return tuple(passes)

    def _moved(self, cursor: PassCursor, page: int) -> ExportCheckpoint:
        return attrs.evolve(
            self, passes=self._with_cursor(cursor), page=page, phase="list", taken=frozenset()
        )

    def _pass_done(self, cursor: PassCursor) -> ExportCheckpoint:
        moved = self._moved(cursor, 1)
        return attrs.evolve(moved, current=self.current + 1, walk_started=None, walk_latest=None)

    def restarted(self) -> ExportCheckpoint:
        """Return the first state of the next incremental run after this finished one."""
        return attrs.evolve(
            self,
            current=0,
            page=1,
            phase="list",
            taken=frozenset(),
            walk_started=None,
            walk_latest=None,
        )

    # ------------------------------------------------------------------ JSON

    def to_dict(self) -> dict[str, JSONValue]:
        """Return the checkpoint as JSON-safe data (timestamps as ISO 8601 strings)."""
        return {
            "format": CHECKPOINT_FORMAT,
            "resource": self.resource,
            "start": wire_time(self.start),
            "filters": [[name, value] for name, value in self.filters],
            "per_page": self.per_page,
            "passes": [
                {"name": c.name, "since": wire_time(c.since), "seen": _dump_keys(c.seen)}
                for c in self.passes
            ],
            "current": self.current,
            "page": self.page,
            "phase": self.phase,
            "taken": _dump_keys(self.taken),
            "walk_started": None if self.walk_started is None else wire_time(self.walk_started),
            "walk_latest": None if self.walk_latest is None else wire_time(self.walk_latest),
        }

    def to_json(self) -> str:
        """Return the checkpoint as a compact JSON text."""
        return json.dumps(self.to_dict(), separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExportCheckpoint:
        """Return the checkpoint :meth:`to_dict` gave.

        Raises:
            ValueError: *data* is not a checkpoint of this format.
        """
        try:
            if not isinstance(data, Mapping):
                raise TypeError("not a JSON object")
            if data.get("format") != CHECKPOINT_FORMAT:
                raise ValueError(f"format {data.get('format')!r}, expected {CHECKPOINT_FORMAT}")
            checkpoint = cls(
                resource=_load_choice(data["resource"], _RESOURCES),
                start=_load_time(data["start"]),
                filters=tuple(_load_pair(pair) for pair in _load_list(data["filters"])),
                per_page=_load_int(data["per_page"]),
                passes=tuple(
                    PassCursor(
                        name=_load_choice(item["name"], _PASSES),
                        since=_load_time(item["since"]),
                        seen=_load_keys(item["seen"]),
                    )
                    for item in _load_list(data["passes"])
                ),
                current=_load_int(data["current"]),
                page=_load_int(data["page"]),
                phase=_load_choice(data["phase"], _PHASES),
                taken=_load_keys(data["taken"]),
                walk_started=_load_optional_time(data.get("walk_started")),
                walk_latest=_load_optional_time(data.get("walk_latest")),
            )
            checkpoint._check()
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise ValueError(f"not a freshdesk-atom export checkpoint: {exc}") from exc
        return checkpoint

    @classmethod
    def from_json(cls, text: str | bytes) -> ExportCheckpoint:
        """Return the checkpoint :meth:`to_json` gave.

        Raises:
            ValueError: *text* is not JSON, or not a checkpoint of this format.
        """
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise ValueError(f"not a freshdesk-atom export checkpoint: {exc}") from exc
        return cls.from_dict(data)


# --------------------------------------------------------------------------- starting


def plan_export(
    resource: ExportResource,
    *,
    since: datetime | str | None,
    passes: Sequence[PassName] = ("default",),
    filters: Sequence[tuple[str, str]] = (),
    checkpoint: ExportCheckpoint | None = None,
) -> ExportCheckpoint:
    """Return the state an export starts from: a new one, or *checkpoint* ready to resume.

    A finished checkpoint starts the next incremental run. One stopped in the
    middle of a window (page > 1) re-reads the page before first (the recheck).

    Raises:
        TypeError: *checkpoint* is not an :class:`ExportCheckpoint`.
        ValueError: *checkpoint* was made for another resource, other passes,
            other filters or another ``updated_since``.
    """
    filters = tuple((str(k), str(v)) for k, v in filters)
    start = None if since is None else _updated_since(since)
    if checkpoint is None:
        return ExportCheckpoint.begin(
            resource, since=BEGINNING if start is None else start, passes=passes, filters=filters
        )
    if not isinstance(checkpoint, ExportCheckpoint):
        raise TypeError(
            f"checkpoint must be an ExportCheckpoint (ExportCheckpoint.from_json(text) "
            f"loads a saved one), not {type(checkpoint).__name__}"
        )
    names = tuple(cursor.name for cursor in checkpoint.passes)
    if checkpoint.resource != resource:
        raise ValueError(f"this checkpoint is for {checkpoint.resource}, not {resource}")
    if names != tuple(passes):
        raise ValueError(
            f"this checkpoint covers the passes {names}, not {tuple(passes)}: "
            "give the same include_spam and include_deleted as when it was made"
        )
    if checkpoint.filters != filters:
        raise ValueError(
            f"this checkpoint was made with the filters {dict(checkpoint.filters)}, "
            f"not {dict(filters)}"
        )
    if start is not None and start != checkpoint.start:
        raise ValueError(
            f"this checkpoint began at updated_since={wire_time(checkpoint.start)}, "
            f"not {wire_time(start)}: leave updated_since out to resume it"
        )
    if checkpoint.finished:
        return checkpoint.restarted()
    if checkpoint.phase == "list" and checkpoint.page > 1:
        return attrs.evolve(checkpoint, phase="recheck")
    return checkpoint


def _updated_since(value: object) -> datetime:
    return parse_timestamp(value, "updated_since").replace(microsecond=0)


# --------------------------------------------------------------------------- JSON helpers


def _dump_keys(keys: frozenset[RecordKey]) -> dict[str, JSONValue]:
    """Return *keys* grouped by timestamp, ids as ``n`` or ``[first, last]`` runs."""
    by_time: dict[datetime, list[int]] = {}
    for record_id, moment in keys:
        by_time.setdefault(moment, []).append(record_id)
    result: dict[str, JSONValue] = {}
    for moment in sorted(by_time):
        ids = sorted(by_time[moment])
        runs: list[JSONValue] = []
        first = last = ids[0]
        for record_id in ids[1:]:
            if record_id == last + 1:
                last = record_id
                continue
            runs.append(first if first == last else [first, last])
            first = last = record_id
        runs.append(first if first == last else [first, last])
        result[wire_time(moment)] = runs
    return result


def _load_keys(value: object) -> frozenset[RecordKey]:
    if not isinstance(value, Mapping):
        raise TypeError("keys must be an object of timestamp: ids")
    keys: set[RecordKey] = set()
    for stamp, runs in value.items():
        moment = _load_time(stamp)
        for run in _load_list(runs):
            if isinstance(run, list):
                if len(run) != 2:
                    raise ValueError(f"an id run has two ends, not {run!r}")
                first, last = _load_int(run[0]), _load_int(run[1])
                if last < first or last - first > 10_000_000:
                    raise ValueError(f"bad id run {run!r}")
                keys.update((record_id, moment) for record_id in range(first, last + 1))
            else:
                keys.add((_load_int(run), moment))
    return frozenset(keys)


def _load_list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, not {type(value).__name__}")
    return value


def _load_pair(value: object) -> tuple[str, str]:
    if not isinstance(value, list) or len(value) != 2:
        raise TypeError(f"expected a [name, value] pair, not {value!r}")
    return (_load_str(value[0]), _load_str(value[1]))


def _load_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, not {value!r}")
    return value


def _load_str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, not {value!r}")
    return value


def _load_time(value: object) -> datetime:
    return utc_second(_load_str(value))


def _load_optional_time(value: object) -> datetime | None:
    return None if value is None else _load_time(value)


def _load_choice(value: object, choices: tuple[str, ...]) -> Any:
    if value not in choices:
        raise ValueError(f"{value!r} is not one of {choices}")
    return value
