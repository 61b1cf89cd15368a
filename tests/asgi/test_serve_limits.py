"""A real ``freshdesk-atom serve`` on loopback against slow, incomplete, malformed and foreign callers."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn

from freshdesk_atom.cli._server import hardened_protocol
from freshdesk_atom.testing import FakeFreshdesk, FaultPlan
from tests.ports import free_port

TIMEOUT = 1.0  # the server's --request-timeout
CAP = 20  # the server's --max-connections
PREFIX = "/api/v1/freshdesk"


def _wait_until_up(port: int, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"the server exited: {output}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("the server did not start within 30 s")


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
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
        "40",
        "--contacts",
        "10",
        "--request-timeout",
        str(TIMEOUT),
        "--max-connections",
        str(CAP),
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(port, server)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


def _read_all(sock: socket.socket, limit: float) -> bytes:
    """Read until the server closes the connection (or *limit* seconds pass)."""
    sock.settimeout(limit)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except TimeoutError:
        pass
    return data


def _envelope(raw: bytes) -> tuple[int, dict[str, Any]]:
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    assert b"application/json" in head.lower(), raw
    return status, json.loads(body)


def test_a_request_that_never_ends_is_answered_408_and_closed(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET " + PREFIX.encode() + b"/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        raw = _read_all(sock, 10)
        took = time.monotonic() - started
    status, body = _envelope(raw)
    assert (status, body["error"]["code"]) == (408, "request_timeout")
    assert TIMEOUT * 0.8 <= took < TIMEOUT + 3


def test_a_body_that_never_arrives_is_answered_408(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(
            b"POST " + PREFIX.encode() + b"/search HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query"'
        )
        raw = _read_all(sock, 10)
    status, body = _envelope(raw)
    assert (status, body["error"]["code"]) == (408, "request_timeout")


def test_idle_connections_are_closed_and_capped(port: int) -> None:
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(CAP + 10)]
    try:
        answers = [_read_all(sock, TIMEOUT + 5) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()
    codes = [_envelope(raw)[1]["error"]["code"] for raw in answers]
    # Every connection ends: over the cap at once with 503, the others at the timeout.
    assert codes.count("too_many_connections") >= 10
    assert set(codes) <= {"too_many_connections", "request_timeout"}
    # The server still answers afterwards.
    response = httpx.get(f"http://127.0.0.1:{port}{PREFIX}/health", timeout=10)
    assert response.status_code == 200


def test_a_malformed_request_is_answered_in_the_envelope(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"THIS IS NOT HTTP\r\n\r\n")
        raw = _read_all(sock, 10)
    status, body = _envelope(raw)
    assert (status, body["error"]["code"]) == (400, "bad_request")


def test_a_foreign_host_and_a_path_outside_the_prefix_get_the_envelope(port: int) -> None:
    foreign = httpx.get(
        f"http://127.0.0.1:{port}{PREFIX}/tickets", headers={"host": "evil.example"}, timeout=10
    )
    outside = httpx.get(f"http://127.0.0.1:{port}/elsewhere", timeout=10)
    page = httpx.get(f"http://127.0.0.1:{port}/", headers={"host": "evil.example"}, timeout=10)
    assert (foreign.status_code, foreign.json()["error"]["code"]) == (400, "host_not_allowed")
    assert (outside.status_code, outside.json()["error"]["code"]) == (404, "not_found")
    # The dashboard at / is behind the same Host check.
    assert (page.status_code, page.json()["error"]["code"]) == (400, "host_not_allowed")


def test_a_bad_account_in_the_environment_stops_serve_with_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "freshdesk_atom", "serve", "--port", str(free_port())],
        env={"FRESHDESK_API_KEY": "k" * 20, "FRESHDESK_DOMAIN": "not a domain", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert "FRESHDESK_DOMAIN" in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_beyond_loopback_needs_the_names_it_answers() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "freshdesk_atom", "serve", "--fake", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--allow-host" in done.stderr
    assert done.stderr.count("\n") == 1


# ------------------------------------------------------------------ the fake over a socket


@pytest.fixture
def dropping_fake() -> Iterator[tuple[FakeFreshdesk, str]]:
    fake = FakeFreshdesk()
    port = free_port()
    config = uvicorn.Config(
        fake.asgi_app(),
        host="127.0.0.1",
        port=port,
        http=hardened_protocol(request_timeout=5, max_connections=10),
        log_level="critical",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        _wait_until_up(port)
        yield fake, f"http://127.0.0.1:{port}/api/v2/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_the_fakes_drop_closes_the_connection_without_an_answer(
    dropping_fake: tuple[FakeFreshdesk, str],
) -> None:
    fake, base_url = dropping_fake
    fake.faults = FaultPlan.once("drop")
    with pytest.raises(httpx.RemoteProtocolError, match="without sending"):
        httpx.get(base_url + "agents/me", auth=(fake.api_key, "X"), timeout=10)
    answer = httpx.get(base_url + "agents/me", auth=(fake.api_key, "X"), timeout=10)
    assert answer.status_code == 200
