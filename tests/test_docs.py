"""Every code block in README.md and docs/*.md runs as written, against the fake Freshdesk.

Python blocks of one page run in order in one namespace, as a reader would
paste them into one session. Every request to ``https://<account>.freshdesk.com``
(the docs use ``domain="acme"`` and ``api_key="YOUR_API_KEY"``) goes to a
generated fake account, which holds the well-known records of
``docs/testing.md``; ``FRESHDESK_API_KEY`` and ``FRESHDESK_DOMAIN`` point at it
too. Shell blocks run their commands with the project's own ``freshdesk-atom``.

A block that cannot run as written carries a marker on the line before its fence,
with the reason, and there are few:

- ``<!-- docs-test: fragment -->``: part of a larger program (names defined elsewhere);
- ``<!-- docs-test: skip: <why> -->``: it installs, or takes minutes (CI runs it elsewhere);
- ``<!-- docs-test: server -->``: each line starts a server: it must come up and answer.
"""

from __future__ import annotations

import ast
import asyncio
import os
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig
from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
DOCS_API_KEY = "YOUR_API_KEY"
DOCS_DOMAIN = "acme"
RUNNABLE = {"python", "py", "bash", "sh", "console", "shell"}
SHELL = RUNNABLE - {"python", "py"}
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)
MARKER = re.compile(r"<!--\s*docs-test:\s*(fragment|server|skip:[^>]*?)\s*-->\s*$")


@attrs.frozen
class Block:
    """One fenced code block of a page."""

    page: Path
    line: int
    language: str
    code: str
    marker: str | None

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks_of(page: Path) -> list[Block]:
    """Return the runnable code blocks of *page*, with the marker before each, if any."""
    text = page.read_text(encoding="utf-8")
    found: list[Block] = []
    for match in FENCE.finditer(text):
        language = match.group(1).lower()
        if language not in RUNNABLE:
            continue
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = MARKER.search(before)
        line = text.count("\n", 0, match.start()) + 1
        found.append(
            Block(page, line, language, match.group(2), marker.group(1) if marker else None)
        )
    return found


BLOCKS = [block for page in PAGES for block in blocks_of(page)]


def test_the_docs_have_blocks_and_few_are_marked() -> None:
    python = [block for block in BLOCKS if block.language in ("python", "py")]
    assert len(python) >= 100
    marked = [block.name for block in python if block.marker is not None]
    assert len(marked) <= 8, marked


# ---------------------------------------------------------------------------- python


class _Routed:
    """Send requests for any ``*.freshdesk.com`` host to *fake*; others go out as usual."""

    def __init__(self, fake: FakeFreshdesk) -> None:
        self.sync = fake.transport()
        self.asynchronous = fake.async_transport()
        self.real_sync = httpx.HTTPTransport.handle_request
        self.real_async = httpx.AsyncHTTPTransport.handle_async_request

    @staticmethod
    def is_freshdesk(request: httpx.Request) -> bool:
        return request.url.host.endswith(".freshdesk.com")

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        routed = self

        def handle_request(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
            if routed.is_freshdesk(request):
                return routed.sync.handle_request(request)
            return routed.real_sync(self, request)

        async def handle_async_request(
            self: httpx.AsyncHTTPTransport, request: httpx.Request
        ) -> httpx.Response:
            if routed.is_freshdesk(request):
                return await routed.asynchronous.handle_async_request(request)
            return await routed.real_async(self, request)

        monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle_request)
        monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", handle_async_request)


class _Session:
    """What one page's Python blocks share: the namespace, the fake, the working folder."""

    def __init__(self, folder: Path) -> None:
        self.namespace: dict[str, Any] = {"__name__": "__docs__"}
        self.folder = folder
        self.fake = FakeFreshdesk.generate(
            tickets=300,
            contacts=100,
            seed=1,
            domain=DOCS_DOMAIN,
            api_key=DOCS_API_KEY,
            rate_limit=RateLimitConfig.unlimited(),
        )


_SESSIONS: dict[Path, _Session] = {}


@pytest.fixture
def docs_world(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Callable[[Path], _Session]:
    """Route Freshdesk to the page's fake, set its credentials, work in the page's folder."""

    def enter(page: Path) -> _Session:
        session = _SESSIONS.get(page)
        if session is None:
            session = _SESSIONS[page] = _Session(tmp_path_factory.mktemp(page.stem))
        _Routed(session.fake).install(monkeypatch)
        monkeypatch.setenv("FRESHDESK_API_KEY", DOCS_API_KEY)
        monkeypatch.setenv("FRESHDESK_DOMAIN", DOCS_DOMAIN)
        monkeypatch.chdir(session.folder)
        return session

    return enter


def _run_python(code: str, namespace: dict[str, Any], filename: str) -> None:
    exec(compile(code, filename, "exec", dont_inherit=True), namespace)
    # A block may leave an event loop policy or pending tasks behind; nothing carries over.
    asyncio.set_event_loop(None)


@pytest.mark.parametrize(
    "block",
    [block for block in BLOCKS if block.language in ("python", "py")],
    ids=lambda block: block.name,
)
def test_python_block_runs_as_written(block: Block, docs_world: Callable[[Path], _Session]) -> None:
    if block.marker == "fragment":
        # Not runnable on its own, but it must still be Python.
        compile(block.code, block.name, "exec", flags=ast.PyCF_ONLY_AST)
        return
    if block.marker is not None:
        pytest.fail(f"{block.name}: a Python block may only be marked as a fragment")
    session = docs_world(block.page)
    _run_python(block.code, session.namespace, block.name)


# ---------------------------------------------------------------------------- shell


def _commands(block: Block) -> list[str]:
    """Return the commands of a shell block: ``$ ``-prompted lines of a console, else every line."""
    joined = block.code.replace("\\\n", " ")
    lines = [line.strip() for line in joined.splitlines()]
    if block.language == "console":
        return [line[2:] for line in lines if line.startswith("$ ")]
    return [line for line in lines if line and not line.startswith("#")]


def _environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRESHDESK_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONPATH"] = str(ROOT / "src")
    return env


def _serve_once(command: str, folder: Path) -> None:
    """Start *command* (a server), wait until it answers HTTP on its port, then stop it."""
    words = shlex.split(command.split("#", 1)[0])
    port = free_port()
    if "--port" in words:
        words[words.index("--port") + 1] = str(port)
    else:
        words += ["--port", str(port)]
    process = subprocess.Popen(
        words,
        cwd=folder,
        env=_environment(folder),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                output = process.stdout.read() if process.stdout else ""
                pytest.fail(f"{command!r} exited with {process.returncode}:\n{output}")
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail(f"{command!r} did not answer on port {port} within 30 s")
                time.sleep(0.2)
                continue
            assert answer.status_code < 500, answer.text
            return
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


@pytest.mark.parametrize(
    "block",
    [block for block in BLOCKS if block.language in SHELL],
    ids=lambda block: block.name,
)
def test_shell_block_runs_as_written(block: Block, tmp_path: Path) -> None:
    if block.marker is not None and block.marker.startswith("skip:"):
        assert block.marker.removeprefix("skip:").strip(), f"{block.name}: say why it is skipped"
        return
    commands = _commands(block)
    assert commands, f"{block.name}: no command found"
    for command in commands:
        if block.marker == "server":
            _serve_once(command, tmp_path)
            continue
        done = subprocess.run(
            command,
            shell=True,
            cwd=tmp_path,
            env=_environment(tmp_path),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"{block.name}: {command!r}\n{done.stdout}\n{done.stderr}"
