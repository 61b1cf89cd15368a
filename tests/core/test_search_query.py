"""Tables for the search query builder, and a round trip through the fake's parser."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from enum import IntEnum
from typing import Any

import pytest

from freshdesk_atom._core.search_query import (
    And,
    Condition,
    Expression,
    Or,
    Q,
    render_query,
)
from freshdesk_atom.testing._query import QueryError, Resource, parse_query


class Status(IntEnum):
    OPEN = 2
    PENDING = 3


# --------------------------------------------------------------------------- rendering


@pytest.mark.parametrize(
    ("expression", "text"),
    [
        (Q.status(2), "status:2"),
        (Q.status(Status.PENDING), "status:3"),  # IntEnum members render as digits
        (Q.priority(4), "priority:4"),
        (Q.type("Incident"), "type:'Incident'"),
        (Q.tag("vip"), "tag:'vip'"),
        (Q.group_id(7), "group_id:7"),
        (Q.group_id(None), "group_id:null"),
        (Q.agent_id(43026449322), "agent_id:43026449322"),  # 64-bit ids
        (Q.requester_id(1), "requester_id:1"),
        (Q.company_id(-1), "company_id:-1"),
        (Q.priority.gte(3), "priority:>3"),
        (Q.priority.lte(2), "priority:<2"),
        (Q.status.between(2, 3), "status:>2 AND status:<3"),
        (Q.status.any_of(2, 3, 4), "status:2 OR status:3 OR status:4"),
        (Q.status.any_of(2), "status:2"),
        (Q.created_at.on(date(2024, 1, 5)), "created_at:'2024-01-05'"),
        (Q.created_at(date(2024, 1, 5)), "created_at:'2024-01-05'"),
        (Q.updated_at.after(date(2024, 1, 1)), "updated_at:>'2024-01-01'"),
        (Q.due_by.before(date(2024, 12, 31)), "due_by:<'2024-12-31'"),
        (Q.fr_due_by.gte(date(2024, 2, 29)), "fr_due_by:>'2024-02-29'"),
        (Q.nr_due_by.is_null(), "nr_due_by:null"),
        (
            Q.created_at.between(date(2024, 1, 1), date(2024, 1, 31)),
            "created_at:>'2024-01-01' AND created_at:<'2024-01-31'",
        ),
        (Q.email("ada@example.com"), "email:'ada@example.com'"),
        (Q.phone("+1 555 0100"), "phone:'+1 555 0100'"),
        (Q.mobile(None), "mobile:null"),
        (Q.twitter_id("ada"), "twitter_id:'ada'"),
        (Q.active(True), "active:true"),
        (Q.active(False), "active:false"),
        (Q.language("en"), "language:'en'"),
        (Q.time_zone("Eastern Time (US & Canada)"), "time_zone:'Eastern Time (US & Canada)'"),
        (Q.domain("acme.com"), "domain:'acme.com'"),
        (Q.field("cf_region", "EMEA"), "cf_region:'EMEA'"),
        (Q.field("cf_region")("EMEA"), "cf_region:'EMEA'"),
        (Q.field("cf_seats", 10), "cf_seats:10"),
        (Q.field("cf_flag", True), "cf_flag:true"),
        (Q.field("cf_day", date(2024, 3, 1)), "cf_day:'2024-03-01'"),
        (Q.field("cf_seats").gte(5), "cf_seats:>5"),
        (Q.field("cf_seats").lte(9), "cf_seats:<9"),
        (Q.field("cf_renewal").gte(date(2024, 6, 1)), "cf_renewal:>'2024-06-01'"),
        (Q.field("region", None), "region:null"),
        (Q.is_null("cf_region"), "cf_region:null"),
        (Q.field("cf_x").is_null(), "cf_x:null"),
        (Q.field("cf_x").any_of("a", "b"), "cf_x:'a' OR cf_x:'b'"),
    ],
)
def test_rendering(expression: Expression, text: str) -> None:
    assert str(expression) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ('say "hi"', "type:'say \"hi\"'"),  # double quotes pass through
        ("a\\b", "type:'a\\b'"),  # so do backslashes: no escape is defined
        ("Ünïcode ✓", "type:'Ünïcode ✓'"),
        ("AND OR ()", "type:'AND OR ()'"),
        ("", "type:''"),
    ],
)
def test_strings_are_single_quoted_verbatim(value: str, text: str) -> None:
    assert str(Q.type(value)) == text


@pytest.mark.parametrize(
    "build",
    [
        lambda: Q.tag("O'Brien"),
        lambda: Q.field("cf_name", "it's"),
        lambda: Q.type.any_of("ok", "no'pe"),
        lambda: Q.field("cf_name").eq("'"),
    ],
)
def test_a_single_quote_in_a_value_is_refused(build: Callable[[], Expression]) -> None:
    with pytest.raises(ValueError, match=r"contains a single quote.*cannot escape"):
        build()


def test_the_quote_error_names_the_field() -> None:
    with pytest.raises(ValueError, match=r"^cf_name: the value \"it's\""):
        Q.field("cf_name", "it's")


@pytest.mark.parametrize(
    ("value", "day"),
    [
        (datetime(2024, 1, 1, 23, 30, tzinfo=UTC), "2024-01-01"),
        # converted to UTC first: 01:00 at +05:30 is the previous UTC day
        (datetime(2024, 1, 2, 1, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))), "2024-01-01"),
        (datetime(2024, 1, 1, 20, 0, tzinfo=timezone(timedelta(hours=-5))), "2024-01-02"),
        (datetime(2024, 1, 1, 23, 59), "2024-01-01"),  # naive is taken as UTC
        (date(2024, 1, 1), "2024-01-01"),
    ],
)
def test_datetimes_become_their_utc_day(value: date, day: str) -> None:
    assert str(Q.created_at.on(value)) == f"created_at:'{day}'"
    assert str(Q.created_at.after(value)) == f"created_at:>'{day}'"
    assert str(Q.created_at.before(value)) == f"created_at:<'{day}'"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Q.status("2"), r"^status: expected int, got str$"),  # type: ignore[arg-type]
        (lambda: Q.status(True), r"^status: expected int, got bool$"),
        (lambda: Q.priority.gte(2.5), r"^priority: expected int, got float$"),  # type: ignore[arg-type]
        (lambda: Q.tag(1), r"^tag: expected str, got int$"),  # type: ignore[arg-type]
        (lambda: Q.active(1), r"^active: expected bool, got int$"),  # type: ignore[arg-type]
        (lambda: Q.created_at.after("2024-01-01"), r"^created_at: expected date, got str$"),  # type: ignore[arg-type]
        (lambda: Q.field("cf_x", 1.5), r"^cf_x: cannot search for a float"),  # type: ignore[call-overload]
        (lambda: Q.field("cf_x", [1]), r"^cf_x: cannot search for a list"),  # type: ignore[call-overload]
        (lambda: Q.field("cf_x").gte("abc"), r"^cf_x: :> and :< compare numbers and dates only"),  # type: ignore[arg-type]
        (lambda: Q.field("cf_x").lte(True), r"^cf_x: :> and :< compare numbers and dates only"),
        (lambda: Q.field("cf_x").gte(None), r"^cf_x: :> and :< compare numbers and dates only"),  # type: ignore[arg-type]
    ],
)
def test_wrong_value_types_raise_at_once(build: Callable[[], object], message: str) -> None:
    # mypy rejects most of these calls already (hence the ignores); the run-time
    # check covers untyped callers and bool, which the type system takes for an int.
    with pytest.raises(TypeError, match=message):
        build()


@pytest.mark.parametrize("name", ["", "cf region", "cf-region", "1st", "status:2", "tag'"])
def test_field_names_are_checked(name: str) -> None:
    with pytest.raises(ValueError, match="is not a valid search field name"):
        Q.field(name)


def test_any_of_needs_values() -> None:
    with pytest.raises(ValueError, match=r"^status: any_of\(\) needs at least one value$"):
        Q.status.any_of()


# --------------------------------------------------------------------------- precedence

A, B, C, D = Q.status(2), Q.priority(3), Q.tag("x"), Q.group_id(1)


@pytest.mark.parametrize(
    ("expression", "text"),
    [
        (A & B, "status:2 AND priority:3"),
        (A | B, "status:2 OR priority:3"),
        (A & B & C, "status:2 AND priority:3 AND tag:'x'"),
        (A & (B & C), "status:2 AND priority:3 AND tag:'x'"),  # flattened
        (A | (B | C), "status:2 OR priority:3 OR tag:'x'"),
        ((A | B) & C, "(status:2 OR priority:3) AND tag:'x'"),
        (A & (B | C), "status:2 AND (priority:3 OR tag:'x')"),
        (A & (B | C) & D, "status:2 AND (priority:3 OR tag:'x') AND group_id:1"),
        # Python's & binds tighter than |, like Freshdesk's AND over OR; the AND
        # group still gets parentheses, as Freshdesk does not document precedence.
        (A & B | C, "(status:2 AND priority:3) OR tag:'x'"),
        (A | B & C, "status:2 OR (priority:3 AND tag:'x')"),
        ((A | B) & (C | D), "(status:2 OR priority:3) AND (tag:'x' OR group_id:1)"),
        ((A & B) | (C & D), "(status:2 AND priority:3) OR (tag:'x' AND group_id:1)"),
        (((A | B) & C) | D, "((status:2 OR priority:3) AND tag:'x') OR group_id:1"),
        (Q.all_of(A, B | C), "status:2 AND (priority:3 OR tag:'x')"),
        (Q.any_of(A, B & C, D), "status:2 OR (priority:3 AND tag:'x') OR group_id:1"),
        (Q.all_of(A), "status:2"),
        (Q.any_of(A & B), "status:2 AND priority:3"),
    ],
)
def test_precedence(expression: Expression, text: str) -> None:
    assert str(expression) == text


def test_structure_is_flat_and_comparable() -> None:
    assert And((A, B, C)) == A & B & C
    assert Or((A, B, C)) == (A | B) | C
    assert Condition("status", ":", "2") == A
    assert hash(A & B) == hash(A & B)
    assert repr(A & (B | C)) == "And(\"status:2 AND (priority:3 OR tag:'x')\")"


def test_expressions_refuse_python_boolean_operators() -> None:
    with pytest.raises(TypeError, match=r"combine search expressions with & and \|"):
        _ = A and B
    with pytest.raises(TypeError):
        bool(A | B)


@pytest.mark.parametrize("other", ["priority:3", 3, None])
def test_combining_with_a_non_expression_is_a_type_error(other: Any) -> None:
    with pytest.raises(TypeError, match="cannot combine a search expression"):
        A & other
    with pytest.raises(TypeError, match="cannot combine a search expression"):
        A | other


@pytest.mark.parametrize("combine", [Q.all_of, Q.any_of])
def test_all_of_and_any_of_need_expressions(combine: Callable[..., Expression]) -> None:
    with pytest.raises(ValueError, match="needs at least one expression"):
        combine()
    with pytest.raises(TypeError, match="cannot combine a search expression"):
        combine(A, "tag:'x'")


# --------------------------------------------------------------------------- render_query


@pytest.mark.parametrize(
    ("query", "rendered"),
    [
        (Q.status(2) & Q.priority(3), '"status:2 AND priority:3"'),
        ("status:2", '"status:2"'),
        ('"status:2"', '"status:2"'),  # the caller's own quotes are not doubled
        ('  "status:2"  ', '"status:2"'),
        ("  status:2 ", '"status:2"'),
        ('"tag:\'a"b\'"', '"tag:\'a"b\'"'),  # only one outer pair is removed
    ],
)
def test_render_query_wraps_in_double_quotes(query: str | Expression, rendered: str) -> None:
    assert render_query(query) == rendered


@pytest.mark.parametrize("query", ["", "   ", '""', '" "'])
def test_render_query_refuses_an_empty_query(query: str) -> None:
    with pytest.raises(ValueError, match=r"^query must not be empty$"):
        render_query(query)


def _tag_query(length: int) -> Expression:
    """Return an expression whose text is exactly *length* characters."""
    expression = Q.tag("x" * (length - 6))
    assert len(str(expression)) == length
    return expression


def test_512_characters_between_the_quotes_pass() -> None:
    rendered = render_query(_tag_query(512))
    assert len(rendered) == 514
    assert render_query("y" * 512) == '"' + "y" * 512 + '"'
    assert render_query('"' + "y" * 512 + '"') == '"' + "y" * 512 + '"'


@pytest.mark.parametrize("query", [_tag_query(513), "y" * 513, '"' + "y" * 513 + '"'])
def test_513_characters_fail_before_any_request(query: str | Expression) -> None:
    message = (
        "query has 513 characters, it can have maximum of 512 characters "
        "(counted between the double quotes)"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        render_query(query)


def test_render_query_refuses_other_types() -> None:
    with pytest.raises(TypeError, match="query must be a str or a search expression, not int"):
        render_query(3)  # type: ignore[arg-type]


@pytest.mark.parametrize("length", [512, 513])
def test_builder_and_fake_count_length_alike(length: int) -> None:
    expression = _tag_query(length)
    if length <= 512:
        parse_query(render_query(expression), "tickets")
        return
    with pytest.raises(ValueError, match="513 characters"):
        render_query(expression)
    with pytest.raises(QueryError, match=r"^Has 513 characters"):
        parse_query(f'"{expression}"', "tickets")


# --------------------------------------------------------------------------- round trip

Record = dict[str, Any]
Predicate = Callable[[Record], bool]

START = datetime(2024, 1, 1, tzinfo=UTC)


def make_tickets(count: int, seed: int) -> list[Record]:
    """Generate tickets with every searched field, some of them empty."""
    rng = random.Random(seed)
    tickets = []
    for number in range(count):
        created = START + timedelta(hours=rng.randint(0, 24 * 90), seconds=rng.randint(0, 3599))
        tickets.append(
            {
                "id": number,
                "status": rng.choice([2, 3, 4, 5]),
                "priority": rng.randint(1, 4),
                "type": rng.choice(["Incident", "Question", "problem", None]),
                "tags": rng.sample(["vip", "Billing", "beta"], rng.randint(0, 2)),
                "group_id": rng.choice([None, 10, 11]),
                "responder_id": rng.choice([None, 5, 6]),
                # half as Freshdesk's strings, half as datetime objects
                "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ") if number % 2 else created,
                "custom_fields": {
                    "cf_region": rng.choice(["EMEA", "emea", "APAC", None]),
                    "cf_seats": rng.choice([None, 0, 5, 10, 50]),
                },
            }
        )
    return tickets


def utc_day(value: str | datetime) -> date:
    """Return the UTC day of a generated timestamp."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(UTC).date()


