"""``freshdesk-atom serve``: run the ATOM adapter over HTTP, on Freshdesk or on a fake,
with the support dashboard (``freshdesk_atom.dashboard``) at ``/`` beside it.

The server answers only the ``Host`` names it is meant to be reached by (the
loopback names when bound to loopback), refuses writes that a browser sends
from another site's page (``asgi._origins``), accepts ``POST /auth`` only from
this machine unless given a token, times out requests that never complete, caps
its connections, and answers everything, outside the prefix and malformed
requests included, in the adapter's JSON envelope.

Starlette and uvicorn (the ``asgi`` extra) are imported only when the
command runs, so the rest of the command line works without them.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from ..testing import FakeFreshdesk

__all__ = [
    "AUTH_TOKEN_ENV",
    "add_serve_parser",
    "allowed_hosts_for",
    "build_app",
    "normalize_prefix",
    "run_serve_command",
]

from ._live import WEBHOOK_SECRET_ENV

DEFAULT_PREFIX = "/api/v1/freshdesk"
AUTH_TOKEN_ENV = "FRESHDESK_ATOM_AUTH_TOKEN"


def add_serve_parser(commands: Any) -> None:
    """Add ``serve`` to the ``freshdesk-atom`` subcommands."""
    serve = commands.add_parser(
        "serve",
        help="serve the ATOM adapter (the JSON routes ATOM's Freshdesk page calls) and the "
        "support dashboard at / over HTTP; --fake serves an embedded fake Freshdesk, otherwise "
        "FRESHDESK_API_KEY and FRESHDESK_DOMAIN (or POST /auth) give the account "
        "(needs the asgi extra)",
        description="Serve the ATOM adapter over HTTP, and the support dashboard at /. The "
        "account: --fake, or FRESHDESK_API_KEY and FRESHDESK_DOMAIN, or one set later with "
        "POST /auth (the dashboard's Connect dialog).",
    )
    serve.add_argument("--fake", action="store_true", help="serve on a generated fake Freshdesk")
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--prefix",
        default=DEFAULT_PREFIX,
        help=f"path the routes are served under (default {DEFAULT_PREFIX}; '/' for the root)",
    )
    serve.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a Host name clients use to reach the server (repeatable; '*' for any). "
        "Default when bound to loopback: localhost, 127.0.0.1, ::1",
    )
    serve.add_argument(
        "--auth-token",
        default=None,
        help=f"let any address POST /auth with 'Authorization: Bearer TOKEN' (or ${AUTH_TOKEN_ENV}); "
        "without it, only this machine may",
    )
    serve.add_argument(
        "--request-timeout",
        type=float,
        default=10.0,
        help="seconds a request may take to arrive in full (default 10)",
    )
    serve.add_argument(
        "--max-connections", type=int, default=200, help="open connections at most (default 200)"
    )
    serve.add_argument(
        "--mirror",
        default=None,
        metavar="DB",
        help="answer /stats, /stats/trends and free-text /search from this SQLite mirror "
        "(kept up to date by 'freshdesk-atom sync'), without API credits",
    )
    serve.add_argument(
        "--webhooks",
        action="store_true",
        help="keep the --mirror up to date with Freshdesk's webhooks at "
        f"<prefix>/webhooks/freshdesk (secret: ${WEBHOOK_SECRET_ENV}; with --fake, the fake "
        "calls it) and a reconciliation every --reconcile-every seconds; see docs/webhooks.md",
    )
    serve.add_argument(
        "--files",
        default=None,
        metavar="DIR",
        help="with --webhooks: the directory of the mirror's attachment files, when it was "
        "synced with 'sync --files DIR'",
    )
    serve.add_argument(
        "--reconcile-every",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="with --webhooks: seconds between reconciliations (default 300)",
    )
    serve.add_argument(
        "--no-dashboard",
        action="store_true",
        help="serve only the JSON routes, not the support dashboard at /",
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


def _is_loopback_bind(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts_for(bind: str, given: Sequence[str]) -> tuple[str, ...]:
    """Return the ``Host`` names to answer: *given*, else the loopback names for a loopback bind.

    Raises:
        ValueError: bound beyond loopback with no name given.
    """
    from ..asgi._hosts import LOOPBACK_HOSTS

    if given:
        return tuple(given)
    if _is_loopback_bind(bind):
        return LOOPBACK_HOSTS
    raise ValueError(
        f"--host {bind} serves other machines: say which names they use with --allow-host NAME "
        "(repeatable), or --allow-host '*' to answer any"
    )


def build_app(
    *,
    fake: bool,
    prefix: str,
    tickets: int = 1000,
    contacts: int = 300,
    seed: int = 1,
    allowed_hosts: Sequence[str] | None = None,
    auth_token: str | None = None,
    account: FakeFreshdesk | None = None,
    dashboard: bool = True,
    mirror: str | None = None,
    webhooks: bool = False,
    reconcile_every: float = 300.0,
    origin: str | None = None,
    files: str | None = None,
) -> tuple[Starlette, str]:
    """Return the app to serve (the adapter mounted at *prefix*) and a line describing it.

    With *dashboard* and a *prefix* other than the root, the support dashboard
    answers ``/``, ``/index.html`` and ``/static/...``. Every other answer,
    outside the prefix too, is in the adapter's envelope; with *allowed_hosts*,
    only those ``Host`` names are answered. *account* is the fake account to
    serve with *fake* (default: one generated from *tickets*, *contacts*, *seed*).
    *mirror* is the path of a mirror (``freshdesk-atom sync``) of the same
    account that answers the figures and free-text search, and whose
    changes ``/events`` streams. With *webhooks*, ``POST <prefix>/webhooks/freshdesk``
    keeps it up to date, reconciling every *reconcile_every* seconds (the
    mirror's file may then be new); with *fake* too, the fake's automation
    rule calls it at *origin* (``http://host:port``), see ``_live.py``.

    Raises:
        ValueError: *mirror* names no file, or *webhooks* lacks what it needs.
    """
    import httpx
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Mount, Route

    from ..asgi import create_app
    from ..asgi._hosts import HostAllowlist
    from ..asgi._origins import SameOriginWrites
    from ._live import Live, lifespan_around, live_receiver

    local_mirror = None
    live: Live | None = None
    if webhooks and mirror is None:
        raise ValueError("--webhooks needs --mirror DB: the webhooks keep that mirror up to date")
    if mirror is not None:
        from ..mirror import Mirror

        if not webhooks and not os.path.isfile(mirror):
            raise ValueError(
                f"--mirror {mirror}: no such file (make it with 'freshdesk-atom sync --db {mirror}')"
            )
        local_mirror = Mirror(mirror)
    if fake:
        from ..asgi import Credentials
        from ..testing import FakeFreshdesk

        seeded = f", seed {seed}" if account is None else ""
        if account is None:
            account = FakeFreshdesk.generate(tickets=tickets, contacts=contacts, seed=seed)
        credentials = Credentials(api_key=account.api_key, base_url=account.base_url)
        if webhooks:
            assert local_mirror is not None
            live = live_receiver(
                local_mirror,
                account=account,
                webhook_url=None if origin is None else f"{origin}{prefix}/webhooks/freshdesk",
                reconcile_every=reconcile_every,
            )

        async def provider(request: object, stored: Credentials | None) -> Credentials:
            return stored if stored is not None else credentials

        adapter = create_app(
            credentials=provider,
            allowed_base_urls=[account.base_url],
            http_client=httpx.AsyncClient(transport=account.async_transport()),
            auth_token=auth_token,
            mirror=local_mirror,
            webhooks=None if live is None else live.receiver,
        )
        about = (
            f"on a fake Freshdesk ({len(account.state.tickets)} tickets, "
            f"{len(account.state.contacts)} contacts{seeded})"
        )
    else:
        if webhooks:
            assert local_mirror is not None
            live = live_receiver(
                local_mirror,
                account=None,
                webhook_url=None,
                reconcile_every=reconcile_every,
                files=files,
            )
        adapter = create_app(
            auth_token=auth_token,
            mirror=local_mirror,
            webhooks=None if live is None else live.receiver,
        )
        about = "on the Freshdesk account of FRESHDESK_API_KEY/FRESHDESK_DOMAIN or POST /auth"
    if mirror is not None:
        about += f"; figures, free-text search and live updates from the mirror {mirror}"
    if live is not None:
        about += f", kept up to date by webhooks (reconciling every {reconcile_every:g}s)"
    lifespan = lifespan_around(adapter, live)
    # Outermost first: the Host check, then no writes from other sites' pages.
    middleware = [Middleware(SameOriginWrites)]
    if allowed_hosts is not None:
        middleware.insert(0, Middleware(HostAllowlist, hosts=allowed_hosts))
    if not prefix:
        # The adapter answers every path itself; only the guards go around it.
        outer = Starlette(routes=[Mount("", app=adapter)], middleware=middleware, lifespan=lifespan)
        return outer, about

    async def elsewhere(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        code = {404: "not_found", 405: "method_not_allowed"}.get(status, "internal_error")
        message = f"no such route: {request.method} {request.url.path}; the adapter is at {prefix}/"
        if status == 500:
            message = "the server failed unexpectedly"
        body = {"success": False, "error": {"code": code, "message": message}}
        return JSONResponse(body, status_code=status)

    routes: list[Route | Mount] = [Mount(prefix, app=adapter)]
    if dashboard:
        from ..dashboard import create_dashboard

        # Only the page and its files: every other path stays the envelope's 404.
        page = create_dashboard(api_prefix=prefix, live=local_mirror is not None)
        routes += [
            Route("/", page, methods=["GET", "HEAD"]),
            Route("/index.html", page, methods=["GET", "HEAD"]),
            Route("/static/{path:path}", page, methods=["GET", "HEAD"]),
        ]
    outer = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: elsewhere, Exception: elsewhere},
        lifespan=lifespan,
    )
    return outer, about


def _url_host(bind: str) -> str:
    """The host to put in a URL reaching a server bound to *bind*."""
    if bind in ("0.0.0.0", "", "localhost"):
        return "127.0.0.1"
    if bind == "::":
        return "[::1]"
    return f"[{bind}]" if ":" in bind else bind


def _check_account(err: TextIO) -> int | None:
    """Check the account of the environment before serving; return an exit status to stop with."""
    from ..asgi import NotConfigured, environment_credentials
    from ._accounts import check_account

    try:
        credentials = environment_credentials()
    except NotConfigured as exc:
        print(f"freshdesk-atom serve: {exc}", file=err)
        return 2
    if credentials is None:
        return None  # no account yet: POST /auth sets one
    return check_account(
        command="freshdesk-atom serve",
        err=err,
        api_key=credentials.api_key,
        base_url=credentials.base_url,
    )


def run_serve_command(
    args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run ``freshdesk-atom serve``; return the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        print(
            "freshdesk-atom serve needs Starlette and uvicorn: pip install 'freshdesk-atom[asgi]'",
            file=err,
        )
        return 2
    from ._server import serve

    try:
        if args.request_timeout <= 0:
            raise ValueError("--request-timeout must be > 0 seconds")
        if args.max_connections < 1:
            raise ValueError("--max-connections must be >= 1")
        if getattr(args, "reconcile_every", 300.0) <= 0:
            raise ValueError("--reconcile-every must be > 0 seconds")
        webhooks = getattr(args, "webhooks", False)
        if webhooks and args.fake and not 0 < args.port < 65536:
            raise ValueError("--fake --webhooks needs a fixed --port: the fake calls the server")
        prefix = normalize_prefix(args.prefix)
        hosts = allowed_hosts_for(args.host, args.allow_host)
        if getattr(args, "webhooks", False) and args.fake and "*" not in hosts:
            # The fake's rule calls the server on loopback, by address.
            from ..asgi._hosts import LOOPBACK_HOSTS

            hosts = tuple(dict.fromkeys((*hosts, *LOOPBACK_HOSTS)))
        token = args.auth_token or os.environ.get(AUTH_TOKEN_ENV) or None
        app, about = build_app(
            fake=args.fake,
            prefix=prefix,
            tickets=args.tickets,
            contacts=args.contacts,
            seed=args.seed,
            allowed_hosts=hosts,
            auth_token=token,
            dashboard=not getattr(args, "no_dashboard", False),
            mirror=getattr(args, "mirror", None),
            webhooks=getattr(args, "webhooks", False),
            reconcile_every=getattr(args, "reconcile_every", 300.0),
            origin=f"http://{_url_host(args.host)}:{args.port}",
            files=getattr(args, "files", None),
        )
    except ValueError as error:
        print(f"freshdesk-atom serve: {error}", file=err)
        return 2
    if not args.fake:
        stop = _check_account(err)
        if stop is not None:
            return stop
    shown = "[::1]" if args.host == "::1" else args.host
    if not prefix:
        page = "off (the adapter is at the root)"
    elif getattr(args, "no_dashboard", False):
        page = "off (--no-dashboard)"
    else:
        page = f"http://{shown}:{args.port}/"
    print(
        f"freshdesk-atom ATOM adapter {about}\n"
        f"  dashboard: {page}\n"
        f"  http://{shown}:{args.port}{prefix}/health  (OpenAPI: {prefix}/openapi.json)\n"
        f"  answering Host: {', '.join(hosts)}",
        file=out,
        flush=True,
    )
    serve(
        app,
        host=args.host,
        port=args.port,
        request_timeout=args.request_timeout,
        max_connections=args.max_connections,
    )
    return 0
