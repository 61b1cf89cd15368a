# Generated from src/freshdesk_atom/_async/resources/agents.py by scripts/unasync.py; do not edit.
"""The agents resource: list, get, me and update (docs/freshdesk-api-notes.md#agents)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ..._core.agents import agent_list_query, agent_update_body
from ..._core.pagination import start_page
from ..._core.request import RequestSpec, build_query, check_id
from ..._types import NOT_GIVEN, NotGiven, RequestOptions
from ...models.agents import Agent
from ...models.enums import AgentState
from .._pagination import Paginator
from .._raw import to_raw_list_wrapper, to_raw_response_wrapper
from ._base import APIResource

__all__ = ["Agents", "AgentsWithRawResponse"]

AgentStateValue = AgentState | Literal["fulltime", "occasional"]


class Agents(APIResource):
    """Agents: ``fd.agents``. An agent's id is its contact (user) id."""

    @property
    def with_raw_response(self) -> AgentsWithRawResponse:
        """The same methods, returning ``APIResponse`` objects with headers and status."""
        return AgentsWithRawResponse(self)

    def list(
        self,
        *,
        email: str | NotGiven = NOT_GIVEN,
        mobile: str | NotGiven = NOT_GIVEN,
        phone: str | NotGiven = NOT_GIVEN,
        state: AgentStateValue | NotGiven = NOT_GIVEN,
        per_page: int | NotGiven = NOT_GIVEN,
        page: int | NotGiven = NOT_GIVEN,
        max_items: int | None = None,
        max_pages: int | None = None,
        options: RequestOptions | None = None,
    ) -> Paginator[Agent]:
        """List agents lazily, page by page (``GET /agents``).

        ``state`` is ``"fulltime"`` or ``"occasional"``. List items lack
        ``group_ids``, ``role_ids`` and ``skill_ids`` (``None`` here); ``get``
        has them.

        ``page`` starts the walk at that page (``page.next_page_info()``
        says which page comes next).

        Raises:
            ValueError, TypeError: a parameter breaks a rule (before any request).
        """
        query = agent_list_query(
            {"email": email, "mobile": mobile, "phone": phone, "state": state, "per_page": per_page}
        )
        spec = RequestSpec(method="GET", path="agents", params=build_query(query))
        spec = start_page(spec, page)
        return self._client.get_api_list(
            spec, item=Agent, options=options, max_items=max_items, max_pages=max_pages
        )

    def get(self, agent_id: int, *, options: RequestOptions | None = None) -> Agent:
        """Return one agent (``GET /agents/{id}``), with its group, role and skill ids.

        Raises:
            NotFoundError: no agent has this id.
        """
        check_id(agent_id, "agent_id")
        spec = RequestSpec(method="GET", path=f"agents/{agent_id}")
        return self._client.request(spec, cast_to=Agent, options=options)

    def me(self, *, options: RequestOptions | None = None) -> Agent:
        """Return the agent who owns the API key (``GET /agents/me``)."""
        spec = RequestSpec(method="GET", path="agents/me")
        return self._client.request(spec, cast_to=Agent, options=options)

    def update(
        self,
        agent_id: int,
        *,
        occasional: bool | NotGiven = NOT_GIVEN,
        signature: str | NotGiven | None = NOT_GIVEN,
        ticket_scope: int | NotGiven = NOT_GIVEN,
        group_ids: Sequence[int] | NotGiven = NOT_GIVEN,
        role_ids: Sequence[int] | NotGiven = NOT_GIVEN,
        skill_ids: Sequence[int] | NotGiven = NOT_GIVEN,
        name: str | NotGiven = NOT_GIVEN,
        email: str | NotGiven = NOT_GIVEN,
        phone: str | NotGiven | None = NOT_GIVEN,
        mobile: str | NotGiven | None = NOT_GIVEN,
        job_title: str | NotGiven | None = NOT_GIVEN,
        language: str | NotGiven = NOT_GIVEN,
        time_zone: str | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Agent:
        """Change an agent (``PUT /agents/{id}``) and return it as it now is.

        Only the arguments you give are sent. ``ticket_scope`` is 1 global,
        2 group or 3 restricted (``AgentTicketScope``); ``group_ids``,
        ``role_ids`` and ``skill_ids`` replace the lists; ``name``, ``email``,
        ``phone``, ``mobile``, ``job_title``, ``language`` and ``time_zone``
        change the agent's contact details. ``None`` clears ``signature``,
        ``phone``, ``mobile`` or ``job_title``.

        Raises:
            ValueError, TypeError: an argument breaks a rule, or none is given.
            NotFoundError: no agent has this id.
            PermissionDeniedError: the API key's agent may not manage agents.
        """
        check_id(agent_id, "agent_id")
        body = agent_update_body(
            {
                "occasional": occasional,
                "signature": signature,
                "ticket_scope": ticket_scope,
                "group_ids": group_ids,
                "role_ids": role_ids,
                "skill_ids": skill_ids,
                "name": name,
                "email": email,
                "phone": phone,
                "mobile": mobile,
                "job_title": job_title,
                "language": language,
                "time_zone": time_zone,
            }
        )
        spec = RequestSpec(method="PUT", path=f"agents/{agent_id}", json=body)
        return self._client.request(spec, cast_to=Agent, options=options)


class AgentsWithRawResponse:
    """``fd.agents.with_raw_response``: the agent methods returning ``APIResponse``."""

    def __init__(self, agents: Agents) -> None:
        self.list = to_raw_list_wrapper(agents.list)
        self.get = to_raw_response_wrapper(agents.get)
        self.me = to_raw_response_wrapper(agents.me)
        self.update = to_raw_response_wrapper(agents.update)
