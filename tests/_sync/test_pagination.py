# Generated from tests/_async/test_pagination.py by scripts/unasync.py; do not edit.
"""Addressable pages: ``page=``, ``get_page()``, ``next_page_info()``, ``get_next_page()``, raw pages."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from freshdesk_atom import Freshdesk, Page, PageInfo, RequestOptions
from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig

pytestmark = pytest.mark.anyio

EVERYTHING = "2000-01-01T00:00:00Z"


@pytest.fixture(scope="module")
def fake() -> FakeFreshdesk:
    return FakeFreshdesk.generate(
        tickets=250, contacts=40, seed=5, rate_limit=RateLimitConfig.unlimited()
    )


def connect(fake: FakeFreshdesk, **kwargs: Any) -> Freshdesk:
    return Freshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
        **kwargs,
    )


def ids(page: Page[Any]) -> list[int]:
    return [record.id for record in page.items]


def test_a_list_starts_at_the_page_asked_for_and_every_page_knows_its_number(
    fake: FakeFreshdesk,
) -> None:
    with connect(fake) as fd:
        listing = fd.tickets.list(updated_since=EVERYTHING, order_by="created_at", per_page=100)
        every = [page for page in listing.iter_pages()]
        later = [
            page
            for page in fd.tickets.list(
                updated_since=EVERYTHING, order_by="created_at", per_page=100, page=2
            ).iter_pages()
        ]
    assert [page.page for page in every] == [1, 2, 3]
    assert [page.page for page in later] == [2, 3]
    assert [ids(page) for page in later] == [ids(page) for page in every[1:]]


def test_a_page_says_where_the_next_one_is_and_fetches_it(fake: FakeFreshdesk) -> None:
    with connect(fake) as fd:
        listing = fd.tickets.list(updated_since=EVERYTHING, per_page=100)
        first = listing.first_page()
        assert first.next_page_info() == PageInfo(page=2)
        second = first.get_next_page()
        assert second is not None
        assert second.page == 2
        third = listing.get_page(3)
        assert (third.page, third.has_next, third.next_page_info()) == (3, False, None)
        assert third.get_next_page() is None
        # The info names the page for the same call.
        info = first.next_page_info()
        assert info is not None
        again = fd.tickets.list(updated_since=EVERYTHING, per_page=100, page=info.page).first_page()
    assert ids(again) == ids(second)


def visible_tickets(fake: FakeFreshdesk) -> int:
    return sum(1 for t in fake.state.tickets.values() if not t["spam"] and not t.get("deleted"))


def test_the_tickets_list_at_page_300_says_it_is_cut_short(fake: FakeFreshdesk) -> None:
    with connect(fake) as fd:  # the real end of a list: not cut short
        end = fd.tickets.list(updated_since=EVERYTHING, per_page=1).get_page(visible_tickets(fake))
    assert (end.has_next, end.truncated) == (False, False)
    crowded = FakeFreshdesk.generate(
        tickets=330, contacts=5, seed=2, rate_limit=RateLimitConfig.unlimited()
    )
    assert visible_tickets(crowded) > 300
    with connect(crowded) as fd:  # one ticket a page: page 300 is not the end
        listing = fd.tickets.list(updated_since=EVERYTHING, per_page=1)
        capped = listing.get_page(300)
        with pytest.raises(TypeError, match="page must be an int"):
            listing.get_page("3")  # type: ignore[arg-type]
    assert (capped.has_next, capped.truncated, capped.next_page_info()) == (False, True, None)
    assert listing.truncated is True


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda fd: fd.tickets.list(updated_since=EVERYTHING, page=301), "at most 300"),
        (lambda fd: fd.tickets.list(page=0), "positive"),
        (lambda fd: fd.search.tickets("status:2", page=11), "at most 10"),
        (lambda fd: fd.contacts.list(page=-1), "positive"),
    ],
)
def test_a_page_out_of_reach_is_refused_before_any_request(
    fake: FakeFreshdesk, call: Any, match: str
) -> None:
    before = fake.counters.total_requests
    with connect(fake) as fd:
        with pytest.raises(ValueError, match=match):
            call(fd)
        with pytest.raises(ValueError, match="at most 300"):
            fd.tickets.list(updated_since=EVERYTHING).get_page(301)
    assert fake.counters.total_requests == before


def test_search_pages_are_addressable_within_the_ten_it_reaches(
    fake: FakeFreshdesk,
) -> None:
    with connect(fake) as fd:
        search = fd.search.tickets("status:2 OR status:3 OR status:4 OR status:5")
        first = search.first_page()
        third = search.get_page(3)
    assert first.total is not None
    assert first.total > 90
    assert (third.page, len(third.items)) == (3, 30)
    assert not set(ids(first)) & set(ids(third))


def test_the_raw_view_of_a_list_is_its_first_page(fake: FakeFreshdesk) -> None:
    with connect(fake) as fd:
        raw = fd.with_raw_response.tickets.list(updated_since=EVERYTHING, per_page=10)
        assert raw.status_code == 200
        assert raw.headers["link"]
        page = raw.parse()
        assert (page.page, len(page.items)) == (1, 10)
        following = page.get_next_page()
    assert following is not None
    assert following.page == 2


def test_max_items_and_max_pages_still_bound_the_walk(fake: FakeFreshdesk) -> None:
    with connect(fake) as fd:
        items = [t for t in fd.tickets.list(updated_since=EVERYTHING, max_items=150)]
        pages = [p for p in fd.tickets.list(updated_since=EVERYTHING, max_pages=2).iter_pages()]
    assert len(items) == 150
    assert len(pages) == 2


def test_a_walks_deadline_bounds_the_whole_walk() -> None:
    slow = FakeFreshdesk.generate(
        tickets=400, contacts=10, seed=2, latency=0.05, rate_limit=RateLimitConfig.unlimited()
    )
    from freshdesk_atom import APITimeoutError

    with connect(slow, pages_in_flight=1) as fd:
        walk = fd.tickets.list(
            updated_since=EVERYTHING, per_page=10, options=RequestOptions(deadline=0.3)
        )
        seen: list[int] = []

        def walk_it() -> None:
            for page in walk.iter_pages():
                seen.append(page.page)

        with pytest.raises(APITimeoutError, match=r"deadline of 0\.3s for this walk"):
            walk_it()
    # About six pages of 50 ms fit in 0.3 s; the walk stopped well before its 40.
    assert 2 <= len(seen) < 40
