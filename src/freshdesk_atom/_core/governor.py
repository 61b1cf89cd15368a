"""The rate governor's decisions: learn the credit budget, pace requests to a share of it.

Freshdesk counts API *credits* per account per minute (docs/freshdesk-api-notes.md#rate-limits): every
agent, key and integration on the account draws from one budget. Each
non-429 response reports the budget (``X-RateLimit-Total``), what is left
(``X-RateLimit-Remaining``) and what the call cost
(``X-RateLimit-Used-CurrentRequest``: 1, plus 2 per ``include=`` value on a
list, 1 per value on a view). A 429 carries ``Retry-After`` and none of these
headers. Whether the minute is a fixed window or a sliding one is not
documented, so nothing here depends on it.

:class:`Governor` holds the state and makes every decision; it never sleeps
and never does I/O. The shells (``_async/_governor.py`` and its generated sync
twin) ask it when a request may go, wait, send, and report the answer back:

1. **Reserve** (:meth:`Governor.reserve`): the request is charged its expected
   cost (:func:`request_cost`) and given a slot. Slots are spaced so that the
   credits go out evenly at ``target_share * total / window`` per second (a
   GCRA schedule; with ``burst_share``, its tolerance lets that many credits
   go at once after a quiet spell), first come first served, so concurrent
   tasks or threads never stampede.
2. **Guard**: a slot is pushed back if the *estimated* remaining budget would
   drop below a floor (half the headroom the target share leaves). The estimate
   starts from the latest ``Remaining``, takes off every request of ours not yet
   counted in it, and adds back only credits that are surely free again: ours
   one window after we spent them, anyone else's one window after the reading.
   That is true of a fixed and of a sliding window alike, so the guard is
   conservative under both. It matters when something else spends the budget.
3. **Wait** (:meth:`Governor.wait`): the shell sleeps until the slot and asks
   again; newer answers (another integration draining the budget, a 429) can
   push the slot back. ``0`` means "send now".
4. **Learn** (:meth:`Governor.observe`): the answer's headers give the budget,
   the true cost, and the remaining credits. The governor then measures how far
   back its own requests must reach to account for everything still counted.
   That span is a lower bound of the window; when it exceeds the configured
   window (a longer window, or credits spent by other integrations in the same
   count), the governor stretches its pacing accordingly, up to
   :data:`MAX_STRETCH` times, so that the *account's* spending settles at the
   target share. It never shortens the configured window: a shorter estimate
   cannot be told apart from bursty traffic in a sliding window, and guessing
   low is what causes 429s.
5. **429** (:meth:`Governor.reject`): everyone waits ``Retry-After``; then a
   single request (a probe) goes first, and the others follow once its headers
   have re-taught the budget. Before the first answer the budget is unknown,
   and the same probe rule applies.

What it cannot know: per-endpoint sub-limits (no header reports them; they
come from ``RateGovernorConfig.sub_limits`` and are paced by the stores,
``_core/governor_local.py``; a 429 from one is honoured like any other),
spending by other processes before it shows in ``Remaining`` (the Redis store,
``_core/governor_store.py``, shares one schedule among them), and the exact
moment a fixed window resets.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from typing import Final, Literal

import attrs

from .governor_limits import SubLimits, sub_limits_from
from .governor_rules import EPSILON as _EPSILON
from .governor_rules import probe_poll
from .governor_store import InProcessStore, RedisStore

__all__ = [
    "DEFAULT_TARGET_SHARE",
    "DEFAULT_WINDOW",
    "MAX_STRETCH",
    "Governor",
    "RateGovernorConfig",
    "RateGovernorStats",
    "Ticket",
    "governor_config",
    "request_cost",
]

DEFAULT_TARGET_SHARE: Final = 0.8
"""Spend at most 80% of the account's credits: the rest is headroom for the
help desk's other integrations, agents' apps and automation webhooks."""

DEFAULT_WINDOW: Final = 60.0
"""Freshdesk's documented rate-limit window: one minute (docs/freshdesk-api-notes.md#rate-limits)."""

MAX_STRETCH: Final = 4.0
"""The learned window is at most this many configured windows."""

# How long learned window samples count, in configured windows.
_SAMPLE_HORIZON: Final = 2.0
# How long the answered requests are kept for learning, in configured windows.
_LOG_RETENTION: Final = MAX_STRETCH + 1.0
_LOG_MAX: Final = 50_000
# A 429 without a usable Retry-After blocks for this long.
_DEFAULT_BLOCK: Final = 1.0

