"""``create_server``: the MCP server of one Freshdesk account, on the SDK's ``MCPServer``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, InputRequiredResult

from .. import AsyncFreshdesk
from .._version import __version__
from ..mirror import Mirror
from ._reads import SCAN_LIMIT, Reads
from ._tools import READ_TOOLS, TOOLS, WRITE_TOOLS
from ._writes import Writes

__all__ = ["create_server"]

_ABOUT = (
    "Tools for one Freshdesk help desk: search, list and read tickets and contacts, and "
    "create, reply to, note and update tickets. Ticket status: 2 Open, 3 Pending, "
    "4 Resolved, 5 Closed; priority: 1 Low, 2 Medium, 3 High, 4 Urgent. Every list comes a "
    "page at a time with `total` (or `total_known: false`) and `has_more`: read further "
    "pages only when needed. Text is plain, and long text is cut with its full length given "
    "(get_ticket's `max_body_chars` shows more)."
)
_MIRROR = (
    " Searches and reads come from a local mirror of the account, as of its last sync: "
    "full-text search over every ticket's subject, description, replies and notes, with "
    "exact totals. Writes go to Freshdesk and then update the mirror."
)
_LIVE = (
    " Everything is read from Freshdesk. Its search API searches fields (status, priority, "
    "tag, group_id, requester_id, created_at, ...) and returns at most 300 matches; words are "
    f"matched only in the {SCAN_LIMIT} most recent tickets or contacts, and never in replies "
    "or notes."
)
_READ_ONLY = " This server is read-only: it cannot change anything in Freshdesk."


class _FreshdeskServer(MCPServer[Any]):
    """``MCPServer`` that names read-only mode when a client calls a write tool it left out."""

    read_only: bool = False

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        if self.read_only and name in WRITE_TOOLS:
            raise ToolError(
                f"{name} changes Freshdesk, and this server is read-only: it offers only "
                f"{', '.join(READ_TOOLS)}"
            )
        return await super().call_tool(name, arguments, context)


def create_server(
    client: AsyncFreshdesk,
    *,
    mirror: Mirror | None = None,
    read_only: bool = False,
    name: str = "freshdesk",
) -> MCPServer[Any]:
    """Return an MCP server whose tools search, read and change the account behind *client*.

    Run it with the SDK (``server.run_stdio_async()``,
    ``server.streamable_http_app()``, ...), or connect the SDK's
    ``mcp.Client(server)`` to it in-process. ``freshdesk-atom mcp`` runs it
    over stdio or streamable HTTP.

    Args:
        client: the async client the tools call Freshdesk with; the caller
            keeps it open while the server runs, and closes it after.
        mirror: a mirror of the same account (``freshdesk-atom sync``): searches
            and reads come from it, and writes refresh it.
        read_only: leave out the write tools, and refuse calls to them.
        name: the server's name, as clients show it.
    """
    server = _FreshdeskServer(
        name,
        title="Freshdesk",
        version=__version__,
        instructions=_ABOUT
        + (_MIRROR if mirror is not None else _LIVE)
        + (_READ_ONLY if read_only else ""),
    )
    server.read_only = read_only
    reads = Reads(client=client, mirror=mirror)
    writes = Writes(client=client, mirror=mirror)
    handlers: dict[str, Callable[..., Any]] = {
        "search_tickets": reads.search_tickets,
        "search_contacts": reads.search_contacts,
        "list_tickets": reads.list_tickets,
        "get_ticket": reads.get_ticket,
        "create_ticket": writes.create_ticket,
        "reply_to_ticket": writes.reply_to_ticket,
        "add_note": writes.add_note,
        "update_ticket": writes.update_ticket,
    }
    for spec in TOOLS:
        if read_only and spec.writes:
            continue
        server.add_tool(
            handlers[spec.name],
            name=spec.name,
            title=spec.title,
            description=spec.description,
            annotations=spec.annotations,
        )
    return server
