"""Helpers for the MCP server's tests: a fake account, a mirror of it, an in-process MCP client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from mcp.client import Client
from mcp.types import CallToolResult, TextContent

from freshdesk_atom import AsyncFreshdesk, Freshdesk
from freshdesk_atom.mcp import create_server
from freshdesk_atom.mirror import Mirror
from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig

API_KEY = "mcp-test-key-7f3a9c2e"
"""A key distinctive enough that finding it in any answer would be a leak."""


def account(**sizes: Any) -> FakeFreshdesk:
    """Return a generated account with this key and no rate limit (the tests count requests)."""
    sizes.setdefault("seed", 5)
    return FakeFreshdesk.generate(api_key=API_KEY, rate_limit=RateLimitConfig.unlimited(), **sizes)


def live_ticket(fake: FakeFreshdesk) -> int:
    """Return the id of a ticket that is neither spam nor deleted."""
    return next(
        key
        for key, ticket in fake.state.tickets.items()
        if not ticket.get("spam") and not ticket.get("deleted")
    )


def synced(fake: FakeFreshdesk, path: Path) -> Mirror:
    """Return a mirror at *path* brought up to date with *fake*."""
    mirror = Mirror(path)
    with Freshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as fd:
        mirror.sync(fd)
    return mirror


@asynccontextmanager
async def connected(
    fake: FakeFreshdesk,
    *,
    mirror: Mirror | None = None,
    read_only: bool = False,
    api_key: str | None = None,
) -> AsyncIterator[Client]:
    """Yield the MCP SDK's own client, connected in-process to a server on *fake*."""
    async with (
        AsyncFreshdesk(
            api_key=api_key or fake.api_key,
            base_url=fake.base_url,
            http_client=httpx.AsyncClient(transport=fake.async_transport()),
            max_retries=0,
        ) as fd,
        Client(create_server(fd, mirror=mirror, read_only=read_only)) as client,
    ):
        yield client


def data(result: CallToolResult) -> dict[str, Any]:
    """Return a successful call's structured result."""
    assert not result.is_error, text(result)
    content: dict[str, Any] = result.structured_content
    assert isinstance(content, dict)
    return content


def text(result: CallToolResult) -> str:
    """Return the text a call answered (the message, for a refused call)."""
    return "".join(block.text for block in result.content if isinstance(block, TextContent))


def refused(result: CallToolResult) -> str:
    """Return the message of a call that was refused (a tool error)."""
    assert result.is_error, result.structured_content
    message = text(result)
    assert message
    assert "Traceback" not in message
    return message
