"""Inputs to JSON: :func:`to_json_value` turns request arguments into a body or query."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Final, cast

import attrs

from ._core.timestamps import format_timestamp
from ._types import NOT_GIVEN, JSONValue

__all__ = ["to_json_value"]

_PASS_THROUGH: Final = frozenset({str, int, float, bool, type(None)})


def to_json_value(value: object) -> JSONValue:
    """Turn an input value into JSON for a request body or query.

    * ``datetime`` -> ``"YYYY-MM-DDTHH:MM:SSZ"`` in UTC (a naive datetime is taken as
      UTC; sub-second precision is dropped, as Freshdesk keeps seconds only);
    * ``date`` -> ``"YYYY-MM-DD"``;
    * enums -> their value (``IntEnum`` -> ``int``, ``StrEnum`` -> ``str``);
    * tuples, lists, sets -> lists (sets sorted when their items allow it);
    * mappings and attrs instances -> dicts, leaving out entries whose value is
      ``NOT_GIVEN`` (an explicit ``None`` stays, as JSON ``null``).

    Raises:
        TypeError: for anything else, including a bare or list-item ``NOT_GIVEN``.
    """
    if type(value) in _PASS_THROUGH:
        return cast(JSONValue, value)
    if isinstance(value, enum.Enum):
        return to_json_value(value.value)
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if attrs.has(type(value)):
        names = [field.name for field in attrs.fields(cast(Any, type(value)))]
        value = {name: getattr(value, name) for name in names}
    if isinstance(value, Mapping):
        return {
            _key_to_json(key): to_json_value(item)
            for key, item in value.items()
            if item is not NOT_GIVEN
        }
    if isinstance(value, set | frozenset):
        items = [to_json_value(item) for item in value]
        try:
            return sorted(items)  # type: ignore[type-var]
        except TypeError:
            return items
    if isinstance(value, list | tuple):
        return [to_json_value(item) for item in value]
    raise TypeError(f"cannot send a {type(value).__name__} value as JSON")


def _key_to_json(key: object) -> str:
    if isinstance(key, enum.Enum):
        key = key.value
    if isinstance(key, str):
        return key
    if isinstance(key, int) and not isinstance(key, bool):
        return str(key)
    raise TypeError(f"cannot use {type(key).__name__} as a JSON object key")
