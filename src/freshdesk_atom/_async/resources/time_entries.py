"""Time logged on tickets: ``fd.time_entries`` (docs/freshdesk-api-notes.md#time-entries)."""

from __future__ import annotations

from datetime import datetime

from ..._core.pagination import start_page
from ..._core.request import GONE_AFTER_DELETE, RequestSpec, build_query, check_id
from ..._core.time_entries import time_entry_body, time_entry_query
from ..._types import NOT_GIVEN, NotGiven, RequestOptions
from ...models.misc import TimeEntry
from .._pagination import AsyncPaginator
from .._raw import to_raw_list_wrapper, to_raw_response_wrapper
from ._base import AsyncAPIResource

__all__ = ["AsyncTimeEntries", "AsyncTimeEntriesWithRawResponse"]


class AsyncTimeEntries(AsyncAPIResource):
    """Time entries, account-wide or per ticket: ``fd.time_entries``."""

    @property
    def with_raw_response(self) -> AsyncTimeEntriesWithRawResponse:
        """The same methods, returning ``APIResponse`` objects with headers and status."""
        return AsyncTimeEntriesWithRawResponse(self)

    def list(
        self,
        *,
        ticket_id: int | NotGiven = NOT_GIVEN,
        company_id: int | NotGiven = NOT_GIVEN,
        agent_id: int | NotGiven = NOT_GIVEN,
        executed_after: datetime | str | NotGiven = NOT_GIVEN,
        executed_before: datetime | str | NotGiven = NOT_GIVEN,
        billable: bool | NotGiven = NOT_GIVEN,
        page: int | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> AsyncPaginator[TimeEntry]:
        """List time entries lazily: one ticket's (``ticket_id``), or the account's, filtered.

        ``GET /tickets/{id}/time_entries`` takes no filters;
        ``GET /time_entries`` takes ``company_id``, ``agent_id``,
        ``executed_after``, ``executed_before`` and ``billable``.

        Raises:
            ValueError, TypeError: a filter breaks a rule, or filters are given
                with ``ticket_id`` (before any request).
        """
        filters = {
            "company_id": company_id,
            "agent_id": agent_id,
            "executed_after": executed_after,
            "executed_before": executed_before,
            "billable": billable,
        }
        query = time_entry_query(filters)
        if isinstance(ticket_id, NotGiven):
            path = "time_entries"
        else:
            if query:
                raise ValueError(
                    "a ticket's time entries take no filters; "
                    f"leave out {', '.join(sorted(query))} or ticket_id"
                )
            path = f"tickets/{check_id(ticket_id, 'ticket_id')}/time_entries"
        spec = start_page(RequestSpec(method="GET", path=path, params=build_query(query)), page)
        return self._client.get_api_list(spec, item=TimeEntry, options=options)

    async def create(
        self,
        ticket_id: int,
        *,
        time_spent: str | NotGiven = NOT_GIVEN,
        agent_id: int | NotGiven = NOT_GIVEN,
        billable: bool | NotGiven = NOT_GIVEN,
        note: str | NotGiven = NOT_GIVEN,
        executed_at: datetime | str | NotGiven = NOT_GIVEN,
        start_time: datetime | str | NotGiven = NOT_GIVEN,
        timer_running: bool | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> TimeEntry:
        """Log time on a ticket (``POST /tickets/{id}/time_entries``); return the entry.

        ``time_spent`` is ``"hh:mm"``, required unless ``timer_running=True``.

        Raises:
            ValueError, TypeError: an argument breaks a rule (nothing is sent).
            NotFoundError: no ticket has this id.
            UnknownOutcomeError: the answer was lost after the request may
                have reached Freshdesk (it is not sent twice).
        """
        check_id(ticket_id, "ticket_id")
        body = time_entry_body(
            {
                "time_spent": time_spent,
                "agent_id": agent_id,
                "billable": billable,
                "note": note,
                "executed_at": executed_at,
                "start_time": start_time,
                "timer_running": timer_running,
            },
            create=True,
        )
        spec = RequestSpec(method="POST", path=f"tickets/{ticket_id}/time_entries", json=body)
        return await self._client.request(spec, cast_to=TimeEntry, options=options)

    async def update(
        self,
        time_entry_id: int,
        *,
        time_spent: str | NotGiven = NOT_GIVEN,
        agent_id: int | NotGiven = NOT_GIVEN,
        billable: bool | NotGiven = NOT_GIVEN,
        note: str | NotGiven = NOT_GIVEN,
        executed_at: datetime | str | NotGiven = NOT_GIVEN,
        start_time: datetime | str | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> TimeEntry:
        """Change a time entry (``PUT /time_entries/{id}``); return it.

        Raises:
            ValueError, TypeError: an argument breaks a rule, or none is given.
            NotFoundError: no time entry has this id.
        """
        check_id(time_entry_id, "time_entry_id")
        body = time_entry_body(
            {
                "time_spent": time_spent,
                "agent_id": agent_id,
                "billable": billable,
                "note": note,
                "executed_at": executed_at,
                "start_time": start_time,
            },
            create=False,
        )
        spec = RequestSpec(method="PUT", path=f"time_entries/{time_entry_id}", json=body)
        return await self._client.request(spec, cast_to=TimeEntry, options=options)

    async def toggle_timer(
        self, time_entry_id: int, *, options: RequestOptions | None = None
    ) -> TimeEntry:
        """Start a stopped timer or stop a running one (``PUT /time_entries/{id}/toggle_timer``).

        Not idempotent (twice is a start and a stop), so it is not retried
        once it may have reached Freshdesk.

        Raises:
            NotFoundError: no time entry has this id.
            UnknownOutcomeError: the answer was lost after the request may
                have reached Freshdesk: read the entry to see where the timer is.
        """
        check_id(time_entry_id, "time_entry_id")
        spec = RequestSpec(
            method="PUT", path=f"time_entries/{time_entry_id}/toggle_timer", idempotent=False
        )
        return await self._client.request(spec, cast_to=TimeEntry, options=options)

    async def delete(self, time_entry_id: int, *, options: RequestOptions | None = None) -> None:
        """Delete a time entry (``DELETE /time_entries/{id}``).

        Raises:
            NotFoundError: no time entry has this id.
        """
        check_id(time_entry_id, "time_entry_id")
        spec = RequestSpec(
            method="DELETE", path=f"time_entries/{time_entry_id}", done_if=GONE_AFTER_DELETE
        )
        return await self._client.request(spec, cast_to=type(None), options=options)


class AsyncTimeEntriesWithRawResponse:
    """``fd.time_entries.with_raw_response``: the methods returning ``APIResponse``."""

    def __init__(self, time_entries: AsyncTimeEntries) -> None:
        self.list = to_raw_list_wrapper(time_entries.list)
        self.create = to_raw_response_wrapper(time_entries.create)
        self.update = to_raw_response_wrapper(time_entries.update)
        self.toggle_timer = to_raw_response_wrapper(time_entries.toggle_timer)
        self.delete = to_raw_response_wrapper(time_entries.delete)
