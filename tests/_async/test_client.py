"""Client configuration, lifecycle and per-call options."""

from __future__ import annotations

import httpx
import pytest

from freshdesk_atom import AsyncFreshdesk, RequestOptions
from tests.scripted import API_KEY, BASE_URL, Script, json_response, ticket


def test_domain_is_normalised() -> None:
    fd = AsyncFreshdesk(api_key=API_KEY, domain="https://Acme.freshdesk.com/")
    assert str(fd.base_url) == "https://acme.freshdesk.com/api/v2/"
    assert repr(fd) == "AsyncFreshdesk(base_url='https://acme.freshdesk.com/api/v2/')"


@pytest.mark.parametrize("domain", ["evil.com", "acme.freshdesk.com/x", "user@acme", "ac me", ""])
def test_bad_domains_are_refused(domain: str) -> None:
    with pytest.raises(ValueError, match="domain"):
        AsyncFreshdesk(api_key=API_KEY, domain=domain)


def test_empty_key_is_refused() -> None:
    with pytest.raises(ValueError, match="api_key"):
        AsyncFreshdesk(api_key="  ", domain="acme")


def test_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRESHDESK_API_KEY", API_KEY)
    monkeypatch.setenv("FRESHDESK_DOMAIN", "acme.freshdesk.com")
    fd = AsyncFreshdesk.from_env()
    assert str(fd.base_url) == "https://acme.freshdesk.com/api/v2/"
    assert API_KEY not in repr(fd)


def test_missing_environment_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRESHDESK_API_KEY", raising=False)
    monkeypatch.delenv("FRESHDESK_DOMAIN", raising=False)
    with pytest.raises(ValueError, match="FRESHDESK_API_KEY"):
        AsyncFreshdesk.from_env()
    with pytest.raises(ValueError, match="FRESHDESK_DOMAIN"):
        AsyncFreshdesk(api_key=API_KEY)


def test_domain_and_base_url_are_exclusive() -> None:
    with pytest.raises(ValueError, match="not both"):
        AsyncFreshdesk(api_key=API_KEY, domain="acme", base_url=BASE_URL)


@pytest.mark.anyio
async def test_a_closed_client_refuses_work() -> None:
    script = Script(json_response(200, ticket()))
    fd = AsyncFreshdesk(
        api_key=API_KEY,
        base_url=BASE_URL,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(script)),
    )
    await fd.aclose()
    assert fd.is_closed
    with pytest.raises(RuntimeError, match="closed"):
        await fd.tickets.get(42)
    with pytest.raises(RuntimeError, match="closed"):
        async with fd:
            pass
    assert script.requests == []


@pytest.mark.anyio
async def test_a_users_http_client_is_not_closed() -> None:
    script = Script(json_response(200, ticket()))
    http_client = httpx.AsyncClient(transport=httpx.MockTransport(script))
    async with AsyncFreshdesk(api_key=API_KEY, base_url=BASE_URL, http_client=http_client) as fd:
        await fd.tickets.get(42)
    assert not http_client.is_closed
    await http_client.aclose()


@pytest.mark.anyio
async def test_own_http_client_is_closed() -> None:
    fd = AsyncFreshdesk(api_key=API_KEY, base_url=BASE_URL)
    inner = fd._transport._http_client
    async with fd:
        pass
    assert inner.is_closed


@pytest.mark.anyio
async def test_with_options_shares_connections_and_changes_defaults() -> None:
    script = Script(json_response(500))
    async with AsyncFreshdesk(
        api_key=API_KEY,
        base_url=BASE_URL,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(script)),
    ) as fd:
        strict = fd.with_options(max_retries=0, timeout=3.0)
        assert strict._transport is fd._transport
        assert strict._config.timeout == httpx.Timeout(3.0)
        with pytest.raises(Exception, match="500"):
            await strict.tickets.get(42)
        assert len(script.requests) == 1
        await strict.aclose()
        assert not fd.is_closed


@pytest.mark.anyio
async def test_timeouts_per_client_and_per_call() -> None:
    seen: list[dict[str, float | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(dict(request.extensions["timeout"]))
        return json_response(200, ticket())

    async with AsyncFreshdesk(
        api_key=API_KEY,
        base_url=BASE_URL,
        timeout=12.0,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    ) as fd:
        await fd.tickets.get(42)
        await fd.tickets.get(42, options=RequestOptions(timeout=httpx.Timeout(2.0, connect=1.0)))
    assert seen[0]["read"] == 12.0
    assert seen[1] == {"connect": 1.0, "read": 2.0, "write": 2.0, "pool": 2.0}


def test_default_timeouts_are_sane() -> None:
    fd = AsyncFreshdesk(api_key=API_KEY, domain="acme")
    timeout = fd._config.timeout
    assert timeout.connect is not None
    assert timeout.read is not None
    assert timeout.connect <= 10
    assert 10 <= timeout.read <= 60


def test_each_missing_setting_falls_back_on_its_own_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FRESHDESK_API_KEY", raising=False)
    monkeypatch.setenv("FRESHDESK_DOMAIN", "acme")
    assert str(AsyncFreshdesk(api_key=API_KEY).base_url) == "https://acme.freshdesk.com/api/v2/"
    monkeypatch.delenv("FRESHDESK_DOMAIN")
    monkeypatch.setenv("FRESHDESK_API_KEY", API_KEY)
    assert AsyncFreshdesk(domain="acme")._config.api_key == API_KEY


@pytest.mark.parametrize("timeout", [True, 0, -1, "30"])
def test_bad_timeouts_are_refused(timeout: object) -> None:
    with pytest.raises((ValueError, TypeError), match="timeout"):
        AsyncFreshdesk(api_key=API_KEY, domain="acme", timeout=timeout)  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_header_names_merge_case_insensitively() -> None:
    script = Script(json_response(200, ticket()))
    async with AsyncFreshdesk(
        api_key=API_KEY,
        base_url=BASE_URL,
        default_headers={"user-agent": "my-app/1.0", "authorization": "Basic nope"},
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(script)),
    ) as fd:
        await fd.tickets.get(42)
    assert script.last.headers.get_list("user-agent") == ["my-app/1.0"]
    assert script.last.headers.get_list("authorization") != ["Basic nope"]
    assert len(script.last.headers.get_list("authorization")) == 1
