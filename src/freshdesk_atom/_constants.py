"""Defaults and Freshdesk's fixed limits, defined in one place."""

from __future__ import annotations

from typing import Final

import httpx

from ._version import __version__

USER_AGENT: Final = f"freshdesk-atom/{__version__}"

DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=5.0)
"""5 s to connect, 30 s for each read, write or pool wait: Freshdesk list pages
with ``include=`` can take several seconds to start answering."""

DEFAULT_MAX_RETRIES: Final = 3

RETRY_AFTER_CAP: Final = 90.0
"""The longest ``Retry-After`` we wait for by default. Freshdesk's first wait is
often 30-40 s (reported by users of other clients, e.g. onyx-dot-app/onyx#5334), so the cap must sit well above that."""

INITIAL_BACKOFF: Final = 0.5
MAX_BACKOFF: Final = 8.0

DEFAULT_PAGES_IN_FLIGHT: Final = 4
"""Pages an async paginator fetches ahead: enough to fill a budget when latency, not the
budget, is the limit (a real Freshdesk list page takes hundreds of milliseconds)."""

MAX_PER_PAGE: Final = 100
DEFAULT_PER_PAGE: Final = 30
TICKETS_PAGE_CAP: Final = 300
"""``GET /tickets`` answers 400 for ``page`` > 300."""

SEARCH_PAGE_SIZE: Final = 30
SEARCH_MAX_PAGE: Final = 10
SEARCH_QUERY_MAX_LENGTH: Final = 512

API_KEY_ENV: Final = "FRESHDESK_API_KEY"
DOMAIN_ENV: Final = "FRESHDESK_DOMAIN"

LOGGER_NAME: Final = "freshdesk_atom"
