"""Table tests of the complete-export planner against a pure in-memory model of Freshdesk.

The model (:class:`Account`) answers the three requests the planner makes the
way docs/freshdesk-api-notes.md says Freshdesk does: ``GET /tickets`` (``updated_since`` is
``updated_at >= value``, ordered by ``updated_at`` then id, ``filter=spam`` /
``filter=deleted``, a page cap), ``GET /contacts`` (``_updated_since``,
ordered by name) and a search by ``updated_at`` day. It refuses a page past the
cap, so a planner that ever asked for one fails loudly.
"""

from __future__ import annotations

import bisect
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from freshdesk_atom._core.complete_export import (
    BEGINNING,
    BackfillRequest,
    ExportCheckpoint,
    ListRequest,
    PassName,
    RecordKey,
    Stamp,
    plan_export,
    utc_second,
    wire_time,
)
from freshdesk_atom._exceptions import StalledWindowError

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@dataclass
class Rec:
    id: int
    updated_at: datetime
    spam: bool = False
    deleted: bool = False
    name: str = ""

    def stamp(self) -> Stamp:
        return Stamp(self.id, self.updated_at, spam=self.spam, deleted=self.deleted)


@dataclass
class Account:
    """A pure model of the ticket list, the contacts list and search by day."""

    records: dict[int, Rec]
    page_cap: int = 3
    now: datetime = field(default_factory=lambda: at(10**7))
    requests: list[tuple[str, ...]] = field(default_factory=list)
    _sorted: dict[object, list[Rec]] = field(default_factory=dict)

    @classmethod
    def of(cls, records: list[Rec], **kwargs: object) -> Account:
        return cls({r.id: r for r in records}, **kwargs)  # type: ignore[arg-type]

    # -- writes

    def touch(self) -> None:
        self._sorted.clear()

    def update(self, record_id: int, **changes: object) -> None:
        """Change a record: Freshdesk stamps updated_at with the current time."""
        self.now += timedelta(seconds=1)
        record = self.records[record_id]
        for key, value in changes.items():
            setattr(record, key, value)
        record.updated_at = self.now
        self.touch()

    def add(self, record: Rec) -> None:
        self.records[record.id] = record
        self.touch()

    def remove(self, record_id: int) -> None:
        del self.records[record_id]
        self.touch()

    # -- reads

    def _listed(self, record: Rec, chosen: str | None) -> bool:
        if chosen == "deleted":
            return record.deleted
        if record.deleted:
            return False
        return record.spam == (chosen == "spam")

    def _order(self, resource: str, chosen: str | None) -> list[Rec]:
        key = (resource, chosen)
        if key not in self._sorted:
            if resource == "tickets":
                rows = [r for r in self.records.values() if self._listed(r, chosen)]
                rows.sort(key=lambda r: (r.updated_at, r.id))
            else:
                rows = sorted(self.records.values(), key=lambda r: (r.name, r.id))
            self._sorted[key] = rows
        return self._sorted[key]

    def list_page(self, request: ListRequest) -> tuple[list[Stamp], bool]:
        params = dict(request.params)
        page, per_page = int(params["page"]), int(params["per_page"])
        self.now += timedelta(seconds=1)  # every request takes a second of server time
        if request.path == "tickets":
            assert (params["order_by"], params["order_type"]) == ("updated_at", "asc")
            assert 1 <= page <= self.page_cap, f"page {page} is past the cap: Freshdesk says 400"
            since = utc_second(params["updated_since"])
            chosen = params.get("filter")
            rows = self._order("tickets", chosen)
            rows = rows[bisect.bisect_left(rows, since, key=lambda r: r.updated_at) :]
            self.requests.append((chosen or "default", wire_time(since), str(page)))
        else:
            assert "order_by" not in params
            since = utc_second(params["_updated_since"])
            rows = [r for r in self._order("contacts", None) if r.updated_at >= since]
            self.requests.append(("contacts", wire_time(since), str(page)))
        start = (page - 1) * per_page
        return [r.stamp() for r in rows[start : start + per_page]], len(rows) > start + per_page

    def search_day(self, request: BackfillRequest) -> list[Stamp]:
        """Every default-list ticket updated on the request's UTC day (search's own
        splitting into windows of 300 is the search resource's, tested there)."""
        self.requests.append(("search", request.query))
        return [
            r.stamp()
            for r in self.records.values()
            if self._listed(r, None) and r.updated_at.date() == request.day
        ]

    def keys(self, *passes: str) -> set[RecordKey]:
        return {
            (r.id, r.updated_at)
            for r in self.records.values()
            if any(self._listed(r, None if p == "default" else p) for p in passes)
        }