def folded(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def custom(record: Record, name: str) -> Any:
    return record["custom_fields"][name]


JAN_15, FEB_1 = date(2024, 1, 15), date(2024, 2, 1)

# Each atom: the builder's expression and the same condition written by hand.
TICKET_ATOMS: list[tuple[Expression, Predicate]] = [
    (Q.status(2), lambda r: r["status"] == 2),
    (Q.status.any_of(3, 4), lambda r: r["status"] in (3, 4)),
    (Q.priority.gte(3), lambda r: r["priority"] >= 3),
    (Q.priority.lte(2), lambda r: r["priority"] <= 2),
    (Q.type("PROBLEM"), lambda r: folded(r["type"]) == "problem"),
    (Q.type(None), lambda r: r["type"] is None),
    (Q.tag("billing"), lambda r: "billing" in [t.casefold() for t in r["tags"]]),
    (Q.tag.is_null(), lambda r: not r["tags"]),
    (Q.group_id(10), lambda r: r["group_id"] == 10),
    (Q.group_id(None), lambda r: r["group_id"] is None),
    (Q.agent_id(5), lambda r: r["responder_id"] == 5),
    (Q.created_at.on(JAN_15), lambda r: utc_day(r["created_at"]) == JAN_15),
    (Q.created_at.after(FEB_1), lambda r: utc_day(r["created_at"]) >= FEB_1),
    (Q.created_at.before(JAN_15), lambda r: utc_day(r["created_at"]) <= JAN_15),
    (
        Q.created_at.before(datetime(2024, 1, 15, 22, tzinfo=timezone(timedelta(hours=-5)))),
        lambda r: utc_day(r["created_at"]) <= date(2024, 1, 16),
    ),
    (Q.field("cf_region", "emea"), lambda r: folded(custom(r, "cf_region")) == "emea"),
    (Q.is_null("cf_region"), lambda r: custom(r, "cf_region") is None),
    (Q.field("cf_seats").gte(10), lambda r: (custom(r, "cf_seats") or -1) >= 10),
    (Q.field("cf_seats", 0), lambda r: custom(r, "cf_seats") == 0),
]


def combine(
    rng: random.Random, atoms: list[tuple[Expression, Predicate]], depth: int
) -> tuple[Expression, Predicate]:
    """Build a random AND/OR tree over *atoms*, with its hand-written predicate."""
    if depth == 0 or rng.random() < 0.3:
        return rng.choice(atoms)
    (left, match_left), (right, match_right) = (
        combine(rng, atoms, depth - 1),
        combine(rng, atoms, depth - 1),
    )
    if rng.random() < 0.5:
        return left & right, lambda r: match_left(r) and match_right(r)
    return left | right, lambda r: match_left(r) or match_right(r)


def selected_ids(expression: Expression, resource: Resource, records: list[Record]) -> list[int]:
    """Render *expression*, parse it as the fake does and return the matching ids."""
    query = parse_query(render_query(expression), resource)
    return [r["id"] for r in query.select(records)]


TICKETS = make_tickets(400, seed=7)


@pytest.mark.parametrize(("expression", "predicate"), TICKET_ATOMS, ids=lambda v: str(v))
def test_round_trip_single_conditions(expression: Expression, predicate: Predicate) -> None:
    expected = [r["id"] for r in TICKETS if predicate(r)]
    assert selected_ids(expression, "tickets", TICKETS) == expected


@pytest.mark.parametrize("seed", range(40))
def test_round_trip_random_trees(seed: int) -> None:
    rng = random.Random(seed)
    expression, predicate = combine(rng, TICKET_ATOMS, depth=4)
    expected = [r["id"] for r in TICKETS if predicate(r)]
    assert selected_ids(expression, "tickets", TICKETS) == expected, str(expression)


def test_round_trip_explicit_precedence() -> None:
    # (a AND b) OR c and a AND (b OR c) must differ on this data, and each
    # must select what Python's own precedence says.
    a, b, c = TICKET_ATOMS[0], TICKET_ATOMS[2], TICKET_ATOMS[6]
    loose = selected_ids(a[0] & b[0] | c[0], "tickets", TICKETS)
    tight = selected_ids(a[0] & (b[0] | c[0]), "tickets", TICKETS)
    assert loose == [r["id"] for r in TICKETS if (a[1](r) and b[1](r)) or c[1](r)]
    assert tight == [r["id"] for r in TICKETS if a[1](r) and (b[1](r) or c[1](r))]
    assert loose != tight


CONTACTS: list[Record] = [
    {
        "id": 1,
        "email": "Ada@Example.com",
        "other_emails": ["ada@work.example"],
        "active": True,
        "language": "en",
        "company_id": 9,
        "custom_fields": {"department": "Research"},
    },
    {
        "id": 2,
        "email": None,
        "other_emails": [],
        "active": False,
        "language": "fr",
        "company_id": None,
        "custom_fields": {"department": None},
    },
    {
        "id": 3,
        "email": "bob@example.com",
        "other_emails": [],
        "active": True,
        "language": "en",
        "company_id": 10,
        "custom_fields": {"department": "sales"},
    },
]


@pytest.mark.parametrize(
    ("expression", "ids"),
    [
        (Q.email("ada@example.com"), [1]),
        (Q.email("ADA@WORK.EXAMPLE"), [1]),  # other_emails count too
        (Q.email(None), [2]),
        (Q.active(True) & Q.language("EN"), [1, 3]),
        (Q.company_id.gte(10) | Q.company_id(None), [2, 3]),
        (Q.field("department", "research") | Q.is_null("department"), [1, 2]),
    ],
)
def test_round_trip_contacts(expression: Expression, ids: list[int]) -> None:
    assert selected_ids(expression, "contacts", CONTACTS) == ids


def test_round_trip_companies() -> None:
    companies: list[Record] = [
        {"id": 1, "domains": ["acme.com", "acme.io"], "custom_fields": {"tier": "Gold"}},
        {"id": 2, "domains": [], "custom_fields": {"tier": None}},
    ]
    assert selected_ids(Q.domain("ACME.IO"), "companies", companies) == [1]
    assert selected_ids(Q.domain(None) | Q.field("tier", "gold"), "companies", companies) == [1, 2]
