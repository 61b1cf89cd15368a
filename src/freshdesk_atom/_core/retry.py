"""When to retry a failed request, and how long to wait first.

The rules (docs/architecture.md, "Retries, safely"):

* 429: Freshdesk refused the request before doing anything, so any method may
  be retried after ``Retry-After`` seconds, as long as that is within the cap;
  past the cap the ``RateLimitError`` goes to the caller, who decides.
* A connection failure before any byte left the machine (``request_sent`` is
  false): nothing reached Freshdesk, so any method may be retried.
* 5xx, read errors, dropped connections, timeouts: retried only for idempotent
  requests (GET, PUT, DELETE). Freshdesk has no idempotency key, so a POST that
  may have been processed is never sent again: a duplicate ticket is data damage.
* Anything else (4xx, a body that does not decode) is final.
* An optional deadline bounds the whole call: a wait that would end past it
  is not started, and the last error goes to the caller.

When a POST failed after it may have reached Freshdesk, its outcome is
unknown (``outcome_unknown``): the shell raises ``UnknownOutcomeError``
rather than report a failure that may be a success. When an idempotent
request is retried after such an attempt, the statuses in its spec's
``done_if`` (a 404 on a DELETE, say) mean that attempt did the work.

The policy never sleeps: it returns how long to wait, and the shell waits.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import attrs

from .._exceptions import APIConnectionError, RateLimitError, ServerError

__all__ = [
    "RetryDecision",
    "RetryPolicy",
    "backoff_delay",
    "is_retryable",
    "may_have_landed",
    "outcome_unknown",
]


def is_retryable(error: BaseException, *, idempotent: bool) -> bool:
    """Return whether *error* may be retried at all, ignoring attempts and waits."""
    if isinstance(error, RateLimitError):
        return True
    if isinstance(error, APIConnectionError):
        return idempotent or not error.request_sent
    if isinstance(error, ServerError):
        return idempotent
    return False


def may_have_landed(error: BaseException) -> bool:
    """Return whether the failed attempt may have reached Freshdesk and done its work.

    True when the request was sent and no definite answer came back (a
    dropped connection, a timeout after sending) or the answer was a 5xx,
    which Freshdesk or a proxy may send after the work was done.
    """
    if isinstance(error, APIConnectionError):
        return error.request_sent
    return isinstance(error, ServerError)


def outcome_unknown(error: BaseException, *, idempotent: bool) -> bool:
    """Return whether a request that must not be repeated ended with its outcome unknown."""
    return not idempotent and may_have_landed(error)


def backoff_delay(attempt: int, *, initial: float, maximum: float, jitter: float) -> float:
    """Return the wait before retry number *attempt* (1-based): exponential backoff, equal jitter.

    ``jitter`` is a number in [0, 1); the delay is ``initial * 2**(attempt-1)``
    capped at ``maximum``, scaled into ``[delay/2, delay)`` so that clients that
    failed together do not retry together (AWS "equal jitter").
    """
    if attempt < 1:
        raise ValueError("attempt must be >= 1")
    # 2.0 ** n raises OverflowError past n = 1023; any larger exponent is past the cap anyway.
    delay = min(maximum, initial * 2.0 ** min(attempt - 1, 1023))
    return delay / 2 + (delay / 2) * jitter


@attrs.frozen(kw_only=True)
class RetryDecision:
    """What to do after a failed attempt: retry after ``wait`` seconds, or give up."""

    retry: bool
    wait: float = 0.0
    reason: str = ""


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """The retry rules of one request, as pure decisions.

    Attributes:
        max_retries: retries after the first attempt (0 disables retrying).
        retry_after_cap: the longest ``Retry-After`` honoured; a longer one is raised.
        backoff_initial, backoff_max: bounds of the exponential backoff, in seconds.
        jitter: source of numbers in [0, 1) (injectable for tests).
    """

    max_retries: int
    retry_after_cap: float
    backoff_initial: float
    backoff_max: float
    jitter: Callable[[], float] = attrs.field(default=random.random, eq=False)

    def decide(
        self,
        error: BaseException,
        *,
        attempt: int,
        idempotent: bool,
        remaining: float | None = None,
    ) -> RetryDecision:
        """Decide what follows failed attempt number *attempt* (1-based) that raised *error*.

        *remaining* is the time left before the call's deadline (``None``: no
        deadline); a wait that would not end before it is not taken.
        """
        if not is_retryable(error, idempotent=idempotent):
            return RetryDecision(retry=False, reason="not retryable")
        if attempt > self.max_retries:
            return RetryDecision(retry=False, reason="retries exhausted")
        if isinstance(error, RateLimitError) and error.retry_after is not None:
            if error.retry_after > self.retry_after_cap:
                return RetryDecision(retry=False, reason="Retry-After beyond the cap")
            wait = error.retry_after
            reason = "rate limited"
        else:
            wait = backoff_delay(
                attempt,
                initial=self.backoff_initial,
                maximum=self.backoff_max,
                jitter=self.jitter(),
            )
            reason = type(error).__name__
        if remaining is not None and wait >= remaining:
            return RetryDecision(retry=False, reason="the deadline comes first")
        return RetryDecision(retry=True, wait=wait, reason=reason)
