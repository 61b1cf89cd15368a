"""The ATOM envelope and the mapping of every failure onto it (pure).

Success: ``{"success": true, "data": ...}`` (list routes add ``"count"``).
Failure: ``{"success": false, "error": {"code", "message", "details"?}}`` with
a matching HTTP status (the contract in ``docs/adapter.md``). Nothing here ever sees the API
key: SDK exceptions carry method, path and Freshdesk's own messages only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    FreshdeskError,
    RateLimitError,
    ResponseValidationError,
    SearchLimitError,
    UnknownOutcomeError,
)

__all__ = [
    "AdapterError",
    "FieldProblem",
    "error_body",
    "error_from_sdk",
    "success_body",
]

FieldProblem = Mapping[str, str]
"""One entry of ``error.details``: ``{"field", "code", "message"}``."""

# Upstream statuses that mean something to the caller keep their status;
# every other upstream failure is the gateway's (502).
_PASSED_ON = {
    400: "bad_request",
    401: "invalid_credentials",
    403: "access_denied",
    404: "not_found",
    409: "conflict",
}


class AdapterError(Exception):
    """A failure the adapter answers with the error envelope.

    Attributes:
        status_code: the HTTP status.
        code: the machine code (``"invalid_value"``, ``"upstream_error"``, ...).
        message: the human text; it names the field at fault where there is one.
        details: field problems, each ``{"field", "code", "message"}``.
        headers: extra response headers (``Retry-After``, ``Allow``).
    """

    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        *,
        details: Sequence[FieldProblem] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.details = [dict(item) for item in details]
        self.headers = dict(headers or {})

    @classmethod
    def field(cls, field: str, message: str, *, code: str = "invalid_value") -> AdapterError:
        """Return a 400 about one field; the message starts with the field's name."""
        text = message if message.startswith(field) else f"{field}: {message}"
        return cls(400, code, text, details=[{"field": field, "code": code, "message": text}])

    def body(self) -> dict[str, Any]:
        """Return the JSON error envelope."""
        return error_body(self.code, self.message, self.details)


def success_body(data: Any, *, count: int | None = None, **extra: Any) -> dict[str, Any]:
    """Return ``{"success": true, "data": data}``, with ``count`` for lists and any *extra* keys."""
    body: dict[str, Any] = {"success": True, "data": data}
    if count is not None:
        body["count"] = count
    body.update(extra)
    return body


def error_body(code: str, message: str, details: Sequence[FieldProblem] = ()) -> dict[str, Any]:
    """Return ``{"success": false, "error": {"code", "message", "details"?}}``."""
    error: dict[str, Any] = {"code": code, "message": message}
    if details:
        error["details"] = [dict(item) for item in details]
    return {"success": False, "error": error}


def _retry_after(seconds: float | None) -> dict[str, str]:
    if seconds is None:
        return {}
    # Retry-After is a whole number of seconds (RFC 9110 §10.2.3); never round down to 0.
    return {"Retry-After": str(max(1, int(-(-seconds // 1))))}


def error_from_sdk(exc: FreshdeskError) -> AdapterError:
    """Return the envelope error for an SDK exception.

    401, 403, 400, 404 and 409 keep their status (they describe the caller's
    request or account); 429 keeps ``Retry-After``; a create whose answer was
    lost is 502 ``outcome_unknown`` (never ``freshdesk_unreachable``: it may
    have happened); a network failure or timeout is 503 (Freshdesk
    unreachable); any other status and a body that does not fit the model
    are 502 (upstream failure).
    """
    if isinstance(exc, UnknownOutcomeError):
        return AdapterError(
            502,
            "outcome_unknown",
            "Freshdesk's answer was lost after the request may have reached it, so it may "
            "or may not have been carried out: do not send it again blindly; look for the "
            "record first (for a ticket: the requester's newest tickets with this subject)",
        )
    if isinstance(exc, RateLimitError):
        return AdapterError(
            429,
            "rate_limited",
            "Freshdesk's API rate limit is spent; retry after the Retry-After delay",
            headers=_retry_after(exc.retry_after),
        )
    if isinstance(exc, APIStatusError):
        details = [
            {
                "field": error.nested_field or error.field or "",
                "code": error.code or "invalid_value",
                "message": error.message,
            }
            for error in exc.errors
        ]
        code = _PASSED_ON.get(exc.status_code)
        if code is not None:
            return AdapterError(
                exc.status_code, code, f"Freshdesk answered {exc.message}", details=details
            )
        return AdapterError(
            502, "upstream_error", f"Freshdesk failed: {exc.message}", details=details
        )
    if isinstance(exc, APITimeoutError):
        return AdapterError(503, "freshdesk_unreachable", "Freshdesk did not answer in time")
    if isinstance(exc, APIConnectionError):
        return AdapterError(503, "freshdesk_unreachable", "Freshdesk could not be reached")
    if isinstance(exc, ResponseValidationError):
        return AdapterError(
            502, "bad_upstream_response", "Freshdesk's answer did not have the expected shape"
        )
    if isinstance(exc, SearchLimitError):
        return AdapterError(400, "search_too_broad", exc.message)
    return AdapterError(502, "upstream_error", "Freshdesk failed")
