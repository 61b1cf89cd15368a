"""The ``freshdesk-atom`` parser and its dispatch to the commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .._version import __version__
from ._bulk import add_export_parser, add_sync_parser, run_export_command, run_sync_command
from ._mcp import add_mcp_parser, run_mcp_command
from ._serve import add_serve_parser, run_serve_command

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="freshdesk-atom", description="Tools around the freshdesk-atom SDK."
    )
    parser.add_argument("--version", action="version", version=f"freshdesk-atom {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser(
        "demo",
        help="show the SDK at work: on an embedded, generated fake Freshdesk (nothing leaves "
        "this machine), or with read-only calls on your account when both FRESHDESK_API_KEY "
        "and FRESHDESK_DOMAIN are set",
        description="Show the SDK at work. Offline on a generated fake Freshdesk, or, when "
        "both FRESHDESK_API_KEY and FRESHDESK_DOMAIN are set, with read-only calls on that "
        "account.",
    )
    demo.add_argument("--tickets", type=int, default=2_000, help="fake account size (tickets)")
    demo.add_argument("--contacts", type=int, default=500, help="fake account size (contacts)")
    demo.add_argument("--seed", type=int, default=1, help="seed of the generated fake account")
    add_export_parser(commands)
    add_sync_parser(commands)
    add_serve_parser(commands)
    add_mcp_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    if args.command == "demo":
        from ._demo import DemoError, run_demo

        try:
            run_demo(sys.stdout, tickets=args.tickets, contacts=args.contacts, seed=args.seed)
        except DemoError as exc:
            print(f"freshdesk-atom demo: {exc}", file=sys.stderr)
            return 1
    elif args.command == "export":
        return run_export_command(args)
    elif args.command == "sync":
        return run_sync_command(args)
    elif args.command == "serve":
        return run_serve_command(args)
    elif args.command == "mcp":
        return run_mcp_command(args)
    return 0
