"""Counters a test reads to see what the fake went through."""

from __future__ import annotations

from collections import Counter

import attrs

__all__ = ["FakeCounters"]


@attrs.define
class FakeCounters:
    """What the fake has seen since it started (or since :meth:`reset`).

    Attributes:
        requests: requests per endpoint key, e.g. ``counters.requests["GET /tickets"]``
            or ``"PUT /tickets/{id}"``; unknown routes count under their raw path.
        total_requests: every request received, faulted and rate-limited ones included.
        rate_limited: requests answered 429 by the rate limiter.
        faults: requests a :class:`FaultPlan` made fail; ``faults_by_kind`` splits them.
        created: records created by API calls, per resource (``"tickets"``,
            ``"contacts"``, ...); a ticket whose POST created its requester
            counts one of each.
        credits_used: rate-limit credits charged (1 per request + embed surcharges).
        server_errors: unexpected exceptions inside the fake (answered 500); a bug.
    """

    requests: Counter[str] = attrs.field(factory=Counter)
    total_requests: int = 0
    rate_limited: int = 0
    faults: int = 0
    faults_by_kind: Counter[str] = attrs.field(factory=Counter)
    created: Counter[str] = attrs.field(factory=Counter)
    credits_used: int = 0
    server_errors: int = 0

    def reset(self) -> None:
        """Set every counter back to zero."""
        self.requests.clear()
        self.faults_by_kind.clear()
        self.created.clear()
        self.total_requests = self.rate_limited = self.faults = 0
        self.credits_used = self.server_errors = 0
