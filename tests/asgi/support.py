"""Helpers for the adapter's tests: an app on the fake Freshdesk, an ASGI client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request

from freshdesk_atom import AsyncFreshdesk
from freshdesk_atom.asgi import Credentials, create_app
from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig

ALL_TIME = "1970-01-01T00:00:00Z"


def generated(**sizes: Any) -> FakeFreshdesk:
    """Return a generated account with the rate limit off (the tests count requests instead)."""
    sizes.setdefault("seed", 1)
    return FakeFreshdesk.generate(rate_limit=RateLimitConfig.unlimited(), **sizes)


def fake_credentials(fake: FakeFreshdesk) -> Credentials:
    return Credentials(api_key=fake.api_key, base_url=fake.base_url)


def app_on(fake: FakeFreshdesk, *, configured: bool = True, **options: Any) -> Starlette:
    """Return the adapter whose SDK talks to *fake*; configured with its key unless told not."""

    async def provider(request: Request, stored: Credentials | None) -> Credentials | None:
        if stored is not None:
            return stored
        return fake_credentials(fake) if configured else None

    options.setdefault("credentials", provider)
    options.setdefault("allowed_base_urls", [fake.base_url])
    return create_app(http_client=httpx.AsyncClient(transport=fake.async_transport()), **options)


@asynccontextmanager
async def serve(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """Yield an httpx client that calls *app* in-process."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://atom.test"
    ) as client:
        yield client


@asynccontextmanager
async def sdk(fake: FakeFreshdesk) -> AsyncIterator[AsyncFreshdesk]:
    """Yield an SDK client on *fake*, to read the truth the adapter must match."""
    async with AsyncFreshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.async_transport()),
    ) as fd:
        yield fd


def upstream(fake: FakeFreshdesk, key: str | None = None) -> int:
    """Return the requests *fake* received (all, or those of one endpoint key)."""
    return fake.counters.total_requests if key is None else fake.counters.requests[key]


def ok(response: httpx.Response, status: int = 200) -> Any:
    """Return the ``data`` of a success envelope with *status* (``count`` checked for lists)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["success"] is True
    if isinstance(body["data"], list):
        assert body["count"] == len(body["data"])
    return body["data"]


def failed(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """Return the ``error`` of an error envelope with *status* (and *code*, when given)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["success"] is False
    assert set(body["error"]) <= {"code", "message", "details"}
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    assert "Traceback" not in response.text
    if code is not None:
        assert body["error"]["code"] == code
    error: dict[str, Any] = body["error"]
    return error
