"""``POST /webhooks/freshdesk`` (Freshdesk's automation rules call it) and ``GET /webhooks/freshdesk`` (its figures).

The POST checks the shared secret before reading the body (401, nothing
changed, when it is missing or wrong), reads at most ``max_body_bytes``,
finds the ticket id and answers 202 at once; the receiver's workers read
the ticket from Freshdesk afterwards (``freshdesk_atom.webhooks``).
"""

from __future__ import annotations

from starlette.responses import Response

from ..webhooks import PayloadError, WebhookReceiver, parse_notice
from ._envelope import AdapterError
from ._inputs import no_query
from ._route_helpers import RequestContext, query_items, refuse_declared_over, success_response

__all__ = ["receive_webhook", "webhook_figures"]


def _receiver(context: RequestContext) -> WebhookReceiver:
    receiver = context.settings.webhooks
    if receiver is None:  # pragma: no cover - the routes exist only with a receiver
        raise AdapterError(404, "not_found", "webhooks are not configured")
    return receiver


async def receive_webhook(context: RequestContext) -> Response:
    receiver = _receiver(context)
    request = context.request
    if not receiver.auth.accepts(request.headers):
        receiver.refused()
        challenge = receiver.auth.challenge
        raise AdapterError(
            401,
            "unauthorized",
            "the webhook's secret is missing or wrong (see docs/webhooks.md for the rule's headers)",
            headers={"WWW-Authenticate": challenge} if challenge else None,
        )
    limit = context.settings.max_body_bytes
    refuse_declared_over(request, limit)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise AdapterError(413, "body_too_large", f"the body must be at most {limit} bytes")
    try:
        notice = parse_notice(bytes(body), request.headers.get("content-type", ""))
    except PayloadError as exc:
        receiver.invalid()
        raise AdapterError(400, "invalid_payload", str(exc)) from None
    if not receiver.running:
        # Accepted now, it would wait for workers that do not run: let Freshdesk retry.
        raise AdapterError(
            503,
            "not_running",
            "the webhook receiver is not running (the app's lifespan starts it); retry later",
            headers={"Retry-After": "60"},
        )
    outcome = receiver.accept(notice)
    return success_response({"ticket_id": notice.ticket_id, "status": outcome}, status_code=202)


async def webhook_figures(context: RequestContext) -> Response:
    no_query(query_items(context.request))
    receiver = _receiver(context)
    return success_response({**receiver.stats.to_dict(), "idle": receiver.idle})
