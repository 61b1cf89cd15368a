"""Table tests of pagination: Link parsing for lists, ``total`` and the cap for search (docs/freshdesk-api-notes.md#pagination, #search)."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from freshdesk_atom._core.pagination import (
    current_page,
    last_search_page,
    lookahead,
    next_link_page,
    parse_link_header,
    search_has_next,
    start_page,
    with_page,
)
from freshdesk_atom._core.request import RequestSpec
from freshdesk_atom._types import NOT_GIVEN

FRESHDESK_NEXT = (
    "<https://acme.freshdesk.com/api/v2/tickets?per_page=100"
    '&updated_since=2024-01-01T00:00:00Z&page=3>; rel="next"'
)
FRESHDESK_URL = (
    "https://acme.freshdesk.com/api/v2/tickets?per_page=100"
    "&updated_since=2024-01-01T00:00:00Z&page=3"
)


@pytest.mark.parametrize(
    ("header", "links"),
    [
        pytest.param(FRESHDESK_NEXT, {"next": FRESHDESK_URL}, id="freshdesk-exact"),
        pytest.param(None, {}, id="no-header"),
        pytest.param("", {}, id="empty"),
        pytest.param("garbage", {}, id="garbage"),
        pytest.param("<https://x/a?page=2>", {}, id="no-rel"),
        pytest.param(
            '<https://x/a?page=2>; rel="next", <https://x/a?page=1>; rel="prev", '
            '<https://x/a?page=9>; rel="last"',
            {
                "next": "https://x/a?page=2",
                "prev": "https://x/a?page=1",
                "last": "https://x/a?page=9",
            },
            id="several",
        ),
        pytest.param(
            "<https://x/a?page=2>; rel=next", {"next": "https://x/a?page=2"}, id="unquoted"
        ),
        pytest.param(
            "<https://x/a?page=2>;rel=next,<https://x/a?page=1>;rel=prev",
            {"next": "https://x/a?page=2", "prev": "https://x/a?page=1"},
            id="unquoted-no-spaces",
        ),
        pytest.param(
            '<https://x/a?page=2>; REL="NEXT"', {"next": "https://x/a?page=2"}, id="upper"
        ),
        pytest.param(
            '<https://x/a?page=2>; rel="next last"',
            {"next": "https://x/a?page=2", "last": "https://x/a?page=2"},
            id="two-rels-one-link",
        ),
        pytest.param(
            '<https://x/a?page=2>; title="two"; rel="next"',
            {"next": "https://x/a?page=2"},
            id="rel-after-other-param",
        ),
        pytest.param(
            '<https://x/a?page=2>; rel="next", <https://x/a?page=5>; rel="next"',
            {"next": "https://x/a?page=2"},
            id="first-next-wins",
        ),
        pytest.param(
            '<https://x/a?include=requester,stats&page=2>; rel="next"',
            {"next": "https://x/a?include=requester,stats&page=2"},
            id="comma-inside-url",
        ),
        pytest.param(
            ' <https://x/a?page=2> ;  rel = "next" ',
            {"next": "https://x/a?page=2"},
            id="loose-whitespace",
        ),
    ],
)
def test_parse_link_header(header: str | None, links: dict[str, str]) -> None:
    assert parse_link_header(header) == links


@pytest.mark.parametrize(
    ("header", "page"),
    [
        pytest.param(FRESHDESK_NEXT, 3, id="freshdesk-exact"),
        pytest.param(None, None, id="no-header"),
        pytest.param("", None, id="empty"),
        pytest.param(
            '<https://x/a?page=1>; rel="prev", <https://x/a?page=9>; rel="last"',
            None,
            id="other-rels-only",
        ),
        pytest.param(
            '<https://x/a?page=1>; rel="prev", <https://x/a?page=4>; rel="next"',
            4,
            id="next-among-several",
        ),
        pytest.param("<https://x/a?page=2>; rel=next", 2, id="unquoted-rel"),
        pytest.param('<https://x/a?per_page=100>; rel="next"', None, id="no-page"),
        pytest.param('<https://x/a>; rel="next"', None, id="no-query"),
        pytest.param('<https://x/a?page=0>; rel="next"', None, id="page-zero"),
        pytest.param('<https://x/a?page=-2>; rel="next"', None, id="page-negative"),
        pytest.param('<https://x/a?page=two>; rel="next"', None, id="page-word"),
        pytest.param('<https://x/a?page=2.5>; rel="next"', None, id="page-fraction"),
        pytest.param('<https://x/a?page=>; rel="next"', None, id="page-empty"),
        pytest.param('<https://x/a?page=%C2%B3>; rel="next"', None, id="page-superscript"),
        pytest.param('<https://x/a?page=%D9%A3>; rel="next"', None, id="page-arabic-digit"),
        pytest.param('<https://x/a?per_page=30&page=300>; rel="next"', 300, id="page-300"),
        pytest.param('<https://x/a?page=007>; rel="next"', 7, id="leading-zeros"),
        pytest.param('<https://x/a?pages=5&page=6>; rel="next"', 6, id="similar-name"),
        pytest.param('<https://x/a#page=5>; rel="next"', None, id="page-in-fragment"),
        pytest.param('<https://x/a?page=%32>; rel="next"', 2, id="page-escaped"),
        pytest.param('<https://x/a?%70age=3>; rel="next"', 3, id="key-escaped"),
        pytest.param('<https://x/a?page=+2>; rel="next"', None, id="plus-is-a-space"),
        pytest.param('<https://x/a?page&page=4>; rel="next"', 4, id="key-without-value"),
        pytest.param(
            '<https://x/a?updated_since=2024-01-01T00%3A00%3A00Z&q=a+b&page=5>; rel="next"',
            5,
            id="escaped-neighbours",
        ),
    ],
)
def test_next_link_page(header: str | None, page: int | None) -> None:
    assert next_link_page(header) == page


LIST_SPEC = RequestSpec(
    method="GET",
    path="tickets",
    params=(("per_page", "100"), ("updated_since", "2024-01-01T00:00:00Z"), ("page", "2")),
)


@pytest.mark.parametrize(
    ("header", "page"),
    [
        pytest.param(FRESHDESK_NEXT, 3, id="freshdesk-exact"),
        # Only the page number is read from a link: another host or path can redirect nothing.
        pytest.param(
            '<https://evil.example/steal?per_page=1&api_key=x&page=4>; rel="next"',
            4,
            id="other-host",
        ),
        pytest.param(
            '<https://acme.freshdesk.com/api/v2/contacts?filter=spam&page=5>; rel="next"',
            5,
            id="other-path",
        ),
        pytest.param(None, None, id="no-header-is-the-end"),
        pytest.param('<https://x/a?page=3>; rel="prev"', None, id="other-rels-only"),
        pytest.param('<https://acme.freshdesk.com/api/v2/tickets>; rel="next"', None, id="no-page"),
    ],
)
def test_next_link_page_takes_only_the_page_number(header: str | None, page: int | None) -> None:
    assert next_link_page(header) == page


@pytest.mark.parametrize(
    ("params", "page", "expected"),
    [
        ((), 2, (("page", "2"),)),
        ((("page", "1"),), 2, (("page", "2"),)),
        (
            (("per_page", "100"), ("page", "2"), ("updated_since", "x")),
            3,
            (("per_page", "100"), ("updated_since", "x"), ("page", "3")),
        ),
        (
            (("b", "1"), ("a", "2"), ("c", "3")),
            7,
            (("b", "1"), ("a", "2"), ("c", "3"), ("page", "7")),
        ),
        (
            (("page", "1"), ("include", "stats"), ("page", "4")),
            5,
            (("include", "stats"), ("page", "5")),
        ),
        (
            (("pages", "9"), ("page_size", "3")),
            2,
            (("pages", "9"), ("page_size", "3"), ("page", "2")),
        ),
        ((("x", "1"), ("x", "2")), 10, (("x", "1"), ("x", "2"), ("page", "10"))),
    ],
)
def test_with_page_replaces_page_and_keeps_order(
    params: tuple[tuple[str, str], ...], page: int, expected: tuple[tuple[str, str], ...]
) -> None:
    spec = RequestSpec(method="GET", path="contacts", params=params)
    paged = with_page(spec, page)
    assert paged.params == expected
    assert paged.path == "contacts"
    assert paged.method == "GET"
    assert spec.params == params  # the original is untouched


def test_with_page_keeps_method_body_and_idempotency() -> None:
    spec = RequestSpec(method="POST", path="x", json={"a": 1}, idempotent=True)
    paged = with_page(spec, 2)
    assert (paged.method, paged.path, paged.json, paged.idempotent) == ("POST", "x", {"a": 1}, True)


@pytest.mark.parametrize(
    ("params", "page"),
    [
        ((), 1),
        ((("page", "4"),), 4),
        ((("page", "1"), ("page", "6")), 6),
        ((("page", "abc"),), 1),
        ((("page", ""),), 1),
        ((("page", "-3"),), 1),
        ((("page", "³"),), 1),
        ((("per_page", "30"),), 1),
    ],
)
def test_current_page(params: tuple[tuple[str, str], ...], page: int) -> None:
    assert current_page(RequestSpec(method="GET", path="x", params=params)) == page


SEARCH_QUERY = ("query", '"priority:3 AND status:2"')


@pytest.mark.parametrize(
    ("page", "total", "item_count", "next_page"),
    [
        pytest.param(1, 0, 0, None, id="total-0"),
        pytest.param(1, 29, 29, None, id="total-29"),
        pytest.param(1, 30, 30, None, id="total-30-exactly-one-page"),
        pytest.param(1, 31, 30, 2, id="total-31-page-1"),
        pytest.param(2, 31, 1, None, id="total-31-page-2"),
        pytest.param(1, 300, 30, 2, id="total-300-page-1"),
        pytest.param(9, 300, 30, 10, id="total-300-page-9"),
        pytest.param(10, 300, 30, None, id="total-300-page-10"),
        pytest.param(1, 1000, 30, 2, id="total-1000-page-1"),
        pytest.param(9, 1000, 30, 10, id="total-1000-page-9"),
        pytest.param(10, 1000, 30, None, id="total-1000-page-10-cap"),
        pytest.param(11, 1000, 30, None, id="past-the-cap"),
        pytest.param(3, 1000, 0, None, id="empty-page-stops"),
        pytest.param(1, None, 30, 2, id="no-total-full-page"),
        pytest.param(1, None, 0, None, id="no-total-empty-page"),
        pytest.param(10, None, 30, None, id="no-total-cap"),
        pytest.param(4, 95, 5, None, id="total-95-page-4-last"),
        pytest.param(3, 95, 30, 4, id="total-95-page-3"),
    ],
)
def test_search_has_next(
    page: int, total: int | None, item_count: int, next_page: int | None
) -> None:
    assert search_has_next(page, total=total, item_count=item_count) is (next_page is not None)


@pytest.mark.parametrize(
    ("total", "last"), [(0, 1), (1, 1), (30, 1), (31, 2), (299, 10), (300, 10), (5000, 10)]
)
def test_last_search_page(total: int, last: int) -> None:
    assert last_search_page(total) == last


@pytest.mark.parametrize(
    ("page", "last", "error"),
    [
        (NOT_GIVEN, None, None),
        (1, None, None),
        (300, 300, None),
        (301, 300, ValueError),
        (0, None, ValueError),
        (-2, None, ValueError),
        (True, None, TypeError),
        ("2", None, TypeError),
    ],
)
def test_start_page(page: object, last: int | None, error: type[Exception] | None) -> None:
    spec = RequestSpec(method="GET", path="tickets", params=(("per_page", "100"),))
    if error is not None:
        with pytest.raises(error, match="page"):
            start_page(spec, page, last=last)
        return
    started = start_page(spec, page, last=last)
    assert started.param("page") == (None if page is NOT_GIVEN else str(page))


@pytest.mark.parametrize(
    "query",
    ["page=2", "page=%32", "%70age=3", "page=+2", "page&page=4", "a=%ZZ&page=5", "page=1&page=2"],
)
def test_next_link_page_reads_the_query_as_parse_qsl_does(query: str) -> None:
    expected = next(
        (
            int(v)
            for k, v in parse_qsl(query)
            if k == "page" and v.isascii() and v.isdigit() and int(v) >= 1
        ),
        None,
    )
    assert next_link_page(f'<https://x/a?{query}>; rel="next"') == expected


@pytest.mark.parametrize(
    ("pages_seen", "ahead"), [(0, 0), (1, 0), (2, 1), (3, 3), (4, 7), (5, 15), (200, 65_535)]
)
def test_the_lookahead_opens_by_doubling(pages_seen: int, ahead: int) -> None:
    assert lookahead(pages_seen) == ahead
