"""The exception tree of freshdesk-atom.

```
FreshdeskError
├── APIConnectionError (.request_sent)
│   └── APITimeoutError
├── APIStatusError (.status_code .code .errors .rate_limit .request_id)
│   ├── BadRequestError          400
│   ├── AuthenticationError      401
│   ├── PermissionDeniedError    403
│   ├── NotFoundError            404
│   ├── MethodNotAllowedError    405 (.allow)
│   ├── ConflictError            409
│   ├── RateLimitError           429 (.retry_after)
│   └── ServerError              5xx
├── UnknownOutcomeError (.method .path .json .sent_at .cause)
├── ResponseValidationError
├── SearchLimitError (.total .window)
├── StalledWindowError (.resource .pass_name .second .checkpoint)
└── AttachmentLinkError (.attachment_id .status_code)
```

Errors raised after several attempts say so: ``attempts`` counts them and the
message ends with "(after N attempts)".

Every message names the method and path, never the host's credentials: the
API key cannot appear in any message or repr because no exception is ever
given it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from typing_extensions import Unpack, override

from .models.common import FieldError, RateLimit

if TYPE_CHECKING:
    from ._core.complete_export import ExportCheckpoint

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AttachmentLinkError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "FreshdeskError",
    "MethodNotAllowedError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "SearchLimitError",
    "ServerError",
    "StalledWindowError",
    "UnknownOutcomeError",
]


class FreshdeskError(Exception):
    """Base class of every error raised by freshdesk-atom.

    Attributes:
        attempts: how many times the request was sent (or tried) before this
            error was raised; 1 unless it was retried.
    """

    attempts: int = 1

    def after_attempts(self, attempts: int) -> None:
        """Record that the call made *attempts* attempts; the message says so when there were several."""
        self.attempts = attempts
        if attempts > 1 and self.args and isinstance(self.args[0], str):
            text = f"{self.args[0]} (after {attempts} attempts)"
            self.args = (text, *self.args[1:])
            if isinstance(getattr(self, "message", None), str):
                self.message = text


class APIConnectionError(FreshdeskError):
    """The request did not get an HTTP response (network failure, dropped connection).

    Attributes:
        method, path: the request, without host or credentials.
        request_sent: ``False`` only when no byte of the request left the machine
            (connect failure); then retrying any method is safe.
    """

    def __init__(self, message: str, *, method: str, path: str, request_sent: bool = True) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path
        self.request_sent = request_sent

    @override
    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, method={self.method!r}, "
            f"path={self.path!r}, request_sent={self.request_sent!r})"
        )


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool)."""


class UnknownOutcomeError(FreshdeskError):
    """A request that must not be sent twice may or may not have been carried out.

    Raised for a create (a ``POST``) whose answer was lost after the request
    may have reached Freshdesk: the connection dropped or timed out after
    sending, or Freshdesk or a proxy answered 5xx. Freshdesk has no
    idempotency key, so the SDK does not send it again: a second ticket would
    be a duplicate. It is neither a success nor a failure: find out before
    you send it again. For a ticket, ``fd.tickets.find_created(error)`` looks
    for it (by requester, subject and creation time) and returns it when it
    was created.

    Attributes:
        method, path: the request, without host or credentials.
        json: the JSON body that was sent (what to look for).
        sent_at: when the last attempt was sent (UTC).
        cause: the failure that left the outcome unknown (also ``__cause__``).
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        json: Any,
        sent_at: datetime,
        cause: FreshdeskError,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path
        self.json = json
        self.sent_at = sent_at
        self.cause = cause

    @override
    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, method={self.method!r}, "
            f"path={self.path!r}, sent_at={self.sent_at.isoformat()!r})"
        )


class StatusFields(TypedDict):
    """The keyword arguments shared by every ``APIStatusError`` constructor."""

    status_code: int
    method: str
    path: str
    code: NotRequired[str | None]
    errors: NotRequired[Sequence[FieldError]]
    body: NotRequired[object]
    rate_limit: NotRequired[RateLimit | None]
    request_id: NotRequired[str | None]


class APIStatusError(FreshdeskError):
    """Freshdesk answered with an HTTP error status (4xx or 5xx).

    Attributes:
        status_code: the HTTP status.
        method, path: the request, without host or credentials.
        code: the request-level ``code`` of the body (e.g. ``"invalid_credentials"``).
        errors: the field errors of a validation body, in order.
        body: the decoded JSON body, or ``None`` when empty or not JSON.
        rate_limit: the ``X-RateLimit-*`` snapshot of the response, if sent.
        request_id: Freshdesk's ``X-Request-Id``, for support tickets.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        method: str,
        path: str,
        code: str | None = None,
        errors: Sequence[FieldError] = (),
        body: object = None,
        rate_limit: RateLimit | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.method = method
        self.path = path
        self.code = code
        self.errors: tuple[FieldError, ...] = tuple(errors)
        self.body = body
        self.rate_limit = rate_limit
        self.request_id = request_id

    @override
    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, status_code={self.status_code}, "
            f"method={self.method!r}, path={self.path!r})"
        )


