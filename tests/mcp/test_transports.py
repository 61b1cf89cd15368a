"""``freshdesk-atom mcp`` as a client runs it: over stdio, and over streamable HTTP on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx
import pytest
from mcp.client import Client
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp_types.version import LATEST_HANDSHAKE_VERSION

from freshdesk_atom.mcp import READ_TOOLS, WRITE_TOOLS
from tests.ports import free_port

from .support import data

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[2]
FAKE = ["--fake", "--tickets", "60", "--contacts", "30"]


def _environment() -> dict[str, str]:
    """This test's environment without any Freshdesk account, the package importable."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("FRESHDESK_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    return env


async def test_over_stdio_the_tools_are_listed_and_a_read_tool_answers(tmp_path: Path) -> None:
    server = StdioServerParameters(
        command=sys.executable,
        args=["-m", "freshdesk_atom", "mcp", *FAKE, "--mirror", str(tmp_path / "fd.sqlite")],
        env=_environment(),
        cwd=tmp_path,
    )
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as errlog:
        async with Client(stdio_client(server, errlog=errlog)) as client:
            names = [tool.name for tool in (await client.list_tools()).tools]
            listed = data(await client.call_tool("list_tickets", {"per_page": 3}))
            found = data(await client.call_tool("search_tickets", {"query": "refund"}))
    assert names == [*READ_TOOLS, *WRITE_TOOLS]
    assert (listed["source"], len(listed["tickets"]), listed["total_known"]) == ("mirror", 3, True)
    assert found["source"] == "mirror"
    assert found["total"] == len(found["tickets"]) > 0
    # What the command tells its user went to standard error.
    told = errors.read_text()
    assert f"freshdesk-atom mcp: synced {tmp_path / 'fd.sqlite'} from the fake" in told
    assert "freshdesk-atom mcp: 8 tools on a fake Freshdesk (60 tickets, 30 contacts)" in told


async def test_over_stdio_standard_output_carries_the_protocol_and_nothing_else(
    tmp_path: Path,
) -> None:
    """The first line out is the answer to the first request: every message went to stderr."""
    initialize = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": LATEST_HANDSHAKE_VERSION,
            "capabilities": {},
            "clientInfo": {"name": "test", "version": "1"},
        },
    }
    process = await anyio.open_process(
        [
            sys.executable,
            "-m",
            "freshdesk_atom",
            "mcp",
            *FAKE,
            "--read-only",
            "--mirror",
            str(tmp_path / "fd.sqlite"),
        ],
        env=_environment(),
        cwd=tmp_path,
    )
    try:
        assert process.stdin is not None
        assert process.stdout is not None
        await process.stdin.send((json.dumps(initialize) + "\n").encode())
        received = b""
        with anyio.fail_after(60):
            while b"\n" not in received:
                received += await process.stdout.receive()
        first = json.loads(received.split(b"\n", 1)[0])
        assert first["id"] == 1
        assert first["result"]["serverInfo"]["name"] == "freshdesk"
        assert "read-only" in first["result"]["instructions"]
    finally:
        process.terminate()
        await process.wait()
        await process.aclose()


@pytest.fixture(scope="module")
def http_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start ``freshdesk-atom mcp --transport http --fake`` on a loopback port; yield its URL."""
    tmp_path = tmp_path_factory.mktemp("mcp-http")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "freshdesk_atom",
            "mcp",
            *FAKE,
            "--transport",
            "http",
            "--port",
            str(port),
        ],
        env=_environment(),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode}")
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not answer within 60 s"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.terminate()
        process.communicate(timeout=20)


async def test_over_streamable_http_the_tools_are_listed_and_a_read_tool_answers(
    http_server: str,
) -> None:
    async with Client(http_server) as client:
        names = [tool.name for tool in (await client.list_tools()).tools]
        listed = data(await client.call_tool("list_tickets", {"per_page": 1}))
        newest = listed["tickets"][0]["id"]
        view = data(
            await client.call_tool("get_ticket", {"ticket_id": newest, "conversations_per_page": 2})
        )
    assert names == [*READ_TOOLS, *WRITE_TOOLS]
    assert (listed["source"], listed["has_more"]) == ("freshdesk", True)
    assert (view["source"], view["ticket"]["id"]) == ("freshdesk", newest)
    assert len(view["conversations"]) <= 2


def test_over_http_a_host_name_other_than_loopback_is_refused(http_server: str) -> None:
    # DNS rebinding: a page on another site must not reach the server through its own name.
    answer = httpx.post(
        http_server,
        headers={"Host": "attacker.example", "Content-Type": "application/json"},
        json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
    )
    assert answer.status_code == 421
