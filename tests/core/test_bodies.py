"""Table tests of the shared body and query builders and the rules they reuse."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from freshdesk_atom._core.bodies import (
    checked_body,
    checked_query,
    given,
    max_chars,
    nonblank,
    one_of,
    optional_id,
    per_page,
    text,
    update_body,
)
from freshdesk_atom._core.validation import (
    check_choice,
    check_id_list,
    check_str_list,
    join_choices,
)
from freshdesk_atom._types import NOT_GIVEN
from freshdesk_atom.models.enums import ContactState, TicketPriority

RULES = {"name": nonblank, "note": text, "id": optional_id, "when": lambda v, n: v}


def test_given_drops_only_not_given() -> None:
    assert given({"a": NOT_GIVEN, "b": None, "c": 0, "d": ""}) == {"b": None, "c": 0, "d": ""}


def test_checked_body_sends_none_as_null_and_converts() -> None:
    body = checked_body(
        {"name": "Dana", "id": None, "when": datetime(2024, 1, 2, tzinfo=UTC)},
        RULES,
        resource="thing",
    )
    assert body == {"name": "Dana", "id": None, "when": "2024-01-02T00:00:00Z"}


def test_checked_body_converts_enums_to_their_values() -> None:
    body = checked_body({"when": TicketPriority.HIGH}, RULES, resource="thing")
    assert body == {"when": 3}
    assert type(body["when"]) is int


def test_checked_body_refuses_unknown_fields() -> None:
    with pytest.raises(TypeError, match="unexpected thing field 'colour'"):
        checked_body({"colour": "red"}, RULES, resource="thing")


def test_checked_body_refuses_null_for_not_null_fields() -> None:
    with pytest.raises(ValueError, match="name cannot be cleared"):
        checked_body({"name": None}, RULES, resource="thing", not_null={"name"})


def test_update_body_needs_a_field() -> None:
    with pytest.raises(ValueError, match="at least one field"):
        update_body({"name": NOT_GIVEN}, RULES, resource="thing")
    assert update_body({"note": ""}, RULES, resource="thing") == {"note": ""}


def test_checked_query_skips_none_renames_and_stringifies_nothing() -> None:
    query = checked_query(
        {"name": "x", "id": None, "note": NOT_GIVEN, "when": 5},
        RULES,
        resource="thing",
        rename={"when": "_when"},
    )
    assert query == {"name": "x", "_when": 5}


def test_checked_query_refuses_unknown_and_list_values() -> None:
    with pytest.raises(TypeError, match="unexpected thing list parameter 'page'"):
        checked_query({"page": 2}, RULES, resource="thing")
    with pytest.raises(TypeError, match="when must be a single value"):
        checked_query({"when": ["a"]}, RULES, resource="thing")


@pytest.mark.parametrize(
    ("rule", "value", "error"),
    [
        (nonblank, " ", ValueError),
        (nonblank, 3, TypeError),
        (max_chars(3), "abcd", ValueError),
        (one_of(("a", "b")), "c", ValueError),
        (one_of(("a", "b")), 1, ValueError),
        (optional_id, 0, ValueError),
        (optional_id, True, TypeError),
        (per_page, 0, ValueError),
        (per_page, 101, ValueError),
        (per_page, "30", TypeError),
    ],
)
def test_shared_rules_refuse(rule: Any, value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="field"):
        rule(value, "field")


@pytest.mark.parametrize(
    ("rule", "value", "expected"),
    [
        (text, "", ""),
        (max_chars(3), "abc", "abc"),
        (one_of(("verified", "blocked")), ContactState.BLOCKED, "blocked"),
        (optional_id, None, None),
        (optional_id, 43026449322, 43026449322),
        (per_page, 100, 100),
    ],
)
def test_shared_rules_accept(rule: Any, value: object, expected: object) -> None:
    assert rule(value, "field") == expected


def test_check_choice_returns_a_plain_str() -> None:
    value = check_choice(ContactState.DELETED, "state", ("deleted",))
    assert value == "deleted"
    assert type(value) is str


@pytest.mark.parametrize(
    ("value", "expected"),
    [("a", "a"), (["b", "a"], "b,a"), (("a", "a"), "a")],
)
def test_join_choices(value: object, expected: str) -> None:
    assert join_choices(value, "include", ("a", "b")) == expected


@pytest.mark.parametrize(
    ("value", "error"), [([], ValueError), (["c"], ValueError), (b"a", TypeError), (1, TypeError)]
)
def test_join_choices_refuses(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="include"):
        join_choices(value, "include", ("a", "b"))


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        ("1,2", TypeError, "group_ids must be a list"),
        ({"a": 1}, TypeError, "group_ids must be a list"),
        ([1, "2"], TypeError, r"group_ids\[1\]"),
        ([1, 0], ValueError, r"group_ids\[1\]"),
        ([True], TypeError, r"group_ids\[0\]"),
    ],
)
def test_check_id_list_refuses(value: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        check_id_list(value, "group_ids")


def test_check_id_list_accepts_any_iterable_of_ids() -> None:
    assert check_id_list((3, 1), "group_ids") == [3, 1]
    assert check_id_list([], "group_ids") == []


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        ("acme.com", TypeError, "domains must be a list"),
        (["acme", " "], ValueError, r"domains\[1\] must not be blank"),
        (["x" * 6], ValueError, r"domains\[0\] must be at most 5"),
        ([1], TypeError, r"domains\[0\]"),
    ],
)
def test_check_str_list_refuses(value: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        check_str_list(value, "domains", max_length=5)
