"""The production converter's generated structuring (``_structure.py``) against cattrs'.

``REFERENCE`` structures every model with cattrs' generated functions and the same
rules (what production did before); the fast path must give identical results on
every recorded response and on every page of a generated account, and must reject
whatever the reference rejects.
"""

from __future__ import annotations

import copy
import json
import pickle
from collections import OrderedDict
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any, cast

import attrs
import cattrs
import pytest

from freshdesk_atom import _structure
from freshdesk_atom._converter import (
    _LEGACY,
    _LegacyKeys,
    cattrs_converter,
    converter,
    make_converter,
    strict_converter,
)
from freshdesk_atom.models import (
    Agent,
    Company,
    Contact,
    Conversation,
    Group,
    SolutionArticle,
    Ticket,
    TicketStats,
)
from tests.conftest import load_recorded
from tests.models.generated import GENERATED_PAGES
from tests.models.test_recorded import RECORDED_FILES, model_for, tuple_of

REFERENCE = cattrs_converter(strict=False, detailed=False)


def assert_identical(fast: object, reference: object, path: str = "$") -> None:
    """Equal, and of the same types all the way down (``==`` alone lets ``1 == True``)."""
    assert type(fast) is type(reference), f"{path}: {type(fast)} vs {type(reference)}"
    if attrs.has(type(fast)):
        for field in attrs.fields(cast(Any, type(fast))):
            assert_identical(
                getattr(fast, field.name), getattr(reference, field.name), f"{path}.{field.name}"
            )
    elif isinstance(fast, tuple | list):
        assert isinstance(reference, tuple | list)
        assert len(fast) == len(reference), path
        for index, (a, b) in enumerate(zip(fast, reference, strict=True)):
            assert_identical(a, b, f"{path}[{index}]")
    elif isinstance(fast, dict):
        assert isinstance(reference, dict)
        assert list(fast) == list(reference), path
        for key in fast:
            assert_identical(fast[key], reference[key], f"{path}[{key!r}]")
    elif isinstance(fast, datetime):
        assert isinstance(reference, datetime)
        assert (fast, fast.tzinfo) == (reference, reference.tzinfo), path
        assert fast.tzinfo is UTC, path
    else:
        assert fast == reference, path
    assert fast == reference, path


def structure_both(data: Any, cl: Any) -> tuple[Any, Any]:
    return converter.structure(data, cl), REFERENCE.structure(data, cl)


def recorded_items(name: str) -> tuple[Any, Any]:
    """``(data, type)`` of a recorded file: an object, a list or a search page's results."""
    data = load_recorded(name)
    model = model_for(name)
    if isinstance(data, list):
        return data, tuple_of(model)
    if isinstance(data, dict) and set(data) == {"results", "total"}:
        return data["results"], tuple_of(model)
    return data, model


@pytest.fixture
def explained(monkeypatch: pytest.MonkeyPatch) -> tuple[cattrs.Converter, list[Any]]:
    """A production-like converter recording every payload its fast path handed on."""
    calls: list[Any] = []
    explain = cattrs_converter(strict=False, detailed=True)
    reference_structure = explain.structure

    def recording(data: Any, cl: Any) -> Any:
        calls.append((cl, data))
        return reference_structure(data, cl)

    monkeypatch.setattr(explain, "structure", recording)
    return cattrs_converter(strict=False, detailed=False, explain=explain), calls


# --- Same results -------------------------------------------------------------------


@pytest.mark.parametrize("path", RECORDED_FILES, ids=lambda p: p.name)
def test_recorded_file_gives_identical_models(path: Any) -> None:
    data, cl = recorded_items(path.name)
    fast, reference = structure_both(data, cl)
    assert_identical(fast, reference)
    assert_identical(fast, strict_converter.structure(data, cl))


@pytest.mark.parametrize("path", RECORDED_FILES, ids=lambda p: p.name)
def test_recorded_file_never_leaves_the_fast_path(
    path: Any, explained: tuple[cattrs.Converter, list[Any]]
) -> None:
    conv, calls = explained
    data, cl = recorded_items(path.name)
    assert_identical(conv.structure(data, cl), REFERENCE.structure(data, cl))
    assert calls == []


