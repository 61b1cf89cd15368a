"""The route table: every path and method, bound to its handler and guarded (see
``_route_helpers.guarded``); and the two public routes that describe the API,
``GET /`` and ``GET /openapi.json``.

Each handler parses and checks its input (pure), calls the async SDK, shapes the
records (pure) and answers the envelope (pure). They live by resource family:
``_ticket_routes``, ``_people_routes`` (contacts, companies, agents, groups),
``_conversation_routes`` (a ticket's thread, replies, notes), ``_search_routes``,
``_stats_routes`` and ``_account_routes`` (health, auth).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .._version import __version__
from ._account_routes import auth, health
from ._conversation_routes import conversations, note, reply
from ._events import events
from ._inputs import no_query
from ._openapi import ENDPOINTS, openapi_document
from ._people_routes import agents, companies, contacts, groups
from ._route_helpers import (
    Endpoint,
    RequestContext,
    RouteHandler,
    guarded,
    query_items,
    success_response,
)
from ._search_routes import search
from ._settings import Settings
from ._stats_routes import stats, trends
from ._ticket_routes import create_ticket, ticket, tickets, update_ticket
from ._webhook_routes import receive_webhook, webhook_figures

__all__ = ["routes"]


async def info(context: RequestContext) -> Response:
    no_query(query_items(context.request))
    endpoints = [f"{method} {path}" for method, path, _ in ENDPOINTS]
    return success_response(
        {"name": "freshdesk-atom", "version": __version__, "endpoints": endpoints}
    )


async def openapi(context: RequestContext) -> Response:
    no_query(query_items(context.request))
    root = context.request.scope.get("root_path", "") or "/"
    return JSONResponse(openapi_document(root))


def routes(settings: Settings) -> list[Route]:
    """Return the adapter's routes, bound to *settings*."""

    def route(
        path: str,
        handler: RouteHandler,
        method: str,
        *,
        public: bool = False,
    ) -> Route:
        return Route(path, guarded(handler, settings, public=public), methods=[method])

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
        Route(
            "/tickets/{id}",
            _dispatch({"GET": ticket, "PUT": update_ticket}, settings),
            methods=["GET", "PUT"],
        ),
        route("/tickets/{id}/conversations", conversations, "GET"),
        route("/tickets/{id}/reply", reply, "POST"),
        route("/tickets/{id}/notes", note, "POST"),
        route("/companies", companies, "GET"),
        route("/agents", agents, "GET"),
        route("/groups", groups, "GET"),
        route("/search", search, "POST"),
        route("/stats", stats, "GET"),
        route("/stats/trends", trends, "GET"),
        route("/events", events, "GET"),
        *_webhook_routes(settings),
    ]


def _webhook_routes(settings: Settings) -> list[Route]:
    """``/webhooks/freshdesk`` when the app has a receiver: Freshdesk's POST checks the
    shared secret itself (it cannot pass the host's ``authorize``); the figures do not."""
    if settings.webhooks is None:
        return []
    return [
        Route(
            "/webhooks/freshdesk",
            _dispatch_guarded(
                {
                    "POST": guarded(receive_webhook, settings, public=True),
                    "GET": guarded(webhook_figures, settings, public=False),
                }
            ),
            methods=["GET", "POST"],
        )
    ]


def _dispatch(handlers: dict[str, RouteHandler], settings: Settings) -> Endpoint:
    """Return one endpoint for a path with several methods: each *handlers* entry guarded."""
    return _dispatch_guarded(
        {method: guarded(handler, settings, public=False) for method, handler in handlers.items()}
    )


def _dispatch_guarded(guarded_by_method: dict[str, Endpoint]) -> Endpoint:
    """Return one endpoint calling the already guarded endpoint of the request's method."""

    async def endpoint(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await guarded_by_method[method](request)

    return endpoint