TicketState = Literal["provisional", "planned", "sent", "observed", "dropped"]
StoreKind = Literal["in-process", "redis"]


def _check_share(_: object, __: object, value: float) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError("target_share must be a number")
    if not 0.0 < value <= 1.0:
        raise ValueError(f"target_share must be in (0, 1], not {value!r}")


def _check_window(_: object, __: object, value: float) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError("window must be a number of seconds")
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(f"window must be a positive number of seconds, not {value!r}")


def _check_burst(config: RateGovernorConfig, _: object, value: float) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise TypeError("burst_share must be a number")
    if not 0.0 <= value <= (1.0 - config.target_share) / 2 + 1e-9:  # 0.2 / 2 is 0.0999...
        raise ValueError(
            f"burst_share must be in [0, (1 - target_share) / 2] (half the headroom), not {value!r}"
        )


@attrs.frozen(kw_only=True)
class RateGovernorConfig:
    """How a client's rate governor paces requests.

    ```python
    AsyncFreshdesk(...)                                                  # 80% of the budget
    AsyncFreshdesk(..., rate_governor=RateGovernorConfig(target_share=0.95))
    AsyncFreshdesk(..., rate_governor=False)                             # no pacing
    ```

    Attributes:
        target_share: the share of the account's credits per window the
            governor aims to spend, in (0, 1] (default 0.8). Other integrations
            on the account count against it: when they spend, the governor
            slows down rather than push the account into 429s.
        window: the rate-limit window in seconds (default 60, Freshdesk's
            documented minute). Set it only for a server with another window,
            such as a fake Freshdesk on a compressed clock. The governor
            lengthens it when the headers show credits staying counted longer,
            never shortens it.
        burst_share: credits that may go at once after a quiet spell, as a
            share of the budget (default 0: every request takes an even slot).
            A page that needs 90 credits shows in a second rather than ten; in
            any window the client then spends at most ``target_share +
            burst_share`` of the budget, so it may be at most half the
            headroom ``(1 - target_share) / 2``, which leaves the guard's floor
            to other integrations. After a 429, or while the guard holds
            requests back, no burst is given.
        store: where the schedule lives: ``InProcessStore()`` (this client
            alone) or ``RedisStore(url)`` (one schedule per account for every
            process; ``freshdesk_atom.governor``). ``None`` (default):
            ``$FRESHDESK_GOVERNOR_URL`` if set, else in-process.
        sub_limits: per-endpoint budgets in credits per ``window``, which no
            header reports: a plan name (``"growth"``, ``"pro"``,
            ``"enterprise"``, ``"trial"``) for the documented table (Freshdesk's
            credits per minute, applied per ``window`` as given: the same on
            Freshdesk's 60 s, compressed with the clock of a fake whose window
            is shorter), or a mapping such as ``{"tickets_list": 100}``; kept as
            sorted pairs. ``None`` (default): ``$FRESHDESK_GOVERNOR_PLAN`` if
            set, else none.
    """

    target_share: float = attrs.field(default=DEFAULT_TARGET_SHARE, validator=_check_share)
    window: float = attrs.field(default=DEFAULT_WINDOW, validator=_check_window)
    burst_share: float = attrs.field(default=0.0, validator=_check_burst)
    store: InProcessStore | RedisStore | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            attrs.validators.instance_of((InProcessStore, RedisStore))
        ),
    )
    sub_limits: SubLimits | None = attrs.field(default=None, converter=sub_limits_from)


def governor_config(value: bool | RateGovernorConfig) -> RateGovernorConfig | None:
    """Return the pacing a client's ``rate_governor=`` argument asks for.

    ``True`` (the default) paces every request at the default settings, a
    :class:`RateGovernorConfig` paces every request as it says, ``False``
    paces nothing (``None``).
    """
    if isinstance(value, RateGovernorConfig):
        return value
    if value is True:
        return RateGovernorConfig()
    if value is False:
        return None
    raise TypeError(
        f"rate_governor must be a bool or a RateGovernorConfig, not {type(value).__name__}"
    )


