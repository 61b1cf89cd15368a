"""The Redis store's decisions: Lua scripts run atomically on the server, on the server's clock.

Keys (a hash each, sharing a ``{account}`` hash tag so a cluster keeps them together):

* ``<prefix>:{<account host>}``: the account's schedule. ``tat`` (GCRA: when
  the next slot may start), ``total`` (the budget learned from
  ``X-RateLimit-Total``; ``-1`` when answers carry no such header),
  ``blocked`` (the end of a 429's ``Retry-After``), ``probe`` (until when the
  request sent to learn the budget goes alone), ``spent`` (credits reserved so
  far, a counter), and the latest reading of ``X-RateLimit-Remaining``:
  ``rem``, ``rem_at``, ``rem_mark`` (``spent`` after the answered request's reservation).
* ``<prefix>:{<account host>}:<sub-limit>``: an endpoint's ``tat``.

Every script reads the time with ``redis.call('TIME')``, so every process
shares one clock, and answers in seconds *from now*, which each process
turns into its own clock's time. Keys expire three windows after the
latest slot or block they hold, so an idle account leaves nothing behind.

The scripts (``reserve``, ``observe``, ``reject``, ``check``, ``refund``) are
described in ``docs/rate-governor.md#sharing-one-budget-among-processes``. The
rules are those of ``_core/governor.py``, kept simpler where every process
must agree: pacing at ``target_share * total / window`` credits per second, and
at ``target_share * limit / window`` on a sub-limited endpoint; a probe before
the budget is known; a guard on the latest ``Remaining`` that counts no
credit back before its reading is a window old; a 429 blocks every process
for its ``Retry-After``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import attrs

__all__ = [
    "CHECK",
    "OBSERVE",
    "REFUND",
    "REJECT",
    "RESERVE",
    "ReserveReply",
    "account_redis_key",
    "endpoint_redis_key",
    "parse_reserve",
    "parse_seconds",
    "probe_poll",
    "probe_seconds",
]

_PRELUDE: Final = """
local function clock()
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local function num(value, default)
  local n = tonumber(value)
  if n == nil then return default end
  return n
end
local function fmt(x) return string.format('%.6f', x) end
local function keep(key, last, now, window)
  redis.call('PEXPIRE', key, math.ceil((math.max(last, now) - now + 3 * window) * 1000))
end
"""

RESERVE: Final = (
    _PRELUDE
    + """
