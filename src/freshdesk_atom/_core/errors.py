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

__all__ = [
    "connection_failure",
    "decode_json_body",
    "error_from_response",
    "parse_field_errors",
    "timeout_failure",
]

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
    host: str | None = None,
) -> APIStatusError:
    """Return the exception for an error response (status >= 400).

    Understands Freshdesk's body shapes (docs/freshdesk-api-notes.md#errors): validation
    (``description`` + ``errors[]``), request-level (``code`` + ``message``),
    message-only (405, 429) and empty (404). The message reads like
    ``"400 Validation failed: email (invalid_value) ... [POST tickets]"``: it names
    the method and path, never the query or credentials. A 401 also names the
    *host* whose Freshdesk refused the key, so a wrong domain is easy to see.
    """
    data = decode_json_body(body)
    errors = parse_field_errors(data)
    summary, code = _summary(status_code, data, errors)
    if status_code == 401:
        account = f" for {host}" if host else ""
        summary = (
            f"Freshdesk refused the API key{account} ({summary}); check the key and the domain"
        )
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


_NAME_NOT_FOUND = (
    "name or service not known",
    "nodename nor servname",
    "getaddrinfo failed",
    "name resolution",
    "no address associated",
)


def connection_failure(
    kind: str, detail: str, *, host: str, port: int, method: str, path: str
) -> str:
    """Return the message of a connection that failed: where, and what the network said.

    *kind* is the transport error's class name and *detail* its text, e.g.
    ``"[Errno 111] Connection refused"``.
    """
    where = f"{host}:{port}"
    text = detail.lower()
    if "refused" in text:
        what = f"the connection to {where} was refused (nothing accepts connections there)"
    elif any(sign in text for sign in _NAME_NOT_FOUND):
        what = f"the host name {host} could not be resolved (check the domain)"
    elif "certificate" in text:
        what = f"the TLS certificate of {where} was not accepted"
    elif "reset" in text:
        what = f"{where} reset the connection"
    else:
        what = f"the connection to {where} failed ({kind}: {detail or 'no detail'})"
    return f"{what} [{method} {path}]"


def timeout_failure(kind: str, *, host: str, port: int, method: str, path: str) -> str:
    """Return the message of a request that timed out (``ConnectTimeout``, ``ReadTimeout``, ...)."""
    phase = {
        "ConnectTimeout": "connect to",
        "ReadTimeout": "receive an answer from",
        "WriteTimeout": "send the request to",
        "PoolTimeout": "get a free connection to",
    }.get(kind, "reach")
    return f"timed out trying to {phase} {host}:{port} ({kind}) [{method} {path}]"
