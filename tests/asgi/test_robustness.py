"""Arbitrary text in the search box and odd upstream answers: never a 5xx."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from freshdesk_atom.asgi import Credentials, MemoryCredentialStore, create_app
from freshdesk_atom.asgi._search import plan_search

from .support import app_on, generated, serve

FAKE = generated(tickets=120, contacts=40, companies=10)
APP = app_on(FAKE, search_scan_limit=100)

TEXT = st.one_of(
    st.text(min_size=1, max_size=80),
    st.text(alphabet="ab@.,;<>'\"#:() +-0123456789", min_size=1, max_size=40),
    st.from_regex(r"[a-z]{1,8}:[a-z0-9' ]{0,12}", fullmatch=True),
    st.builds(lambda local: f"{local}@example.com", st.text(min_size=1, max_size=30)),
)


async def _search(body: dict[str, Any]) -> httpx.Response:
    async with serve(APP) as client:
        return await client.post("/search", json=body)


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(text=TEXT, kind=st.sampled_from(["ticket", "contact", "company"]))
def test_any_search_text_is_answered_200_or_400(text: str, kind: str) -> None:
    response = anyio.run(_search, {"query": text, "type": kind})
    assert response.status_code in (200, 400), (text, kind, response.text)
    body = response.json()
    if response.status_code == 200:
        assert body["data"]["total_count"] >= len(body["data"]["results"])
    else:
        assert body["error"]["code"]


@pytest.mark.parametrize(
    ("text", "kind", "strategy"),
    [
        ("a,b@c.example", "ticket", "scan"),
        ("<x@y.example>", "contact", "scan"),
        ("o'brien@example.com", "ticket", "requester_email"),
        ("x" * 500 + "@example.com", "ticket", "requester_email"),
    ],
)
def test_addresses_are_classified_as_the_sdk_checks_them(
    text: str, kind: Any, strategy: str
) -> None:
    assert plan_search(text, kind).strategy == strategy
    response = anyio.run(_search, {"query": text[:512], "type": kind})
    assert response.status_code == 200, response.text


def test_a_too_long_field_search_is_400() -> None:
    email = "x" * 500 + "@example.com"
    response = anyio.run(_search, {"query": email, "type": "contact"})
    assert response.status_code == 400
    assert response.json()["error"]["details"][0]["field"] == "query"


@pytest.mark.anyio
async def test_unknown_account_is_400_on_auth_and_503_on_health() -> None:
    async def no_such_account(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            404
        )  # Freshdesk: unknown domain, empty body (docs/freshdesk-api-notes.md#errors)

    store = MemoryCredentialStore()
    app = create_app(
        store=store, http_client=httpx.AsyncClient(transport=httpx.MockTransport(no_such_account))
    )
    async with serve(app) as client:
        auth = await client.post("/auth", json={"api_key": "k", "domain": "nosuchacct"})
        assert auth.status_code == 400
        assert auth.json()["error"]["details"][0]["field"] == "domain"
        assert len(store) == 0
    async with serve(
        create_app(
            credentials=_static,
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(no_such_account)),
        )
    ) as client:
        health = await client.get("/health")
    assert health.status_code == 503
    assert health.json()["error"]["code"] == "unknown_account"


async def _static(request: Any, stored: Any) -> Credentials:
    return Credentials.for_domain("k", "nosuchacct")


@pytest.mark.anyio
async def test_a_body_that_does_not_fit_is_502() -> None:
    async def garbage(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[{"id": "not-a-number"}])

    app = create_app(
        credentials=_static, http_client=httpx.AsyncClient(transport=httpx.MockTransport(garbage))
    )
    async with serve(app) as client:
        response = await client.get("/groups")
    assert response.status_code == 502
    assert response.json()["error"]["code"] == "bad_upstream_response"


@pytest.mark.anyio
async def test_an_unusable_configured_key_is_503_not_configured() -> None:
    async def spaced(request: Any, stored: Any) -> Credentials:
        return Credentials(api_key="has spaces in it", base_url=FAKE.base_url)

    async with serve(app_on(FAKE, credentials=spaced)) as client:
        response = await client.get("/contacts")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "not_configured"
    assert "has spaces" not in response.text