@dataclass
class Run:
    yielded: list[RecordKey]
    # (checkpoint, how many records had been yielded when it was taken)
    checkpoints: list[tuple[ExportCheckpoint, int]]
    final: ExportCheckpoint


Hook = Callable[[Account, int], None]


def run(
    checkpoint: ExportCheckpoint,
    account: Account,
    *,
    hook: Hook | None = None,
    max_steps: int = 100_000,
    skew: timedelta = timedelta(hours=3),
    every_record: bool = True,
) -> Run:
    """Drive the planner like the shell does; *hook* changes the account between steps."""
    yielded: list[RecordKey] = []
    checkpoints = [(checkpoint, 0)]
    for step in range(max_steps):
        request = checkpoint.next_request()
        if request is None:
            return Run(yielded, checkpoints, checkpoint)
        if isinstance(request, ListRequest):
            sent = account.now + skew  # the shell's clock: any offset from Freshdesk's
            records, has_next = account.list_page(request)
            outcome = checkpoint.take_page(
                records,
                has_next=has_next,
                page_cap=account.page_cap,
                sent_at=sent,
                received_at=account.now + skew,
            )
            kept = [records[i].key for i in outcome.keep]
            for n, key in enumerate(kept, 1):
                yielded.append(key)
                if every_record:
                    checkpoints.append((checkpoint.with_yielded(kept[:n]), len(yielded)))
            checkpoint = outcome.checkpoint
        else:
            found = account.search_day(request)
            for start in range(0, len(found), 30):
                outcome = checkpoint.take_backfill(found[start : start + 30])
                for i in outcome.keep:
                    yielded.append(found[start + i].key)
                checkpoint = outcome.checkpoint
                checkpoints.append((checkpoint, len(yielded)))
            checkpoint = checkpoint.end_backfill()
        checkpoints.append((checkpoint, len(yielded)))
        if hook is not None:
            hook(account, step)
    raise AssertionError("the export did not finish: a loop")


def begin(*passes: str, per_page: int = 10, since: datetime = BEGINNING) -> ExportCheckpoint:
    return ExportCheckpoint.begin(
        "tickets",
        since=since,
        passes=passes or ("default",),  # type: ignore[arg-type]
        per_page=per_page,
    )


def assert_once(result: Run, expected: set[RecordKey]) -> None:
    assert len(result.yielded) == len(set(result.yielded)), "a record came twice"
    assert set(result.yielded) == expected


# --------------------------------------------------------------------------- requests


def test_ticket_requests_always_carry_the_window_and_the_order() -> None:
    checkpoint = begin("default", "spam", per_page=100, since=at(0))
    request = checkpoint.next_request()
    assert request == ListRequest(
        path="tickets",
        params=(
            ("updated_since", "2024-01-01T00:00:00Z"),
            ("order_by", "updated_at"),
            ("order_type", "asc"),
            ("per_page", "100"),
            ("page", "1"),
        ),
        pass_name="default",
        page=1,
    )
    spam = checkpoint.take_page([], has_next=False).checkpoint.next_request()
    assert isinstance(spam, ListRequest)
    assert ("filter", "spam") in spam.params


def test_contact_requests_use_the_underscore_and_no_order() -> None:
    checkpoint = ExportCheckpoint.begin(
        "contacts", since="2024-01-01T00:00:00+02:00", filters=[("state", "verified")]
    )
    request = checkpoint.next_request()
    assert isinstance(request, ListRequest)
    assert request.params == (
        ("_updated_since", "2023-12-31T22:00:00Z"),
        ("state", "verified"),
        ("per_page", "100"),
        ("page", "1"),
    )


