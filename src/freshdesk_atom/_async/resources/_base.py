"""What every async resource shares: the client whose ``request()`` and ``get_api_list()`` it calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .._client import AsyncFreshdesk

__all__ = ["AsyncAPIResource"]


class AsyncAPIResource:
    """Base of the async resources: ``self._client`` sends (``request``) and pages (``get_api_list``)."""

    def __init__(self, client: AsyncFreshdesk) -> None:
        self._client = client
