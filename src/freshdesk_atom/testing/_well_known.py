"""The well-known records every generated account holds, whatever its seed and size.

Documentation, examples and users' own tests can name them: the same ids,
names and emails in every ``FakeFreshdesk.generate(...)`` account (listed in
``docs/testing.md``). They sit in an id range the generated records never use.
"""

from __future__ import annotations

from typing import Any, Final

import attrs

from ._state import FakeState

__all__ = ["WELL_KNOWN", "WellKnown", "insert_well_known_company", "well_known_ticket"]


@attrs.frozen(kw_only=True)
class WellKnown:
    """Ids, names and emails of the records in every generated account.

    The agent's email depends on the account's domain (``admin@<domain>.example``,
    ``admin@fake.example`` by default): :meth:`agent_email` gives it.
    """

    agent_id: int = 47000000001
    agent_name: str = "Avery Quinn"
    group_id: int = 47000000101
    group_name: str = "Customer Care"
    company_id: int = 47000000201
    company_name: str = "Acme Widgets"
    company_domain: str = "acme-widgets.example"
    contact_id: int = 47000000301
    contact_name: str = "Jamie Rivera"
    contact_email: str = "jamie.rivera@acme-widgets.example"
    ticket_id: int = 1
    ticket_subject: str = "Cannot download the invoice PDF"

    def agent_email(self, domain: str = "fake") -> str:
        """Return the agent's email in an account generated with *domain*."""
        return f"admin@{domain}.example"


WELL_KNOWN: Final = WellKnown()
"""The well-known records of every generated account (see :class:`WellKnown`)."""


def insert_well_known_company(state: FakeState, stamp: str) -> tuple[int, str]:
    """Store the well-known company; return its id and email domain."""
    state.insert_company(
        stamp,
        {
            "id": WELL_KNOWN.company_id,
            "name": WELL_KNOWN.company_name,
            "description": "Makes the widgets everyone else sells",
            "domains": [WELL_KNOWN.company_domain],
            "custom_fields": {"website": f"https://{WELL_KNOWN.company_domain}", "seats": 120},
            "industry": "Manufacturing",
            "created_at": stamp,
            "updated_at": stamp,
        },
    )
    return WELL_KNOWN.company_id, WELL_KNOWN.company_domain


def well_known_ticket(stamp: str) -> dict[str, Any]:
    """Return the fields of ticket #1: the contact's open billing problem, assigned to the agent."""
    text = "The download button on the billing page returns an error."
    return {
        "id": WELL_KNOWN.ticket_id,
        "subject": WELL_KNOWN.ticket_subject,
        "description": f"<div>{text}</div>",
        "description_text": text,
        "type": "Problem",
        "status": 2,
        "priority": 2,
        "source": 1,
        "requester_id": WELL_KNOWN.contact_id,
        "responder_id": WELL_KNOWN.agent_id,
        "group_id": WELL_KNOWN.group_id,
        "company_id": WELL_KNOWN.company_id,
        "tags": ["billing", "pdf"],
        "custom_fields": {"cf_order_number": "SO-10001", "cf_region": "EMEA", "cf_vip": False},
        "created_at": stamp,
        "updated_at": stamp,
    }
