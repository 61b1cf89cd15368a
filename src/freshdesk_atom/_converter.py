"""The one cattrs converter: every rule that turns Freshdesk JSON into models, and inputs into JSON.

Models stay plain attrs classes; the rules live here (cattrs' "keep them separated"):

* scalars are checked, not coerced (cattrs would turn ``5`` into ``"5"`` or ``"no"``
  into ``True``); the one tolerance is ``phone``/``mobile``, which ancient payloads
  sent as numbers and which become their digits;
* a JSON array is required where a model has a tuple (a string is not a list of
  letters);
* timestamps parse with any offset (``Z``, ``+05:30``) and are normalised to UTC;
  a timestamp without an offset is taken as UTC;
* ``dict[str, JSONValue]`` fields accept any JSON value and check that it is one;
* older payload shapes (Freshdesk's legacy search results and v1-era objects) are
  brought to the current shape first, per model, by ``_LEGACY``: legacy keys are
  renamed (when both a key and its legacy alias are present, the current key wins),
  known display or obsolete keys are dropped, and a few keys are reshaped.

``converter`` ignores any other unknown key, so a field Freshdesk adds tomorrow does
not break anyone; ``strict_converter`` rejects it, and the tests decode every
recorded response with it, so model drift breaks our CI instead.

``converter`` structures models with the generated functions of ``_structure.py``
(about 3.4 times faster than cattrs' own, with identical results); whatever they do
not accept goes to cattrs with detailed validation, so a body that does not fit
raises a ``cattrs.ClassValidationError`` naming the field. ``strict_converter`` keeps
cattrs' generated functions.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, date, datetime
from typing import Any, Final, TypeVar, cast

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.dispatch import StructureHook, UnstructureHook
from cattrs.gen import make_dict_structure_fn, override
from cattrs.preconf.json import make_converter as make_json_converter

from ._structure import make_structure_fn
from ._types import NOT_GIVEN, JSONValue
from ._unstructure import make_unstructure_fn
from .models.companies import Company
from .models.contacts import Contact
from .models.conversations import Attachment
from .models.misc import Role
from .models.tickets import Ticket

__all__ = ["converter", "make_converter", "strict_converter", "structure", "to_json_value"]

T = TypeVar("T")

Payload = dict[str, Any]


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
            payloads shaped differently; run last, when the key is present. These keys
            take no part in the rules above, so the generated structuring functions
            (``_structure.py``) can run them field by field.
    """

    renames: Mapping[str, str] = attrs.field(factory=dict)
    drop: frozenset[str] = frozenset()
    reshape: Mapping[str, Callable[[Payload], None]] = attrs.field(factory=dict)
    fix: Mapping[str, Callable[[Any], Any]] = attrs.field(factory=dict)
    triggers: frozenset[str] = attrs.field(init=False)

    @triggers.default
    def _triggers(self) -> frozenset[str]:
        return frozenset(self.renames) | self.drop | frozenset(self.reshape) | frozenset(self.fix)

    def __attrs_post_init__(self) -> None:
        moved = {*self.renames, *self.renames.values(), *self.drop, *self.reshape}
        if not moved.isdisjoint(self.fix):
            raise ValueError(
                f"fixed keys also renamed, dropped or reshaped: {moved & set(self.fix)}"
            )

    def apply(self, data: Payload, *, fixes: bool = True) -> Payload:
        """Return ``data`` in the current shape (a copy if anything changed).

        Args:
            fixes: also run ``fix``; the generated functions run it themselves.
        """
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
        if fixes:
            for key, fix in self.fix.items():
                if key in data:
                    data[key] = fix(data[key])
        return data

    def restructure(self, data: Payload) -> Payload:
        """``apply`` without ``fix``."""
        return self.apply(data, fixes=False)

    def restructure_triggers(self, fields: Collection[str]) -> frozenset[str]:
        """The keys that make ``restructure`` change what a lenient converter reads.

        Dropping a key that is no field changes nothing for a converter that ignores
        unknown keys anyway, and the ``fix`` keys are run field by field.
        """
        return frozenset(self.renames) | frozenset(self.reshape) | (self.drop & set(fields))


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
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _datetime_to_json(value: datetime) -> str:
    if value.tzinfo is not UTC:
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if value.year < 1000:  # strftime's %Y does not pad: keep what it always gave
        return f"{value:%Y-%m-%dT%H:%M:%S}Z"
    # Four times faster than strftime (and than isoformat, which asks the tzinfo).
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (  # noqa: UP031
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
    )