# --------------------------------------------------------------------------- seams, table


SEAM_TABLE = [
    pytest.param(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        [("default", "1970-01-01T00:00:00Z", "1"), ("default", "2024-01-01T00:00:09Z", "1")],
        id="distinct-seconds-roll-every-page",
    ),
    pytest.param(
        [0] * 4 + [5] * 9 + [6],
        [
            ("default", "1970-01-01T00:00:00Z", "1"),  # 4 at :00, 6 of :05 -> roll to :05
            ("default", "2024-01-01T00:00:05Z", "1"),  # 6 dropped, 3 new of :05, 1 of :06
        ],
        id="seam-second-comes-again-and-is-dropped",
    ),
    pytest.param(
        [3] * 25 + [4, 5],
        [
            ("default", "1970-01-01T00:00:00Z", "1"),
            ("default", "2024-01-01T00:00:03Z", "1"),  # all 10 already seen: one second
            ("default", "2024-01-01T00:00:03Z", "2"),  # read on in the same window
            ("default", "2024-01-01T00:00:03Z", "3"),  # 5 of :03, then :04, :05: done
        ],
        id="one-second-across-pages-reads-on",
    ),
    pytest.param(
        [7] * 30 + [8],
        [
            ("default", "1970-01-01T00:00:00Z", "1"),
            ("default", "2024-01-01T00:00:07Z", "1"),
            ("default", "2024-01-01T00:00:07Z", "2"),
            ("default", "2024-01-01T00:00:07Z", "3"),  # page 3 = the cap, still :07 only
            ("search", "updated_at:'2024-01-01'"),  # back-fill the stalled second
            ("default", "2024-01-01T00:00:08Z", "1"),  # and go on one second later
        ],
        id="page-cap-seam-stalls-and-back-fills",
    ),
    pytest.param([], [("default", "1970-01-01T00:00:00Z", "1")], id="empty-list"),
]


@pytest.mark.parametrize(("seconds", "requests"), SEAM_TABLE)
def test_seams(seconds: list[int], requests: list[tuple[str, ...]]) -> None:
    account = Account.of([Rec(i + 1, at(s)) for i, s in enumerate(seconds)])
    result = run(begin(), account)
    assert account.requests == requests
    assert_once(result, account.keys("default"))
    # Ascending by updated_at, as the list gives them (the back-fill fits in its second).
    assert [key[1] for key in result.yielded] == sorted(key[1] for key in result.yielded)


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("distinct_seconds", [3, 40, 400, 5_000])
def test_every_ticket_once_whatever_the_collisions(seed: int, distinct_seconds: int) -> None:
    rng = random.Random(seed)
    account = Account.of(
        [Rec(i, at(rng.randrange(distinct_seconds))) for i in range(1, 600)], page_cap=3
    )
    result = run(begin(), account)
    assert_once(result, account.keys("default"))


def test_empty_windows_and_records_before_since() -> None:
    account = Account.of([Rec(1, at(0)), Rec(2, at(1))])
    result = run(begin("default", "spam", "deleted", since=at(2)), account)
    assert result.yielded == []
    assert result.final.finished
    # One request per pass, each answered with an empty page.
    assert [r[0] for r in account.requests] == ["default", "spam", "deleted"]
    # An empty pass keeps its window where it was.
    assert [c.since for c in result.final.passes] == [at(2)] * 3


def test_spam_and_deleted_are_extra_passes_each_record_once() -> None:
    records = [Rec(i, at(i)) for i in range(1, 40)]
    for r in records[5:12]:
        r.spam = True
    for r in records[10:20]:
        r.deleted = True  # 10 and 11 are spam and deleted: they belong to the deleted list
    account = Account.of(records)
    result = run(begin("default", "spam", "deleted"), account)
    assert_once(result, account.keys("default", "spam", "deleted"))
    assert {key[0] for key in result.yielded} == set(range(1, 40))
    only_default = run(begin(), Account.of(records))
    assert {key[0] for key in only_default.yielded} == set(range(1, 40)) - set(range(6, 21))


