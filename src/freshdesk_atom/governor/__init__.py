"""Where the rate governor keeps its schedule, and Freshdesk's per-endpoint sub-limits.

One process: nothing to do, the in-process store is the default. Several
processes on one Freshdesk account: share one schedule through Redis
(``pip install 'freshdesk-atom[redis]'``), from the environment for every
entry point (SDK, ATOM adapter, CLI, mirror sync, MCP server)::

    FRESHDESK_GOVERNOR_URL=redis://:password@redis.internal:6379/0
    FRESHDESK_GOVERNOR_PLAN=pro          # the plan's sub-limits (tickets list 100/min, ...)

or in code::

    from freshdesk_atom import Freshdesk, RateGovernorConfig
    from freshdesk_atom.governor import RedisStore

    Freshdesk(..., rate_governor=RateGovernorConfig(
        store=RedisStore("redis://redis.internal:6379/0", timeout=0.25),
        sub_limits="pro",
    ))

``fd.rate_governor.stats.store`` says which store decides, and
``.falling_back`` whether Redis is out of reach. See ``docs/rate-governor.md``.
"""

from __future__ import annotations

from .._core.governor_limits import PLAN_SUB_LIMITS, SUB_LIMIT_NAMES, endpoint_limit
from .._core.governor_store import (
    DEFAULT_REDIS_TIMEOUT,
    DEFAULT_RETRY_INTERVAL,
    GOVERNOR_FALLBACK_SHARE_ENV,
    GOVERNOR_PLAN_ENV,
    GOVERNOR_TIMEOUT_ENV,
    GOVERNOR_URL_ENV,
    InProcessStore,
    RedisStore,
    redact_url,
)
from .._public import publish

__all__ = [
    "DEFAULT_REDIS_TIMEOUT",
    "DEFAULT_RETRY_INTERVAL",
    "GOVERNOR_FALLBACK_SHARE_ENV",
    "GOVERNOR_PLAN_ENV",
    "GOVERNOR_TIMEOUT_ENV",
    "GOVERNOR_URL_ENV",
    "PLAN_SUB_LIMITS",
    "SUB_LIMIT_NAMES",
    "InProcessStore",
    "RedisStore",
    "endpoint_limit",
    "redact_url",
]

publish(__name__, globals(), __all__)
