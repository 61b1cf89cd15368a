"""Parse and check what callers send, before anything reaches Freshdesk (pure).

Every problem raises :class:`AdapterError` (400) naming the field: unknown
query parameters or body fields, repeated parameters, wrong types (``true``
is not an integer), values out of range.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal, TypeVar

import attrs

from .. import NOT_GIVEN
from .._core.tickets import ticket_create_body
from .._core.trends import MAX_TREND_DAYS
from ._envelope import AdapterError

__all__ = [
    "LIMIT_MAX",
    "ORDER_BY",
    "ORDER_TYPES",
    "SEARCH_TYPES",
    "TICKET_FIELDS",
    "TRENDS_DAYS_DEFAULT",
    "AuthInput",
    "ListQuery",
    "OrderBy",
    "OrderType",
    "SearchInput",
    "parse_auth",
    "parse_list_query",
    "parse_search",
    "parse_ticket",
    "parse_trends_query",
]

LIMIT_MAX: Final = 1000
LIMIT_DEFAULT: Final = 100
SEARCH_LIMIT_DEFAULT: Final = 50
OFFSET_MAX: Final = 10**9
"""Keeps numbers sane; no Freshdesk account comes near it."""
STATUSES: Final = (2, 3, 4, 5)
PRIORITIES: Final = (1, 2, 3, 4)
SOURCES: Final = (1, 2, 3, 7, 9, 10)
"""The sources Freshdesk lets the API set on create (docs/freshdesk-api-notes.md#tickets)."""
SEARCH_TYPES: Final = ("ticket", "contact", "company")
SEARCH_QUERY_MAX: Final = 512

_DIGITS = re.compile(r"[0-9]{1,12}")

SearchType = Literal["ticket", "contact", "company"]
OrderBy = Literal["created_at", "updated_at", "due_by", "status"]
OrderType = Literal["asc", "desc"]

ORDER_BY: Final[tuple[OrderBy, ...]] = ("created_at", "updated_at", "due_by", "status")
"""The orders the tickets list documents (docs/freshdesk-api-notes.md#the-tickets-list); its
undocumented ``priority`` is left out."""
ORDER_TYPES: Final[tuple[OrderType, ...]] = ("asc", "desc")
TICKET_LIST_PARAMS: Final = ("limit", "offset", "status", "priority", "order_by", "order_type")
TRENDS_DAYS_DEFAULT: Final = 30

C = TypeVar("C", bound=str)


@attrs.frozen(kw_only=True)
class ListQuery:
    """``limit``, ``offset`` and, on tickets, the filters and the order of a list route.

    ``order_by``/``order_type`` are ``None`` when not given (Freshdesk's own
    order, newest first); they never come with ``status`` or ``priority``.
    """

    limit: int = LIMIT_DEFAULT
    offset: int = 0
    status: int | None = None
    priority: int | None = None
    order_by: OrderBy | None = None
    order_type: OrderType | None = None


@attrs.frozen(kw_only=True)
class SearchInput:
    """The body of ``POST /search``."""

    query: str
    type: SearchType
    limit: int = SEARCH_LIMIT_DEFAULT
    offset: int = 0


@attrs.frozen(kw_only=True)
class AuthInput:
    """The body of ``POST /auth``; the key is never shown."""

    api_key: str = attrs.field(repr=False)
    domain: str


def _query_int(name: str, text: str, *, minimum: int, maximum: int) -> int:
    if not _DIGITS.fullmatch(text):
        raise AdapterError.field(
            name, f"{name} must be an integer, not {text[:40]!r}", code="datatype_mismatch"
        )
    value = int(text)
    if not minimum <= value <= maximum:
        raise AdapterError.field(
            name,
            f"{name} must be between {minimum} and {maximum}, not {value}",
            code="out_of_range",
        )
    return value


def _query_choice(name: str, text: str, choices: Sequence[C]) -> C:
    for choice in choices:
        if text == choice:
            return choice
    raise AdapterError.field(name, f"{name} must be one of {', '.join(choices)}, not {text[:40]!r}")


def _query_params(params: Sequence[tuple[str, str]], allowed: Sequence[str]) -> dict[str, str]:
    """Return the parameters by name, refusing unknown and repeated ones (400 naming them)."""
    seen: dict[str, str] = {}
    for name, value in params:
        if name not in allowed:
            raise AdapterError.field(
                name,
                f"{name} is not a parameter of this route (use {', '.join(allowed)})",
                code="invalid_field",
            )
        if name in seen:
            raise AdapterError.field(name, f"{name} is given more than once", code="invalid_field")
        seen[name] = value
    return seen


def parse_list_query(params: Sequence[tuple[str, str]], *, for_tickets: bool = False) -> ListQuery:
    """Return the checked ``limit``/``offset`` and, *for_tickets*, ``status``, ``priority``,
    ``order_by`` and ``order_type``.

    A filter (``status``, ``priority``) is served by Freshdesk's search, which
    takes no order (docs/freshdesk-api-notes.md#search): an order with a
    filter is refused, naming both.

    Raises:
        AdapterError: an unknown or repeated parameter, or a bad value (400).
    """
    seen = _query_params(params, TICKET_LIST_PARAMS if for_tickets else ("limit", "offset"))
    limit = LIMIT_DEFAULT
    offset = 0
    status = priority = None
    order_by: OrderBy | None = None
    order_type: OrderType | None = None
    if "limit" in seen:
        limit = _query_int("limit", seen["limit"], minimum=1, maximum=LIMIT_MAX)
    if "offset" in seen:
        offset = _query_int("offset", seen["offset"], minimum=0, maximum=OFFSET_MAX)
    if "status" in seen:
        status = _query_int("status", seen["status"], minimum=min(STATUSES), maximum=max(STATUSES))
    if "priority" in seen:
        priority = _query_int(
            "priority", seen["priority"], minimum=min(PRIORITIES), maximum=max(PRIORITIES)
        )
    if "order_by" in seen:
        order_by = _query_choice("order_by", seen["order_by"], ORDER_BY)
    if "order_type" in seen:
        order_type = _query_choice("order_type", seen["order_type"], ORDER_TYPES)
    sorting = [name for name in ("order_by", "order_type") if name in seen]
    filters = [name for name in ("status", "priority") if name in seen]
    if sorting and filters:
        message = (
            f"{' and '.join(sorting)} cannot be used with {' and '.join(filters)}: a filtered "
            "list comes from Freshdesk's search, which takes no order"
        )
        raise AdapterError(
            400,
            "invalid_field",
            message,
            details=[
                {"field": name, "code": "invalid_field", "message": message} for name in sorting
            ],
        )
    return ListQuery(
        limit=limit,
        offset=offset,
        status=status,
        priority=priority,
        order_by=order_by,
        order_type=order_type,
    )


def parse_trends_query(params: Sequence[tuple[str, str]]) -> int:
    """Return the checked ``days`` of ``GET /stats/trends`` (1..365, default 30).

    Raises:
        AdapterError: an unknown or repeated parameter, or a bad value (400).
    """
    seen = _query_params(params, ("days",))
    if "days" not in seen:
        return TRENDS_DAYS_DEFAULT
    return _query_int("days", seen["days"], minimum=1, maximum=MAX_TREND_DAYS)


def no_query(params: Sequence[tuple[str, str]]) -> None:
    """Refuse any query parameter on a route that takes none."""
    for name, _ in params:
        raise AdapterError.field(
            name, f"{name} is not a parameter of this route (it takes none)", code="invalid_field"
        )


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _object(body: object, fields: Sequence[str]) -> Mapping[str, Any]:
    if not isinstance(body, dict):
        raise AdapterError(
            400,
            "invalid_body",
            f"the body must be a JSON object, not {_type_name(body)}",
        )
    unknown = [name for name in body if name not in fields]
    if len(unknown) == 1:
        raise AdapterError.field(
            unknown[0], f"{unknown[0]} is not a field of this request", code="invalid_field"
        )
    if unknown:
        names = [name[:40] for name in unknown[:10]]
        message = f"{', '.join(names)} are not fields of this request (use {', '.join(fields)})"
        raise AdapterError(
            400,
            "invalid_field",
            message,
            details=[
                {"field": name, "code": "invalid_field", "message": message} for name in names
            ],
        )
    return body


def _required(body: Mapping[str, Any], name: str) -> Any:
    if name not in body:
        raise AdapterError.field(name, f"{name} is required", code="missing_field")
    return body[name]


def _string(name: str, value: object, *, max_length: int | None = None) -> str:
    if not isinstance(value, str):
        raise AdapterError.field(
            name, f"{name} must be a string, not {_type_name(value)}", code="datatype_mismatch"
        )
    if not value.strip():
        raise AdapterError.field(name, f"{name} must not be blank")
    if max_length is not None and len(value) > max_length:
        raise AdapterError.field(
            name, f"{name} must have at most {max_length} characters, not {len(value)}"
        )
    return value


def _integer(name: str, value: object, choices: Sequence[int] | None = None) -> int:
    # JSON Schema counts 2.0 as an integer; JSON decoders hand it over as a float.
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise AdapterError.field(
            name, f"{name} must be an integer, not {_type_name(value)}", code="datatype_mismatch"
        )
    if choices is not None and value not in choices:
        raise AdapterError.field(
            name,
            f"{name} must be one of {', '.join(map(str, choices))}, not {value}",
            code="out_of_range",
        )
    return value


def _strings(name: str, value: object) -> list[str]:
    """Return *value* if it is an array of strings (the SDK takes any iterable, a dict too)."""
    if not isinstance(value, list):
        raise AdapterError.field(
            name, f"{name} must be an array, not {_type_name(value)}", code="datatype_mismatch"
        )
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise AdapterError.field(
                name,
                f"{name}[{index}] must be a string, not {_type_name(item)}",
                code="datatype_mismatch",
            )
    return value


def _bounded(name: str, value: object, minimum: int, maximum: int) -> int:
    number = _integer(name, value)
    if not minimum <= number <= maximum:
        raise AdapterError.field(
            name,
            f"{name} must be between {minimum} and {maximum}, not {number}",
            code="out_of_range",
        )
    return number


def parse_search(body: object) -> SearchInput:
    """Return the checked ``POST /search`` body.

    Raises:
        AdapterError: the body is not an object, has unknown fields or bad values (400).
    """
    data = _object(body, ("query", "type", "limit", "offset"))
    query = _string("query", _required(data, "query"), max_length=SEARCH_QUERY_MAX).strip()
    kind = _required(data, "type")
    if kind not in SEARCH_TYPES:
        shown = kind if isinstance(kind, str) else _type_name(kind)
        raise AdapterError.field(
            "type", f"type must be one of ticket, contact, company, not {shown!r}"
        )
    limit = (
        _bounded("limit", data["limit"], 1, LIMIT_MAX) if "limit" in data else SEARCH_LIMIT_DEFAULT
    )
    offset = _bounded("offset", data["offset"], 0, OFFSET_MAX) if "offset" in data else 0
    return SearchInput(query=query, type=kind, limit=limit, offset=offset)


def parse_auth(body: object) -> AuthInput:
    """Return the checked ``POST /auth`` body (the domain is checked by the caller).

    Raises:
        AdapterError: the body is not an object, a field is missing or not a string (400).
    """
    data = _object(body, ("api_key", "domain"))
    api_key = _string("api_key", _required(data, "api_key"), max_length=256).strip()
    if any(ch.isspace() for ch in api_key) or ":" in api_key or "@" in api_key:
        # Never echo the key, not even in part.
        raise AdapterError.field(
            "api_key", "api_key must be a Freshdesk API key (no spaces, ':' or '@')"
        )
    domain = _string("domain", _required(data, "domain"), max_length=300).strip()
    return AuthInput(api_key=api_key, domain=domain)


# The writable fields of POST /tickets (docs/freshdesk-api-notes.md#tickets) the adapter passes on.
TICKET_FIELDS: Final = (
    "subject",
    "description",
    "email",
    "priority",
    "status",
    "source",
    "type",
    "group_id",
    "responder_id",
    "tags",
    "name",
    "phone",
    "requester_id",
    "twitter_id",
    "facebook_id",
    "unique_external_id",
    "product_id",
    "company_id",
    "email_config_id",
    "parent_id",
    "cc_emails",
    "custom_fields",
    "due_by",
    "fr_due_by",
)


_ID_FIELDS: Final = (
    "group_id",
    "responder_id",
    "requester_id",
    "product_id",
    "company_id",
    "email_config_id",
    "parent_id",
)


def parse_ticket(body: object) -> dict[str, Any]:
    """Return the keyword arguments of ``fd.tickets.create`` for a ``POST /tickets`` body.

    ``subject``, ``description`` and ``email`` are required; ``priority``
    (1..4) defaults to 1, ``status`` (2..5) to 2, ``source`` to 2. The SDK's
    own checks (email shape, tags, ``cf_`` custom field names, due dates)
    run here too, so a bad body never reaches Freshdesk.

    Raises:
        AdapterError: naming the field at fault (400).
    """
    data = _object(body, TICKET_FIELDS)
    fields: dict[str, Any] = dict(data)
    fields["subject"] = _string("subject", _required(data, "subject"), max_length=255)
    fields["description"] = _string("description", _required(data, "description"))
    fields["email"] = _string("email", _required(data, "email"), max_length=254).strip()
    fields["priority"] = _integer("priority", data.get("priority", 1), PRIORITIES)
    fields["status"] = _integer("status", data.get("status", 2), STATUSES)
    fields["source"] = _integer("source", data.get("source", 2), SOURCES)
    for name in _ID_FIELDS:
        if data.get(name) is not None:
            fields[name] = _integer(name, data[name])
    for name in ("tags", "cc_emails"):
        if name in data:
            fields[name] = _strings(name, data[name])
    try:
        ticket_create_body({name: fields.get(name, NOT_GIVEN) for name in TICKET_FIELDS})
    except (TypeError, ValueError) as exc:
        message = str(exc)
        names = sorted(TICKET_FIELDS, key=len, reverse=True)  # "email_config_id" before "email"
        field = next((name for name in names if message.startswith(name)), "body")
        raise AdapterError.field(field, message) from None
    return fields
