"""Agent and group routes (docs/freshdesk-api-notes.md#agents, #groups)."""

from __future__ import annotations

from typing import Any, Final

from ._call import Call, Route
from ._errors import not_found, request_error
from ._http import FakeResponse
from ._pages import PAGE_PARAMS, page_args, paged_response
from ._record_shapes import Record
from ._state import FakeState
from ._validate import Checker
from ._validation_messages import UNIQUE

__all__ = ["ROUTES", "agent_view", "group_view"]

AGENT_STATES: Final = ("fulltime", "occasional")
AGENT_LIST_OMIT: Final = frozenset(
    {"group_ids", "role_ids", "skill_ids"}
)  # docs/freshdesk-api-notes.md#agents: view only
AGENT_FIELDS: Final = frozenset(
    {
        "occasional",
        "signature",
        "ticket_scope",
        "group_ids",
        "role_ids",
        "skill_ids",
        "name",
        "email",
        "phone",
        "mobile",
        "job_title",
        "language",
        "time_zone",
    }
)
AGENT_CONTACT_FIELDS: Final = (
    "name",
    "email",
    "phone",
    "mobile",
    "job_title",
    "language",
    "time_zone",
)
GROUP_FIELDS: Final = frozenset(
    {
        "name",
        "description",
        "agent_ids",
        "escalate_to",
        "unassigned_for",
        "business_hour_id",
        "auto_ticket_assign",
        "group_type",
    }
)
UNASSIGNED_FOR: Final = (
    "30m",
    "1h",
    "2h",
    "4h",
    "8h",
    "12h",
    "1d",
    "2d",
    "3d",
)  # docs/freshdesk-api-notes.md#groups
GROUP_TYPES: Final = ("support_agent_group", "field_agent_group")


def agent_view(state: FakeState, agent: Record, *, list_item: bool = False) -> dict[str, Any]:
    """Return an agent; views add ``group_ids`` (owned by the groups), lists drop the id lists."""
    shown: dict[str, Any] = {}
    for key, value in agent.items():
        if key == "role_ids" and not list_item:
            shown["group_ids"] = state.agent_group_ids(agent["id"])
        if list_item and key in AGENT_LIST_OMIT:
            continue
        shown[key] = dict(value) if key == "contact" else value
    return shown


def list_agents(call: Call) -> FakeResponse:
    """``GET /agents``: filters ``email``, ``mobile``, ``phone``, ``state`` (docs/freshdesk-api-notes.md#agents)."""
    state = call.state
    check = call.query(("email", "mobile", "phone", "state", *PAGE_PARAMS))
    page, per_page = page_args(check)
    wanted = check.param_choice("state", AGENT_STATES)
    check.fail()
    params = call.params
    email = params.get("email", "").casefold() or None

    def select() -> list[int]:
        chosen: list[int] = []
        for agent_id, agent in state.agents.items():
            person = agent["contact"]
            if email is not None and (person["email"] or "").casefold() != email:
                continue
            if any(
                name in params and str(person.get(name)) != params[name]
                for name in ("mobile", "phone")
            ):
                continue
            if wanted is not None and agent["occasional"] != (wanted == "occasional"):
                continue
            chosen.append(agent_id)
        return sorted(chosen)

    key = ("agents", email, params.get("mobile"), params.get("phone"), wanted)
    ids = state.cached(key, select)
    return paged_response(
        call, ids, page, per_page, lambda aid: agent_view(state, state.agents[aid], list_item=True)
    )


def _agent(call: Call) -> Record:
    agent = call.state.agents.get(call.args[0])
    if agent is None:
        raise not_found()
    return agent


def view_agent(call: Call) -> FakeResponse:
    """``GET /agents/{id}``."""
    return call.ok(agent_view(call.state, _agent(call)))


def me(call: Call) -> FakeResponse:
    """``GET /agents/me``: the agent who owns the API key (docs/freshdesk-api-notes.md#agents)."""
    agent = call.state.agents.get(call.state.owner_id or 0)
    if agent is None:
        raise not_found()
    return call.ok(agent_view(call.state, agent))


def update_agent(call: Call) -> FakeResponse:
    """``PUT /agents/{id}`` → 200; contact fields go to the nested ``contact``."""
    agent = _agent(call)
    state = call.state
    check = Checker(call.body(update=True))
    check.unknown(AGENT_FIELDS)
    values: dict[str, Any] = {
        "occasional": check.boolean("occasional"),
        "signature": check.text("signature"),
        "ticket_scope": check.integer("ticket_scope", nullable=False, choices=(1, 2, 3)),
        "group_ids": check.integers("group_ids", exists=state.groups.__contains__),
        "role_ids": check.integers("role_ids"),
        "skill_ids": check.integers("skill_ids"),
        "name": check.text("name", nullable=False, max_length=255),
        "email": check.email("email"),
        "phone": check.text("phone"),
        "mobile": check.text("mobile"),
        "job_title": check.text("job_title"),
        "language": check.text("language", nullable=False),
        "time_zone": check.text("time_zone", nullable=False),
    }
    if values["email"] is not None:
        holder = state.user_with_email(values["email"], exclude=agent["id"])
        if holder is not None:
            check.add("email", UNIQUE, "duplicate_value", additional_info={"user_id": holder})
    check.fail()
    changes = check.sent(values)
    if "group_ids" in changes:
        state.set_agent_groups(agent["id"], changes.pop("group_ids"), call.stamp)
    person = agent["contact"]
    for name in AGENT_CONTACT_FIELDS:
        if name in changes:
            person[name] = changes.pop(name)
            person["updated_at"] = call.stamp
    agent.update(changes)
    agent["updated_at"] = call.stamp
    state.touch()
    return call.ok(agent_view(state, agent))


