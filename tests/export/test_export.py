"""``export()`` end to end on the fake, in process: every record once, crash-safe, resumable."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from freshdesk_atom import APIConnectionError
from freshdesk_atom.export import (
    ExportError,
    ExportOptions,
    count_records,
    export,
    record_line,
)
from freshdesk_atom.export._files import checkpoint_path, partial_path, read_checkpoint
from freshdesk_atom.testing import FakeFreshdesk

from .support import Breaking, client, contact_ids, make_fake, read_ids, ticket_ids


@pytest.fixture(scope="module")
def fake() -> FakeFreshdesk:
    return make_fake()


def _run(fake: FakeFreshdesk, options: ExportOptions, out: Path, **kwargs: object) -> int:
    with client(fake) as fd:
        return export(fd, options, out, **kwargs).records  # type: ignore[arg-type]


def _only_the_output(out: Path) -> None:
    assert out.exists()
    assert not partial_path(out).exists()
    assert not checkpoint_path(out).exists()


def test_tickets_with_spam_and_deleted_are_every_ticket_once(
    fake: FakeFreshdesk, tmp_path: Path
) -> None:
    out = tmp_path / "tickets.jsonl"
    options = ExportOptions.build("tickets", include_spam=True, include_deleted=True)
    with client(fake) as fd:
        result = export(fd, options, out)
    ids = read_ids(out)
    assert len(ids) == len(set(ids)) == result.records
    assert set(ids) == ticket_ids(fake)
    assert any(t["spam"] for t in fake.state.tickets.values())
    assert any(t.get("deleted") for t in fake.state.tickets.values())
    assert result.resumed is False
    assert result.next_since is not None
    _only_the_output(out)


def test_tickets_by_default_leave_spam_and_deleted_out(fake: FakeFreshdesk, tmp_path: Path) -> None:
    out = tmp_path / "tickets.jsonl"
    _run(fake, ExportOptions.build("tickets"), out)
    ids = read_ids(out)
    assert len(ids) == len(set(ids))
    assert set(ids) == ticket_ids(fake, spam=False, deleted=False)


def test_since_keeps_the_tickets_updated_from_then(fake: FakeFreshdesk, tmp_path: Path) -> None:
    out = tmp_path / "recent.jsonl"
    since = "2026-03-01T00:00:00Z"
    _run(fake, ExportOptions.build("tickets", since=since), out)
    expected = {
        t["id"]
        for t in fake.state.tickets.values()
        if t["updated_at"] >= since and not t["spam"] and not t.get("deleted")
    }
    assert expected
    assert sorted(read_ids(out)) == sorted(expected)


def test_each_line_is_the_model_as_json_with_utc_z_timestamps(
    fake: FakeFreshdesk, tmp_path: Path
) -> None:
    out = tmp_path / "tickets.jsonl"
    _run(fake, ExportOptions.build("tickets", include=["description"]), out)
    first = json.loads(out.read_bytes().splitlines()[0])
    stored = fake.state.tickets[first["id"]]
    assert first["subject"] == stored["subject"]
    assert first["updated_at"] == stored["updated_at"]
    assert first["updated_at"].endswith("Z")
    assert first["description"] == stored["description"]


def test_contacts_are_the_default_list(fake: FakeFreshdesk, tmp_path: Path) -> None:
    out = tmp_path / "contacts.jsonl"
    _run(fake, ExportOptions.build("contacts"), out)
    ids = read_ids(out)
    blocked = fake.state.blocked
    expected = contact_ids(fake, lambda c: not c.get("deleted") and c["id"] not in blocked)
    assert len(ids) == len(set(ids))
    assert set(ids) == expected


@pytest.mark.parametrize("state", ["deleted", "blocked"])
def test_contacts_of_one_state(fake: FakeFreshdesk, tmp_path: Path, state: str) -> None:
    if not fake.state.blocked:
        fake.state.block_contact(
            next(i for i, c in fake.state.contacts.items() if not c.get("deleted"))
        )
    out = tmp_path / "contacts.jsonl"
    _run(fake, ExportOptions.build("contacts", state=state), out)
    blocked = fake.state.blocked
    if state == "deleted":
        expected = contact_ids(fake, lambda c: bool(c.get("deleted")))
    else:
        expected = contact_ids(fake, lambda c: c["id"] in blocked and not c.get("deleted"))
    assert expected
    assert sorted(read_ids(out)) == sorted(expected)


@pytest.mark.parametrize("resource", ["companies", "agents", "groups"])
def test_small_resources_are_listed_in_full(
    fake: FakeFreshdesk, tmp_path: Path, resource: str
) -> None:
    out = tmp_path / f"{resource}.jsonl"
    _run(fake, ExportOptions.build(resource), out)
    ids = read_ids(out)
    assert len(ids) == len(set(ids))
    assert set(ids) == set(getattr(fake.state, resource))
    _only_the_output(out)


def test_companies_over_several_pages(tmp_path: Path) -> None:
    fake = make_fake(tickets=20, contacts=10)
    for number in range(230):
        fake.add_company(name=f"Extra company {number}")
    out = tmp_path / "companies.jsonl"
    assert _run(fake, ExportOptions.build("companies"), out) == len(fake.state.companies)
    assert sorted(read_ids(out)) == sorted(fake.state.companies)


@pytest.mark.parametrize(
    ("resource", "kwargs"),
    [
        ("tickets", {"include_spam": True, "include_deleted": True}),
        ("contacts", {}),
        ("companies", {}),
    ],
)
def test_an_export_broken_at_every_request_resumes_to_exactly_every_record(
    tmp_path: Path, resource: str, kwargs: dict[str, bool]
) -> None:
    fake = make_fake(tickets=330, contacts=230)
    for number in range(210):
        fake.add_company(name=f"Extra company {number}")
    options = ExportOptions.build(
        resource,
        include_spam=kwargs.get("include_spam", False),
        include_deleted=kwargs.get("include_deleted", False),
    )
    reference = tmp_path / "reference.jsonl"
    _run(fake, options, reference)
    with client(fake, counter := Breaking(fake)) as fd:
        export(fd, options, tmp_path / "count.jsonl")
    requests = counter.sent
    assert requests >= 3
    for fail_at in range(1, requests + 1):
        out = tmp_path / f"broken-{fail_at}.jsonl"
        with client(fake, Breaking(fake, fail_at)) as fd, pytest.raises(APIConnectionError):
            export(fd, options, out)
        assert not out.exists()
        saved = read_checkpoint(checkpoint_path(out))
        assert saved is not None
        assert saved["finished"] is False
        assert partial_path(out).stat().st_size == saved["offset"]
        with client(fake) as fd:
            result = export(fd, options, out, resume=True)
        assert result.resumed
        _only_the_output(out)
        assert out.read_bytes() == reference.read_bytes()


def test_lines_after_the_checkpoint_are_dropped_on_resume(tmp_path: Path) -> None:
    fake = make_fake(tickets=350, contacts=20)
    options = ExportOptions.build("tickets")
    out = tmp_path / "tickets.jsonl"
    with client(fake, Breaking(fake, 3)) as fd, pytest.raises(APIConnectionError):
        export(fd, options, out)
    # What a crash between a page's write and its checkpoint leaves: more lines, half a line.
    with open(partial_path(out), "ab") as handle:
        handle.write(b'{"id": 99999, "subject": "dup"}\n{"id": 123, "subj')
    with client(fake) as fd:
        export(fd, options, out, resume=True)
    ids = read_ids(out)
    assert len(ids) == len(set(ids))
    assert set(ids) == ticket_ids(fake, spam=False, deleted=False)


def test_an_unfinished_export_is_not_overwritten_without_resume(tmp_path: Path) -> None:
    fake = make_fake(tickets=250, contacts=20)
    options = ExportOptions.build("tickets")
    out = tmp_path / "tickets.jsonl"
    with client(fake, Breaking(fake, 2)) as fd, pytest.raises(APIConnectionError):
        export(fd, options, out)
    before = partial_path(out).read_bytes()
    with client(fake) as fd, pytest.raises(ExportError, match="--resume"):
        export(fd, options, out)
    assert partial_path(out).read_bytes() == before
    other = ExportOptions.build("tickets", include_spam=True)
    with client(fake) as fd, pytest.raises(ExportError, match="include_spam"):
        export(fd, other, out, resume=True)
    later = ExportOptions.build("tickets", since="2025-01-01T00:00:00Z")
    with client(fake) as fd, pytest.raises(ExportError, match="since"):
        export(fd, later, out, resume=True)
    with client(fake) as fd:
        assert export(fd, options, out, resume=True).records == len(
            ticket_ids(fake, spam=False, deleted=False)
        )


def test_resume_without_a_checkpoint_starts_from_the_beginning(tmp_path: Path) -> None:
    fake = make_fake(tickets=40, contacts=10)
    out = tmp_path / "groups.jsonl"
    with client(fake) as fd:
        result = export(fd, ExportOptions.build("groups"), out, resume=True)
    assert result.resumed is False
    assert sorted(read_ids(out)) == sorted(fake.state.groups)


def test_a_crash_after_the_last_checkpoint_is_finished_on_resume(tmp_path: Path) -> None:
    fake = make_fake(tickets=40, contacts=10)
    options = ExportOptions.build("groups")
    out = tmp_path / "groups.jsonl"
    with client(fake) as fd:
        export(fd, options, out)
    done = out.read_bytes()
    lines = len(done.splitlines())
    marker = {
        "kind": "freshdesk-atom export",
        "format": 1,
        "options": options.to_dict(),
        "offset": len(done),
        "records": lines,
        "cursor": {"page": 1},
        "finished": True,
    }
    # Killed after the finished checkpoint, before the rename.
    out.rename(partial_path(out))
    checkpoint_path(out).write_text(json.dumps(marker))
    with client(fake, Breaking(fake, 1)) as fd:  # no request is needed
        assert export(fd, options, out, resume=True).records == lines
    _only_the_output(out)
    assert out.read_bytes() == done
    # Killed after the rename, before the checkpoint was removed.
    checkpoint_path(out).write_text(json.dumps(marker))
    with client(fake, Breaking(fake, 1)) as fd:
        export(fd, options, out, resume=True)
    _only_the_output(out)
    assert out.read_bytes() == done


def test_a_damaged_checkpoint_is_reported(tmp_path: Path) -> None:
    fake = make_fake(tickets=40, contacts=10)
    out = tmp_path / "groups.jsonl"
    checkpoint_path(out).write_text('{"kind": "something else"}')
    with client(fake) as fd, pytest.raises(ExportError, match="not a freshdesk-atom export"):
        export(fd, ExportOptions.build("groups"), out, resume=True)
    checkpoint_path(out).write_text("{broken")
    with client(fake) as fd, pytest.raises(ExportError, match="not a checkpoint"):
        export(fd, ExportOptions.build("groups"), out, resume=True)


def test_options_are_checked_before_any_request() -> None:
    with pytest.raises(ValueError, match="unknown resource"):
        ExportOptions.build("ratings")
    with pytest.raises(ValueError, match="no updated_since"):
        ExportOptions.build("groups", since="2024-01-01")
    with pytest.raises(ValueError, match="for tickets and conversations"):
        ExportOptions.build("contacts", include_spam=True)
    with pytest.raises(ValueError, match="contacts only"):
        ExportOptions.build("tickets", state="deleted")
    with pytest.raises(ValueError, match="contacts only"):
        ExportOptions.build("contacts", state="gone")
    with pytest.raises(ValueError, match="unknown include"):
        ExportOptions.build("tickets", include=["conversations"])
    with pytest.raises(ValueError, match="yesterday"):
        ExportOptions.build("tickets", since="yesterday")
    assert ExportOptions.build("tickets", since="2024-03-05T10:00:00+02:00").since == (
        "2024-03-05T08:00:00Z"
    )


def test_on_page_reports_the_records_written_after_every_page(tmp_path: Path) -> None:
    fake = make_fake(tickets=250, contacts=10)
    seen: list[int] = []
    with client(fake) as fd:
        result = export(
            fd, ExportOptions.build("tickets"), tmp_path / "a.jsonl", on_page=seen.append
        )
    assert seen[0] == 0  # before the first page: a resumed export shows what it had
    assert seen == sorted(seen)
    assert seen[-1] == result.records == len(read_ids(tmp_path / "a.jsonl"))


def test_record_line_is_compact_utf8_json() -> None:
    fake = make_fake(tickets=5, contacts=5)
    with client(fake) as fd:
        group = next(iter(fd.groups.list()))
    line = record_line(group)
    assert b"\n" not in line
    assert json.loads(line)["id"] == group.id


@pytest.mark.parametrize(
    ("build", "counted"),
    [
        (lambda: ExportOptions.build("tickets"), True),
        (lambda: ExportOptions.build("tickets", since="2025-01-01T00:00:00Z"), True),
        (lambda: ExportOptions.build("tickets", include_spam=True), False),
        (lambda: ExportOptions.build("contacts"), True),
        (lambda: ExportOptions.build("contacts", state="deleted"), False),
        (lambda: ExportOptions.build("companies"), True),
        (lambda: ExportOptions.build("agents"), False),
        (lambda: ExportOptions.build("groups"), False),
    ],
)
def test_the_expected_total_is_known_only_where_search_can_count(
    build: Callable[[], ExportOptions], counted: bool
) -> None:
    fake = make_fake(tickets=120, contacts=40)
    with client(fake) as fd:
        total = count_records(fd, build())
    assert (total is not None) is counted
