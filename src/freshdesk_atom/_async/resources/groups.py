"""The groups resource: list, get, create, update and delete (docs/freshdesk-api-notes.md#groups)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ..._core.groups import group_create_body, group_list_query, group_update_body
from ..._core.pagination import start_page
from ..._core.request import GONE_AFTER_DELETE, RequestSpec, build_query, check_id
from ..._types import NOT_GIVEN, NotGiven, RequestOptions
from ...models.groups import Group
from .._pagination import AsyncPaginator
from .._raw import to_raw_list_wrapper, to_raw_response_wrapper
from ._base import AsyncAPIResource

__all__ = ["AsyncGroups", "AsyncGroupsWithRawResponse"]

UnassignedFor = Literal["30m", "1h", "2h", "4h", "8h", "12h", "1d", "2d", "3d"]
GroupType = Literal["support_agent_group", "field_agent_group"]


class AsyncGroups(AsyncAPIResource):
    """Agent groups: ``fd.groups``."""

    @property
    def with_raw_response(self) -> AsyncGroupsWithRawResponse:
        """The same methods, returning ``APIResponse`` objects with headers and status."""
        return AsyncGroupsWithRawResponse(self)

    def list(
        self,
        *,
        per_page: int | NotGiven = NOT_GIVEN,
        page: int | NotGiven = NOT_GIVEN,
        max_items: int | None = None,
        max_pages: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPaginator[Group]:
        """List groups lazily, page by page (``GET /groups``).

        List items lack ``agent_ids`` (``None`` here); ``get`` has them.

        ``page`` starts the walk at that page (``page.next_page_info()``
        says which page comes next).

        Raises:
            ValueError, TypeError: a parameter breaks a rule (before any request).
        """
        query = group_list_query({"per_page": per_page})
        spec = RequestSpec(method="GET", path="groups", params=build_query(query))
        spec = start_page(spec, page)
        return self._client.get_api_list(
            spec, item=Group, options=options, max_items=max_items, max_pages=max_pages
        )

    async def get(self, group_id: int, *, options: RequestOptions | None = None) -> Group:
        """Return one group (``GET /groups/{id}``), with its ``agent_ids``.

        Raises:
            NotFoundError: no group has this id.
        """
        check_id(group_id, "group_id")
        spec = RequestSpec(method="GET", path=f"groups/{group_id}")
        return await self._client.request(spec, cast_to=Group, options=options)

    async def create(
        self,
        *,
        name: str,
        description: str | NotGiven | None = NOT_GIVEN,
        agent_ids: Sequence[int] | NotGiven = NOT_GIVEN,
        escalate_to: int | NotGiven | None = NOT_GIVEN,
        unassigned_for: UnassignedFor | NotGiven = NOT_GIVEN,
        auto_ticket_assign: int | bool | NotGiven = NOT_GIVEN,
        business_hour_id: int | NotGiven | None = NOT_GIVEN,
        group_type: GroupType | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Group:
        """Create a group (``POST /groups``) and return it.

        ``escalate_to`` is the user told when a ticket stays unassigned for
        ``unassigned_for`` (``"30m"`` ... ``"3d"``). ``auto_ticket_assign``
        needs the automatic-assignment feature: 0 off, 1 round robin,
        2 skill-based, 3 load-based (older accounts take a bool; the mapping
        is not confirmed by Freshdesk's docs).

        A create is never retried once it may have reached Freshdesk.

        Raises:
            ValueError, TypeError: an argument breaks a rule (nothing is sent).
            ConflictError: another group has this name.
            BadRequestError: Freshdesk refused a field (see ``errors``).
        """
        body = group_create_body(
            {
                "name": name,
                "description": description,
                "agent_ids": agent_ids,
                "escalate_to": escalate_to,
                "unassigned_for": unassigned_for,
                "auto_ticket_assign": auto_ticket_assign,
                "business_hour_id": business_hour_id,
                "group_type": group_type,
            }
        )
        spec = RequestSpec(method="POST", path="groups", json=body)
        return await self._client.request(spec, cast_to=Group, options=options)

    async def update(
        self,
        group_id: int,
        *,
        name: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven | None = NOT_GIVEN,
        agent_ids: Sequence[int] | NotGiven = NOT_GIVEN,
        escalate_to: int | NotGiven | None = NOT_GIVEN,
        unassigned_for: UnassignedFor | NotGiven = NOT_GIVEN,
        auto_ticket_assign: int | bool | NotGiven = NOT_GIVEN,
        business_hour_id: int | NotGiven | None = NOT_GIVEN,
        group_type: GroupType | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Group:
        """Change a group (``PUT /groups/{id}``) and return it as it now is.

        Only the arguments you give are sent; ``None`` clears ``description``,
        ``escalate_to`` or ``business_hour_id``. ``agent_ids`` replaces the
        members (``[]`` empties the group).

        Raises:
            ValueError, TypeError: an argument breaks a rule, or none is given.
            NotFoundError: no group has this id.
        """
        check_id(group_id, "group_id")
        body = group_update_body(
            {
                "name": name,
                "description": description,
                "agent_ids": agent_ids,
                "escalate_to": escalate_to,
                "unassigned_for": unassigned_for,
                "auto_ticket_assign": auto_ticket_assign,
                "business_hour_id": business_hour_id,
                "group_type": group_type,
            }
        )
        spec = RequestSpec(method="PUT", path=f"groups/{group_id}", json=body)
        return await self._client.request(spec, cast_to=Group, options=options)

    async def delete(self, group_id: int, *, options: RequestOptions | None = None) -> None:
        """Delete a group for good (``DELETE /groups/{id}``); there is no restore.

        Raises:
            NotFoundError: no group has this id.
        """
        check_id(group_id, "group_id")
        spec = RequestSpec(method="DELETE", path=f"groups/{group_id}", done_if=GONE_AFTER_DELETE)
        return await self._client.request(spec, cast_to=type(None), options=options)


class AsyncGroupsWithRawResponse:
    """``fd.groups.with_raw_response``: the group methods returning ``APIResponse``."""

    def __init__(self, groups: AsyncGroups) -> None:
        self.list = to_raw_list_wrapper(groups.list)
        self.get = to_raw_response_wrapper(groups.get)
        self.create = to_raw_response_wrapper(groups.create)
        self.update = to_raw_response_wrapper(groups.update)
        self.delete = to_raw_response_wrapper(groups.delete)