@pytest.mark.parametrize(
    ("name", "model"), [(name, model) for name, _, _, model in GENERATED_PAGES]
)
def test_generated_page_gives_identical_models(
    name: str,
    model: type[Any],
    generated_pages: dict[str, Any],
    explained: tuple[cattrs.Converter, list[Any]],
) -> None:
    data = generated_pages[name]
    assert data, "the generated account should fill every page"
    cl = tuple_of(model) if isinstance(data, list) else model
    fast, reference = structure_both(data, cl)
    assert_identical(fast, reference)
    assert_identical(fast, strict_converter.structure(data, cl))
    conv, calls = explained
    assert_identical(conv.structure(data, cl), reference)
    assert calls == []


TICKET: dict[str, Any] = {
    "id": 7,
    "subject": "Printer on fire",
    "status": 2,
    "priority": 1,
    "source": 2,
    "requester_id": 48000123457,
    "created_at": "2024-05-13T09:12:44Z",
    "updated_at": "2024-05-13T11:02:10Z",
}


STAMPS: dict[str, Any] = {
    "created_at": "2024-01-01T00:00:00Z",
    "updated_at": "2024-01-01T00:00:00Z",
}


class Level(IntEnum):
    HIGH = 3


class Text(str):
    pass


@pytest.mark.parametrize(
    "changes",
    [
        # values the fast path hands to the converter's hooks, which accept them
        {"status": Level.HIGH},
        {"subject": Text("subclassed")},
        {"created_at": "2024-05-13T14:42:44+05:30"},
        {"created_at": "2024-05-13T09:12:44"},
        {"due_by": "2024-05-13T09:12:44.250-10:00"},
        {"created_at": "2024-05-13T09:12:44+00:00"},
        {"tags": ("a", "b")},
        {"tags": []},
        {"custom_fields": {"cf_multi": ["a", "b"], "cf_obj": {"x": [1, None]}}},
        {"custom_fields": {}},
        {"source_additional_info": {"email": "a@b.example", "n": 1.5}},
        {"requester": {"id": 1, "phone": 5551234, "mobile": "+1 555"}},
        {"requester": {"id": 1, "phone": None, "mobile": 42}},
        {"company": {}},
        {"company": {"id": 3}},
        {"stats": {"resolved_at": "2024-05-13T10:00:00+02:00", "closed_at": None}},
        {"attachments": [{"id": 1, "name": "a.txt", "file_size": 3}]},
        {"conversations": [{"id": 1, "ticket_id": 7, **STAMPS}]},
        # legacy keys, and unknown keys (ignored)
        {"frDueBy": "2024-05-14T17:00:00Z", "isescalated": True, "ticket_type": "Question"},
        {"cc_email": {"cc_emails": ["c@x.example"], "reply_cc": []}, "to_email": "t@x.example"},
        {"description_html": "<b>x</b>", "description": "x"},
        {"brand_new_field": {"x": 1}, "status_name": "Open"},
        # explicit nulls where the field allows them
        {"description": None, "to_emails": None, "nr_escalated": None, "attachments": None},
        {"deleted": True, "spam": True, "nr_escalated": False},
    ],
)
def test_edge_values_give_identical_tickets(changes: dict[str, Any]) -> None:
    payload = {**TICKET, **changes}
    fast, reference = structure_both(payload, Ticket)
    assert_identical(fast, reference)
    assert fast.status is reference.status  # an IntEnum stays the member it was


@pytest.mark.parametrize("domains", ["acme.com", "acme.com, acme.org,", "", ["acme.com"], None, 5])
def test_legacy_company_domains_give_identical_results(domains: object) -> None:
    payload = {"id": 1, "name": "ACME", "domains": domains, **STAMPS}
    fast_ok, fast = outcome(lambda: converter.structure(payload, Company))
    ref_ok, reference = outcome(lambda: REFERENCE.structure(payload, Company))
    assert fast_ok == ref_ok
    if fast_ok:
        assert_identical(fast, reference)


def test_a_legacy_fix_may_not_touch_keys_the_other_rules_move() -> None:
    with pytest.raises(ValueError, match="fixed keys"):
        _LegacyKeys(renames={"customer": "company"}, fix={"company": lambda value: value})


