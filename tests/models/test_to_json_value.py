"""``to_json_value``: inputs to JSON for request bodies and queries."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

from freshdesk_atom._to_json import to_json_value
from freshdesk_atom._types import NOT_GIVEN, JSONValue, NotGiven
from freshdesk_atom.models import ContactState, TicketPriority, TicketStatus


class Colour(enum.Enum):
    RED = "red"


@attrs.frozen(kw_only=True)
class Body:
    subject: str
    status: TicketStatus | NotGiven = NOT_GIVEN
    responder_id: int | NotGiven | None = NOT_GIVEN
    tags: tuple[str, ...] = ()


IST = timezone(timedelta(hours=5, minutes=30))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(None, None, id="none"),
        pytest.param("text", "text", id="str"),
        pytest.param(43026449322, 43026449322, id="int"),
        pytest.param(1.5, 1.5, id="float"),
        pytest.param(True, True, id="bool"),
        pytest.param(TicketStatus.RESOLVED, 4, id="int-enum"),
        pytest.param(ContactState.BLOCKED, "blocked", id="str-enum"),
        pytest.param(Colour.RED, "red", id="plain-enum"),
        pytest.param(
            datetime(2024, 5, 13, 9, 12, 44, tzinfo=UTC), "2024-05-13T09:12:44Z", id="utc"
        ),
        pytest.param(
            datetime(2024, 5, 13, 14, 42, 44, 999999, tzinfo=IST),
            "2024-05-13T09:12:44Z",
            id="offset-to-utc-seconds",
        ),
        pytest.param(datetime(2024, 5, 13, 9, 12, 44), "2024-05-13T09:12:44Z", id="naive-is-utc"),
        pytest.param(date(2025, 1, 31), "2025-01-31", id="date"),
        pytest.param(("a", "b"), ["a", "b"], id="tuple"),
        pytest.param([TicketPriority.HIGH, None], [3, None], id="list"),
        pytest.param({3, 1, 2}, [1, 2, 3], id="set-sorted"),
        pytest.param(frozenset({"x"}), ["x"], id="frozenset"),
        pytest.param(
            {"a": NOT_GIVEN, "b": None, "c": (1,)}, {"b": None, "c": [1]}, id="dict-drops-not-given"
        ),
        pytest.param(
            {TicketStatus.OPEN: 1, ContactState.VERIFIED: 2},
            {"2": 1, "verified": 2},
            id="enum-keys",
        ),
        pytest.param(
            {"custom_fields": {"cf_due": date(2025, 1, 1), "cf_vip": False}},
            {"custom_fields": {"cf_due": "2025-01-01", "cf_vip": False}},
            id="nested",
        ),
        pytest.param(
            Body(subject="Hi", responder_id=None, tags=("x",)),
            {"subject": "Hi", "responder_id": None, "tags": ["x"]},
            id="attrs-drops-not-given",
        ),
        pytest.param(
            Body(subject="Hi", status=TicketStatus.CLOSED),
            {"subject": "Hi", "status": 5, "tags": []},
            id="attrs-enum",
        ),
    ],
)
def test_to_json_value(value: object, expected: JSONValue) -> None:
    result = to_json_value(value)
    assert result == expected
    assert type(result) is type(expected)


def test_enum_results_are_plain_types() -> None:
    assert type(to_json_value(TicketStatus.OPEN)) is int
    assert type(to_json_value(ContactState.VERIFIED)) is str


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(NOT_GIVEN, id="bare-not-given"),
        pytest.param([NOT_GIVEN], id="not-given-in-list"),
        pytest.param(object(), id="object"),
        pytest.param(b"bytes", id="bytes"),
        pytest.param({1.5: "x"}, id="float-key"),
    ],
)
def test_unsupported_values_raise(value: Any) -> None:
    with pytest.raises(TypeError):
        to_json_value(value)
