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
from collections.abc import Awaitable, Callable, Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

import anyio
import httpx

from ._call import Call, Settings
from ._clock import FakeClock
from ._counters import FakeCounters
from ._errors import ApiError, method_not_allowed, not_found
from ._faults import REPLACING, FaultInjector, FaultPlan, RequestScope, deliver_fault
from ._http import FakeRequest, FakeResponse, json_response
from ._httpx_bridge import from_httpx, mock_delay, to_httpx
from ._ratelimit import RateLimitConfig, RateLimiter
from ._record_shapes import Record
from ._request_checks import authenticate, check_accept
from ._router import resolve
from ._state import FakeState
from ._wire import to_wire

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


class FakeFreshdesk:
    """An in-memory, stateful Freshdesk API v2 account.

    See the package docstring (:mod:`freshdesk_atom.testing`) for a tour.
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
        """
        self.api_key = api_key
        self.domain = domain
        self.clock = clock if clock is not None else FakeClock()
        self.latency = latency
        self.sleep = sleep
        self.async_sleep = async_sleep
        self.settings = Settings(ticket_required_fields=tuple(ticket_required_fields))
        self.rate_limit_scope = rate_limit_scope or RequestScope()
        self.counters = FakeCounters()
        self.state = state if state is not None else FakeState()
        self._lock = threading.RLock()
        self._limiter = RateLimiter(rate_limit or RateLimitConfig(), self.clock)
        self._injector = FaultInjector(faults or FaultPlan())
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
        **options: Any,
    ) -> FakeFreshdesk:
        """Return a fake with a generated, realistic account.

        The same *seed* and the same *now* (default: the clock's time) give the
        same records. Timestamps spread over *years* before *now*, denser
        recently. *companies*, *agents* and *groups* default to sizes that
        suit the ticket and contact counts. *options* go to the constructor.
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

    def _insert(
        self, insert: Callable[[str, Mapping[str, Any]], Record], fields: Mapping[str, Any]
    ) -> Record:
        with self._lock:
            return insert(self._stamp(), fields)

    def add_ticket(self, **fields: Any) -> Record:
        """Store a ticket directly (no validation) and return the stored record.

        Missing fields get the API's defaults; ``stats=`` may hold a ``stats``
        object. Every Freshdesk ticket has a requester, so without
        ``requester_id`` a contact is created for it. Mutating a returned record
        later needs ``fake.state.touch()``.
        """
        stats = fields.pop("stats", None)
        with self._lock:
            now = self._stamp()
            if fields.get("requester_id") is None:
                number = len(self.state.contacts) + 1
                requester = self.state.insert_contact(
                    now, {"name": f"Requester {number}", "email": f"requester{number}@example.com"}
                )
                fields["requester_id"] = requester["id"]
            return self.state.insert_ticket(now, fields, stats)

    def add_contact(self, **fields: Any) -> Record:
        """Store a contact directly and return it (see :meth:`add_ticket`)."""
        return self._insert(self.state.insert_contact, fields)

    def add_company(self, **fields: Any) -> Record:
        """Store a company directly and return it (see :meth:`add_ticket`)."""
        return self._insert(self.state.insert_company, fields)

    def add_agent(self, **fields: Any) -> Record:
        """Store an agent directly (``contact=`` holds name, email, ...) and return it."""
        return self._insert(self.state.insert_agent, fields)

    def add_group(self, **fields: Any) -> Record:
        """Store a group directly and return it (see :meth:`add_ticket`)."""
        return self._insert(self.state.insert_group, fields)

    def add_satisfaction_rating(self, **fields: Any) -> Record:
        """Store a satisfaction rating directly and return it (see :meth:`add_ticket`)."""
        return self._insert(self.state.insert_rating, fields)

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

    def _stamp(self) -> str:
        return to_wire(self.clock.now())

    # ------------------------------------------------------------------ the pipeline

    def respond(self, request: FakeRequest) -> FakeResponse:
        """Answer one request: faults, rate limit, auth, routing, the handler, headers.

        This is the whole fake, independent of httpx and ASGI; the front ends
        only convert and wait :attr:`FakeResponse.delay`.
        """
        with self._lock:
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
