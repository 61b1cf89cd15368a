"""Live updates in a real browser: a ticket or reply made through the API shows up without a reload.

The server is ``freshdesk-atom serve --fake --mirror DB --webhooks``: the fake's automation
rule calls the server's webhook receiver, which reads the ticket into the mirror, whose change
feed ``/events`` streams to the page.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig

from .conftest import save_screenshot
from .support import LiveServer, live_server
from .test_tabs import open_tab

APPEARS_WITHIN_MS = 2_000


@pytest.fixture(scope="module")
def account() -> FakeFreshdesk:
    fake = FakeFreshdesk.generate(tickets=120, contacts=40, seed=3)
    fake.rate_limit = RateLimitConfig.unlimited()
    return fake


@pytest.fixture(scope="module")
def server(
    account: FakeFreshdesk, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    mirror: Path = tmp_path_factory.mktemp("live") / "mirror.sqlite"
    with live_server(account, mirror=mirror, webhooks=True) as live:
        yield live


def _freshdesk(account: FakeFreshdesk) -> httpx.Client:
    """Someone else working in Freshdesk: straight to its API, not through the page."""
    return httpx.Client(
        transport=account.transport(), base_url=account.base_url, auth=(account.api_key, "X")
    )


def _watch_for_reloads(page: Any) -> None:
    page.evaluate("window.__sameDocument = true")


def test_a_ticket_created_through_the_api_appears_without_a_reload(
    page: Any, account: FakeFreshdesk
) -> None:
    panel = open_tab(page, "Tickets")
    expect(page.get_by_test_id("live-status")).to_contain_text("Live")
    expect(panel.get_by_test_id("tickets-row").first).to_be_visible()
    _watch_for_reloads(page)
    with _freshdesk(account) as freshdesk:
        created = freshdesk.post(
            "tickets",
            json={
                "subject": "Live: the parcel is stuck in customs",
                "email": "live@example.com",
                "description": "Tracking has not moved for a week.",
            },
        )
    created.raise_for_status()
    started = time.monotonic()
    row = panel.get_by_test_id("tickets-row").first
    expect(row).to_contain_text(f"#{created.json()['id']}", timeout=APPEARS_WITHIN_MS)
    expect(row).to_contain_text("stuck in customs")
    print(f"\nthe new ticket appeared {time.monotonic() - started:.2f}s after Freshdesk answered")
    assert page.evaluate("window.__sameDocument") is True
    save_screenshot(page, "live-new-ticket")


def test_a_reply_appears_in_the_open_ticket(page: Any, account: FakeFreshdesk) -> None:
    panel = open_tab(page, "Tickets")
    expect(page.get_by_test_id("live-status")).to_contain_text("Live")
    row = panel.get_by_test_id("tickets-row").first
    number = int(row.inner_text().split()[0].lstrip("#"))
    row.click()
    dialog = page.get_by_test_id("ticket-dialog")
    expect(dialog).to_be_visible()
    _watch_for_reloads(page)
    with _freshdesk(account) as freshdesk:
        freshdesk.post(
            f"tickets/{number}/reply", json={"body": "Customs released it this morning."}
        ).raise_for_status()
    expect(dialog.get_by_test_id("ticket-thread")).to_contain_text(
        "Customs released it this morning.", timeout=APPEARS_WITHIN_MS
    )
    assert page.evaluate("window.__sameDocument") is True
