"""``GET /ticket_fields``: the account's ticket form, built-in and custom (docs/freshdesk-api-notes.md#ticket-fields).

The built-in fields come first, then the account's custom fields
(``state.ticket_fields``, the same specs the ticket checks use, so what this
reports is what create and update accept): a dropdown's ``choices`` are its
values, a nested field's ``choices`` map each value to the level below and
its lower levels are listed in ``nested_ticket_fields``, not on their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from ._call import Call, Route
from ._custom_fields import CustomField, NestedTree
from ._http import FakeResponse
from ._record_shapes import SOURCES, STATUSES
from ._state import FakeState

__all__ = ["FIELD_TYPES", "ROUTES", "ticket_fields"]

FIELD_ID_BASE: Final = 46000000000
"""Field ids are this plus the field's position: outside the well-known and generated id ranges."""

# docs/freshdesk-api-notes.md#ticket-fields: status choices map each code to [agent label, customer label].
STATUS_LABELS: Final[Mapping[int, tuple[str, str]]] = {
    2: ("Open", "Being Processed"),
    3: ("Pending", "Awaiting your Reply"),
    4: ("Resolved", "This ticket has been Resolved"),
    5: ("Closed", "This ticket has been Closed"),
}
PRIORITY_LABELS: Final = {"Low": 1, "Medium": 2, "High": 3, "Urgent": 4}
SOURCE_LABELS: Final[Mapping[int, str]] = {
    1: "Email",
    2: "Portal",
    3: "Phone",
    7: "Chat",
    9: "Feedback Widget",
    10: "Outbound Email",
}
_KIND_TYPES: Final[Mapping[str, str]] = {
    "text": "custom_text",
    "paragraph": "custom_paragraph",
    "number": "custom_number",
    "decimal": "custom_decimal",
    "checkbox": "custom_checkbox",
    "dropdown": "custom_dropdown",
    "date": "custom_date",
    "nested": "nested_field",
    "any": "custom_text",  # a field only known from recorded tickets
}
BUILT_IN: Final = (
    # name, type, label, label for customers, description
    ("requester", "default_requester", "Search a requester", "Requester", "Ticket requester"),
    ("subject", "default_subject", "Subject", "Subject", "Ticket subject"),
    ("ticket_type", "default_ticket_type", "Type", "Type", "Ticket type"),
    ("source", "default_source", "Source", "Source", "Ticket source"),
    ("status", "default_status", "Status", "Status", "Ticket status"),
    ("priority", "default_priority", "Priority", "Priority", "Ticket priority"),
    ("group", "default_group", "Group", "Group", "Ticket group"),
    ("agent", "default_agent", "Agent", "Agent", "Agent"),
    ("description", "default_description", "Description", "Description", "Ticket description"),
)
FIELD_TYPES: Final = (
    *(row[1] for row in BUILT_IN),
    *dict.fromkeys(_KIND_TYPES.values()),
)
# Which built-ins the customers' portal shows and lets them fill.
_PORTAL: Final = frozenset(
    {"requester", "subject", "ticket_type", "status", "priority", "description"}
)


def _label(name: str) -> str:
    return name.removeprefix("cf_").replace("_", " ").capitalize()


def _level_label(specs: Mapping[str, CustomField], name: str) -> str:
    spec = specs.get(name)
    return (spec.label if spec is not None else None) or _label(name)


def _plain_tree(tree: NestedTree | Sequence[str]) -> Any:
    if isinstance(tree, Mapping):
        return {key: _plain_tree(value) for key, value in tree.items()}
    return list(tree)


def _built_in_choices(state: FakeState, name: str) -> Any:
    if name == "status":
        return {str(code): list(STATUS_LABELS[code]) for code in STATUSES}
    if name == "priority":
        return dict(PRIORITY_LABELS)
    if name == "source":
        return {SOURCE_LABELS[code]: code for code in SOURCES}
    if name == "ticket_type":
        return list(state.ticket_types)
    if name == "group":
        return {group["name"]: group_id for group_id, group in state.groups.items()}
    if name == "agent":
        return {agent["contact"]["name"]: agent_id for agent_id, agent in state.agents.items()}
    return None


