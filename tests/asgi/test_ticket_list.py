"""``GET /tickets``: the ``priority`` filter (with ``status``), and ``order_by``/``order_type``."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from freshdesk_atom.asgi import Credentials, create_app
from freshdesk_atom.testing import FakeFreshdesk

from .support import app_on, failed, fake_credentials, ok, serve, upstream

pytestmark = pytest.mark.anyio


@pytest.fixture
def app(big_fake: FakeFreshdesk) -> Any:
    return app_on(big_fake)


def visible(fake: FakeFreshdesk) -> list[dict[str, Any]]:
    return [t for t in fake.state.tickets.values() if not t["spam"] and not t.get("deleted")]


def newest_first(tickets: list[dict[str, Any]]) -> list[int]:
    """Search's order (docs/freshdesk-api-notes.md#search, as the fake answers it)."""
    return [
        t["id"] for t in sorted(tickets, key=lambda t: (t["created_at"], t["id"]), reverse=True)
    ]


def ordered(tickets: list[dict[str, Any]], field: str, order_type: str) -> list[int]:
    """The tickets list's order, as the fake answers it: by *field*, then by id."""
    return [
        t["id"]
        for t in sorted(
            tickets,
            key=lambda t: ("" if t[field] is None else t[field], t["id"]),
            reverse=order_type == "desc",
        )
    ]


# ---------------------------------------------------------------- priority


@pytest.mark.parametrize("priority", [1, 2, 3, 4])
async def test_priority_filter(big_fake: FakeFreshdesk, app: Any, priority: int) -> None:
    truth = [t for t in visible(big_fake) if t["priority"] == priority]
    before = upstream(big_fake, "GET /search/tickets")
    async with serve(app) as client:
        data = ok(await client.get("/tickets", params={"priority": priority, "limit": 60}))
    assert upstream(big_fake, "GET /search/tickets") == before + 2  # pages of 30
    assert [record["id"] for record in data] == newest_first(truth)[:60]
    assert {record["priority"] for record in data} == {priority}
    # Search results embed no requester: email is null, as with status.
    assert {record["email"] for record in data} == {None}


@pytest.mark.parametrize(("status", "priority"), [(2, 4), (5, 1), (3, 2)])
async def test_status_and_priority_together_are_anded(
    big_fake: FakeFreshdesk, app: Any, status: int, priority: int
) -> None:
    truth = [t for t in visible(big_fake) if t["status"] == status and t["priority"] == priority]
    assert truth
    async with serve(app) as client:
        response = await client.get(
            "/tickets", params={"status": status, "priority": priority, "limit": 300}
        )
    data = ok(response)
    assert [record["id"] for record in data] == newest_first(truth)[:300]
    assert {(record["status"], record["priority"]) for record in data} == {(status, priority)}
    assert "truncated" not in response.json()


async def test_priority_past_300_matches_is_truncated(big_fake: FakeFreshdesk, app: Any) -> None:
    many = max(range(1, 5), key=lambda p: sum(t["priority"] == p for t in visible(big_fake)))
    assert sum(t["priority"] == many for t in visible(big_fake)) > 300
    async with serve(app) as client:
        response = await client.get("/tickets", params={"priority": many, "offset": 280})
        assert len(ok(response)) == 20
        assert response.json()["truncated"] is True
        error = failed(
            await client.get("/tickets", params={"priority": many, "offset": 300}),
            400,
            "out_of_range",
        )
    assert error["details"][0]["field"] == "offset"


# ---------------------------------------------------------------- order


@pytest.mark.parametrize("order_by", ["created_at", "updated_at", "due_by", "status"])
@pytest.mark.parametrize("order_type", ["asc", "desc"])
async def test_order_by_and_order_type(
    big_fake: FakeFreshdesk, app: Any, order_by: str, order_type: str
) -> None:
    truth = ordered(visible(big_fake), order_by, order_type)
    async with serve(app) as client:
        first = ok(
            await client.get(
                "/tickets", params={"order_by": order_by, "order_type": order_type, "limit": 150}
            )
        )
        later = ok(
            await client.get(
                "/tickets",
                params={
                    "order_by": order_by,
                    "order_type": order_type,
                    "offset": 1010,
                    "limit": 90,
                },
            )
        )
    assert [record["id"] for record in first] == truth[:150]
    assert [record["id"] for record in later] == truth[1010:1100]
    # The ordered list is the same list: all time, with the requester's email.
    assert all(record["email"] is not None for record in first)


