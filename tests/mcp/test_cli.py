"""``freshdesk-atom mcp``'s refusals before serving, and the HTTP endpoint's Host checks."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import httpx
import pytest

from freshdesk_atom.cli import main
from freshdesk_atom.cli._accounts import check_account
from freshdesk_atom.cli._mcp import transport_security

from .support import account


@pytest.fixture
def no_account(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRESHDESK_API_KEY", raising=False)
    monkeypatch.delenv("FRESHDESK_DOMAIN", raising=False)


@pytest.mark.usefixtures("no_account")
def test_without_credentials_it_says_which_variable_is_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["mcp"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "freshdesk-atom mcp: missing api_key (or $FRESHDESK_API_KEY)" in err


@pytest.mark.usefixtures("no_account")
def test_a_mirror_that_does_not_exist_is_refused_before_anything_else(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["mcp", "--mirror", "nowhere.sqlite"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "--mirror nowhere.sqlite: no such file" in err
    assert "freshdesk-atom sync --db nowhere.sqlite" in err


def test_with_fake_the_mirror_must_be_a_new_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "old.sqlite"
    existing.write_bytes(b"")
    assert main(["mcp", "--fake", "--mirror", str(existing)]) == 2
    assert f"--mirror {existing} exists: with --fake" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--host", "0.0.0.0"], "say which names they use with --allow-host"),
        (["--port", "0"], "--port must be 1..65535"),
        (["--port", "70000"], "--port must be 1..65535"),
    ],
)
def test_http_settings_that_cannot_serve_safely_are_refused(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(["mcp", "--fake", "--transport", "http", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err


def test_without_the_sdk_it_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("mcp", "mcp.server", "mcp.server.mcpserver"):
        monkeypatch.setitem(sys.modules, name, None)  # as if not installed
    assert main(["mcp", "--fake"]) == 2
    assert "pip install 'freshdesk-atom[mcp]'" in capsys.readouterr().err


def test_the_http_endpoint_answers_only_the_names_it_is_reached_by() -> None:
    loopback = transport_security("127.0.0.1", [])
    assert loopback.enable_dns_rebinding_protection
    assert {"localhost:*", "127.0.0.1:*", "[::1]:*"} <= set(loopback.allowed_hosts)
    assert "http://localhost:*" in loopback.allowed_origins
    named = transport_security("0.0.0.0", ["mcp.internal.example"])
    assert named.enable_dns_rebinding_protection
    assert named.allowed_hosts == ["mcp.internal.example", "mcp.internal.example:*"]
    assert "https://mcp.internal.example" in named.allowed_origins
    assert "localhost:*" not in named.allowed_hosts
    assert not transport_security("0.0.0.0", ["*"]).enable_dns_rebinding_protection


def test_a_refused_key_stops_the_command_before_serving() -> None:
    fake = account(tickets=5, contacts=5)
    err = io.StringIO()

    def check(api_key: str) -> int | None:
        return check_account(
            command="freshdesk-atom mcp",
            err=err,
            api_key=api_key,
            base_url=fake.base_url,
            http_client=httpx.Client(transport=fake.transport()),
        )

    assert check("not-the-key") == 1
    assert "Freshdesk refused the API key for fake.freshdesk.com" in err.getvalue()
    assert "not-the-key" not in err.getvalue()
    assert check(fake.api_key) is None