def test_a_mapping_that_is_not_a_dict_gives_identical_results() -> None:
    fast, reference = structure_both(OrderedDict(TICKET), Ticket)
    assert_identical(fast, reference)


def test_defaults_are_the_attrs_defaults() -> None:
    ticket = converter.structure(TICKET, Ticket)
    expected = Ticket(
        **{key: value for key, value in TICKET.items() if not key.endswith("_at")},
        created_at=datetime(2024, 5, 13, 9, 12, 44, tzinfo=UTC),
        updated_at=datetime(2024, 5, 13, 11, 2, 10, tzinfo=UTC),
    )
    assert_identical(ticket, expected)
    assert ticket.tags is attrs.fields(Ticket).tags.default
    other = converter.structure(TICKET, Ticket)
    assert ticket.custom_fields == {}
    assert ticket.custom_fields is not other.custom_fields  # a fresh dict from the factory


def test_payload_is_not_mutated_and_values_are_not_shared() -> None:
    payload = {
        **TICKET,
        "tags": ["a"],
        "custom_fields": {"cf_a": 1},
        "frDueBy": TICKET["created_at"],
    }
    before = copy.deepcopy(payload)
    ticket = converter.structure(payload, Ticket)
    assert payload == before
    assert ticket.custom_fields is not payload["custom_fields"]


# --- Same rejections ----------------------------------------------------------------

WRONG_VALUES: list[object] = [set(), [object()], "not a timestamp", 1.5, True, {"id": "x"}]


def wrong_value_cases() -> Iterator[tuple[type[Any], str, object]]:
    for model in (Ticket, Contact, Company, Agent, Group, Conversation, SolutionArticle):
        for field in attrs.fields(model):
            for value in WRONG_VALUES:
                yield model, field.name, value


VALID: dict[type[Any], dict[str, Any]] = {
    Ticket: TICKET,
    Contact: {"id": 1, "name": "A", **STAMPS},
    Company: {"id": 1, "name": "A", **STAMPS},
    Agent: {"id": 1, "ticket_scope": 1, "contact": {"name": "A"}, **STAMPS},
    Group: {"id": 1, "name": "A", **STAMPS},
    Conversation: {"id": 1, "ticket_id": 2, **STAMPS},
    SolutionArticle: {"id": 1, "type": 1, "status": 2, "title": "T", **STAMPS},
}


def outcome(structure: Callable[[], Any]) -> tuple[bool, Any]:
    try:
        return True, structure()
    except Exception as exc:
        return False, exc


@pytest.mark.parametrize("learnt", [False, True], ids=["general", "learnt-key-order"])
def test_every_field_rejects_what_the_reference_rejects(learnt: bool) -> None:
    """Each field of each main model, given values of wrong types: same verdict, same result.

    ``learnt``: through the function learnt for the payload's keys (legacy keys,
    never learnt, are left out then).
    """
    conv = make_converter() if learnt else converter
    checked = rejected = 0
    for model, name, value in wrong_value_cases():
        payload = {**VALID[model], name: value}
        if learnt and _converter_triggers(model) & set(payload):
            continue

        def structure(payload: dict[str, Any] = payload, model: type[Any] = model) -> Any:
            if learnt:
                return through_shape(conv, payload, model, accepted=False)
            return conv.structure(payload, model)

        fast_ok, fast = outcome(structure)
        ref_ok, reference = outcome(lambda: REFERENCE.structure(payload, model))  # noqa: B023
        assert fast_ok == ref_ok, (model.__name__, name, value, fast, reference)
        if fast_ok:
            assert_identical(fast, reference)
        else:
            # Production raises cattrs' detailed error, naming the field.
            assert isinstance(fast, cattrs.ClassValidationError), (model, name, value, fast)
            assert name in " ".join(cattrs.transform_error(fast)), (model, name, value)
            rejected += 1
        checked += 1
    assert checked > 500
    assert rejected > 400


@pytest.mark.parametrize("model", list(VALID))
def test_every_missing_required_key_raises(model: type[Any]) -> None:
    converter.structure(VALID[model], model)  # the base payload is valid
    required = [f.name for f in attrs.fields(model) if f.default is attrs.NOTHING]
    assert required
    for name in required:
        payload = {key: value for key, value in VALID[model].items() if key != name}
        with pytest.raises(cattrs.ClassValidationError) as info:
            converter.structure(payload, model)
        assert name in " ".join(cattrs.transform_error(info.value))
        with pytest.raises(KeyError):
            REFERENCE.structure(payload, model)


