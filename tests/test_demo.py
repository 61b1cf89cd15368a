"""The demo behind the README's first quick-start command."""

from __future__ import annotations

import io

import httpx
import pytest

from freshdesk_atom import Freshdesk
from freshdesk_atom.cli._demo import _demo_live, run_demo
from freshdesk_atom.testing import FakeFreshdesk


def test_offline_demo_runs_on_the_fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRESHDESK_API_KEY", raising=False)
    monkeypatch.delenv("FRESHDESK_DOMAIN", raising=False)
    out = io.StringIO()
    run_demo(out, tickets=300, contacts=50, seed=2)
    text = out.getvalue()
    assert "running on the embedded fake Freshdesk" in text
    assert "Created ticket #301" in text
    assert "Resolved it: status is now RESOLVED" in text
    assert 'Search "status:2 AND priority:4"' in text
    assert "Bad input is refused before any request" in text
    assert "credits left this minute" in text
    assert "freshdesk-atom serve --fake, then open http://127.0.0.1:8000/" in text


def test_live_demo_makes_only_read_only_calls() -> None:
    fake = FakeFreshdesk.generate(tickets=100, contacts=20, seed=4)
    out = io.StringIO()
    with Freshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as fd:
        _demo_live(out, fd)
    assert "Signed in as " in out.getvalue()
    assert "<admin@fake.example>" in out.getvalue()
    assert "Open tickets (search total):" in out.getvalue()
    assert {key.split()[0] for key in fake.counters.requests} == {"GET"}
    assert fake.counters.created == {}


def test_the_cli_runs_the_demo(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from freshdesk_atom.cli import main

    monkeypatch.delenv("FRESHDESK_API_KEY", raising=False)
    assert main(["demo", "--tickets", "200", "--contacts", "30"]) == 0
    assert "Created ticket #201" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("not a domain", "FRESHDESK_DOMAIN or FRESHDESK_API_KEY is not usable: domain must not"),
        ("https://[::1", "is not usable: domain is not a URL"),
    ],
)
def test_the_demo_stops_on_an_unusable_account_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], domain: str, expected: str
) -> None:
    from freshdesk_atom.cli import main

    monkeypatch.setenv("FRESHDESK_API_KEY", "k" * 20)
    monkeypatch.setenv("FRESHDESK_DOMAIN", domain)
    assert main(["demo"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("freshdesk-atom demo: ")
    assert expected in err
    assert err.count("\n") == 1


def test_the_demo_says_when_freshdesk_refuses_the_key(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from freshdesk_atom.cli import main

    fake = FakeFreshdesk()
    real_client = httpx.Client

    def to_the_fake(**kwargs: object) -> httpx.Client:
        return real_client(transport=fake.transport())

    monkeypatch.setattr("httpx.Client", to_the_fake)
    monkeypatch.setenv("FRESHDESK_API_KEY", "a-revoked-key")
    monkeypatch.setenv("FRESHDESK_DOMAIN", "acme")
    assert main(["demo"]) == 1
    err = capsys.readouterr().err
    assert "Freshdesk refused the API key for acme.freshdesk.com" in err
    assert "a-revoked-key" not in err
    assert err.count("\n") == 1
