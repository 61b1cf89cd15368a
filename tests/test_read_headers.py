"""``read_headers``: the headers read from every page's response, in one pass."""

from __future__ import annotations

import httpx
import pytest

from freshdesk_atom._response import ResponseMeta, read_headers
from freshdesk_atom.models.common import RateLimit

READ = (
    "link",
    "x-request-id",
    "x-ratelimit-total",
    "x-ratelimit-remaining",
    "x-ratelimit-used-currentrequest",
)


@pytest.mark.parametrize(
    "raw",
    [
        [],
        [(b"Content-Type", b"application/json")],
        [
            (b"X-RateLimit-Total", b"700"),
            (b"x-ratelimit-remaining", b"650"),
            (b"X-RATELIMIT-USED-CURRENTREQUEST", b"1"),
            (b"X-Request-Id", b"abc-123"),
            (b"Link", b'<https://a.freshdesk.com/api/v2/tickets?page=2>; rel="next"'),
            (b"Set-Cookie", b"a=b"),
        ],
        # repeated headers are joined, as httpx.Headers.get joins them
        [(b"Link", b"<a>; rel=next"), (b"Server", b"x"), (b"link", b"<b>; rel=prev")],
        [(b"X-Request-Id", b"1"), (b"X-Request-Id", b"2")],
        # values that are not ASCII decode as httpx decodes them
        [(b"X-Request-Id", "r\u00e9f".encode("latin-1"))],
        [(b"X-Request-Id", "r\u00e9f".encode())],
    ],
)
def test_read_headers_gives_what_httpx_gives(raw: list[tuple[bytes, bytes]]) -> None:
    headers = httpx.Headers(raw)
    expected = {name: headers[name] for name in READ if name in headers}
    assert read_headers(headers) == expected


def test_response_meta_reads_the_same_from_the_response_or_its_read_headers() -> None:
    response = httpx.Response(
        200,
        headers={
            "X-Request-Id": "r-1",
            "X-RateLimit-Total": "700",
            "X-RateLimit-Remaining": "650",
            "X-RateLimit-Used-CurrentRequest": "2",
        },
    )
    meta = ResponseMeta.from_response(response)
    assert meta == ResponseMeta.from_response(response, read_headers(response.headers))
    assert meta == ResponseMeta(
        status_code=200, request_id="r-1", rate_limit=RateLimit(total=700, remaining=650, used=2)
    )
    assert ResponseMeta.from_response(httpx.Response(204)) == ResponseMeta(
        status_code=204, request_id=None, rate_limit=None
    )
