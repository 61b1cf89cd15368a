# Generated from src/freshdesk_atom/_async/resources/_base.py by scripts/unasync.py; do not edit.
"""What every sync resource shares: the client whose ``request()`` and ``get_api_list()`` it calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .._client import Freshdesk

__all__ = ["APIResource"]


class APIResource:
    """Base of the sync resources: ``self._client`` sends (``request``) and pages (``get_api_list``)."""

    def __init__(self, client: Freshdesk) -> None:
        self._client = client
