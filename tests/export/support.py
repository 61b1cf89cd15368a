"""Fakes and clients for the export and mirror tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from freshdesk_atom import Freshdesk
from freshdesk_atom.testing import FakeClock, FakeFreshdesk, RateLimitConfig

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)

ROOMY = RateLimitConfig.unlimited()
"""A budget the governor paces at thousands of requests a second: tests stay fast."""


def make_fake(
    tickets: int = 450, contacts: int = 160, seed: int = 3, conversations: int = 0
) -> FakeFreshdesk:
    """Return a generated account on a still clock, with a budget that never slows a test."""
    return FakeFreshdesk.generate(
        tickets=tickets,
        contacts=contacts,
        conversations=conversations,
        seed=seed,
        now=NOW,
        clock=FakeClock.manual(NOW),
        rate_limit=ROOMY,
    )


class Breaking(httpx.BaseTransport):
    """The fake's transport, failing every request from number *fail_at* (1-based) on."""

    def __init__(self, fake: FakeFreshdesk, fail_at: int | None = None) -> None:
        self.inner = fake.transport()
        self.fail_at = fail_at
        self.sent = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        if self.fail_at is not None and self.sent >= self.fail_at:
            raise httpx.ConnectError("the cable was pulled", request=request)
        return self.inner.handle_request(request)


def client(fake: FakeFreshdesk, transport: httpx.BaseTransport | None = None) -> Freshdesk:
    """Return a governed sync client on *fake* (no retries, so a broken transport fails at once)."""
    return Freshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=transport or fake.transport()),
        max_retries=0,
        rate_governor=True,
    )


def read_ids(path: Path) -> list[int]:
    """Return the ``id`` of every line of a JSON Lines file (each line must be a JSON object)."""
    ids = []
    with open(path, "rb") as handle:
        for line in handle:
            assert line.endswith(b"\n")
            record = json.loads(line)
            assert isinstance(record, dict)
            ids.append(record["id"])
    return ids


def ticket_ids(fake: FakeFreshdesk, *, spam: bool = True, deleted: bool = True) -> set[int]:
    """Return the fake's ticket ids, spam and deleted ones only when asked for."""
    return {
        t["id"]
        for t in fake.state.tickets.values()
        if (spam or not t["spam"]) and (deleted or not t.get("deleted"))
    }


def contact_ids(fake: FakeFreshdesk, keep: Callable[[dict[str, Any]], bool]) -> set[int]:
    """Return the ids of the fake's contacts that *keep* accepts."""
    return {c["id"] for c in fake.state.contacts.values() if keep(c)}
