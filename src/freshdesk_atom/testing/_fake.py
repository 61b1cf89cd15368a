"""``FakeFreshdesk``: the account, the request pipeline and its front ends.

The pipeline's parts live beside it: ``_request_checks`` (API key and
``Accept``), ``_faults`` (what a fault delivers), ``_httpx_bridge`` (httpx in
and out); the records are in ``_state``.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

import anyio
import attrs
import httpx

from ._attachment_links import is_file_path
from ._call import DEFAULT_ATTACHMENT_URL_TTL, Call, Settings
from ._clock import FakeClock
from ._counters import FakeCounters
from ._downloads import DOWNLOAD_KEY, serve_download
from ._errors import ApiError, method_not_allowed, not_found
from ._faults import (
    ANSWERED_FAULTS,
    REPLACING,
    FaultInjector,
    FaultPlan,
    RequestScope,
    deliver_fault,
)
from ._http import FakeRequest, FakeResponse, json_response
from ._httpx_bridge import from_httpx, mock_delay, to_httpx
from ._ratelimit import RateLimitConfig, RateLimiter
from ._request_checks import authenticate, check_accept
from ._router import resolve
from ._seeding import Seeding
from ._state import FakeState
from ._webhooks import FakeWebhooks

if TYPE_CHECKING:
    from ._asgi import FakeASGIApp

__all__ = ["FakeFreshdesk"]

logger = logging.getLogger("freshdesk_atom.testing")

DEFAULT_API_KEY: Final = "fake-api-key"
API_VERSION_HEADER: Final = (
    "latest=v2; requested=v2"  # docs/freshdesk-api-notes.md#authentication-and-the-api-host
)
# docs/freshdesk-api-notes.md#rate-limits: the historical text; the current one is unverified.
RATE_LIMIT_MESSAGE: Final = "You have exceeded the limit of requests per hour"

SyncSleep = Callable[[float], None]
AsyncSleep = Callable[[float], Awaitable[None]]


class FakeFreshdesk(Seeding):
    """An in-memory, stateful Freshdesk API v2 account.

    See the package docstring (:mod:`freshdesk_atom.testing`) for a tour; the
    ``add_*`` seeding helpers and :meth:`archive_ticket` are documented on
    their own.
    """

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        domain: str = "fake",
        clock: FakeClock | None = None,
        rate_limit: RateLimitConfig | None = None,
        faults: FaultPlan | None = None,
        latency: float = 0.0,
        sleep: SyncSleep = time.sleep,
        async_sleep: AsyncSleep = anyio.sleep,
        ticket_required_fields: Iterable[str] = ("subject",),
        rate_limit_scope: RequestScope | None = None,
        state: FakeState | None = None,
        attachment_url_ttl: int = DEFAULT_ATTACHMENT_URL_TTL,
        attachment_host: str | None = None,
        archive_enabled: bool = True,
    ) -> None:
        """Create an account with one agent, the API key's owner (an empty account).

        Args:
            api_key: the key HTTP Basic must carry as its username.
            domain: the ``{domain}.freshdesk.com`` of :attr:`base_url`.
            clock: the fake time (default: real time from now).
            rate_limit: the credit budget (default: 700 credits per 60 s, docs/freshdesk-api-notes.md#rate-limits Enterprise).
            faults: a :class:`FaultPlan` (default: none).
            latency: seconds to wait before every answer.
            sleep: how the sync handler waits (inject a recorder in tests).
            async_sleep: how the async handler and the ASGI app wait.
            ticket_required_fields: ticket fields required on create besides a
                requester (default ``subject``; an account can also require
                ``description`` and others: docs/freshdesk-api-notes.md#tickets).
            rate_limit_scope: requests the rate limiter applies to (default: all).
            state: a prepared :class:`FakeState` (the seeding classmethods use it).
            attachment_url_ttl: seconds an ``attachment_url`` works (default 300,
                docs/freshdesk-api-notes.md#attachments).
            attachment_host: origin of attachment links, e.g.
                ``"https://attachments.fake-freshdesk.test"`` (default: the
                origin of the request that read them; either way this fake serves them).
            archive_enabled: whether the plan has archived tickets; without, every
                archived endpoint answers 403 ``require_feature``
                (docs/freshdesk-api-notes.md#archived-tickets).
        """
        self.api_key = api_key
        self.domain = domain
        self.clock = clock if clock is not None else FakeClock()
        self.latency = latency
        self.sleep = sleep
        self.async_sleep = async_sleep
        self.settings = Settings(
            ticket_required_fields=tuple(ticket_required_fields),
            support_email=f"support@{domain}.freshdesk.com",
            attachment_url_ttl=attachment_url_ttl,
            attachment_host=attachment_host.rstrip("/") if attachment_host else None,
            archive_enabled=archive_enabled,
        )
        self.rate_limit_scope = rate_limit_scope or RequestScope()
        self.counters = FakeCounters()
        self.state = state if state is not None else FakeState()
        self._lock = threading.RLock()
        self._limiter = RateLimiter(rate_limit or RateLimitConfig(), self.clock)
        self._injector = FaultInjector(faults or FaultPlan())
        self.webhooks = FakeWebhooks(self, self._lock)
        """The account's webhook rules and their calls (see :class:`FakeWebhooks`)."""
        if self.state.owner_id is None:
            self.add_agent(contact={"name": "Fake Admin", "email": f"admin@{domain}.example"})

    # ------------------------------------------------------------------ seeding

    @classmethod
    def generate(
        cls,
        *,
        tickets: int = 1000,
        contacts: int = 300,
        companies: int | None = None,
        agents: int | None = None,
        groups: int | None = None,
        years: float = 3.0,
        seed: int = 1,
        now: datetime | None = None,
        conversations: int | None = None,
        **options: Any,
    ) -> FakeFreshdesk:
        """Return a fake with a generated, realistic account.

        The same *seed* and the same *now* (default: the clock's time) give the
        same records. Timestamps spread over *years* before *now*, denser
        recently. *companies*, *agents* and *groups* default to sizes that
        suit the ticket and contact counts. *conversations* is the number of
        replies and notes spread over the tickets, a few tickets holding many
        (default: half the ticket count, at most 500; ``0`` for none); they
        are made after every other record, so they change none of them.
        *options* go to the constructor.
        """
        from ._generate import generate_account

        clock = options.pop("clock", None) or FakeClock()
        state = FakeState()
        generate_account(
            state,
            now=now or clock.now(),
            tickets=tickets,
            contacts=contacts,
            companies=companies,
            agents=agents,
            groups=groups,
            years=years,
            seed=seed,
            domain=options.get("domain", "fake"),
            conversations=min(tickets // 2, 500) if conversations is None else conversations,
        )
        return cls(clock=clock, state=state, **options)

    @classmethod
    def recorded(cls, names: Iterable[str] | None = None, **options: Any) -> FakeFreshdesk:
        """Return a fake seeded with the recorded real responses (``recorded/*.json``).

        Legacy shapes are converted to the current v2 shape; ids repeated with
        other content are renumbered. *names* picks files (default: a
        consistent set, see :data:`~freshdesk_atom.testing._recorded.DEFAULT_FILES`).
        """
        from ._recorded import DEFAULT_FILES, load_files

        clock = options.get("clock") or FakeClock()
        options["clock"] = clock
        state = FakeState()
        load_files(state, DEFAULT_FILES if names is None else tuple(names), clock.now())
        return cls(state=state, **options)

    # ------------------------------------------------------------------ settings

    @property
    def base_url(self) -> str:
        """Return ``https://{domain}.freshdesk.com/api/v2/`` (any host is accepted, though)."""
        return f"https://{self.domain}.freshdesk.com/api/v2/"

    @property
    def agent_id(self) -> int:
        """Return the id of the agent who owns the API key (``GET /agents/me``)."""
        assert self.state.owner_id is not None
        return self.state.owner_id

    @property
    def attachment_url_ttl(self) -> int:
        """Seconds a newly read ``attachment_url`` works; links already given keep theirs."""
        return self.settings.attachment_url_ttl

    @attachment_url_ttl.setter
    def attachment_url_ttl(self, seconds: int) -> None:
        with self._lock:
            self.settings = attrs.evolve(self.settings, attachment_url_ttl=seconds)

    @property
    def archive_enabled(self) -> bool:
        """Whether the plan has archived tickets (else 403 ``require_feature`` on their endpoints)."""
        return self.settings.archive_enabled

    @archive_enabled.setter
    def archive_enabled(self, enabled: bool) -> None:
        with self._lock:
            self.settings = attrs.evolve(self.settings, archive_enabled=enabled)

    @property
    def rate_limit(self) -> RateLimitConfig:
        """The credit budget; assigning one starts fresh windows."""
        return self._limiter.config

    @rate_limit.setter
    def rate_limit(self, config: RateLimitConfig) -> None:
        with self._lock:
            self._limiter = RateLimiter(config, self.clock)

    @property
    def faults(self) -> FaultPlan:
        """The fault plan; assigning one restarts its seeded sequence."""
        return self._injector.plan

    @faults.setter
    def faults(self, plan: FaultPlan | None) -> None:
        with self._lock:
            self._injector = FaultInjector(plan or FaultPlan())

    # ------------------------------------------------------------------ the pipeline

    def respond(self, request: FakeRequest) -> FakeResponse:
        """Answer one request: faults, rate limit, auth, routing, the handler, headers.

        This is the whole fake, independent of httpx and ASGI; the front ends
        only convert and wait :attr:`FakeResponse.delay`. Attachment links
        (outside ``/api/v2/``) are answered as the file storage answers them
        (see ``_downloads``), with no faults, rate limit or API headers.
        """
        with self._lock:
            if is_file_path(request.path):
                self.counters.total_requests += 1
                self.counters.requests[DOWNLOAD_KEY] += 1
                response = serve_download(request, self.state, self.clock.now(), self.settings)
            else:
                response = self._respond(request)
                response.headers["X-Request-Id"] = str(uuid.uuid4())
        response.delay += self.latency
        return response

    def _respond(self, request: FakeRequest) -> FakeResponse:
        method = request.method.upper()
        api_path = request.api_path
        route, ids, allowed = resolve(method, api_path) if api_path is not None else (None, (), [])
        counters = self.counters
        counters.total_requests += 1
        counters.requests[route.key if route else f"{method} {api_path or request.path}"] += 1
        path = api_path or request.path

        fault = self._injector.decide(method, path)
        if fault is not None:
            counters.faults += 1
            counters.faults_by_kind[fault] += 1
            if self.faults.when == "before" and fault in REPLACING | {"timeout"}:
                if fault in ANSWERED_FAULTS and self.rate_limit_scope.covers(method, path):
                    # docs/freshdesk-api-notes.md#rate-limits: failed requests count too.
                    self._limiter.charge(1, route.limit if route else None)
                    counters.credits_used += 1
                return deliver_fault(self.faults, fault, None)

        limited = self.rate_limit_scope.covers(method, path)
        sub = route.limit if route else None
        if limited:
            retry = self._limiter.retry_after(sub)
            if retry is not None:
                counters.rate_limited += 1
                # docs/freshdesk-api-notes.md#rate-limits: integer Retry-After, a message body, no X-RateLimit-*.
                return json_response(
                    429, {"message": RATE_LIMIT_MESSAGE}, {"Retry-After": str(retry)}
                )

        call: Call | None = None
        try:
            authenticate(request, self.api_key)
            check_accept(request)
            if route is None:
                if allowed:
                    raise method_not_allowed(method, allowed)
                raise not_found()
            call = Call(request, self.state, self.clock.now(), ids, self.settings)
            response = route.handler(call)
            for resource in call.created:
                counters.created[resource] += 1
        except ApiError as error:
            response = json_response(error.status, error.body, error.headers)
        except Exception:
            counters.server_errors += 1
            logger.exception("the fake Freshdesk failed on %s %s", method, request.path)
            response = json_response(
                500, {"code": "internal_error", "message": "We're sorry, but something went wrong."}
            )
        if call is not None and call.events and response.status < 400:
            # The write is committed: its webhooks fire even if a fault loses the answer.
            self.webhooks.record(call.events, call.now)
        credits = call.credits if call is not None and response.status < 400 else 1
        if limited:
            self._limiter.charge(credits, sub)
        counters.credits_used += credits
        response.headers.update(self._limiter.headers(credits))
        response.headers["X-Freshdesk-API-Version"] = API_VERSION_HEADER
        if fault is not None:
            return deliver_fault(self.faults, fault, response)
        return response

    # ------------------------------------------------------------------ front ends

    def handler(self, request: httpx.Request) -> httpx.Response:
        """Answer an httpx request synchronously (for ``httpx.MockTransport``)."""
        response = self.respond(from_httpx(request, request.read()))
        delay = mock_delay(response, self.latency)
        if delay:
            self.sleep(delay)
        return to_httpx(request, response)

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        """Answer an httpx request asynchronously (for ``httpx.MockTransport`` in async clients)."""
        response = self.respond(from_httpx(request, await request.aread()))
        delay = mock_delay(response, self.latency)
        if delay:
            await self.async_sleep(delay)
        return to_httpx(request, response)

    def transport(self) -> httpx.MockTransport:
        """Return an ``httpx.MockTransport`` for ``httpx.Client`` using :meth:`handler`."""
        return httpx.MockTransport(self.handler)

    def async_transport(self) -> httpx.MockTransport:
        """Return an ``httpx.MockTransport`` for ``httpx.AsyncClient`` using :meth:`async_handler`."""
        return httpx.MockTransport(self.async_handler)

    def asgi_app(self) -> FakeASGIApp:
        """Return an ASGI 3 app serving this account under ``/api/v2/`` (e.g. for uvicorn)."""
        from ._asgi import FakeASGIApp

        return FakeASGIApp(self)

    def __repr__(self) -> str:
        state = self.state
        return (
            f"FakeFreshdesk(domain={self.domain!r}, tickets={len(state.tickets)}, "
            f"contacts={len(state.contacts)}, agents={len(state.agents)}, clock={self.clock!r})"
        )
