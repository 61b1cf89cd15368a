"""Checks on user input, made before any request is sent.

Every failure raises ``ValueError`` or ``TypeError`` whose message names the
field and the rule, so nothing half-valid ever reaches Freshdesk.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import datetime

from .._types import JSONValue
from .timestamps import parse_timestamp

__all__ = [
    "check_bool",
    "check_choice",
    "check_custom_fields",
    "check_email",
    "check_email_list",
    "check_id_list",
    "check_int",
    "check_optional_id",
    "check_str",
    "check_str_list",
    "check_tags",
    "check_timestamp",
    "join_choices",
]

# Deliberately loose: one '@', no spaces, a dot in the domain. Freshdesk does the
# rest; we only catch the obvious typos before spending an API credit.
_EMAIL = re.compile(r"[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+")


def _type_name(value: object) -> str:
    return type(value).__name__


def check_int(
    value: object, name: str, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Return *value* if it is an int within [minimum, maximum]."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {_type_name(value)}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, not {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, not {value}")
    return int(value)


def check_optional_id(value: object, name: str) -> int | None:
    """Return a positive int id, or ``None`` (which clears the field in an update)."""
    if value is None:
        return None
    return check_int(value, name, minimum=1)


def check_bool(value: object, name: str) -> bool:
    """Return *value* if it is a bool."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, not {_type_name(value)}")
    return value


def check_str(
    value: object, name: str, *, max_length: int | None = None, allow_empty: bool = False
) -> str:
    """Return *value* if it is a str within *max_length* characters."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {_type_name(value)}")
    if not allow_empty and not value.strip():
        raise ValueError(f"{name} must not be blank")
    if max_length is not None and len(value) > max_length:
        raise ValueError(f"{name} must be at most {max_length} characters, not {len(value)}")
    return value


def check_email(value: object, name: str) -> str:
    """Return *value* if it looks like an email address."""
    text = check_str(value, name)
    if not _EMAIL.fullmatch(text.strip()):
        raise ValueError(f"{name} must be a valid email address, not {text!r}")
    return text.strip()


def _str_items(value: object, name: str) -> list[str]:
    # A mapping iterates over its keys and a string over its letters: neither is a list.
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of strings, not {_type_name(value)}")
    items = list(value)
    for index, item in enumerate(items):
        if not isinstance(item, str):
            raise TypeError(f"{name}[{index}] must be a str, not {_type_name(item)}")
    return items


def check_str_list(value: object, name: str, *, max_length: int | None = None) -> list[str]:
    """Return *value* as a list of non-blank strings, each within *max_length* characters."""
    items = _str_items(value, name)
    for index, item in enumerate(items):
        check_str(item, f"{name}[{index}]", max_length=max_length)
    return items


def check_id_list(value: object, name: str) -> list[int]:
    """Return *value* as a list of positive int ids (``group_ids``, ``agent_ids``, ...)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of ints, not {_type_name(value)}")
    return [check_int(item, f"{name}[{index}]", minimum=1) for index, item in enumerate(value)]


def check_email_list(value: object, name: str, *, max_items: int | None = None) -> list[str]:
    """Return *value* as a list of email addresses."""
    items = _str_items(value, name)
    if max_items is not None and len(items) > max_items:
        raise ValueError(f"{name} may hold at most {max_items} addresses, not {len(items)}")
    return [check_email(item, f"{name}[{index}]") for index, item in enumerate(items)]


def check_tags(value: object, name: str = "tags") -> list[str]:
    """Return *value* as a list of tags: each at most 32 characters, no commas (docs/freshdesk-api-notes.md#tickets)."""
    items = _str_items(value, name)
    for index, tag in enumerate(items):
        if not tag.strip():
            raise ValueError(f"{name}[{index}] must not be blank")
        if len(tag) > 32:
            raise ValueError(f"{name}[{index}] must be at most 32 characters, not {len(tag)}")
        if "," in tag:
            raise ValueError(f"{name}[{index}] must not contain a comma: {tag!r}")
    return items


def check_timestamp(value: object, name: str) -> datetime:
    """Return *value* as an aware UTC ``datetime``: a datetime, or an ISO 8601 string that parses.

    Every timestamp is then sent the same way, in UTC with ``Z``; a value
    without an offset is taken as UTC, string or datetime (see ``timestamps``).
    """
    return parse_timestamp(value, name)


def check_custom_fields(
    value: object, name: str = "custom_fields", *, prefix: str | None = None
) -> dict[str, JSONValue]:
    """Return *value* as a dict of custom fields; keys must start with *prefix* when given.

    Tickets name custom fields ``cf_*``; contacts and companies do not
    (docs/freshdesk-api-notes.md#data-conventions).
    """
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict, not {_type_name(value)}")
    result: dict[str, JSONValue] = {}
    for key, item in value.items():
        if not isinstance(key, str) or not key:
            raise TypeError(f"{name} keys must be non-empty strings, not {key!r}")
        if prefix is not None and not key.startswith(prefix):
            raise ValueError(f"{name} keys must start with {prefix!r} here, not {key!r}")
        if isinstance(item, list | tuple):
            # A multi-select field holds a list of choices; nothing deeper.
            result[key] = [_custom_value(part, f"{name}[{key!r}]") for part in item]
        else:
            result[key] = _custom_value(item, f"{name}[{key!r}]")
    return result


def _custom_value(value: object, name: str) -> JSONValue:
    """Return one custom field value: text, a number, a boolean or ``None``."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, not {value!r}")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(
        f"{name} must be text, a number, a boolean, null or a list of those "
        f"(a custom field holds one value or a multi-select list), not {_type_name(value)}"
    )


def check_choice(value: object, name: str, choices: tuple[str, ...]) -> str:
    """Return *value* if it is one of *choices* (a ``StrEnum`` member counts as its value)."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}; got {value!r}")
    return str(value)


def join_choices(value: object, name: str, choices: tuple[str, ...]) -> str:
    """Return *value* (a str or a list of str among *choices*) as Freshdesk's comma list."""
    items = [value] if isinstance(value, str) else value
    if isinstance(items, bytes) or not isinstance(items, list | tuple | set | frozenset):
        raise TypeError(f"{name} must be a str or a list of str, not {type(value).__name__}")
    if not items:
        raise ValueError(f"{name} must not be empty")
    for item in items:
        check_choice(item, name, choices)
    return ",".join(dict.fromkeys(str(item) for item in items))
