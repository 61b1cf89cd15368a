"""Table tests of ``error_from_response``: every status x every body shape (docs/freshdesk-api-notes.md#errors)."""

from __future__ import annotations

import json

import httpx
import pytest

from freshdesk_atom._core.errors import (
    connection_failure,
    decode_json_body,
    error_from_response,
    parse_field_errors,
    timeout_failure,
)
from freshdesk_atom._exceptions import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    MethodNotAllowedError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from freshdesk_atom.models.common import FieldError, RateLimit

# status -> (exact exception class, the reason used when the body says nothing)
STATUSES: dict[int, tuple[type[APIStatusError], str]] = {
    400: (BadRequestError, "Bad Request"),
    401: (AuthenticationError, "Unauthorized"),
    403: (PermissionDeniedError, "Forbidden"),
    404: (NotFoundError, "Not Found"),
    405: (MethodNotAllowedError, "Method Not Allowed"),
    406: (APIStatusError, "Not Acceptable"),
    409: (ConflictError, "Conflict"),
    415: (APIStatusError, "Unsupported Media Type"),
    429: (RateLimitError, "Too Many Requests"),
    500: (ServerError, "Internal Server Error"),
    502: (ServerError, "Bad Gateway"),
    503: (ServerError, "Service Unavailable"),
    504: (ServerError, "Gateway Timeout"),
    418: (APIStatusError, "Error"),
}

VALIDATION_BODY = {
    "description": "Validation failed",
    "errors": [
        {
            "field": "email",
            "message": "It should be in the 'valid email address' format",
            "code": "invalid_value",
        },
        {
            "field": "custom_fields",
            "nested_field": "custom_fields.cf_region",
            "message": "It should be one of these values: 'EMEA,APAC'",
            "code": "invalid_value",
        },
        {
            "field": "email",
            "additional_info": {"user_id": 123},
            "message": "It should be a unique value",
            "code": "duplicate_value",
        },
    ],
}
VALIDATION_ERRORS = (
    FieldError(
        field="email",
        message="It should be in the 'valid email address' format",
        code="invalid_value",
    ),
    FieldError(
        field="custom_fields",
        nested_field="custom_fields.cf_region",
        message="It should be one of these values: 'EMEA,APAC'",
        code="invalid_value",
    ),
    FieldError(
        field="email",
        additional_info={"user_id": 123},
        message="It should be a unique value",
        code="duplicate_value",
    ),
)
VALIDATION_SUMMARY = (
    "Validation failed: email (invalid_value) It should be in the 'valid email address' format; "
    "custom_fields.cf_region (invalid_value) It should be one of these values: 'EMEA,APAC'; "
    "email (duplicate_value) It should be a unique value"
)
FIVE_ERRORS_BODY = {
    "description": "Validation failed",
    "errors": [
        {"field": f"f{i}", "message": "It should not be blank", "code": "missing_field"}
        for i in range(5)
    ],
}


def _json(value: object) -> bytes:
    return json.dumps(value).encode()