@pytest.mark.parametrize("data", [None, [], "ticket", 7, [TICKET]])
def test_a_payload_that_is_no_object_raises(data: object) -> None:
    # What _parsing.py turns into a ResponseValidationError.
    with pytest.raises((cattrs.BaseValidationError, TypeError, ValueError, KeyError)):
        converter.structure(data, Ticket)


def test_a_bad_item_in_a_page_raises() -> None:
    page = [TICKET, {**TICKET, "id": "8"}]
    with pytest.raises(cattrs.ClassValidationError):
        converter.structure(page, tuple[Ticket, ...])


# --- Learnt key orders (_learn_shape) -----------------------------------------------


@pytest.fixture
def fresh() -> cattrs.Converter:
    """A production converter of its own: no key order learnt yet."""
    return make_converter()


def shapes_of(conv: cattrs.Converter, cl: type[Any]) -> dict[int, Any]:
    shapes: dict[int, Any] = conv.get_structure_hook(cl).__globals__["_shapes"]
    return shapes


def through_shape(
    conv: cattrs.Converter, payload: dict[str, Any], cl: type[Any], *, accepted: bool = True
) -> Any:
    """Structure *payload* by the function learnt for its keys, checking that it ran.

    ``accepted``: the learnt function itself must return (not hand the payload on).
    """
    hook = conv.get_structure_hook(cl)
    shapes = shapes_of(conv, cl)
    shapes.clear()
    hook.__globals__["_learn"](payload)
    keys, learnt = shapes[len(payload)]
    assert keys == tuple(payload)
    calls: list[str] = []

    def counting(o: Any) -> Any:
        calls.append("called")
        result = learnt(o)
        calls.append("returned")
        return result

    shapes[len(payload)] = [keys, counting]
    try:
        return conv.structure(payload, cl)
    finally:
        assert calls[:1] == ["called"], "the learnt function should be used"
        if accepted:
            assert calls == ["called", "returned"], "it should build the model itself"


@pytest.mark.parametrize("path", RECORDED_FILES, ids=lambda p: p.name)
def test_recorded_file_gives_identical_models_through_learnt_key_orders(
    path: Any, fresh: cattrs.Converter
) -> None:
    data, cl = recorded_items(path.name)
    first = fresh.structure(data, cl)  # learns each key order it meets
    assert_identical(fresh.structure(data, cl), REFERENCE.structure(data, cl))
    assert_identical(first, REFERENCE.structure(data, cl))
    model = model_for(path.name)
    records = data if isinstance(data, list) else [data]
    learnt = [e for e in shapes_of(fresh, model).values() if e is not None]
    with_legacy_keys = _converter_triggers(model) & {k for r in records for k in r}
    assert learnt or with_legacy_keys or not records


def _converter_triggers(model: type[Any]) -> set[str]:
    legacy = _LEGACY.get(model)
    return set(legacy.triggers) if legacy is not None else set()


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"status": Level.HIGH},
        {"subject": Text("subclassed")},
        {"created_at": "2024-05-13T14:42:44+05:30"},
        {"tags": ("a", "b")},
        {"tags": []},
        {"custom_fields": {"cf_multi": ["a", "b"], "cf_obj": {"x": [1, None]}}},
        {"requester": {"id": 1, "phone": 5551234, "mobile": "+1 555"}},
        {"company": {}},
        {"company": {"id": 3}},
        {"conversations": [{"id": 1, "ticket_id": 7, **STAMPS}]},
        {"brand_new_field": {"x": 1}, "status_name": "Open"},
        {"description": None, "to_emails": None, "nr_escalated": None, "attachments": None},
    ],
)
def test_edge_values_give_identical_tickets_through_a_learnt_key_order(
    changes: dict[str, Any], fresh: cattrs.Converter
) -> None:
    payload = {**TICKET, **changes}
    assert_identical(through_shape(fresh, payload, Ticket), REFERENCE.structure(payload, Ticket))