def test_a_spam_list_listing_deleted_spam_too_does_not_repeat_it() -> None:
    """If filter=spam also listed deleted spam, the deleted pass would repeat it: dropped."""

    class Leaky(Account):
        def _listed(self, record: Rec, chosen: str | None) -> bool:
            if chosen == "spam":
                return record.spam
            return super()._listed(record, chosen)

    account = Leaky.of([Rec(1, at(1), spam=True, deleted=True), Rec(2, at(2), spam=True)])
    result = run(begin("default", "spam", "deleted"), account)
    assert sorted(result.yielded) == [(1, at(1)), (2, at(2))]


# --------------------------------------------------------------------------- bulk imports


@pytest.mark.parametrize(("bulk", "cap"), [(31, 3), (95, 3), (300, 2), (1_000, 5)])
def test_same_second_bulk_import_larger_than_a_window(bulk: int, cap: int) -> None:
    rng = random.Random(bulk)
    around = [Rec(i, at(rng.randrange(-5_000, 5_000))) for i in range(1, 200)]
    imported = [Rec(1_000 + i, at(0)) for i in range(bulk)]
    account = Account.of(around + imported, page_cap=cap)
    result = run(begin(), account)
    assert_once(result, account.keys("default"))
    assert sum(r[0] == "search" for r in account.requests) == 1
    assert max(int(r[2]) for r in account.requests if r[0] == "default") == cap


def test_bulk_import_at_full_scale() -> None:
    """35,000 tickets in one second, Freshdesk's real cap (300 pages of 100)."""
    imported = [Rec(i, at(0)) for i in range(1, 35_001)]
    others = [Rec(40_000 + i, at(i * 7 - 3_500)) for i in range(1_000)]
    account = Account.of(imported + others, page_cap=300)
    result = run(begin(per_page=100), account, every_record=False)
    assert_once(result, account.keys("default"))
    listed = [r for r in account.requests if r[0] == "default"]
    assert max(int(r[2]) for r in listed) == 300
    # 35,000 + 1,000 records: about 360 pages, 300 of them inside the stalled second.
    assert len(listed) < 400
    # The seen keys of the stalled second are one run of ids: a small checkpoint.
    stalled = next(cp for cp, _ in result.checkpoints if cp.phase == "backfill")
    assert len(stalled.to_json()) < 400


def test_bulk_second_back_fill_sees_only_that_second_and_only_new_records() -> None:
    checkpoint = begin().take_page([Stamp(i, at(5)) for i in range(10)], has_next=True)
    stalled = plan_export(
        "tickets", since=None, checkpoint=checkpoint.checkpoint
    )  # rolled to :05, seen 10
    state = stalled
    for page in (2, 3):
        state = state.take_page(
            [Stamp(i, at(5)) for i in range(10 * (page - 1), 10 * page)], has_next=True
        ).checkpoint
    state = state.take_page(
        [Stamp(i, at(5)) for i in range(30, 40)], has_next=True, page_cap=3
    ).checkpoint
    assert state.phase == "backfill"
    request = state.next_request()
    assert request == BackfillRequest(
        second=at(5), day=at(5).date(), query="updated_at:'2024-01-01'"
    )
    found = [
        Stamp(3, at(5)),  # seen in the list
        Stamp(50, at(4)),  # another second of that day: the list has it
        Stamp(51, at(5)),  # new
        Stamp(52, at(5), spam=True),  # not in the default list
        Stamp(51, at(5)),  # twice in search: once
        Stamp(53, at(5)),
    ]
    outcome = state.take_backfill(found)
    assert outcome.keep == (2, 5)
    after = outcome.checkpoint.end_backfill()
    assert (after.phase, after.cursor.since, after.cursor.seen, after.page) == (
        "list",
        at(6),
        frozenset(),
        1,
    )


