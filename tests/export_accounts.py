"""Generated accounts for the complete-export tests, generated once per session.

Generating 45,000 tickets takes seconds, so each size is made once and shared
by the async tests and their generated sync twins. Tests that only read wrap
the shared state in a fresh :class:`FakeFreshdesk` (own clock, counters and
faults); tests that change records build their own account.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime

from freshdesk_atom.testing import FakeClock, FakeFreshdesk, FakeState, RateLimitConfig

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@functools.cache
def _three_years(tickets: int, contacts: int) -> FakeState:
    fake = FakeFreshdesk.generate(
        tickets=tickets, contacts=contacts, years=3.0, seed=6, now=NOW, clock=FakeClock.manual(NOW)
    )
    return fake.state


def three_years(tickets: int, contacts: int = 450) -> FakeFreshdesk:
    """Return a fake over the shared account with *tickets* created over three years.

    Do not change its records: other tests read the same state.
    """
    return FakeFreshdesk(
        state=_three_years(tickets, contacts),
        clock=FakeClock.manual(NOW),
        rate_limit=RateLimitConfig.unlimited(),
    )
