"""Table tests of ``RequestSpec``, ``build_query``, ``check_id`` and the input checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from freshdesk_atom._core.request import (
    IDEMPOTENT_METHODS,
    Method,
    RequestSpec,
    build_query,
    check_id,
)
from freshdesk_atom._core.uploads import Upload
from freshdesk_atom._core.validation import (
    check_bool,
    check_custom_fields,
    check_email,
    check_email_list,
    check_int,
    check_optional_id,
    check_str,
    check_tags,
    check_timestamp,
)
from freshdesk_atom._types import NOT_GIVEN, NotGiven, QueryValue

# --- RequestSpec -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "idempotent"),
    [("GET", True), ("PUT", True), ("DELETE", True), ("POST", False)],
)
def test_request_spec_idempotent_by_method(method: Method, idempotent: bool) -> None:
    assert RequestSpec(method=method, path="tickets").idempotent is idempotent
    assert (method in IDEMPOTENT_METHODS) is idempotent


@pytest.mark.parametrize(("method", "override"), [("POST", True), ("GET", False)])
def test_request_spec_idempotent_override(method: Method, override: bool) -> None:
    assert RequestSpec(method=method, path="x", idempotent=override).idempotent is override


@pytest.mark.parametrize(
    ("params", "name", "expected"),
    [
        ((), "page", None),
        ((("page", "2"),), "page", "2"),
        ((("page", "2"), ("page", "3")), "page", "3"),
        ((("per_page", "100"),), "page", None),
        ((("page", ""),), "page", ""),
    ],
)
def test_request_spec_param_is_last_value(
    params: tuple[tuple[str, str], ...], name: str, expected: str | None
) -> None:
    assert RequestSpec(method="GET", path="x", params=params).param(name) == expected


def test_request_spec_with_params_is_a_copy() -> None:
    spec = RequestSpec(method="PUT", path="tickets/1", json={"status": 2})
    other = spec.with_params([("a", "1")])
    assert other.params == (("a", "1"),)
    assert (other.method, other.path, other.json, other.idempotent) == (
        "PUT",
        "tickets/1",
        {"status": 2},
        True,
    )
    assert spec.params == ()


def test_request_spec_with_params_keeps_every_other_field() -> None:
    upload = Upload("a.txt", 1, "text/plain", b"a")
    spec = RequestSpec(
        method="POST",
        path="tickets",
        params=(("x", "1"),),
        json={"a": 1},
        files=(upload,),
        idempotent=True,
        done_if=frozenset({404}),
    )
    moved = spec.with_params([("b", "2")])
    assert moved.params == (("b", "2"),)
    assert (moved.json, moved.files, moved.idempotent, moved.done_if) == (
        {"a": 1},
        (upload,),
        True,
        frozenset({404}),
    )


@pytest.mark.parametrize(
    ("method", "files", "idempotent"),
    [("PUT", False, True), ("PUT", True, False), ("GET", False, True), ("POST", False, False)],
)
def test_a_put_that_attaches_files_is_not_idempotent(
    method: Method, files: bool, idempotent: bool
) -> None:
    uploads = (Upload("a.txt", 1, "text/plain", b"a"),) if files else ()
    assert RequestSpec(method=method, path="tickets/1", files=uploads).idempotent is idempotent


# --- build_query -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param({}, (), id="empty"),
        pytest.param({"page": NOT_GIVEN}, (), id="not-given-dropped"),
        pytest.param({"page": None}, (), id="none-dropped"),
        pytest.param({"flag": True}, (("flag", "true"),), id="true"),
        pytest.param({"flag": False}, (("flag", "false"),), id="false-kept"),
        pytest.param({"page": 0}, (("page", "0"),), id="zero-kept"),
        pytest.param({"q": ""}, (("q", ""),), id="empty-string-kept"),
        pytest.param({"n": 43026449322}, (("n", "43026449322"),), id="big-int"),
        pytest.param({"x": 1.5}, (("x", "1.5"),), id="float"),
        pytest.param({"email": "a+b@x.io"}, (("email", "a+b@x.io"),), id="string-not-encoded-here"),
        pytest.param(
            {"b": 1, "a": NOT_GIVEN, "c": True, "d": None, "e": "s"},
            (("b", "1"), ("c", "true"), ("e", "s")),
            id="mixed-keeps-order",
        ),
    ],
)
def test_build_query(
    params: dict[str, QueryValue | NotGiven | None], expected: tuple[tuple[str, str], ...]
) -> None:
    assert build_query(params) == expected


# --- check_id ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 42, 43026449322, 2**63 - 1])
def test_check_id_accepts_positive_ints(value: int) -> None:
    assert check_id(value, "ticket_id") == value


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (0, ValueError, "ticket_id must be a positive integer, not 0"),
        (-5, ValueError, "ticket_id must be a positive integer, not -5"),
        (True, TypeError, "ticket_id must be an int, not bool"),
        (False, TypeError, "ticket_id must be an int, not bool"),
        ("42", TypeError, "ticket_id must be an int, not str"),
        (4.0, TypeError, "ticket_id must be an int, not float"),
        (None, TypeError, "ticket_id must be an int, not NoneType"),
        ("../contacts/1", TypeError, "ticket_id must be an int, not str"),
    ],
)
def test_check_id_rejects(value: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as caught:
        check_id(value, "ticket_id")
    assert str(caught.value) == message


# --- validation helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "minimum", "maximum", "error", "message"),
    [
        (5, 1, 10, None, None),
        (1, 1, 10, None, None),
        (10, 1, 10, None, None),
        (0, 1, 10, ValueError, "n must be >= 1, not 0"),
        (11, 1, 10, ValueError, "n must be <= 10, not 11"),
        (True, None, None, TypeError, "n must be an int, not bool"),
        ("5", None, None, TypeError, "n must be an int, not str"),
        (5.0, None, None, TypeError, "n must be an int, not float"),
    ],
)
def test_check_int(
    value: object,
    minimum: int | None,
    maximum: int | None,
    error: type[Exception] | None,
    message: str | None,
) -> None:
    if error is None:
        assert check_int(value, "n", minimum=minimum, maximum=maximum) == value
        return
    with pytest.raises(error) as caught:
        check_int(value, "n", minimum=minimum, maximum=maximum)
    assert str(caught.value) == message


@pytest.mark.parametrize(("value", "expected"), [(None, None), (1, 1), (43026449322, 43026449322)])
def test_check_optional_id(value: object, expected: int | None) -> None:
    assert check_optional_id(value, "group_id") == expected


@pytest.mark.parametrize(("value", "error"), [(0, ValueError), (True, TypeError), ("1", TypeError)])
def test_check_optional_id_rejects(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="group_id"):
        check_optional_id(value, "group_id")


@pytest.mark.parametrize(
    ("value", "ok"), [(True, True), (False, True), (1, False), ("true", False), (None, False)]
)
def test_check_bool(value: object, ok: bool) -> None:
    if ok:
        assert check_bool(value, "private") is value
    else:
        with pytest.raises(TypeError, match="private must be a bool"):
            check_bool(value, "private")


@pytest.mark.parametrize(
    ("value", "max_length", "allow_empty", "error", "message"),
    [
        ("x", None, False, None, None),
        ("x" * 255, 255, False, None, None),
        ("x" * 256, 255, False, ValueError, "s must be at most 255 characters, not 256"),
        ("", None, False, ValueError, "s must not be blank"),
        ("  \t", None, False, ValueError, "s must not be blank"),
        ("", None, True, None, None),
        (5, None, False, TypeError, "s must be a str, not int"),
        (None, None, True, TypeError, "s must be a str, not NoneType"),
    ],
)
def test_check_str(
    value: object,
    max_length: int | None,
    allow_empty: bool,
    error: type[Exception] | None,
    message: str | None,
) -> None:
    if error is None:
        assert check_str(value, "s", max_length=max_length, allow_empty=allow_empty) == value
        return
    with pytest.raises(error) as caught:
        check_str(value, "s", max_length=max_length, allow_empty=allow_empty)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("dana@globex.example", "dana@globex.example"),
        (" dana@globex.example ", "dana@globex.example"),
        ("first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk"),
    ],
)
def test_check_email_accepts(value: str, expected: str) -> None:
    assert check_email(value, "email") == expected


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("dana", ValueError),
        ("dana@", ValueError),
        ("@globex.example", ValueError),
        ("dana@globex", ValueError),
        ("da na@globex.example", ValueError),
        ("a@b@globex.example", ValueError),
        ("a@globex.example, b@globex.example", ValueError),
        ("Dana <dana@globex.example>", ValueError),
        ("", ValueError),
        (["dana@globex.example"], TypeError),
        (None, TypeError),
    ],
)
def test_check_email_rejects(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="email"):
        check_email(value, "email")


@pytest.mark.parametrize(
    ("value", "max_items", "expected"),
    [
        (["a@x.io", "b@x.io"], None, ["a@x.io", "b@x.io"]),
        ([], None, []),
        (("a@x.io",), 1, ["a@x.io"]),
        ([" a@x.io "], 1, ["a@x.io"]),
        (["a@x.io"] * 49, 49, ["a@x.io"] * 49),
    ],
)
def test_check_email_list(value: object, max_items: int | None, expected: list[str]) -> None:
    assert check_email_list(value, "cc_emails", max_items=max_items) == expected


@pytest.mark.parametrize(
    ("value", "max_items", "error", "match"),
    [
        (["a@x.io", "b@x.io"], 1, ValueError, "cc_emails may hold at most 1 addresses, not 2"),
        ("a@x.io", None, TypeError, "cc_emails must be a list of strings, not str"),
        (b"a@x.io", None, TypeError, "cc_emails must be a list of strings, not bytes"),
        (None, None, TypeError, "cc_emails must be a list of strings, not NoneType"),
        ({"a@x.io": 1}, None, TypeError, "cc_emails must be a list of strings, not dict"),
        (["a@x.io", 5], None, TypeError, r"cc_emails\[1\] must be a str, not int"),
        (["a@x.io", "nope"], None, ValueError, r"cc_emails\[1\] must be a valid email address"),
    ],
)
def test_check_email_list_rejects(
    value: object, max_items: int | None, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        check_email_list(value, "cc_emails", max_items=max_items)


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        (["vip", "billing"], None, None),
        ([], None, None),
        (["x" * 32], None, None),
        (["x" * 33], ValueError, r"tags\[0\] must be at most 32 characters, not 33"),
        (["ok", "a,b"], ValueError, r"tags\[1\] must not contain a comma: 'a,b'"),
        (["ok", " "], ValueError, r"tags\[1\] must not be blank"),
        ("vip", TypeError, "tags must be a list of strings, not str"),
        ([1], TypeError, r"tags\[0\] must be a str, not int"),
        (None, TypeError, "tags must be a list of strings, not NoneType"),
    ],
)
def test_check_tags(value: object, error: type[Exception] | None, match: str | None) -> None:
    if error is None:
        assert check_tags(value) == value
        return
    with pytest.raises(error, match=match):
        check_tags(value)


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        (datetime(2024, 1, 1, tzinfo=UTC), None, None),
        (datetime(2024, 1, 1), None, None),
        ("2024-01-01T00:00:00Z", None, None),
        ("2024-03-05T09:15:27+05:30", None, None),
        ("2024-01-01", None, None),
        (
            "yesterday",
            ValueError,
            "due_by must be an ISO 8601 timestamp such as .*, not 'yesterday'",
        ),
        ("9999-12-31T23:59:59-01:00", ValueError, "due_by must fall within the years 1 to 9999"),
        (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=2))), ValueError, "due_by must fall"),
        ("2024-13-01T00:00:00Z", ValueError, "due_by must be an ISO 8601 timestamp"),
        (
            date(2024, 1, 1),
            TypeError,
            "due_by must be a datetime or an ISO 8601 string, not a date",
        ),
        (1704067200, TypeError, "due_by must be a datetime or an ISO 8601 string, not int"),
    ],
)
def test_check_timestamp(value: object, error: type[Exception] | None, match: str | None) -> None:
    if error is None:
        # Strings are parsed and everything is made UTC, so every timestamp is sent the same way.
        expected = datetime.fromisoformat(value) if isinstance(value, str) else value
        assert isinstance(expected, datetime)
        if expected.tzinfo is None:
            expected = expected.replace(tzinfo=UTC)
        checked = check_timestamp(value, "due_by")
        assert checked == expected
        assert checked.tzinfo is UTC
        return
    with pytest.raises(error, match=match):
        check_timestamp(value, "due_by")


@pytest.mark.parametrize(
    ("value", "prefix", "error", "match"),
    [
        ({"cf_region": "EMEA", "cf_vip": False, "cf_n": 3, "cf_x": None}, "cf_", None, None),
        ({"department": "Finance"}, None, None, None),
        ({}, "cf_", None, None),
        (
            {"region": "EMEA"},
            "cf_",
            ValueError,
            "custom_fields keys must start with 'cf_' here, not 'region'",
        ),
        ({"": 1}, None, TypeError, "custom_fields keys must be non-empty strings"),
        ({1: 1}, None, TypeError, "custom_fields keys must be non-empty strings"),
        ({"cf_x": object()}, "cf_", TypeError, r"custom_fields\['cf_x'\] must be text, a number"),
        ({"cf_x": {"a": 1}}, "cf_", TypeError, r"custom_fields\['cf_x'\] must be text, a number"),
        ({"cf_x": [["a"]]}, "cf_", TypeError, r"custom_fields\['cf_x'\] must be text, a number"),
        ({"cf_x": float("nan")}, "cf_", ValueError, r"custom_fields\['cf_x'\] must be a finite"),
        ([("cf_x", 1)], "cf_", TypeError, "custom_fields must be a dict, not list"),
    ],
)
def test_check_custom_fields(
    value: object, prefix: str | None, error: type[Exception] | None, match: str | None
) -> None:
    if error is None:
        assert check_custom_fields(value, prefix=prefix) == value
        return
    with pytest.raises(error, match=match):
        check_custom_fields(value, prefix=prefix)
