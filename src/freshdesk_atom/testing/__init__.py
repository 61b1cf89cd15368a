"""The fake Freshdesk: an in-memory, stateful Freshdesk API v2 for tests, demos and benchmarks.

``FakeFreshdesk`` behaves like a real Freshdesk account, quirks included (the
docs/freshdesk-api-notes.md is the reference): ``Link: <...>; rel="next"`` only when
another page exists, the tickets list's 30-day default window and the filters
that lift it, the 300-page error, ``per_page`` rules, ``include=`` credit
costs, ``X-RateLimit-*`` headers and 429 + ``Retry-After``, Freshdesk's error
bodies (validation, request-level, message-only, empty 404s), search quoting,
the 30-results and 10-page caps and ``{"results", "total"}``. It never
imports the SDK, so it can check it.

Use it with httpx directly (no sockets)::

    import httpx
    from freshdesk_atom.testing import FakeClock, FakeFreshdesk

    fake = FakeFreshdesk.generate(tickets=200, contacts=50, seed=1, clock=FakeClock.manual())
    with httpx.Client(
        transport=fake.transport(), base_url=fake.base_url, auth=(fake.api_key, "X")
    ) as client:
        page = client.get("tickets", params={"updated_since": "2020-01-01T00:00:00Z"})
        page.headers["Link"]   # '<https://fake.freshdesk.com/api/v2/tickets?...&page=2>; rel="next"'

    # async: httpx.AsyncClient(transport=fake.async_transport(), ...)

or over a real socket (another process, the demo, benchmarks)::

    uvicorn.run(fake.asgi_app(), host="127.0.0.1", port=8765)
    # or: python -m freshdesk_atom.testing --port 8765 --tickets 20000 --contacts 5000 \\
    #         --seed 1 --latency-ms 50 --rate-limit 100/2s

Seeding:

* ``FakeFreshdesk()``: an empty account holding one agent, the key's owner
  (``GET /agents/me``).
* ``FakeFreshdesk.recorded()``: the recorded real responses in ``recorded/``,
  converted from legacy shapes to v2.
* ``FakeFreshdesk.generate(tickets=20_000, contacts=5_000, seed=1)``: a
  deterministic account spread over several years (a second or two), with
  ``conversations=N`` replies and notes (a few tickets holding many).
* ``fake.add_ticket(...)``, ``add_contact``, ``add_company``, ``add_agent``,
  ``add_group``, ``add_satisfaction_rating``, ``add_conversation``,
  ``add_attachment``, ``add_time_entry``, ``archive_ticket``: store records
  directly, no validation; the records live in ``fake.state`` (a
  :class:`FakeState`).

The ticket lifecycle: conversations (``/tickets/{id}/conversations``, reply,
notes, forward, ``/conversations/{id}``; ``include=conversations`` embeds the
first ten), attachments (``multipart/form-data`` with ``attachments[]`` on
ticket create and update and the conversation writes, at most 20 MB in all;
``attachment_url`` is a pre-signed link on a path outside ``/api/v2/`` that
expires after ``attachment_url_ttl`` fake seconds and refuses a request
carrying an ``Authorization`` header), ``/ticket_fields``, archived tickets
(``/tickets/archived/{id}``; ``archive_enabled=False`` makes them a 403
``require_feature``), time entries and per-ticket satisfaction ratings.

Time, budget, faults and latency, all optional::

    fake = FakeFreshdesk(
        clock=FakeClock.manual(),                      # frozen; fake.clock.advance(60)
        rate_limit=RateLimitConfig(total=100, window=2), # or RateLimitConfig.plan("growth")
        faults=FaultPlan(rate=0.1, seed=7),            # 10% of requests get 500/502/503
        latency=0.05,                                  # 50 ms per answer
        sleep=recorded_sleeps.append,                  # see the waits instead of sleeping
    )
    fake.faults = FaultPlan.once("drop", method="POST", path="/tickets", when="after")
    # -> the ticket is created, the client sees httpx.RemoteProtocolError
    fake.counters.created["tickets"], fake.counters.requests["POST /tickets"]

Webhooks, as an automation rule's "Trigger webhook" action makes them (Freshdesk
has no webhook API and signs nothing), so a receiver can be tested offline::

    rule = fake.webhooks.add(WebhookRule(
        url="http://127.0.0.1:8000/hooks/freshdesk",       # default events: all WEBHOOK_EVENTS
        headers={"X-Webhook-Secret": "s3cret"},           # template: RECOMMENDED_TEMPLATE
        faults=WebhookFaults(lost=0.2, duplicated=0.1, out_of_order=0.1, seed=7),
    ))
    # every API write that changes a ticket fires; fake.webhooks.fire(1, "note_added") by hand
    report = fake.webhooks.flush(client)   # or await aflush(async_client); or start()/stop() live
    fake.clock.advance(300); fake.webhooks.flush(client)   # late calls and retries
    fake.webhooks.log, fake.webhooks.pending, fake.webhooks.counters

Differences from the real service: no watchers, bulk jobs, custom statuses
or avatars; attachment links are served by the fake itself; the agent time
zone is UTC; search sees changes at once (no index lag); messages the
public documentation does not quote are best guesses.
"""

from ._asgi import FakeASGIApp
from ._clock import FakeClock
from ._counters import FakeCounters
from ._custom_fields import CustomField
from ._fake import DEFAULT_API_KEY, FakeFreshdesk
from ._faults import FAULT_KINDS, FaultKind, FaultPlan, RequestScope
from ._http import FakeRequest, FakeResponse
from ._ratelimit import SUB_LIMITS, RateLimitConfig
from ._redis_server import RedisServer, redis_server_path
from ._state import FakeState
from ._webhook_delivery import FlushReport, WebhookCounters, WebhookDelivery
from ._webhook_events import WEBHOOK_EVENTS, WebhookEvent
from ._webhook_faults import WebhookFaults
from ._webhook_render import RECOMMENDED_TEMPLATE, WEBHOOK_PLACEHOLDERS
from ._webhook_rules import WebhookRule
from ._webhooks import FakeWebhooks
from ._well_known import WELL_KNOWN, WellKnown

__all__ = [
    "DEFAULT_API_KEY",
    "FAULT_KINDS",
    "RECOMMENDED_TEMPLATE",
    "SUB_LIMITS",
    "WEBHOOK_EVENTS",
    "WEBHOOK_PLACEHOLDERS",
    "WELL_KNOWN",
    "CustomField",
    "FakeASGIApp",
    "FakeClock",
    "FakeCounters",
    "FakeFreshdesk",
    "FakeRequest",
    "FakeResponse",
    "FakeState",
    "FakeWebhooks",
    "FaultKind",
    "FaultPlan",
    "FlushReport",
    "RateLimitConfig",
    "RedisServer",
    "RequestScope",
    "WebhookCounters",
    "WebhookDelivery",
    "WebhookEvent",
    "WebhookFaults",
    "WebhookRule",
    "WellKnown",
    "redis_server_path",
]

# Report the public module in repr, help() and the docs, not the private one
# (inlined: the fake imports nothing from the SDK it tests).
for _name in __all__:
    _value = globals()[_name]
    if isinstance(_value, type) or (callable(_value) and hasattr(_value, "__code__")):
        _value.__module__ = __name__
del _name, _value
