"""Build Freshdesk search queries in Python: typed fields, safe quoting, the length check.

Freshdesk's search (docs/freshdesk-api-notes.md#search) takes one ``query`` parameter written in
a small language: ``field:value`` terms joined by ``AND``/``OR`` and grouped
with parentheses, strings in single quotes, dates as ``'YYYY-MM-DD'``, ``:>``
and ``:<`` for "at least" and "at most", and the whole wrapped in double
quotes. :class:`Q` names the searchable fields; calling one gives a
:class:`Condition`, and conditions combine with ``&`` (AND) and ``|`` (OR)::

    from datetime import date

    query = (Q.status(2) | Q.status(3)) & Q.priority.gte(3) & Q.created_at.after(date(2024, 1, 1))
    str(query)           # "(status:2 OR status:3) AND priority:>3 AND created_at:>'2024-01-01'"
    render_query(query)  # the same, wrapped in the double quotes Freshdesk requires

Rules the builder follows where Freshdesk documents nothing:

* **Parentheses.** A group is parenthesised when it sits inside the other
  operator: ``(a OR b) AND c`` and also ``(a AND b) OR c``. The second pair is
  redundant if AND binds tighter, as it does in the fake, but Freshdesk does
  not document its precedence and two characters are cheaper than a wrong
  result.
* **Apostrophes.** Freshdesk documents no escape inside ``'...'`` strings, and
  guessing one (``\\'``, ``''``) could silently search for the wrong value; a
  string value holding ``'`` raises ``ValueError`` naming the field. Double
  quotes and backslashes are sent as they are.
* **Dates.** ``date`` values are sent as the day; ``datetime`` values are
  converted to UTC first and sent as their UTC day (a naive ``datetime`` is
  taken as UTC, like every Freshdesk timestamp). Freshdesk compares whole days:
  ``on`` is that day, ``after`` is on or after it, ``before`` on or before it.
* **Length.** The 512-character limit counts the characters between the
  double quotes, the same count as the fake Freshdesk.

Field names are not checked against the resource: ``Q.email`` is a contact
field and makes a ticket search fail with Freshdesk's 400.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import ClassVar, Final, Generic, Literal, NoReturn, TypeAlias, TypeVar, overload

import attrs
from typing_extensions import override

from .._constants import SEARCH_QUERY_MAX_LENGTH
from .._types import NOT_GIVEN, NotGiven
from .timestamps import utc_day

__all__ = [
    "And",
    "Condition",
    "CustomField",
    "DateField",
    "Expression",
    "Field",
    "IntField",
    "Or",
    "Q",
    "RangeField",
    "Scalar",
    "render_query",
]

Scalar: TypeAlias = "int | bool | str | date"
"""A value a term can compare with (``datetime`` is a ``date``)."""

Operator: TypeAlias = Literal[":", ":>", ":<"]

_V = TypeVar("_V")
_B = TypeVar("_B")

_NAME: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# --------------------------------------------------------------------------- expressions


class Expression:
    """A search condition, or several joined by AND/OR; combine with ``&`` and ``|``.

    ``str(expr)`` is the query text without the surrounding double quotes;
    :func:`render_query` adds them and checks the length.
    """

    __slots__ = ()

    # 1 for OR, 2 for AND, 3 for a single term: a child with a lower binding
    # than its parent needs parentheses.
    _binding: ClassVar[int] = 3

    def __and__(self, other: Expression) -> Expression:
        """Return ``self AND other``."""
        return And.of(self, _check_expression(other, "&"))

    def __or__(self, other: Expression) -> Expression:
        """Return ``self OR other``."""
        return Or.of(self, _check_expression(other, "|"))

    def __bool__(self) -> NoReturn:
        # `Q.status(2) and Q.priority(3)` would silently keep only the second
        # condition; refuse, as SQLAlchemy's clauses do.
        raise TypeError("combine search expressions with & and |, not with 'and'/'or'/'not'")

    @override
    def __str__(self) -> str:
        raise NotImplementedError

    @override
    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def _render_within(self, parent_binding: int) -> str:
        """Return the text of this node, parenthesised if *parent_binding* needs it."""
        text = str(self)
        return f"({text})" if self._binding < parent_binding else text


def _check_expression(other: object, symbol: str) -> Expression:
    """Return *other* if it is an expression, else raise a ``TypeError`` naming *symbol*."""
    if not isinstance(other, Expression):
        raise TypeError(
            f"cannot combine a search expression with {type(other).__name__!r} using {symbol}; "
            "build both sides with Q"
        )
    return other


@attrs.frozen(repr=False)
class Condition(Expression):
    """One ``field:value`` term, e.g. ``priority:>3`` or ``tag:'vip'``.

    Attributes:
        field: the Freshdesk search field, e.g. ``"status"`` or ``"cf_region"``.
        operator: ``":"`` (equal), ``":>"`` (at least) or ``":<"`` (at most).
        literal: the value as written in the query: ``2``, ``'vip'``, ``null``.
    """

    field: str
    operator: Operator
    literal: str

    @override
    def __str__(self) -> str:
        return f"{self.field}{self.operator}{self.literal}"


@attrs.frozen(repr=False)
class And(Expression):
    """Terms that must all hold; rendered ``a AND b AND ...``."""

    parts: tuple[Expression, ...]
    _binding: ClassVar[int] = 2

    @classmethod
    def of(cls, *parts: Expression) -> And:
        """Return the conjunction of *parts*, flattening nested ANDs."""
        return cls(_flatten(cls, parts))

    @override
    def __str__(self) -> str:
        return " AND ".join(part._render_within(self._binding) for part in self.parts)


@attrs.frozen(repr=False)
class Or(Expression):
    """Terms of which at least one must hold; rendered ``a OR b OR ...``."""

    parts: tuple[Expression, ...]
    _binding: ClassVar[int] = 1

    @classmethod
    def of(cls, *parts: Expression) -> Or:
        """Return the disjunction of *parts*, flattening nested ORs."""
        return cls(_flatten(cls, parts))

    @override
    def __str__(self) -> str:
        # 3, not our own 1, so AND groups get parentheses too: see the module notes.
        return " OR ".join(part._render_within(3) for part in self.parts)


def _flatten(kind: type[And | Or], parts: Iterable[Expression]) -> tuple[Expression, ...]:
    """Return *parts* with any member of the same *kind* replaced by its own parts."""
    flat: list[Expression] = []
    for part in parts:
        if isinstance(part, kind):
            flat.extend(part.parts)
        else:
            flat.append(part)
    return tuple(flat)


# --------------------------------------------------------------------------- values


def _literal(field: str, value: object, operator: Operator) -> str:
    """Return *value* written as a query literal for *field*, or raise.

    Raises:
        ValueError: a string holding ``'`` (Freshdesk has no escape for it).
        TypeError: a value of no searchable type, or one ``:>``/``:<`` cannot take.
    """
    if operator != ":" and (
        value is None or isinstance(value, bool) or not isinstance(value, int | date)
    ):
        raise TypeError(
            f"{field}: :> and :< compare numbers and dates only, not {type(value).__name__}"
        )
    if value is None:
        return "null"
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))  # int() turns IntEnum members into plain digits
    if isinstance(value, date):
        return f"'{utc_day(value).isoformat()}'"
    if isinstance(value, str):
        if "'" in value:
            raise ValueError(
                f"{field}: the value {value!r} contains a single quote, which Freshdesk's "
                "search syntax cannot escape"
            )
        return f"'{value}'"
    raise TypeError(
        f"{field}: cannot search for a {type(value).__name__}; "
        "use an int, bool, str, date, datetime or None"
    )


def _check_type(field: str, value: object, accepts: tuple[type, ...]) -> None:
    """Raise ``TypeError`` unless *value* is ``None`` or one of *accepts*."""
    if value is None or not accepts:
        return
    # A bool passes isinstance(int) but is no status or id.
    wrong_bool = isinstance(value, bool) and bool not in accepts
    if wrong_bool or not isinstance(value, accepts):
        names = " or ".join(t.__name__ for t in accepts)
        raise TypeError(f"{field}: expected {names}, got {type(value).__name__}")


def _check_name(instance: object, attribute: object, name: str) -> None:
    """Validate a field name: letters, digits and underscores, not starting with a digit."""
    if not isinstance(name, str) or _NAME.fullmatch(name) is None:
        raise ValueError(f"{name!r} is not a valid search field name")


# --------------------------------------------------------------------------- fields


@attrs.frozen
class Field(Generic[_V]):
    """A searchable field; call it with a value to get an equality condition.

    ``Q.tag("vip")`` is ``tag:'vip'``; ``Q.group_id(None)`` is ``group_id:null``.

    Attributes:
        name: the Freshdesk search name.
        accepts: the value types checked at run time (empty: any scalar).
    """

    name: str = attrs.field(validator=_check_name)
    accepts: tuple[type, ...] = ()

    def __call__(self, value: _V | None) -> Condition:
        """Return ``name:value``; ``None`` gives ``name:null`` (no value set)."""
        return self.eq(value)

    def eq(self, value: _V | None) -> Condition:
        """Return ``name:value`` (strings compare case-insensitively in Freshdesk)."""
        _check_type(self.name, value, self.accepts)
        return Condition(self.name, ":", _literal(self.name, value, ":"))

    def is_null(self) -> Condition:
        """Return ``name:null``: the field has no value (empty lists included)."""
        return Condition(self.name, ":", "null")

    def any_of(self, *values: _V) -> Expression:
        """Return ``name:a OR name:b ...``; a single value gives a plain condition.

        Raises:
            ValueError: no value given (an empty OR would match nothing).
        """
        if not values:
            raise ValueError(f"{self.name}: any_of() needs at least one value")
        conditions = [self.eq(value) for value in values]
        return conditions[0] if len(conditions) == 1 else Or.of(*conditions)


@attrs.frozen
class RangeField(Field[_V], Generic[_V, _B]):
    """A field that also compares with ``:>`` (at least) and ``:<`` (at most)."""

    def gte(self, value: _B) -> Condition:
        """Return ``name:>value``: greater than or equal (Freshdesk's ``:>``, docs/freshdesk-api-notes.md#search)."""
        return self._compare(":>", value)

    def lte(self, value: _B) -> Condition:
        """Return ``name:<value``: less than or equal (Freshdesk's ``:<``, docs/freshdesk-api-notes.md#search)."""
        return self._compare(":<", value)

    def between(self, low: _B, high: _B) -> Expression:
        """Return ``name:>low AND name:<high``, both ends included."""
        return And.of(self.gte(low), self.lte(high))

    def _compare(self, operator: Operator, value: object) -> Condition:
        _check_type(self.name, value, self.accepts)
        return Condition(self.name, operator, _literal(self.name, value, operator))


@attrs.frozen
class DateField(RangeField[date, date]):
    """A timestamp field searched by UTC day; accepts ``date`` or ``datetime``."""

    def on(self, day: date) -> Condition:
        """Return ``name:'YYYY-MM-DD'``: any time on that UTC day."""
        return self.eq(day)

    def after(self, day: date) -> Condition:
        """Return ``name:>'YYYY-MM-DD'``: on or after that UTC day (inclusive)."""
        return self.gte(day)

    def before(self, day: date) -> Condition:
        """Return ``name:<'YYYY-MM-DD'``: on or before that UTC day (inclusive)."""
        return self.lte(day)


_INT: Final = (int,)
_STR: Final = (str,)
_BOOL: Final = (bool,)
_DATE: Final = (date,)

IntField: TypeAlias = RangeField[int, int]
CustomField: TypeAlias = "RangeField[Scalar, int | date]"


def _int(name: str) -> IntField:
    return RangeField(name, _INT)


def _str(name: str) -> Field[str]:
    return Field(name, _STR)


def _date(name: str) -> DateField:
    return DateField(name, _DATE)


class Q:
    """The searchable fields, as class attributes, plus helpers for custom fields.

    Tickets: ``status``, ``priority``, ``type``, ``tag``, ``group_id``,
    ``agent_id`` (the assigned agent), ``requester_id``, ``company_id``,
    ``created_at``, ``updated_at``, ``due_by``, ``fr_due_by``, ``nr_due_by``.
    Contacts: ``email`` (any of the contact's addresses), ``phone``, ``mobile``,
    ``twitter_id``, ``company_id``, ``active``, ``tag``, ``language``,
    ``time_zone``, ``created_at``, ``updated_at``. Companies: ``domain``,
    ``created_at``, ``updated_at``. Custom fields go through :meth:`field`,
    by ``cf_`` name for tickets and by bare name for contacts and companies
    (docs/freshdesk-api-notes.md#data-conventions).

    Examples::

        Q.status(2) & Q.priority.gte(3)                 # status:2 AND priority:>3
        Q.tag("vip") | Q.agent_id(None)                 # tag:'vip' OR agent_id:null
        Q.status.any_of(2, 3)                           # status:2 OR status:3
        Q.created_at.between(date(2024, 1, 1), date(2024, 1, 31))
        Q.field("cf_region", "EMEA")                    # cf_region:'EMEA'
        Q.field("cf_seats").gte(10)                     # cf_seats:>10
        Q.is_null("cf_region")                          # cf_region:null
    """

    __slots__ = ()

    # Tickets
    status: ClassVar[IntField] = _int("status")
    priority: ClassVar[IntField] = _int("priority")
    type: ClassVar[Field[str]] = _str("type")
    tag: ClassVar[Field[str]] = _str("tag")
    group_id: ClassVar[IntField] = _int("group_id")
    agent_id: ClassVar[IntField] = _int("agent_id")
    requester_id: ClassVar[IntField] = _int("requester_id")
    company_id: ClassVar[IntField] = _int("company_id")
    created_at: ClassVar[DateField] = _date("created_at")
    updated_at: ClassVar[DateField] = _date("updated_at")
    due_by: ClassVar[DateField] = _date("due_by")
    fr_due_by: ClassVar[DateField] = _date("fr_due_by")
    nr_due_by: ClassVar[DateField] = _date("nr_due_by")
    # Contacts (company_id, tag, created_at and updated_at are shared)
    email: ClassVar[Field[str]] = _str("email")
    phone: ClassVar[Field[str]] = _str("phone")
    mobile: ClassVar[Field[str]] = _str("mobile")
    twitter_id: ClassVar[Field[str]] = _str("twitter_id")
    active: ClassVar[Field[bool]] = Field("active", _BOOL)
    language: ClassVar[Field[str]] = _str("language")
    time_zone: ClassVar[Field[str]] = _str("time_zone")
    # Companies
    domain: ClassVar[Field[str]] = _str("domain")

    @overload
    @staticmethod
    def field(name: str) -> CustomField: ...
    @overload
    @staticmethod
    def field(name: str, value: Scalar | None) -> Condition: ...
    @staticmethod
    def field(name: str, value: Scalar | NotGiven | None = NOT_GIVEN) -> CustomField | Condition:
        """Return the field *name*, or with *value* the condition ``name:value``.

        Use it for custom fields (``"cf_region"`` on tickets, ``"region"`` on
        contacts and companies). ``Q.field("x", None)`` is ``x:null``.

        Raises:
            ValueError: *name* is not a valid field name.
        """
        custom: CustomField = RangeField(name)
        return custom if isinstance(value, NotGiven) else custom.eq(value)

    @staticmethod
    def is_null(name: str) -> Condition:
        """Return ``name:null``: the field has no value."""
        return Field[Scalar](name).is_null()

    @staticmethod
    def all_of(*expressions: Expression) -> Expression:
        """Return the AND of *expressions* (one expression is returned as it is).

        Raises:
            ValueError: no expression given.
        """
        return _combine(And, expressions, "all_of")

    @staticmethod
    def any_of(*expressions: Expression) -> Expression:
        """Return the OR of *expressions* (one expression is returned as it is).

        Raises:
            ValueError: no expression given.
        """
        return _combine(Or, expressions, "any_of")


def _combine(kind: type[And | Or], expressions: tuple[Expression, ...], name: str) -> Expression:
    """Join *expressions* with *kind*, refusing an empty list."""
    if not expressions:
        raise ValueError(f"Q.{name}() needs at least one expression")
    for expression in expressions:
        _check_expression(expression, f"Q.{name}()")
    return expressions[0] if len(expressions) == 1 else kind.of(*expressions)


# --------------------------------------------------------------------------- rendering


def render_query(q: str | Expression) -> str:
    """Return the ``query`` parameter value, wrapped in double quotes.

    An :class:`Expression` is rendered; a string is taken as the query itself,
    stripped of surrounding whitespace and of one pair of surrounding double
    quotes if the caller already added them.

    Raises:
        ValueError: the query is empty, or has more than 512 characters between
            the double quotes (Freshdesk's limit, docs/freshdesk-api-notes.md#search), checked before any request.
        TypeError: *q* is neither a string nor an expression.
    """
    if isinstance(q, Expression):
        inner = str(q)
    elif isinstance(q, str):
        inner = q.strip()
        if len(inner) >= 2 and inner[0] == inner[-1] == '"':
            inner = inner[1:-1].strip()
    else:
        raise TypeError(f"query must be a str or a search expression, not {type(q).__name__}")
    if not inner:
        raise ValueError("query must not be empty")
    if len(inner) > SEARCH_QUERY_MAX_LENGTH:
        raise ValueError(
            f"query has {len(inner)} characters, it can have maximum of "
            f"{SEARCH_QUERY_MAX_LENGTH} characters (counted between the double quotes)"
        )
    return f'"{inner}"'
