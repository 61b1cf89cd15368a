"""Deciding the next page: the Link header for lists, ``total`` and the cap for search."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit

from .._constants import SEARCH_MAX_PAGE, SEARCH_PAGE_SIZE
from .._types import NotGiven
from .request import RequestSpec

__all__ = [
    "check_page",
    "current_page",
    "last_search_page",
    "lookahead",
    "next_link_page",
    "next_list_spec",
    "parse_link_header",
    "search_has_next",
    "start_page",
    "with_page",
]

# One link-value of RFC 8288: <uri> followed by ;-separated parameters.
_LINK_VALUE = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]+)*)")
_REL = re.compile(r"""rel\s*=\s*"?([^";]+)"?""", re.IGNORECASE)


def parse_link_header(value: str | None) -> dict[str, str]:
    """Return ``{rel: url}`` for every link in an RFC 8288 ``Link`` header value."""
    links: dict[str, str] = {}
    if not value:
        return links
    for match in _LINK_VALUE.finditer(value):
        url, params = match.group(1).strip(), match.group(2)
        rel = _REL.search(params)
        if rel:
            for name in rel.group(1).split():
                links.setdefault(name.lower(), url)
    return links


def next_link_page(link_header: str | None) -> int | None:
    """Return the ``page`` number of the ``rel="next"`` link, or ``None`` when there is none.

    Freshdesk sends ``Link: <url>; rel="next"`` only when another page exists
    (docs/freshdesk-api-notes.md#pagination): its absence, not a short page, means the end.
    """
    url = parse_link_header(link_header).get("next")
    if url is None:
        return None
    # Only the page pair is unquoted (as parse_qsl would: '+' is a space): unquoting
    # every pair, the timestamps of an updated_since listing, costs ten times more.
    for pair in urlsplit(url).query.split("&"):
        key, _, value = pair.partition("=")
        if _unquote(key) != "page":
            continue
        value = _unquote(value)
        # isdigit() alone admits "³", which int() refuses: only ASCII digits are a page.
        if value.isascii() and value.isdigit() and int(value) >= 1:
            return int(value)
    return None


def _unquote(text: str) -> str:
    return unquote_plus(text) if "%" in text or "+" in text else text


def start_page(spec: RequestSpec, page: object, *, last: int | None = None) -> RequestSpec:
    """Return *spec* starting at *page* (``NOT_GIVEN``: the first), checked before any request.

    Raises:
        TypeError, ValueError: *page* is not a positive int, or past *last*.
    """
    if isinstance(page, NotGiven):
        return spec
    return with_page(spec, check_page(page, last=last))


def check_page(page: object, *, last: int | None = None) -> int:
    """Return *page* if it is a page number this list can reach (1..*last*), else raise.

    Raises:
        TypeError: *page* is not an int.
        ValueError: *page* is below 1 or past *last*.
    """
    if isinstance(page, bool) or not isinstance(page, int):
        raise TypeError(f"page must be an int, not {type(page).__name__}")
    if page < 1:
        raise ValueError(f"page must be a positive integer, not {page}")
    if last is not None and page > last:
        raise ValueError(f"page must be at most {last} for this list, not {page}")
    return page


def with_page(spec: RequestSpec, page: int) -> RequestSpec:
    """Return *spec* asking for *page*, keeping every other parameter and its order."""
    params = [(k, v) for k, v in spec.params if k != "page"]
    params.append(("page", str(page)))
    return spec.with_params(params)


def next_list_spec(spec: RequestSpec, link_header: str | None) -> RequestSpec | None:
    """Return the request for the page after *spec*, following the Link header.

    Only the page number is taken from the link: the rest of the request stays
    ours, so a link that names another host or path can never redirect the key.
    """
    page = next_link_page(link_header)
    return None if page is None else with_page(spec, page)


def current_page(spec: RequestSpec) -> int:
    """Return the ``page`` parameter of *spec* (1 when absent)."""
    value = spec.param("page")
    return int(value) if value and value.isascii() and value.isdigit() else 1


def search_has_next(page: int, *, total: int | None, item_count: int) -> bool:
    """Return whether a search has a page after *page* (of *item_count* results).

    Search pages hold 30 results and stop at page 10 (docs/freshdesk-api-notes.md#search),
    so at most 300 of ``total`` matches are reachable through one query.
    """
    if item_count == 0 or page >= SEARCH_MAX_PAGE:
        return False
    return total is None or page * SEARCH_PAGE_SIZE < total


def last_search_page(total: int) -> int:
    """Return the last page a search with *total* matches has (1 when none; 10 at most)."""
    return max(1, min(SEARCH_MAX_PAGE, -(-total // SEARCH_PAGE_SIZE)))


def lookahead(pages_seen: int) -> int:
    """How many pages past the next one a list walk fetches ahead, after *pages_seen* pages.

    A list says only whether one more page exists, so the window starts shut
    and doubles with each page seen after the first (0, 0, 1, 3, 7 ... pages
    ahead: 1, 1, 2, 4, 8 requests in flight; the caller caps it at
    ``pages_in_flight``). A list of one or two pages costs no extra request,
    a long one reaches full depth within four round trips.
    """
    return 2 ** min(pages_seen - 1, 16) - 1 if pages_seen > 0 else 0