async def test_order_by_defaults_to_newest_first(big_fake: FakeFreshdesk, app: Any) -> None:
    async with serve(app) as client:
        default = ok(await client.get("/tickets", params={"limit": 200}))
        explicit = ok(
            await client.get(
                "/tickets", params={"order_by": "created_at", "order_type": "desc", "limit": 200}
            )
        )
        oldest = ok(await client.get("/tickets", params={"order_type": "asc", "limit": 200}))
    assert [r["id"] for r in default] == [r["id"] for r in explicit]
    assert [r["id"] for r in oldest] == ordered(visible(big_fake), "created_at", "asc")[:200]


class Recording(httpx.AsyncBaseTransport):
    """The fake's transport, keeping the URL of every request."""

    def __init__(self, fake: FakeFreshdesk) -> None:
        self.inner = fake.async_transport()
        self.urls: list[httpx.URL] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.urls.append(request.url)
        return await self.inner.handle_async_request(request)


async def test_old_callers_send_freshdesk_what_they_sent_before(big_fake: FakeFreshdesk) -> None:
    recording = Recording(big_fake)

    async def provider(request: Any, stored: Credentials | None) -> Credentials:
        return fake_credentials(big_fake)

    app = create_app(http_client=httpx.AsyncClient(transport=recording), credentials=provider)
    async with serve(app) as client:
        ok(await client.get("/tickets", params={"limit": 50}))
        ok(await client.get("/tickets", params={"status": 2, "limit": 30}))
        ok(await client.get("/tickets", params={"order_by": "status", "limit": 50}))
        ok(await client.get("/tickets", params={"status": 2, "priority": 4, "limit": 30}))
    plain, status, sorted_, both = (list(url.params.multi_items()) for url in recording.urls)
    assert plain == [
        ("updated_since", "1970-01-01T00:00:00Z"),
        ("include", "requester,description"),
        ("per_page", "50"),
    ]
    assert status == [("query", '"status:2"')]
    assert sorted_ == [
        ("updated_since", "1970-01-01T00:00:00Z"),
        ("order_by", "status"),
        ("order_type", "desc"),
        ("include", "requester,description"),
        ("per_page", "50"),
    ]
    assert both == [("query", '"status:2 AND priority:4"')]


# ---------------------------------------------------------------- refused


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"priority": "0"}, "priority", "out_of_range"),
        ({"priority": "5"}, "priority", "out_of_range"),
        ({"priority": "high"}, "priority", "datatype_mismatch"),
        ({"priority": ""}, "priority", "datatype_mismatch"),
        ({"order_by": "priority"}, "order_by", "invalid_value"),
        ({"order_by": "subject"}, "order_by", "invalid_value"),
        ({"order_by": ""}, "order_by", "invalid_value"),
        ({"order_type": "up"}, "order_type", "invalid_value"),
        ({"order_type": "ASC"}, "order_type", "invalid_value"),
        ({"order_by": "status", "status": "2"}, "order_by", "invalid_field"),
        ({"order_type": "asc", "priority": "3"}, "order_type", "invalid_field"),
        ({"sort": "created_at"}, "sort", "invalid_field"),
    ],
)
async def test_bad_parameters_are_refused_before_freshdesk(
    big_fake: FakeFreshdesk, app: Any, params: dict[str, str], field: str, code: str
) -> None:
    before = upstream(big_fake)
    async with serve(app) as client:
        error = failed(await client.get("/tickets", params=params), 400, code)
    assert upstream(big_fake) == before
    assert field in error["message"]
    assert error["details"][0]["field"] == field


async def test_sorting_a_filtered_list_names_every_parameter_at_fault(app: Any) -> None:
    async with serve(app) as client:
        error = failed(
            await client.get(
                "/tickets",
                params={"status": 2, "priority": 1, "order_by": "due_by", "order_type": "asc"},
            ),
            400,
            "invalid_field",
        )
    assert [d["field"] for d in error["details"]] == ["order_by", "order_type"]
    for name in ("order_by", "order_type", "status", "priority"):
        assert name in error["message"]


async def test_repeated_parameters_are_refused(app: Any) -> None:
    async with serve(app) as client:
        for name, value in (("priority", "1"), ("order_by", "status"), ("order_type", "asc")):
            error = failed(
                await client.get(f"/tickets?{name}={value}&{name}={value}"), 400, "invalid_field"
            )
            assert error["details"][0]["field"] == name
