"""Mount the ATOM adapter in a FastAPI app, the way the ATOM platform does.

In production the adapter reads FRESHDESK_API_KEY and FRESHDESK_DOMAIN (or
the key an operator posts to /auth)::

    app = FastAPI()
    app.mount("/api/v1/freshdesk", create_app())

This example runs offline: the adapter talks to an embedded fake Freshdesk,
and the mounted app is called in-process through httpx's ASGI transport,
replaying what the ATOM page does on load, then a search and a ticket.

Run: python examples/fastapi_mount.py   (needs: pip install 'freshdesk-atom[asgi]' fastapi)
"""

from __future__ import annotations

import asyncio

import httpx
from fastapi import FastAPI
from starlette.requests import Request

from freshdesk_atom.asgi import Credentials, create_app
from freshdesk_atom.testing import FakeFreshdesk

PREFIX = "/api/v1/freshdesk"


def build(fake: FakeFreshdesk) -> FastAPI:
    """Return the host app with the adapter mounted, on *fake* instead of a real account."""

    async def fake_account(request: Request, stored: Credentials | None) -> Credentials:
        # A real host decides per request which account its user may use;
        # the default is what POST /auth stored, else the environment.
        return stored or Credentials(api_key=fake.api_key, base_url=fake.base_url)

    app = FastAPI(title="ATOM")

    @app.get("/api/v1/ping")
    async def ping() -> dict[str, str]:
        return {"pong": "atom"}

    app.mount(
        PREFIX,
        create_app(
            credentials=fake_account,
            http_client=httpx.AsyncClient(transport=fake.async_transport()),
        ),
    )
    return app


async def main() -> None:
    fake = FakeFreshdesk.generate(tickets=300, contacts=80, seed=7)
    app = build(fake)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://atom.local"
    ) as client:
        assert (await client.get("/api/v1/ping")).json() == {"pong": "atom"}
        health = (await client.get(f"{PREFIX}/health")).json()["data"]
        print(
            f"health: {health['status']}, Freshdesk latency {health['freshdesk']['latency_ms']} ms"
        )
        for path in ("/contacts?limit=50", "/tickets?limit=50", "/companies", "/agents", "/groups"):
            body = (await client.get(PREFIX + path)).json()
            print(f"GET {PREFIX}{path}: {body['count']} records")
        tickets = (await client.get(f"{PREFIX}/tickets?limit=3")).json()["data"]
        for ticket in tickets:
            print(f"  #{ticket['id']} [{ticket['status']}] {ticket['subject']} <{ticket['email']}>")
        stats = (await client.get(f"{PREFIX}/stats")).json()["data"]
        print(
            f"stats: {stats['total_tickets']} tickets, {stats['open_tickets']} open, "
            f"{stats['total_contacts']} contacts, satisfaction {stats['satisfaction_rating']}"
        )
        found = (
            await client.post(f"{PREFIX}/search", json={"query": "dashboard", "type": "ticket"})
        ).json()["data"]
        print(
            f"search 'dashboard': {found['total_count']} matches "
            f"({found['strategy']}, {found['scanned']} recent tickets read)"
        )
        created = await client.post(
            f"{PREFIX}/tickets",
            json={
                "subject": "Mounted!",
                "description": "<p>From FastAPI</p>",
                "email": "op@example.com",
            },
        )
        print(
            f"POST {PREFIX}/tickets: {created.status_code}, ticket #{created.json()['data']['id']}"
        )
        missing = await client.get(f"{PREFIX}/nope")
        print(f"GET {PREFIX}/nope: {missing.status_code} {missing.json()['error']['code']}")
    print(f"upstream requests made: {fake.counters.total_requests}")


if __name__ == "__main__":
    asyncio.run(main())
