# Generated from tests/_async/test_groups.py by scripts/unasync.py; do not edit.
"""Wire tests of the groups resource: exact method, path, query and JSON body."""

from __future__ import annotations

from typing import Any

import pytest

from freshdesk_atom import Group, NotFoundError
from tests.conftest import load_recorded
from tests.scripted import BASE_URL, Script, json_response

from .clients import make_client, query


def test_list_pages_by_link() -> None:
    first, second = load_recorded("groups.json")
    link = f'<{BASE_URL}groups?per_page=1&page=2>; rel="next"'
    script = Script(json_response(200, [first], link=link), json_response(200, [second]))
    with make_client(script) as fd:
        groups = [g for g in fd.groups.list(per_page=1)]
    assert [g.name for g in groups] == ["Entertainers", "Helpdesk"]
    assert all(isinstance(g, Group) for g in groups)
    assert (
        groups[0].agent_ids is None
    )  # list items omit members (docs/freshdesk-api-notes.md#groups)
    assert [(r.method, r.url.path, query(r)) for r in script.requests] == [
        ("GET", "/api/v2/groups", [("per_page", "1")]),
        ("GET", "/api/v2/groups", [("per_page", "1"), ("page", "2")]),
    ]


def test_list_checks_per_page_before_sending() -> None:
    script = Script(json_response(200, []))
    with make_client(script) as fd:
        with pytest.raises(ValueError, match="per_page"):
            fd.groups.list(per_page=101)
    assert script.requests == []


def test_get_decodes_the_recorded_group() -> None:
    script = Script(json_response(200, load_recorded("group_1.json")))
    with make_client(script) as fd:
        group = fd.groups.get(1)
    assert (script.last.method, script.last.url.path) == ("GET", "/api/v2/groups/1")
    assert group.agent_ids == (2, 15)
    assert group.unassigned_for == "30m"
    assert group.auto_ticket_assign is True


def test_create_sends_exactly_the_given_fields() -> None:
    script = Script(json_response(201, load_recorded("group_1.json")))
    with make_client(script) as fd:
        group = fd.groups.create(
            name="Entertainers",
            description="Singers dancers and stand up comedians",
            agent_ids=[2, 15],
            escalate_to=1,
            unassigned_for="30m",
            auto_ticket_assign=1,
            business_hour_id=None,
            group_type="support_agent_group",
        )
    assert script.last.method == "POST"
    assert script.last.url.path == "/api/v2/groups"
    assert script.body() == {
        "name": "Entertainers",
        "description": "Singers dancers and stand up comedians",
        "agent_ids": [2, 15],
        "escalate_to": 1,
        "unassigned_for": "30m",
        "auto_ticket_assign": 1,
        "business_hour_id": None,
        "group_type": "support_agent_group",
    }
    assert group.id == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "G", "unassigned_for": "45m"}, "unassigned_for"),
        ({"name": "G", "auto_ticket_assign": 7}, "auto_ticket_assign"),
        ({"name": "G", "agent_ids": [0]}, r"agent_ids\[0\]"),
        ({"name": "G", "escalate_to": -1}, "escalate_to"),
        ({"name": "G", "group_type": "team"}, "group_type"),
    ],
)
def test_create_refuses_bad_input_before_sending(kwargs: dict[str, Any], field: str) -> None:
    script = Script(json_response(201, load_recorded("group_1.json")))
    with make_client(script) as fd:
        with pytest.raises((ValueError, TypeError), match=field):
            fd.groups.create(**kwargs)
    assert script.requests == []


def test_update_sends_put_with_only_given_fields_and_nulls() -> None:
    script = Script(json_response(200, load_recorded("group_1.json")))
    with make_client(script) as fd:
        fd.groups.update(1, escalate_to=None, agent_ids=[], unassigned_for="1d")
    assert script.last.method == "PUT"
    assert script.last.url.path == "/api/v2/groups/1"
    assert script.body() == {"escalate_to": None, "agent_ids": [], "unassigned_for": "1d"}


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({}, "at least one field"), ({"unassigned_for": None}, "unassigned_for cannot be cleared")],
)
def test_update_refuses_before_sending(kwargs: dict[str, Any], match: str) -> None:
    script = Script(json_response(200, load_recorded("group_1.json")))
    with make_client(script) as fd:
        with pytest.raises(ValueError, match=match):
            fd.groups.update(1, **kwargs)
    assert script.requests == []


def test_delete() -> None:
    script = Script(json_response(204))
    with make_client(script) as fd:
        fd.groups.delete(1)
    assert (script.last.method, script.last.url.path) == ("DELETE", "/api/v2/groups/1")


@pytest.mark.parametrize("bad_id", [0, -1])
def test_bad_ids_raise_before_sending(bad_id: int) -> None:
    script = Script(json_response(204))
    with make_client(script) as fd:
        with pytest.raises(ValueError, match="group_id"):
            fd.groups.get(bad_id)
        with pytest.raises(ValueError, match="group_id"):
            fd.groups.update(bad_id, name="x")
        with pytest.raises(ValueError, match="group_id"):
            fd.groups.delete(bad_id)
    assert script.requests == []


def test_not_found() -> None:
    script = Script(json_response(404))
    with make_client(script) as fd:
        with pytest.raises(NotFoundError):
            fd.groups.get(5)


def test_raw_response_gives_status_headers_and_parse() -> None:
    script = Script(json_response(201, load_recorded("group_1.json"), x_request_id="req-g"))
    with make_client(script) as fd:
        raw = fd.with_raw_response.groups.create(name="Entertainers")
        same = fd.groups.with_raw_response.update(1, name="Entertainers")
    assert raw.status_code == 201
    assert raw.request_id == "req-g"
    assert raw.parse().name == "Entertainers"
    assert same.parse().agent_ids == (2, 15)
