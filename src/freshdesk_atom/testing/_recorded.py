"""Load the recorded real responses (``recorded/*.json``) into a :class:`FakeState`.

Some samples are legacy (pre-v2) shapes; each is converted to the current v2
shape (docs/freshdesk-api-notes.md#data-conventions): ``frDueBy`` → ``fr_due_by``, ``ticket_type`` →
``type``, ``isescalated`` → ``is_escalated``, ``custom_field`` →
``custom_fields``, ``description_html`` → ``description`` (the legacy plain
``description`` becoming ``description_text``), ``cc_email{...}`` → the cc
lists, ``customer_id`` → ``company_id``, ``external_id`` →
``unique_external_id``, ``fb_profile_id`` → ``facebook_id``; integer phone
numbers become strings, every timestamp becomes UTC ``...Z``, display-only
keys (``status_name``, ``requester_name``, ...) are dropped, and
``"deleted": false`` disappears (the key exists only when true).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from importlib import resources
from typing import Any, Final, Literal

from ._custom_fields import CustomField
from ._record_shapes import (
    AGENT_CONTACT_KEYS,
    STATS_KEYS,
    Record,
    new_agent,
    new_company,
    new_contact,
    new_group,
    new_ticket,
)
from ._state import FakeState
from ._wire import html_to_text, to_wire, wire_or_none

__all__ = [
    "DEFAULT_FILES",
    "RECORDED_FILES",
    "Kind",
    "kind_of",
    "load_files",
    "load_sample",
    "normalize",
    "read_sample",
    "records_of",
]

Kind = Literal["tickets", "contacts", "companies", "agents", "groups"]

RECORDED_FILES: Final[Mapping[str, Kind]] = {
    "agent_1.json": "agents",
    "agent_1_updated.json": "agents",
    "agents.json": "agents",
    "all_tickets.json": "tickets",
    "companies.json": "companies",
    "company.json": "companies",
    "company_updated.json": "companies",
    "contact.json": "contacts",
    "contact_1_agent.json": "agents",
    "contact_updated.json": "contacts",
    "contacts.json": "contacts",
    "customer.json": "companies",
    "group_1.json": "groups",
    "groups.json": "groups",
    "search_companies.json": "companies",
    "search_contacts.json": "contacts",
    "search_tickets.json": "tickets",
    "ticket_1.json": "tickets",
    "ticket_1_updated.json": "tickets",
}
"""Every recorded sample and the resource it holds."""

DEFAULT_FILES: Final = (
    "agents.json",
    "groups.json",
    "companies.json",
    "customer.json",
    "search_companies.json",
    "contacts.json",
    "search_contacts.json",
    "ticket_1.json",
    "all_tickets.json",
    "search_tickets.json",
)
"""What :meth:`FakeFreshdesk.recorded` loads: one snapshot per record, no
``*_updated`` (they are answers to updates) nor the conflicting single views."""

_TICKET_KEYS: Final = frozenset(new_ticket(0, "", {})) | {"deleted"}
_CONTACT_KEYS: Final = frozenset(new_contact(0, "", {})) | {"deleted"}
_COMPANY_KEYS: Final = frozenset(new_company(0, "", {}))
_AGENT_KEYS: Final = frozenset(new_agent(0, "", {})) | {"group_ids"}
_GROUP_KEYS: Final = frozenset(new_group(0, "", {})) | {"auto_ticket_assign"}
_TIMESTAMPS: Final = frozenset(
    {
        "created_at",
        "updated_at",
        "due_by",
        "fr_due_by",
        "nr_due_by",
        "renewal_date",
        "available_since",
        "last_active_at",
        "last_login_at",
    }
)


def read_sample(name: str) -> Any:
    """Return the decoded JSON of one recorded sample."""
    text = resources.files(__package__).joinpath("recorded", name).read_text(encoding="utf-8")
    return json.loads(text)


def records_of(data: Any) -> list[dict[str, Any]]:
    """Return the records of a sample: a list, a search envelope or a single object."""
    if isinstance(data, list):
        return list(data)
    if isinstance(data, dict) and "results" in data:
        return list(data["results"])
    return [data]


def kind_of(name: str) -> Kind:
    """Return the resource a recorded file holds."""
    return RECORDED_FILES[name]


def _times(record: dict[str, Any]) -> None:
    for key in _TIMESTAMPS & record.keys():
        if record[key] is not None:
            record[key] = wire_or_none(record[key])


def _phone(value: object) -> object:
    # docs/freshdesk-api-notes.md#data-conventions: phone/mobile are strings; ancient payloads have numbers.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _rename(raw: Mapping[str, Any], renames: Mapping[str, str]) -> dict[str, Any]:
    """Return *raw* with legacy keys renamed; a current key present beside its legacy twin wins."""
    record = dict(raw)
    for old, new in renames.items():
        if old in record:
            record.setdefault(new, record.pop(old))
    return record


def _ticket(raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    record = _rename(
        raw,
        {
            "frDueBy": "fr_due_by",
            "ticket_type": "type",
            "isescalated": "is_escalated",
            "custom_field": "custom_fields",
        },
    )
    if "description_html" in record:  # legacy: description = text, description_html = HTML
        record["description_text"] = record.get("description")
        record["description"] = record.pop("description_html")
    elif record.get("description") is not None and record.get("description_text") is None:
        record["description_text"] = html_to_text(record["description"])
    cc = record.pop("cc_email", None)
    if isinstance(cc, Mapping):
        record["cc_emails"] = list(cc.get("cc_emails") or [])
        record["fwd_emails"] = list(cc.get("fwd_emails") or [])
        record["reply_cc_emails"] = list(cc.get("reply_cc") or [])
    record.setdefault("reply_cc_emails", list(record.get("cc_emails") or []))
    record.setdefault("ticket_cc_emails", list(record.get("cc_emails") or []))
    if "company_id" not in record and record.get("owner_id") is not None:
        record["company_id"] = record["owner_id"]  # legacy owner_id = the customer (company)
    stats = record.pop("stats", None)
    record["attachments"] = [_attachment(item) for item in record.get("attachments") or []]
    if not record.get("deleted"):
        record.pop("deleted", None)
    record = {key: value for key, value in record.items() if key in _TICKET_KEYS}
    _times(record)
    if isinstance(stats, Mapping):
        stats = {key: wire_or_none(stats.get(key)) for key in STATS_KEYS}
    return record, stats


def _attachment(raw: Mapping[str, Any]) -> dict[str, Any]:
    item = {
        "id": raw.get("id"),
        "name": raw.get("name"),
        "content_type": raw.get("content_type"),
        "size": raw.get("size", raw.get("file_size")),
        "attachment_url": raw.get("attachment_url"),
        "created_at": raw.get("created_at"),
        "updated_at": raw.get("updated_at"),
    }
    _times(item)
    return item


def _contact(raw: Mapping[str, Any]) -> dict[str, Any]:
    record = _rename(
        raw,
        {
            "external_id": "unique_external_id",
            "fb_profile_id": "facebook_id",
            "custom_field": "custom_fields",
        },
    )
    if "company_id" not in record and record.get("customer_id") is not None:
        record["company_id"] = record["customer_id"]
    for key in ("phone", "mobile"):
        record[key] = _phone(record.get(key))
    if not record.get("deleted"):
        record.pop("deleted", None)
    record = {key: value for key, value in record.items() if key in _CONTACT_KEYS}
    _times(record)
    return record


def _company(raw: Mapping[str, Any]) -> dict[str, Any]:
    record = _rename(raw, {"custom_field": "custom_fields"})
    # docs/freshdesk-api-notes.md#data-conventions: company custom field keys carry no cf_ prefix.
    record["custom_fields"] = {
        key.removeprefix("cf_"): value for key, value in (record.get("custom_fields") or {}).items()
    }
    domains = record.get("domains")
    if isinstance(domains, str):
        record["domains"] = [part.strip() for part in domains.split(",") if part.strip()]
    record = {key: value for key, value in record.items() if key in _COMPANY_KEYS}
    _times(record)
    return record


def _agent(raw: Mapping[str, Any]) -> dict[str, Any]:
    if "agent" in raw:  # a make_agent answer: a contact with an ``agent`` sub-object
        person = _contact(raw)
        record = dict(raw["agent"])
        record["contact"] = {key: person.get(key) for key in AGENT_CONTACT_KEYS}
    else:
        record = dict(raw)
        record["contact"] = dict(raw.get("contact") or {})
    person = record["contact"]
    for key in ("phone", "mobile"):
        person[key] = _phone(person.get(key))
    _times(person)
    record = {key: value for key, value in record.items() if key in _AGENT_KEYS}
    _times(record)
    return record


def _group(raw: Mapping[str, Any]) -> dict[str, Any]:
    record = {key: value for key, value in raw.items() if key in _GROUP_KEYS}
    _times(record)
    return record


def normalize(kind: Kind, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Return one recorded record in the current v2 shape (tickets: ``stats`` kept inside)."""
    if kind == "tickets":
        record, stats = _ticket(raw)
        if stats is not None:
            record["stats"] = stats
        return record
    return {"contacts": _contact, "companies": _company, "agents": _agent, "groups": _group}[kind](
        raw
    )


