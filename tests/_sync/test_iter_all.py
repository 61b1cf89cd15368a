# Generated from tests/_async/test_iter_all.py by scripts/unasync.py; do not edit.
"""Complete exports (``iter_all``) against the fake Freshdesk: every record exactly once.

The big account (45,000 tickets over three years) is generated once per
session and shared with the generated sync twin of this file
(``tests/export_accounts.py``); tests that change records build their own.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from freshdesk_atom import (
    APIConnectionError,
    ExportCheckpoint,
    ExportPage,
    Freshdesk,
    RecordStream,
    ServerError,
    StalledWindowError,
    Ticket,
)
from freshdesk_atom._exceptions import SearchLimitError
from freshdesk_atom.testing import FakeClock, FakeFreshdesk, FaultPlan, RateLimitConfig

from ..export_accounts import NOW, three_years

EVERYTHING = datetime(2000, 1, 1, tzinfo=UTC)


def connect(fake: FakeFreshdesk, **kwargs: Any) -> Freshdesk:
    client = Freshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
        **kwargs,
    )

    def no_sleep(seconds: float) -> None:
        pass

    client._transport._sleep = no_sleep  # retries without waiting
    return client


def own_fake(**kwargs: Any) -> FakeFreshdesk:
    return FakeFreshdesk(
        clock=FakeClock.manual(NOW), rate_limit=RateLimitConfig.unlimited(), **kwargs
    )


def wire(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def keys_of(tickets: list[Ticket]) -> list[tuple[int, datetime]]:
    return [(t.id, t.updated_at) for t in tickets]


def state_keys(fake: FakeFreshdesk) -> set[tuple[int, datetime]]:
    return {(t["id"], datetime.fromisoformat(t["updated_at"])) for t in fake.state.tickets.values()}


def test_export_of_45000_tickets_over_three_years_gives_each_exactly_once() -> None:
    fake = three_years(45_000)
    with connect(fake) as fd:
        stream = fd.tickets.iter_all(include_spam=True, include_deleted=True)
        tickets = [ticket for ticket in stream]
    ids = [t.id for t in tickets]
    assert len(ids) == len(set(ids)) == len(fake.state.tickets) == 45_000
    assert set(ids) == set(fake.state.tickets)
    assert set(keys_of(tickets)) == state_keys(fake)
    assert stream.checkpoint.finished
    lists = fake.counters.requests["GET /tickets"]
    # One request per 100 tickets, plus the seam records again and one per pass.
    assert 450 < lists < 470, lists
    assert fake.counters.requests["GET /search/tickets"] == 0


def test_default_export_leaves_spam_and_deleted_out() -> None:
    fake = three_years(1_500)
    with connect(fake) as fd:
        got = {t.id for t in fd.tickets.iter_all(updated_since=EVERYTHING)}
        spam = {t.id for t in fd.tickets.iter_all(include_spam=True)}
    listed = {i for i, t in fake.state.tickets.items() if not t["spam"] and not t.get("deleted")}
    assert got == listed
    assert spam - got == {
        i for i, t in fake.state.tickets.items() if t["spam"] and not t.get("deleted")
    }


def test_interrupted_after_n_pages_resumes_from_the_json_checkpoint() -> None:
    fake = three_years(1_500)
    everything = set(fake.state.tickets)
    for stop_after in (1, 15, 17):
        got: list[int] = []
        with connect(fake) as fd:
            stream = fd.tickets.iter_all(include_spam=True, include_deleted=True)
            pages: list[ExportPage[Ticket]] = []
            for page in stream.iter_pages():
                got += [t.id for t in page.items]
                pages.append(page)
                if len(pages) == stop_after:
                    break
            saved = stream.checkpoint.to_json()
            assert stream.checkpoint == pages[-1].checkpoint
        with connect(fake) as fd:  # a new process, in effect
            resumed = fd.tickets.iter_all(
                include_spam=True,
                include_deleted=True,
                checkpoint=ExportCheckpoint.from_json(saved),
            )
            got += [t.id for t in resumed]
        assert len(got) == len(set(got)), f"repeats after stopping at page {stop_after}"
        assert set(got) == everything


def test_stopped_in_the_middle_of_a_page_resumes_after_the_last_record() -> None:
    fake = three_years(1_500)
    got: list[int] = []
    with connect(fake) as fd:
        stream = fd.tickets.iter_all(updated_since=EVERYTHING)
        for stop in (150, 1_234, 1_301):
            for ticket in stream:
                got.append(ticket.id)
                if len(got) == stop:
                    break
            stream = fd.tickets.iter_all(
                updated_since=EVERYTHING,
                checkpoint=ExportCheckpoint.from_json(stream.checkpoint.to_json()),
            )
        got += [t.id for t in stream]
    listed = {i for i, t in fake.state.tickets.items() if not t["spam"] and not t.get("deleted")}
    assert len(got) == len(set(got))
    assert set(got) == listed


def test_iterating_again_after_a_break_goes_on() -> None:
    fake = three_years(1_500)
    with connect(fake) as fd:
        stream = fd.tickets.iter_all()
        first = []
        for ticket in stream:
            first.append(ticket.id)
            if len(first) == 250:
                break
        rest = [t.id for t in stream]
    assert (
        len(first + rest)
        == len(set(first + rest))
        == len(fake.state.tickets)
        - sum(t["spam"] or bool(t.get("deleted")) for t in fake.state.tickets.values())
    )


def test_injected_5xx_and_dropped_connections_still_give_every_ticket_once() -> None:
    fake = three_years(1_500)
    fake.faults = FaultPlan(rate=0.1, kinds=("500", "502", "503", "drop"), seed=11)
    got: list[int] = []
    checkpoint: ExportCheckpoint | None = None
    failures = 0
    with connect(fake, max_retries=0) as fd:  # every fault ends the iteration
        while True:
            stream = fd.tickets.iter_all(
                include_spam=True, include_deleted=True, checkpoint=checkpoint
            )
            try:
                for ticket in stream:
                    got.append(ticket.id)
                break
            except (ServerError, APIConnectionError):
                failures += 1  # retries spent: resume from where it stood
                checkpoint = ExportCheckpoint.from_json(stream.checkpoint.to_json())
    assert failures == fake.counters.faults > 0
    assert len(got) == len(set(got))
    assert set(got) == set(fake.state.tickets)


def test_tickets_changed_during_the_export_come_in_their_last_version() -> None:
    fake = own_fake()
    rng = random.Random(4)
    for i in range(1, 801):
        created = NOW - timedelta(days=rng.uniform(1, 900))
        fake.add_ticket(
            id=i,
            subject=f"t{i}",
            created_at=wire(created),
            updated_at=wire(created + timedelta(minutes=rng.randrange(600))),
        )
    got: list[Ticket] = []
    with connect(fake) as fd:
        pages: list[ExportPage[Ticket]] = []
        for page in fd.tickets.iter_all().iter_pages():
            got += page.items
            pages.append(page)
            if len(pages) in (2, 3, 5):
                for ticket_id in rng.sample(range(1, 801), 15):
                    fake.clock.advance(7)
                    fd.tickets.update(ticket_id, priority=rng.randrange(1, 5))
    keys = keys_of(got)
    assert len(keys) == len(set(keys)), "an exact repeat"
    assert state_keys(fake) <= set(keys), "a ticket's last version is missing"
    assert set(Counter(t.id for t in got).values()) <= {1, 2}


def test_a_finished_checkpoint_exports_only_what_changed_since() -> None:
    fake = own_fake()
    for i in range(1, 301):
        fake.add_ticket(id=i, subject=f"t{i}", updated_at=wire(NOW - timedelta(hours=i)))
    with connect(fake) as fd:
        stream = fd.tickets.iter_all(include_deleted=True)
        assert len([t for t in stream]) == 300
        done = ExportCheckpoint.from_json(stream.checkpoint.to_json())
        assert done.finished
        fake.clock.advance(60)
        fd.tickets.update(17, priority=4)
        fd.tickets.delete(18)
        created = fd.tickets.create(subject="new", description="x", email="new@example.com")
        again = fd.tickets.iter_all(include_deleted=True, checkpoint=done)
        changed = [(t.id, t.deleted) for t in again]
        idle = fd.tickets.iter_all(include_deleted=True, checkpoint=again.checkpoint)
        nothing = [t for t in idle]
    assert sorted(changed) == sorted([(17, False), (18, True), (created.id, False)])
    assert nothing == []


# --------------------------------------------------------------------------- one second, many tickets


def add_bulk(fake: FakeFreshdesk, count: int, second: datetime, *, spread_days: int) -> None:
    """Tickets imported with their history: many created_at days, one updated_at second."""
    rng = random.Random(count)
    for n in range(count):
        created = second - timedelta(days=1 + rng.randrange(spread_days), seconds=n)
        fake.add_ticket(
            id=10_000 + n,
            subject=f"imported {n}",
            created_at=wire(created),
            updated_at=wire(second),
            status=2 + n % 4,
            priority=1 + n // 4 % 4,
        )


def drain(stream: RecordStream[Ticket], into: list[int]) -> None:
    for ticket in stream:
        into.append(ticket.id)


def page_cap(stream: RecordStream[Any], cap: int) -> RecordStream[Any]:
    """Stall after *cap* pages instead of 300, so a bulk of a few thousand stalls."""
    stream._page_cap = cap
    return stream


def test_a_bulk_import_in_one_second_larger_than_a_window_is_exported_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake = own_fake()
    rng = random.Random(8)
    for i in range(1, 401):
        fake.add_ticket(
            id=i, subject=f"t{i}", updated_at=wire(NOW - timedelta(seconds=rng.randrange(10**7)))
        )
    second = NOW - timedelta(days=100)
    add_bulk(fake, 1_500, second, spread_days=400)
    with connect(fake) as fd:
        stream = page_cap(fd.tickets.iter_all(updated_since=EVERYTHING), 5)
        sources: Counter[str] = Counter()
        got: list[int] = []
        for page in stream.iter_pages():
            sources[page.source] += len(page.items)
            got += [t.id for t in page.items]
    assert len(got) == len(set(got))
    assert set(got) == set(fake.state.tickets)
    # 5 pages of the stalled second from the list (one page was seen before the
    # window rolled onto that second), the rest through search.
    assert sources["search"] >= 1_500 - 600
    assert fake.counters.requests["GET /search/tickets"] > 0
    assert "fetching the rest of that second through search" in caplog.text


def test_a_bulk_search_cannot_split_raises_stalled_window_error() -> None:
    fake = own_fake()
    second = NOW - timedelta(days=3)
    for n in range(900):  # one created day, one status, one priority: no cut helps
        fake.add_ticket(id=n + 1, subject="x", created_at=wire(second), updated_at=wire(second))
    with connect(fake) as fd:
        stream = page_cap(fd.tickets.iter_all(), 3)
        got: list[int] = []
        with pytest.raises(StalledWindowError) as caught:
            drain(stream, got)
    error = caught.value
    assert isinstance(error.__cause__, SearchLimitError)
    assert error.second == second
    assert error.pass_name == "default"
    assert len(got) == len(set(got)) == 300  # the list's pages, nothing skipped silently
    assert stream.checkpoint.phase == "backfill"


def test_a_stalled_spam_list_raises_stalled_window_error() -> None:
    fake = own_fake()
    second = NOW - timedelta(days=3)
    for n in range(400):
        fake.add_ticket(id=n + 1, subject="x", updated_at=wire(second), spam=True)
    with connect(fake) as fd:
        stream = page_cap(fd.tickets.iter_all(include_spam=True), 3)
        with pytest.raises(StalledWindowError) as caught:
            drain(stream, [])
    assert caught.value.pass_name == "spam"
    assert caught.value.checkpoint.cursor.since == second


# --------------------------------------------------------------------------- contacts


def test_contacts_export_every_contact_once_and_resumes() -> None:
    fake = three_years(1_500)
    listed = {
        i
        for i, c in fake.state.contacts.items()
        if not c.get("deleted") and i not in fake.state.blocked
    }
    with connect(fake) as fd:
        stream = fd.contacts.iter_all()
        got: list[int] = []
        for contact in stream:
            got.append(contact.id)
            if len(got) == 230:
                break
        resumed = fd.contacts.iter_all(
            checkpoint=ExportCheckpoint.from_json(stream.checkpoint.to_json())
        )
        got += [c.id for c in resumed]
        deleted = {c.id for c in fd.contacts.iter_all(state="deleted")}
    assert len(got) == len(set(got))
    assert set(got) == listed
    assert deleted == {i for i, c in fake.state.contacts.items() if c.get("deleted")}
    assert resumed.checkpoint.finished
    with pytest.raises(ValueError, match="filters"):
        fd.contacts.iter_all(state="blocked", checkpoint=resumed.checkpoint)


def test_a_checkpoint_of_another_export_is_refused_before_any_request() -> None:
    fake = own_fake()
    with connect(fake) as fd:
        tickets = fd.tickets.iter_all(include_spam=True)
        with pytest.raises(ValueError, match="is for tickets"):
            fd.contacts.iter_all(checkpoint=tickets.checkpoint)
        with pytest.raises(ValueError, match="include_spam"):
            fd.tickets.iter_all(checkpoint=tickets.checkpoint)
        with pytest.raises(ValueError, match="include"):
            fd.tickets.iter_all(include=["everything"])  # type: ignore[list-item]
    assert fake.counters.total_requests == 0