@pytest.mark.parametrize("list_name", ["spam", "deleted"])
def test_a_stalled_spam_or_deleted_list_raises_with_its_checkpoint(list_name: str) -> None:
    flag = {list_name: True}
    account = Account.of([Rec(i, at(0), **flag) for i in range(1, 50)])  # type: ignore[arg-type]
    with pytest.raises(StalledWindowError) as caught:
        run(begin("default", list_name), account)
    error = caught.value
    assert (error.pass_name, error.second, error.resource) == (list_name, at(0), "tickets")
    assert "search" in str(error)
    # Nothing was skipped: the checkpoint still stands at that second.
    assert error.checkpoint.cursor.since == at(0)
    assert len(error.checkpoint.cursor.seen) == 30


# --------------------------------------------------------------------------- changes meanwhile


def _churn(rng: random.Random, changes_per_step: int, steps: int) -> Hook:
    def hook(account: Account, step: int) -> None:
        if step >= steps:
            return
        for _ in range(changes_per_step):
            account.update(rng.choice(list(account.records)))

    return hook


@pytest.mark.parametrize("seed", range(6))
def test_records_changed_during_the_iteration_come_in_their_last_version(seed: int) -> None:
    rng = random.Random(seed)
    account = Account.of([Rec(i, at(rng.randrange(2_000))) for i in range(1, 400)], page_cap=3)
    result = run(begin(), account, hook=_churn(rng, 3, 40))
    assert len(result.yielded) == len(set(result.yielded)), "an exact repeat"
    # Nothing is missed: every record's current version came.
    assert account.keys("default") <= set(result.yielded)
    # A changed record may come twice (old and new updated_at), never more than its versions.
    assert len(result.yielded) > len(account.records)


def test_a_plain_page_walk_would_skip_records_moved_up_by_changes() -> None:
    """Why the window rolls after every page: the page-edge skip, demonstrated on the model."""
    records = [Rec(i, at(i)) for i in range(1, 31)]
    naive = Account.of([Rec(r.id, r.updated_at) for r in records])
    page1, _ = naive.list_page(_tickets_request(at(0), 1))
    naive.update(page1[0].id)  # read, then changed: moves to the end
    page2, _ = naive.list_page(_tickets_request(at(0), 2))
    page3, _ = naive.list_page(_tickets_request(at(0), 3))
    walked = {s.id for s in page1 + page2 + page3}
    assert 11 not in walked  # moved up onto page 1 after page 1 was read: lost

    account = Account.of(records)
    moved = False

    def change_once(account: Account, step: int) -> None:
        nonlocal moved
        if not moved:
            account.update(1)
            moved = True

    result = run(begin(), account, hook=change_once)
    assert {key[0] for key in result.yielded} == set(range(1, 31))


def _tickets_request(since: datetime, page: int) -> ListRequest:
    return ListRequest(
        path="tickets",
        params=(
            ("updated_since", wire_time(since)),
            ("order_by", "updated_at"),
            ("order_type", "asc"),
            ("per_page", "10"),
            ("page", str(page)),
        ),
        pass_name="default",
        page=page,
    )


# --------------------------------------------------------------------------- resuming


def _resume_everywhere(
    make: Callable[[], Account], first: ExportCheckpoint, *, resource: str = "tickets"
) -> int:
    full = run(first, make())
    names = tuple(c.name for c in first.passes)
    tried = 0
    for checkpoint, count in full.checkpoints:
        if checkpoint.finished:
            continue
        saved = ExportCheckpoint.from_json(json.dumps(json.loads(checkpoint.to_json())))
        assert saved == checkpoint
        resumed = plan_export(
            resource,  # type: ignore[arg-type]
            since=None,
            passes=names,
            filters=first.filters,
            checkpoint=saved,
        )
        rest = run(resumed, make())
        assert full.yielded[:count] + rest.yielded == full.yielded, f"at {checkpoint!r}"
        tried += 1
    return tried


