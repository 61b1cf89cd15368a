"""``freshdesk-atom mcp``: serve :mod:`freshdesk_atom.mcp` over stdio or streamable HTTP.

The account is the environment's (``FRESHDESK_API_KEY`` and
``FRESHDESK_DOMAIN``, as for ``serve`` and ``sync``), or, with ``--fake``, a
generated fake account in this process. Over stdio, standard output carries
the protocol and nothing else: every message of this command, and every log
line, goes to standard error. Over HTTP the endpoint is ``/mcp``, bound to
127.0.0.1 unless told otherwise; it has no authentication of its own, so
binding another interface needs the ``Host`` names clients use
(``--allow-host``), as ``serve`` does, against DNS rebinding.

The MCP SDK (the ``mcp`` extra) is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import functools
import logging
import os
import sys
from typing import TYPE_CHECKING, Any, Final, TextIO

if TYPE_CHECKING:
    from mcp.server.transport_security import TransportSecuritySettings

    from .. import AsyncFreshdesk
    from ..mirror import Mirror
    from ..testing import FakeFreshdesk

__all__ = ["add_mcp_parser", "run_mcp_command"]

PREFIX: Final = "freshdesk-atom mcp"


def add_mcp_parser(commands: Any) -> None:
    """Add ``mcp`` to the ``freshdesk-atom`` subcommands."""
    mcp = commands.add_parser(
        "mcp",
        help="serve an MCP server (tools to search, read, create, reply to, note and update "
        "tickets) over stdio or streamable HTTP, on FRESHDESK_API_KEY/FRESHDESK_DOMAIN or "
        "--fake (needs the mcp extra)",
        description="Serve the Freshdesk account to MCP clients (Claude Desktop, IDEs, agents). "
        "The account: FRESHDESK_API_KEY and FRESHDESK_DOMAIN, or --fake. With --mirror, "
        "searches and reads come from a SQLite mirror ('freshdesk-atom sync') and writes "
        "refresh it.",
    )
    mcp.add_argument(
        "--transport",
        choices=("stdio", "http"),
        default="stdio",
        help="stdio (default: the client starts this command) or http (streamable HTTP at /mcp)",
    )
    mcp.add_argument(
        "--host", default="127.0.0.1", help="http: interface to bind (default 127.0.0.1)"
    )
    mcp.add_argument("--port", type=int, default=8000, help="http: port (default 8000)")
    mcp.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="http: a Host name clients use to reach the server (repeatable; '*' for any). "
        "Default when bound to loopback: localhost, 127.0.0.1, ::1",
    )
    mcp.add_argument(
        "--mirror",
        default=None,
        metavar="DB",
        help="search and read from this SQLite mirror (made and kept up to date by "
        "'freshdesk-atom sync'); writes refresh it. With --fake: synced from the fake first",
    )
    mcp.add_argument(
        "--read-only", action="store_true", help="offer only the read tools; refuse writes"
    )
    mcp.add_argument("--fake", action="store_true", help="serve a generated fake Freshdesk")
    mcp.add_argument("--tickets", type=int, default=1000, help="fake account size (tickets)")
    mcp.add_argument("--contacts", type=int, default=300, help="fake account size (contacts)")
    mcp.add_argument("--seed", type=int, default=1, help="seed of the generated fake account")


def transport_security(host: str, names: list[str]) -> TransportSecuritySettings:
    """Return the ``Host`` and ``Origin`` checks of the HTTP endpoint: *names*, else the loopback ones.

    Raises:
        ValueError: bound beyond loopback with no ``--allow-host``.
    """
    from mcp.server.transport_security import TransportSecuritySettings

    from ._serve import allowed_hosts_for

    hosts = allowed_hosts_for(host, names)
    if "*" in hosts:
        return TransportSecuritySettings(enable_dns_rebinding_protection=False)
    shown = [f"[{name}]" if ":" in name and not name.startswith("[") else name for name in hosts]
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=[form for name in shown for form in (name, f"{name}:*")],
        allowed_origins=[
            form
            for name in shown
            for scheme in ("http", "https")
            for form in (f"{scheme}://{name}", f"{scheme}://{name}:*")
        ],
    )


def _generated(args: argparse.Namespace) -> FakeFreshdesk:
    from ..testing import FakeFreshdesk, RateLimitConfig

    # No rate limit: syncing a mirror of it must not wait out a per-minute budget.
    return FakeFreshdesk.generate(
        tickets=args.tickets,
        contacts=args.contacts,
        seed=args.seed,
        rate_limit=RateLimitConfig.unlimited(),
    )


def _client(fake: FakeFreshdesk | None) -> AsyncFreshdesk:
    """Return the client of the fake, or of the environment's account.

    Raises:
        ValueError: a variable of the environment is missing or unusable.
    """
    import httpx

    from .. import AsyncFreshdesk

    if fake is None:
        return AsyncFreshdesk()
    return AsyncFreshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.async_transport()),
    )


def _open_mirror(path: str, fake: FakeFreshdesk | None, err: TextIO) -> Mirror:
    """Open the mirror at *path*; on a fake, sync it from the fake first.

    Raises:
        ValueError: not a mirror this version reads.
    """
    from ..mirror import Mirror
    from ._accounts import mirror_the_fake

    mirror = Mirror(path)
    if fake is not None:
        report = mirror_the_fake(mirror, fake)
        print(f"{PREFIX}: synced {path} from the fake ({report.records:,} records)", file=err)
    return mirror


async def _serve(
    args: argparse.Namespace, security: TransportSecuritySettings | None, err: TextIO
) -> int:
    import anyio.to_thread

    from ..mcp import READ_TOOLS, WRITE_TOOLS, create_server
    from ._accounts import check_account

    fake = _generated(args) if args.fake else None
    try:
        fd = _client(fake)
    except ValueError as exc:  # missing credentials
        print(f"{PREFIX}: {exc}", file=err)
        return 2
    async with fd:
        if fake is None:
            stop = await anyio.to_thread.run_sync(
                functools.partial(check_account, command=PREFIX, err=err)
            )
            if stop is not None:
                return stop
        mirror = None
        if args.mirror is not None:
            try:
                mirror = await anyio.to_thread.run_sync(_open_mirror, args.mirror, fake, err)
            except ValueError as exc:
                print(f"{PREFIX}: {exc}", file=err)
                return 2
        server = create_server(fd, mirror=mirror, read_only=args.read_only)
        about = (
            f"a fake Freshdesk ({args.tickets} tickets, {args.contacts} contacts)"
            if fake is not None
            else fd.base_url.host
        )
        tools = READ_TOOLS if args.read_only else READ_TOOLS + WRITE_TOOLS
        where = "stdio" if args.transport == "stdio" else f"http://{args.host}:{args.port}/mcp"
        print(
            f"{PREFIX}: {len(tools)} tools{' (read-only)' if args.read_only else ''} on {about}"
            f"{f', mirror {args.mirror}' if mirror is not None else ''}, over {where}",
            file=err,
            flush=True,
        )
        if args.transport == "stdio":
            await server.run_stdio_async()
        else:
            await server.run_streamable_http_async(
                host=args.host, port=args.port, transport_security=security
            )
    return 0


def run_mcp_command(args: argparse.Namespace, err: TextIO | None = None) -> int:
    """Run ``freshdesk-atom mcp``; return the exit status (0 done, 1 account refused, 2 refused)."""
    err = err or sys.stderr
    try:
        import anyio
        from mcp.server.mcpserver import MCPServer  # noqa: F401
    except ImportError:
        print(f"{PREFIX} needs the MCP Python SDK: pip install 'freshdesk-atom[mcp]'", file=err)
        return 2
    # Each Freshdesk request would log a line at INFO: keep standard error for what matters.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    security = None
    try:
        if args.mirror is not None and not args.fake and not os.path.isfile(args.mirror):
            raise ValueError(
                f"--mirror {args.mirror}: no such file "
                f"(make it with 'freshdesk-atom sync --db {args.mirror}')"
            )
        if args.mirror is not None and args.fake and os.path.exists(args.mirror):
            # Each start generates a new fake account: an old mirror would mix two accounts.
            raise ValueError(
                f"--mirror {args.mirror} exists: with --fake the mirror is made anew from the "
                "generated account; name a new file"
            )
        if args.transport == "http":
            if not 0 < args.port < 65536:
                raise ValueError(f"--port must be 1..65535, not {args.port}")
            security = transport_security(args.host, args.allow_host)
    except ValueError as exc:
        print(f"{PREFIX}: {exc}", file=err)
        return 2
    try:
        status: int = anyio.run(_serve, args, security, err)
    except KeyboardInterrupt:
        return 130
    return status
