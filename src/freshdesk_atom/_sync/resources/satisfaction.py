# Generated from src/freshdesk_atom/_async/resources/satisfaction.py by scripts/unasync.py; do not edit.
"""The satisfaction ratings resource: the account-wide list (docs/freshdesk-api-notes.md#satisfaction-ratings)."""

from __future__ import annotations

from datetime import datetime

from ..._core.pagination import start_page
from ..._core.request import RequestSpec, build_query, check_id
from ..._core.satisfaction import rating_list_query
from ..._types import NOT_GIVEN, NotGiven, RequestOptions
from ...models.satisfaction import SatisfactionRating
from .._pagination import Paginator
from .._raw import to_raw_list_wrapper
from ._base import APIResource

__all__ = ["SatisfactionRatings", "SatisfactionRatingsWithRawResponse"]


class SatisfactionRatings(APIResource):
    """Customer satisfaction survey ratings: ``fd.satisfaction_ratings``."""

    @property
    def with_raw_response(self) -> SatisfactionRatingsWithRawResponse:
        """``list`` returning its first page as an ``APIResponse`` (status, headers)."""
        return SatisfactionRatingsWithRawResponse(self)

    def list(
        self,
        *,
        ticket_id: int | NotGiven = NOT_GIVEN,
        created_since: datetime | str | NotGiven = NOT_GIVEN,
        user_id: int | NotGiven = NOT_GIVEN,
        per_page: int | NotGiven = NOT_GIVEN,
        page: int | NotGiven = NOT_GIVEN,
        max_items: int | None = None,
        max_pages: int | None = None,
        options: RequestOptions | None = None,
    ) -> Paginator[SatisfactionRating]:
        """List survey ratings lazily, newest first (``GET /surveys/satisfaction_ratings``).

        Beware Freshdesk's default: without ``created_since`` only ratings from
        about the last 30 days are listed; pass an older ``created_since`` to
        read further back. ``user_id`` keeps one customer's ratings.
        ``ticket_id`` lists one ticket's ratings instead
        (``GET /tickets/{id}/satisfaction_ratings``), which takes no filters.

        ``page`` starts the walk at that page (``page.next_page_info()``
        says which page comes next).

        Raises:
            ValueError, TypeError: a parameter breaks a rule (before any request).
        """
        query = rating_list_query(
            {"created_since": created_since, "user_id": user_id, "per_page": per_page}
        )
        path = "surveys/satisfaction_ratings"
        if not isinstance(ticket_id, NotGiven):
            filters = sorted(set(query) - {"per_page"})
            if filters:
                raise ValueError(
                    f"a ticket's ratings take no filters; leave out {', '.join(filters)} or ticket_id"
                )
            path = f"tickets/{check_id(ticket_id, 'ticket_id')}/satisfaction_ratings"
        spec = RequestSpec(method="GET", path=path, params=build_query(query))
        spec = start_page(spec, page)
        return self._client.get_api_list(
            spec, item=SatisfactionRating, options=options, max_items=max_items, max_pages=max_pages
        )


class SatisfactionRatingsWithRawResponse:
    """``fd.satisfaction_ratings.with_raw_response``: ``list``'s first page as ``APIResponse``."""

    def __init__(self, ratings: SatisfactionRatings) -> None:
        self.list = to_raw_list_wrapper(ratings.list)