def ticket_fields(state: FakeState, required: Sequence[str]) -> list[dict[str, Any]]:
    """Return every field of the ticket form, in position order.

    *required* are the built-in fields the account requires on create
    besides a requester (``Settings.ticket_required_fields``).
    """
    owner = state.agents.get(state.owner_id or 0)
    stamp = owner["created_at"] if owner else "2015-01-01T00:00:00Z"
    required_names = set(required)
    fields: list[dict[str, Any]] = []

    def entry(name: str, kind: str, label: str, customer_label: str, **extra: Any) -> None:
        position = len(fields) + 1
        item: dict[str, Any] = {
            "id": FIELD_ID_BASE + position,
            "name": name,
            "label": label,
            "description": extra.pop("description", None),
            "position": position,
            "type": kind,
            "default": kind.startswith("default_"),
            "required_for_closure": extra.pop("required_for_closure", False),
            "required_for_agents": extra.pop("required_for_agents", False),
            "required_for_customers": extra.pop("required_for_customers", False),
            "customers_can_edit": extra.pop("customers_can_edit", False),
            "label_for_customers": customer_label,
            "displayed_to_customers": extra.pop("displayed_to_customers", False),
            "created_at": stamp,
            "updated_at": stamp,
        }
        item.update(extra)
        fields.append(item)

    for name, kind, label, customer_label, description in BUILT_IN:
        public = name in _PORTAL
        extra: dict[str, Any] = {}
        choices = _built_in_choices(state, name)
        if choices is not None:
            extra["choices"] = choices
        wire_name = "type" if name == "ticket_type" else name
        entry(
            name,
            kind,
            label,
            customer_label,
            description=description,
            required_for_agents=name in ("requester", "status", "priority")
            or wire_name in required_names,
            required_for_customers=name in ("requester", "subject"),
            customers_can_edit=public and name != "status",
            displayed_to_customers=public,
            **extra,
        )
    for name, spec in state.ticket_fields.items():
        if spec.parent is None:
            _custom_entry(entry, state.ticket_fields, name, spec, stamp, len(fields) + 1)
    return fields


def _custom_entry(
    entry: Any,
    specs: Mapping[str, CustomField],
    name: str,
    spec: CustomField,
    stamp: str,
    position: int,
) -> None:
    label = spec.label or _label(name)
    extra: dict[str, Any] = {}
    if spec.kind == "dropdown":
        extra["choices"] = list(spec.choices)
    elif spec.kind == "nested":
        extra["choices"] = _plain_tree(spec.tree)
        extra["nested_ticket_fields"] = [
            {
                "id": FIELD_ID_BASE + 1000 + position * 10 + level,
                "name": lower,
                "label": _level_label(specs, lower),
                "label_in_portal": _level_label(specs, lower),
                "description": None,
                "level": level,
                "ticket_field_id": FIELD_ID_BASE + position,
                "created_at": stamp,
                "updated_at": stamp,
            }
            for level, lower in enumerate(spec.levels, start=2)
        ]
    entry(
        name,
        _KIND_TYPES[spec.kind],
        label,
        label,
        required_for_closure=spec.required_for_closure,
        customers_can_edit=True,
        displayed_to_customers=True,
        **extra,
    )


def list_ticket_fields(call: Call) -> FakeResponse:
    """``GET /ticket_fields``, ``?type=`` narrowing it to one type (invalid_value for an unknown one)."""
    check = call.query(("type",))
    wanted = check.param_choice("type", FIELD_TYPES)
    check.fail()
    fields = ticket_fields(call.state, call.settings.ticket_required_fields)
    if wanted is not None:
        fields = [field for field in fields if field["type"] == wanted]
    return call.ok(fields)


ROUTES: Final[tuple[Route, ...]] = (Route("GET", "/ticket_fields", list_ticket_fields),)
