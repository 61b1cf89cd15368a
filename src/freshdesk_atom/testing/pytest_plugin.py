"""Pytest fixtures for testing code that uses freshdesk-atom, on the fake Freshdesk.

Installed as a pytest plugin (entry point ``freshdesk_atom``), so with the
package installed these fixtures are available in every test suite:

* ``fake_freshdesk``: a fresh, empty ``FakeFreshdesk`` whose clock stands still
  until the test moves it (``fake_freshdesk.clock.advance(60)``) and whose
  budget is unlimited (set ``fake_freshdesk.rate_limit`` to test rate limits);
  seed it in your test (``fake_freshdesk.add_ticket(...)``) or override the
  fixture to return ``FakeFreshdesk.generate(...)``.
* ``freshdesk_client``: a ``Freshdesk`` wired to ``fake_freshdesk`` (no sockets).
* ``async_freshdesk_client``: an ``AsyncFreshdesk`` wired to ``fake_freshdesk``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import httpx
import pytest

if TYPE_CHECKING:
    from .. import AsyncFreshdesk, Freshdesk
    from . import FakeFreshdesk


@pytest.fixture
def fake_freshdesk() -> FakeFreshdesk:
    """Return a fresh, empty fake Freshdesk account."""
    from . import FakeClock, FakeFreshdesk, RateLimitConfig

    # Unlimited budget: the SDK's rate governor paces requests to the budget the
    # headers report, and a test should not wait on it unless it asks to.
    return FakeFreshdesk(clock=FakeClock.manual(), rate_limit=RateLimitConfig.unlimited())


@pytest.fixture
def freshdesk_client(fake_freshdesk: FakeFreshdesk) -> Iterator[Freshdesk]:
    """Return a sync client that talks to ``fake_freshdesk`` in memory."""
    from .. import Freshdesk

    http_client = httpx.Client(transport=fake_freshdesk.transport())
    with Freshdesk(
        api_key=fake_freshdesk.api_key, base_url=fake_freshdesk.base_url, http_client=http_client
    ) as client:
        yield client
    http_client.close()


@pytest.fixture
async def async_freshdesk_client(fake_freshdesk: FakeFreshdesk) -> AsyncIterator[AsyncFreshdesk]:
    """Return an async client that talks to ``fake_freshdesk`` in memory (needs anyio's plugin)."""
    from .. import AsyncFreshdesk

    http_client = httpx.AsyncClient(transport=fake_freshdesk.async_transport())
    async with AsyncFreshdesk(
        api_key=fake_freshdesk.api_key, base_url=fake_freshdesk.base_url, http_client=http_client
    ) as client:
        yield client
    await http_client.aclose()
