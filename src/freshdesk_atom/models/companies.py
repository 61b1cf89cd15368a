"""Companies (called customers in Freshdesk's first API)."""

from __future__ import annotations

from datetime import datetime

import attrs

from .._types import JSONValue
from .common import Record

__all__ = ["Company"]


@attrs.frozen(kw_only=True)
class Company(Record):
    """A Freshdesk company.

    Attributes:
        domains: contacts whose email has one of these domains join the company.
        custom_fields: by field name, **without** the ``cf_`` prefix.
        health_score: ``health_score``, ``account_tier``, ``renewal_date`` and
            ``industry`` are account-configured dropdowns, present only when the
            account-management fields are enabled.
    """

    id: int
    name: str
    description: str | None = None
    note: str | None = None
    domains: tuple[str, ...] = ()
    custom_fields: dict[str, JSONValue] = attrs.field(factory=dict)
    health_score: str | None = None
    account_tier: str | None = None
    renewal_date: datetime | None = None
    industry: str | None = None
    created_at: datetime
    updated_at: datetime
