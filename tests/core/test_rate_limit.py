"""Table tests of the ``X-RateLimit-*`` and ``Retry-After`` readers (docs/freshdesk-api-notes.md#rate-limits)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest

from freshdesk_atom._core.rate_limit import parse_retry_after, rate_limit_from_headers
from freshdesk_atom.models.common import RateLimit

TOTAL = "X-RateLimit-Total"
REMAINING = "X-RateLimit-Remaining"
USED = "X-RateLimit-Used-CurrentRequest"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        pytest.param(
            {TOTAL: "400", REMAINING: "398", USED: "1"},
            RateLimit(total=400, remaining=398, used=1),
            id="full",
        ),
        pytest.param(
            {TOTAL: "200", REMAINING: "0", USED: "3"},
            RateLimit(total=200, remaining=0, used=3),
            id="full-remaining-zero",
        ),
        pytest.param(
            {
                "x-ratelimit-total": "700",
                "X-RATELIMIT-REMAINING": "5",
                "x-RateLimit-used-currentrequest": "2",
            },
            RateLimit(total=700, remaining=5, used=2),
            id="any-case",
        ),
        pytest.param(
            {TOTAL: " 400 ", REMAINING: "\t12", USED: "1 "},
            RateLimit(total=400, remaining=12, used=1),
            id="whitespace",
        ),
        pytest.param({REMAINING: "17"}, RateLimit(remaining=17), id="partial-remaining"),
        pytest.param(
            {TOTAL: "400", USED: "3"}, RateLimit(total=400, used=3), id="partial-total-used"
        ),
        pytest.param({REMAINING: "0"}, RateLimit(remaining=0), id="partial-zero-is-news"),
        pytest.param(
            {TOTAL: "lots", REMAINING: "9", USED: "1.5"},
            RateLimit(remaining=9),
            id="garbage-mixed",
        ),
        pytest.param({TOTAL: "abc", REMAINING: "", USED: "1.0"}, None, id="garbage-all"),
        pytest.param({TOTAL: "0x10", REMAINING: "1e3", USED: "none"}, None, id="garbage-numbers"),
        pytest.param(
            {TOTAL: "400", REMAINING: "-1", USED: "1"},
            RateLimit(total=400, used=1),
            id="negative-one",
        ),
        pytest.param({TOTAL: "-400", REMAINING: "-1", USED: "-3"}, None, id="negative-all"),
        pytest.param({}, None, id="missing"),
        pytest.param(
            {"Retry-After": "30", "Content-Type": "application/json"}, None, id="429-headers-only"
        ),
    ],
)
def test_rate_limit_from_headers(headers: dict[str, str], expected: RateLimit | None) -> None:
    assert rate_limit_from_headers(httpx.Headers(headers)) == expected


NOW = datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7", 7.0),
        ("0", 0.0),
        ("120", 120.0),
        (" 7 ", 7.0),
        ("7.5", 7.5),
        ("-1", None),
        ("-0.5", None),
        ("abc", None),
        ("7 seconds", None),
        ("", None),
        ("   ", None),
        (None, None),
        ("nan", None),
        ("inf", None),
        ("Infinity", None),
        ("1e400", None),
        # HTTP dates (RFC 9110): seconds from `now`, a past date means "now"
        ("Mon, 01 Jan 2024 12:00:30 GMT", 30.0),
        ("Mon, 01 Jan 2024 13:00:00 GMT", 3600.0),
        ("Mon, 01 Jan 2024 12:00:00 GMT", 0.0),
        ("Mon, 01 Jan 2024 11:59:00 GMT", 0.0),
        ("Sun, 06 Nov 1994 08:49:37 GMT", 0.0),
        ("Mon, 01 Jan 2024 14:00:30 +0200", 30.0),
        ("Mon, 01 Jan 2024 12:00:30", 30.0),  # no zone: taken as UTC
        ("Mon, 01 Jan 2024 25:00:00 GMT", None),
        ("Mon, 32 Jan 2024 12:00:00 GMT", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2024, 1, 1, 11, 59, 0, tzinfo=UTC), 90.0),
        (datetime(2024, 1, 1, 13, 59, 0, tzinfo=timezone(timedelta(hours=2))), 90.0),
        (datetime(2024, 1, 1, 12, 0, 30, tzinfo=UTC), 0.0),
        (datetime(2030, 1, 1, tzinfo=UTC), 0.0),
    ],
)
def test_parse_retry_after_http_date_against_now(now: datetime, expected: float) -> None:
    assert parse_retry_after("Mon, 01 Jan 2024 12:00:30 GMT", now=now) == expected


def test_parse_retry_after_http_date_without_now_uses_the_clock() -> None:
    assert parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT") == 0.0
    future = parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT")
    assert future is not None
    assert future > 0
