"""The routes: parse and check (pure), call the async SDK, shape (pure), envelope (pure)."""

from __future__ import annotations

import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal, TypeVar

import attrs
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .._async._client import AsyncFreshdesk
from .._exceptions import (
    APIStatusError,
    AuthenticationError,
    FreshdeskError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnknownOutcomeError,
)
from .._mirror import Mirror
from .._version import __version__
from ..models.companies import Company
from ..models.contacts import Contact
from ..models.tickets import Ticket
from . import _shapes
from ._clients import AccountClients
from ._credentials import (
    AccessDenied,
    Authorizer,
    CallerIdentity,
    Credentials,
    CredentialsProvider,
    CredentialStore,
    NotConfigured,
    Verifications,
    account_key,
    resolve_auth_target,
)
from ._envelope import AdapterError, error_body, error_from_sdk, success_body
from ._hosts import is_loopback
from ._inputs import no_query, parse_auth, parse_list_query, parse_search, parse_ticket
from ._memberships import MembershipCache, Memberships, groups_by_agent
from ._mirrored import mirrored_search, mirrored_stats
from ._openapi import ENDPOINTS, openapi_document
from ._search import plan_search
from ._upstream import ListPages, list_records, list_tickets, run_search

__all__ = ["Settings", "envelope_response", "routes"]

logger = logging.getLogger("freshdesk_atom.asgi")

Handler = Callable[[Request], Awaitable[Response]]
R = TypeVar("R")


@attrs.frozen(kw_only=True)
class Settings:
    """Everything the routes need, fixed when the app is created (see ``create_app``)."""

    credentials: CredentialsProvider
    store: CredentialStore
    caller: CallerIdentity
    authorize: Authorizer | None
    clients: AccountClients
    allowed_base_urls: tuple[str, ...]
    max_body_bytes: int
    stats_window_days: int | None
    search_scan_limit: int
    memberships: MembershipCache
    verifications: Verifications
    health_grace: float
    find_lost_creates: bool
    auth_token: str | None = attrs.field(default=None, repr=False)
    auth_callers: Literal["loopback", "any"] = "loopback"
    mirror: Mirror | None = None


def envelope_response(error: AdapterError) -> JSONResponse:
    """Return the error envelope response of *error* (status and headers included)."""
    return JSONResponse(error.body(), status_code=error.status_code, headers=error.headers)


def _ok(data: Any, *, status_code: int = 200, **extra: Any) -> JSONResponse:
    return JSONResponse(success_body(data, **extra), status_code=status_code)


def _query(request: Request) -> list[tuple[str, str]]:
    return list(request.query_params.multi_items())


