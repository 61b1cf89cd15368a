"""Making one webhook call with httpx, sync or async, and reading its result."""

from __future__ import annotations

from typing import Final

import httpx

from ._webhook_delivery import WebhookDelivery

__all__ = ["DELIVERY_TIMEOUT", "Result", "asend", "send"]

DELIVERY_TIMEOUT: Final = 15.0
"""Seconds a receiver has to answer before the call counts as failed (about 15 s, reported:
docs/freshdesk-api-notes.md#webhooks)."""

Result = tuple[int | None, str | None]
"""``(status, None)`` when the receiver answered, ``(None, error)`` when it did not."""


def _request(delivery: WebhookDelivery) -> tuple[bytes | None, dict[str, str]]:
    return (delivery.body or None), dict(delivery.headers)


def _failure(error: Exception) -> Result:
    name = type(error).__name__
    return None, (f"{name}: {error}" if str(error) else name)


def send(client: httpx.Client, delivery: WebhookDelivery, timeout: float) -> Result:
    """Make the call of *delivery*; redirects are not followed (a 3xx is a success).

    Any exception (a refused connection, a timeout, a receiver app that
    raises) is a failed attempt, never an error of the caller.
    """
    content, headers = _request(delivery)
    try:
        response = client.request(
            delivery.method,
            delivery.url,
            content=content,
            headers=headers,
            timeout=timeout,
            follow_redirects=False,
        )
    except Exception as error:
        return _failure(error)
    return response.status_code, None


async def asend(client: httpx.AsyncClient, delivery: WebhookDelivery, timeout: float) -> Result:
    """The async :func:`send`."""
    content, headers = _request(delivery)
    try:
        response = await client.request(
            delivery.method,
            delivery.url,
            content=content,
            headers=headers,
            timeout=timeout,
            follow_redirects=False,
        )
    except Exception as error:
        return _failure(error)
    return response.status_code, None
