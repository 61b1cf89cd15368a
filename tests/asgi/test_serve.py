"""``freshdesk-atom serve``: a real server on loopback, and its parts in-process."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from freshdesk_atom.cli._serve import build_app, normalize_prefix, run_serve_command
from tests.ports import free_port

from .support import serve


def test_serve_fake_answers_health_on_loopback() -> None:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "freshdesk_atom",
        "serve",
        "--fake",
        "--port",
        str(port),
        "--tickets",
        "100",
        "--contacts",
        "30",
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api/v1/freshdesk/health"
    try:
        deadline = time.monotonic() + 30
        response = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                response = httpx.get(url, timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
        assert response is not None, "the server did not answer within 30 s"
        assert response.status_code == 200, response.text
        assert response.json()["data"]["status"] == "healthy"
        tickets = httpx.get(f"http://127.0.0.1:{port}/api/v1/freshdesk/tickets?limit=5", timeout=5)
        assert tickets.json()["count"] == 5
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


@pytest.mark.parametrize(
    ("given", "expected"),
    [("/api/v1/freshdesk", "/api/v1/freshdesk"), ("/x/", "/x"), ("/", ""), (" /a ", "/a")],
)
def test_prefix(given: str, expected: str) -> None:
    assert normalize_prefix(given) == expected


@pytest.mark.parametrize("given", ["api", "/a?b", "/a b", "//evil", "/a#b"])
def test_bad_prefix(given: str) -> None:
    with pytest.raises(ValueError, match="prefix"):
        normalize_prefix(given)


@pytest.mark.anyio
@pytest.mark.parametrize("prefix", ["/api/v1/freshdesk", ""])
async def test_built_app_serves_under_the_prefix(prefix: str) -> None:
    app, about = build_app(fake=True, prefix=prefix, tickets=20, contacts=5)
    assert "fake Freshdesk" in about
    async with serve(app) as client:
        health = await client.get(f"{prefix}/health")
        document = await client.get(f"{prefix}/openapi.json")
    assert health.status_code == 200
    assert document.json()["servers"] == [{"url": prefix or "/"}]


def test_missing_extra_is_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    args = argparse.Namespace(
        fake=True, host="127.0.0.1", port=0, prefix="/", tickets=1, contacts=1, seed=1
    )
    assert run_serve_command(args, out=io.StringIO()) == 2
    assert "pip install 'freshdesk-atom[asgi]'" in capsys.readouterr().err


@pytest.mark.anyio
async def test_serve_answers_the_figures_from_a_mirror(tmp_path: Path) -> None:
    from freshdesk_atom import Freshdesk
    from freshdesk_atom.mirror import Mirror
    from freshdesk_atom.testing import FakeFreshdesk

    fake = FakeFreshdesk.generate(tickets=40, contacts=10)
    db = tmp_path / "fd.sqlite"
    http = httpx.Client(transport=fake.transport())
    with Freshdesk(api_key=fake.api_key, base_url=fake.base_url, http_client=http) as fd:
        Mirror(db).sync(fd, conversations=False)
    app, about = build_app(fake=True, account=fake, prefix="/api/v1/freshdesk", mirror=str(db))
    assert str(db) in about
    sent = fake.counters.total_requests
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
        trends = await client.get("/api/v1/freshdesk/stats/trends?days=7")
    assert trends.json()["data"]["source"] == "mirror"
    assert fake.counters.total_requests == sent  # not one request to Freshdesk
    with pytest.raises(ValueError, match="no such file"):
        build_app(fake=True, prefix="/api/v1/freshdesk", mirror=str(tmp_path / "none.sqlite"))
