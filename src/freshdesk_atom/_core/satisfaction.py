"""The satisfaction ratings list query, checked before sending (docs/freshdesk-api-notes.md#satisfaction-ratings)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from .._types import QueryValue
from .bodies import Check, checked_query, optional_id, per_page
from .validation import check_timestamp

__all__ = ["rating_list_query"]

_LIST_RULES: Final[Mapping[str, Check]] = {
    "created_since": check_timestamp,
    "user_id": optional_id,
    "per_page": per_page,
}


def rating_list_query(params: Mapping[str, object]) -> dict[str, QueryValue]:
    """Return the checked query of ``GET /surveys/satisfaction_ratings``.

    Without ``created_since`` Freshdesk lists only about the last 30 days (docs/freshdesk-api-notes.md#the-tickets-list).
    """
    return checked_query(params, _LIST_RULES, resource="satisfaction rating")
