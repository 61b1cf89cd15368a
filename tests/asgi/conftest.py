"""Fixtures of the adapter's tests: a shared generated account and an app on it."""

from __future__ import annotations

import pytest

from freshdesk_atom.testing import FakeFreshdesk

from .support import generated


@pytest.fixture(scope="module")
def big_fake() -> FakeFreshdesk:
    """A read-only account large enough for every paging boundary (1,200 tickets).

    Module-scoped: tests that write make their own account.
    """
    return generated(tickets=1200, contacts=1150, companies=120, agents=12, groups=8)
