"""Older Freshdesk payload shapes, and how each model's are brought to the current one.

Freshdesk's legacy search results and v1-era objects are brought to the current
shape first, per model, by :data:`LEGACY`: legacy keys are renamed (when both a
key and its legacy alias are present, the current key wins), known display or
obsolete keys are dropped, and a few keys are reshaped. The converter
(``_converter``) applies these rules before structuring a record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs

from .models.companies import Company
from .models.contacts import Contact
from .models.conversations import Attachment
from .models.misc import Role
from .models.tickets import Ticket

__all__ = ["LEGACY", "LegacyKeys", "Payload"]

Payload = dict[str, Any]


@attrs.frozen
class LegacyKeys:
    """How one model's older payload shapes map onto the current one.

    Attributes:
        renames: legacy key -> current key; the current key wins when both are present.
        drop: display-only or obsolete keys that carry nothing the model needs.
        reshape: key -> an in-place fix of the payload, run when that key is present
            (for legacy keys whose value needs more than a rename).
        fix: current key -> a function of its value alone, for values that older
            payloads shaped differently; run last, when the key is present.
    """

    renames: Mapping[str, str] = attrs.field(factory=dict)
    drop: frozenset[str] = frozenset()
    reshape: Mapping[str, Callable[[Payload], None]] = attrs.field(factory=dict)
    fix: Mapping[str, Callable[[Any], Any]] = attrs.field(factory=dict)
    triggers: frozenset[str] = attrs.field(init=False)

    @triggers.default
    def _triggers(self) -> frozenset[str]:
        return frozenset(self.renames) | self.drop | frozenset(self.reshape) | frozenset(self.fix)

    def apply(self, data: Payload) -> Payload:
        """Return ``data`` in the current shape (a copy if anything changed)."""
        if self.triggers.isdisjoint(data):
            return data
        data = dict(data)
        for key, reshape in self.reshape.items():
            if key in data:
                reshape(data)
        for legacy, current in self.renames.items():
            if legacy in data:
                value = data.pop(legacy)
                data.setdefault(current, value)
        for key in self.drop:
            data.pop(key, None)
        for key, fix in self.fix.items():
            if key in data:
                data[key] = fix(data[key])
        return data


def _ticket_description(data: Payload) -> None:
    # Legacy tickets send the HTML as ``description_html`` and the *plain text* as
    # ``description``; current ones send HTML as ``description`` and plain text as
    # ``description_text``. With ``description_text`` present the payload is current
    # and ``description_html`` is a duplicate.
    html = data.pop("description_html")
    if "description_text" not in data:
        data["description_text"] = data.get("description")
        data["description"] = html


def _ticket_cc_email(data: Payload) -> None:
    # v1's ``cc_email: {cc_emails, fwd_emails, reply_cc, tkt_cc}`` became four keys.
    legacy = data.pop("cc_email")
    if not isinstance(legacy, dict):
        return
    for old, new in (
        ("cc_emails", "cc_emails"),
        ("fwd_emails", "fwd_emails"),
        ("reply_cc", "reply_cc_emails"),
        ("tkt_cc", "ticket_cc_emails"),
    ):
        if old in legacy:
            data.setdefault(new, legacy[old])


def _ticket_to_email(data: Payload) -> None:
    # v1's single ``to_email`` string became the ``to_emails`` list.
    legacy = data.pop("to_email")
    if "to_emails" not in data:
        data["to_emails"] = [legacy] if isinstance(legacy, str) else legacy


def _ticket_company(company: object) -> object:
    # ``include=company`` embeds ``{}`` for a ticket without a company.
    return None if company == {} else company


def _company_domains(domains: object) -> object:
    # v1 customers carried ``domains`` as one comma-separated string.
    if isinstance(domains, str):
        return [d.strip() for d in domains.split(",") if d.strip()]
    return domains


LEGACY: Final[Mapping[type, LegacyKeys]] = {
    Ticket: LegacyKeys(
        renames={
            "ticket_type": "type",
            "frDueBy": "fr_due_by",
            "isescalated": "is_escalated",
            "custom_field": "custom_fields",
        },
        drop=frozenset(
            {
                # display names next to the codes they describe
                "status_name",
                "requester_status_name",
                "priority_name",
                "source_name",
                "requester_name",
                "responder_name",
                # v1 internals
                "delta",
                "owner_id",
                "trained",
                "urgent",
            }
        ),
        reshape={
            "description_html": _ticket_description,
            "cc_email": _ticket_cc_email,
            "to_email": _ticket_to_email,
        },
        fix={"company": _ticket_company},
    ),
    Contact: LegacyKeys(
        renames={
            "custom_field": "custom_fields",
            "external_id": "unique_external_id",
            "fb_profile_id": "facebook_id",
            # v1 called companies "customers".
            "customer_id": "company_id",
        },
        # v1's is-an-agent flag; current payloads embed an ``agent`` object instead.
        drop=frozenset({"helpdesk_agent"}),
    ),
    Company: LegacyKeys(
        renames={"custom_field": "custom_fields"},
        drop=frozenset({"cust_identifier", "sla_policy_id"}),
        fix={"domains": _company_domains},
    ),
    Attachment: LegacyKeys(renames={"file_size": "size"}),
    # The recorded role samples (python-freshdesk's test data) carry a group's keys
    # next to the role's own; they are no role attributes.
    Role: LegacyKeys(
        drop=frozenset({"business_hour_id", "escalate_to", "unassigned_for", "auto_ticket_assign"})
    ),
}
