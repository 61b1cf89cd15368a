"""The pages of a generated account that the converter tests read (see ``conftest.py``)."""

from __future__ import annotations

from typing import Any

from freshdesk_atom.models import (
    Agent,
    Company,
    Contact,
    Group,
    SatisfactionRating,
    Ticket,
)

# (name, path, params, model) of the pages read from a generated account.
GENERATED_PAGES: list[tuple[str, str, dict[str, str], type[Any]]] = [
    ("tickets", "tickets", {"updated_since": "2000-01-01T00:00:00Z", "per_page": "100"}, Ticket),
    (
        "tickets-included",
        "tickets",
        {
            "updated_since": "2000-01-01T00:00:00Z",
            "per_page": "100",
            "include": "stats,requester,company,description",
        },
        Ticket,
    ),
    ("tickets-deleted", "tickets", {"filter": "deleted", "per_page": "100"}, Ticket),
    ("tickets-spam", "tickets", {"filter": "spam", "per_page": "100"}, Ticket),
    ("ticket-view", "tickets/7", {"include": "conversations,requester,company,stats"}, Ticket),
    ("contacts", "contacts", {"per_page": "100"}, Contact),
    ("contacts-deleted", "contacts", {"state": "deleted", "per_page": "100"}, Contact),
    ("companies", "companies", {"per_page": "100"}, Company),
    ("agents", "agents", {"per_page": "100"}, Agent),
    ("groups", "groups", {"per_page": "100"}, Group),
    ("ratings", "surveys/satisfaction_ratings", {"per_page": "100"}, SatisfactionRating),
]
