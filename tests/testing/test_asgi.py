"""The ASGI front end: in process (no sockets), raw ASGI messages, and one real uvicorn server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, MutableMapping
from typing import Any

import httpx
import pytest
import uvicorn

from freshdesk_atom.testing import FakeFreshdesk, FaultPlan, RateLimitConfig

from ._support import manual_fake

Message = MutableMapping[str, Any]


async def _call(app: Any, method: str, path: str, query: bytes = b"") -> list[Message]:
    """Run one request through a raw ASGI app and return what it sent."""
    sent: list[Message] = []
    received = iter([{"type": "http.request", "body": b"", "more_body": False}])

    async def receive() -> Message:
        return next(received)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "headers": [(b"host", b"testserver"), (b"authorization", b"Basic ZmFrZS1hcGkta2V5Olg=")],
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    return sent


@pytest.mark.anyio
async def test_asgi_app_in_process() -> None:
    fake = manual_fake()
    for _ in range(3):
        fake.add_ticket()
    transport = httpx.ASGITransport(app=fake.asgi_app())
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver/api/v2/", auth=(fake.api_key, "X")
    ) as http:
        response = await http.get("tickets", params={"per_page": 2})
        assert response.status_code == 200
        assert response.headers["Link"] == (
            '<http://testserver/api/v2/tickets?per_page=2&page=2>; rel="next"'
        )
        assert response.headers["X-RateLimit-Remaining"] == "699"
        created = await http.post("contacts", json={"name": "Dana", "email": "dana@x.example"})
        assert created.status_code == 201
        assert created.headers["Location"].startswith("http://testserver/api/v2/contacts/")
        missing = await http.get("tickets/999")
        assert (missing.status_code, missing.content) == (404, b"")


@pytest.mark.anyio
async def test_asgi_latency_uses_the_async_sleep() -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    fake = manual_fake(latency=0.05, async_sleep=record)
    sent = await _call(fake.asgi_app(), "GET", "/api/v2/agents/me")
    assert sent[0]["status"] == 200
    assert waits == [0.05]


@pytest.mark.anyio
async def test_asgi_drop_ends_the_response_abruptly() -> None:
    fake = manual_fake(faults=FaultPlan(rate=1.0, kinds=("drop",)))
    sent = await _call(fake.asgi_app(), "GET", "/api/v2/tickets")
    assert [message["type"] for message in sent] == ["http.response.start"]


@pytest.mark.anyio
async def test_asgi_truncated_sends_half_the_announced_body() -> None:
    fake = manual_fake(faults=FaultPlan(rate=1.0, kinds=("truncated",)))
    sent = await _call(fake.asgi_app(), "GET", "/api/v2/agents/me")
    start, body = sent
    length = int(dict(start["headers"])[b"content-length"])
    assert len(body["body"]) == length // 2
    assert body["more_body"] is True  # never completed


@pytest.mark.anyio
async def test_asgi_lifespan() -> None:
    app = manual_fake().asgi_app()
    messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    sent: list[Message] = []

    async def receive() -> Message:
        return next(messages)

    async def send(message: Message) -> None:
        sent.append(message)

    await app({"type": "lifespan"}, receive, send)
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


@pytest.fixture
def served() -> Iterator[tuple[FakeFreshdesk, str]]:
    """Serve a small generated account with uvicorn on a free loopback port, in a thread."""
    fake = FakeFreshdesk.generate(
        tickets=60, contacts=20, seed=5, rate_limit=RateLimitConfig(total=100, window=2)
    )
    config = uvicorn.Config(
        fake.asgi_app(), host="127.0.0.1", port=0, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive(), "uvicorn stopped"
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield fake, f"http://127.0.0.1:{port}/api/v2/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        assert not thread.is_alive()


def test_uvicorn_serves_a_page_over_a_real_socket(served: tuple[FakeFreshdesk, str]) -> None:
    fake, base_url = served
    with httpx.Client(base_url=base_url, auth=(fake.api_key, "X"), timeout=10) as http:
        response = http.get("tickets", params={"updated_since": "2000-01-01T00:00:00Z"})
        assert response.status_code == 200
        assert len(response.json()) == 30
        # The Link repeats the request's own URL (host, port, encoding) with page bumped.
        assert response.headers["Link"] == f'<{response.request.url}&page=2>; rel="next"'
        assert str(response.request.url).startswith(base_url)
        assert response.headers["X-RateLimit-Total"] == "100"
        me = http.get("agents/me")
        assert me.json()["id"] == fake.agent_id
        assert http.get("agents/me", auth=("nope", "X")).status_code == 401
    assert fake.counters.requests["GET /tickets"] == 1