def test_other_keys_or_another_order_of_the_same_count_take_the_general_function(
    fresh: cattrs.Converter,
) -> None:
    learnt = {**TICKET, "type": "Question"}
    fresh.structure(learnt, Ticket)
    assert shapes_of(fresh, Ticket)[len(learnt)][0] == tuple(learnt)
    reordered = dict(reversed(list(learnt.items())))
    swapped = {**TICKET, "description": "d"}
    for payload in (reordered, swapped):
        assert len(payload) == len(learnt)
        assert_identical(fresh.structure(payload, Ticket), REFERENCE.structure(payload, Ticket))
    assert shapes_of(fresh, Ticket)[len(learnt)][0] == tuple(learnt)  # the first one stays


def test_keys_without_a_required_field_are_never_learnt(fresh: cattrs.Converter) -> None:
    # The general function fails on such payloads before it learns anything; asked
    # directly, learning refuses them too.
    payload = {**{k: v for k, v in TICKET.items() if k != "id"}, "spam": False}
    fresh.get_structure_hook(Ticket).__globals__["_learn"](payload)
    assert shapes_of(fresh, Ticket) == {}
    with pytest.raises(cattrs.ClassValidationError) as info:
        fresh.structure(payload, Ticket)
    assert "id" in " ".join(cattrs.transform_error(info.value))
    assert shapes_of(fresh, Ticket) == {}


NEVER_LEARNT: list[dict[Any, Any]] = [
    {**TICKET, "frDueBy": "2024-05-14T17:00:00Z"},  # a legacy key
    {**TICKET, 3: "a key that is no string"},
    {**TICKET, Text("subclassed_key"): 1},
]


@pytest.mark.parametrize(
    "payload",
    NEVER_LEARNT,
    ids=["legacy", "int-key", "str-subclass-key"],
)
def test_legacy_or_non_str_keys_are_never_learnt(
    payload: dict[Any, Any], fresh: cattrs.Converter
) -> None:
    for _ in range(2):
        assert_identical(fresh.structure(payload, Ticket), REFERENCE.structure(payload, Ticket))
    assert shapes_of(fresh, Ticket) == {}
    ordinary = {**TICKET, "type": "Question"}  # as many keys: still learnt afterwards
    assert len(ordinary) == len(payload)
    fresh.structure(ordinary, Ticket)
    assert shapes_of(fresh, Ticket)[len(ordinary)][0] == tuple(ordinary)


def test_at_most_max_shapes_key_orders_are_learnt_per_class(fresh: cattrs.Converter) -> None:
    payloads = [{**TICKET, **{f"extra_{i}": i for i in range(n)}} for n in range(20)]
    for payload in payloads * 2:
        assert_identical(fresh.structure(payload, Ticket), REFERENCE.structure(payload, Ticket))
    shapes = shapes_of(fresh, Ticket)
    assert sorted(shapes) == [len(p) for p in payloads[: _structure.MAX_SHAPES]]


def test_a_pages_own_key_objects_are_adopted_for_comparison(fresh: cattrs.Converter) -> None:
    body = json.dumps([{**TICKET, "type": "Question"}] * 3)
    first, second = json.loads(body), json.loads(body)
    fresh.structure(first, tuple[Ticket, ...])
    keys = shapes_of(fresh, Ticket)[len(first[0])][0]
    assert keys[0] is next(iter(first[0]))
    assert_identical(
        fresh.structure(second, tuple[Ticket, ...]), REFERENCE.structure(second, tuple[Ticket, ...])
    )
    # The next page's keys are equal but other objects: they are adopted.
    assert shapes_of(fresh, Ticket)[len(first[0])][0][0] is next(iter(second[0]))