# (id, raw body, expected summary ("{reason}" = the status's reason), code, errors, decoded body)
BODIES: list[tuple[str, bytes, str, str | None, tuple[FieldError, ...], object]] = [
    (
        "validation",
        _json(VALIDATION_BODY),
        VALIDATION_SUMMARY,
        None,
        VALIDATION_ERRORS,
        VALIDATION_BODY,
    ),
    (
        "validation-more-than-three",
        _json(FIVE_ERRORS_BODY),
        "Validation failed: f0 (missing_field) It should not be blank; "
        "f1 (missing_field) It should not be blank; "
        "f2 (missing_field) It should not be blank; and 2 more",
        None,
        tuple(
            FieldError(field=f"f{i}", message="It should not be blank", code="missing_field")
            for i in range(5)
        ),
        FIVE_ERRORS_BODY,
    ),
    (
        "errors-without-description",
        _json({"errors": [{"field": "per_page", "message": "Too big", "code": "invalid_value"}]}),
        "Validation failed: per_page (invalid_value) Too big",
        None,
        (FieldError(field="per_page", message="Too big", code="invalid_value"),),
        {"errors": [{"field": "per_page", "message": "Too big", "code": "invalid_value"}]},
    ),
    (
        "errors-with-malformed-entries",
        _json(
            {
                "description": "Validation failed",
                "errors": ["junk", 7, {"field": "name"}, {"message": "Bad", "code": 5}],
            }
        ),
        "Validation failed: name; Bad",
        None,
        (FieldError(field="name"), FieldError(message="Bad")),
        {
            "description": "Validation failed",
            "errors": ["junk", 7, {"field": "name"}, {"message": "Bad", "code": 5}],
        },
    ),
    (
        "request-level",
        _json(
            {
                "code": "invalid_credentials",
                "message": "You have to be logged in to perform this action.",
            }
        ),
        "You have to be logged in to perform this action. (invalid_credentials)",
        "invalid_credentials",
        (),
        {
            "code": "invalid_credentials",
            "message": "You have to be logged in to perform this action.",
        },
    ),
    (
        "code-only",
        _json({"code": "invalid_json"}),
        "{reason} (invalid_json)",
        "invalid_json",
        (),
        {"code": "invalid_json"},
    ),
    (
        "message-only",
        _json(
            {"message": "POST method is not allowed. It should be one of these method(s): GET, PUT"}
        ),
        "POST method is not allowed. It should be one of these method(s): GET, PUT",
        None,
        (),
        {"message": "POST method is not allowed. It should be one of these method(s): GET, PUT"},
    ),
    (
        "non-string-message",
        _json({"message": 42, "code": ["x"]}),
        "{reason}",
        None,
        (),
        {"message": 42, "code": ["x"]},
    ),
    ("empty", b"", "{reason}", None, (), None),
    ("whitespace", b" \r\n\t", "{reason}", None, (), None),
    (
        "html",
        b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
        "{reason}",
        None,
        (),
        None,
    ),
    ("garbage", b"oops{not json", "{reason}", None, (), None),
    ("invalid-utf8", b"\x80\x81\xfe garbage", "{reason}", None, (), None),
    ("truncated-json", b'{"message": "cut', "{reason}", None, (), None),
    (
        "json-list",
        _json([{"message": "in a list"}]),
        "{reason}",
        None,
        (),
        [{"message": "in a list"}],
    ),
    ("json-string", _json("Something went wrong"), "{reason}", None, (), "Something went wrong"),
    ("json-number", b"42", "{reason}", None, (), 42),
    ("json-null", b"null", "{reason}", None, (), None),
]


def _error(
    status: int,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    *,
    method: str = "POST",
    path: str = "tickets",
) -> APIStatusError:
    return error_from_response(status, httpx.Headers(headers or {}), body, method=method, path=path)


@pytest.mark.parametrize("status", list(STATUSES))
@pytest.mark.parametrize(
    ("raw", "summary", "code", "errors", "decoded"),
    [pytest.param(*row[1:], id=row[0]) for row in BODIES],
)
def test_every_status_and_body_shape(
    status: int,
    raw: bytes,
    summary: str,
    code: str | None,
    errors: tuple[FieldError, ...],
    decoded: object,
) -> None:
    cls, reason = STATUSES[status]
    error = _error(status, raw)

    assert type(error) is cls
    shown = summary.format(reason=reason)
    if status == 401:  # a 401 says whose Freshdesk refused the key, and what to check
        shown = f"Freshdesk refused the API key ({shown}); check the key and the domain"
    assert error.message == f"{status} {shown} [POST tickets]"
    assert str(error) == error.message
    assert error.status_code == status
    assert error.method == "POST"
    assert error.path == "tickets"
    assert error.code == code
    assert error.errors == errors
    assert error.body == decoded
    assert error.rate_limit is None
    assert error.request_id is None


