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
  brought to the current shape first, per model, by ``_LEGACY``: legacy keys are
  renamed (when both a key and its legacy alias are present, the current key wins),
  known display or obsolete keys are dropped, and a few keys are reshaped;
* keys no model field knows go to the record's ``extra`` (``Record.extra``), so a
  field Freshdesk adds tomorrow is there for the caller instead of lost, and
  unstructuring puts them back.

``converter`` is the production one. ``strict_converter`` rejects unknown keys; the
tests decode every recorded response with it, so model drift breaks our CI. A body
that does not fit raises a ``cattrs`` validation error naming the field, which the
parsing layer turns into ``ResponseValidationError``.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, Final, TypeVar, cast

import attrs
import cattrs
from cattrs.dispatch import StructureHook, UnstructureHook
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import make_converter as make_json_converter

from ._core.timestamps import format_timestamp, to_utc
from ._types import NOT_GIVEN, JSONValue
from .models.common import Record
from .models.companies import Company
from .models.contacts import Contact
from .models.conversations import Attachment
from .models.misc import Role
from .models.tickets import Ticket

__all__ = [
    "converter",
    "describe_error",
    "make_converter",
    "strict_converter",
    "structure",
    "to_json_value",
]

T = TypeVar("T")

Payload = dict[str, Any]

_EXTRA_KEY: Final = "\x00extra"
"""Where the structuring hook hands a record's unknown keys to cattrs (no JSON key looks so)."""


# --- Legacy shapes ------------------------------------------------------------------


@attrs.frozen
class _LegacyKeys:
    """How one model's older payload shapes map onto the current one.

    Attributes:
        renames: legacy key -> current key; the current key wins when both are present.
        drop: display-only or obsolete keys that carry nothing the model needs.
        reshape: key -> an in-place fix of the payload, run when that key is present
            (for legacy keys whose value needs more than a rename).
        fix: current key -> a function of its value alone, for values that older
            payloads shaped differently; run last, when the key is present.
    """

    renames: Mapping[str, str] = attrs.field(factory=dict)
    drop: frozenset[str] = frozenset()
    reshape: Mapping[str, Callable[[Payload], None]] = attrs.field(factory=dict)
    fix: Mapping[str, Callable[[Any], Any]] = attrs.field(factory=dict)
    triggers: frozenset[str] = attrs.field(init=False)

    @triggers.default
    def _triggers(self) -> frozenset[str]:
        return frozenset(self.renames) | self.drop | frozenset(self.reshape) | frozenset(self.fix)

    def apply(self, data: Payload) -> Payload:
        """Return ``data`` in the current shape (a copy if anything changed)."""
        if self.triggers.isdisjoint(data):
            return data
        data = dict(data)
        for key, reshape in self.reshape.items():
            if key in data:
                reshape(data)
        for legacy, current in self.renames.items():
            if legacy in data:
                value = data.pop(legacy)
                data.setdefault(current, value)
        for key in self.drop:
            data.pop(key, None)
        for key, fix in self.fix.items():
            if key in data:
                data[key] = fix(data[key])
        return data


def _ticket_description(data: Payload) -> None:
    # Legacy tickets send the HTML as ``description_html`` and the *plain text* as
    # ``description``; current ones send HTML as ``description`` and plain text as
    # ``description_text``. With ``description_text`` present the payload is current
    # and ``description_html`` is a duplicate.
    html = data.pop("description_html")
    if "description_text" not in data:
        data["description_text"] = data.get("description")
        data["description"] = html


def _ticket_cc_email(data: Payload) -> None:
    # v1's ``cc_email: {cc_emails, fwd_emails, reply_cc, tkt_cc}`` became four keys.
    legacy = data.pop("cc_email")
    if not isinstance(legacy, dict):
        return
    for old, new in (
        ("cc_emails", "cc_emails"),
        ("fwd_emails", "fwd_emails"),
        ("reply_cc", "reply_cc_emails"),
        ("tkt_cc", "ticket_cc_emails"),
    ):
        if old in legacy:
            data.setdefault(new, legacy[old])


def _ticket_to_email(data: Payload) -> None:
    # v1's single ``to_email`` string became the ``to_emails`` list.
    legacy = data.pop("to_email")
    if "to_emails" not in data:
        data["to_emails"] = [legacy] if isinstance(legacy, str) else legacy


def _ticket_company(company: object) -> object:
    # ``include=company`` embeds ``{}`` for a ticket without a company.
    return None if company == {} else company


def _company_domains(domains: object) -> object:
    # v1 customers carried ``domains`` as one comma-separated string.
    if isinstance(domains, str):
        return [d.strip() for d in domains.split(",") if d.strip()]
    return domains


_LEGACY: Final[Mapping[type, _LegacyKeys]] = {
    Ticket: _LegacyKeys(
        renames={
            "ticket_type": "type",
            "frDueBy": "fr_due_by",
            "isescalated": "is_escalated",
            "custom_field": "custom_fields",
        },
        drop=frozenset(
            {
                # display names next to the codes they describe
                "status_name",
                "requester_status_name",
                "priority_name",
                "source_name",
                "requester_name",
                "responder_name",
                # v1 internals
                "delta",
                "owner_id",
                "trained",
                "urgent",
            }
        ),
        reshape={
            "description_html": _ticket_description,
            "cc_email": _ticket_cc_email,
            "to_email": _ticket_to_email,
        },
        fix={"company": _ticket_company},
    ),
    Contact: _LegacyKeys(
        renames={
            "custom_field": "custom_fields",
            "external_id": "unique_external_id",
            "fb_profile_id": "facebook_id",
            # v1 called companies "customers".
            "customer_id": "company_id",
        },
        # v1's is-an-agent flag; current payloads embed an ``agent`` object instead.
        drop=frozenset({"helpdesk_agent"}),
    ),
    Company: _LegacyKeys(
        renames={"custom_field": "custom_fields"},
        drop=frozenset({"cust_identifier", "sla_policy_id"}),
        fix={"domains": _company_domains},
    ),
    Attachment: _LegacyKeys(renames={"file_size": "size"}),
    # The recorded role samples (python-freshdesk's test data) carry a group's keys
    # next to the role's own; they are no role attributes.
    Role: _LegacyKeys(
        drop=frozenset({"business_hour_id", "escalate_to", "unassigned_for", "auto_ticket_assign"})
    ),
}


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

    def structure_tuple(value: object, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected a JSON array, got {type(value).__name__}")
        return tuple(item_hook(item, item_type) for item in value)

    return structure_tuple


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
        legacy = _LEGACY.get(cl)
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


# --- Inputs to JSON -----------------------------------------------------------------

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