def test_resume_from_every_checkpoint_of_a_ticket_run() -> None:
    def make() -> Account:
        rng = random.Random(7)
        records = [Rec(i, at(rng.randrange(300))) for i in range(1, 150)]
        records += [Rec(500 + i, at(150)) for i in range(45)]  # stalls at cap 3 x 10
        for r in records[:12]:
            r.spam = True
        for r in records[12:20]:
            r.deleted = True
        return Account.of(records, page_cap=3)

    tried = _resume_everywhere(make, begin("default", "spam", "deleted"))
    assert tried > 150  # after every record and every page


def test_resume_from_every_checkpoint_of_a_contact_run() -> None:
    def make() -> Account:
        rng = random.Random(3)
        return Account.of(
            [Rec(i, at(rng.randrange(50)), name=f"n{rng.randrange(40):02d}") for i in range(1, 80)]
        )

    first = ExportCheckpoint.begin("contacts", since=BEGINNING, per_page=10)
    assert _resume_everywhere(make, first, resource="contacts") > 80


def test_resuming_mid_window_rechecks_the_page_before() -> None:
    """Records of a stalled second that moved up while the export was stopped are not lost."""
    account = Account.of([Rec(i, at(0)) for i in range(1, 26)] + [Rec(99, at(9))], page_cap=5)
    state = begin()
    keys: list[RecordKey] = []
    for _ in range(3):  # page 1 of the first window, then pages 1 and 2 of the :00 window
        request = state.next_request()
        assert isinstance(request, ListRequest)
        records, has_next = account.list_page(request)
        outcome = state.take_page(records, has_next=has_next, page_cap=5)
        keys += [records[i].key for i in outcome.keep]
        state = outcome.checkpoint
    assert (state.cursor.since, state.page, len(keys)) == (at(0), 3, 20)
    # While stopped: three records already read change (they move to the end) and
    # the records of page 3 move up by three places.
    for record_id in (1, 2, 3):
        account.update(record_id)
    resumed = plan_export(
        "tickets", since=None, checkpoint=ExportCheckpoint.from_json(state.to_json())
    )
    assert resumed.phase == "recheck"
    rest = run(resumed, account)
    assert account.requests[3] == ("default", "2024-01-01T00:00:00Z", "2")  # the recheck
    got = keys + rest.yielded
    assert len(got) == len(set(got))
    assert account.keys("default") <= set(got)


def test_resuming_a_contact_walk_after_deletions_rechecks_the_page_before() -> None:
    account = Account.of([Rec(i, at(i), name=f"c{i:03d}") for i in range(1, 36)])
    state = ExportCheckpoint.begin("contacts", per_page=10)
    keys: list[RecordKey] = []
    for _ in range(2):
        request = state.next_request()
        assert isinstance(request, ListRequest)
        records, has_next = account.list_page(request)
        outcome = state.take_page(records, has_next=has_next, sent_at=T0, received_at=T0)
        keys += [records[i].key for i in outcome.keep]
        state = outcome.checkpoint
    for record_id in (2, 3, 4, 5):  # deleted while stopped: contacts 21..24 move up to page 2
        account.remove(record_id)
    rest = run(plan_export("contacts", since=None, checkpoint=state), account)
    got = keys + rest.yielded
    assert len(got) == len(set(got))
    assert {key[0] for key in got} == set(range(1, 36))


def test_a_finished_checkpoint_runs_only_what_changed_since() -> None:
    account = Account.of([Rec(i, at(i % 50)) for i in range(1, 200)], page_cap=3)
    first = run(begin("default", "spam"), account)
    assert first.final.finished
    account.update(5)
    account.update(7, spam=True)
    account.add(Rec(1_000, account.now))
    changed = {(i, account.records[i].updated_at) for i in (5, 7, 1_000)}
    passes: tuple[PassName, ...] = ("default", "spam")
    again = run(plan_export("tickets", since=None, passes=passes, checkpoint=first.final), account)
    assert sorted(again.yielded) == sorted(changed)
    idle = run(
        plan_export("tickets", since=None, passes=("default", "spam"), checkpoint=again.final),
        account,
    )
    assert idle.yielded == []


