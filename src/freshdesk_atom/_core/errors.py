"""Turn an HTTP error response into the right exception, in one pure function."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .._exceptions import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    MethodNotAllowedError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    StatusFields,
)
from ..models.common import FieldError
from .rate_limit import parse_retry_after, rate_limit_from_headers

__all__ = ["decode_json_body", "error_from_response", "parse_field_errors"]

_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    409: ConflictError,
    429: RateLimitError,
}

_REASONS: dict[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

_MAX_SHOWN_ERRORS = 3


def decode_json_body(body: bytes) -> Any:
    """Return the decoded JSON of *body*, or ``None`` when empty or not JSON.

    Freshdesk's 404s and some 400s have an empty body, and proxies answer 5xx
    with HTML (docs/freshdesk-api-notes.md#errors), so a body is never assumed to be JSON.
    """
    if not body.strip():
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def parse_field_errors(body: object) -> tuple[FieldError, ...]:
    """Return the ``errors[]`` entries of a Freshdesk validation body, skipping malformed ones."""
    if not isinstance(body, Mapping):
        return ()
    entries = body.get("errors")
    if not isinstance(entries, list):
        return ()
    found: list[FieldError] = []
    for entry in entries:
        if not isinstance(entry, Mapping):
            continue
        info = entry.get("additional_info")
        found.append(
            FieldError(
                field=_text(entry.get("field")),
                message=_text(entry.get("message")) or "",
                code=_text(entry.get("code")),
                nested_field=_text(entry.get("nested_field")),
                additional_info=dict(info) if isinstance(info, Mapping) else None,
            )
        )
    return tuple(found)


def _summary(status: int, body: object, errors: tuple[FieldError, ...]) -> tuple[str, str | None]:
    """Return the human summary and the request-level code of an error body."""
    code: str | None = None
    summary: str | None = None
    if isinstance(body, Mapping):
        code = _text(body.get("code"))
        summary = _text(body.get("description")) or _text(body.get("message"))
    if errors:
        shown = "; ".join(error.describe() for error in errors[:_MAX_SHOWN_ERRORS])
        more = len(errors) - _MAX_SHOWN_ERRORS
        if more > 0:
            shown += f"; and {more} more"
        summary = f"{summary or 'Validation failed'}: {shown}"
    if summary is None:
        summary = _REASONS.get(status, "Error")
    if code and not errors:
        summary = f"{summary} ({code})"
    return summary, code


def error_from_response(
    status_code: int,
    headers: Mapping[str, str],
    body: bytes,
    *,
    method: str,
    path: str,
) -> APIStatusError:
    """Return the exception for an error response (status >= 400).

    Understands Freshdesk's body shapes (docs/freshdesk-api-notes.md#errors): validation
    (``description`` + ``errors[]``), request-level (``code`` + ``message``),
    message-only (405, 429) and empty (404). The message reads like
    ``"400 Validation failed: email (invalid_value) ... [POST tickets]"``: it names
    the method and path only, never the host, the query or credentials.
    """
    data = decode_json_body(body)
    errors = parse_field_errors(data)
    summary, code = _summary(status_code, data, errors)
    message = f"{status_code} {summary} [{method} {path}]"
    cls = _STATUS_ERRORS.get(status_code)
    if cls is None:
        cls = ServerError if status_code >= 500 else APIStatusError
    fields: StatusFields = {
        "status_code": status_code,
        "method": method,
        "path": path,
        "code": code,
        "errors": errors,
        "body": data,
        "rate_limit": rate_limit_from_headers(headers),
        "request_id": headers.get("x-request-id"),
    }
    if cls is RateLimitError:
        return RateLimitError(
            message, retry_after=parse_retry_after(headers.get("retry-after")), **fields
        )
    if cls is MethodNotAllowedError:
        allow = tuple(m.strip().upper() for m in headers.get("allow", "").split(",") if m.strip())
        return MethodNotAllowedError(message, allow=allow, **fields)
    return cls(message, **fields)
