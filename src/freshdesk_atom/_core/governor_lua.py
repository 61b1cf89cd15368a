"""The Redis store's decisions: Lua scripts run atomically on the server, on the server's clock.

They need Redis 5 or newer (a script that reads ``TIME`` and then writes is
replicated by its effects, the default since 5), on one server or a primary:
Redis Cluster is not supported. Keys (a hash each, but the clients' set):

* ``<prefix>:{<account host>}``: the account's schedule. ``epoch`` (set when
  the key is created: a reservation made before Redis lost the key, by a
  restart or its expiry, is told apart), ``tat`` (GCRA: when the next slot
  may start), ``total`` (the budget learned from ``X-RateLimit-Total``; ``-1``
  when answers carry no such header), ``blocked`` (the end of a 429's
  ``Retry-After``), ``gen`` (how many 429s: a slot granted before the latest
  is void), ``reprobe`` (set by a 429: the next request goes alone),
  ``probe`` (until when the request sent to learn the budget goes alone),
  ``spent`` (credits reserved so far, a counter), and the latest reading of
  ``X-RateLimit-Remaining``: ``rem``, ``rem_at``, ``rem_mark`` (``spent`` after
  the answered request's reservation).
* ``<prefix>:{<account host>}:<sub-limit>``: an endpoint's ``tat``, and its
  ``gate``: one spacing after the account slot its latest request was granted,
  before which none of its requests takes an account slot.
* ``<prefix>:{<account host>}:clients``: a sorted set of the clients that
  reserved in the last two windows, by time (a client falling back paces at
  its share of them).

Every script reads the time with ``redis.call('TIME')``, so every process
shares one clock, and answers in seconds *from now*, which each process
turns into its own clock's time. Keys expire three windows after the
latest slot or block they hold, so an idle account leaves nothing behind.

The scripts (``reserve``, ``observe``, ``reject``, ``check``, ``refund``) are
described in ``docs/rate-governor.md#sharing-one-budget-among-processes``. The
rules are those of ``_core/governor.py``, kept simpler where every process
must agree: pacing at ``target_share * total / window`` credits per second, and
at ``target_share * limit / window`` on a sub-limited endpoint; a probe before
the budget is known and after each 429; a guard on the latest ``Remaining``
that counts no credit back before its reading is a window old; a 429 blocks
every process for its ``Retry-After``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Final

import attrs

__all__ = [
    "CHECK",
    "OBSERVE",
    "REFUND",
    "REFUND_FIELDS",
    "REJECT",
    "RESERVE",
    "SCRIPTS",
    "SHAS",
    "CheckReply",
    "ReserveReply",
    "account_redis_key",
    "clients_redis_key",
    "endpoint_redis_key",
    "parse_check",
    "parse_reserve",
    "parse_seconds",
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
-- The account's epoch, set when its key is created (it then expires like the schedule).
local function epoch(acc, now, window)
  local e = redis.call('HGET', acc, 'epoch')
  if not e then
    e = fmt(now)
    redis.call('HSET', acc, 'epoch', e)
    keep(acc, now, now, window)
  end
  return e
end
"""

