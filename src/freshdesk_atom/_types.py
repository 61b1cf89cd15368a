"""Shared type aliases, the ``NOT_GIVEN`` sentinel and per-call request options."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal, TypeAlias, TypeVar

import attrs
import httpx
from typing_extensions import override

__all__ = [
    "NOT_GIVEN",
    "JSONValue",
    "NotGiven",
    "NotGivenOr",
    "QueryValue",
    "RequestOptions",
    "TimeoutTypes",
]

_T = TypeVar("_T")

JSONValue: TypeAlias = "str | int | float | bool | list[JSONValue] | dict[str, JSONValue] | None"
"""Any value that JSON can carry."""

QueryValue: TypeAlias = "str | int | float | bool"

TimeoutTypes: TypeAlias = "float | httpx.Timeout | None"


class NotGiven:
    """Mark an argument the caller left out, as opposed to an explicit ``None``.

    ``NOT_GIVEN`` means "leave this field out of the request" (or "use the client
    default" for options); ``None`` is sent as JSON ``null``, which clears a field
    in Freshdesk's PUT endpoints.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    @override
    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

NotGivenOr: TypeAlias = "_T | NotGiven"


@attrs.frozen(kw_only=True)
class RequestOptions:
    """Per-call overrides, passed as ``options=`` to any resource method.

    Attributes:
        timeout: seconds or an ``httpx.Timeout`` for this call; ``None`` disables
            the timeout; ``NOT_GIVEN`` keeps the client's.
        max_retries: retries for this call; ``NOT_GIVEN`` keeps the client's.
        extra_headers: headers added to this call (they never replace auth).
        extra_query: query parameters added to this call.
        deadline: seconds this call may take in all, retries and rate-limit
            waits included (a wait that would end later is not started);
            ``None`` for none; ``NOT_GIVEN`` keeps the client's.
    """

    timeout: TimeoutTypes | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, QueryValue] | None = None
    deadline: float | NotGiven | None = attrs.field(default=NOT_GIVEN)

    @deadline.validator
    def _check_deadline(self, _: object, value: object) -> None:
        if isinstance(value, NotGiven) or value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ValueError("deadline must be a positive number of seconds, None or NOT_GIVEN")