async def read_json(request: Request, max_bytes: int) -> Any:
    """Return the decoded JSON body, refusing wrong content types and bodies over *max_bytes*.

    Raises:
        AdapterError: 415 not JSON, 413 too large, 400 malformed.
    """
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        raise AdapterError(
            415,
            "unsupported_media_type",
            f"the body must be sent as application/json, not {media or 'nothing'!r}",
        )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise AdapterError(413, "body_too_large", f"the body must be at most {max_bytes} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise AdapterError(413, "body_too_large", f"the body must be at most {max_bytes} bytes")
    if not body.strip():
        raise AdapterError(400, "invalid_json", "the body is empty; send a JSON object")

    def refuse_constant(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    try:
        return json.loads(bytes(body), parse_constant=refuse_constant)
    except (ValueError, RecursionError):
        # ValueError covers JSONDecodeError, bad UTF-8 and huge integers.
        raise AdapterError(
            400, "invalid_json", "the body is not valid JSON (send one JSON object)"
        ) from None


class _Context:
    """One request's view of the settings: who the caller is and which account it uses."""

    def __init__(self, settings: Settings, request: Request) -> None:
        self.settings = settings
        self.request = request

    async def authorize(self) -> None:
        if self.settings.authorize is not None:
            await self.settings.authorize(self.request)

    async def credentials(self) -> Credentials:
        caller = await self.settings.caller(self.request)
        stored = await self.settings.store.get(caller)
        found = await self.settings.credentials(self.request, stored)
        if found is None:
            raise NotConfigured(
                "no Freshdesk account is configured: POST /auth with api_key and domain, "
                "or set FRESHDESK_API_KEY and FRESHDESK_DOMAIN"
            )
        return found

    async def client(
        self, credentials: Credentials, *, max_retries: int | None = None
    ) -> AsyncFreshdesk:
        """Return the account's long-lived client (with other retries for this call, if given)."""
        try:
            fd = await self.settings.clients.get(credentials)
        except (TypeError, ValueError) as exc:
            # The SDK's messages name the rule, never the key itself.
            raise NotConfigured(f"the configured Freshdesk account is not usable: {exc}") from None
        return fd if max_retries is None else fd.with_options(max_retries=max_retries)

    async def freshdesk(self) -> AsyncFreshdesk:
        return await self.client(await self.credentials())


def _guard(
    handler: Callable[[_Context], Awaitable[Response]], settings: Settings, *, public: bool
) -> Handler:
    """Wrap *handler*: the host's ``authorize`` hook first (unless *public*), then the
    handler, every failure turned into the envelope and logged without secrets."""

    async def endpoint(request: Request) -> Response:
        context = _Context(settings, request)
        try:
            if not public:
                await context.authorize()
            return await handler(context)
        except AdapterError as exc:
            error = exc
        except AccessDenied as exc:
            message = exc.message or ("sign in first" if exc.status_code == 401 else "not allowed")
            error = AdapterError(exc.status_code, exc.code, message)
        except NotConfigured as exc:
            error = AdapterError(503, "not_configured", str(exc))
        except FreshdeskError as exc:
            error = error_from_sdk(exc)
        except Exception:
            logger.exception("unexpected error in %s %s", request.method, request.url.path)
            error = AdapterError(500, "internal_error", "the adapter failed unexpectedly")
        logger.info(
            "%s %s -> %d %s", request.method, request.url.path, error.status_code, error.code
        )
        return envelope_response(error)

    return endpoint


# --------------------------------------------------------------------------- routes


async def info(context: _Context) -> Response:
    no_query(_query(context.request))
    endpoints = [f"{method} {path}" for method, path, _ in ENDPOINTS]
    return _ok({"name": "freshdesk-atom", "version": __version__, "endpoints": endpoints})


async def openapi(context: _Context) -> Response:
    no_query(_query(context.request))
    root = context.request.scope.get("root_path", "") or "/"
    return JSONResponse(openapi_document(root))


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _health(
    status: str,
    *,
    reachable: bool,
    latency_ms: float | None,
    fd: AsyncFreshdesk | None,
    **extra: Any,
) -> dict[str, Any]:
    limits = fd.rate_limit if fd is not None else None
    return {
        "status": status,
        "service": "freshdesk",
        "version": __version__,
        "timestamp": _now(),
        "freshdesk": {
            "reachable": reachable,
            "latency_ms": latency_ms,
            "rate_limit": {
                "total": limits.total if limits else None,
                "remaining": limits.remaining if limits else None,
            },
            **extra,
        },
    }


async def health(context: _Context) -> Response:
    """200 when ``GET /agents/me`` answered with valid credentials, or when Freshdesk only
    rate-limited that check of credentials it accepted within ``health_grace``; 503 otherwise."""
    no_query(_query(context.request))
    try:
        credentials = await context.credentials()
    except NotConfigured as exc:
        data = _health("unconfigured", reachable=False, latency_ms=None, fd=None)
        body = {**error_body("not_configured", str(exc)), "data": data}
        return JSONResponse(body, status_code=503)
    fd = await context.client(credentials, max_retries=0)
    started = time.perf_counter()
    try:
        await fd.agents.me()
    except FreshdeskError as exc:
        answered = isinstance(exc, APIStatusError)
        latency = round((time.perf_counter() - started) * 1000, 1) if answered else None
        error = error_from_sdk(exc)
        if isinstance(exc, RateLimitError):
            accepted = context.settings.verifications.accepted_within(
                credentials, context.settings.health_grace
            )
            if accepted is not None:
                # Connected: Freshdesk refused only the check, for the rate limit.
                verified = datetime.fromtimestamp(accepted, UTC)
                return _ok(
                    _health(
                        "degraded",
                        reachable=True,
                        latency_ms=latency,
                        fd=fd,
                        rate_limited=True,
                        credentials_verified_at=_shapes.zulu(verified),
                        note="Freshdesk is rate-limiting this check; the credentials were "
                        "accepted at credentials_verified_at",
                    ),
                )
        elif isinstance(exc, AuthenticationError | PermissionDeniedError):
            error = AdapterError(
                503, "invalid_credentials", "Freshdesk refused the configured API key"
            )
        elif isinstance(exc, NotFoundError):
            error = AdapterError(503, "unknown_account", "Freshdesk knows no such account")
        data = _health(
            "degraded",
            reachable=answered,
            latency_ms=latency,
            fd=fd,
        )
        headers = error.headers if isinstance(exc, RateLimitError) else {}
        body = {**error_body(error.code, error.message), "data": data}
        return JSONResponse(body, status_code=503, headers=headers)
    latency = round((time.perf_counter() - started) * 1000, 1)
    context.settings.verifications.accepted(credentials)
    return _ok(_health("healthy", reachable=True, latency_ms=latency, fd=fd))


def _may_authenticate(context: _Context) -> None:
    """Refuse ``POST /auth`` unless the host allows this caller to change the account.

    With ``auth_token``, the caller must send ``Authorization: Bearer <token>``;
    otherwise, with ``auth_callers="loopback"`` (the default), only this
    machine may call it; ``"any"`` leaves the decision to the host's
    ``authorize`` hook.
    """
    settings = context.settings
    request = context.request
    if settings.auth_token is not None:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode(), settings.auth_token.encode()
        ):
            return
        raise AdapterError(
            401,
            "auth_token_required",
            "POST /auth needs this server's token: send Authorization: Bearer <token>",
        )
    if settings.auth_callers == "any":
        return
    client = request.client.host if request.client is not None else None
    if not is_loopback(client):
        raise AdapterError(
            403,
            "auth_not_allowed",
            "POST /auth is accepted only from this machine; the host can allow other "
            "callers (auth_callers='any' with an authorize hook, or an auth token)",
        )


async def auth(context: _Context) -> Response:
    """Check the key against ``GET /agents/me``; store it only when Freshdesk accepts it."""
    no_query(_query(context.request))
    _may_authenticate(context)
    given = parse_auth(await read_json(context.request, context.settings.max_body_bytes))
    try:
        base_url = resolve_auth_target(given.domain, context.settings.allowed_base_urls)
    except ValueError as exc:
        raise AdapterError.field("domain", f"domain is not a Freshdesk account: {exc}") from None
    credentials = Credentials(api_key=given.api_key, base_url=base_url)
    fd = await context.client(credentials, max_retries=0)
    try:
        agent = await fd.agents.me()
    except AuthenticationError:
        raise AdapterError(
            401, "invalid_credentials", "Freshdesk refused this API key for this domain"
        ) from None
    except NotFoundError:
        raise AdapterError.field(
            "domain", f"domain {credentials.domain!r} has no Freshdesk account"
        ) from None
    context.settings.verifications.accepted(credentials)
    caller = await context.settings.caller(context.request)
    await context.settings.store.set(caller, credentials)
    logger.info("POST /auth: credentials for %s stored", credentials.domain)
    return _ok(
        {
            "authenticated": True,
            "domain": credentials.domain,
            "agent": {"id": agent.id, "name": agent.contact.name, "email": agent.contact.email},
        }
    )


def _listed(records: Sequence[dict[str, Any]], truncated: bool) -> JSONResponse:
    extra = {"truncated": True} if truncated else {}
    return _ok(list(records), count=len(records), **extra)


def _plain_list(
    pages: Callable[[AsyncFreshdesk], ListPages[R]], shape: Callable[[R], dict[str, Any]]
) -> Callable[[_Context], Awaitable[Response]]:
    """Return the route of a plain ``limit``/``offset`` list: *pages* of the client, *shape*d."""

    async def route(context: _Context) -> Response:
        query = parse_list_query(_query(context.request))
        found = await list_records(
            pages(await context.freshdesk()), offset=query.offset, limit=query.limit
        )
        return _listed([shape(record) for record in found.items], found.truncated)

    return route


contacts = _plain_list(
    lambda fd: lambda per_page: fd.contacts.list(per_page=per_page),
    _shapes.contact_record,
)
companies = _plain_list(
    lambda fd: lambda per_page: fd.companies.list(per_page=per_page),
    _shapes.company_record,
)


async def _memberships(
    context: _Context, fd: AsyncFreshdesk, credentials: Credentials
) -> Memberships:
    """Return the account's group memberships, or fail saying they could not be read."""
    try:
        return await context.settings.memberships.get(account_key(credentials), fd)
    except FreshdeskError as exc:
        error = error_from_sdk(exc)
        raise AdapterError(
            error.status_code,
            error.code,
            "the group memberships could not be read (one GET /groups/{id} per group): "
            + error.message,
            headers=error.headers,
        ) from None


def _with_memberships(
    records: list[dict[str, Any]], truncated: bool, memberships: Memberships
) -> JSONResponse:
    extra: dict[str, Any] = {"truncated": True} if truncated else {}
    return _ok(
        records,
        count=len(records),
        memberships_as_of=_shapes.zulu(memberships.fetched_at),
        **extra,
    )


async def agents(context: _Context) -> Response:
    """Agents, each with ``group_ids`` read from the group views (list items lack them)."""
    query = parse_list_query(_query(context.request))
    credentials = await context.credentials()
    fd = await context.client(credentials)
    found = await list_records(
        lambda per_page: fd.agents.list(per_page=per_page),
        offset=query.offset,
        limit=query.limit,
    )
    memberships = await _memberships(context, fd, credentials)
    by_agent = groups_by_agent(memberships.groups)
    records = [_shapes.agent_record(a, group_ids=by_agent.get(a.id, ())) for a in found.items]
    return _with_memberships(records, found.truncated, memberships)


async def groups(context: _Context) -> Response:
    """Groups, each with ``agent_ids`` from its view (list items lack them)."""
    query = parse_list_query(_query(context.request))
    credentials = await context.credentials()
    fd = await context.client(credentials)
    found = await list_records(
        lambda per_page: fd.groups.list(per_page=per_page),
        offset=query.offset,
        limit=query.limit,
    )
    memberships = await _memberships(context, fd, credentials)
    records = []
    for group in found.items:
        view = memberships.group(group.id)
        if view is None:
            # Created after the reading: read its view now (gone since: skip it).
            try:
                view = await fd.groups.get(group.id)
            except NotFoundError:
                continue
        records.append(_shapes.group_record(group, agent_ids=view.agent_ids or ()))
    return _with_memberships(records, found.truncated, memberships)


async def tickets(context: _Context) -> Response:
    query = parse_list_query(_query(context.request), with_status=True)
    fd = await context.freshdesk()
    found = await list_tickets(fd, offset=query.offset, limit=query.limit, status=query.status)
    return _listed([_shapes.ticket_record(t) for t in found.items], found.truncated)


async def create_ticket(context: _Context) -> Response:
    """Create a ticket; when Freshdesk's answer is lost, look for it before saying "unknown"."""
    no_query(_query(context.request))
    fields = parse_ticket(await read_json(context.request, context.settings.max_body_bytes))
    fd = await context.client(await context.credentials())
    try:
        ticket = await fd.tickets.create(**fields)
    except UnknownOutcomeError as lost:
        found = await _find_lost_ticket(context, fd, lost)
        if found is None:
            raise
        logger.info("POST /tickets: the answer was lost; ticket %d was found", found.id)
        return _ok(
            _shapes.ticket_record(found, email=fields["email"]), status_code=201, recovered=True
        )
    # The create response embeds no requester; the ticket was created for this address.
    return _ok(_shapes.ticket_record(ticket, email=fields["email"]), status_code=201)


async def _find_lost_ticket(
    context: _Context, fd: AsyncFreshdesk, lost: UnknownOutcomeError
) -> Ticket | None:
    """Return the ticket a lost create made, when the lookup is on and finds exactly one."""
    if not context.settings.find_lost_creates:
        return None
    try:
        return await fd.tickets.find_created(lost)
    except FreshdeskError as exc:
        logger.info("POST /tickets: the lookup after a lost answer failed: %s", type(exc).__name__)
        return None


def _record(item: Ticket | Contact | Company) -> dict[str, Any]:
    if isinstance(item, Ticket):
        return _shapes.ticket_record(item)
    if isinstance(item, Contact):
        return _shapes.contact_record(item)
    return _shapes.company_record(item)


async def search(context: _Context) -> Response:
    no_query(_query(context.request))
    given = parse_search(await read_json(context.request, context.settings.max_body_bytes))
    plan = plan_search(given.query, given.type)
    mirror = context.settings.mirror
    if mirror is not None and plan.strategy == "scan":
        found = await mirrored_search(
            mirror, plan, given.type, offset=given.offset, limit=given.limit
        )
    else:
        fd = await context.client(await context.credentials())
        found = await run_search(
            fd,
            plan,
            given.type,
            offset=given.offset,
            limit=given.limit,
            scan_limit=context.settings.search_scan_limit,
        )
    results = [_record(item) for item in found.items]
    return _ok(
        {
            "results": results,
            "total_count": found.total_count,
            "has_more": given.offset + len(results) < found.total_count,
            "strategy": plan.strategy,
            "freshdesk_query": plan.query,
            "complete": found.complete,
            "scanned": found.scanned,
            "truncated": found.truncated,
        }
    )


async def stats(context: _Context) -> Response:
    """Counts over all time; averages over the last ``stats_window_days`` (or all time)."""
    no_query(_query(context.request))
    days = context.settings.stats_window_days
    if context.settings.mirror is not None:
        return _ok(await mirrored_stats(context.settings.mirror, days))
    fd = await context.freshdesk()
    if days is None:
        summary = await fd.stats.summary()
        return _ok(_shapes.stats_record(summary, None, averages_since=None))
    since: date = (datetime.now(UTC) - timedelta(days=days)).date()
    counts = await fd.stats.summary(averages=False)
    averages = await fd.stats.summary(since=since, counts=False)
    return _ok(_shapes.stats_record(counts, averages, averages_since=since.isoformat()))


def routes(settings: Settings) -> list[Route]:
    """Return the adapter's routes, bound to *settings*."""

    def route(
        path: str,
        handler: Callable[[_Context], Awaitable[Response]],
        method: str,
        *,
        public: bool = False,
    ) -> Route:
        return Route(path, _guard(handler, settings, public=public), methods=[method])

    return [
        route("/", info, "GET", public=True),
        route("/openapi.json", openapi, "GET", public=True),
        route("/health", health, "GET"),
        route("/auth", auth, "POST"),
        route("/contacts", contacts, "GET"),
        Route(
            "/tickets",
            _dispatch({"GET": tickets, "POST": create_ticket}, settings),
            methods=["GET", "POST"],
        ),
        route("/companies", companies, "GET"),
        route("/agents", agents, "GET"),
        route("/groups", groups, "GET"),
        route("/search", search, "POST"),
        route("/stats", stats, "GET"),
    ]


def _dispatch(
    handlers: dict[str, Callable[[_Context], Awaitable[Response]]], settings: Settings
) -> Handler:
    guarded = {
        method: _guard(handler, settings, public=False) for method, handler in handlers.items()
    }

    async def endpoint(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await guarded[method](request)

    return endpoint
