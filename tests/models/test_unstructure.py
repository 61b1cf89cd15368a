"""The production converter's generated unstructuring (``_unstructure.py``) against cattrs'.

``REFERENCE`` unstructures every model with cattrs' generated functions; the fast
functions must give the same dicts (same keys in the same order, same types all the
way down, so the same JSON) for every recorded response, every page of a generated
account and the edge values of the structuring tests.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

from freshdesk_atom._converter import _datetime_to_json, cattrs_converter, converter
from freshdesk_atom._response import Page, ResponseMeta
from freshdesk_atom._unstructure import make_unstructure_fn
from freshdesk_atom.models import Ticket
from tests.models.generated import GENERATED_PAGES
from tests.models.test_recorded import RECORDED_FILES
from tests.models.test_structure import STAMPS, TICKET, assert_identical, recorded_items

REFERENCE = cattrs_converter(strict=False, detailed=False)
META = ResponseMeta(status_code=200, request_id="r-1", rate_limit=None)


def assert_same_unstructure(models: Any) -> None:
    fast, reference = converter.unstructure(models), REFERENCE.unstructure(models)
    assert_identical(fast, reference)
    assert json.dumps(fast) == json.dumps(reference)


@pytest.mark.parametrize("path", RECORDED_FILES, ids=lambda p: p.name)
def test_recorded_file_unstructures_like_cattrs(path: Any) -> None:
    data, cl = recorded_items(path.name)
    assert_same_unstructure(converter.structure(data, cl))


@pytest.mark.parametrize("name", [name for name, _, _, _ in GENERATED_PAGES])
def test_generated_page_unstructures_like_cattrs(
    name: str, generated_pages: dict[str, Any]
) -> None:
    data = generated_pages[name]
    model = next(model for page, _, _, model in GENERATED_PAGES if page == name)
    cl: Any = tuple[model, ...] if isinstance(data, list) else model  # type: ignore[valid-type]
    assert_same_unstructure(converter.structure(data, cl))


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"tags": ["a", "b"], "cc_emails": [], "to_emails": None},
        {"custom_fields": {"cf_multi": ["a", "b"], "cf_obj": {"x": [1, None]}}},
        {"custom_fields": {"cf_text": "x", "cf_n": 1.5, "cf_b": True, "cf_null": None}},
        {"source_additional_info": {"email": "a@b.example", "n": 1.5}},
        {"due_by": "2024-05-13T09:12:44.250-10:00", "nr_due_by": None},
        {"requester": {"id": 1, "phone": 5551234, "mobile": "+1 555"}},
        {"stats": {"resolved_at": "2024-05-13T10:00:00+02:00", "closed_at": None}},
        {"attachments": [{"id": 1, "name": "a.txt", "file_size": 3}]},
        {"conversations": [{"id": 1, "ticket_id": 7, **STAMPS}]},
        {"company": {"id": 3, "name": "Acme"}},
        {"deleted": True, "spam": True, "nr_escalated": False},
    ],
)
def test_edge_tickets_unstructure_like_cattrs(changes: dict[str, Any]) -> None:
    assert_same_unstructure(converter.structure({**TICKET, **changes}, Ticket))


def test_values_of_another_type_go_to_the_converters_hooks() -> None:
    # Models built by hand may hold what structuring would never give: a tuple of
    # mixed items, a custom field holding a list, a str subclass.
    class Text(str):
        pass

    ticket = attrs.evolve(
        converter.structure(TICKET, Ticket),
        subject=Text("subclassed"),
        tags=("a", 1),  # type: ignore[arg-type]
        custom_fields={"cf": ["a", {"b": None}]},
    )
    assert_same_unstructure(ticket)


@attrs.frozen
class Node:
    name: str
    children: tuple[Node, ...] = ()
    parent: Node | None = None


def test_a_model_that_contains_itself_unstructures_like_cattrs() -> None:
    leaf = Node(name="leaf")
    tree = Node(name="root", children=(leaf, Node(name="mid", children=(leaf,))), parent=leaf)
    assert_same_unstructure(tree)


def test_a_parametrised_generic_unstructures_like_cattrs() -> None:
    page = Page(items=(converter.structure(TICKET, Ticket),), page=1, meta=META)
    fast = converter.unstructure(page, unstructure_as=Page[Ticket])
    assert_identical(fast, REFERENCE.unstructure(page, unstructure_as=Page[Ticket]))
    assert make_unstructure_fn(Page[Ticket], converter, json_value=lambda tp: False) is None


def test_classes_with_aliases_keep_cattrs_function() -> None:
    @attrs.frozen
    class Aliased:
        x: int = attrs.field(alias="y")

    assert make_unstructure_fn(Aliased, converter, json_value=lambda tp: False) is None


@pytest.mark.parametrize(
    "value",
    [
        datetime(2026, 11, 25, 16, 52, 34, tzinfo=UTC),
        datetime(2026, 11, 25, 16, 52, 34, 999_999, tzinfo=UTC),
        datetime(2026, 1, 2, 3, 4, 5),  # naive: taken as UTC
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-10))),
        datetime(5, 1, 1, tzinfo=UTC),
        datetime(999, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(1000, 1, 1, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
    ],
)
def test_timestamps_render_as_strftime_did(value: datetime) -> None:
    utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    assert _datetime_to_json(value) == f"{utc:%Y-%m-%dT%H:%M:%S}Z"
