"""``freshdesk-atom export`` and ``freshdesk-atom sync``, run in process on the embedded fake."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from freshdesk_atom.cli import main
from freshdesk_atom.cli._bulk import FAKE_NOW, run_export_command
from freshdesk_atom.cli._main import build_parser
from freshdesk_atom.export._files import checkpoint_path, partial_path
from freshdesk_atom.mirror import Mirror
from freshdesk_atom.testing import FakeFreshdesk

from .support import read_ids

SMALL = ["--fake", "--fake-tickets", "260", "--fake-contacts", "60", "--fake-seed", "4"]


@pytest.fixture(scope="module")
def account() -> FakeFreshdesk:
    """The account ``SMALL`` generates (the same records every time)."""
    return FakeFreshdesk.generate(tickets=260, contacts=60, seed=4, now=FAKE_NOW)


def test_export_tickets_on_the_fake(
    tmp_path: Path, account: FakeFreshdesk, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tickets.jsonl"
    code = main(
        ["export", "tickets", "--out", str(out), "--include-spam", "--include-deleted", *SMALL]
    )
    assert code == 0
    assert sorted(read_ids(out)) == sorted(account.state.tickets)
    err = capsys.readouterr().err
    assert f"exported {len(account.state.tickets)} tickets to {out}" in err
    assert "--since 20" in err
    assert "\r" not in err  # not a terminal: no progress line
    assert not partial_path(out).exists()
    assert not checkpoint_path(out).exists()


def test_on_a_terminal_the_export_draws_a_progress_line(
    tmp_path: Path, account: FakeFreshdesk
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    out = tmp_path / "tickets.jsonl"
    args = build_parser().parse_args(["export", "tickets", "--out", str(out), *SMALL])
    assert run_export_command(args, err=screen) == 0
    drawn = screen.getvalue()
    assert "\r" in drawn
    assert "export tickets: " in drawn
    assert " requests" in drawn
    assert "budget " in drawn
    # The share is of what Freshdesk's search counts (spam and trash are not searched).
    searchable = [
        t for t in account.state.tickets.values() if not t["spam"] and not t.get("deleted")
    ]
    assert f"of ~{len(searchable)} records" in drawn
    last_line = drawn.split("\n")[0].rsplit("\r", 1)[-1]
    assert "100%" in last_line


def test_export_groups_quietly(
    tmp_path: Path, account: FakeFreshdesk, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "groups.jsonl"
    assert main(["export", "groups", "--out", str(out), "--quiet", *SMALL]) == 0
    assert sorted(read_ids(out)) == sorted(account.state.groups)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "groups", "--since", "2024-01-01"], "no updated_since"),
        (["export", "tickets", "--include", "conversations"], "unknown include"),
        (["export", "contacts", "--include-spam"], "for tickets and conversations"),
        (["export", "tickets", "--since", "last week"], "last week"),
    ],
)
def test_export_refuses_options_that_do_not_fit(
    tmp_path: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*argv, "--out", str(tmp_path / "x.jsonl"), *SMALL]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_export_without_credentials_says_which_are_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FRESHDESK_API_KEY", raising=False)
    monkeypatch.delenv("FRESHDESK_DOMAIN", raising=False)
    assert main(["export", "groups", "--out", str(tmp_path / "g.jsonl")]) == 2
    assert "FRESHDESK_API_KEY" in capsys.readouterr().err


def test_an_unfinished_export_needs_resume(
    tmp_path: Path, account: FakeFreshdesk, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "groups.jsonl"
    partial_path(out).write_bytes(b"")
    assert main(["export", "groups", "--out", str(out), *SMALL]) == 2
    assert "--resume" in capsys.readouterr().err
    assert main(["export", "groups", "--out", str(out), "--resume", *SMALL]) == 0
    assert sorted(read_ids(out)) == sorted(account.state.groups)


def test_an_api_failure_tells_to_resume(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FRESHDESK_API_KEY", "wrong-key")
    code = main(
        [
            "export",
            "groups",
            "--out",
            str(tmp_path / "g.jsonl"),
            "--base-url",
            "http://127.0.0.1:9/api/v2/",
        ]
    )
    assert code == 1
    assert "--resume" in capsys.readouterr().err


def test_sync_on_the_fake_then_again(
    tmp_path: Path, account: FakeFreshdesk, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "fd.sqlite"
    assert main(["sync", "--db", str(db), *SMALL]) == 0
    err = capsys.readouterr().err
    assert f"tickets           {len(account.state.tickets):>7,} records" in err
    assert "synced " in err
    mirror = Mirror(db)
    assert mirror.counts()["tickets"] == len(account.state.tickets)
    assert mirror.counts()["contacts"] == len(account.state.contacts)
    assert main(["sync", "--db", str(db), *SMALL]) == 0
    assert "tickets                 0 records" in capsys.readouterr().err


def test_sync_some_resources_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "fd.sqlite"
    assert main(["sync", "--db", str(db), "--resources", "groups,agents", "--quiet", *SMALL]) == 0
    assert capsys.readouterr().err == ""
    counts = Mirror(db).counts()
    assert counts["tickets"] == counts["contacts"] == 0
    assert counts["groups"] > 0
    assert main(["sync", "--db", str(db), "--resources", "ratings", *SMALL]) == 2


@pytest.mark.parametrize("share", ["0", "1.5", "lots"])
def test_a_budget_share_outside_0_to_1_is_refused(
    tmp_path: Path, share: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "groups.jsonl"
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "groups", "--out", str(out), "--budget-share", share, *SMALL])
    assert exit_info.value.code == 2
    assert "--budget-share" in capsys.readouterr().err
    assert not out.exists()


def test_export_with_a_chosen_budget_share(tmp_path: Path, account: FakeFreshdesk) -> None:
    out = tmp_path / "tickets.jsonl"
    argv = ["export", "tickets", "--out", str(out), "--quiet", "--budget-share", "0.95"]
    assert main([*argv, "--rate-window", "2", *SMALL]) == 0
    assert sorted(read_ids(out)) == sorted(
        ticket_id
        for ticket_id, ticket in account.state.tickets.items()
        if not ticket.get("spam") and not ticket.get("deleted")
    )
