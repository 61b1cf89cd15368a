"""Configuration from the environment: read when a client is built, for every entry point."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from freshdesk_atom import AsyncFreshdesk, Freshdesk, RateGovernorConfig
from freshdesk_atom._core.governor_store import resolve_store, store_from_env
from freshdesk_atom.governor import (
    GOVERNOR_FALLBACK_SHARE_ENV,
    GOVERNOR_PLAN_ENV,
    GOVERNOR_TIMEOUT_ENV,
    GOVERNOR_URL_ENV,
    InProcessStore,
    RedisStore,
)
from tests.governor.support import RedisServer

KEY = "k" * 12
URL = "redis://:s3cret@127.0.0.1:6390/1"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({GOVERNOR_URL_ENV: "  "}, None),
        ({GOVERNOR_URL_ENV: URL}, RedisStore(URL)),
        ({GOVERNOR_URL_ENV: f" {URL} "}, RedisStore(URL)),
        (
            {
                GOVERNOR_URL_ENV: URL,
                GOVERNOR_TIMEOUT_ENV: "0.1",
                GOVERNOR_FALLBACK_SHARE_ENV: "0.2",
            },
            RedisStore(URL, timeout=0.1, fallback_share=0.2),
        ),
        (
            {GOVERNOR_URL_ENV: "unix:///run/redis.sock?db=2"},
            RedisStore("unix:///run/redis.sock?db=2"),
        ),
    ],
)
def test_the_store_from_the_environment(
    environ: dict[str, str], expected: RedisStore | None
) -> None:
    assert store_from_env(environ) == expected


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({GOVERNOR_URL_ENV: "http://:s3cret@127.0.0.1:6390"}, GOVERNOR_URL_ENV),
        ({GOVERNOR_URL_ENV: "redis://:s3cret@127.0.0.1:port"}, GOVERNOR_URL_ENV),
        ({GOVERNOR_URL_ENV: "redis://:s3cret@127.0.0.1/db"}, GOVERNOR_URL_ENV),
        ({GOVERNOR_URL_ENV: URL, GOVERNOR_TIMEOUT_ENV: "soon"}, GOVERNOR_TIMEOUT_ENV),
        ({GOVERNOR_URL_ENV: URL, GOVERNOR_TIMEOUT_ENV: "0"}, GOVERNOR_TIMEOUT_ENV),
        ({GOVERNOR_URL_ENV: URL, GOVERNOR_FALLBACK_SHARE_ENV: "2"}, GOVERNOR_FALLBACK_SHARE_ENV),
        ({GOVERNOR_URL_ENV: f"{URL}?sockettimeout=1"}, GOVERNOR_URL_ENV),
        ({GOVERNOR_URL_ENV: "redis://127.0.0.1:6390/1?password=s3cret"}, GOVERNOR_URL_ENV),
        ({GOVERNOR_URL_ENV: "redis://:s3cret/x@127.0.0.1:6390/1"}, GOVERNOR_URL_ENV),
    ],
)
def test_bad_variables_are_named_and_the_password_is_not_shown(
    environ: dict[str, str], variable: str
) -> None:
    with pytest.raises(ValueError, match=rf"^\${variable}") as caught:
        store_from_env(environ)
    assert "s3cret" not in str(caught.value)


@pytest.mark.parametrize(
    ("store", "sub_limits", "environ", "expected"),
    [
        (None, None, {}, (InProcessStore(), {}, "default")),
        (
            None,
            None,
            {GOVERNOR_PLAN_ENV: "growth"},
            (
                InProcessStore(),
                {"tickets_list": 20, "contacts_list": 20, "ticket_create": 80, "ticket_update": 80},
                "default",
            ),
        ),
        (
            None,
            (("tickets_list", 5),),
            {GOVERNOR_PLAN_ENV: "growth"},
            (InProcessStore(), {"tickets_list": 5}, "default"),
        ),
        (None, (), {GOVERNOR_PLAN_ENV: "pro"}, (InProcessStore(), {}, "default")),
        (None, None, {GOVERNOR_URL_ENV: URL}, (RedisStore(URL), {}, "$FRESHDESK_GOVERNOR_URL")),
        (InProcessStore(), None, {GOVERNOR_URL_ENV: URL}, (InProcessStore(), {}, "config")),
        # The configuration decides: the variable is not even read.
        (InProcessStore(), None, {GOVERNOR_URL_ENV: "nonsense"}, (InProcessStore(), {}, "config")),
        (
            RedisStore("redis://other"),
            None,
            {GOVERNOR_URL_ENV: URL},
            (RedisStore("redis://other"), {}, "config"),
        ),
    ],
)
def test_the_configuration_wins_over_the_environment(
    store: InProcessStore | RedisStore | None,
    sub_limits: tuple[tuple[str, int], ...] | None,
    environ: dict[str, str],
    expected: tuple[object, dict[str, int], str],
) -> None:
    found = resolve_store(store, sub_limits, environ)
    assert (found.store, dict(found.sub_limits), found.source) == expected


def test_a_bad_plan_is_named() -> None:
    with pytest.raises(ValueError, match=rf"^\${GOVERNOR_PLAN_ENV}: unknown plan 'gold'"):
        resolve_store(None, None, {GOVERNOR_PLAN_ENV: "gold"})


@pytest.mark.parametrize("client_class", [Freshdesk, AsyncFreshdesk])
def test_clients_read_the_variables_when_built(
    client_class: type[Freshdesk] | type[AsyncFreshdesk], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(GOVERNOR_URL_ENV, URL)
    monkeypatch.setenv(GOVERNOR_PLAN_ENV, "pro")
    fd = client_class(api_key=KEY, domain="acme")
    stats = fd.rate_governor.stats
    assert (stats.store, stats.falling_back) == ("redis", False)
    assert "redis redis://:***@127.0.0.1:6390/1" in repr(fd.rate_governor)
    assert "s3cret" not in repr(fd.rate_governor)
    # No connection is made before the first request: building never waits on Redis.
    assert vars(fd.rate_governor._store)["_redis"] is None
    # An explicit configuration overrides; a client that does not pace never reaches Redis.
    local = client_class(
        api_key=KEY, domain="acme", rate_governor=RateGovernorConfig(store=InProcessStore())
    )
    assert local.rate_governor.stats.store == "in-process"
    assert (
        client_class(api_key=KEY, domain="acme", rate_governor=False).rate_governor.stats.store
        == "in-process"
    )


@pytest.mark.parametrize("client_class", [Freshdesk, AsyncFreshdesk])
def test_a_bad_url_fails_the_build_naming_the_variable(
    client_class: type[Freshdesk] | type[AsyncFreshdesk], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(GOVERNOR_URL_ENV, "redis://:s3cret@127.0.0.1:port/0")
    with pytest.raises(ValueError, match=r"\$FRESHDESK_GOVERNOR_URL") as caught:
        client_class(api_key=KEY, domain="acme")
    assert "s3cret" not in str(caught.value)
    monkeypatch.setenv("FRESHDESK_API_KEY", KEY)
    monkeypatch.setenv("FRESHDESK_DOMAIN", "acme")
    with pytest.raises(ValueError, match=r"\$FRESHDESK_GOVERNOR_URL"):
        client_class.from_env()


def test_a_redis_store_without_the_package_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(GOVERNOR_URL_ENV, URL)
    # As if the extra were not installed: importing redis.asyncio fails.
    monkeypatch.setitem(sys.modules, "redis.asyncio", None)
    monkeypatch.delitem(sys.modules, "freshdesk_atom._async._governor_redis", raising=False)
    with pytest.raises(ImportError, match=r"freshdesk-atom\[redis\]") as caught:
        AsyncFreshdesk(api_key=KEY, domain="acme")
    assert "$FRESHDESK_GOVERNOR_URL" in str(caught.value)


def test_the_adapter_mcp_and_from_env_clients_take_the_environments_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from freshdesk_atom.asgi._app import PAGE_GOVERNOR
    from freshdesk_atom.cli._mcp import _client

    monkeypatch.setenv(GOVERNOR_URL_ENV, URL)
    monkeypatch.setenv("FRESHDESK_API_KEY", KEY)
    monkeypatch.setenv("FRESHDESK_DOMAIN", "acme")
    # The ATOM adapter's clients have a configuration of their own (a burst): it
    # leaves the store to the environment.
    adapter = AsyncFreshdesk(api_key=KEY, domain="acme", rate_governor=PAGE_GOVERNOR)
    assert adapter.rate_governor.config.burst_share == 0.1
    assert adapter.rate_governor.stats.store == "redis"
    assert _client(None).rate_governor.stats.store == "redis"  # the MCP server's client
    assert Freshdesk.from_env().rate_governor.stats.store == "redis"


def test_the_cli_sync_paces_through_the_environments_redis(
    redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from freshdesk_atom.cli import main

    monkeypatch.setenv(GOVERNOR_URL_ENV, redis_server.url)
    monkeypatch.setenv(GOVERNOR_PLAN_ENV, "enterprise")
    status = main(
        [
            "sync",
            "--fake",
            "--fake-tickets",
            "6",
            "--fake-contacts",
            "3",
            "--quiet",
            "--rate-window",
            "2",  # the fake's budget as if per 2 s: the sync takes a moment, not a minute
            "--db",
            str(tmp_path / "mirror.db"),
        ]
    )
    assert status == 0
    with redis_server.client() as client:
        keys = sorted(key.decode() for key in client.keys("freshdesk-atom:governor:*"))
        assert keys, "the mirror sync did not pace through Redis"
        account = next(key for key in keys if key.endswith("}"))
        assert int(client.hget(account, "total") or 0) == 700  # learned from the fake's headers
        assert int(client.hget(account, "spent") or 0) > 0
        # The tickets list is a sub-limited endpoint (FRESHDESK_GOVERNOR_PLAN): its key is there.
        assert f"{account}:tickets_list" in keys


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({GOVERNOR_TIMEOUT_ENV: "soon"}, GOVERNOR_TIMEOUT_ENV),
        ({GOVERNOR_URL_ENV: "redis://:s3cret@127.0.0.1:port/0"}, GOVERNOR_URL_ENV),
        ({GOVERNOR_URL_ENV: f"{URL}?sockettimeout=1"}, GOVERNOR_URL_ENV),
        ({GOVERNOR_PLAN_ENV: "gold"}, GOVERNOR_PLAN_ENV),
    ],
)
def test_create_app_checks_the_governor_variables_when_it_is_created(
    environ: dict[str, str], variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from freshdesk_atom.asgi import create_app

    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    # Its clients are built on an account's first request; the variables are read now.
    with pytest.raises(ValueError, match=rf"^\${variable}") as caught:
        create_app()
    assert "s3cret" not in str(caught.value)


def test_create_app_with_a_redis_url_needs_the_redis_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from freshdesk_atom.asgi import create_app

    monkeypatch.setenv(GOVERNOR_URL_ENV, URL)
    assert create_app() is not None  # with the package, and a usable URL: fine
    monkeypatch.setitem(sys.modules, "redis.asyncio", None)
    monkeypatch.delitem(sys.modules, "freshdesk_atom._async._governor_redis", raising=False)
    with pytest.raises(ImportError, match=r"freshdesk-atom\[redis\]") as caught:
        create_app()
    assert "$FRESHDESK_GOVERNOR_URL" in str(caught.value)
