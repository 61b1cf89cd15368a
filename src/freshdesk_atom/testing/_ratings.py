"""Satisfaction rating routes (docs/freshdesk-api-notes.md#satisfaction-ratings)."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from ._call import Call, Route
from ._errors import not_found
from ._http import FakeResponse
from ._pages import PAGE_PARAMS, page_args, paged_response
from ._record_shapes import Record
from ._wire import to_wire

__all__ = ["ROUTES"]

DEFAULT_WINDOW_DAYS: Final = 30


def _newest_first(ratings: list[Record]) -> list[int]:
    ratings.sort(key=lambda rating: (rating["created_at"], rating["id"]), reverse=True)
    return [rating["id"] for rating in ratings]


def list_ratings(call: Call) -> FakeResponse:
    """``GET /surveys/satisfaction_ratings``: newest first; the last 30 days unless
    ``created_since`` is given (docs/freshdesk-api-notes.md#satisfaction-ratings)."""
    state = call.state
    check = call.query(("created_since", "user_id", *PAGE_PARAMS))
    page, per_page = page_args(check)
    since = check.param_timestamp("created_since")
    user_id = check.param_id("user_id")
    check.fail()
    if "created_since" not in call.params:
        since = to_wire(call.now - timedelta(days=DEFAULT_WINDOW_DAYS))

    def select() -> list[int]:
        return _newest_first(
            [
                rating
                for rating in state.ratings.values()
                if (since is None or rating["created_at"] >= since)
                and (user_id is None or rating["user_id"] == user_id)
            ]
        )

    ids = state.cached(("ratings", since, user_id), select)
    return paged_response(call, ids, page, per_page, lambda rid: dict(state.ratings[rid]))


def ticket_ratings(call: Call) -> FakeResponse:
    """``GET /tickets/{id}/satisfaction_ratings``: one ticket's ratings, newest first."""
    state = call.state
    check = call.query(PAGE_PARAMS)
    page, per_page = page_args(check)
    check.fail()
    ticket_id = call.args[0]
    if ticket_id not in state.tickets:
        raise not_found()
    ids = _newest_first([r for r in state.ratings.values() if r["ticket_id"] == ticket_id])
    return paged_response(call, ids, page, per_page, lambda rid: dict(state.ratings[rid]))


ROUTES: Final[tuple[Route, ...]] = (
    Route("GET", "/surveys/satisfaction_ratings", list_ratings),
    Route("GET", "/tickets/{id}/satisfaction_ratings", ticket_ratings),
)
