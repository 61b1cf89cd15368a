"""The kill test: ``export`` and ``sync`` SIGKILLed at random points, resumed, exactly the fake's records.

A generated fake Freshdesk is served on loopback by ``python -m
freshdesk_atom.testing`` in a subprocess; the CLI runs in another subprocess
and is killed with SIGKILL at a random point of its progress, several times,
then run to the end. After every kill the files (or the database) must be consistent, and
at the end they must hold exactly the fake's records. Every process started
here is killed and reaped, whatever happens.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from freshdesk_atom.export._files import checkpoint_path, partial_path
from freshdesk_atom.testing import DEFAULT_API_KEY, FakeFreshdesk
from tests.ports import free_port

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(signal, "SIGKILL"), reason="needs POSIX signals"
)

TICKETS = 4_000
CONTACTS = 800
SEED = 5
KILLS = 5
SERVER_START_TIMEOUT = 30.0
RUN_TIMEOUT = 60.0


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


@contextlib.contextmanager
def serve_fake(*options: str) -> Iterator[str]:
    """Serve ``python -m freshdesk_atom.testing *options`` on a free loopback port; yield its URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "freshdesk_atom.testing",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *options,
            "--rate-limit",
            "1000000/min",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"the fake server exited with {process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("the fake server did not start in time")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/api/v2/"
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The generated fake, served on loopback."""
    with serve_fake(
        "--tickets", str(TICKETS), "--contacts", str(CONTACTS), "--seed", str(SEED)
    ) as url:
        yield url


@pytest.fixture(scope="module")
def truth() -> FakeFreshdesk:
    """The same account in process: record ids depend on the seed only, not on the clock."""
    return FakeFreshdesk.generate(tickets=TICKETS, contacts=CONTACTS, seed=SEED)


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRESHDESK_")}
    env["FRESHDESK_API_KEY"] = DEFAULT_API_KEY
    return env


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "freshdesk_atom", *args]


def _killed_runs(
    argv: list[str],
    rng: random.Random,
    progress_of: Callable[[], int],
    total: int,
    check: Callable[[], None],
    label: str,
) -> tuple[int, int]:
    """Start *argv* KILLS times and SIGKILL each one at a random point of its work.

    Kills are placed by progress, not by wall time (which depends on the
    machine's load): each run is killed once *progress_of* passes a random
    threshold a little beyond where the previous run stopped, plus a random
    few milliseconds so the kill lands anywhere inside a page's handling.
    Returns (killed, finished).
    """
    killed = finished = 0
    for _ in range(KILLS):
        start = progress_of()
        threshold = min(total - 1, start + int(rng.uniform(0.05, 0.2) * total))
        process = subprocess.Popen(
            argv, env=_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            deadline = time.monotonic() + RUN_TIMEOUT
            while process.poll() is None and time.monotonic() < deadline:
                if progress_of() >= threshold:
                    time.sleep(rng.uniform(0.0, 0.05))
                    break
                time.sleep(0.02)
            if process.poll() is None:
                os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        finally:
            _stop(process)
        if process.returncode == -signal.SIGKILL:
            killed += 1
        else:
            assert process.returncode == 0, (
                label,
                process.stderr.read() if process.stderr else b"",
            )
            finished += 1
        if process.stderr:
            process.stderr.close()
        check()
    return killed, finished


def _export_progress(out: Path) -> int:
    """Records the export's checkpoint says are durable (0 before the first)."""
    try:
        saved = json.loads(checkpoint_path(out).read_bytes())
    except (FileNotFoundError, ValueError):
        return 0
    records: int = saved["records"]
    return records


def _sync_progress(db: Path) -> int:
    """Rows the mirror has committed so far, across its tables (0 before the first)."""
    if not db.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            return sum(
                conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("tickets", "contacts", "companies", "agents", "groups")
            )
    except sqlite3.Error:  # not created yet, or busy: no news
        return 0


def _check_export_files(out: Path, progress: list[int]) -> None:
    """After a kill: the checkpointed prefix of the partial file is whole JSON lines."""
    marker = checkpoint_path(out)
    if not marker.exists():
        return
    progress.append(json.loads(marker.read_bytes())["records"])
    saved = json.loads(marker.read_bytes())
    part = partial_path(out)
    if saved["finished"] and not part.exists():
        assert out.exists()
        return
    if saved["offset"] == 0 and not part.exists():
        return
    data = part.read_bytes()
    assert len(data) >= saved["offset"]
    counted = data[: saved["offset"]]
    lines = counted.split(b"\n")
    assert lines[-1] == b""
    assert len(lines) - 1 == saved["records"]
    for line in lines[:-1]:
        assert isinstance(json.loads(line), dict)


def export_killed_then_finished(
    argv: list[str], out: Path, rng: random.Random, total: int, what: str
) -> list[int]:
    """Run the export *argv* into *out*, SIGKILLed at random points of its progress and
    resumed, then once to the end; return the ids of the records written, in order."""
    progress: list[int] = []
    killed, _ = _killed_runs(
        argv,
        rng,
        lambda: _export_progress(out),
        total,
        lambda: _check_export_files(out, progress),
        what,
    )
    assert killed >= 3, "most runs must be cut short, or the test proves little"
    # Kills landed in the middle of the work, not only before or after it.
    assert any(0 < n < total for n in progress), progress
    done = subprocess.run(argv, env=_environment(), capture_output=True, timeout=RUN_TIMEOUT)
    assert done.returncode == 0, done.stderr
    assert not partial_path(out).exists()
    assert not checkpoint_path(out).exists()
    return [json.loads(line)["id"] for line in out.read_bytes().splitlines()]


def test_export_killed_at_random_points_ends_with_exactly_the_fakes_tickets(
    server: str, truth: FakeFreshdesk, tmp_path: Path
) -> None:
    rng = random.Random(20260601)
    out = tmp_path / "tickets.jsonl"
    argv = _cli(
        "export",
        "tickets",
        "--out",
        str(out),
        "--include-spam",
        "--include-deleted",
        "--base-url",
        server,
        "--resume",
    )
    ids = export_killed_then_finished(argv, out, rng, TICKETS, "export")
    assert len(ids) == len(set(ids)), "a record was written twice"
    assert set(ids) == set(truth.state.tickets)


def _check_database(db: Path, progress: list[int]) -> None:
    if not db.exists():
        return
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        progress.append(
            sum(
                conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("tickets", "contacts", "companies", "agents", "groups")
            )
        )
        # Every stream's checkpoint is valid JSON, committed with its page.
        for (checkpoint,) in conn.execute("SELECT checkpoint FROM sync_state"):
            json.loads(checkpoint)
    conn.close()


def test_sync_killed_at_random_points_ends_with_exactly_the_fakes_records(
    server: str, truth: FakeFreshdesk, tmp_path: Path
) -> None:
    rng = random.Random(20260602)
    db = tmp_path / "fd.sqlite"
    argv = _cli("sync", "--db", str(db), "--base-url", server)
    progress: list[int] = []
    everything = sum(
        len(getattr(truth.state, table))
        for table in ("tickets", "contacts", "companies", "agents", "groups")
    )
    killed, _ = _killed_runs(
        argv,
        rng,
        lambda: _sync_progress(db),
        everything,
        lambda: _check_database(db, progress),
        "sync",
    )
    assert killed >= 3, "most runs must be cut short, or the test proves little"
    assert any(0 < n < everything for n in progress), progress
    done = subprocess.run(argv, env=_environment(), capture_output=True, timeout=RUN_TIMEOUT)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        for table in ("tickets", "contacts", "companies", "agents", "groups"):
            ids = [row[0] for row in conn.execute(f"SELECT id FROM {table}")]
            assert set(ids) == set(getattr(truth.state, table)), table
        assert conn.execute("SELECT COUNT(*) FROM tickets_fts").fetchone()[0] == TICKETS
        assert conn.execute("SELECT COUNT(*) FROM sync_state WHERE finished = 0").fetchone()[0] == 0
    conn.close()
