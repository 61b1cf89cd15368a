"""How soon the Dashboard and Tickets tabs show their data on a 20,000-ticket account.

A measurement, not an assertion (timings on a shared machine prove nothing):
the figures go to ``test-artifacts/dashboard/first-paint.json`` and to the
test's report (``pytest -rP`` or ``-s`` shows them). Each is the time from
navigation start (``performance.timeOrigin``) until the tab's data is on the
screen: the four figure cards, then the five charts, for the Dashboard; the
first page of rows for Tickets. The account has Freshdesk's largest plan's
budget (700 credits a minute) and the adapter's client paces its requests to
80% of it, as it does against Freshdesk: the Dashboard's figures cost about 95
credits (the 30-day ticket walks of ``/stats`` and ``/stats/trends``), so the
pacing, not the page, sets its time (``docs/dashboard.md``). A fresh browser context each time, so nothing is
cached in the page; the server's caches are warm after the first load, which
is reported separately.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from freshdesk_atom.testing import FakeFreshdesk

from .conftest import ARTIFACTS
from .support import LiveServer, live_server

TICKETS = 20_000
CONTACTS = 5_000


@pytest.fixture(scope="module")
def large() -> Iterator[LiveServer]:
    # The default budget (700 credits a minute), as on Freshdesk's largest plan.
    fake = FakeFreshdesk.generate(tickets=TICKETS, contacts=CONTACTS, seed=2)
    with live_server(fake) as live:
        yield live


def _load(browser: Any, server: LiveServer, tab: str) -> dict[str, int]:
    """Open *tab* in a fresh context; return the ms from navigation start to its data."""
    context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"/#{tab}", wait_until="commit")
        if tab == "tickets":
            expect(page.get_by_test_id("tickets-row")).to_have_count(50, timeout=60_000)
            return {"rows": round(page.evaluate("performance.now()"))}
        expect(page.get_by_test_id("stat-total-tickets")).to_contain_text(
            re.compile(r"\d{2},\d{3}"), timeout=60_000
        )
        cards = round(page.evaluate("performance.now()"))
        for chart in ("volume", "status", "priority", "response", "csat"):
            expect(page.get_by_test_id(f"chart-{chart}").get_by_role("img")).to_be_visible(
                timeout=60_000
            )
        return {"cards": cards, "charts": round(page.evaluate("performance.now()"))}
    finally:
        context.close()


def test_first_paint_of_the_dashboard_and_tickets_tabs(
    browser: Any, large: LiveServer, record_property: Any
) -> None:
    figures: dict[str, Any] = {"tickets": TICKETS, "contacts": CONTACTS}
    for tab in ("dashboard", "tickets"):
        for attempt in ("first", "again"):
            for part, ms in _load(browser, large, tab).items():
                figures[f"{tab}_{part}_{attempt}_ms"] = ms
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "first-paint.json").write_text(json.dumps(figures, indent=2) + "\n")
    for name, value in figures.items():
        record_property(name, value)
    print(f"\nfirst paint on {TICKETS:,} tickets (ms from navigation start): {figures}")
