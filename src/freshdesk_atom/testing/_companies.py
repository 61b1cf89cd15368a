"""Company routes (docs/freshdesk-api-notes.md#companies)."""

from __future__ import annotations

from typing import Any, Final

from ._call import Call, Route
from ._errors import not_found
from ._http import FakeResponse
from ._pages import PAGE_PARAMS, page_args, paged_response
from ._record_shapes import Record, merge_update
from ._validate import Checker
from ._validation_messages import UNIQUE

__all__ = ["ROUTES", "company_view"]

WRITABLE: Final = frozenset(
    {
        "name",
        "description",
        "note",
        "domains",
        "custom_fields",
        "health_score",
        "account_tier",
        "renewal_date",
        "industry",
    }
)


def company_view(company: Record) -> dict[str, Any]:
    """Return a company as the API shows it (list, view and search alike)."""
    return dict(company)


def list_companies(call: Call) -> FakeResponse:
    """``GET /companies``: pagination only (docs/freshdesk-api-notes.md#companies), oldest first."""
    check = call.query(PAGE_PARAMS)
    page, per_page = page_args(check)
    check.fail()
    companies = call.state.companies
    ids = call.state.cached(("companies",), lambda: sorted(companies))
    return paged_response(call, ids, page, per_page, lambda cid: company_view(companies[cid]))


def _company(call: Call) -> Record:
    company = call.state.companies.get(call.args[0])
    if company is None:
        raise not_found()
    return company


def view_company(call: Call) -> FakeResponse:
    """``GET /companies/{id}``."""
    return call.ok(company_view(_company(call)))


def _check_company(check: Checker, call: Call, *, own_id: int | None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": check.text("name", required=own_id is None, nullable=False, max_length=255),
        "description": check.text("description"),
        "note": check.text("note"),
        "domains": check.strings("domains", item_max_length=255),
        "custom_fields": check.custom_fields(call.state.company_fields),
        "health_score": check.text("health_score"),
        "account_tier": check.text("account_tier"),
        "renewal_date": check.timestamp("renewal_date"),
        "industry": check.text("industry"),
    }
    name = values["name"]
    if name is not None and call.state.company_named(name, exclude=own_id) is not None:
        # docs/freshdesk-api-notes.md#companies: the name is unique per account, case-insensitively → 409.
        check.add("name", UNIQUE, "duplicate_value")
    return check.sent(values)


def create_company(call: Call) -> FakeResponse:
    """``POST /companies`` → 201."""
    check = Checker(call.body(update=False))
    check.unknown(WRITABLE)
    fields = _check_company(check, call, own_id=None)
    check.fail()
    company = call.state.insert_company(call.stamp, fields)
    return call.created_response("companies", company_view(company), f"/companies/{company['id']}")


def update_company(call: Call) -> FakeResponse:
    """``PUT /companies/{id}`` → 200."""
    company = _company(call)
    check = Checker(call.body(update=True))
    check.unknown(WRITABLE)
    changes = _check_company(check, call, own_id=company["id"])
    check.fail()
    merge_update(company, changes)
    company["updated_at"] = call.stamp
    call.state.touch()
    return call.ok(company_view(company))


def delete_company(call: Call) -> FakeResponse:
    """``DELETE /companies/{id}`` → 204; its contacts are unlinked, not deleted (docs/freshdesk-api-notes.md#companies)."""
    company = _company(call)
    state = call.state
    del state.companies[company["id"]]
    for contact in state.contacts.values():
        if contact["company_id"] == company["id"]:
            contact["company_id"] = None
            contact["updated_at"] = call.stamp
    state.touch()
    return call.no_content()


ROUTES: Final[tuple[Route, ...]] = (
    Route("GET", "/companies", list_companies),
    Route("POST", "/companies", create_company),
    Route("GET", "/companies/{id}", view_company),
    Route("PUT", "/companies/{id}", update_company),
    Route("DELETE", "/companies/{id}", delete_company),
)
