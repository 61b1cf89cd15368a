"""Every failure a tool meets, as the ``ToolError`` the model reads (pure).

The MCP SDK answers a ``ToolError`` with an ``isError`` result carrying its
message, and anything else with a bare "Error executing tool". So every
failure a caller can act on is turned into a ``ToolError`` here, with the
SDK's own message: it names the method, the path and Freshdesk's field
errors, and never the API key (no SDK exception is ever given the key).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from mcp.server.mcpserver.exceptions import ToolError

from .. import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    FreshdeskError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnknownOutcomeError,
)
from ..asgi._envelope import AdapterError

__all__ = ["freshdesk_errors", "tool_error"]


def tool_error(exc: Exception, *, lost: str | None = None) -> ToolError:
    """Return the ``ToolError`` that tells the model what went wrong with *exc*.

    Args:
        exc: an SDK error, an adapter planning error, or the ``ValueError`` /
            ``TypeError`` the SDK raises for an argument it refuses before
            sending (its message names the argument).
        lost: for a write that adds something (a ticket, a reply, a note),
            what to do when its outcome is unknown: how to check whether it
            happened before sending it again. ``None`` for an update, which
            sets the same values when sent again.
    """
    if isinstance(exc, UnknownOutcomeError):
        advice = (
            f"Do not send it again blindly: that could add it twice. {lost}"
            if lost
            else "Sending the same update again is safe: it sets the same values."
        )
        return ToolError(
            "The outcome is unknown: Freshdesk's answer was lost after the request may have "
            f"reached it, so it may or may not have been carried out. {advice} ({exc.message})"
        )
    if isinstance(exc, RateLimitError):
        wait = f" Retry in {exc.retry_after:g} s." if exc.retry_after is not None else ""
        return ToolError(f"Freshdesk's API rate limit is spent.{wait} ({exc.message})")
    if isinstance(exc, AuthenticationError):
        return ToolError(f"Freshdesk refused the API key: {exc.message}")
    if isinstance(exc, PermissionDeniedError):
        return ToolError(
            f"Freshdesk refused this to the API key's agent (a privilege or a plan feature): "
            f"{exc.message}"
        )
    if isinstance(exc, NotFoundError):
        return ToolError(f"Freshdesk has no such record: {exc.message}")
    if isinstance(exc, APIStatusError):
        # The message holds Freshdesk's field errors, each with its field.
        return ToolError(f"Freshdesk answered {exc.message}")
    if isinstance(exc, APITimeoutError):
        return ToolError(f"Freshdesk did not answer in time: {exc.message}")
    if isinstance(exc, APIConnectionError):
        return ToolError(f"Freshdesk could not be reached: {exc.message}")
    if isinstance(exc, AdapterError):
        return ToolError(exc.message)
    return ToolError(str(exc))


@contextlib.contextmanager
def freshdesk_errors(*, lost: str | None = None) -> Iterator[None]:
    """Turn the SDK's errors, and its refusals of bad arguments, into ``ToolError``."""
    try:
        yield
    except (FreshdeskError, AdapterError, ValueError, TypeError) as exc:
        raise tool_error(exc, lost=lost) from exc
