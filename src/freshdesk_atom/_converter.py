"""The one cattrs converter: every rule that turns Freshdesk JSON into models, and models back.

Models stay plain attrs classes; the rules live here (cattrs' "keep them separated"),
on cattrs' own generated functions (``make_dict_structure_fn``):

* scalars are checked, not coerced (cattrs would turn ``5`` into ``"5"`` or ``"no"``
  into ``True``); the one tolerance is ``phone``/``mobile``, which ancient payloads
  sent as numbers and which become their digits;
* a JSON array is required where a model has a tuple (a string is not a list of
  letters);
* timestamps parse with any offset (``Z``, ``+05:30``) and are normalised to UTC;
  a timestamp without an offset is taken as UTC;
* ``dict[str, JSONValue]`` fields accept any JSON value;
* older payload shapes (Freshdesk's legacy search results and v1-era objects) are
  brought to the current shape first, per model, by ``_legacy_shapes.LEGACY``:
  legacy keys are renamed (when both a key and its legacy alias are present, the
  current key wins), known display or obsolete keys are dropped, and a few keys
  are reshaped;
* keys no model field knows go to the record's ``extra`` (``Record.extra``), so a
  field Freshdesk adds tomorrow is there for the caller instead of lost, and
  unstructuring puts them back.

``converter`` is the production one. ``strict_converter`` rejects unknown keys; the
tests decode every recorded response with it, so model drift breaks our CI. A body
that does not fit raises a ``cattrs`` validation error naming the field, which the
parsing layer turns into ``ResponseValidationError``.

``to_json_value`` (request inputs to JSON) lives in ``_to_json`` and is
re-exported here, so every conversion is imported from this one module.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Final, TypeVar, cast

import attrs
import cattrs
from cattrs.dispatch import StructureHook, UnstructureHook
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import make_converter as make_json_converter

from ._core.timestamps import format_timestamp, to_utc
from ._legacy_shapes import LEGACY
from ._to_json import to_json_value
from ._types import JSONValue
from .models.common import Record

__all__ = [
    "converter",
    "describe_error",
    "make_converter",
    "strict_converter",
    "structure",
    "to_json_value",
]

T = TypeVar("T")

_EXTRA_KEY: Final = "\x00extra"
"""Where the structuring hook hands a record's unknown keys to cattrs (no JSON key looks so)."""


# --- Scalar hooks ---------------------------------------------------------------------


def _structure_str(value: object, _: object) -> str:
    if isinstance(value, str):
        return value
    raise TypeError(f"expected a string, got {type(value).__name__}")


def _structure_int(value: object, _: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"expected an integer, got {type(value).__name__}")


