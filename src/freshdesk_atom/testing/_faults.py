"""Seeded fault injection: server errors, dropped connections, slow and cut responses."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from fnmatch import fnmatchcase
from typing import Final, Literal, get_args

import attrs

from ._http import FakeResponse, json_response

__all__ = [
    "ANSWERED_FAULTS",
    "FAULT_KINDS",
    "FaultInjector",
    "FaultKind",
    "FaultPlan",
    "RequestScope",
    "deliver_fault",
    "fault_response",
]

FaultKind = Literal["500", "502", "503", "429", "html", "drop", "slow", "timeout", "truncated"]
FAULT_KINDS: Final[tuple[FaultKind, ...]] = get_args(FaultKind)

# Kinds that replace the whole answer; "slow", "timeout" and "truncated" alter the real one.
REPLACING: Final = frozenset({"500", "502", "503", "429", "html", "drop"})
ANSWERED_FAULTS: Final = frozenset({"500", "503"})
"""Faults that Freshdesk itself answers: they spend a credit like any request."""

_NGINX_PAGE: Final = (
    "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n"
    "<center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_RAILS_PAGE: Final = (
    "<!DOCTYPE html>\n<html>\n<head>\n  <title>We're sorry, but something went wrong (500)"
    '</title>\n</head>\n<body>\n  <div class="dialog">\n    <h1>We\'re sorry, but something '
    "went wrong.</h1>\n  </div>\n</body>\n</html>\n"
)


def _normalise_methods(value: Collection[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(method.upper() for method in value)


def _normalise_paths(value: Collection[str] | str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen
class RequestScope:
    """Which requests something applies to: methods and API-path glob patterns.

    ``paths`` are ``fnmatch`` patterns over the path below ``/api/v2`` (e.g.
    ``"/tickets"``, ``"/tickets/*"``, ``"/search/*"``); ``None`` means all.
    """

    methods: frozenset[str] | None = attrs.field(default=None, converter=_normalise_methods)
    paths: tuple[str, ...] | None = attrs.field(default=None, converter=_normalise_paths)

    def covers(self, method: str, path: str) -> bool:
        """Tell whether a request with *method* and API *path* is in scope."""
        if self.methods is not None and method.upper() not in self.methods:
            return False
        return self.paths is None or any(fnmatchcase(path, pattern) for pattern in self.paths)


def _kinds(value: Collection[str] | str) -> tuple[FaultKind, ...]:
    kinds = (value,) if isinstance(value, str) else tuple(value)
    if not kinds or any(kind not in FAULT_KINDS for kind in kinds):
        raise ValueError(f"fault kinds must be some of {FAULT_KINDS}, got {value!r}")
    return kinds  # type: ignore[return-value]  # each one checked just above


def _ordinals(value: Collection[int]) -> tuple[int, ...]:
    return tuple(value)


@attrs.frozen
class FaultPlan:
    """Which requests fail, how, and whether before or after the state change.

    Eligible requests are those in ``scope`` (all by default). For each one,
    in arrival order, the plan's own ``random.Random(seed)`` decides: the
    request faults if its 1-based eligible ordinal is in ``nth`` or a draw
    falls below ``rate``; the kind is drawn from ``kinds`` (weighted by
    ``weights``). The same seed and the same request sequence give the same
    faults. At most ``max_faults`` faults are injected.

    Kinds:

    * ``"500"``: JSON ``{"code": "internal_error", "message": "We're sorry, but
      something went wrong."}`` (docs/freshdesk-api-notes.md#errors).
    * ``"502"`` / ``"503"``: an nginx HTML error page, as a proxy sends it.
    * ``"html"``: a 500 with Rails' HTML error page.
    * ``"429"``: a spurious 429 with ``Retry-After: 1`` (no ``X-RateLimit-*``).
    * ``"drop"``: the connection closes without an answer. MockTransport
      raises ``httpx.RemoteProtocolError``; the ASGI app starts the response
      and ends it abruptly.
    * ``"slow"``: the real answer, ``slow_seconds`` late.
    * ``"timeout"``: MockTransport raises ``httpx.ReadTimeout`` at once; the
      ASGI app answers ``slow_seconds`` late (the client's timeout fires).
    * ``"truncated"``: the real answer cut short: the ASGI app announces the
      full ``Content-Length`` and sends half the body; MockTransport raises
      ``httpx.RemoteProtocolError``, as httpx does over a socket.

    ``when="before"`` fails the request before the fake touches any state;
    ``when="after"`` lets the handler commit (a POST really creates its
    record) and then loses or replaces the answer: the scenario where a
    client must not blindly retry a POST. ``"slow"`` and ``"truncated"``
    always carry the committed answer.
    """

    rate: float = 0.0
    kinds: tuple[FaultKind, ...] = attrs.field(default=("500", "502", "503"), converter=_kinds)
    weights: tuple[float, ...] | None = None
    seed: int = 0
    when: Literal["before", "after"] = "before"
    scope: RequestScope = attrs.field(factory=RequestScope)
    nth: tuple[int, ...] = attrs.field(default=(), converter=_ordinals)
    max_faults: int | None = None
    slow_seconds: float = 5.0

    @classmethod
    def once(
        cls,
        kind: FaultKind,
        *,
        method: str | None = None,
        path: str | Sequence[str] | None = None,
        when: Literal["before", "after"] = "before",
        nth: int = 1,
    ) -> FaultPlan:
        """Return a plan that fails exactly the *nth* matching request with *kind*.

        ``FaultPlan.once("drop", method="POST", path="/tickets", when="after")``
        creates the ticket and loses the response.
        """
        scope = RequestScope(methods=None if method is None else {method}, paths=path)
        return cls(kinds=(kind,), when=when, scope=scope, nth=(nth,), max_faults=1)


class FaultInjector:
    """Runs a :class:`FaultPlan` over the stream of requests."""

    def __init__(self, plan: FaultPlan) -> None:
        """Start the plan's random sequence from its seed."""
        self.plan = plan
        self._random = random.Random(plan.seed)
        self.eligible = 0
        self.injected = 0

    def decide(self, method: str, path: str) -> FaultKind | None:
        """Return the fault for this request, or ``None``; requests out of scope never fault."""
        plan = self.plan
        if not plan.scope.covers(method, path):
            return None
        self.eligible += 1
        # Always draw twice, so one request's outcome never shifts the next ones'.
        hit_draw, kind_draw = self._random.random(), self._random.random()
        if plan.max_faults is not None and self.injected >= plan.max_faults:
            return None
        if self.eligible not in plan.nth and hit_draw >= plan.rate:
            return None
        self.injected += 1
        weights = plan.weights or (1.0,) * len(plan.kinds)
        point = kind_draw * sum(weights)
        for kind, weight in zip(plan.kinds, weights, strict=True):
            point -= weight
            if point < 0:
                return kind
        return plan.kinds[-1]


def fault_response(kind: FaultKind) -> FakeResponse:
    """Return the answer a replacing fault sends instead of the real one."""
    if kind == "500":
        return json_response(
            500, {"code": "internal_error", "message": "We're sorry, but something went wrong."}
        )
    if kind in ("502", "503"):
        reason = "Bad Gateway" if kind == "502" else "Service Temporarily Unavailable"
        page = _NGINX_PAGE.format(code=kind, reason=reason)
        return FakeResponse(int(kind), page.encode(), {"Content-Type": "text/html"})
    if kind == "html":
        return FakeResponse(500, _RAILS_PAGE.encode(), {"Content-Type": "text/html; charset=utf-8"})
    if kind == "429":
        return json_response(
            429,
            {"message": "You have exceeded the limit of requests per hour"},
            {"Retry-After": "1"},
        )
    return FakeResponse(200, b"", {}, delivery="drop")


def deliver_fault(plan: FaultPlan, kind: FaultKind, real: FakeResponse | None) -> FakeResponse:
    """Return what a fault delivers; *real* is the committed answer (``None`` before)."""
    if kind in REPLACING:
        return fault_response(kind)
    if kind == "timeout":
        # MockTransport raises ReadTimeout; the ASGI app just answers late.
        late = real or fault_response("500")
        late.delivery, late.delay = "timeout", plan.slow_seconds
        return late
    assert real is not None
    if kind == "slow":
        real.delay += plan.slow_seconds
    else:
        real.delivery = "truncate"
    return real
