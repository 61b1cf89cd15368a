"""The dashboard at phone width, and an accessibility check of every tab with axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import WatchedPage, save_screenshot
from .support import LiveServer
from .test_tabs import TABS

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def phone(browser: Any, server: LiveServer) -> Iterator[WatchedPage]:
    """A watched page the size of a phone."""
    context = browser.new_context(
        viewport=PHONE, base_url=server.url, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    watched = WatchedPage(context.new_page())
    yield watched
    context.close()
    assert watched.problems == [], "\n".join(watched.problems)


def overflows(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth"))


def test_every_tab_fits_a_phone(phone: WatchedPage) -> None:
    page = phone.page
    page.goto("/")
    for name in TABS:
        tab = page.get_by_role("tab", name=name, exact=True)
        tab.click()
        panel = page.get_by_test_id(f"panel-{name.lower()}")
        expect(panel).to_be_visible()
        expect(panel.get_by_test_id("state-loading")).to_have_count(0)
        assert not overflows(page), f"the {name} tab is wider than the phone"
    page.get_by_role("tab", name="Tickets", exact=True).click()
    page.get_by_test_id("tickets-row").first.click()
    dialog = page.get_by_test_id("ticket-dialog")
    expect(dialog).to_be_visible()
    box = dialog.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    page.keyboard.press("Escape")
    page.get_by_role("tab", name="Dashboard", exact=True).click()
    expect(page.get_by_test_id("chart-volume")).to_be_visible()
    save_screenshot(page, "phone")


def serious_violations(page: Any) -> list[str]:
    """Run axe-core on the page as it is; return its serious and critical findings."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.id} (${v.impact}): ${v.help}: ` +
                          v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
        }"""
    )
    return list(found)


def test_no_serious_accessibility_violation_in_any_tab_or_dialog(
    browser: Any, server: LiveServer
) -> None:
    # axe is injected as a script, which the dashboard's own CSP forbids: this
    # context alone bypasses it (the other tests keep it, and fail on a violation).
    context = browser.new_context(base_url=server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    findings: dict[str, list[str]] = {}
    try:
        for name in TABS:
            page.goto(f"/#{name.lower()}")
            panel = page.get_by_test_id(f"panel-{name.lower()}")
            expect(panel).to_be_visible()
            expect(panel.get_by_test_id("state-loading")).to_have_count(0)
            findings[name] = serious_violations(page)
        page.get_by_role("tab", name="Tickets", exact=True).click()
        page.get_by_test_id("tickets-row").first.click()
        expect(page.get_by_test_id("ticket-dialog")).to_be_visible()
        findings["ticket dialog"] = serious_violations(page)
        page.keyboard.press("Escape")
        page.get_by_role("button", name="Connect", exact=True).click()
        expect(page.get_by_test_id("connect-dialog")).to_be_visible()
        findings["connect dialog"] = serious_violations(page)
    finally:
        context.close()
    assert {where: found for where, found in findings.items() if found} == {}
