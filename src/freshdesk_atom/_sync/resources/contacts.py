# Generated from src/freshdesk_atom/_async/resources/contacts.py by scripts/unasync.py; do not edit.
"""The contacts resource: list, get, create, update, delete, hard delete, restore and make_agent (docs/freshdesk-api-notes.md#contacts)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Literal

from ..._core.complete_export import ExportCheckpoint, Stamp, plan_export
from ..._core.contacts import (
    contact_create_body,
    contact_list_query,
    contact_update_body,
    make_agent_body,
)
from ..._core.pagination import start_page
from ..._core.request import (
    CONTACT_GONE_AFTER_DELETE,
    GONE_AFTER_DELETE,
    GONE_AFTER_RESTORE,
    RequestSpec,
    build_query,
    check_id,
)
from ..._core.validation import check_bool
from ..._types import NOT_GIVEN, JSONValue, NotGiven, RequestOptions
from ...models.contacts import Contact
from ...models.enums import ContactState
from .._pagination import Paginator
from .._raw import to_raw_list_wrapper, to_raw_response_wrapper
from .._record_stream import RecordStream
from ._base import APIResource

__all__ = ["Contacts", "ContactsWithRawResponse"]

ContactStateValue = ContactState | Literal["verified", "unverified", "deleted", "blocked"]
AgentType = Literal["support_agent", "field_agent", "collaborator"]


class Contacts(APIResource):
    """Contacts (customers): ``fd.contacts``."""

    @property
    def with_raw_response(self) -> ContactsWithRawResponse:
        """The same methods, returning ``APIResponse`` objects with headers and status."""
        return ContactsWithRawResponse(self)

    def list(
        self,
        *,
        email: str | NotGiven = NOT_GIVEN,
        mobile: str | NotGiven = NOT_GIVEN,
        phone: str | NotGiven = NOT_GIVEN,
        company_id: int | NotGiven = NOT_GIVEN,
        unique_external_id: str | NotGiven = NOT_GIVEN,
        tag: str | NotGiven = NOT_GIVEN,
        state: ContactStateValue | NotGiven = NOT_GIVEN,
        updated_since: datetime | str | NotGiven = NOT_GIVEN,
        per_page: int | NotGiven = NOT_GIVEN,
        page: int | NotGiven = NOT_GIVEN,
        max_items: int | None = None,
        max_pages: int | None = None,
        options: RequestOptions | None = None,
    ) -> Paginator[Contact]:
        """List contacts lazily, page by page, ordered by name (``GET /contacts``).

        Without ``state``, deleted and blocked contacts are left out; ask for
        them with ``state="deleted"`` or ``state="blocked"``. ``updated_since``
        is sent as ``_updated_since``, the spelling contacts use (unlike
        tickets). List items lack ``tags``, ``other_emails`` and ``avatar``;
        ``get`` has them. The contacts list has its own, lower rate limit.

        ``page`` starts the walk at that page (``page.next_page_info()``
        says which page comes next).

        Raises:
            ValueError, TypeError: a parameter breaks a rule (before any request).
        """
        query = contact_list_query(
            {
                "email": email,
                "mobile": mobile,
                "phone": phone,
                "company_id": company_id,
                "unique_external_id": unique_external_id,
                "tag": tag,
                "state": state,
                "updated_since": updated_since,
                "per_page": per_page,
            }
        )
        spec = RequestSpec(method="GET", path="contacts", params=build_query(query))
        spec = start_page(spec, page)
        return self._client.get_api_list(
            spec, item=Contact, options=options, max_items=max_items, max_pages=max_pages
        )

    def iter_all(
        self,
        *,
        updated_since: datetime | str | None = None,
        state: ContactStateValue | NotGiven = NOT_GIVEN,
        checkpoint: ExportCheckpoint | None = None,
        options: RequestOptions | None = None,
    ) -> RecordStream[Contact]:
        """Stream every contact updated at or after ``updated_since``, resumably.

        Freshdesk lists contacts by name, not by ``updated_at``, so this reads
        ``_updated_since`` page after page to the end (see
        ``docs/complete-export.md``). Contacts changed during the walk keep
        their place; ones created meanwhile push the rest down, and the
        records pushed over a page's edge are dropped by ``(id, updated_at)``.
        A contact deleted, blocked or renamed during the walk pulls the rest
        up, and the one pulled over the edge is missed by this walk: the list
        gives no way to see it. When the walk ends, the checkpoint's window
        starts early enough that resuming it (the next incremental run) takes
        every contact changed during this walk; some of them come twice.

        ``stream.checkpoint`` resumes right after the last contact handed out;
        one taken in the middle of the walk re-reads the page before first,
        so contacts that moved up meanwhile are not lost.

        Args:
            updated_since: where to start (default: the beginning of time).
                Leave it out, or give the same value, when resuming.
            state: ``"verified"``, ``"unverified"``, ``"deleted"`` or
                ``"blocked"``; by default Freshdesk leaves deleted and blocked
                contacts out.
            checkpoint: resume where this checkpoint stands (same ``state``).
            options: per-request options for every request of the export.

        Raises:
            ValueError, TypeError: an argument breaks a rule, or the checkpoint
                belongs to another export (before any request).
        """
        query = contact_list_query({"state": state})
        filters = [("state", str(query["state"]))] if "state" in query else []
        start = plan_export("contacts", since=updated_since, filters=filters, checkpoint=checkpoint)
        return RecordStream(
            self._client,
            start,
            item=Contact,
            stamp=_contact_stamp,
            options=options,
        )

    def get(self, contact_id: int, *, options: RequestOptions | None = None) -> Contact:
        """Return one contact (``GET /contacts/{id}``); soft-deleted ones come with ``deleted=True``.

        Raises:
            NotFoundError: no contact has this id (or it was hard-deleted).
        """
        check_id(contact_id, "contact_id")
        spec = RequestSpec(method="GET", path=f"contacts/{contact_id}")
        return self._client.request(spec, cast_to=Contact, options=options)

    def create(
        self,
        *,
        name: str,
        email: str | NotGiven | None = NOT_GIVEN,
        phone: str | NotGiven | None = NOT_GIVEN,
        mobile: str | NotGiven | None = NOT_GIVEN,
        twitter_id: str | NotGiven | None = NOT_GIVEN,
        unique_external_id: str | NotGiven | None = NOT_GIVEN,
        other_emails: Sequence[str] | NotGiven = NOT_GIVEN,
        company_id: int | NotGiven | None = NOT_GIVEN,
        view_all_tickets: bool | NotGiven = NOT_GIVEN,
        other_companies: Sequence[Mapping[str, int | bool]] | NotGiven = NOT_GIVEN,
        address: str | NotGiven | None = NOT_GIVEN,
        description: str | NotGiven | None = NOT_GIVEN,
        job_title: str | NotGiven | None = NOT_GIVEN,
        language: str | NotGiven = NOT_GIVEN,
        time_zone: str | NotGiven = NOT_GIVEN,
        tags: Sequence[str] | NotGiven = NOT_GIVEN,
        custom_fields: Mapping[str, JSONValue] | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Contact:
        """Create a contact (``POST /contacts``) and return it.

        Checked before sending: ``name`` (at most 255 characters) and at least
        one identity among ``email``, ``phone``, ``mobile``, ``twitter_id`` and
        ``unique_external_id``; email shapes; ``tags`` as a list of strings.
        ``custom_fields`` keys are the field names *without* a ``cf_`` prefix
        (unlike tickets). ``other_companies`` (multiple-companies feature) is a
        list of ``{"company_id": ..., "view_all_tickets": ...}``.

        A create is never retried once it may have reached Freshdesk.

        Raises:
            ValueError, TypeError: an argument breaks a rule (nothing is sent).
            ConflictError: the email, twitter_id or unique_external_id belongs to
                another contact; ``errors[0].additional_info["user_id"]`` names it.
            BadRequestError: Freshdesk refused a field (see ``errors``).
        """
        body = contact_create_body(
            {
                "name": name,
                "email": email,
                "phone": phone,
                "mobile": mobile,
                "twitter_id": twitter_id,
                "unique_external_id": unique_external_id,
                "other_emails": other_emails,
                "company_id": company_id,
                "view_all_tickets": view_all_tickets,
                "other_companies": other_companies,
                "address": address,
                "description": description,
                "job_title": job_title,
                "language": language,
                "time_zone": time_zone,
                "tags": tags,
                "custom_fields": custom_fields,
            }
        )
        spec = RequestSpec(method="POST", path="contacts", json=body)
        return self._client.request(spec, cast_to=Contact, options=options)

    def update(
        self,
        contact_id: int,
        *,
        name: str | NotGiven = NOT_GIVEN,
        email: str | NotGiven | None = NOT_GIVEN,
        phone: str | NotGiven | None = NOT_GIVEN,
        mobile: str | NotGiven | None = NOT_GIVEN,
        twitter_id: str | NotGiven | None = NOT_GIVEN,
        unique_external_id: str | NotGiven | None = NOT_GIVEN,
        other_emails: Sequence[str] | NotGiven = NOT_GIVEN,
        company_id: int | NotGiven | None = NOT_GIVEN,
        view_all_tickets: bool | NotGiven = NOT_GIVEN,
        other_companies: Sequence[Mapping[str, int | bool]] | NotGiven = NOT_GIVEN,
        address: str | NotGiven | None = NOT_GIVEN,
        description: str | NotGiven | None = NOT_GIVEN,
        job_title: str | NotGiven | None = NOT_GIVEN,
        language: str | NotGiven = NOT_GIVEN,
        time_zone: str | NotGiven = NOT_GIVEN,
        tags: Sequence[str] | NotGiven = NOT_GIVEN,
        custom_fields: Mapping[str, JSONValue] | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Contact:
        """Change a contact (``PUT /contacts/{id}``) and return it as it now is.

        Only the arguments you give are sent; ``None`` clears a nullable field
        (``company_id=None`` unlinks the company). ``tags`` and ``other_emails``
        replace the lists. A deleted or blocked contact cannot be changed:
        Freshdesk answers 405.

        Raises:
            ValueError, TypeError: an argument breaks a rule, or none is given.
            NotFoundError: no contact has this id.
            MethodNotAllowedError: the contact is deleted or blocked.
            ConflictError: the new email (or other identity) is another contact's.
        """
        check_id(contact_id, "contact_id")
        body = contact_update_body(
            {
                "name": name,
                "email": email,
                "phone": phone,
                "mobile": mobile,
                "twitter_id": twitter_id,
                "unique_external_id": unique_external_id,
                "other_emails": other_emails,
                "company_id": company_id,
                "view_all_tickets": view_all_tickets,
                "other_companies": other_companies,
                "address": address,
                "description": description,
                "job_title": job_title,
                "language": language,
                "time_zone": time_zone,
                "tags": tags,
                "custom_fields": custom_fields,
            }
        )
        spec = RequestSpec(method="PUT", path=f"contacts/{contact_id}", json=body)
        return self._client.request(spec, cast_to=Contact, options=options)

    def delete(self, contact_id: int, *, options: RequestOptions | None = None) -> None:
        """Soft-delete a contact (``DELETE /contacts/{id}``); ``restore`` undoes it.

        Raises:
            NotFoundError: no contact has this id.
            MethodNotAllowedError: the contact is already deleted, or blocked.
        """
        check_id(contact_id, "contact_id")
        spec = RequestSpec(
            method="DELETE", path=f"contacts/{contact_id}", done_if=CONTACT_GONE_AFTER_DELETE
        )
        return self._client.request(spec, cast_to=type(None), options=options)

    def hard_delete(
        self, contact_id: int, *, force: bool = False, options: RequestOptions | None = None
    ) -> None:
        """Delete a contact for good (``DELETE /contacts/{id}/hard_delete``); this cannot be undone.

        Freshdesk requires the contact to be soft-deleted first (``delete``);
        otherwise it answers 400 with an empty body. ``force=True`` sends
        ``?force=true``, which skips that rule and erases an active contact
        in one call.

        Raises:
            TypeError: ``force`` is not a bool.
            BadRequestError: the contact is not soft-deleted and ``force`` is false.
            NotFoundError: no contact has this id.
        """
        check_id(contact_id, "contact_id")
        params = (("force", "true"),) if check_bool(force, "force") else ()
        spec = RequestSpec(
            method="DELETE",
            path=f"contacts/{contact_id}/hard_delete",
            params=params,
            done_if=GONE_AFTER_DELETE,
        )
        return self._client.request(spec, cast_to=type(None), options=options)

    def restore(self, contact_id: int, *, options: RequestOptions | None = None) -> None:
        """Bring a soft-deleted contact back (``PUT /contacts/{id}/restore``).

        Raises:
            NotFoundError: no contact has this id, or it is not deleted.
        """
        check_id(contact_id, "contact_id")
        spec = RequestSpec(
            method="PUT", path=f"contacts/{contact_id}/restore", done_if=GONE_AFTER_RESTORE
        )
        return self._client.request(spec, cast_to=type(None), options=options)

    def make_agent(
        self,
        contact_id: int,
        *,
        occasional: bool | NotGiven = NOT_GIVEN,
        group_ids: Sequence[int] | NotGiven = NOT_GIVEN,
        role_ids: Sequence[int] | NotGiven = NOT_GIVEN,
        skill_ids: Sequence[int] | NotGiven = NOT_GIVEN,
        ticket_scope: int | NotGiven = NOT_GIVEN,
        signature: str | NotGiven | None = NOT_GIVEN,
        type: AgentType | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Contact:
        """Turn a contact into an agent (``PUT /contacts/{id}/make_agent``); return the contact.

        The returned contact carries the new agent record in ``agent``
        (its ``id`` is the contact's). All arguments are optional;
        ``ticket_scope`` is 1 global, 2 group or 3 restricted
        (``AgentTicketScope``). Afterwards manage the user through
        ``fd.agents``, under the same id.

        Raises:
            ValueError, TypeError: an argument breaks a rule (nothing is sent).
            NotFoundError: no contact has this id.
            ConflictError: the contact has no email (``inconsistent_state``).
            PermissionDeniedError: no agent seat is left (``max_agents_reached``).
        """
        check_id(contact_id, "contact_id")
        body = make_agent_body(
            {
                "occasional": occasional,
                "group_ids": group_ids,
                "role_ids": role_ids,
                "skill_ids": skill_ids,
                "ticket_scope": ticket_scope,
                "signature": signature,
                "type": type,
            }
        )
        spec = RequestSpec(method="PUT", path=f"contacts/{contact_id}/make_agent", json=body)
        return self._client.request(spec, cast_to=Contact, options=options)


def _contact_stamp(contact: Contact) -> Stamp:
    return Stamp(contact.id, contact.updated_at)


class ContactsWithRawResponse:
    """``fd.contacts.with_raw_response``: the contact methods returning ``APIResponse``."""

    def __init__(self, contacts: Contacts) -> None:
        self.list = to_raw_list_wrapper(contacts.list)
        self.get = to_raw_response_wrapper(contacts.get)
        self.create = to_raw_response_wrapper(contacts.create)
        self.update = to_raw_response_wrapper(contacts.update)
        self.delete = to_raw_response_wrapper(contacts.delete)
        self.hard_delete = to_raw_response_wrapper(contacts.hard_delete)
        self.restore = to_raw_response_wrapper(contacts.restore)
        self.make_agent = to_raw_response_wrapper(contacts.make_agent)
