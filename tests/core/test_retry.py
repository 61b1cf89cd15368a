"""Table tests of the retry policy: method x failure kind x attempt -> retry?, and the wait."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from freshdesk_atom._core.request import Method, RequestSpec
from freshdesk_atom._core.retry import RetryPolicy, backoff_delay, is_retryable
from freshdesk_atom._exceptions import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    RateLimitError,
    ResponseValidationError,
    ServerError,
)

MAX_RETRIES = 3
CAP = 90.0
INITIAL = 0.5
MAXIMUM = 8.0


def _policy(jitter: Callable[[], float]) -> RetryPolicy:
    return RetryPolicy(
        max_retries=MAX_RETRIES,
        retry_after_cap=CAP,
        backoff_initial=INITIAL,
        backoff_max=MAXIMUM,
        jitter=jitter,
    )


def _server(status: int) -> ServerError:
    return ServerError(
        f"{status} x [GET tickets]", status_code=status, method="GET", path="tickets"
    )


def _rate_limited(retry_after: float | None) -> RateLimitError:
    return RateLimitError(
        "429 Too Many Requests [GET tickets]",
        retry_after=retry_after,
        status_code=429,
        method="GET",
        path="tickets",
    )


# (id, error, retried for idempotent methods, retried for POST, fixed wait or None for backoff)
KINDS: list[tuple[str, BaseException, bool, bool, float | None]] = [
    (
        "connect-not-sent",
        APIConnectionError("x", method="GET", path="t", request_sent=False),
        True,
        True,
        None,
    ),
    (
        "connection-sent",
        APIConnectionError("x", method="GET", path="t", request_sent=True),
        True,
        False,
        None,
    ),
    (
        "timeout-not-sent",
        APITimeoutError("x", method="GET", path="t", request_sent=False),
        True,
        True,
        None,
    ),
    (
        "timeout-sent",
        APITimeoutError("x", method="GET", path="t", request_sent=True),
        True,
        False,
        None,
    ),
    ("500", _server(500), True, False, None),
    ("502", _server(502), True, False, None),
    ("503", _server(503), True, False, None),
    ("504", _server(504), True, False, None),
    ("429-no-retry-after", _rate_limited(None), True, True, None),
    ("429-retry-after-7", _rate_limited(7.0), True, True, 7.0),
    ("429-retry-after-0", _rate_limited(0.0), True, True, 0.0),
    ("429-retry-after-at-cap", _rate_limited(CAP), True, True, CAP),
    ("429-retry-after-above-cap", _rate_limited(CAP + 1), False, False, None),
    ("400", BadRequestError("x", status_code=400, method="GET", path="t"), False, False, None),
    ("404", NotFoundError("x", status_code=404, method="GET", path="t"), False, False, None),
    ("401", AuthenticationError("x", status_code=401, method="GET", path="t"), False, False, None),
    (
        "response-validation",
        ResponseValidationError("x", method="GET", path="t", status_code=200),
        False,
        False,
        None,
    ),
    ("unrelated-exception", ValueError("not ours"), False, False, None),
]

METHODS: list[tuple[Method, bool]] = [
    ("GET", True),
    ("PUT", True),
    ("DELETE", True),
    ("POST", False),
]
ATTEMPTS = [1, MAX_RETRIES, MAX_RETRIES + 1]
# Backoff before retry number `attempt`: initial * 2**(attempt-1), halved, plus jitter * half.
BACKOFF = {  # attempt -> (wait with jitter 0.0, wait with jitter 0.999)
    1: (0.25, 0.25 + 0.25 * 0.999),
    MAX_RETRIES: (1.0, 1.0 + 1.0 * 0.999),
}


@pytest.mark.parametrize("attempt", ATTEMPTS)
@pytest.mark.parametrize(("method", "idempotent"), METHODS)
@pytest.mark.parametrize(
    ("error", "retry_idempotent", "retry_post", "fixed_wait"),
    [pytest.param(*row[1:], id=row[0]) for row in KINDS],
)
@pytest.mark.parametrize("jitter", [0.0, 0.999], ids=["jitter-0", "jitter-0.999"])
def test_retry_matrix(
    jitter: float,
    error: BaseException,
    retry_idempotent: bool,
    retry_post: bool,
    fixed_wait: float | None,
    method: Method,
    idempotent: bool,
    attempt: int,
) -> None:
    spec = RequestSpec(method=method, path="tickets")
    assert spec.idempotent is idempotent
    retryable = retry_idempotent if idempotent else retry_post

    decision = _policy(lambda: jitter).decide(error, attempt=attempt, idempotent=spec.idempotent)

    assert decision.retry is (retryable and attempt <= MAX_RETRIES)
    if not decision.retry:
        assert decision.wait == 0.0
    elif fixed_wait is not None:
        assert decision.wait == fixed_wait  # 429 waits exactly Retry-After
    else:
        low, high = BACKOFF[attempt]
        assert decision.wait == pytest.approx(high if jitter else low)


@pytest.mark.parametrize(
    ("error", "attempt", "idempotent", "reason"),
    [
        (_server(500), 1, True, "ServerError"),
        (_server(500), 1, False, "not retryable"),
        (_server(500), MAX_RETRIES + 1, True, "retries exhausted"),
        (_rate_limited(7.0), 1, False, "rate limited"),
        (_rate_limited(None), 1, False, "RateLimitError"),
        (_rate_limited(CAP + 0.5), 1, True, "Retry-After beyond the cap"),
        (_rate_limited(CAP + 0.5), MAX_RETRIES + 1, True, "retries exhausted"),
        (APITimeoutError("x", method="GET", path="t"), 2, True, "APITimeoutError"),
        (APIConnectionError("x", method="POST", path="t"), 1, False, "not retryable"),
        (BadRequestError("x", status_code=400, method="GET", path="t"), 1, True, "not retryable"),
    ],
)
def test_decision_reason(error: BaseException, attempt: int, idempotent: bool, reason: str) -> None:
    decision = _policy(lambda: 0.0).decide(error, attempt=attempt, idempotent=idempotent)
    assert decision.reason == reason


def _no_jitter() -> float:
    raise AssertionError("jitter must not be drawn")


@pytest.mark.parametrize(
    ("error", "attempt", "wait"),
    [
        (_rate_limited(7.0), 1, 7.0),  # Retry-After is waited exactly, without jitter
        (_server(500), MAX_RETRIES + 1, 0.0),  # exhausted: nothing to wait for
        (BadRequestError("x", status_code=400, method="GET", path="t"), 1, 0.0),  # final
    ],
)
def test_jitter_is_drawn_only_for_backoff(error: BaseException, attempt: int, wait: float) -> None:
    decision = _policy(_no_jitter).decide(error, attempt=attempt, idempotent=True)
    assert decision.wait == wait


@pytest.mark.parametrize(
    ("max_retries", "attempt", "retry"),
    [(0, 1, False), (1, 1, True), (1, 2, False), (5, 5, True), (5, 6, False)],
)
def test_max_retries_bounds(max_retries: int, attempt: int, retry: bool) -> None:
    policy = RetryPolicy(
        max_retries=max_retries,
        retry_after_cap=CAP,
        backoff_initial=INITIAL,
        backoff_max=MAXIMUM,
        jitter=lambda: 0.0,
    )
    assert policy.decide(_server(503), attempt=attempt, idempotent=True).retry is retry


@pytest.mark.parametrize(
    ("error", "idempotent", "expected"),
    [
        (_rate_limited(None), False, True),
        (_rate_limited(10_000.0), False, True),  # retryable in kind; the cap is the policy's
        (APIConnectionError("x", method="POST", path="t", request_sent=False), False, True),
        (APIConnectionError("x", method="POST", path="t", request_sent=True), False, False),
        (APITimeoutError("x", method="PUT", path="t"), True, True),
        (APITimeoutError("x", method="POST", path="t"), False, False),
        (_server(500), True, True),
        (_server(500), False, False),
        (NotFoundError("x", status_code=404, method="GET", path="t"), True, False),
        (ResponseValidationError("x", method="GET", path="t", status_code=200), True, False),
        (RuntimeError("boom"), True, False),
    ],
)
def test_is_retryable(error: BaseException, idempotent: bool, expected: bool) -> None:
    assert is_retryable(error, idempotent=idempotent) is expected


@pytest.mark.parametrize(
    ("attempt", "initial", "maximum", "jitter", "expected"),
    [
        (1, 0.5, 8.0, 0.0, 0.25),
        (1, 0.5, 8.0, 0.999, 0.49975),
        (2, 0.5, 8.0, 0.0, 0.5),
        (2, 0.5, 8.0, 0.5, 0.75),
        (3, 0.5, 8.0, 0.0, 1.0),
        (4, 0.5, 8.0, 0.0, 2.0),
        (5, 0.5, 8.0, 0.0, 4.0),  # 0.5 * 16 = 8: exactly at the cap
        (5, 0.5, 8.0, 0.999, 7.996),
        (6, 0.5, 8.0, 0.0, 4.0),  # capped: 16 -> 8
        (6, 0.5, 8.0, 0.999, 7.996),
        (50, 0.5, 8.0, 0.0, 4.0),
        (2000, 0.5, 8.0, 0.999, 7.996),  # no OverflowError for absurd attempts
        (1, 10.0, 8.0, 0.0, 4.0),  # initial above the cap is capped too
        (3, 0.0, 8.0, 0.999, 0.0),
        (1, 1.0, 0.0, 0.5, 0.0),
    ],
)
def test_backoff_delay(
    attempt: int, initial: float, maximum: float, jitter: float, expected: float
) -> None:
    assert backoff_delay(attempt, initial=initial, maximum=maximum, jitter=jitter) == pytest.approx(
        expected
    )


@pytest.mark.parametrize("jitter", [0.0, 0.25, 0.5, 0.999])
@pytest.mark.parametrize("attempt", range(1, 12))
def test_backoff_stays_within_half_delay_and_delay(attempt: int, jitter: float) -> None:
    delay = min(MAXIMUM, INITIAL * 2 ** (attempt - 1))
    wait = backoff_delay(attempt, initial=INITIAL, maximum=MAXIMUM, jitter=jitter)
    assert delay / 2 <= wait < delay
    assert wait < MAXIMUM


@pytest.mark.parametrize("attempt", [0, -1, -100])
def test_backoff_delay_rejects_attempt_below_one(attempt: int) -> None:
    with pytest.raises(ValueError, match="attempt must be >= 1"):
        backoff_delay(attempt, initial=INITIAL, maximum=MAXIMUM, jitter=0.0)
