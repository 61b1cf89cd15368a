"""Fixtures of the shared rate governor's tests: a real redis-server, started and stopped here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.governor.support import HAVE_REDIS_SERVER, NO_REDIS_SERVER, RedisServer

GOVERNOR_VARIABLES = (
    "FRESHDESK_GOVERNOR_URL",
    "FRESHDESK_GOVERNOR_TIMEOUT",
    "FRESHDESK_GOVERNOR_FALLBACK_SHARE",
    "FRESHDESK_GOVERNOR_PLAN",
)


@pytest.fixture(autouse=True)
def clean_governor_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test here depends on the governor variables of the shell that runs it."""
    for name in GOVERNOR_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server on a free loopback port (``--save '' --appendonly no``), stopped after the test."""
    if not HAVE_REDIS_SERVER:
        pytest.skip(NO_REDIS_SERVER)
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()