def _structure_float(value: object, _: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise TypeError(f"expected a number, got {type(value).__name__}")


def _structure_bool(value: object, _: object) -> bool:
    if isinstance(value, bool):
        return value
    raise TypeError(f"expected a boolean, got {type(value).__name__}")


def _structure_phone(value: object, _: object) -> str | None:
    # Phone numbers are strings; ancient payloads sent numbers (docs/freshdesk-api-notes.md#data-conventions).
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise TypeError(f"expected a phone number string, got {type(value).__name__}")


def _structure_datetime(value: object, _: object) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO 8601 timestamp, got {type(value).__name__}")
    return to_utc(datetime.fromisoformat(value))


def _structure_date(value: object, _: object) -> date:
    if not isinstance(value, str):
        raise TypeError(f"expected a YYYY-MM-DD date, got {type(value).__name__}")
    return date.fromisoformat(value)


def _structure_json(value: object, _: object) -> JSONValue:
    # Decoded JSON already: only what json.loads cannot make is refused.
    if value is None or isinstance(value, str | int | float | list | dict):
        return cast(JSONValue, value)
    raise TypeError(f"expected a JSON value, got {type(value).__name__}")


_JSON_SCALARS: Final = frozenset({str, int, float, bool, type(None)})


def _is_json_value(tp: object) -> bool:
    """Tell whether ``tp`` is the (resolved) ``JSONValue`` union.

    ``JSONValue`` is a recursive string alias, so after annotation resolution it is a
    union of the JSON scalars, a ``list[...]`` and a ``dict[str, ...]`` whose inner
    parts are forward references cattrs cannot follow; match it by that shape.
    """
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return False
    args = typing.get_args(tp)
    origins = {typing.get_origin(a) for a in args}
    return set(args) >= _JSON_SCALARS and origins >= {list, dict}


def _is_homogenous_tuple(tp: object) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(tp: Any, conv: cattrs.Converter) -> StructureHook:
    item_type = typing.get_args(tp)[0]
    item_hook = conv.get_structure_hook(item_type)
    if item_type is str:
        # Lists of strings (emails, tags) are most tuples: checked in one pass.
        def structure_strings(value: object, _: Any) -> tuple[str, ...]:
            if not isinstance(value, list | tuple):
                raise TypeError(f"expected a JSON array, got {type(value).__name__}")
            if all(type(item) is str for item in value):
                return tuple(value)
            return tuple(item_hook(item, item_type) for item in value)

        return structure_strings

    def structure_tuple(value: object, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected a JSON array, got {type(value).__name__}")
        return tuple(item_hook(item, item_type) for item in value)

    return structure_tuple


def _is_optional(tp: object) -> bool:
    """``X | None`` for one ``X``: the shape of most model fields."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return False
    args = typing.get_args(tp)
    return len(args) == 2 and type(None) in args and not _is_json_value(tp)


def _optional_hook(tp: Any, conv: cattrs.Converter) -> StructureHook:
    # cattrs' own Optional handling looks the inner hook up on every call; this
    # looks it up once per field type.
    inner_type = next(arg for arg in typing.get_args(tp) if arg is not type(None))
    inner_hook = conv.get_structure_hook(inner_type)

    def structure_optional(value: object, _: Any) -> Any:
        return None if value is None else inner_hook(value, inner_type)

    return structure_optional


def _is_json_object(tp: object) -> bool:
    """``dict[str, JSONValue]``: custom fields, ``source_additional_info`` and the like."""
    args = typing.get_args(tp)
    return (
        typing.get_origin(tp) is dict
        and len(args) == 2
        and args[0] is str
        and _is_json_value(args[1])
    )


def _structure_json_object(value: object, _: object) -> dict[str, JSONValue]:
    # Decoded JSON: an object's keys are strings and its values JSON already.
    if isinstance(value, dict):
        return cast(dict[str, JSONValue], value)
    raise TypeError(f"expected a JSON object, got {type(value).__name__}")


_PHONE_FIELDS: Final = frozenset({"phone", "mobile"})


def _record_hooks(strict: bool) -> Callable[[Any, cattrs.Converter], StructureHook]:
    def make_hook(cl: Any, conv: cattrs.Converter) -> StructureHook:
        fields: set[str] = {a.name for a in attrs.fields(cl)}
        overrides: dict[str, Any] = {
            name: override(struct_hook=_structure_phone) for name in fields & _PHONE_FIELDS
        }
        if issubclass(cl, Record):
            overrides["extra"] = override(rename=_EXTRA_KEY, struct_hook=lambda v, _: v)
            fields.discard("extra")
        base = make_dict_structure_fn(cl, conv, _cattrs_forbid_extra_keys=strict, **overrides)
        legacy = LEGACY.get(cl)
        keeps_extra = issubclass(cl, Record) and not strict

        def structure_record(value: Any, target: Any) -> Any:
            if isinstance(value, dict):
                if legacy is not None:
                    value = legacy.apply(value)
                if keeps_extra and not fields.issuperset(value):
                    unknown = {k: v for k, v in value.items() if k not in fields}
                    value = {**value, _EXTRA_KEY: unknown}
            return base(value, target)

        return structure_record

    return make_hook


def _record_unstructure(cl: Any, conv: cattrs.Converter) -> UnstructureHook:
    base = make_dict_unstructure_fn(cl, conv, extra=override(omit=True))

    def unstructure_record(record: Record) -> dict[str, Any]:
        data = base(record)
        # What Freshdesk sent that no field models goes back out as it came.
        return {**record.extra, **data} if record.extra else data

    return unstructure_record


# --- Public API ---------------------------------------------------------------------


def make_converter(*, strict: bool = False) -> cattrs.Converter:
    """Build a converter holding every structuring rule of the SDK.

    Args:
        strict: reject keys that no model field and no legacy rule knows
            (``forbid_extra_keys``); for tests.
            The default keeps unknown keys in ``Record.extra``.

    Returns:
        A configured converter; configure once, then share (hooks are cached). Its
        ``unstructure`` renders timestamps as ``"YYYY-MM-DDTHH:MM:SSZ"``.
    """
    conv = make_json_converter(forbid_extra_keys=strict, detailed_validation=True)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_structure_hook(date, _structure_date)
    conv.register_structure_hook_func(_is_json_value, _structure_json)
    conv.register_structure_hook_func(_is_json_object, _structure_json_object)
    conv.register_structure_hook_factory(_is_optional, _optional_hook)
    conv.register_structure_hook_factory(_is_homogenous_tuple, _tuple_hook)
    conv.register_structure_hook_factory(attrs.has, _record_hooks(strict))
    # Unstructured models read like Freshdesk's own bodies: UTC timestamps ending in Z.
    conv.register_unstructure_hook(datetime, format_timestamp)
    conv.register_unstructure_hook_factory(
        lambda cl: isinstance(cl, type) and issubclass(cl, Record), _record_unstructure
    )
    return conv


converter: Final = make_converter()
"""The production converter: unknown keys go to ``Record.extra``."""

strict_converter: Final = make_converter(strict=True)
"""The test converter: unknown keys raise."""


def structure(data: object, cl: type[T], *, strict: bool = False) -> T:
    """Turn decoded JSON into ``cl`` (a model, or e.g. ``tuple[Model, ...]``).

    Raises:
        cattrs.BaseValidationError: the data does not fit (wrong type, missing
            required key, or, with ``strict``, an unknown key).
        TypeError, ValueError: for a bare scalar ``cl`` that does not fit.
    """
    return (strict_converter if strict else converter).structure(data, cl)


_SHOWN_PROBLEMS: Final = 3


def describe_error(exc: BaseException) -> str:
    """Say in one line which fields did not fit and why: ``$.id: expected int; $.status: missing``.

    For cattrs' validation errors, the first few of the problems it found
    (``transform_error``); for any other error, its type and message.
    """
    if not isinstance(exc, cattrs.BaseValidationError):
        return f"{type(exc).__name__}: {exc}"
    problems = []
    for line in cattrs.transform_error(exc):
        text, _, where = line.rpartition(" @ ")
        text = text.replace("invalid value for type, ", "").replace("required field ", "")
        problems.append(f"{where.removeprefix('$.')}: {text}" if where else line)
    shown = "; ".join(problems[:_SHOWN_PROBLEMS])
    more = len(problems) - _SHOWN_PROBLEMS
    return f"{shown} (and {more} more)" if more > 0 else shown
