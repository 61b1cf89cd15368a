"""What every route shares: the request context, the guard that turns every failure
into the error envelope, the JSON body reader and the success responses."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .. import AsyncFreshdesk, FreshdeskError
from ._credentials import AccessDenied, Credentials, NotConfigured
from ._envelope import AdapterError, error_from_sdk, success_body
from ._settings import Settings

__all__ = [
    "Endpoint",
    "RequestContext",
    "RouteHandler",
    "envelope_response",
    "guarded",
    "list_response",
    "query_items",
    "read_json",
    "refuse_declared_over",
    "success_response",
]

logger = logging.getLogger("freshdesk_atom.asgi")

_SURROGATE = re.compile("[\ud800-\udfff]")
_DIGITS = re.compile("[0-9]+")

Endpoint = Callable[[Request], Awaitable[Response]]
"""A Starlette endpoint: the request in, the response out."""


def envelope_response(error: AdapterError) -> JSONResponse:
    """Return the error envelope response of *error* (status and headers included)."""
    return JSONResponse(error.body(), status_code=error.status_code, headers=error.headers)


def success_response(data: Any, *, status_code: int = 200, **extra: Any) -> JSONResponse:
    """Return the success envelope of *data*, with *extra* top-level members."""
    return JSONResponse(success_body(data, **extra), status_code=status_code)


def list_response(records: Sequence[dict[str, Any]], truncated: bool) -> JSONResponse:
    """Return the success envelope of a list: ``count``, and ``truncated`` when it is."""
    extra = {"truncated": True} if truncated else {}
    return success_response(list(records), count=len(records), **extra)


def query_items(request: Request) -> list[tuple[str, str]]:
    """Return the query parameters, repeated names included, in order."""
    return list(request.query_params.multi_items())


def refuse_declared_over(request: Request, max_bytes: int) -> None:
    """Answer 413 at once when ``Content-Length`` says more than *max_bytes* (the reader
    counts the bytes anyway: a body may be sent without it, or lie)."""
    declared = request.headers.get("content-length", "")
    # ASCII digits only: "²".isdigit() is true, and int() of 5,000 digits raises.
    if _DIGITS.fullmatch(declared) and (len(declared) > 18 or int(declared) > max_bytes):
        raise AdapterError(413, "body_too_large", f"the body must be at most {max_bytes} bytes")


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
    refuse_declared_over(request, max_bytes)
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
        value = json.loads(bytes(body), parse_constant=refuse_constant)
    except (ValueError, RecursionError):
        # ValueError covers JSONDecodeError, bad UTF-8 and huge integers.
        raise AdapterError(
            400, "invalid_json", "the body is not valid JSON (send one JSON object)"
        ) from None
    _refuse_lone_surrogates(value)
    return value


def _refuse_lone_surrogates(value: Any) -> None:
    """Refuse text holding a lone surrogate (``"\\ud800"``): JSON can spell it, UTF-8
    cannot carry it, so neither Freshdesk nor an answer naming it could be sent."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str) and _SURROGATE.search(item):
            raise AdapterError(
                400,
                "invalid_json",
                "the body holds a lone surrogate escape (\\ud800-\\udfff), which is not text",
            )


class RequestContext:
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


RouteHandler = Callable[[RequestContext], Awaitable[Response]]
"""A route: the request's context in, the response out (failures raised, see ``guarded``)."""


def guarded(handler: RouteHandler, settings: Settings, *, public: bool) -> Endpoint:
    """Wrap *handler*: the host's ``authorize`` hook first (unless *public*), then the
    handler, every failure turned into the envelope and logged without secrets."""

    async def endpoint(request: Request) -> Response:
        context = RequestContext(settings, request)
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
