"""Pagination as Freshdesk does it: ``page``/``per_page`` and the ``Link`` header (docs/freshdesk-api-notes.md#pagination)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

from ._call import Call
from ._http import FakeResponse, json_response
from ._validate import Checker

__all__ = ["DEFAULT_PER_PAGE", "MAX_PER_PAGE", "PAGE_PARAMS", "page_args", "paged_response"]

DEFAULT_PER_PAGE: Final = 30
MAX_PER_PAGE: Final = 100
PAGE_PARAMS: Final = ("page", "per_page")

# docs/freshdesk-api-notes.md#pagination: "It should be a Positive Integer less than or equal to 100", for both
# invalid_value (>100, <=0) and datatype_mismatch (not a number).
PER_PAGE_MESSAGE: Final = "It should be a Positive Integer less than or equal to 100"

_T = TypeVar("_T")


def page_args(checker: Checker) -> tuple[int, int]:
    """Return ``(page, per_page)`` from the query, recording errors in *checker*."""
    page = checker.param_int("page", default=1)
    per_page = checker.param_int(
        "per_page", default=DEFAULT_PER_PAGE, maximum=MAX_PER_PAGE, message=PER_PAGE_MESSAGE
    )
    return page, per_page


def paged_response(
    call: Call,
    items: Sequence[_T],
    page: int,
    per_page: int,
    render: Callable[[_T], Any],
) -> FakeResponse:
    """Return one page of *items*, rendered, with ``Link`` only if another page exists.

    docs/freshdesk-api-notes.md#pagination: ``Link: <FULL_URL>; rel="next"`` is sent only when another page exists
    (never prev/last/first); a page past the end is ``200 []``.
    """
    start = (page - 1) * per_page
    chosen = items[start : start + per_page]
    headers: dict[str, str] = {}
    if len(items) > start + per_page:
        headers["Link"] = f'<{call.request.next_page_url(page + 1)}>; rel="next"'
    return json_response(200, [render(item) for item in chosen], headers)
