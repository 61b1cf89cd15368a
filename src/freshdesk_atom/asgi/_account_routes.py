"""``GET /health`` and ``POST /auth``: whether the configured Freshdesk account answers,
and setting the account (checked against ``GET /agents/me`` before it is kept)."""

from __future__ import annotations

import hmac
import logging
import time
from datetime import UTC, datetime
from typing import Any

from starlette.responses import JSONResponse, Response

from .. import (
    APIStatusError,
    AsyncFreshdesk,
    AuthenticationError,
    FreshdeskError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from .._version import __version__
from . import _shapes
from ._credentials import Credentials, NotConfigured, resolve_auth_target
from ._envelope import AdapterError, error_body, error_from_sdk
from ._hosts import is_loopback
from ._inputs import no_query, parse_auth
from ._route_helpers import RequestContext, query_items, read_json, success_response

__all__ = ["auth", "health"]

logger = logging.getLogger("freshdesk_atom.asgi")


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


async def health(context: RequestContext) -> Response:
    """200 when ``GET /agents/me`` answered with valid credentials, or when Freshdesk only
    rate-limited that check of credentials it accepted within ``health_grace``; 503 otherwise."""
    no_query(query_items(context.request))
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
                return success_response(
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
    return success_response(_health("healthy", reachable=True, latency_ms=latency, fd=fd))


def _may_authenticate(context: RequestContext) -> None:
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


async def auth(context: RequestContext) -> Response:
    """Check the key against ``GET /agents/me``; store it only when Freshdesk accepts it."""
    no_query(query_items(context.request))
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
    return success_response(
        {
            "authenticated": True,
            "domain": credentials.domain,
            "agent": {"id": agent.id, "name": agent.contact.name, "email": agent.contact.email},
        }
    )
