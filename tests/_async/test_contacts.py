"""Wire tests of the contacts resource: exact method, path, query and JSON body."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from freshdesk_atom import (
    AgentTicketScope,
    BadRequestError,
    ConflictError,
    Contact,
    ContactState,
    MethodNotAllowedError,
    NotFoundError,
)
from tests.conftest import load_recorded
from tests.scripted import BASE_URL, Script, json_response

from .clients import make_client, query


@pytest.mark.anyio
async def test_list_sends_filters_with_underscored_updated_since() -> None:
    script = Script(json_response(200, load_recorded("contacts.json")))
    async with make_client(script) as fd:
        contacts = [
            c
            async for c in fd.contacts.list(
                email="dana+support@example.com",
                mobile="07700 900123",
                phone="+1 555 0100",
                company_id=48000077001,
                unique_external_id="crm-42",
                tag="vip",
                state=ContactState.UNVERIFIED,
                updated_since=datetime(2024, 1, 1, tzinfo=UTC),
                per_page=100,
            )
        ]
    assert script.last.method == "GET"
    assert script.last.url.path == "/api/v2/contacts"
    assert query(script.last) == [
        ("email", "dana+support@example.com"),
        ("mobile", "07700 900123"),
        ("phone", "+1 555 0100"),
        ("company_id", "48000077001"),
        ("unique_external_id", "crm-42"),
        ("tag", "vip"),
        ("state", "unverified"),
        ("_updated_since", "2024-01-01T00:00:00Z"),
        ("per_page", "100"),
    ]
    # The + of the email must reach Freshdesk encoded, not as a space (docs/freshdesk-api-notes.md#contacts).
    assert b"email=dana%2Bsupport%40example.com" in script.last.url.raw_path
    assert [c.name for c in contacts] == ["Rachel", "Rachel"]
    assert all(isinstance(c, Contact) for c in contacts)


@pytest.mark.anyio
async def test_list_is_lazy_and_follows_link() -> None:
    contact = load_recorded("contact.json")
    link = f'<{BASE_URL}contacts?state=deleted&page=2>; rel="next"'
    script = Script(
        json_response(200, [{**contact, "id": 1}], link=link),
        json_response(200, [{**contact, "id": 2}]),
    )
    async with make_client(script) as fd:
        paginator = fd.contacts.list(state="deleted")
        assert script.requests == []
        ids = [c.id async for c in paginator]
    assert ids == [1, 2]
    assert query(script.requests[0]) == [("state", "deleted")]
    assert query(script.requests[1]) == [("state", "deleted"), ("page", "2")]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"state": "active"}, "state"),
        ({"per_page": 101}, "per_page"),
        ({"updated_since": "yesterday"}, "updated_since"),
        ({"company_id": 0}, "company_id"),
        ({"email": "nobody"}, "email"),
    ],
)
async def test_list_checks_parameters_before_sending(kwargs: dict[str, Any], field: str) -> None:
    script = Script(json_response(200, []))
    async with make_client(script) as fd:
        with pytest.raises((ValueError, TypeError), match=field):
            fd.contacts.list(**kwargs)
    assert script.requests == []


@pytest.mark.anyio
async def test_get_decodes_the_recorded_contact() -> None:
    script = Script(json_response(200, load_recorded("contact.json")))
    async with make_client(script) as fd:
        contact = await fd.contacts.get(1)
    assert script.last.method == "GET"
    assert script.last.url.path == "/api/v2/contacts/1"
    assert query(script.last) == []
    assert contact.email == "rachel@freshdesk.com"
    assert contact.created_at == datetime(2014, 12, 31, 2, 27, 9, tzinfo=UTC)


@pytest.mark.anyio
async def test_create_sends_exactly_the_given_fields() -> None:
    script = Script(json_response(201, load_recorded("contact.json")))
    async with make_client(script) as fd:
        contact = await fd.contacts.create(
            name="Rachel",
            email="rachel@freshdesk.com",
            phone="+61 7 5555 0100",
            other_emails=["r@example.org"],
            company_id=None,
            view_all_tickets=False,
            other_companies=[{"company_id": 8, "view_all_tickets": True}],
            job_title="Editor",
            language="en",
            time_zone="Brisbane",
            tags=["press"],
            custom_fields={"department": "News"},
        )
    assert script.last.method == "POST"
    assert script.last.url.path == "/api/v2/contacts"
    assert script.last.headers["content-type"] == "application/json"
    assert script.body() == {
        "name": "Rachel",
        "email": "rachel@freshdesk.com",
        "phone": "+61 7 5555 0100",
        "other_emails": ["r@example.org"],
        "company_id": None,
        "view_all_tickets": False,
        "other_companies": [{"company_id": 8, "view_all_tickets": True}],
        "job_title": "Editor",
        "language": "en",
        "time_zone": "Brisbane",
        "tags": ["press"],
        "custom_fields": {"department": "News"},
    }
    assert contact.id == 1


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "Rachel"}, "email, phone, mobile"),
        ({"name": "", "email": "a@example.com"}, "name"),
        ({"name": "Rachel", "email": "not-an-email"}, "email"),
        ({"name": "Rachel", "email": "a@example.com", "tags": "vip"}, "tags"),
        ({"name": "Rachel", "email": "a@example.com", "other_emails": ["x"]}, r"other_emails\[0\]"),
        ({"name": "Rachel", "email": "a@example.com", "custom_fields": {"": 1}}, "custom_fields"),
        ({"name": "Rachel", "email": "a@example.com", "language": None}, "language"),
    ],
)
async def test_create_refuses_bad_input_before_sending(kwargs: dict[str, Any], field: str) -> None:
    script = Script(json_response(201, load_recorded("contact.json")))
    async with make_client(script) as fd:
        with pytest.raises((ValueError, TypeError), match=field):
            await fd.contacts.create(**kwargs)
    assert script.requests == []


@pytest.mark.anyio
async def test_create_duplicate_email_is_a_conflict_naming_the_owner() -> None:
    body = {
        "description": "Validation failed",
        "errors": [
            {
                "field": "email",
                "additional_info": {"user_id": 48000123457},
                "message": "It should be a unique value",
                "code": "duplicate_value",
            }
        ],
    }
    script = Script(json_response(409, body))
    async with make_client(script) as fd:
        with pytest.raises(ConflictError) as info:
            await fd.contacts.create(name="Dana", email="dana@example.com")
    assert len(script.requests) == 1  # a POST is never re-sent
    assert info.value.errors[0].field == "email"
    assert info.value.errors[0].additional_info == {"user_id": 48000123457}


@pytest.mark.anyio
async def test_update_sends_put_with_only_given_fields_and_nulls() -> None:
    script = Script(json_response(200, load_recorded("contact_updated.json")))
    async with make_client(script) as fd:
        contact = await fd.contacts.update(1, name="New Name", company_id=None, tags=[])
    assert script.last.method == "PUT"
    assert script.last.url.path == "/api/v2/contacts/1"
    assert script.body() == {"name": "New Name", "company_id": None, "tags": []}
    assert contact.name == "New Name"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({}, "at least one field"), ({"name": None}, "name cannot be cleared")],
)
async def test_update_refuses_before_sending(kwargs: dict[str, Any], match: str) -> None:
    script = Script(json_response(200, load_recorded("contact.json")))
    async with make_client(script) as fd:
        with pytest.raises(ValueError, match=match):
            await fd.contacts.update(1, **kwargs)
    assert script.requests == []


@pytest.mark.anyio
async def test_update_of_a_deleted_contact_is_method_not_allowed() -> None:
    script = Script(
        json_response(
            405,
            {"message": "PUT method is not allowed. It should be one of these method(s): GET"},
            allow="GET",
        )
    )
    async with make_client(script) as fd:
        with pytest.raises(MethodNotAllowedError):
            await fd.contacts.update(1, job_title="CFO")


@pytest.mark.anyio
async def test_delete_and_restore() -> None:
    script = Script(json_response(204))
    async with make_client(script) as fd:
        await fd.contacts.delete(1)
        await fd.contacts.restore(1)
    assert [(r.method, r.url.path) for r in script.requests] == [
        ("DELETE", "/api/v2/contacts/1"),
        ("PUT", "/api/v2/contacts/1/restore"),
    ]
    # Restore takes no body: Freshdesk answers no_content_required to one.
    assert script.requests[1].content == b""


@pytest.mark.anyio
async def test_hard_delete_without_and_with_force() -> None:
    script = Script(json_response(204))
    async with make_client(script) as fd:
        await fd.contacts.hard_delete(1)
        await fd.contacts.hard_delete(2, force=True)
    assert [(r.method, r.url.path, query(r)) for r in script.requests] == [
        ("DELETE", "/api/v2/contacts/1/hard_delete", []),
        ("DELETE", "/api/v2/contacts/2/hard_delete", [("force", "true")]),
    ]
    assert script.requests[0].content == b""


@pytest.mark.anyio
async def test_hard_delete_of_an_active_contact_is_an_empty_400() -> None:
    script = Script(json_response(400))
    async with make_client(script) as fd:
        with pytest.raises(BadRequestError) as info:
            await fd.contacts.hard_delete(1)
    assert info.value.body is None
    assert info.value.errors == ()


@pytest.mark.anyio
async def test_hard_delete_refuses_a_non_bool_force() -> None:
    script = Script(json_response(204))
    async with make_client(script) as fd:
        with pytest.raises(TypeError, match="force"):
            await fd.contacts.hard_delete(1, force="yes")  # type: ignore[arg-type]
    assert script.requests == []


@pytest.mark.anyio
async def test_make_agent_without_arguments_sends_no_body() -> None:
    script = Script(json_response(200, load_recorded("contact_1_agent.json")))
    async with make_client(script) as fd:
        contact = await fd.contacts.make_agent(1)
    assert script.last.method == "PUT"
    assert script.last.url.path == "/api/v2/contacts/1/make_agent"
    assert script.last.content == b""
    assert contact.agent is not None
    assert contact.agent.id == contact.id == 1
    assert contact.agent.group_ids == (1,)
    assert contact.agent.ticket_scope == AgentTicketScope.GLOBAL


@pytest.mark.anyio
async def test_make_agent_sends_the_agent_properties() -> None:
    script = Script(json_response(200, load_recorded("contact_1_agent.json")))
    async with make_client(script) as fd:
        await fd.contacts.make_agent(
            1,
            occasional=True,
            group_ids=[1],
            role_ids=[1],
            skill_ids=[],
            ticket_scope=AgentTicketScope.GROUP,
            signature="<p>Rachel</p>",
            type="support_agent",
        )
    assert script.body() == {
        "occasional": True,
        "group_ids": [1],
        "role_ids": [1],
        "skill_ids": [],
        "ticket_scope": 2,
        "signature": "<p>Rachel</p>",
        "type": "support_agent",
    }


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"ticket_scope": 4}, "ticket_scope"),
        ({"group_ids": [0]}, r"group_ids\[0\]"),
        ({"type": "robot"}, "type"),
        ({"occasional": "no"}, "occasional"),
    ],
)
async def test_make_agent_refuses_bad_input_before_sending(
    kwargs: dict[str, Any], field: str
) -> None:
    script = Script(json_response(200, load_recorded("contact_1_agent.json")))
    async with make_client(script) as fd:
        with pytest.raises((ValueError, TypeError), match=field):
            await fd.contacts.make_agent(1, **kwargs)
    assert script.requests == []


@pytest.mark.anyio
async def test_make_agent_without_email_is_a_conflict() -> None:
    body = {
        "code": "inconsistent_state",
        "message": "The contact should have an email to be converted to an agent",
    }
    script = Script(json_response(409, body))
    async with make_client(script) as fd:
        with pytest.raises(ConflictError) as info:
            await fd.contacts.make_agent(1)
    assert info.value.code == "inconsistent_state"


@pytest.mark.anyio
@pytest.mark.parametrize("bad_id", [0, -3])
async def test_bad_ids_raise_before_sending(bad_id: int) -> None:
    script = Script(json_response(204))
    async with make_client(script) as fd:
        for call in (
            fd.contacts.get,
            fd.contacts.delete,
            fd.contacts.hard_delete,
            fd.contacts.restore,
            fd.contacts.make_agent,
        ):
            with pytest.raises(ValueError, match="contact_id"):
                await call(bad_id)
        with pytest.raises(ValueError, match="contact_id"):
            await fd.contacts.update(bad_id, name="x")
    assert script.requests == []


@pytest.mark.anyio
async def test_not_found_has_empty_body() -> None:
    script = Script(json_response(404))
    async with make_client(script) as fd:
        with pytest.raises(NotFoundError) as info:
            await fd.contacts.get(7)
    assert str(info.value) == "404 Not Found [GET contacts/7]"


@pytest.mark.anyio
async def test_raw_response_gives_status_headers_and_parse() -> None:
    script = Script(
        json_response(201, load_recorded("contact.json"), x_request_id="req-7"),
        json_response(204),
        json_response(200, load_recorded("contact_1_agent.json")),
    )
    async with make_client(script) as fd:
        created = await fd.with_raw_response.contacts.create(name="Rachel", email="r@example.com")
        hard = await fd.contacts.with_raw_response.hard_delete(1, force=True)
        agent = await fd.contacts.with_raw_response.make_agent(1)
    assert created.status_code == 201
    assert created.request_id == "req-7"
    assert created.parse().name == "Rachel"
    assert hard.status_code == 204
    assert hard.parse() is None
    assert query(script.requests[1]) == [("force", "true")]
    parsed = agent.parse()
    assert parsed.agent is not None
