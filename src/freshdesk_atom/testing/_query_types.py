"""The types the fake's search engine shares: the searched resource, a record, a predicate."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, TypeAlias

__all__ = ["Predicate", "Record", "Resource"]

Resource: TypeAlias = Literal["tickets", "contacts", "companies"]
Record: TypeAlias = Mapping[str, Any]
Predicate: TypeAlias = Callable[[Record], bool]
