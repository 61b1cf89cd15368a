"""Freshdesk's error responses, as exceptions the route handlers raise.

The four body shapes of docs/freshdesk-api-notes.md#errors: validation (``description`` +
``errors[]``), request-level (``code`` + ``message``), message only (405,
429) and empty (404, and the 400 of ``hard_delete``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, Final

__all__ = [
    "ApiError",
    "FieldErrors",
    "bad_request_empty",
    "field_error",
    "method_not_allowed",
    "not_found",
    "request_error",
    "validation_error",
]

FieldErrors = list[dict[str, Any]]

# docs/freshdesk-api-notes.md#errors: "HTTP status = the most frequent status among entries: duplicate_value→409,
# access_denied→403, everything else 400".
_CODE_STATUS: Final[Mapping[str, int]] = {"duplicate_value": 409, "access_denied": 403}


class ApiError(Exception):
    """An error answer: HTTP *status*, a JSON *body* (``None`` = empty) and extra *headers*."""

    def __init__(
        self, status: int, body: Any = None, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(f"{status} {body!r}")
        self.status = status
        self.body = body
        self.headers: dict[str, str] = dict(headers or {})


def field_error(
    field: str,
    message: str,
    code: str,
    *,
    nested_field: str | None = None,
    additional_info: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Return one ``errors[]`` entry in Freshdesk's key order."""
    entry: dict[str, Any] = {"field": field}
    if nested_field is not None:
        entry["nested_field"] = nested_field
    if additional_info is not None:
        entry["additional_info"] = dict(additional_info)
    entry["message"] = message
    entry["code"] = code
    return entry


def validation_error(errors: Iterable[Mapping[str, Any]]) -> ApiError:
    """Return the ``Validation failed`` error; its status is the entries' most frequent one."""
    entries = [dict(entry) for entry in errors]
    statuses = Counter(_CODE_STATUS.get(str(entry.get("code")), 400) for entry in entries)
    status = statuses.most_common(1)[0][0] if statuses else 400
    return ApiError(status, {"description": "Validation failed", "errors": entries})


def request_error(status: int, code: str, message: str) -> ApiError:
    """Return a request-level error: ``{"code": ..., "message": ...}``."""
    return ApiError(status, {"code": code, "message": message})


def not_found() -> ApiError:
    """Return the 404: Freshdesk sends it with an empty body (docs/freshdesk-api-notes.md#errors)."""
    return ApiError(404)


def bad_request_empty() -> ApiError:
    """Return a 400 with an empty body (``hard_delete`` of a live contact, docs/freshdesk-api-notes.md#contacts)."""
    return ApiError(400)


def method_not_allowed(method: str, allowed: Iterable[str]) -> ApiError:
    """Return the 405: a message-only body plus an ``Allow`` header (docs/freshdesk-api-notes.md#errors shape 3)."""
    methods = ", ".join(allowed)
    message = f"{method} method is not allowed. It should be one of these method(s): {methods}"
    return ApiError(405, {"message": message}, {"Allow": methods})
