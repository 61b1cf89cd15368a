# Generated from src/freshdesk_atom/_async/resources/companies.py by scripts/unasync.py; do not edit.
"""The companies resource: list, get, create, update and delete (docs/freshdesk-api-notes.md#companies)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from ..._core.companies import company_create_body, company_list_query, company_update_body
from ..._core.pagination import start_page
from ..._core.request import GONE_AFTER_DELETE, RequestSpec, build_query, check_id
from ..._types import NOT_GIVEN, JSONValue, NotGiven, RequestOptions
from ...models.companies import Company
from .._pagination import Paginator
from .._raw import to_raw_list_wrapper, to_raw_response_wrapper
from ._base import APIResource

__all__ = ["Companies", "CompaniesWithRawResponse"]


class Companies(APIResource):
    """Companies: ``fd.companies``."""

    @property
    def with_raw_response(self) -> CompaniesWithRawResponse:
        """The same methods, returning ``APIResponse`` objects with headers and status."""
        return CompaniesWithRawResponse(self)

    def list(
        self,
        *,
        per_page: int | NotGiven = NOT_GIVEN,
        page: int | NotGiven = NOT_GIVEN,
        max_items: int | None = None,
        max_pages: int | None = None,
        options: RequestOptions | None = None,
    ) -> Paginator[Company]:
        """List companies lazily, page by page (``GET /companies``).

        The endpoint takes no filters; to find companies by domain or custom
        field, use the search API.

        ``page`` starts the walk at that page (``page.next_page_info()``
        says which page comes next).

        Raises:
            ValueError, TypeError: a parameter breaks a rule (before any request).
        """
        query = company_list_query({"per_page": per_page})
        spec = RequestSpec(method="GET", path="companies", params=build_query(query))
        spec = start_page(spec, page)
        return self._client.get_api_list(
            spec, item=Company, options=options, max_items=max_items, max_pages=max_pages
        )

    def get(self, company_id: int, *, options: RequestOptions | None = None) -> Company:
        """Return one company (``GET /companies/{id}``).

        Raises:
            NotFoundError: no company has this id.
        """
        check_id(company_id, "company_id")
        spec = RequestSpec(method="GET", path=f"companies/{company_id}")
        return self._client.request(spec, cast_to=Company, options=options)

    def create(
        self,
        *,
        name: str,
        description: str | NotGiven | None = NOT_GIVEN,
        note: str | NotGiven | None = NOT_GIVEN,
        domains: Sequence[str] | NotGiven = NOT_GIVEN,
        health_score: str | NotGiven | None = NOT_GIVEN,
        account_tier: str | NotGiven | None = NOT_GIVEN,
        renewal_date: datetime | str | NotGiven | None = NOT_GIVEN,
        industry: str | NotGiven | None = NOT_GIVEN,
        custom_fields: Mapping[str, JSONValue] | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Company:
        """Create a company (``POST /companies``) and return it.

        ``name`` (at most 255 characters) must be unique in the account,
        ignoring case. Contacts whose email domain is in ``domains`` join the
        company. ``health_score``, ``account_tier``, ``renewal_date`` and
        ``industry`` exist only when the account-management fields are on, and
        take the account's own dropdown choices. ``custom_fields`` keys are the
        field names *without* a ``cf_`` prefix (unlike tickets).

        A create is never retried once it may have reached Freshdesk.

        Raises:
            ValueError, TypeError: an argument breaks a rule (nothing is sent).
            ConflictError: another company has this name (``errors[0].field == "name"``).
            BadRequestError: Freshdesk refused a field (see ``errors``).
        """
        body = company_create_body(
            {
                "name": name,
                "description": description,
                "note": note,
                "domains": domains,
                "health_score": health_score,
                "account_tier": account_tier,
                "renewal_date": renewal_date,
                "industry": industry,
                "custom_fields": custom_fields,
            }
        )
        spec = RequestSpec(method="POST", path="companies", json=body)
        return self._client.request(spec, cast_to=Company, options=options)

    def update(
        self,
        company_id: int,
        *,
        name: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven | None = NOT_GIVEN,
        note: str | NotGiven | None = NOT_GIVEN,
        domains: Sequence[str] | NotGiven = NOT_GIVEN,
        health_score: str | NotGiven | None = NOT_GIVEN,
        account_tier: str | NotGiven | None = NOT_GIVEN,
        renewal_date: datetime | str | NotGiven | None = NOT_GIVEN,
        industry: str | NotGiven | None = NOT_GIVEN,
        custom_fields: Mapping[str, JSONValue] | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Company:
        """Change a company (``PUT /companies/{id}``) and return it as it now is.

        Only the arguments you give are sent; ``None`` clears a nullable field.
        ``domains`` replaces the list (``[]`` empties it).

        Raises:
            ValueError, TypeError: an argument breaks a rule, or none is given.
            NotFoundError: no company has this id.
            ConflictError: another company has the new name.
        """
        check_id(company_id, "company_id")
        body = company_update_body(
            {
                "name": name,
                "description": description,
                "note": note,
                "domains": domains,
                "health_score": health_score,
                "account_tier": account_tier,
                "renewal_date": renewal_date,
                "industry": industry,
                "custom_fields": custom_fields,
            }
        )
        spec = RequestSpec(method="PUT", path=f"companies/{company_id}", json=body)
        return self._client.request(spec, cast_to=Company, options=options)

    def delete(self, company_id: int, *, options: RequestOptions | None = None) -> None:
        """Delete a company for good (``DELETE /companies/{id}``).

        Its contacts are unlinked from it, not deleted. There is no restore.

        Raises:
            NotFoundError: no company has this id.
        """
        check_id(company_id, "company_id")
        spec = RequestSpec(
            method="DELETE", path=f"companies/{company_id}", done_if=GONE_AFTER_DELETE
        )
        return self._client.request(spec, cast_to=type(None), options=options)


class CompaniesWithRawResponse:
    """``fd.companies.with_raw_response``: the company methods returning ``APIResponse``."""

    def __init__(self, companies: Companies) -> None:
        self.list = to_raw_list_wrapper(companies.list)
        self.get = to_raw_response_wrapper(companies.get)
        self.create = to_raw_response_wrapper(companies.create)
        self.update = to_raw_response_wrapper(companies.update)
        self.delete = to_raw_response_wrapper(companies.delete)
