"""The search query's syntax: tokens, then an operator-precedence parse into a small tree.

The grammar and the choices made where Freshdesk is silent are in the
docstring of :mod:`._query`; this module only reads text, it knows no fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final, Literal, TypeAlias

import attrs

from ._query_errors import syntax_error
from ._query_types import Resource

__all__ = ["Group", "Node", "Term", "Token", "Value", "parse_tokens", "tokenize"]

_SPACE: Final = " \t\r\n"

Value: TypeAlias = int | bool | str | None


@attrs.frozen
class Term:
    """One ``field:value`` condition as written, before it meets a resource."""

    field: str
    op: Literal[":", ":>", ":<"]
    value: Value
    source: str  # the value exactly as written, quoted back in error messages


@attrs.frozen
class Group:
    """Several nodes joined by one boolean operator."""

    op: Literal["AND", "OR"]
    children: tuple[Node, ...]


Node: TypeAlias = "Term | Group"

_TERM: Final = re.compile(
    r"([A-Za-z_][A-Za-z0-9_]*):([<>]?)(?:'([^']*)'|(-?[0-9]+)|(true|false|null))"
)
_WORD: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

Token: TypeAlias = tuple[str, "Term | None", int]  # (kind, term, position)


def tokenize(text: str, resource: Resource) -> list[Token]:
    """Split *text* into ``(``, ``)``, ``AND``, ``OR`` and term tokens."""
    tokens: list[Token] = []
    pos, end = 0, len(text)
    spaced = True  # whether whitespace (or the start) precedes ``pos``
    while pos < end:
        char = text[pos]
        if char in _SPACE:
            pos += 1
            spaced = True
            continue
        if char in "()":
            tokens.append((char, None, pos))
            pos += 1
            spaced = False
            continue
        match = _TERM.match(text, pos)
        if match is not None:
            stop = match.end()
            if stop < end and text[stop] not in _SPACE and text[stop] != ")":
                raise syntax_error(resource, f"unexpected {text[stop]!r} at position {stop}")
            tokens.append(("TERM", _term_from(match), pos))
            pos, spaced = stop, False
            continue
        word = _WORD.match(text, pos)
        if word is not None and word.group() in ("AND", "OR"):
            stop = word.end()
            if not spaced or stop >= end or text[stop] not in _SPACE:
                raise syntax_error(
                    resource, f"{word.group()} at position {pos} needs a space on both sides"
                )
            tokens.append((word.group(), None, pos))
            pos, spaced = stop, False
            continue
        raise syntax_error(resource, f"unexpected {char!r} at position {pos}")
    return tokens


def _term_from(match: re.Match[str]) -> Term:
    """Build a term from a match of ``_TERM``."""
    field, rel, string, integer, keyword = match.groups()
    op: Literal[":", ":>", ":<"] = ":>" if rel == ">" else ":<" if rel == "<" else ":"
    value: Value
    if string is not None:
        value, source = string, f"'{string}'"
    elif integer is not None:
        value, source = int(integer), integer
    else:
        value, source = {"true": True, "false": False, "null": None}[keyword], keyword
    return Term(field, op, value, source)


_BINDING: Final[Mapping[str, int]] = {"OR": 1, "AND": 2}  # AND binds tighter


def parse_tokens(tokens: Sequence[Token], resource: Resource) -> Node:
    """Build the tree of *tokens*; ``AND`` binds tighter than ``OR``.

    A shunting-yard loop with explicit stacks rather than recursive descent:
    512 characters allow some 250 nested parentheses, which must cost a 400,
    not a ``RecursionError``.
    """
    operands: list[Node] = []
    operators: list[str] = []  # "(", "AND" or "OR"
    want_operand = True

    def reduce() -> None:
        op = operators.pop()
        right, left = operands.pop(), operands.pop()
        operands.append(_join(op, left, right))

    for kind, term, pos in tokens:
        if want_operand and term is not None:
            operands.append(term)
            want_operand = False
        elif want_operand and kind == "(":
            operators.append(kind)
        elif not want_operand and kind in _BINDING:
            while operators and operators[-1] != "(" and _BINDING[operators[-1]] >= _BINDING[kind]:
                reduce()
            operators.append(kind)
            want_operand = True
        elif not want_operand and kind == ")" and "(" in operators:
            while operators[-1] != "(":
                reduce()
            operators.pop()
        else:
            shown = "condition" if term is not None else repr(kind)
            raise syntax_error(resource, f"unexpected {shown} at position {pos}")
    if want_operand:
        raise syntax_error(resource, "the query ends where a condition was expected")
    while operators:
        if operators[-1] == "(":
            raise syntax_error(resource, "a parenthesis is never closed")
        reduce()
    return operands[0]


def _join(op: str, left: Node, right: Node) -> Group:
    """Join two nodes with *op*, flattening runs of the same operator."""
    parts: list[Node] = []
    for node in (left, right):
        if isinstance(node, Group) and node.op == op:
            parts.extend(node.children)
        else:
            parts.append(node)
    return Group("AND" if op == "AND" else "OR", tuple(parts))