RESERVE: Final = (
    _PRELUDE
    + """
-- KEYS: account, clients [, endpoint]
-- ARGV: cost, share, window, burst_share, sub_limit (0: none), poll, probe_for,
--       taken (1: the endpoint's slot was taken by an earlier call), client id
-- Returns {granted, seconds from now, total (0: unknown), probe, mark, estimate, taken,
--          epoch, generation, clients}: granted 1, the account's slot is in that many
-- seconds; granted 0, ask again then.
local now = clock()
local cost, share, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local burst, sub = tonumber(ARGV[4]), tonumber(ARGV[5])
local poll, probe_for, taken = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local acc = KEYS[1]
local ep = epoch(acc, now, window)
-- Who reserves on the account: a client falling back paces at its share of them.
redis.call('ZADD', KEYS[2], now, ARGV[9])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 2 * window)
local clients = redis.call('ZCARD', KEYS[2])
keep(KEYS[2], now, now, window)
local gen = num(redis.call('HGET', acc, 'gen'), 0)
local ekey, spacing = nil, 0
if #KEYS > 2 and sub > 0 then
  ekey = KEYS[3]
  spacing = cost * window / (share * sub)
end
local function later(seconds, total, est)
  return {0, fmt(seconds), math.max(total, 0), 0, '', est, taken, ep, gen, clients}
end
if ekey and taken == 0 then
  -- First the endpoint's own schedule; the account's slot is taken once it has come,
  -- so a queue on the endpoint never holds back the account's other requests.
  local slot = math.max(now, num(redis.call('HGET', ekey, 'tat'), 0))
  redis.call('HSET', ekey, 'tat', fmt(slot + spacing))
  keep(ekey, slot + spacing, now, window)
  taken = 1
  if slot > now + 0.0001 then return later(slot - now, 0, '') end
end
local s = redis.call('HMGET', acc, 'tat', 'total', 'blocked', 'rem', 'rem_at', 'rem_mark',
  'spent', 'probe', 'reprobe')
local tat, total, blocked = num(s[1], 0), num(s[2], 0), num(s[3], 0)
local spent = num(s[7], 0)
local start = math.max(now, blocked)
local slot, probe, est = start, 0, ''
if total == 0 or (total > 0 and s[9]) then
  -- The budget is unknown, or a 429 came: one request goes alone; the others ask again shortly.
  if num(s[8], 0) > now then
    return later(math.max(poll, start - now), total, '')
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
      return later(math.max(again, start - now, 0.001), total, est)
    end
  end
  slot = math.max(start, tat - burst * window / share)
end
if ekey then
  -- Not before one spacing after the account slot of the endpoint's previous request:
  -- behind a busy account, the endpoint's requests must not bunch. Ask again when the
  -- account's slot would be that late.
  local gate = num(redis.call('HGET', ekey, 'gate'), 0)
  if slot + 0.0001 < gate then return later(gate - slot, total, est) end
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
if ekey then
  redis.call('HSET', ekey, 'gate', fmt(slot + spacing))
  keep(ekey, slot + spacing, now, window)
end
keep(acc, last, now, window)
return {1, fmt(slot - now), math.max(total, 0), probe, tostring(spent), est, taken, ep, gen, clients}
"""
)

OBSERVE: Final = (
    _PRELUDE
    + """
-- KEYS: account [, endpoint]
-- ARGV: total (0: no header), remaining (-1: none), used (0: none), cost, mark (0: not
--       reserved here), share, window, sub_limit (0: none), epoch, generation
local now = clock()
local total, remaining, used = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local cost, mark = tonumber(ARGV[4]), tonumber(ARGV[5])
local share, window, sub = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local acc = KEYS[1]
if ARGV[9] ~= epoch(acc, now, window) then
  -- Reserved before Redis lost the account's keys: its mark counts another schedule.
  mark = 0
end
local s = redis.call('HMGET', acc, 'tat', 'total', 'rem_mark', 'spent', 'blocked', 'gen')
local known = num(s[2], 0)
local tat = num(s[1], 0)
if total > 0 then
  redis.call('HSET', acc, 'total', total)
  if known <= 0 then
    -- The probe went unpaced: the next slot follows it, as if it had been paced.
    redis.call('HDEL', acc, 'probe')
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
if mark > 0 and tonumber(ARGV[10]) == num(s[6], 0) then
  -- Granted since the latest 429 (the probe after it, or a request after the probe):
  -- the others need not wait for a probe any more.
  redis.call('HDEL', acc, 'reprobe', 'probe')
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
epoch(acc, now, window)
local s = redis.call('HMGET', acc, 'blocked', 'total', 'spent')
local blocked = math.max(num(s[1], 0), now + wait)
local total = num(s[2], 0)
local tolerance = 0
if total > 0 then tolerance = burst * window / share end
-- Every slot granted before the 429 is void (the generation changes): its request
-- reserves again. After the block, one probe goes alone, then the others are paced
-- with no burst. Nothing is left until the probe's answer tells otherwise.
local tat = blocked + tolerance
redis.call('HSET', acc, 'blocked', fmt(blocked), 'tat', fmt(tat), 'rem', 0,
  'rem_at', fmt(now), 'rem_mark', num(s[3], 0))
redis.call('HINCRBY', acc, 'gen', 1)
redis.call('HDEL', acc, 'probe')
if total > 0 then redis.call('HSET', acc, 'reprobe', 1) end
keep(acc, tat, now, window)
return fmt(blocked - now)
"""
)

CHECK: Final = (
    _PRELUDE
    + """
-- KEYS: account.  ARGV: epoch, generation (of a granted slot that has come)
-- Returns {seconds left of a 429's block (0: none), stale}: stale 1, a 429 came since the
-- grant (or Redis lost the account's keys), and the request must reserve again.
local now = clock()
local s = redis.call('HMGET', KEYS[1], 'blocked', 'epoch', 'gen')
local stale = 0
if s[2] ~= ARGV[1] or num(s[3], 0) ~= tonumber(ARGV[2]) then stale = 1 end
return {fmt(math.max(0, num(s[1], 0) - now)), stale}
"""
)

