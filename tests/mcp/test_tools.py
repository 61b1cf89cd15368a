"""The tools as a client sees them: names, hints, schemas; read-only mode; bad input; errors."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from freshdesk_atom.mcp import READ_TOOLS, WRITE_TOOLS
from freshdesk_atom.testing import FakeFreshdesk

from .support import API_KEY, account, connected, data, live_ticket, refused

pytestmark = pytest.mark.anyio

# (readOnlyHint, destructiveHint, idempotentHint, openWorldHint) of each tool.
HINTS = {
    "search_tickets": (True, False, True, False),
    "search_contacts": (True, False, True, False),
    "list_tickets": (True, False, True, False),
    "get_ticket": (True, False, True, False),
    "create_ticket": (False, False, False, True),
    "reply_to_ticket": (False, False, False, True),
    "add_note": (False, False, False, True),
    "update_ticket": (False, True, True, True),
}


@pytest.fixture(scope="module")
def fake() -> FakeFreshdesk:
    """A small account the tests here only read (or fail to write to)."""
    return account(tickets=60, contacts=30)


async def test_every_tool_is_listed_with_its_hints_and_schemas(fake: FakeFreshdesk) -> None:
    async with connected(fake) as client:
        listed = (await client.list_tools()).tools
    assert [tool.name for tool in listed] == [*READ_TOOLS, *WRITE_TOOLS]
    assert set(READ_TOOLS) | set(WRITE_TOOLS) == set(HINTS)
    for tool in listed:
        hints = tool.annotations
        assert hints is not None
        assert (
            hints.read_only_hint,
            hints.destructive_hint,
            hints.idempotent_hint,
            hints.open_world_hint,
        ) == HINTS[tool.name], tool.name
        assert tool.title
        assert len(tool.description or "") > 80
        assert tool.output_schema is not None
        assert tool.output_schema["type"] == "object"
    schemas = {tool.name: tool.input_schema for tool in listed}
    per_page = schemas["search_tickets"]["properties"]["per_page"]
    assert (per_page["minimum"], per_page["maximum"], per_page["default"]) == (1, 100, 20)
    assert schemas["search_tickets"]["required"] == ["query"]
    assert schemas["get_ticket"]["required"] == ["ticket_id"]
    assert sorted(schemas["create_ticket"]["required"]) == ["description", "subject"]
    assert schemas["reply_to_ticket"]["required"] == ["ticket_id", "body"]
    # Every list result promises its paging.
    for name in ("search_tickets", "search_contacts", "list_tickets"):
        output = next(tool.output_schema for tool in listed if tool.name == name)
        assert output is not None
        assert {"page", "per_page", "total", "total_known", "has_more"} <= set(output["required"])


async def test_read_only_lists_no_write_tool_and_refuses_each_by_name(
    fake: FakeFreshdesk,
) -> None:
    before = fake.counters.total_requests
    calls: dict[str, dict[str, Any]] = {
        "create_ticket": {"subject": "s", "description": "d", "email": "a@example.com"},
        "reply_to_ticket": {"ticket_id": 1, "body": "hello"},
        "add_note": {"ticket_id": 1, "body": "hello"},
        "update_ticket": {"ticket_id": 1, "status": 4},
    }
    assert set(calls) == set(WRITE_TOOLS)
    async with connected(fake, read_only=True) as client:
        listed = [tool.name for tool in (await client.list_tools()).tools]
        assert listed == list(READ_TOOLS)
        assert "read-only" in (client.instructions or "")
        for name, arguments in calls.items():
            message = refused(await client.call_tool(name, arguments))
            assert f"{name} changes Freshdesk, and this server is read-only" in message
        # Reads still work.
        ticket_id = live_ticket(fake)
        view = data(await client.call_tool("get_ticket", {"ticket_id": ticket_id}))
        assert view["ticket"]["id"] == ticket_id
    methods = {key.split(" ")[0] for key in fake.counters.requests}
    assert methods <= {"GET"}, fake.counters.requests
    assert fake.counters.total_requests == before + 2  # the ticket and its thread


@pytest.mark.parametrize(
    ("tool", "arguments", "field", "rule"),
    [
        (
            "search_tickets",
            {"query": "refund", "per_page": 0},
            "per_page",
            "greater than or equal to 1",
        ),
        (
            "search_tickets",
            {"query": "refund", "per_page": 101},
            "per_page",
            "less than or equal to 100",
        ),
        ("search_tickets", {"query": "refund", "page": 0}, "page", "greater than or equal to 1"),
        ("search_tickets", {"query": "   "}, "query", "at least 1 character"),
        ("list_tickets", {"status": 1}, "status", "greater than or equal to 2"),
        ("get_ticket", {"ticket_id": 0}, "ticket_id", "greater than or equal to 1"),
        (
            "get_ticket",
            {"ticket_id": 1, "conversations_per_page": 0},
            "conversations_per_page",
            "greater than or equal to 1",
        ),
        ("get_ticket", {}, "ticket_id", "Field required"),
        (
            "create_ticket",
            {"description": "d", "email": "a@example.com"},
            "subject",
            "Field required",
        ),
        (
            "create_ticket",
            {"subject": "s", "description": "d", "email": "a@example.com", "priority": 5},
            "priority",
            "less than or equal to 4",
        ),
        (
            "create_ticket",
            {"subject": "s", "description": "d"},
            "email, requester_id",
            "exactly one",
        ),
        (
            "create_ticket",
            {"subject": "s", "description": "d", "email": "a@example.com", "requester_id": 4},
            "email, requester_id",
            "exactly one",
        ),
        (
            "create_ticket",
            {"subject": "s", "description": "d", "email": "not-an-address"},
            "email",
            "valid email address",
        ),
        ("reply_to_ticket", {"ticket_id": 1, "body": ""}, "body", "at least 1 character"),
        ("update_ticket", {"ticket_id": 1}, "status, priority", "at least one field"),
        ("update_ticket", {"ticket_id": 1, "status": 6}, "status", "less than or equal to 5"),
    ],
)
async def test_bad_input_is_refused_naming_the_field_before_any_request(
    fake: FakeFreshdesk, tool: str, arguments: dict[str, Any], field: str, rule: str
) -> None:
    before = fake.counters.total_requests
    async with connected(fake) as client:
        message = refused(await client.call_tool(tool, arguments))
    assert field in message
    assert rule in message
    assert fake.counters.total_requests == before


async def test_a_page_past_what_freshdesk_search_returns_is_refused_naming_page(
    fake: FakeFreshdesk,
) -> None:
    before = fake.counters.total_requests
    async with connected(fake) as client:
        message = refused(
            await client.call_tool(
                "search_tickets", {"query": "status:2", "page": 11, "per_page": 30}
            )
        )
    assert message.startswith("Error executing tool search_tickets: page: ")
    assert "300" in message
    assert fake.counters.total_requests == before


def _no_key(message: str) -> None:
    basic = base64.b64encode(f"{API_KEY}:X".encode()).decode()
    assert API_KEY not in message
    assert basic not in message


async def test_freshdesk_errors_are_tool_errors_with_the_sdk_message_and_never_the_key(
    fake: FakeFreshdesk,
) -> None:
    async with connected(fake) as client:
        missing = refused(await client.call_tool("get_ticket", {"ticket_id": 987654}))
        assert "no such record" in missing
        assert "404 Not Found [GET tickets/987654]" in missing
        _no_key(missing)
        reply = refused(
            await client.call_tool("reply_to_ticket", {"ticket_id": 987654, "body": "hello"})
        )
        assert "[POST tickets/987654/reply]" in reply
        _no_key(reply)
        # Freshdesk's own validation: an unknown group is refused with its field errors.
        bad_group = refused(
            await client.call_tool(
                "update_ticket", {"ticket_id": live_ticket(fake), "group_id": 999_999}
            )
        )
        assert "Freshdesk answered 400 Validation failed: group_id" in bad_group
        _no_key(bad_group)


async def test_a_refused_api_key_is_a_tool_error_that_does_not_show_the_key(
    fake: FakeFreshdesk,
) -> None:
    wrong = "wrong-key-0d1e2f3a4b"
    async with connected(fake, api_key=wrong) as client:
        message = refused(await client.call_tool("list_tickets", {}))
    assert "Freshdesk refused the API key: 401" in message
    assert wrong not in message
    assert base64.b64encode(f"{wrong}:X".encode()).decode() not in message
    _no_key(message)
