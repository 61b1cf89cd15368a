"""Reading Freshdesk's rate-limit headers and ``Retry-After``."""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from datetime import UTC, datetime

from ..models.common import RateLimit

__all__ = ["parse_retry_after", "rate_limit_from_headers"]


def _header_int(headers: Mapping[str, str], name: str) -> int | None:
    value = headers.get(name)
    if value is None:
        return None
    try:
        number = int(value.strip())
    except ValueError:
        return None
    return number if number >= 0 else None


def rate_limit_from_headers(headers: Mapping[str, str]) -> RateLimit | None:
    """Return the ``X-RateLimit-*`` snapshot of a response, or ``None`` if none was sent.

    Freshdesk sends the three headers on every non-429 response and none on a
    429 (docs/freshdesk-api-notes.md#rate-limits), so ``None`` means "no news", not "no budget".
    *headers* must look names up case-insensitively (``httpx.Headers`` does).
    """
    snapshot = RateLimit(
        total=_header_int(headers, "x-ratelimit-total"),
        remaining=_header_int(headers, "x-ratelimit-remaining"),
        used=_header_int(headers, "x-ratelimit-used-currentrequest"),
    )
    if snapshot.total is None and snapshot.remaining is None and snapshot.used is None:
        return None
    return snapshot


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Return the seconds a ``Retry-After`` header asks us to wait, or ``None``.

    Freshdesk sends integer seconds (docs/freshdesk-api-notes.md#rate-limits); RFC 9110 §10.2.3 also allows
    an HTTP date, which proxies sometimes use. Negative or unreadable values give
    ``None``; a date in the past gives ``0.0``.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        if seconds != seconds or seconds < 0 or seconds == float("inf"):  # NaN, negative, inf
            return None
        return seconds
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now if now is not None else datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())
