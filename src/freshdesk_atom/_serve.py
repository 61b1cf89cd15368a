"""``freshdesk-atom serve``: run the ATOM adapter with uvicorn, on Freshdesk or on a fake.

Starlette and uvicorn (the ``asgi`` extra) are imported only when the
command runs, so the rest of the command line works without them.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["add_serve_parser", "build_app", "normalize_prefix", "run_serve_command"]

DEFAULT_PREFIX = "/api/v1/freshdesk"


def add_serve_parser(commands: Any) -> None:
    """Add ``serve`` to the ``freshdesk-atom`` subcommands."""
    serve = commands.add_parser(
        "serve",
        help="serve the ATOM adapter over HTTP (needs the asgi extra); --fake runs it "
        "on an embedded fake Freshdesk, otherwise FRESHDESK_API_KEY/FRESHDESK_DOMAIN or "
        "POST /auth give the account",
    )
    serve.add_argument("--fake", action="store_true", help="serve on a generated fake Freshdesk")
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--prefix",
        default=DEFAULT_PREFIX,
        help=f"path the routes are served under (default {DEFAULT_PREFIX}; '/' for the root)",
    )
    serve.add_argument("--tickets", type=int, default=1000, help="fake account size (tickets)")
    serve.add_argument("--contacts", type=int, default=300, help="fake account size (contacts)")
    serve.add_argument("--seed", type=int, default=1, help="seed of the generated fake account")


def normalize_prefix(prefix: str) -> str:
    """Return *prefix* as ``/a/b`` (``""`` for the root).

    Raises:
        ValueError: it does not start with ``/`` or holds a query, fragment or space.
    """
    text = prefix.strip()
    if not text.startswith("/"):
        raise ValueError(f"--prefix must start with '/', not {prefix!r}")
    if any(ch in text for ch in "?#% ") or "//" in text:
        raise ValueError(f"--prefix must be a plain path, not {prefix!r}")
    return text.rstrip("/")


def build_app(
    *, fake: bool, prefix: str, tickets: int = 1000, contacts: int = 300, seed: int = 1
) -> tuple[Starlette, str]:
    """Return the app to serve (the adapter mounted at *prefix*) and a line describing it."""
    import httpx
    from starlette.applications import Starlette
    from starlette.routing import Mount

    from .asgi import create_app

    if fake:
        from .asgi import Credentials
        from .testing import FakeFreshdesk

        account = FakeFreshdesk.generate(tickets=tickets, contacts=contacts, seed=seed)
        credentials = Credentials(api_key=account.api_key, base_url=account.base_url)

        async def provider(request: object, stored: Credentials | None) -> Credentials:
            return stored if stored is not None else credentials

        adapter = create_app(
            credentials=provider,
            allowed_base_urls=[account.base_url],
            http_client=httpx.AsyncClient(transport=account.async_transport()),
        )
        about = (
            f"on a fake Freshdesk ({len(account.state.tickets)} tickets, "
            f"{len(account.state.contacts)} contacts, seed {seed})"
        )
    else:
        adapter = create_app()
        about = "on the Freshdesk account of FRESHDESK_API_KEY/FRESHDESK_DOMAIN or POST /auth"
    if not prefix:
        return adapter, about
    return Starlette(routes=[Mount(prefix, app=adapter)]), about


def run_serve_command(args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    """Run ``freshdesk-atom serve``; return the exit status."""
    try:
        import starlette  # noqa: F401
        import uvicorn
    except ImportError:
        print(
            "freshdesk-atom serve needs Starlette and uvicorn: pip install 'freshdesk-atom[asgi]'",
            file=sys.stderr,
        )
        return 2
    try:
        prefix = normalize_prefix(args.prefix)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    app, about = build_app(
        fake=args.fake,
        prefix=prefix,
        tickets=args.tickets,
        contacts=args.contacts,
        seed=args.seed,
    )
    print(
        f"freshdesk-atom ATOM adapter {about}\n"
        f"  http://{args.host}:{args.port}{prefix}/health  (OpenAPI: {prefix}/openapi.json)",
        file=out,
        flush=True,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0