class BadRequestError(APIStatusError):
    """400: validation failed or the request was malformed; see ``errors``."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or wrong."""


class PermissionDeniedError(APIStatusError):
    """403: the key's agent lacks a privilege, or the plan lacks the feature."""


class NotFoundError(APIStatusError):
    """404: no such record, route or domain (Freshdesk sends an empty body)."""


class MethodNotAllowedError(APIStatusError):
    """405: the method is not allowed on this path (also writes to deleted contacts).

    Attributes:
        allow: the methods Freshdesk listed in its ``Allow`` header.
    """

    def __init__(
        self, message: str, *, allow: Sequence[str] = (), **fields: Unpack[StatusFields]
    ) -> None:
        super().__init__(message, **fields)
        self.allow: tuple[str, ...] = tuple(allow)


class ConflictError(APIStatusError):
    """409: a unique value is taken (``duplicate_value``) or the state forbids it."""


class RateLimitError(APIStatusError):
    """429: the account's per-minute API budget is spent.

    Attributes:
        retry_after: seconds Freshdesk asked us to wait, or ``None`` if it did not say.
    """

    def __init__(
        self, message: str, *, retry_after: float | None = None, **fields: Unpack[StatusFields]
    ) -> None:
        super().__init__(message, **fields)
        self.retry_after = retry_after


class ServerError(APIStatusError):
    """5xx: Freshdesk failed; idempotent requests were already retried."""


class ResponseValidationError(FreshdeskError):
    """A successful response's body did not fit the expected model.

    The underlying cattrs error is chained as ``__cause__``.

    Attributes:
        method, path, status_code: the request and response status.
        body: the decoded JSON that did not fit.
    """

    def __init__(
        self, message: str, *, method: str, path: str, status_code: int, body: object = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path
        self.status_code = status_code
        self.body = body


class SearchLimitError(FreshdeskError):
    """More search matches than Freshdesk can return, and no way to split them further.

    One search query reaches at most 300 results (30 per page, pages 1..10).
    ``fd.search.tickets_all()`` and its siblings split the query into smaller
    windows (by creation day, then status and priority for tickets); this is
    raised when one window that cannot be split still holds more than 300
    matches. Narrow the query and run it again.

    Attributes:
        total: the matches counted in that window.
        window: the window, e.g. ``"created_at 2024-03-05..2024-03-05, status 2..2"``.
    """

    def __init__(self, message: str, *, total: int, window: str) -> None:
        super().__init__(message)
        self.message = message
        self.total = total
        self.window = window


class StalledWindowError(FreshdeskError):
    """A complete export cannot get past one second that holds too many records.

    ``iter_all()`` walks the ticket list by ``updated_at``; when more tickets
    share one ``updated_at`` second than a list query reaches (300 pages of
    100), it fetches the rest of that second through search. This is raised
    when that is impossible: the spam or deleted list stalled (search does not
    see those tickets), or search could not split the second's day into
    windows of at most 300 results (the ``SearchLimitError`` is chained).
    Nothing was skipped: ``checkpoint`` is where the export stopped.

    Attributes:
        resource: ``"tickets"``.
        pass_name: the list that stalled: ``"default"``, ``"spam"`` or ``"deleted"``.
        second: the ``updated_at`` shared by the records.
        checkpoint: the export's state at the stall.
    """

    def __init__(
        self,
        message: str,
        *,
        resource: str,
        pass_name: str,
        second: datetime,
        checkpoint: ExportCheckpoint,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.resource = resource
        self.pass_name = pass_name
        self.second = second
        self.checkpoint = checkpoint


class AttachmentLinkError(FreshdeskError):
    """An attachment's file could not be downloaded from its link.

    Attachment links are pre-signed and expire after a few minutes
    (docs/freshdesk-api-notes.md#attachments). Pass the ticket or
    conversation the attachment came from as ``refresh=`` to
    ``fd.attachments.download()``, and a refused link is replaced by a fresh
    one. The API's own answer is chained as ``__cause__``.

    Attributes:
        attachment_id: the attachment.
        status_code: what the file host answered, or ``None`` when the
            attachment is no longer on its ticket or conversation.
    """

    def __init__(self, message: str, *, attachment_id: int, status_code: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.attachment_id = attachment_id
        self.status_code = status_code
