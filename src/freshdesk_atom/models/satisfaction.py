"""Customer satisfaction survey ratings."""

from __future__ import annotations

from datetime import datetime

import attrs

from .common import Record

__all__ = ["SatisfactionRating"]


@attrs.frozen(kw_only=True)
class SatisfactionRating(Record):
    """One customer's answer to a satisfaction survey about one ticket.

    Attributes:
        user_id: the customer who answered.
        ticket_id: the ticket number.
        ratings: by question, ``{"default_question": 103, "question_<id>": 102}``;
            103 extremely happy ... 100 neutral ... -103 extremely unhappy
            (a survey uses a subset of that scale).
    """

    id: int
    survey_id: int
    user_id: int
    agent_id: int | None = None
    group_id: int | None = None
    ticket_id: int
    feedback: str | None = None
    ratings: dict[str, int] = attrs.field(factory=dict)
    created_at: datetime
    updated_at: datetime
