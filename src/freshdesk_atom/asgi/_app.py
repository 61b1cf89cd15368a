"""``create_app``: the Starlette app, its settings and the handlers that keep every
failure in the envelope (unknown routes, wrong methods, anything unexpected)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Iterable
from typing import Final, Literal

import anyio
import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response

from .. import AsyncFreshdesk, RateGovernorConfig
from .._async._governor_local import resolve_governor_store
from ..mirror import Mirror
from ..webhooks import WebhookReceiver
from ._clients import AccountClients
from ._credentials import (
    Authorizer,
    CallerIdentity,
    Credentials,
    CredentialsProvider,
    CredentialStore,
    MemoryCredentialStore,
    Verifications,
    single_caller,
    stored_or_environment,
)
from ._envelope import AdapterError
from ._figures import FiguresCache
from ._hosts import HostAllowlist
from ._memberships import MembershipCache
from ._route_helpers import envelope_response
from ._routes import routes
from ._settings import Settings

__all__ = ["create_app"]

PAGE_GOVERNOR: Final = RateGovernorConfig(burst_share=0.1)
"""The adapter's clients serve pages: 80% of the budget, and up to 10% of it at
once after a quiet spell, so that a page's few dozen credits arrive together
instead of over seconds (``docs/rate-governor.md``)."""

logger = logging.getLogger("freshdesk_atom.asgi")

_HTTP_CODES = {
    404: ("not_found", "no such route"),
    405: ("method_not_allowed", "this route does not take this method"),
}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code, text = _HTTP_CODES.get(exc.status_code, ("bad_request", exc.detail))
    if exc.status_code == 404:
        text = f"no such route: {request.method} {request.url.path}"
    elif exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "")
        text = f"{request.method} is not allowed on {request.url.path}; use {allowed}"
    return envelope_response(AdapterError(exc.status_code, code, text, headers=exc.headers))


async def _unexpected(request: Request, exc: Exception) -> Response:
    # The routes catch their own errors; this is the last net (middleware, routing).
    logger.error("unexpected %s in %s %s", type(exc).__name__, request.method, request.url.path)
    return envelope_response(AdapterError(500, "internal_error", "the adapter failed unexpectedly"))


def create_app(
    *,
    credentials: CredentialsProvider | None = None,
    store: CredentialStore | None = None,
    caller: CallerIdentity | None = None,
    authorize: Authorizer | None = None,
    allowed_base_urls: Iterable[str] = (),
    http_client: httpx.AsyncClient | None = None,
    timeout: float = 15.0,
    max_retries: int = 2,
    retry_after_cap: float = 5.0,
    deadline: float | None = 25.0,
    max_body_bytes: int = 64 * 1024,
    max_upload_bytes: int = 21 * 1024 * 1024,
    stats_window_days: int | None = 30,
    search_scan_limit: int = 300,
    mirror: Mirror | None = None,
    memberships_max_age: float = 60.0,
    figures_max_age: float = 60.0,
    health_grace: float = 600.0,
    find_lost_creates: bool = True,
    auth_callers: Literal["loopback", "any"] = "loopback",
    auth_token: str | None = None,
    allowed_hosts: Iterable[str] | None = None,
    webhooks: WebhookReceiver | None = None,
) -> Starlette:
    """Return the ATOM adapter: an ASGI app serving the contract in ``docs/adapter.md`` on the async SDK.

    Mount it where the ATOM page expects it::

        app = FastAPI()
        app.mount("/api/v1/freshdesk", create_app())

    Args:
        credentials: ``async (request, stored) -> Credentials | None``, the
            Freshdesk account a request uses; *stored* is what ``POST /auth``
            kept for the caller. Default: *stored*, else ``$FRESHDESK_API_KEY``
            and ``$FRESHDESK_DOMAIN``. ``None`` answers 503 ``not_configured``.
        store: where ``POST /auth`` keeps checked credentials (default: a
            :class:`MemoryCredentialStore`: this process only, lost on restart).
        caller: ``async (request) -> str``, the caller's key in the store
            (default: one slot for the whole process; pass your user id on a
            multi-user host).
        authorize: ``async (request) -> None`` run before every route but
            ``/`` and ``/openapi.json``; raise :class:`Unauthenticated` (401) or
            :class:`Forbidden` (403) to refuse, before any upstream call.
        allowed_base_urls: API base URLs ``POST /auth`` may name as ``domain``
            besides ``*.freshdesk.com`` accounts (a proxy, the fake).
        http_client: one ``httpx.AsyncClient`` for every account's SDK client
            (default: each account's client makes its own, so nothing, a
            cookie included, passes between accounts); yours is not closed by
            the app.
        timeout: seconds per Freshdesk request.
        max_retries: retries of a failed idempotent Freshdesk request.
        retry_after_cap: the longest the SDK waits for Freshdesk's rate limit
            (a ``Retry-After``, or its rate governor's wait for budget) before
            the adapter answers 429 with ``Retry-After`` itself (default 5 s,
            so a caller's request is never held long).
        deadline: seconds one Freshdesk call may take in all, retries and
            waits included (default 25); ``None`` for no limit beyond
            ``timeout`` per attempt.
        max_body_bytes: larger request bodies are refused with 413 (JSON
            bodies, and the text fields of a form together).
        max_upload_bytes: larger ``multipart/form-data`` bodies (a reply or
            note with attachments) are refused with 413 while they are read;
            the files must also total at most Freshdesk's 20 MB.
        stats_window_days: ``/stats`` averages cover this many days (counts
            are all-time); ``None`` averages over all time, which costs one
            request per 100 tickets ever updated.
        search_scan_limit: how many recent records a free-text ``/search``
            reads at most when Freshdesk's search cannot answer the text.
        mirror: a :class:`~freshdesk_atom.mirror.Mirror` kept up to date by
            ``freshdesk-atom sync`` or *webhooks*: ``/stats``, ``/stats/trends`` and free-text
            ``/search`` are then answered from it, without API credits (``docs/export-and-mirror.md``),
            and ``GET /events`` streams its changes (Server-Sent Events, ``docs/webhooks.md``).
        memberships_max_age: seconds a reading of the group memberships
            (``GET /groups/{id}`` for every group, which ``/agents`` and
            ``/groups`` need) serves every request of an account.
        figures_max_age: seconds an answer of ``/stats`` or ``/stats/trends``
            (tens of credits each: they walk the period's tickets) serves
            every request of an account; ``0`` reads them every time.
        health_grace: ``/health`` answers 200 (status ``degraded``, saying
            so) when Freshdesk rate-limits its check of credentials that
            Freshdesk accepted within this many seconds.
        find_lost_creates: when Freshdesk's answer to ``POST /tickets`` is
            lost after the request may have reached it, look for the ticket
            (the requester's tickets created since a few minutes before, with
            that subject) and answer 201 with it (``"recovered": true``) when
            exactly one is found; otherwise, or when off, answer 502
            ``outcome_unknown``, which tells the caller not to resend blindly.
            Replies and notes likewise (the ticket's thread, by body, created
            since a few minutes before).
        auth_callers: who may ``POST /auth`` and so replace the account every
            caller of the default store reads: ``"loopback"`` (default: only
            this machine) or ``"any"`` (when your ``authorize`` hook decides).
        auth_token: when set, ``POST /auth`` needs ``Authorization: Bearer
            <auth_token>`` instead, from any address.
        allowed_hosts: answer only requests whose ``Host`` is one of these
            (``"*.example.com"`` patterns and ``"*"`` allowed); others get a
            400 ``host_not_allowed``. Default: any (the host's server decides).
        webhooks: a :class:`~freshdesk_atom.webhooks.WebhookReceiver` of *mirror*: the app
            serves ``POST /webhooks/freshdesk`` for Freshdesk's automation rules
            (its own shared secret, not *authorize*) and ``GET /webhooks/freshdesk``
            (its figures), and runs the receiver's workers and reconciliations
            while it runs (``docs/webhooks.md``).

    Starlette's debug mode (which answers errors with tracebacks) is never on.

    Raises:
        ValueError: an argument is out of range, or a ``$FRESHDESK_GOVERNOR_*``
            variable is unusable (it is named): the clients, built per account
            on first use, read them, so they are checked here, once.
        ImportError: ``$FRESHDESK_GOVERNOR_URL`` is set without the ``redis`` package.
    """
    if max_body_bytes < 1:
        raise ValueError("max_body_bytes must be >= 1")
    if max_upload_bytes < 1:
        raise ValueError("max_upload_bytes must be >= 1")
    if search_scan_limit < 1:
        raise ValueError("search_scan_limit must be >= 1")
    if deadline is not None and deadline <= 0:
        raise ValueError("deadline must be > 0 seconds or None")
    if auth_callers not in ("loopback", "any"):
        raise ValueError("auth_callers must be 'loopback' or 'any'")
    if auth_token is not None and len(auth_token.strip()) < 16:
        raise ValueError("auth_token must have at least 16 characters")
    if health_grace < 0:
        raise ValueError("health_grace must be >= 0 seconds")
    if stats_window_days is not None and stats_window_days < 1:
        raise ValueError("stats_window_days must be >= 1 or None")
    if webhooks is not None and (mirror is None or webhooks.mirror.path != mirror.path):
        raise ValueError(
            "webhooks need the app's mirror: create_app(mirror=m, webhooks=WebhookReceiver(m, ...))"
        )
    # The rate governor's store and sub-limits, as every account's client will read them:
    # a bad value fails here, naming its variable, not on an account's first request.
    resolve_governor_store(PAGE_GOVERNOR)

    def make_client(credentials: Credentials, shared: httpx.AsyncClient | None) -> AsyncFreshdesk:
        return AsyncFreshdesk(
            api_key=credentials.api_key,
            base_url=credentials.base_url,
            http_client=shared,
            timeout=timeout,
            max_retries=max_retries,
            retry_after_cap=retry_after_cap,
            deadline=deadline,
            rate_governor=PAGE_GOVERNOR,
        )

    clients = AccountClients(make_client, http_client=http_client)
    settings = Settings(
        credentials=credentials or stored_or_environment,
        store=store if store is not None else MemoryCredentialStore(),
        caller=caller or single_caller,
        authorize=authorize,
        clients=clients,
        allowed_base_urls=tuple(allowed_base_urls),
        max_body_bytes=max_body_bytes,
        max_upload_bytes=max_upload_bytes,
        stats_window_days=stats_window_days,
        search_scan_limit=search_scan_limit,
        memberships=MembershipCache(max_age=memberships_max_age),
        figures=FiguresCache(max_age=figures_max_age),
        verifications=Verifications(),
        health_grace=health_grace,
        find_lost_creates=find_lost_creates,
        auth_token=auth_token,
        auth_callers=auth_callers,
        mirror=mirror,
        webhooks=webhooks,
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            if webhooks is None:
                yield
                return
            try:
                async with anyio.create_task_group() as group:
                    await group.start(webhooks.run)
                    yield
                    group.cancel_scope.cancel()
            finally:
                webhooks.close()
        finally:
            await clients.aclose()

    middleware = []
    if allowed_hosts is not None:
        middleware.append(Middleware(HostAllowlist, hosts=tuple(allowed_hosts)))
    app = Starlette(
        routes=routes(settings),
        middleware=middleware,
        exception_handlers={HTTPException: _http_error, Exception: _unexpected},
        lifespan=lifespan,
    )
    # /contacts/ is not /contacts: answer 404 in the envelope rather than redirect.
    app.router.redirect_slashes = False
    app.state.settings = settings
    return app
