"""The package surface: public names, independence from the SDK, the CLI."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

import freshdesk_atom.testing as testing
from freshdesk_atom.testing import FakeASGIApp
from freshdesk_atom.testing.__main__ import main

PACKAGE = Path(testing.__file__).parent


def test_all_is_sorted_and_documented() -> None:
    assert testing.__all__ == sorted(testing.__all__, key=lambda name: (not name.isupper(), name))
    assert testing.__doc__
    assert "FakeFreshdesk" in testing.__doc__
    for name in testing.__all__:
        value = getattr(testing, name)
        if callable(value) and hasattr(value, "__doc__") and isinstance(value, type):
            assert value.__doc__, name


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda path: path.name)
def test_the_fake_imports_nothing_from_the_sdk(path: Path) -> None:
    # The fake must stay independent of the client it tests. Its command line may
    # use the hardened server runner of the command line (cli._server), no part of the client.
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if path.name == "__main__.py" and (node.level, node.module) == (2, "cli._server"):
                continue
            if node.level == 0 and node.module:
                assert not node.module.startswith("freshdesk_atom") or node.module.startswith(
                    "freshdesk_atom.testing"
                ), (path.name, node.module)
            elif path.name != "pytest_plugin.py":
                assert node.level == 1, (path.name, node.module)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                assert not alias.name.startswith("freshdesk_atom") or alias.name.startswith(
                    "freshdesk_atom.testing"
                )


def test_cli_builds_the_account_and_serves_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    served: dict[str, Any] = {}

    def fake_run(app: FakeASGIApp, **kwargs: Any) -> None:
        served.update(kwargs, app=app)

    monkeypatch.setattr("uvicorn.run", fake_run)
    argv = "--port 8765 --tickets 40 --contacts 10 --seed 2 --latency-ms 50 --rate-limit 100/2s"
    status = main([*argv.split(), "--api-key", "k"])
    assert status == 0
    output = capsys.readouterr().out
    assert "http://127.0.0.1:8765/api/v2/" in output
    assert "k" in output
    assert (served["host"], served["port"]) == ("127.0.0.1", 8765)
    fake = served["app"].fake
    assert (fake.api_key, fake.latency) == ("k", 0.05)
    assert (fake.rate_limit.total, fake.rate_limit.window) == (100, 2.0)
    assert len(fake.state.tickets) == 40


def test_cli_refuses_a_bad_rate_limit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--rate-limit", "fast"]) == 2
    assert "bad rate limit" in capsys.readouterr().err


def test_cli_recorded(monkeypatch: pytest.MonkeyPatch) -> None:
    served: dict[str, Any] = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: served.update(app=app))
    assert main(["--recorded"]) == 0
    assert served["app"].fake.agent_id == 1