def _is_view(path: str) -> bool:
    """Whether *path* names one record (``tickets/42``) rather than a list."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return last.isdigit()


def request_cost(method: str, path: str, params: Iterable[tuple[str, str]]) -> int:
    """Return the credits a request is expected to cost (docs/freshdesk-api-notes.md#the-tickets-list, #rate-limits).

    One credit, plus for each ``include=`` value 2 on a list and 1 on a view
    (``GET /tickets/42?include=requester,stats`` costs 3,
    ``GET /tickets?include=description`` costs 3). The answer's
    ``X-RateLimit-Used-CurrentRequest`` corrects the estimate afterwards.
    """
    if method.upper() != "GET":
        return 1
    includes = 0
    for key, value in params:
        if key == "include":
            includes += sum(1 for part in value.split(",") if part.strip())
    if not includes:
        return 1
    return 1 + includes * (1 if _is_view(path) else 2)


@attrs.define(eq=False)
class Ticket:
    """One request's place in the governor's schedule; opaque outside the governor.

    Attributes:
        cost: credits charged (the estimate, then the true cost once answered).
        at: the planned send time, then the actual one (the caller's clock).
        slot: the time the even schedule gave it (``at`` is later when the
            budget guard or a 429 holds it back).
        seen: when its answer came (``None`` before). Freshdesk counted it
            somewhere between ``at`` and ``seen``.
        state: ``provisional`` (waiting for a probe's answer, no slot yet),
            ``planned``, ``sent``, ``observed`` (answered with headers), or
            ``dropped`` (never counted: refused, or no answer).
        seq: the order of planning (-1 while provisional).
        probe: whether it goes alone to (re-)learn the budget.
    """

    cost: int
    at: float
    slot: float = -math.inf
    seen: float | None = None
    state: TicketState = "provisional"
    seq: int = -1
    probe: bool = False


@attrs.frozen(kw_only=True)
class RateGovernorStats:
    """A snapshot of what a rate governor knows and has done.

    Attributes:
        total: the account's credits per window (``None`` before any answer).
        remaining: the estimated credits left now, after the requests in flight.
        window: the window the pacing uses, in seconds (configured or stretched).
        pace: credits per second the governor lets through (``None`` while unknown).
        target_share: the configured share of the budget.
        requests: governed requests let through (429s and failures included).
        credits: credits those requests cost (true costs once answered;
            nothing for a 429 or a request that got no answer).
        waits: how many times a governed request had to wait.
        waited: the seconds of those waits, added up.
        rate_limited: 429 answers seen, governed or not.
        store: ``"in-process"`` or ``"redis"``: where the pacing is decided.
        falling_back: whether a Redis store cannot reach Redis and paces this
            process alone, at its fallback share (``pace`` is then that share's).
    """

    total: int | None
    remaining: float | None
    window: float
    pace: float | None
    target_share: float
    requests: int
    credits: int
    waits: int
    waited: float
    rate_limited: int
    store: StoreKind = "in-process"
    falling_back: bool = False


class Governor:
    """The pure rate governor: budget, schedule, estimates. Not thread-safe; the shells lock.

    Every method takes ``now``, the caller's monotonic clock in seconds.
    """

    def __init__(self, config: RateGovernorConfig | None = None) -> None:
        self.config = config or RateGovernorConfig()
        self.total: int | None = None
        self.window = self.config.window
        # Our requests in planning order: planned, in flight, answered, dropped.
        self._log: deque[Ticket] = deque()
        # The planned and in-flight ones, by seq (insertion order is seq order).
        self._open: dict[int, Ticket] = {}
        self._seq = 0
        self._tat = -math.inf  # GCRA: the earliest time the next slot may start
        self._blocked_until = -math.inf
        self._needs_probe = True
        self._probe: Ticket | None = None
        # The latest reading of X-RateLimit-Remaining, and what it counted.
        self._obs_remaining: int | None = None
        self._obs_at = -math.inf
        self._obs_seq = 0
        self._obs_counted = 0
        # Worked out from the reading when the guard needs them (_walk_counted):
        self._obs_walked = True
        self._obs_oldest_seq = 1  # our oldest answered request still counted in it
        self._obs_excess = 0  # credits of that oldest request beyond the count
        self._obs_others = 0  # credits counted that none of our requests explains
        # Window samples are taken only while paced requests are about.
        self._active_until = -math.inf
        # (time, span) window samples with decreasing spans: a sliding maximum.
        self._samples: deque[tuple[float, float]] = deque()
        self._last_now = -math.inf
        self.requests = 0
        self.credits = 0
        self.waits = 0
        self.waited = 0.0
        self.rate_limited = 0

    # ------------------------------------------------------------------ state

    @property
    def pace(self) -> float | None:
        """Credits per second at the target share, or ``None`` while the budget is unknown."""
        if self.total is None:
            return None
        return self.config.target_share * self.total / self.window

    @property
    def burst_seconds(self) -> float:
        """The GCRA tolerance: how far ahead of the even schedule a slot may be given."""
        pace = self.pace
        if not pace or self.total is None:
            return 0.0
        return self.config.burst_share * self.total / pace

    @property
    def floor(self) -> float:
        """Credits the guard keeps in the account: half the headroom of the target share."""
        if self.total is None:
            return 0.0
        return (1.0 - self.config.target_share) * self.total / 2.0

    @property
    def blocked_until(self) -> float:
        """The end of the latest 429's ``Retry-After`` (``-inf`` if none)."""
        return self._blocked_until

    def next_slot(self, now: float) -> float:
        """When a request reserved at *now* would get its slot, before the guard looks (nothing is taken)."""
        start = max(now, self._blocked_until)
        if self._needs_probe or self.pace is None:
            return start
        return max(start, self._tat - self.burst_seconds)

    def stats(self, now: float | None = None) -> RateGovernorStats:
        """Return a snapshot; ``remaining`` is estimated at *now* (default: the latest call's time)."""
        moment = self._last_now if now is None else now
        remaining = None
        if self.total is not None and self._obs_remaining is not None:
            remaining = self._estimate(moment, self._pending(before=None))
        return RateGovernorStats(
            total=self.total,
            remaining=remaining,
            window=self.window,
            pace=self.pace,
            target_share=self.config.target_share,
            requests=self.requests,
            credits=self.credits,
            waits=self.waits,
            waited=self.waited,
            rate_limited=self.rate_limited,
        )

    # ------------------------------------------------------------------ decisions

    def reserve(self, cost: int, now: float) -> Ticket:
        """Charge a request of *cost* credits and plan when it may be sent.

        Returns the ticket to pass to :meth:`wait`, then to :meth:`observe`,
        :meth:`reject` or :meth:`cancel`.
        """
        if not isinstance(cost, int) or isinstance(cost, bool) or cost < 1:
            raise ValueError(f"cost must be a positive int, not {cost!r}")
        self._tick(now)
        self._active_until = now + _SAMPLE_HORIZON * self.config.window
        ticket = Ticket(cost=cost, at=now)
        self._plan(ticket, now)
        return ticket

    def wait(self, ticket: Ticket, now: float) -> float:
        """Return the seconds *ticket* must still wait; ``0.0`` means send now (it is then "sent").

        Call it again after waiting: newer answers may push the slot back.
        """
        self._tick(now)
        if ticket.state == "provisional" and ticket.at <= now + _EPSILON:
            self._plan(ticket, now)
        if ticket.state not in ("provisional", "planned"):
            raise ValueError(f"ticket is {ticket.state}, not waiting")
        held = ticket.at > ticket.slot + _EPSILON
        if ticket.state == "planned" and (held or ticket.at <= now + _EPSILON):
            # The slot has come, or the guard held it back: decide again on the
            # newest answers (the budget may have come back, or gone).
            target = max(ticket.slot, self._blocked_until, now)
            if not ticket.probe:
                target = self._guard_time(ticket.cost, target, before=ticket.seq)
            ticket.at = target
        delay = ticket.at - now
        if ticket.state == "planned" and delay <= _EPSILON:
            ticket.state = "sent"
            ticket.at = now
            self.requests += 1
            self.credits += ticket.cost
            return 0.0
        if ticket.state == "planned" and ticket.at > ticket.slot + _EPSILON:
            # Held back by the guard: come back now and then to look at newer answers.
            delay = min(delay, self._recheck())
        self.waits += 1
        self.waited += delay
        return delay

    def observe(
        self,
        ticket: Ticket | None,
        now: float,
        *,
        total: int | None,
        remaining: int | None,
        used: int | None,
        cost: int = 1,
        sent_at: float | None = None,
    ) -> None:
        """Learn from a non-429 answer and its ``X-RateLimit-*`` headers (``None`` when absent).

        *ticket* is ``None`` for a request the governor did not pace: it is
        recorded with *cost* and *sent_at* so that its credits are known to be ours.
        """
        self._tick(now)
        if ticket is None:
            ticket = Ticket(cost=used or cost, at=now if sent_at is None else sent_at)
            ticket.seq = self._next_seq()
            self._log.append(ticket)
        else:
            if ticket.state not in ("planned", "sent"):
                return
            del self._open[ticket.seq]
            if used is not None and used > 0 and used != ticket.cost:
                pace = self.pace
                if pace:
                    # Keep the average honest: a costlier answer pushes the schedule back.
                    self._tat += (used - ticket.cost) / pace
                self.credits += used - ticket.cost
                ticket.cost = used
        ticket.state = "observed"
        ticket.seen = now
        if ticket is self._probe:
            self._probe = None
        if total is not None and total > 0:
            self.total = total
            if ticket.probe and (pace := self.pace):
                # The probe went unpaced: the next slot follows it.
                self._tat = max(self._tat, ticket.at + ticket.cost / pace)
        # Any answer ends the probe phase: with headers the budget is known; without,
        # it cannot be learned, and the governor lets requests through unpaced.
        if self._probe is None:
            self._needs_probe = False
        if remaining is not None and self.total is not None and ticket.seq > self._obs_seq:
            # An answer to a request older than the latest reading's is staler.
            self._learn(ticket, now, min(max(remaining, 0), self.total))
        self._prune(now)

    def reject(self, ticket: Ticket | None, now: float, retry_after: float | None) -> None:
        """Learn from a 429: block everyone for *retry_after* seconds, then probe.

        The refused request is not counted (Freshdesk refused it before doing
        anything). Planned slots are given up: their owners plan again after
        the probe's answer.
        """
        self._tick(now)
        self.rate_limited += 1
        if ticket is not None:
            self._drop(ticket)
        if retry_after is not None and retry_after >= 0 and self.total is not None:
            self._learn_from_refusal(now, retry_after)
        wait = retry_after if retry_after is not None and retry_after >= 0 else _DEFAULT_BLOCK
        self._blocked_until = max(self._blocked_until, now + wait)
        self._needs_probe = True
        voided = [entry for entry in self._open.values() if entry.state == "planned"]
        for entry in voided:
            self._drop(entry)
            entry.state, entry.seq, entry.probe = "provisional", -1, False
            entry.at = self._blocked_until + self._poll()
        if voided:
            self._log = deque(entry for entry in self._log if entry.state != "provisional")
        self._tat = self._blocked_until + self.burst_seconds  # paced again, no burst
        # Nothing is left until the block ends; the probe re-learns the rest.
        self._obs_remaining = 0
        self._obs_at = now
        self._obs_seq = self._seq
        self._obs_counted = self.total or 0
        self._obs_walked = True
        self._obs_oldest_seq = self._seq + 1
        self._obs_excess = self._obs_others = 0

    def cancel(self, ticket: Ticket, now: float) -> None:
        """Forget *ticket*: it was never sent, or got no answer (counted as not spent)."""
        self._tick(now)
        if ticket.state in ("planned", "sent"):
            self._drop(ticket)
        elif ticket.state == "provisional":
            ticket.state = "dropped"

    # ------------------------------------------------------------------ internals

    def _tick(self, now: float) -> None:
        self._last_now = max(self._last_now, now)

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def _poll(self) -> float:
        """How often a request waiting for a probe's answer asks again (``governor_rules``)."""
        return probe_poll(self.config.window)

    def _recheck(self) -> float:
        """How often a request the guard holds back looks at the budget again."""
        return self.window / 10

    def _drop(self, ticket: Ticket) -> None:
        if ticket is self._probe:
            self._probe = None
        self._open.pop(ticket.seq, None)
        if ticket.state == "sent":
            # Refused or unanswered: it spent nothing we know of.
            self.credits -= ticket.cost
        ticket.state = "dropped"

    def _plan(self, ticket: Ticket, now: float) -> None:
        """Give *ticket* a slot, make it the probe, or leave it provisional."""
        start = max(now, self._blocked_until)
        if self._needs_probe:
            if self._probe is not None:
                ticket.state = "provisional"
                ticket.at = start + self._poll()
                return
            ticket.probe = True
            self._probe = ticket
            slot = start
        else:
            ticket.probe = False
            slot = start
            pace = self.pace
            if pace is not None:
                tolerance = self.burst_seconds
                slot = max(start, self._tat - tolerance)
                start = self._guard_time(ticket.cost, slot, before=None)
                if start > slot + _EPSILON:
                    # A request the guard holds back holds back the ones behind it:
                    # no burst when the budget comes back.
                    self._tat = start + tolerance + ticket.cost / pace
                else:
                    self._tat = max(self._tat, start) + ticket.cost / pace
        ticket.state = "planned"
        ticket.slot = slot
        ticket.at = start
        ticket.seq = self._next_seq()
        self._log.append(ticket)
        self._open[ticket.seq] = ticket

    def _pending(self, before: int | None) -> list[Ticket]:
        """Our requests not counted in the latest reading: planned, in flight, or answered later."""
        found = [t for seq, t in self._open.items() if before is None or seq < before]
        for entry in reversed(self._log):
            if entry.seq <= self._obs_seq:
                break
            if entry.state == "observed" and (before is None or entry.seq < before):
                found.append(entry)
        return found

    def _refills(self, pending: list[Ticket]) -> list[tuple[float, float]]:
        """Return sorted ``(time, credits)``: when counted credits are surely free again.

        Ours come back one window after we spent them, anyone else's one window
        after the reading: true of fixed and of sliding windows.
        """
        self._walk_counted()
        window = self.window
        events: list[tuple[float, float]] = []
        oldest: Ticket | None = None
        for entry in reversed(self._log):
            if entry.seq < self._obs_oldest_seq:
                break
            if entry.seq > self._obs_seq or entry.state != "observed":
                continue
            events.append((self._back_at(entry), float(entry.cost)))
            oldest = entry
        if oldest is not None and self._obs_excess:
            # The oldest request counted is only partly in the count.
            events.remove((self._back_at(oldest), float(oldest.cost)))
            if oldest.cost > self._obs_excess:
                events.append((self._back_at(oldest), float(oldest.cost - self._obs_excess)))
        if self._obs_others:
            events.append((self._obs_at + window, float(self._obs_others)))
        events.extend((self._back_at(entry), float(entry.cost)) for entry in pending)
        events.sort()
        return events

    def _back_at(self, entry: Ticket) -> float:
        """When *entry*'s credits are surely free again: a window after it was counted.

        It was counted before its answer came (``seen``); one not answered yet
        is counted no earlier than now.
        """
        counted = entry.seen if entry.seen is not None else max(entry.at, self._last_now)
        return counted + self.window

    def _estimate(self, when: float, pending: list[Ticket]) -> float:
        """Estimate the credits left at *when*, once *pending* is spent."""
        assert self.total is not None
        assert self._obs_remaining is not None
        base = self._obs_remaining - sum(entry.cost for entry in pending)
        back = sum(credit for at, credit in self._refills(pending) if at <= when)
        unexpired = sum(entry.cost for entry in pending if self._back_at(entry) > when)
        return min(self.total - unexpired, base + back)

    def _guard_time(self, cost: int, start: float, *, before: int | None) -> float:
        """Return the earliest time >= *start* when spending *cost* keeps the estimate above the floor."""
        if self.total is None or self._obs_remaining is None:
            return start
        total = self.total
        need = min(cost + self.floor, float(total))
        pending = self._pending(before)
        base = self._obs_remaining - sum(entry.cost for entry in pending)
        if base >= need - _EPSILON:
            return start  # enough even if nothing comes back: the usual case
        events = self._refills(pending)
        pending_back = sorted((self._back_at(entry), entry.cost) for entry in pending)
        unexpired = float(sum(entry.cost for entry in pending))
        back = 0.0
        i = j = 0
        candidates = [start, *(at for at, _ in events if at > start)]
        for moment in candidates:
            while i < len(events) and events[i][0] <= moment:
                back += events[i][1]
                i += 1
            while j < len(pending_back) and pending_back[j][0] <= moment:
                unexpired -= pending_back[j][1]
                j += 1
            if min(total - unexpired, base + back) >= need - _EPSILON:
                return moment
        # Nothing we know of frees enough: try after the last refill, when newer
        # answers will tell more.
        return candidates[-1]

    def _learn(self, ticket: Ticket, now: float, remaining: int) -> None:
        """Take *ticket*'s answer as the latest reading, and sample the window while pacing."""
        assert self.total is not None
        counted = self.total - remaining
        self._obs_remaining = remaining
        self._obs_at = now
        self._obs_seq = ticket.seq
        self._obs_counted = counted
        self._obs_walked = False
        # Samples matter once the count nears the target; below half of it the
        # pacing cannot be too fast (and the walk, up to a count long, is skipped).
        if now <= self._active_until and counted * 2 >= self.config.target_share * self.total:
            self._sample_window(ticket, now, counted)
        self._update_window(now)

    def _sample_window(self, ticket: Ticket, now: float, counted: int) -> None:
        """Add how far back our requests reach to explain *counted*: a lower bound of the window.

        Every request counted was counted before its answer came (``seen``),
        so the window spans at least from the latest ``seen`` that the count
        must include back to this request's send time. Requests in flight, and
        answers that came after this request was sent, may or may not be in
        the count; counting them keeps the sample from over-estimating the
        window. If ours cannot explain the count at all, the sample says nothing.
        """
        # Answers come back roughly in planning order; threads and tasks may
        # swap neighbours, never more than the requests open at a time, so
        # take that many more and sort them by answer time.
        taken: list[tuple[float, int]] = []
        acc = 0
        extra = 8 + len(self._open)
        for entry in reversed(self._log):
            if entry.state not in ("observed", "sent"):
                continue
            taken.append((now if entry.seen is None else entry.seen, entry.cost))
            acc += entry.cost
            if acc >= counted:
                extra -= 1
                if extra < 0:
                    break
        if acc < counted:
            return
        taken.sort(reverse=True)
        acc = 0
        for seen, cost in taken:
            acc += cost
            if acc >= counted:
                self._add_sample(now, ticket.at - seen)
                return

    def _walk_counted(self) -> None:
        """Find which of our answered requests the latest reading still counts (for the guard).

        Walk back from the reading's request until ours explain the count. In-flight
        requests are left out, as if not counted: the guard then never over-estimates
        what is left. Requests older than a window are surely not counted any more,
        so what they would explain is someone else's. Done only when the guard needs it.
        """
        if self._obs_walked:
            return
        self._obs_walked = True
        counted = self._obs_counted
        horizon = self._obs_at - self.window
        acc = 0
        oldest = self._obs_seq + 1
        for entry in reversed(self._log):
            if acc >= counted:
                break
            if entry.seq > self._obs_seq or entry.state != "observed":
                continue
            if entry.seen is not None and entry.seen <= horizon:
                break
            acc += entry.cost
            oldest = entry.seq
        self._obs_oldest_seq = oldest
        self._obs_excess = max(0, acc - counted)
        self._obs_others = max(0, counted - acc)

    def _learn_from_refusal(self, now: float, retry_after: float) -> None:
        """Learn the window from a 429: the whole budget is counted until ``now + retry_after``.

        Walking back over our requests until they explain the whole budget
        finds the oldest one still counted; it is free again only after the
        ``Retry-After``, so the window is at least that long. In a sliding
        window that is exactly the window; in a fixed one, a lower bound.
        """
        assert self.total is not None
        acc = 0
        for entry in reversed(self._log):
            if entry.state not in ("observed", "sent"):
                continue
            acc += entry.cost
            if acc >= self.total:
                seen = now if entry.seen is None else entry.seen
                self._add_sample(now, now + retry_after - seen)
                self._update_window(now)
                return

    def _add_sample(self, now: float, span: float) -> None:
        while self._samples and self._samples[-1][1] <= span:
            self._samples.pop()
        self._samples.append((now, span))

    def _update_window(self, now: float) -> None:
        horizon = _SAMPLE_HORIZON * self.config.window
        while self._samples and self._samples[0][0] < now - horizon:
            self._samples.popleft()
        longest = self._samples[0][1] if self._samples else 0.0
        configured = self.config.window
        self.window = min(MAX_STRETCH * configured, max(configured, longest))

    def _prune(self, now: float) -> None:
        cutoff = now - _LOG_RETENTION * self.config.window
        log = self._log
        while log and log[0].state in ("observed", "dropped"):
            head = log[0]
            if head.state == "dropped" or head.at < cutoff or len(log) > _LOG_MAX:
                log.popleft()
            else:
                break
