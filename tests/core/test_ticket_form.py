"""Table tests of ``TicketForm``: values checked against the account's own ticket form."""

from __future__ import annotations

from typing import Any

import pytest

from freshdesk_atom import TicketForm
from freshdesk_atom.models import TicketField

FIELDS = [
    {
        "id": 1,
        "name": "status",
        "label": "Status",
        "type": "default_status",
        "default": True,
        "choices": {
            "2": ["Open", "Being Processed"],
            "3": ["Pending", "Awaiting"],
            "6": ["Waiting on vendor", "Awaiting"],
        },
    },
    {
        "id": 2,
        "name": "ticket_type",
        "label": "Type",
        "type": "default_ticket_type",
        "default": True,
        "choices": ["Question", "Incident"],
    },
    {
        "id": 3,
        "name": "cf_plan",
        "label": "Plan",
        "type": "custom_dropdown",
        "choices": ["Free", "Pro"],
    },
    {"id": 4, "name": "cf_seats", "label": "Seats", "type": "custom_number"},
    {"id": 5, "name": "cf_vip", "label": "VIP", "type": "custom_checkbox"},
    {"id": 6, "name": "cf_renewal", "label": "Renewal", "type": "custom_date"},
    {"id": 7, "name": "cf_notes", "label": "Notes", "type": "custom_paragraph"},
    {"id": 8, "name": "cf_ratio", "label": "Ratio", "type": "custom_decimal"},
    {
        "id": 9,
        "name": "cf_region",
        "label": "Region",
        "type": "nested_field",
        "choices": {"Europe": {"France": ["Paris"]}, "Asia": {}},
        "nested_ticket_fields": [
            {"name": "cf_country", "label": "Country", "level": 2},
            {"name": "cf_city", "label": "City", "level": 3},
        ],
    },
]


@pytest.fixture
def form() -> TicketForm:
    return TicketForm.from_fields([TicketField.from_dict(field) for field in FIELDS])


def test_the_form_knows_statuses_types_and_custom_fields(form: TicketForm) -> None:
    assert form.statuses == {2: "Open", 3: "Pending", 6: "Waiting on vendor"}
    assert form.types == ("Question", "Incident")
    assert sorted(form.custom_fields) == [
        "cf_notes",
        "cf_plan",
        "cf_ratio",
        "cf_region",
        "cf_renewal",
        "cf_seats",
        "cf_vip",
    ]


@pytest.mark.parametrize(
    "values",
    [
        {"status": 6},
        {"type": "Incident"},
        {
            "custom_fields": {
                "cf_plan": "Pro",
                "cf_seats": 3,
                "cf_vip": False,
                "cf_renewal": "2025-01-31",
                "cf_notes": "",
                "cf_ratio": 0.5,
                "cf_region": "Europe",
            }
        },
        {"custom_fields": {"cf_plan": None}},  # clearing always fits
        {"custom_fields": {"cf_ratio": 2}},  # a whole number is a decimal too
        {"custom_fields": {"cf_region": "Europe", "cf_country": "France", "cf_city": "Paris"}},
    ],
)
def test_values_that_fit_pass(form: TicketForm, values: Any) -> None:
    form.check(**values)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"status": 7},
            r"status: 7 is not a status of this account; it has 2 \(Open\), 3 \(Pending\), 6",
        ),
        ({"type": "Bug"}, "type: 'Bug' is not offered; choose among 'Question', 'Incident'"),
        (
            {"custom_fields": {"cf_colour": "red"}},
            "custom_fields.cf_colour: this account has no such ticket field",
        ),
        (
            {"custom_fields": {"cf_plan": "Gold"}},
            "custom_fields.cf_plan: 'Gold' is not one of its choices: 'Free', 'Pro'",
        ),
        (
            {"custom_fields": {"cf_seats": "3"}},
            "custom_fields.cf_seats: Seats takes a whole number, not '3'",
        ),
        ({"custom_fields": {"cf_seats": True}}, "Seats takes a whole number"),
        ({"custom_fields": {"cf_vip": "yes"}}, "VIP takes true or false"),
        ({"custom_fields": {"cf_renewal": "31/01/2025"}}, "Renewal takes a date YYYY-MM-DD"),
        ({"custom_fields": {"cf_notes": 5}}, "Notes takes text"),
        (
            {"custom_fields": {"cf_region": "Mars"}},
            "'Mars' is not one of its choices: 'Europe', 'Asia'",
        ),
        ({"custom_fields": {"cf_city": 7}}, "custom_fields.cf_city: takes text, not 7"),
    ],
)
def test_values_that_do_not_fit_are_named(form: TicketForm, values: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        form.check(**values)
