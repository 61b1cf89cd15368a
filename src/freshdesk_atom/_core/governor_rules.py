"""The rules every store of the rate governor shares: rounding, and the probe's timings.

The in-process governor (``governor.py``), its endpoint schedules
(``governor_local.py``) and the Redis store (``governor_lua.py`` and its shells)
read these from here, so the stores cannot drift apart.
"""

from __future__ import annotations

from typing import Final

__all__ = ["EPSILON", "FALLBACK_DIVISOR", "probe_poll", "probe_seconds"]

EPSILON: Final = 1e-4
"""Waits shorter than this (0.1 ms) are rounding noise, or below a clock's
resolution (a datetime-based test clock has microseconds): send."""

FALLBACK_DIVISOR: Final = 8
"""A Redis store that never saw how many clients share the account falls back
to ``target_share / 8`` of the budget: safe for up to eight processes."""


def probe_poll(window: float) -> float:
    """How often a request waiting for a probe's answer asks again.

    A probe is one round trip: a tenth of a second at Freshdesk's minute, so
    the requests behind it follow within ~0.1 s of its answer.
    """
    return min(0.1, max(0.01, window * 0.002))


def probe_seconds(window: float) -> float:
    """How long a probe goes alone before another request may probe (its answer was lost)."""
    return min(5.0, max(0.5, window / 4))
