"""Credentials and access: /auth checks before storing, domains, hooks, and no key anywhere."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from starlette.requests import Request

from freshdesk_atom import AsyncFreshdesk
from freshdesk_atom.asgi import (
    Credentials,
    Forbidden,
    MemoryCredentialStore,
    Unauthenticated,
    create_app,
)
from freshdesk_atom.testing import FakeFreshdesk

from .support import app_on, serve, upstream

pytestmark = pytest.mark.anyio

SECRET = "sk-SECRET-9f8e7d6c5b4a"


async def test_wrong_key_is_401_and_nothing_is_stored() -> None:
    fake = FakeFreshdesk(api_key=SECRET)
    store = MemoryCredentialStore()
    async with serve(app_on(fake, configured=False, store=store)) as client:
        response = await client.post("/auth", json={"api_key": "not-the-key", "domain": "fake"})
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_credentials"
        assert len(store) == 0
        assert (await client.get("/health")).status_code == 503
    # The key was checked with one GET /agents/me, and nothing else.
    assert upstream(fake, "GET /agents/me") == 1
    assert upstream(fake) == 1


async def test_good_key_is_checked_then_stored_then_used() -> None:
    fake = FakeFreshdesk(api_key=SECRET)
    store = MemoryCredentialStore()
    async with serve(app_on(fake, configured=False, store=store)) as client:
        assert (await client.get("/health")).status_code == 503
        response = await client.post("/auth", json={"api_key": SECRET, "domain": "fake"})
        assert response.status_code == 200, response.text
        data = response.json()["data"]
        owner = fake.state.agents[fake.agent_id]
        assert data == {
            "authenticated": True,
            "domain": "fake.freshdesk.com",
            "agent": {
                "id": fake.agent_id,
                "name": owner["contact"]["name"],
                "email": owner["contact"]["email"],
            },
        }
        assert len(store) == 1
        stored = await store.get("default")
        assert stored is not None
        assert stored.base_url == "https://fake.freshdesk.com/api/v2/"
        assert (await client.get("/health")).status_code == 200
        assert (await client.get("/groups")).status_code == 200


async def test_auth_accepts_the_configured_base_url() -> None:
    fake = FakeFreshdesk(api_key=SECRET)
    proxy = "http://127.0.0.1:8765/api/v2/"
    async with serve(app_on(fake, configured=False, allowed_base_urls=[proxy])) as client:
        response = await client.post("/auth", json={"api_key": SECRET, "domain": proxy})
    assert response.status_code == 200
    assert response.json()["data"]["domain"] == "127.0.0.1"


@pytest.mark.parametrize(
    "domain",
    [
        "evil.com",
        "acme.freshdesk.com.evil.com",
        "127.0.0.1",
        "acme/../x",
        "http://127.0.0.1:8765/api/v2/",
        "https://acme.freshdesk.com@evil.com",
        "acme.freshdesk.com:443",
        "http://acme.freshdesk.com",
        "acme.freshdesk.com/../../admin",
        "ac me",
        "",
    ],
)
async def test_foreign_domains_are_400_with_no_upstream_call(domain: str) -> None:
    fake = FakeFreshdesk(api_key=SECRET)
    store = MemoryCredentialStore()
    async with serve(app_on(fake, configured=False, store=store, allowed_base_urls=())) as client:
        response = await client.post("/auth", json={"api_key": SECRET, "domain": domain})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["details"][0]["field"] == "domain"
    assert upstream(fake) == 0
    assert len(store) == 0


async def test_authorize_hook_refuses_before_any_upstream_call() -> None:
    fake = FakeFreshdesk(api_key=SECRET)

    async def authorize(request: Request) -> None:
        who = request.headers.get("x-atom-user")
        if who is None:
            raise Unauthenticated("sign in to ATOM first")
        if who != "admin":
            raise Forbidden("only admins may use Freshdesk")

    async with serve(app_on(fake, authorize=authorize)) as client:
        for method, path in [
            ("GET", "/health"),
            ("GET", "/contacts"),
            ("GET", "/tickets?limit=0"),
            ("GET", "/stats"),
            ("POST", "/auth"),
            ("POST", "/tickets"),
            ("POST", "/search"),
        ]:
            anonymous = await client.request(method, path, json={})
            assert anonymous.status_code == 401, (method, path)
            assert anonymous.json()["error"] == {
                "code": "unauthenticated",
                "message": "sign in to ATOM first",
            }
            user = await client.request(method, path, json={}, headers={"x-atom-user": "bob"})
            assert user.status_code == 403
            assert user.json()["error"]["code"] == "forbidden"
        assert upstream(fake) == 0
        # The self-descriptions stay public.
        assert (await client.get("/")).status_code == 200
        assert (await client.get("/openapi.json")).status_code == 200
        admin = await client.get("/contacts", headers={"x-atom-user": "admin"})
        assert admin.status_code == 200


async def test_host_provider_and_caller_pick_the_account_per_request() -> None:
    acme = FakeFreshdesk(api_key="acme-key", domain="acme")
    acme.add_group(name="Acme group")
    globex = FakeFreshdesk(api_key="globex-key", domain="globex")
    globex.add_group(name="Globex group")
    fakes = {"acme.freshdesk.com": acme, "globex.freshdesk.com": globex}

    async def route(request: httpx.Request) -> httpx.Response:
        return await fakes[request.url.host].async_handler(request)

    async def caller(request: Request) -> str:
        return request.headers["x-atom-user"]

    async def provider(request: Request, stored: Credentials | None) -> Credentials | None:
        return stored  # only what each user connected with /auth

    app = create_app(
        credentials=provider,
        caller=caller,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(route)),
    )
    async with serve(app) as client:
        alice = {"x-atom-user": "alice"}
        bob = {"x-atom-user": "bob"}
        assert (await client.get("/groups", headers=alice)).status_code == 503
        auth = {"api_key": "acme-key", "domain": "acme"}
        assert (await client.post("/auth", json=auth, headers=alice)).status_code == 200
        auth = {"api_key": "globex-key", "domain": "globex.freshdesk.com"}
        assert (await client.post("/auth", json=auth, headers=bob)).status_code == 200
        alices = (await client.get("/groups", headers=alice)).json()["data"]
        bobs = (await client.get("/groups", headers=bob)).json()["data"]
    assert [g["name"] for g in alices] == ["Acme group"]
    assert [g["name"] for g in bobs] == ["Globex group"]


async def test_environment_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeFreshdesk(api_key=SECRET)
    client_on_fake = httpx.AsyncClient(transport=fake.async_transport())
    monkeypatch.delenv("FRESHDESK_API_KEY", raising=False)
    monkeypatch.delenv("FRESHDESK_DOMAIN", raising=False)
    app = create_app(http_client=client_on_fake)
    async with serve(app) as client:
        unset = await client.get("/health")
        assert unset.status_code == 503
        assert unset.json()["data"]["status"] == "unconfigured"
        monkeypatch.setenv("FRESHDESK_API_KEY", SECRET)
        monkeypatch.setenv("FRESHDESK_DOMAIN", "evil.com")
        bad = await client.get("/health")
        assert bad.status_code == 503
        assert "FRESHDESK_DOMAIN" in bad.json()["error"]["message"]
        monkeypatch.setenv("FRESHDESK_DOMAIN", "fake")
        assert (await client.get("/health")).status_code == 200
    assert SECRET not in unset.text + bad.text


async def test_the_key_never_appears_in_a_response_or_a_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakeFreshdesk.generate(tickets=60, contacts=20, api_key=SECRET)
    seen: list[httpx.Response] = []
    async with serve(app_on(fake, configured=False)) as client:

        async def call(method: str, path: str, **kwargs: Any) -> httpx.Response:
            response = await client.request(method, path, **kwargs)
            seen.append(response)
            return response

        await call("GET", "/health")
        await call("POST", "/auth", json={"api_key": SECRET + "x", "domain": "fake"})
        await call("POST", "/auth", json={"api_key": SECRET, "domain": "evil.com"})
        await call("POST", "/auth", json={"api_key": SECRET, "domain": "fake", "x": 1})
        await call("POST", "/auth", json={"api_key": SECRET + ":X", "domain": "fake"})
        await call("POST", "/auth", json={"api_key": SECRET, "domain": "fake"})
        for path in ("/health", "/contacts", "/tickets", "/companies", "/agents", "/groups"):
            await call("GET", path)
        await call("GET", "/stats")
        await call("POST", "/search", json={"query": "login", "type": "ticket"})
        await call("POST", "/tickets", json={"subject": "s", "description": "d", "email": "x"})
        await call("GET", "/openapi.json")
        fake.api_key = "rotated"
        await call("GET", "/health")
        await call("GET", "/contacts")
    assert [r.status_code for r in seen][:6] == [503, 401, 400, 400, 400, 200]
    for response in seen:
        assert SECRET not in response.text
        assert all(SECRET not in value for value in response.headers.values())
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert logged  # the adapter and the SDK did log
    assert SECRET not in logged
    assert SECRET not in caplog.text


@pytest.mark.anyio
async def test_each_account_keeps_one_long_lived_client_of_its_own() -> None:
    from freshdesk_atom.asgi._clients import AccountClients

    def make(credentials: Credentials, shared: httpx.AsyncClient | None) -> AsyncFreshdesk:
        return AsyncFreshdesk(
            api_key=credentials.api_key, base_url=credentials.base_url, http_client=shared
        )

    clients = AccountClients(make, max_accounts=2)
    acme = Credentials(api_key="k" * 20, base_url="https://acme.freshdesk.com/api/v2/")
    globex = Credentials(api_key="k" * 20, base_url="https://globex.freshdesk.com/api/v2/")
    other_key = Credentials(api_key="j" * 20, base_url="https://acme.freshdesk.com/api/v2/")
    first = await clients.get(acme)
    # The same account gets the same client: its governor and rate-limit snapshot learn.
    assert await clients.get(acme) is first
    second = await clients.get(globex)
    assert second is not first
    # No HTTP client, so no cookie jar, is shared between accounts.
    assert second._transport._http_client is not first._transport._http_client
    # Beyond max_accounts, the least recently used is closed.
    await clients.get(acme)
    third = await clients.get(other_key)
    assert third is not first
    assert second.is_closed
    assert not first.is_closed
    await clients.aclose()
    assert first.is_closed
    assert third.is_closed