-- KEYS: account [, endpoint]
-- ARGV: cost, share, window, burst_share, sub_limit (0: none), poll, probe_for,
--       taken (1: the endpoint's slot was taken by an earlier call)
-- Returns {granted, seconds from now, total (0: unknown), probe, mark, estimate, taken}:
-- granted 1, the account's slot is in that many seconds; granted 0, ask again then.
local now = clock()
local cost, share, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local burst, sub = tonumber(ARGV[4]), tonumber(ARGV[5])
local poll, probe_for, taken = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local acc = KEYS[1]
if #KEYS > 1 and sub > 0 and taken == 0 then
  -- First the endpoint's own schedule; the account's slot is taken once it has come,
  -- so a queue on the endpoint never holds back the account's other requests.
  local slot = math.max(now, num(redis.call('HGET', KEYS[2], 'tat'), 0))
  local etat = slot + cost * window / (share * sub)
  redis.call('HSET', KEYS[2], 'tat', fmt(etat))
  keep(KEYS[2], etat, now, window)
  taken = 1
  if slot > now + 0.0001 then
    return {0, fmt(slot - now), 0, 0, '', '', 1}
  end
end
local s = redis.call('HMGET', acc, 'tat', 'total', 'blocked', 'rem', 'rem_at', 'rem_mark', 'spent', 'probe')
local tat, total, blocked = num(s[1], 0), num(s[2], 0), num(s[3], 0)
local spent = num(s[7], 0)
local start = math.max(now, blocked)
local slot, probe, est = start, 0, ''
if total == 0 then
  -- The budget is unknown: one request goes alone; the others ask again shortly.
  if num(s[8], 0) > now then
    return {0, fmt(math.max(poll, start - now)), 0, 0, '', '', taken}
  end
  probe = 1
elseif total > 0 then
  local rem_at = tonumber(s[5])
  if rem_at ~= nil and rem_at + window > now then
    -- The guard: what the latest reading left, less what was reserved since.
    local estimate = num(s[4], 0) - math.max(0, spent - num(s[6], 0))
    est = fmt(estimate)
    if estimate < math.min(cost + (1 - share) * total / 2, total) then
      local again = math.min(window / 10, rem_at + window - now)
      return {0, fmt(math.max(again, start - now, 0.001)), total, 0, '', est, taken}
    end
  end
  slot = math.max(start, tat - burst * window / share)
end
spent = spent + cost
local last = math.max(blocked, slot)
if total > 0 then
  tat = math.max(tat, slot) + cost * window / (share * total)
  redis.call('HSET', acc, 'tat', fmt(tat), 'spent', spent)
  last = math.max(last, tat)
else
  redis.call('HSET', acc, 'spent', spent)
end
if probe == 1 then
  redis.call('HSET', acc, 'probe', fmt(slot + probe_for))
  last = math.max(last, slot + probe_for)
end
keep(acc, last, now, window)
return {1, fmt(slot - now), math.max(total, 0), probe, tostring(spent), est, taken}
"""
)

OBSERVE: Final = (
    _PRELUDE
    + """
-- KEYS: account [, endpoint]
-- ARGV: total (0: no header), remaining (-1: none), used (0: none), cost, mark (0: not
--       reserved here), share, window, sub_limit (0: none)
local now = clock()
local total, remaining, used = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local cost, mark = tonumber(ARGV[4]), tonumber(ARGV[5])
local share, window, sub = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local acc = KEYS[1]
local s = redis.call('HMGET', acc, 'tat', 'total', 'rem_mark', 'spent', 'blocked')
local known = num(s[2], 0)
local tat = num(s[1], 0)
if total > 0 then
  redis.call('HSET', acc, 'total', total)
  redis.call('HDEL', acc, 'probe')
  if known <= 0 then
    -- The probe went unpaced: the next slot follows it, as if it had been paced.
    tat = math.max(tat, now) + cost * window / (share * total)
    redis.call('HSET', acc, 'tat', fmt(tat))
  end
elseif known == 0 and mark > 0 then
  -- An answer without the headers: the budget cannot be learned, requests go unpaced.
  redis.call('HSET', acc, 'total', -1)
  redis.call('HDEL', acc, 'probe')
  total = -1
else
  total = known
end
if mark > 0 and used > 0 and used ~= cost then
  -- The true cost differs from the estimate: keep the average honest.
  if total > 0 then
    tat = tat + (used - cost) * window / (share * total)
    redis.call('HSET', acc, 'tat', fmt(tat))
  end
  redis.call('HINCRBY', acc, 'spent', used - cost)
  if #KEYS > 1 and sub > 0 then
    local etat = num(redis.call('HGET', KEYS[2], 'tat'), now) + (used - cost) * window / (share * sub)
    redis.call('HSET', KEYS[2], 'tat', fmt(etat))
    keep(KEYS[2], etat, now, window)
  end
end
if remaining >= 0 and mark > num(s[3], 0) then
  redis.call('HSET', acc, 'rem', remaining, 'rem_at', fmt(now), 'rem_mark', mark)
end
keep(acc, math.max(tat, num(s[5], 0)), now, window)
return math.max(total, 0)
"""
)

REJECT: Final = (
    _PRELUDE
    + """
-- KEYS: account.  ARGV: retry_after (-1: none), window, share, burst_share
-- Returns the seconds every process now waits.
local now = clock()
local wait, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local share, burst = tonumber(ARGV[3]), tonumber(ARGV[4])
if wait < 0 then wait = 1 end
local acc = KEYS[1]
local s = redis.call('HMGET', acc, 'tat', 'blocked', 'total')
local blocked = math.max(num(s[2], 0), now + wait)
local tolerance = 0
if num(s[3], 0) > 0 then tolerance = burst * window / share end
-- Paced again after the block, with no burst.
local tat = math.max(num(s[1], 0), blocked + tolerance)
redis.call('HSET', acc, 'blocked', fmt(blocked), 'tat', fmt(tat))
redis.call('HDEL', acc, 'probe')
keep(acc, tat, now, window)
return fmt(blocked - now)
"""
)

CHECK: Final = (
    _PRELUDE
    + """
-- KEYS: account.  Returns the seconds left of a 429's block (0: none).
local now = clock()
return fmt(math.max(0, num(redis.call('HGET', KEYS[1], 'blocked'), 0) - now))
"""
)

REFUND: Final = (
    _PRELUDE
    + """
-- KEYS: account [, endpoint].  ARGV: cost, share, window, sub_limit (0: none), probe (0/1),
--       granted (1: the account's slot was taken)
-- Gives back a slot that was not spent: the schedule moves back, never before now.
local now = clock()
local cost, share, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local sub, probe, granted = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local acc = KEYS[1]
local s = redis.call('HMGET', acc, 'tat', 'total')
local total, tat = num(s[2], 0), num(s[1], 0)
if granted == 1 and total > 0 and tat > now then
  redis.call('HSET', acc, 'tat', fmt(math.max(now, tat - cost * window / (share * total))))
end
if probe == 1 then redis.call('HDEL', acc, 'probe') end
if #KEYS > 1 and sub > 0 then
  local etat = num(redis.call('HGET', KEYS[2], 'tat'), 0)
  if etat > now then
    redis.call('HSET', KEYS[2], 'tat', fmt(math.max(now, etat - cost * window / (share * sub))))
  end
end
return 1
"""
)


def account_redis_key(prefix: str, account: str) -> str:
    """The account's key: ``<prefix>:{<account>}`` (the braces are a cluster hash tag)."""
    return f"{prefix}:{{{account}}}"


def endpoint_redis_key(prefix: str, account: str, limit: str) -> str:
    """A sub-limited endpoint's key, in the account's hash slot."""
    return f"{account_redis_key(prefix, account)}:{limit}"


def probe_poll(window: float) -> float:
    """How often a request waiting for the probe's answer asks again (the governor's rule)."""
    return min(0.1, max(0.01, window * 0.002))


def probe_seconds(window: float) -> float:
    """How long the probe goes alone before another request may probe (its answer was lost)."""
    return min(5.0, max(0.5, window / 4))


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("ascii")
    return str(value)


def parse_seconds(value: object) -> float:
    """A script's seconds (a string on the wire), never negative."""
    return max(0.0, float(_text(value)))


@attrs.frozen
class ReserveReply:
    """What the ``reserve`` script decided.

    Attributes:
        granted: a slot was given (else: ask again after ``delay``).
        delay: seconds from now until the slot, or until asking again.
        total: the account's budget (``None`` while unknown).
        probe: the request goes alone to learn the budget.
        mark: the account's credit counter after this reservation (0 if not granted).
        estimate: the credits the latest reading leaves (``None`` without a fresh reading).
        taken: the endpoint's slot is taken (now or by an earlier call): ask
            for the account's alone from now on.
    """

    granted: bool
    delay: float
    total: int | None
    probe: bool
    mark: int
    estimate: float | None
    taken: bool


def parse_reserve(reply: object) -> ReserveReply:
    """Read the ``reserve`` script's answer.

    Raises:
        ValueError: not the script's shape.
    """
    if not isinstance(reply, Sequence) or isinstance(reply, str | bytes) or len(reply) != 7:
        raise ValueError(f"unexpected reply from the reserve script: {reply!r}")
    granted, delay, total, probe, mark, estimate, taken = reply
    mark_text, estimate_text = _text(mark), _text(estimate)
    total_value = int(_text(total))
    return ReserveReply(
        granted=int(_text(granted)) == 1,
        delay=parse_seconds(delay),
        total=total_value if total_value > 0 else None,
        probe=int(_text(probe)) == 1,
        mark=int(float(mark_text)) if mark_text else 0,
        estimate=float(estimate_text) if estimate_text else None,
        taken=int(_text(taken)) == 1,
    )
