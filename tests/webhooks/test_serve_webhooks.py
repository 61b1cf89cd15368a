"""``freshdesk-atom serve --webhooks``: what it needs, and refusals in one line before serving."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from freshdesk_atom.cli._live import WEBHOOK_SECRET_ENV
from freshdesk_atom.cli._serve import build_app, run_serve_command
from freshdesk_atom.mirror import Mirror
from freshdesk_atom.testing import FakeFreshdesk

from ..export.support import client


def _args(**given: object) -> argparse.Namespace:
    options: dict[str, object] = {
        "fake": False,
        "host": "127.0.0.1",
        "port": 0,
        "prefix": "/api/v1/freshdesk",
        "allow_host": [],
        "auth_token": None,
        "request_timeout": 10.0,
        "max_connections": 10,
        "mirror": None,
        "webhooks": True,
        "reconcile_every": 300.0,
        "no_dashboard": False,
        "tickets": 10,
        "contacts": 5,
        "seed": 1,
    }
    options.update(given)
    return argparse.Namespace(**options)


@pytest.mark.parametrize(
    ("given", "environment", "message"),
    [
        ({}, {}, "--webhooks needs --mirror DB"),
        ({"mirror": "m.sqlite"}, {}, f"set {WEBHOOK_SECRET_ENV}"),
        (
            {"mirror": "m.sqlite"},
            {WEBHOOK_SECRET_ENV: "short"},
            "at least 16 characters",
        ),
        ({"mirror": "m.sqlite", "reconcile_every": 0.0}, {}, "--reconcile-every must be > 0"),
        ({"mirror": "m.sqlite", "fake": True, "port": 0}, {}, "needs a fixed --port"),
    ],
)
def test_what_webhooks_need_is_said_in_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    given: dict[str, object],
    environment: dict[str, str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FRESHDESK_API_KEY", "k")
    monkeypatch.setenv("FRESHDESK_DOMAIN", "acme")
    monkeypatch.delenv(WEBHOOK_SECRET_ENV, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    err = io.StringIO()
    assert run_serve_command(_args(**given), out=io.StringIO(), err=err) == 2
    assert message in err.getvalue()
    assert err.getvalue().count("\n") == 1


def test_the_fake_refuses_a_mirror_of_another_account(tmp_path: Path) -> None:
    other = FakeFreshdesk.generate(tickets=5, contacts=2, seed=2)
    path = tmp_path / "m.sqlite"
    with client(other) as fd:
        Mirror(path).sync(fd, conversations=False)
    with pytest.raises(ValueError, match="holds another account's tickets"):
        build_app(
            fake=True,
            prefix="/api/v1/freshdesk",
            tickets=5,
            contacts=2,
            mirror=str(path),
            webhooks=True,
            origin="http://127.0.0.1:1",
        )


def test_the_fake_fills_a_new_mirror_before_serving(tmp_path: Path) -> None:
    fake = FakeFreshdesk.generate(tickets=30, contacts=5, seed=3)
    budget = fake.rate_limit
    path = tmp_path / "m.sqlite"
    _, about = build_app(
        fake=True,
        account=fake,
        prefix="/api/v1/freshdesk",
        mirror=str(path),
        webhooks=True,
        origin="http://127.0.0.1:1",
    )
    assert "kept up to date by webhooks" in about
    assert Mirror(path).counts()["tickets"] == len(fake.state.tickets)
    assert len(fake.webhooks.rules) == 1
    assert fake.webhooks.rules[0].url == "http://127.0.0.1:1/api/v1/freshdesk/webhooks/freshdesk"
    assert fake.rate_limit == budget  # lifted for the first sync only