def _structure_date(value: object, _: object) -> date:
    if not isinstance(value, str):
        raise TypeError(f"expected a YYYY-MM-DD date, got {type(value).__name__}")
    return date.fromisoformat(value)


def _check_json(value: object) -> JSONValue:
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, list):
        for item in value:
            _check_json(item)
        return cast(JSONValue, value)
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"expected string keys in a JSON object, got {key!r}")
            _check_json(item)
        return cast(JSONValue, value)
    raise TypeError(f"expected a JSON value, got {type(value).__name__}")


def _structure_json(value: object, _: object) -> JSONValue:
    return _check_json(value)


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


# --- Hook factories -----------------------------------------------------------------


def _is_homogenous_tuple(tp: object) -> bool:
    args = typing.get_args(tp)
    return typing.get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


_SCALAR_TYPES: Final = (str, int, float, bool)


def _tuple_hook(tp: Any, conv: cattrs.Converter) -> StructureHook:
    item_type = typing.get_args(tp)[0]
    if item_type in _SCALAR_TYPES:
        # Hot path (tags, emails, ids): one type check per item, no hook call.
        def structure_scalars(value: object, _: Any) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple):
                raise TypeError(f"expected a JSON array, got {type(value).__name__}")
            for item in value:
                if type(item) is not item_type:
                    raise TypeError(
                        f"expected {item_type.__name__} items, got {type(item).__name__}"
                    )
            return tuple(value)

        return structure_scalars

    items = homogenous_tuple_structure_factory(tp, conv)

    def structure_tuple(value: object, cl: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected a JSON array, got {type(value).__name__}")
        return cast(tuple[Any, ...], items(value, cl))

    return structure_tuple


def _is_optional(tp: object) -> bool:
    args = typing.get_args(tp)
    return (
        typing.get_origin(tp) in (typing.Union, types.UnionType)
        and len(args) == 2
        and type(None) in args
    )


def _optional_hook(tp: Any, conv: cattrs.Converter) -> StructureHook:
    # cattrs' own Optional handling looks the inner hook up on every call; a
    # page of 100 tickets makes thousands of such calls, so resolve it once.
    inner_type = next(arg for arg in typing.get_args(tp) if arg is not type(None))
    inner = conv.get_structure_hook(inner_type)

    def structure_optional(value: object, _: Any) -> Any:
        return None if value is None else inner(value, inner_type)

    return structure_optional


_PHONE_FIELDS: Final = frozenset({"phone", "mobile"})


def _attrs_hook_factory(
    strict: bool, explain: cattrs.Converter | None
) -> Callable[[Any, cattrs.Converter], StructureHook]:
    def make_hook(cl: Any, conv: cattrs.Converter) -> StructureHook:
        names = [a.name for a in attrs.fields(cl)]
        phones = {name: _structure_phone for name in names if name in _PHONE_FIELDS}
        legacy = _LEGACY.get(cl)
        if explain is not None:
            # The generated fast path (see _structure.py); whatever it does not
            # accept, ``explain`` (cattrs with detailed validation) decides.
            rules: dict[str, Any] = {}
            if legacy is not None:
                rules["legacy"] = legacy.restructure
                rules["triggers"] = legacy.restructure_triggers(names)
                rules["fixes"] = legacy.fix
            fast = make_structure_fn(
                cl,
                conv,
                explain=explain.structure,
                overrides=phones,
                json_value=_is_json_value,
                **rules,
            )
            if fast is not None:
                return fast
        overrides: dict[str, Any] = {n: override(struct_hook=h) for n, h in phones.items()}
        base = make_dict_structure_fn(cl, conv, _cattrs_forbid_extra_keys=strict, **overrides)
        if legacy is None:
            return base

        def structure_model(value: Any, target: Any) -> Any:
            if isinstance(value, dict):
                value = legacy.apply(value)
            return base(value, target)

        return structure_model

    return make_hook


# --- Public API ---------------------------------------------------------------------


def make_converter(*, strict: bool = False) -> cattrs.Converter:
    """Build a converter holding every structuring rule of the SDK.

    Args:
        strict: reject keys that no model field and no legacy rule knows
            (``forbid_extra_keys``); for tests. The default ignores them.

    Returns:
        A configured converter; configure once, then share (hooks are cached). Its
        ``unstructure`` renders timestamps as ``"YYYY-MM-DDTHH:MM:SSZ"``. The strict
        one structures models with cattrs' generated functions and detailed
        validation; the default one with the faster functions of ``_structure.py``,
        which hand any payload they do not accept to cattrs with detailed
        validation, so a failure still raises a ``cattrs.ClassValidationError``
        naming the field.
    """
    if strict:
        return cattrs_converter(strict=True, detailed=True)
    return cattrs_converter(
        strict=False, detailed=False, explain=cattrs_converter(strict=False, detailed=True)
    )


def cattrs_converter(
    *, strict: bool, detailed: bool, explain: cattrs.Converter | None = None
) -> cattrs.Converter:
    """Build a converter with the SDK's rules; models through cattrs unless ``explain``.

    ``make_converter`` is the one to use; this is its building block, and the tests'
    reference (``explain=None``: every model through cattrs' generated functions).

    Args:
        strict: forbid unknown keys.
        detailed: cattrs' detailed validation (every failing field reported).
        explain: with a converter here, models get the fast generated functions,
            which call ``explain.structure`` on whatever they do not accept.
    """
    conv = make_json_converter(forbid_extra_keys=strict, detailed_validation=detailed)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_structure_hook(date, _structure_date)
    conv.register_structure_hook_factory(_is_optional, _optional_hook)
    conv.register_structure_hook_func(_is_json_value, _structure_json)
    conv.register_structure_hook_factory(_is_homogenous_tuple, _tuple_hook)
    conv.register_structure_hook_factory(attrs.has, _attrs_hook_factory(strict, explain))
    # Unstructured models read like Freshdesk's own bodies: UTC timestamps ending in Z.
    conv.register_unstructure_hook(datetime, _datetime_to_json)
    if explain is not None:
        conv.register_unstructure_hook_factory(attrs.has, _unstructure_model)
    return conv


def _unstructure_model(cl: Any, conv: cattrs.Converter) -> UnstructureHook:
    """The generated function of ``_unstructure.py``, else cattrs' (same result, slower)."""
    fast = make_unstructure_fn(cl, conv, json_value=_is_json_value)
    return fast if fast is not None else conv.gen_unstructure_attrs_fromdict(cl)


converter: Final = make_converter()
"""The production converter: unknown keys are ignored."""

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
    cls = type(value)
    if cls in _PASS_THROUGH:
        return cast(JSONValue, value)
    if cls is dict:
        return _mapping_to_json(cast(dict[object, object], value))
    if cls is list or cls is tuple:
        return [to_json_value(item) for item in cast(list[object], value)]
    return _other_to_json(value)


def _mapping_to_json(mapping: Mapping[object, object]) -> dict[str, JSONValue]:
    return {
        _key_to_json(key): to_json_value(item)
        for key, item in mapping.items()
        if item is not NOT_GIVEN
    }


def _key_to_json(key: object) -> str:
    if type(key) is str:
        return key
    if isinstance(key, enum.Enum):
        key = key.value
    if isinstance(key, str | int) and not isinstance(key, bool):
        return str(key)
    raise TypeError(f"cannot use {type(key).__name__} as a JSON object key")


def _other_to_json(value: object) -> JSONValue:
    if isinstance(value, enum.Enum):
        return to_json_value(value.value)
    if isinstance(value, datetime):
        return _datetime_to_json(value)
    if isinstance(value, date):
        return value.isoformat()
    cls = type(value)
    if attrs.has(cls):
        return {
            field.name: to_json_value(item)
            for field in attrs.fields(cls)
            if (item := getattr(value, field.name)) is not NOT_GIVEN
        }
    if isinstance(value, Mapping):
        return _mapping_to_json(value)
    if isinstance(value, set | frozenset):
        items = [to_json_value(item) for item in value]
        try:
            return sorted(items)  # type: ignore[type-var]
        except TypeError:
            return items
    if isinstance(value, list | tuple):
        return [to_json_value(item) for item in value]
    raise TypeError(f"cannot send a {type(value).__name__} value as JSON")
