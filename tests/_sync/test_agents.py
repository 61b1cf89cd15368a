# Generated from tests/_async/test_agents.py by scripts/unasync.py; do not edit.
"""Wire tests of the agents resource: exact method, path, query and JSON body."""

from __future__ import annotations

from typing import Any

import pytest

from freshdesk_atom import Agent, AgentState, AgentTicketScope, NotFoundError
from freshdesk_atom.models import AgentContact
from tests.conftest import load_recorded
from tests.scripted import Script, json_response

from .clients import make_client, query


def test_list_sends_filters() -> None:
    script = Script(json_response(200, load_recorded("agents.json")))
    with make_client(script) as fd:
        agents = [
            a
            for a in fd.agents.list(
                email="abc@xyz.com",
                mobile="1234",
                phone="5678",
                state=AgentState.FULLTIME,
                per_page=50,
            )
        ]
    assert script.last.method == "GET"
    assert script.last.url.path == "/api/v2/agents"
    assert query(script.last) == [
        ("email", "abc@xyz.com"),
        ("mobile", "1234"),
        ("phone", "5678"),
        ("state", "fulltime"),
        ("per_page", "50"),
    ]
    assert [a.id for a in agents] == [1, 432]
    assert all(isinstance(a, Agent) for a in agents)
    # List items carry no group_ids (view only, docs/freshdesk-api-notes.md#agents).
    assert agents[0].group_ids is None
    assert isinstance(agents[0].contact, AgentContact)
    # Ancient payloads sent phone numbers as ints; they decode to their digits.
    assert agents[0].contact.mobile == "1234"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"state": "parttime"}, "state"), ({"per_page": 101}, "per_page"), ({"email": "x"}, "email")],
)
def test_list_checks_parameters_before_sending(kwargs: dict[str, Any], field: str) -> None:
    script = Script(json_response(200, []))
    with make_client(script) as fd:
        with pytest.raises((ValueError, TypeError), match=field):
            fd.agents.list(**kwargs)
    assert script.requests == []


def test_get_decodes_the_nested_contact() -> None:
    agent = {**load_recorded("agent_1.json"), "group_ids": [3], "role_ids": [4], "skill_ids": []}
    script = Script(json_response(200, agent))
    with make_client(script) as fd:
        result = fd.agents.get(1)
    assert (script.last.method, script.last.url.path) == ("GET", "/api/v2/agents/1")
    assert result.contact.name == "Rachel"
    assert result.contact.email == "rachel@freshdesk.com"
    assert result.group_ids == (3,)
    assert result.ticket_scope == AgentTicketScope.GLOBAL


def test_me_gets_the_key_owner() -> None:
    script = Script(json_response(200, load_recorded("agent_1.json")))
    with make_client(script) as fd:
        me = fd.agents.me()
    assert script.last.method == "GET"
    assert script.last.url.path == "/api/v2/agents/me"
    assert query(script.last) == []
    assert me.id == 1


def test_update_sends_put_with_only_given_fields_and_nulls() -> None:
    script = Script(json_response(200, load_recorded("agent_1_updated.json")))
    with make_client(script) as fd:
        agent = fd.agents.update(
            1,
            occasional=True,
            ticket_scope=AgentTicketScope.RESTRICTED,
            group_ids=[3, 4],
            role_ids=[1],
            skill_ids=[],
            signature=None,
            name="Updated Name",
            email="abc@xyz.com",
            job_title=None,
        )
    assert script.last.method == "PUT"
    assert script.last.url.path == "/api/v2/agents/1"
    assert script.body() == {
        "occasional": True,
        "ticket_scope": 3,
        "group_ids": [3, 4],
        "role_ids": [1],
        "skill_ids": [],
        "signature": None,
        "name": "Updated Name",
        "email": "abc@xyz.com",
        "job_title": None,
    }
    assert agent.occasional is True
    assert agent.contact.name == "Updated Name"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "at least one field"),
        ({"ticket_scope": 0}, "ticket_scope"),
        ({"ticket_scope": 4}, "ticket_scope"),
        ({"group_ids": [1, "2"]}, r"group_ids\[1\]"),
        ({"role_ids": 1}, "role_ids"),
        ({"email": "nobody"}, "email"),
        ({"occasional": None}, "occasional cannot be cleared"),
    ],
)
def test_update_refuses_bad_input_before_sending(kwargs: dict[str, Any], field: str) -> None:
    script = Script(json_response(200, load_recorded("agent_1.json")))
    with make_client(script) as fd:
        with pytest.raises((ValueError, TypeError), match=field):
            fd.agents.update(1, **kwargs)
    assert script.requests == []


@pytest.mark.parametrize("bad_id", [0, -1])
def test_bad_ids_raise_before_sending(bad_id: int) -> None:
    script = Script(json_response(200, load_recorded("agent_1.json")))
    with make_client(script) as fd:
        with pytest.raises(ValueError, match="agent_id"):
            fd.agents.get(bad_id)
        with pytest.raises(ValueError, match="agent_id"):
            fd.agents.update(bad_id, occasional=True)
    assert script.requests == []


def test_not_found() -> None:
    script = Script(json_response(404))
    with make_client(script) as fd:
        with pytest.raises(NotFoundError):
            fd.agents.get(2)


def test_raw_response_gives_status_headers_and_parse() -> None:
    script = Script(
        json_response(200, load_recorded("agent_1.json"), x_request_id="req-me"),
        json_response(200, load_recorded("agent_1_updated.json")),
    )
    with make_client(script) as fd:
        me = fd.with_raw_response.agents.me()
        updated = fd.agents.with_raw_response.update(1, occasional=True)
    assert me.status_code == 200
    assert me.request_id == "req-me"
    assert me.parse().contact.name == "Rachel"
    assert updated.parse().occasional is True