def _known(store: Mapping[int, Mapping[str, Any]], fields: Mapping[str, Any]) -> bool:
    """Tell whether *store* already holds this record (any id: it may have been renumbered)."""
    compared = {key: value for key, value in fields.items() if key not in ("id", "custom_fields")}
    return any(
        all(record.get(key) == value for key, value in compared.items())
        for record in store.values()
    )


def _register(registry: dict[str, CustomField], fields: Mapping[str, Any]) -> None:
    for name in fields.get("custom_fields") or {}:
        registry.setdefault(name, CustomField())


def load_sample(state: FakeState, kind: Kind, data: Any, now: datetime) -> list[Record]:
    """Store every record of one recorded sample; return the stored records.

    A record identical to one already stored is skipped (the samples repeat
    ticket 1 and contact 1); one whose id is taken by a different record gets
    a fresh id. Contacts and agents share one id space.
    """
    stamp = to_wire(now)
    stored: list[Record] = []
    for raw in records_of(data):
        fields = normalize(kind, raw)
        if kind == "tickets":
            stats = fields.pop("stats", None)
            _register(state.ticket_fields, fields)
            if _known(state.tickets, fields):
                continue
            stored.append(state.insert_ticket(stamp, fields, stats))
        elif kind == "contacts":
            _register(state.contact_fields, fields)
            if _known(state.contacts, fields):
                continue
            stored.append(state.insert_contact(stamp, fields))
        elif kind == "companies":
            _register(state.company_fields, fields)
            if _known(state.companies, fields):
                continue
            stored.append(state.insert_company(stamp, fields))
        elif kind == "agents":
            if _known(state.agents, fields):
                continue
            stored.append(state.insert_agent(stamp, fields))
        else:
            if _known(state.groups, fields):
                continue
            stored.append(state.insert_group(stamp, fields))
    _backfill(state)
    return stored


def _backfill(state: FakeState) -> None:
    """Give every record all of the account's custom fields (unset ones ``null``, docs/freshdesk-api-notes.md#tickets)."""
    for records, registry in (
        (state.tickets, state.ticket_fields),
        (state.contacts, state.contact_fields),
        (state.companies, state.company_fields),
    ):
        for record in records.values():
            for name in registry:
                record["custom_fields"].setdefault(name, None)


def load_files(state: FakeState, names: Iterable[str], now: datetime) -> None:
    """Load the named recorded files, in order."""
    for name in names:
        load_sample(state, kind_of(name), read_sample(name), now)