REFUND_FIELDS: Final = 7
"""Values per slot given back in one ``refund`` call."""

REFUND: Final = (
    _PRELUDE
    + """
-- KEYS: account, then the endpoints' keys the slots name.
-- ARGV: share, window, then 7 values per slot given back: epoch, generation, endpoint
--       (its index in KEYS, 0: none), cost, sub_limit, probe (0/1), granted (0/1)
-- Gives back slots that were not spent: the schedules move back, never before now.
-- A slot of another epoch is ignored, and so is an account slot that a 429 voided.
-- Returns how many slots were given back.
local now = clock()
local share, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local acc = KEYS[1]
local s = redis.call('HMGET', acc, 'tat', 'total', 'epoch', 'gen')
local tat, total, ep, gen = num(s[1], 0), num(s[2], 0), s[3], num(s[4], 0)
local given = 0
for i = 3, #ARGV, 7 do
  if ARGV[i] == ep then
    local current = tonumber(ARGV[i + 1]) == gen
    local e, cost, sub = tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3]), tonumber(ARGV[i + 4])
    if current and tonumber(ARGV[i + 6]) == 1 and total > 0 and tat > now then
      tat = math.max(now, tat - cost * window / (share * total))
      redis.call('HSET', acc, 'tat', fmt(tat))
    end
    if current and tonumber(ARGV[i + 5]) == 1 then redis.call('HDEL', acc, 'probe') end
    if e > 0 and sub > 0 then
      local etat = num(redis.call('HGET', KEYS[e], 'tat'), 0)
      if etat > now then
        redis.call('HSET', KEYS[e], 'tat', fmt(math.max(now, etat - cost * window / (share * sub))))
      end
    end
    given = given + 1
  end
end
return given
"""
)

SCRIPTS: Final = {
    "reserve": RESERVE,
    "observe": OBSERVE,
    "reject": REJECT,
    "check": CHECK,
    "refund": REFUND,
}
"""The scripts by name."""

SHAS: Final = {name: hashlib.sha1(text.encode()).hexdigest() for name, text in SCRIPTS.items()}
"""Their SHA1 digests, for ``EVALSHA``."""


def account_redis_key(prefix: str, account: str) -> str:
    """The account's key: ``<prefix>:{<account>}``."""
    return f"{prefix}:{{{account}}}"


def endpoint_redis_key(prefix: str, account: str, limit: str) -> str:
    """A sub-limited endpoint's key: ``<prefix>:{<account>}:<limit>``."""
    return f"{account_redis_key(prefix, account)}:{limit}"


def clients_redis_key(prefix: str, account: str) -> str:
    """The set of the account's recent clients: ``<prefix>:{<account>}:clients``."""
    return f"{account_redis_key(prefix, account)}:clients"


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
        epoch: the account's schedule (a new one after Redis lost its keys).
        generation: the account's count of 429s (a later one voids the grant).
        clients: how many clients reserved on the account in the last two windows.
    """

    granted: bool
    delay: float
    total: int | None
    probe: bool
    mark: int
    estimate: float | None
    taken: bool
    epoch: str
    generation: int
    clients: int


def parse_reserve(reply: object) -> ReserveReply:
    """Read the ``reserve`` script's answer.

    Raises:
        ValueError: not the script's shape.
    """
    if not isinstance(reply, Sequence) or isinstance(reply, str | bytes) or len(reply) != 10:
        raise ValueError(f"unexpected reply from the reserve script: {reply!r}")
    granted, delay, total, probe, mark, estimate, taken, epoch, generation, clients = reply
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
        epoch=_text(epoch),
        generation=int(_text(generation)),
        clients=int(_text(clients)),
    )


@attrs.frozen
class CheckReply:
    """What the ``check`` script found: the seconds left of a 429's block, and whether the grant is void."""

    left: float
    stale: bool


def parse_check(reply: object) -> CheckReply:
    """Read the ``check`` script's answer.

    Raises:
        ValueError: not the script's shape.
    """
    if not isinstance(reply, Sequence) or isinstance(reply, str | bytes) or len(reply) != 2:
        raise ValueError(f"unexpected reply from the check script: {reply!r}")
    left, stale = reply
    return CheckReply(left=parse_seconds(left), stale=int(_text(stale)) == 1)