def test_contacts_changed_during_the_walk_come_in_the_next_run() -> None:
    """Listed by name, a contact changed behind the walk is passed by; the next run takes it."""
    account = Account.of([Rec(i, at(i), name=f"c{i:03d}") for i in range(1, 60)])
    behind: list[int] = []

    def change_behind(account: Account, step: int) -> None:
        if step == 3:  # the walk is on page 5: contacts 1..40 are behind it
            for record_id in (2, 30):
                account.update(record_id)
                behind.append(record_id)

    first = run(ExportCheckpoint.begin("contacts", per_page=10), account, hook=change_behind)
    assert {key[0] for key in first.yielded} == set(range(1, 60))
    changed = {(i, account.records[i].updated_at) for i in behind}
    assert not changed & set(first.yielded)
    second = run(plan_export("contacts", since=None, checkpoint=first.final), account)
    assert changed <= set(second.yielded)
    assert len(second.yielded) == len(set(second.yielded))


def test_contacts_created_during_the_walk_do_not_repeat_the_page_edge() -> None:
    account = Account.of([Rec(i, at(i), name=f"c{i:03d}") for i in range(1, 40)])

    def create_early_names(account: Account, step: int) -> None:
        if step < 3:
            account.add(Rec(100 + step, account.now, name="a"))  # sorts first: pushes all down

    result = run(ExportCheckpoint.begin("contacts", per_page=10), account, hook=create_early_names)
    assert len(result.yielded) == len(set(result.yielded))
    assert set(range(1, 40)) <= {key[0] for key in result.yielded}


# --------------------------------------------------------------------------- the checkpoint


def test_checkpoint_json_is_small_and_round_trips() -> None:
    state = (
        begin("default", "deleted")
        .take_page(
            [Stamp(i, at(1)) for i in range(1, 8)] + [Stamp(20, at(1)), Stamp(9, at(2))],
            has_next=True,
        )
        .checkpoint
    )
    state = state.with_yielded([(11, at(3))])
    data = json.loads(state.to_json())
    assert data["passes"][0] == {
        "name": "default",
        "since": "2024-01-01T00:00:02Z",
        "seen": {"2024-01-01T00:00:02Z": [9]},
    }
    assert data["taken"] == {"2024-01-01T00:00:03Z": [11]}
    assert ExportCheckpoint.from_dict(data) == state
    assert ExportCheckpoint.from_json(state.to_json().encode()) == state
    assert "ExportCheckpoint tickets pass=default" in repr(state)


def test_seen_ids_are_stored_as_runs() -> None:
    keys = {(i, at(0)) for i in (*range(1, 30_001), 40_000, 40_002, 40_003)}
    state = attrs_evolve_seen(begin(), frozenset(keys))
    assert json.loads(state.to_json())["passes"][0]["seen"] == {
        "2024-01-01T00:00:00Z": [[1, 30_000], 40_000, [40_002, 40_003]]
    }
    assert ExportCheckpoint.from_json(state.to_json()) == state


def attrs_evolve_seen(state: ExportCheckpoint, seen: frozenset[RecordKey]) -> ExportCheckpoint:
    import attrs

    cursor = attrs.evolve(state.cursor, seen=seen)
    return attrs.evolve(state, passes=(cursor,))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(format=2),
        lambda d: d.update(resource="companies"),
        lambda d: d.update(page=0),
        lambda d: d.update(page="2"),
        lambda d: d.update(phase="recheck"),  # page 1 has no page before
        lambda d: d.update(phase="backfill", current=1),  # only the default pass
        lambda d: d.update(passes=[]),
        lambda d: d["passes"][0].update(name="archived"),
        lambda d: d["passes"][0].update(since="yesterday"),
        lambda d: d["passes"][0].update(seen={"2024-01-01T00:00:00Z": [[5, 1]]}),
        lambda d: d["passes"][0].update(seen={"2024-01-01T00:00:00Z": [True]}),
        lambda d: d.update(filters=[["state"]]),
        lambda d: d.pop("taken"),
        lambda d: d.update(per_page=101),
    ],
)
def test_a_damaged_checkpoint_is_refused(mutate: Callable[[dict[str, object]], object]) -> None:
    data = begin("default", "spam").to_dict()
    mutate(data)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a freshdesk-atom export checkpoint"):
        ExportCheckpoint.from_dict(data)