class Anything(str):
    """A key that says it equals every string."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__


@pytest.mark.parametrize("key_type", [Text, Anything])
def test_keys_of_a_str_subclass_are_never_adopted(
    key_type: type[str], fresh: cattrs.Converter
) -> None:
    learnt = {**TICKET, "type": "Question"}
    fresh.structure(learnt, Ticket)
    odd = {key_type(key): value for key, value in learnt.items()}
    fresh.structure(odd, Ticket)
    keys = shapes_of(fresh, Ticket)[len(learnt)][0]
    assert all(type(key) is str for key in keys)
    # So a payload with other keys of the same count is still told apart.
    other = {**TICKET, "description": "d"}
    assert_identical(fresh.structure(other, Ticket), REFERENCE.structure(other, Ticket))


def test_through_a_learnt_key_order_the_payload_is_not_mutated_nor_shared(
    fresh: cattrs.Converter,
) -> None:
    payload = {**TICKET, "tags": ["a"], "custom_fields": {"cf_a": 1}, "to_emails": ["t@x"]}
    before = copy.deepcopy(payload)
    ticket = through_shape(fresh, payload, Ticket)
    assert payload == before
    assert ticket.custom_fields is not payload["custom_fields"]
    assert ticket.tags == ("a",)


# --- What the built instances are ---------------------------------------------------


def test_instances_are_plain_frozen_models() -> None:
    payload = {**TICKET, "stats": {"closed_at": None}, "tags": ["a"]}
    ticket, reference = structure_both(payload, Ticket)
    assert type(ticket) is Ticket
    assert type(ticket.stats) is TicketStats
    assert not hasattr(ticket, "__dict__")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ticket.subject = "changed"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del ticket.subject
    assert hash(ticket.stats) == hash(reference.stats)
    assert repr(ticket) == repr(reference)
    assert pickle.loads(pickle.dumps(ticket)) == reference
    assert attrs.evolve(ticket, subject="x") == attrs.evolve(reference, subject="x")
    assert converter.unstructure(ticket) == REFERENCE.unstructure(reference)


def test_without_the_class_swap_the_class_is_called(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_structure, "_builder_class", lambda cl: None)
    conv = make_converter()
    payload = {**TICKET, "requester": {"id": 1, "phone": 5}, "tags": ["a"]}
    assert_identical(conv.structure(payload, Ticket), REFERENCE.structure(payload, Ticket))
    learnt = through_shape(conv, payload, Ticket)  # a learnt key order calls it too
    assert_identical(learnt, REFERENCE.structure(payload, Ticket))


@attrs.frozen(kw_only=True)
class Validated:
    n: int = attrs.field(validator=attrs.validators.ge(0))


@attrs.frozen(kw_only=True)
class PostInit:
    n: int

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "n", self.n * 2)


@attrs.define(slots=False)
class NoSlots:
    n: int


@pytest.mark.parametrize("cl", [Validated, PostInit])
def test_classes_it_cannot_build_keep_cattrs_functions(cl: type[Any]) -> None:
    conv = make_converter()
    assert _structure.make_structure_fn(cl, conv, explain=conv.structure) is None
    assert conv.structure({"n": 2}, cl) == REFERENCE.structure({"n": 2}, cl)


def test_validators_still_run() -> None:
    with pytest.raises(ValueError, match="must be >= 0"):
        make_converter().structure({"n": -1}, Validated)


def test_attrs_slots_false_keeps_cattrs_functions() -> None:
    conv = make_converter()
    assert _structure.make_structure_fn(NoSlots, conv, explain=conv.structure) is None
    assert conv.structure({"n": 2}, NoSlots) == NoSlots(2)


def test_other_attrs_classes_get_the_same_rules_in_production() -> None:
    @attrs.frozen(kw_only=True)
    class Probe:
        at: datetime
        mobile: str | None = None
        stamps: tuple[datetime, ...] = ()

    payload = {"at": "2024-01-01T05:30:00+05:30", "mobile": 42, "stamps": ["2024-01-01T00:00:00Z"]}
    probe = make_converter().structure(payload, Probe)
    assert_identical(probe, REFERENCE.structure(payload, Probe))
    assert probe == Probe(
        at=datetime(2024, 1, 1, tzinfo=UTC),
        mobile="42",
        stamps=(datetime(2024, 1, 1, tzinfo=UTC),),
    )


@attrs.frozen(kw_only=True)
class Node:
    name: str
    parent: Node | None = None
    children: tuple[Node, ...] = ()


def test_a_model_that_contains_itself() -> None:
    payload = {"name": "a", "parent": {"name": "b"}, "children": [{"name": "c", "children": []}]}
    fast, reference = structure_both(payload, Node)
    assert_identical(fast, reference)
    assert fast.parent == Node(name="b")
