"""The account's custom fields: :class:`CustomField`, and whether a value suits one.

A nested field (docs/freshdesk-api-notes.md#ticket-fields, ``nested_field``) is
one field per level, all keys of a ticket's ``custom_fields``: the top level
(kind ``nested``, its ``tree`` maps each value to the choices of the level
below) and its lower levels (kind ``dropdown``, ``parent`` naming the level
above); :func:`nested_field` builds them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Final, Literal

import attrs

from ._validation_messages import DATE_FORMAT, mismatch, one_of

__all__ = [
    "CustomField",
    "CustomFieldKind",
    "NestedTree",
    "custom_field_problem",
    "nested_field",
    "nested_problems",
]

_DATE_RE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

CustomFieldKind = Literal[
    "text", "paragraph", "number", "decimal", "checkbox", "dropdown", "date", "nested", "any"
]

NestedTree = Mapping[str, "NestedTree | Sequence[str]"]
"""A nested field's values: each maps to the values of the level below (a list at the last level)."""


@attrs.frozen
class CustomField:
    """One account-configured custom field.

    Attributes:
        kind: what the field holds (``any``: not known, any value but an object).
        choices: a dropdown's (or a nested field's top level's) values.
        label: what agents see (default: made from the name).
        required_for_closure: reported by ``GET /ticket_fields``; the fake
            does not enforce it.
        tree: a nested field's values (kind ``nested`` only).
        levels: a nested field's lower levels, top down (kind ``nested`` only).
        parent: the level above, for a lower level of a nested field.
    """

    kind: CustomFieldKind = "any"
    choices: tuple[str, ...] = ()
    label: str | None = None
    required_for_closure: bool = False
    tree: NestedTree = attrs.field(factory=dict, hash=False)
    levels: tuple[str, ...] = ()
    parent: str | None = None


def _level_values(node: NestedTree | Sequence[str]) -> list[str]:
    return list(node)


def nested_field(
    name: str, tree: NestedTree, levels: Mapping[str, str], label: str | None = None
) -> dict[str, CustomField]:
    """Return the specs of a nested field: *name* on top, then *levels* (name → label) top down."""
    names = tuple(levels)
    specs = {name: CustomField("nested", tuple(tree), label, tree=tree, levels=names)}
    nodes: list[NestedTree | Sequence[str]] = [tree]
    above = name
    for level in names:
        below: list[NestedTree | Sequence[str]] = []
        values: dict[str, None] = {}
        for node in nodes:
            if isinstance(node, Mapping):
                below.extend(node.values())
                for child in node.values():
                    values.update(dict.fromkeys(_level_values(child)))
        specs[level] = CustomField("dropdown", tuple(values), levels[level], parent=above)
        nodes, above = below, level
    return specs


def nested_problems(
    specs: Mapping[str, CustomField], values: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """Return ``(field, message)`` for each lower level whose value does not belong under the level above.

    Only levels sent together are compared (the request's own *values*).
    """
    problems: list[tuple[str, str]] = []
    for name, spec in specs.items():
        if spec.kind != "nested":
            continue
        node: NestedTree | Sequence[str] = spec.tree
        chain = (name, *spec.levels)
        for upper, lower in itertools.pairwise(chain):
            upper_value = values.get(upper)
            if lower not in values or not isinstance(node, Mapping):
                break
            if not isinstance(upper_value, str) or upper_value not in node:
                break
            node = node[upper_value]
            allowed = _level_values(node)
            if values[lower] is not None and values[lower] not in allowed:
                problems.append((lower, one_of(allowed)))
                break
    return problems


def custom_field_problem(spec: CustomField, value: object) -> tuple[str, str] | None:
    """Return ``(message, code)`` when *value* does not suit the custom field, else ``None``."""
    if value is None:
        return None  # null clears any custom field (docs/freshdesk-api-notes.md#data-conventions)
    kind = spec.kind
    if kind in ("text", "paragraph"):
        if not isinstance(value, str):
            return mismatch("String"), "datatype_mismatch"
        if kind == "text" and len(value) > 255:
            return (
                f"Has {len(value)} characters, it can have maximum of 255 characters",
                "invalid_value",
            )
    elif kind == "number":
        if not isinstance(value, int) or isinstance(value, bool):
            return mismatch("Integer"), "datatype_mismatch"
    elif kind == "decimal":
        if not isinstance(value, int | float) or isinstance(value, bool):
            return mismatch("Number"), "datatype_mismatch"
    elif kind == "checkbox":
        if not isinstance(value, bool):
            return mismatch("Boolean"), "datatype_mismatch"
    elif kind in ("dropdown", "nested"):
        if value not in spec.choices:
            return one_of(spec.choices), "invalid_value"
    elif kind == "date":
        if not isinstance(value, str) or not _DATE_RE.fullmatch(value) or not _real_date(value):
            return DATE_FORMAT, "invalid_value"
    elif isinstance(value, dict):
        return mismatch("String"), "datatype_mismatch"
    return None


def _real_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