@pytest.mark.parametrize(
    ("allow", "expected"),
    [
        ("GET, PUT, DELETE", ("GET", "PUT", "DELETE")),
        ("get,put", ("GET", "PUT")),
        (" GET ,, ,DELETE ", ("GET", "DELETE")),
        ("", ()),
        (None, ()),
    ],
)
def test_405_allow_header(allow: str | None, expected: tuple[str, ...]) -> None:
    headers = {} if allow is None else {"Allow": allow}
    error = _error(405, _json({"message": "POST method is not allowed."}), headers)
    assert isinstance(error, MethodNotAllowedError)
    assert error.allow == expected


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [
        ("7", 7.0),
        ("0", 0.0),
        ("30", 30.0),
        ("-1", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("Sun, 06 Nov 1994 08:49:37 GMT", 0.0),  # an HTTP date in the past: go now
    ],
)
def test_429_retry_after(retry_after: str | None, expected: float | None) -> None:
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    error = _error(429, _json({"message": "You have exceeded the limit"}), headers)
    assert isinstance(error, RateLimitError)
    assert error.retry_after == expected
    assert error.message == "429 You have exceeded the limit [POST tickets]"


def test_429_retry_after_http_date_in_the_future_is_positive_seconds() -> None:
    error = _error(429, b"", {"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"})
    assert isinstance(error, RateLimitError)
    assert error.retry_after is not None
    assert error.retry_after > 0


@pytest.mark.parametrize("status", list(STATUSES))
def test_rate_limit_and_request_id_headers(status: int) -> None:
    headers = {
        "X-RateLimit-Total": "400",
        "X-RateLimit-Remaining": "398",
        "X-RateLimit-Used-CurrentRequest": "2",
        "X-Request-Id": "req-abc-123",
    }
    error = _error(status, b"", headers)
    assert error.rate_limit == RateLimit(total=400, remaining=398, used=2)
    assert error.request_id == "req-abc-123"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"x-ratelimit-remaining": "0"}, RateLimit(remaining=0)),
        ({"X-RATELIMIT-TOTAL": "200"}, RateLimit(total=200)),
        ({"X-RateLimit-Total": "lots"}, None),
        ({}, None),
    ],
)
def test_rate_limit_snapshot_on_errors(headers: dict[str, str], expected: RateLimit | None) -> None:
    assert _error(400, b"", headers).rate_limit == expected


def test_non_error_statuses_have_no_extra_attributes() -> None:
    error = _error(400, b"", {"Allow": "GET", "Retry-After": "5"})
    assert not hasattr(error, "allow")
    assert not hasattr(error, "retry_after")


@pytest.mark.parametrize("status", list(STATUSES))
@pytest.mark.parametrize(
    "raw",
    [
        _json(
            {
                "message": "no",
                "url": "https://acme.freshdesk.com/api/v2/tickets?email=dana%40globex.example",
                "api_key": "SECRETKEY123",
            }
        ),
        _json(VALIDATION_BODY),
        b"<html>https://acme.freshdesk.com/api/v2/tickets?page=2 SECRETKEY123</html>",
        b"",
    ],
    ids=["extra-keys", "validation", "html", "empty"],
)
def test_message_names_only_method_and_path(status: int, raw: bytes) -> None:
    headers = {
        "Location": "https://acme.freshdesk.com/api/v2/tickets/1?x=1",
        "Link": '<https://acme.freshdesk.com/api/v2/tickets?page=2>; rel="next"',
        "Set-Cookie": "session=SECRETKEY123",
    }
    error = _error(status, raw, headers, method="GET", path="tickets")
    for text in (error.message, str(error), repr(error)):
        assert "freshdesk.com" not in text
        assert "https://" not in text
        assert "?" not in text
        assert "page=" not in text
        assert "SECRETKEY123" not in text
        assert "dana" not in text
    assert error.message.startswith(f"{status} ")
    assert error.message.endswith(" [GET tickets]")


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "tickets/42"), ("PUT", "contacts/43026449322"), ("DELETE", "companies/7")],
)
def test_message_suffix_is_method_and_path(method: str, path: str) -> None:
    error = _error(404, b"", method=method, path=path)
    assert error.message == f"404 Not Found [{method} {path}]"
    assert repr(error) == (
        f"NotFoundError('404 Not Found [{method} {path}]', status_code=404, "
        f"method={method!r}, path={path!r})"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", None),
        (b"   ", None),
        (b"{}", {}),
        (b'{"a": 1}', {"a": 1}),
        (b"[1, 2]", [1, 2]),
        (b'"text"', "text"),
        (b"true", True),
        (b"<html></html>", None),
        (b"\xff\xfe\x00garbage", None),
        (b"{", None),
    ],
)
def test_decode_json_body(raw: bytes, expected: object) -> None:
    assert decode_json_body(raw) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (None, ()),
        ("text", ()),
        ([{"field": "x"}], ()),
        ({"errors": "not a list"}, ()),
        ({"errors": {"field": "x"}}, ()),
        ({"errors": []}, ()),
        (
            {"errors": [{"field": "", "message": "", "code": "", "nested_field": ""}]},
            (FieldError(),),
        ),
        (
            {"errors": [{"field": "x", "additional_info": ["not", "a", "dict"]}]},
            (FieldError(field="x"),),
        ),
        (
            {
                "errors": [
                    {
                        "field": "custom_fields",
                        "nested_field": "custom_fields.cf_x",
                        "message": "m",
                        "code": "invalid_value",
                        "additional_info": {"user_id": 1},
                    }
                ]
            },
            (
                FieldError(
                    field="custom_fields",
                    nested_field="custom_fields.cf_x",
                    message="m",
                    code="invalid_value",
                    additional_info={"user_id": 1},
                ),
            ),
        ),
    ],
)
def test_parse_field_errors(body: object, expected: tuple[FieldError, ...]) -> None:
    assert parse_field_errors(body) == expected


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            FieldError(field="email", message="Bad", code="invalid_value"),
            "email (invalid_value) Bad",
        ),
        (
            FieldError(field="cf", nested_field="custom_fields.cf_x", message="m"),
            "custom_fields.cf_x m",
        ),
        (FieldError(code="missing_field"), "(missing_field)"),
        (FieldError(), ""),
    ],
)
def test_field_error_describe(entry: FieldError, expected: str) -> None:
    assert entry.describe() == expected


