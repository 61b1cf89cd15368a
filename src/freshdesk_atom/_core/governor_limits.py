"""Freshdesk's per-endpoint sub-limits: which requests they cover, the plans' table, their pacing.

Freshdesk limits four endpoints separately, inside the account's budget
(docs/freshdesk-api-notes.md#rate-limits): ``GET /tickets`` (the list),
``GET /contacts`` (the list), ``POST /tickets`` and ``PUT /tickets/{id}``. No
header reports these limits, so they come from configuration: a mapping of
credits per window, or a plan name for the documented table. They are counted
in credits like the account's budget (a list page with ``include=`` costs its
surcharge on the sub-limit too, as in the fake Freshdesk).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Final, Literal, TypeAlias

__all__ = [
    "PLAN_SUB_LIMITS",
    "SUB_LIMIT_NAMES",
    "EndpointSchedule",
    "PlanName",
    "SubLimits",
    "endpoint_limit",
    "sub_limits_from",
]

SUB_LIMIT_NAMES: Final = ("tickets_list", "contacts_list", "ticket_create", "ticket_update")
"""The sub-limited endpoints: ``GET /tickets``, ``GET /contacts``, ``POST /tickets``, ``PUT /tickets/{id}``."""

PlanName: TypeAlias = Literal["trial", "growth", "pro", "enterprise"]

PLAN_SUB_LIMITS: Final[Mapping[str, Mapping[str, int]]] = {
    # docs/freshdesk-api-notes.md#rate-limits: credits per minute inside the account total.
    "trial": {},
    "growth": {"tickets_list": 20, "contacts_list": 20, "ticket_create": 80, "ticket_update": 80},
    "pro": {"tickets_list": 100, "contacts_list": 100, "ticket_create": 160, "ticket_update": 160},
    "enterprise": {
        "tickets_list": 200,
        "contacts_list": 200,
        "ticket_create": 280,
        "ticket_update": 280,
    },
}
"""Each plan's sub-limits per minute (docs/freshdesk-api-notes.md#rate-limits); trial accounts have none documented."""

SubLimits: TypeAlias = tuple[tuple[str, int], ...]
"""Sub-limits as ``(name, credits per window)`` pairs, sorted by name (hashable, unlike a dict)."""

_API_PREFIX: Final = "api/v2/"


def endpoint_limit(method: str, path: str) -> str | None:
    """Return the sub-limit a request counts against (a :data:`SUB_LIMIT_NAMES` name), or ``None``.

    *path* is relative to the API base URL (``"tickets"``, ``"tickets/42"``);
    a leading ``/`` or ``/api/v2/`` is ignored, and so is a query string.

    ```python
    endpoint_limit("GET", "tickets")       # "tickets_list"
    endpoint_limit("PUT", "tickets/42")    # "ticket_update"
    endpoint_limit("GET", "tickets/42")    # None: a view
    ```
    """
    clean = path.split("?", 1)[0].strip("/")
    if clean.startswith(_API_PREFIX):
        clean = clean[len(_API_PREFIX) :]
    verb = method.upper()
    parts = clean.split("/")
    if parts == ["tickets"]:
        return {"GET": "tickets_list", "POST": "ticket_create"}.get(verb)
    if parts == ["contacts"] and verb == "GET":
        return "contacts_list"
    if len(parts) == 2 and parts[0] == "tickets" and parts[1].isdigit() and verb == "PUT":
        return "ticket_update"
    return None


def sub_limits_from(
    value: Mapping[str, int] | Iterable[tuple[str, int]] | str | None,
) -> SubLimits | None:
    """Return sub-limits as sorted pairs from a mapping, pairs, or a plan name (``None`` stays ``None``).

    Raises:
        ValueError: an unknown plan or endpoint name, or a limit that is not a positive int.
    """
    if value is None:
        return None
    if isinstance(value, str):
        plan = value.strip().lower()
        if plan not in PLAN_SUB_LIMITS:
            raise ValueError(f"unknown plan {value!r}; use one of {sorted(PLAN_SUB_LIMITS)}")
        return tuple(sorted(PLAN_SUB_LIMITS[plan].items()))
    pairs = list(value.items()) if isinstance(value, Mapping) else list(value)
    found: dict[str, int] = {}
    for entry in pairs:
        if not isinstance(entry, tuple) or len(entry) != 2:
            raise TypeError(f"sub_limits must map endpoint names to credits, not {entry!r}")
        name, limit = entry
        if name not in SUB_LIMIT_NAMES:
            raise ValueError(f"unknown sub-limit {name!r}; use {list(SUB_LIMIT_NAMES)}")
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ValueError(f"sub-limit {name} must be a positive int of credits, not {limit!r}")
        found[name] = limit
    return tuple(sorted(found.items()))


class EndpointSchedule:
    """The even schedule (GCRA, no burst) of one sub-limited endpoint in one process.

    Slots are spaced so that the endpoint's credits go out at
    ``target_share * limit / window`` per second. Times are the caller's clock.

    A request takes the endpoint's slot first and the account's once that has
    come. When the account's slot is later (the account is busy), the
    endpoint's requests would bunch behind it; so each grant sets a *gate*,
    one spacing after that account slot, and the endpoint's next request takes
    an account slot no earlier than the gate (it asks again when the account's
    slot would be that late). The spacing thus holds between the account slots,
    when the requests are sent, and a busy account's delay is not added to it.
    """

    def __init__(self, limit: int, *, target_share: float, window: float) -> None:
        self.limit = limit
        self.window = window
        self.pace = target_share * limit / window
        self.gate = -math.inf
        self._tat = -math.inf

    def reserve(self, cost: int, now: float) -> float:
        """Take the next slot for *cost* credits; return when it starts."""
        slot = max(now, self._tat)
        self._tat = slot + cost / self.pace
        return slot

    def granted(self, cost: int, at: float) -> None:
        """A request of *cost* credits got the account's slot at *at*: the next one goes a spacing later."""
        self.gate = max(self.gate, at + cost / self.pace)

    def refund(self, cost: int, now: float) -> None:
        """Give back *cost* credits of a slot not spent (never earlier than *now*)."""
        if self._tat > now:
            self._tat = max(now, self._tat - cost / self.pace)

    def correct(self, extra: int) -> None:
        """Charge *extra* credits (negative: give back) once the true cost is known."""
        self._tat += extra / self.pace

    def set_share(self, target_share: float) -> None:
        """Pace at *target_share* of the limit from now on."""
        self.pace = target_share * self.limit / self.window