def test_not_json_is_refused() -> None:
    with pytest.raises(ValueError, match="not a freshdesk-atom export checkpoint"):
        ExportCheckpoint.from_json("{")
    with pytest.raises(ValueError, match="not a freshdesk-atom export checkpoint"):
        ExportCheckpoint.from_json("[]")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"resource": "contacts"}, "is for tickets"),
        ({"passes": ("default",)}, "include_spam and include_deleted"),
        ({"filters": (("state", "blocked"),)}, "filters"),
        ({"since": at(1)}, "leave updated_since out"),
    ],
)
def test_a_checkpoint_resumes_only_the_export_it_belongs_to(
    kwargs: dict[str, object], message: str
) -> None:
    checkpoint = begin("default", "spam", since=at(0))
    arguments: dict[str, object] = {
        "resource": "tickets",
        "since": None,
        "passes": ("default", "spam"),
        "filters": (),
    }
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        plan_export(checkpoint=checkpoint, **arguments)  # type: ignore[arg-type]
    # The same updated_since is fine.
    assert (
        plan_export(
            "tickets",
            since="2024-01-01T00:00:00Z",
            passes=("default", "spam"),
            checkpoint=checkpoint,
        )
        == checkpoint
    )


def test_a_checkpoint_must_be_a_checkpoint() -> None:
    with pytest.raises(TypeError, match="from_json"):
        plan_export("tickets", since=None, checkpoint="{}")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"resource": "companies"}, "resource"),
        ({"passes": ()}, "passes"),
        ({"passes": ("default", "default")}, "passes"),
        ({"passes": ("archived",)}, "passes"),
        ({"resource": "contacts", "passes": ("default", "spam")}, "state"),
        ({"per_page": 0}, "per_page"),
    ],
)
def test_begin_checks_its_arguments(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"resource": "tickets"}
    arguments.update(kwargs)
    resource = arguments.pop("resource")
    with pytest.raises(ValueError, match=message):
        ExportCheckpoint.begin(resource, **arguments)  # type: ignore[arg-type]


def test_steps_out_of_order_are_refused() -> None:
    state = begin()
    with pytest.raises(ValueError, match="not back-filling"):
        state.take_backfill([])
    with pytest.raises(ValueError, match="not back-filling"):
        state.end_backfill()
    done = state.take_page([], has_next=False).checkpoint
    assert done.finished
    assert done.next_request() is None
    assert done.pass_name is None
    with pytest.raises(ValueError, match="does not expect a list page"):
        done.take_page([], has_next=False)
    with pytest.raises(ValueError, match="finished"):
        _ = done.cursor
    assert "finished" in repr(done)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05T09:15:27Z", datetime(2024, 3, 5, 9, 15, 27, tzinfo=UTC)),
        ("2024-03-05T09:15:27.999+05:30", datetime(2024, 3, 5, 3, 45, 27, tzinfo=UTC)),
        (datetime(2024, 3, 5, 9, 15, 27, 500), datetime(2024, 3, 5, 9, 15, 27, tzinfo=UTC)),
        ("2024-03-05", datetime(2024, 3, 5, tzinfo=UTC)),
    ],
)
def test_utc_second(value: datetime | str, expected: datetime) -> None:
    assert utc_second(value) == expected


def test_utc_second_refuses_other_types() -> None:
    with pytest.raises(TypeError):
        utc_second(12)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="soon"):
        utc_second("soon")


@pytest.mark.parametrize(
    ("since", "error", "message"),
    [
        ("yesterday", ValueError, "updated_since must be an ISO 8601 timestamp"),
        (datetime(2024, 1, 1).date(), TypeError, "updated_since must be a datetime"),
        (1_700_000_000, TypeError, "not int"),
    ],
)
def test_updated_since_is_checked_before_any_request(
    since: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        plan_export("tickets", since=since)  # type: ignore[arg-type]