def test_a_401_names_the_account_that_refused_the_key() -> None:
    error = error_from_response(
        401,
        {},
        b'{"code": "invalid_credentials", "message": "You have to be logged in to perform this action."}',
        method="GET",
        path="agents/me",
        host="acme.freshdesk.com",
    )
    assert str(error) == (
        "401 Freshdesk refused the API key for acme.freshdesk.com (You have to be logged in "
        "to perform this action. (invalid_credentials)); check the key and the domain "
        "[GET agents/me]"
    )


@pytest.mark.parametrize(
    ("kind", "detail", "expected"),
    [
        (
            "ConnectError",
            "[Errno 111] Connection refused",
            "the connection to acme.freshdesk.com:443 was refused (nothing accepts connections "
            "there) [GET tickets]",
        ),
        (
            "ConnectError",
            "[Errno -2] Name or service not known",
            "the host name acme.freshdesk.com could not be resolved (check the domain) [GET tickets]",
        ),
        (
            "ConnectError",
            "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed",
            "the TLS certificate of acme.freshdesk.com:443 was not accepted [GET tickets]",
        ),
        (
            "ReadError",
            "[Errno 104] Connection reset by peer",
            "acme.freshdesk.com:443 reset the connection [GET tickets]",
        ),
        (
            "RemoteProtocolError",
            "Server disconnected without sending a response.",
            "the connection to acme.freshdesk.com:443 failed (RemoteProtocolError: Server "
            "disconnected without sending a response.) [GET tickets]",
        ),
        (
            "ConnectError",
            "",
            "the connection to acme.freshdesk.com:443 failed (ConnectError: no detail) [GET tickets]",
        ),
    ],
)
def test_connection_failures_say_where_and_what(kind: str, detail: str, expected: str) -> None:
    message = connection_failure(
        kind, detail, host="acme.freshdesk.com", port=443, method="GET", path="tickets"
    )
    assert message == expected


@pytest.mark.parametrize(
    ("kind", "phase"),
    [
        ("ConnectTimeout", "connect to"),
        ("ReadTimeout", "receive an answer from"),
        ("WriteTimeout", "send the request to"),
        ("PoolTimeout", "get a free connection to"),
        ("TimeoutException", "reach"),
    ],
)
def test_timeouts_say_which_phase(kind: str, phase: str) -> None:
    message = timeout_failure(kind, host="h.example", port=8000, method="GET", path="x")
    assert message == f"timed out trying to {phase} h.example:8000 ({kind}) [GET x]"
