"""``plan_pages``: ATOM's limit/offset on Freshdesk's pages, as a table."""

from __future__ import annotations

import pytest

from freshdesk_atom.asgi._paging import OutOfReach, PagePlan, plan_pages


@pytest.mark.parametrize(
    ("offset", "limit", "per_page", "first_page", "pages", "skip"),
    [
        # offset 0: one page of exactly the limit, up to 100.
        (0, 1, 1, 1, 1, 0),
        (0, 50, 50, 1, 1, 0),
        (0, 100, 100, 1, 1, 0),
        (0, 1000, 100, 1, 10, 0),
        # offset inside the first page of 100: one record, one small page.
        (99, 1, 1, 100, 1, 0),
        (99, 100, 67, 2, 2, 32),
        (99, 1000, 92, 2, 11, 7),
        # offset on a page boundary.
        (100, 1, 1, 101, 1, 0),
        (100, 100, 100, 2, 1, 0),
        (100, 1000, 100, 2, 10, 0),
        # offset off a boundary: 100 records need 2 calls whatever the size;
        # per_page 67 covers them with pages 2 and 3, fetching only 134 records.
        (101, 1, 1, 102, 1, 0),
        (101, 100, 67, 2, 2, 34),
        (101, 1000, 92, 2, 11, 9),
        # a window straddling a boundary of 10-record pages fits one page of 15.
        (95, 10, 15, 7, 1, 5),
        (7, 3, 5, 2, 1, 2),
    ],
)
def test_plan_picks_fewest_calls_then_least_waste(
    offset: int, limit: int, per_page: int, first_page: int, pages: int, skip: int
) -> None:
    plan = plan_pages(offset, limit)
    assert (plan.per_page, plan.first_page, plan.pages, plan.skip) == (
        per_page,
        first_page,
        pages,
        skip,
    )
    assert plan.limit == limit
    assert not plan.truncated


def _simulate(plan: PagePlan, total: int) -> list[int]:
    """Fetch the plan's pages from records 0..total-1 and cut the slice."""
    records: list[int] = []
    for number in plan.page_numbers:
        start = (number - 1) * plan.per_page
        records.extend(range(start, min(start + plan.per_page, total)))
    return plan.cut(records)


@pytest.mark.parametrize("offset", [0, 1, 29, 30, 31, 99, 100, 101, 250, 999, 1001])
@pytest.mark.parametrize("limit", [1, 2, 30, 99, 100, 101, 333, 1000])
def test_every_plan_returns_exactly_the_slice(offset: int, limit: int) -> None:
    plan = plan_pages(offset, limit)
    assert _simulate(plan, 5000) == list(range(offset, offset + limit))
    # Never more calls than the obvious per_page=100 plan.
    assert plan.pages <= (offset + limit - 1) // 100 - offset // 100 + 1
    assert plan.per_page <= 100


@pytest.mark.parametrize(
    ("offset", "limit", "first_page", "pages", "skip", "kept", "truncated"),
    [
        (0, 50, 1, 2, 0, 50, False),
        (0, 1000, 1, 10, 0, 300, True),
        (29, 2, 1, 2, 29, 2, False),
        (30, 30, 2, 1, 0, 30, False),
        (280, 50, 10, 1, 10, 20, True),
        (299, 1, 10, 1, 29, 1, False),
    ],
)
def test_search_pages_are_30_and_stop_at_page_10(
    offset: int, limit: int, first_page: int, pages: int, skip: int, kept: int, truncated: bool
) -> None:
    plan = plan_pages(offset, limit, fixed_per_page=30, max_page=10)
    assert plan.per_page == 30
    assert (plan.first_page, plan.pages, plan.skip, plan.limit, plan.truncated) == (
        first_page,
        pages,
        skip,
        kept,
        truncated,
    )
    assert _simulate(plan, 10_000) == list(range(offset, offset + kept))


def test_search_offset_past_300_is_out_of_reach() -> None:
    with pytest.raises(OutOfReach) as caught:
        plan_pages(300, 1, fixed_per_page=30, max_page=10)
    assert caught.value.reach == 300


@pytest.mark.parametrize(
    ("offset", "limit", "per_page", "first_page", "kept", "truncated"),
    [
        # Page 300 of 100 is the tickets list's last: small pages cannot reach far.
        (29_999, 1, 100, 300, 1, False),
        (29_950, 100, 100, 300, 50, True),
        (20_000, 1, 67, 299, 1, False),
    ],
)
def test_tickets_page_cap(
    offset: int, limit: int, per_page: int, first_page: int, kept: int, truncated: bool
) -> None:
    plan = plan_pages(offset, limit, max_page=300)
    assert (plan.per_page, plan.first_page, plan.limit, plan.truncated) == (
        per_page,
        first_page,
        kept,
        truncated,
    )
    assert plan.first_page + plan.pages - 1 <= 300
    assert _simulate(plan, 40_000) == list(range(offset, offset + kept))


def test_tickets_offset_past_30000_is_out_of_reach() -> None:
    with pytest.raises(OutOfReach):
        plan_pages(30_000, 1, max_page=300)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"offset": -1, "limit": 1}, "offset"),
        ({"offset": 0, "limit": 0}, "limit"),
        ({"offset": True, "limit": 1}, "offset"),
        ({"offset": 0, "limit": 1, "max_per_page": 0}, "max_per_page"),
        ({"offset": 0, "limit": 1, "fixed_per_page": 0}, "fixed_per_page"),
        ({"offset": 0, "limit": 1, "max_page": 0}, "max_page"),
    ],
)
def test_bad_arguments(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        plan_pages(**kwargs)