def delete_agent(call: Call) -> FakeResponse:
    """``DELETE /agents/{id}`` → 204: the agent is demoted to a contact (docs/freshdesk-api-notes.md#agents)."""
    agent = _agent(call)
    state = call.state
    if agent["id"] == state.owner_id:
        raise request_error(403, "access_denied", "You are not authorized to perform this action.")
    state.set_agent_groups(agent["id"], [], call.stamp)
    del state.agents[agent["id"]]
    person = agent["contact"]
    fields = {key: person.get(key) for key in AGENT_CONTACT_FIELDS}
    state.insert_contact(
        call.stamp,
        {
            **fields,
            "id": agent["id"],
            "active": bool(person.get("active")),
            "created_at": person.get("created_at") or call.stamp,
        },
    )
    return call.no_content()


# ---------------------------------------------------------------------- groups


def group_view(group: Record, *, list_item: bool = False) -> dict[str, Any]:
    """Return a group; list items omit ``agent_ids`` (docs/freshdesk-api-notes.md#groups)."""
    shown = dict(group)
    if list_item:
        del shown["agent_ids"]
    else:
        shown["agent_ids"] = list(group["agent_ids"])
    return shown


def list_groups(call: Call) -> FakeResponse:
    """``GET /groups``."""
    check = call.query(PAGE_PARAMS)
    page, per_page = page_args(check)
    check.fail()
    groups = call.state.groups
    ids = call.state.cached(("groups",), lambda: sorted(groups))
    return paged_response(
        call, ids, page, per_page, lambda gid: group_view(groups[gid], list_item=True)
    )


def _group(call: Call) -> Record:
    group = call.state.groups.get(call.args[0])
    if group is None:
        raise not_found()
    return group


def view_group(call: Call) -> FakeResponse:
    """``GET /groups/{id}``."""
    return call.ok(group_view(_group(call)))


def _check_group(check: Checker, call: Call, *, own_id: int | None) -> dict[str, Any]:
    state = call.state
    values: dict[str, Any] = {
        "name": check.text("name", required=own_id is None, nullable=False, max_length=255),
        "description": check.text("description"),
        "agent_ids": check.integers("agent_ids", exists=state.agents.__contains__),
        "escalate_to": check.reference(
            "escalate_to",
            state.agents.__contains__,
            "There is no agent matching the given escalate_to",
        ),
        "unassigned_for": check.choice("unassigned_for", UNASSIGNED_FOR),
        "business_hour_id": check.integer("business_hour_id"),
        "group_type": check.choice("group_type", GROUP_TYPES, nullable=False),
    }
    if check.given("auto_ticket_assign"):
        # docs/freshdesk-api-notes.md#groups: integer 0..3 on current accounts, a boolean on older payloads.
        value = check.data["auto_ticket_assign"]
        if not isinstance(value, bool) and value not in (0, 1, 2, 3):
            check.add("auto_ticket_assign", "It should be one of these values: '0,1,2,3'")
        values["auto_ticket_assign"] = value
    name = values["name"]
    if name is not None and state.group_named(name, exclude=own_id) is not None:
        check.add("name", UNIQUE, "duplicate_value")
    return check.sent(values)


def create_group(call: Call) -> FakeResponse:
    """``POST /groups`` → 201 (``name`` required)."""
    check = Checker(call.body(update=False))
    check.unknown(GROUP_FIELDS)
    fields = _check_group(check, call, own_id=None)
    check.fail()
    group = call.state.insert_group(call.stamp, fields)
    return call.created_response("groups", group_view(group), f"/groups/{group['id']}")


def update_group(call: Call) -> FakeResponse:
    """``PUT /groups/{id}`` → 200."""
    group = _group(call)
    check = Checker(call.body(update=True))
    check.unknown(GROUP_FIELDS)
    changes = _check_group(check, call, own_id=group["id"])
    check.fail()
    group.update(changes)
    group["updated_at"] = call.stamp
    call.state.touch()
    return call.ok(group_view(group))


def delete_group(call: Call) -> FakeResponse:
    """``DELETE /groups/{id}`` → 204; its tickets become unassigned to any group."""
    group = _group(call)
    state = call.state
    del state.groups[group["id"]]
    for ticket in state.tickets.values():
        if ticket["group_id"] == group["id"]:
            ticket["group_id"] = None
    state.touch()
    return call.no_content()


ROUTES: Final[tuple[Route, ...]] = (
    Route("GET", "/agents", list_agents),
    Route("GET", "/agents/me", me),
    Route("GET", "/agents/{id}", view_agent),
    Route("PUT", "/agents/{id}", update_agent),
    Route("DELETE", "/agents/{id}", delete_agent),
    Route("GET", "/groups", list_groups),
    Route("POST", "/groups", create_group),
    Route("GET", "/groups/{id}", view_group),
    Route("PUT", "/groups/{id}", update_group),
    Route("DELETE", "/groups/{id}", delete_group),
)
