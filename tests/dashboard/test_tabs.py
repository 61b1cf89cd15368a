"""Every tab of the dashboard on real data, in Chromium, over ``serve --fake`` on loopback."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from freshdesk_atom.testing import FakeFreshdesk

from .conftest import WatchedPage, save_screenshot

TABS = ("Dashboard", "Tickets", "Contacts", "Companies", "Agents", "Groups")


def open_tab(page: Any, name: str) -> Any:
    """Open tab *name* from the dashboard's first screen; return its panel."""
    page.goto("/")
    page.get_by_role("tab", name=name, exact=True).click()
    expect(page.get_by_role("tab", name=name, exact=True)).to_have_attribute(
        "aria-selected", "true"
    )
    return page.get_by_test_id(f"panel-{name.lower()}")


def test_the_dashboard_shows_the_figures_and_every_chart(page: Any, account: FakeFreshdesk) -> None:
    page.goto("/")
    total = page.get_by_test_id("stat-total-tickets")
    expect(total).to_contain_text(re.compile(r"\d"))
    expect(page.get_by_test_id("stat-open-tickets")).to_contain_text(re.compile(r"\d"))
    for chart in ("volume", "status", "priority", "response", "csat"):
        figure = page.get_by_test_id(f"chart-{chart}")
        expect(figure).to_be_visible()
        # Each chart has a text alternative that names its figures.
        expect(figure.get_by_role("img")).to_have_attribute("aria-label", re.compile(r"\w"))
    # The numbers behind the volume chart are the fake's: the last 30 days, one row a day.
    volume = page.get_by_test_id("chart-volume")
    volume.get_by_text("Show the numbers").click()
    expect(volume.get_by_role("row")).to_have_count(31)  # a header and 30 days
    save_screenshot(page, "dashboard")


def test_the_tickets_tab_lists_pages_filters_and_sorts(page: Any) -> None:
    panel = open_tab(page, "Tickets")
    rows = panel.get_by_test_id("tickets-row")
    expect(rows.first).to_be_visible()
    assert rows.count() == 50
    expect(panel.get_by_test_id("pager-range")).to_contain_text(re.compile(r"^1\u201350 of [\d,]+"))
    save_screenshot(page, "tickets")
    first_page = rows.first.inner_text()
    panel.get_by_role("button", name="Next page").click()
    expect(panel.get_by_test_id("pager-range")).to_contain_text(re.compile(r"^51\u2013100 of"))
    expect(rows.first).not_to_have_text(first_page)
    panel.get_by_role("button", name="Previous page").click()
    expect(panel.get_by_test_id("pager-range")).to_contain_text(re.compile(r"^1\u201350 of"))

    panel.get_by_label("Filter by status").select_option("2")
    expect(rows.first).to_contain_text("Open")
    expect(rows.last).to_contain_text("Open")
    assert all("\tOpen\t" in text for text in rows.all_inner_texts())
    # Search, which a filter goes through, cannot sort: the sort waits for the filter to go.
    expect(panel.get_by_label("Sort by")).to_be_disabled()
    panel.get_by_label("Filter by status").select_option("")
    panel.get_by_label("Sort by").select_option("created_at:asc")
    expect(rows.first).to_contain_text("#1")


def test_a_ticket_opens_with_its_thread_by_keyboard(page: Any, account: FakeFreshdesk) -> None:
    panel = open_tab(page, "Tickets")
    row = panel.get_by_test_id("tickets-row").first
    row.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_test_id("ticket-dialog")
    expect(dialog).to_be_visible()
    number = int(re.search(r"#(\d+)", dialog.get_by_role("heading").first.inner_text()).group(1))  # type: ignore[union-attr]
    ticket = account.state.tickets[number]
    description = dialog.get_by_test_id("ticket-description")
    expect(description).to_contain_text(ticket["description_text"].split("\n")[0][:40])
    assert "<" not in description.inner_text()  # Freshdesk's HTML is never shown as markup
    thread = [c for c in account.state.conversations.values() if c["ticket_id"] == number]
    if thread:
        expect(dialog.get_by_test_id("conversation")).to_have_count(len(thread))
    else:
        expect(dialog.get_by_test_id("thread-empty")).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(row).to_be_focused()


@pytest.mark.parametrize(
    ("tab", "row"), [("Contacts", "contacts-row"), ("Companies", "companies-row")]
)
def test_contacts_and_companies_list_filter_and_open(page: Any, tab: str, row: str) -> None:
    panel = open_tab(page, tab)
    rows = panel.get_by_test_id(row)
    expect(rows.first).to_be_visible()
    save_screenshot(page, tab.lower())
    name = rows.first.get_by_role("cell").first.inner_text().strip()
    panel.get_by_label(f"Filter {tab.lower()}").fill(name)
    expect(rows.first).to_contain_text(name)
    rows.first.click()
    dialog = page.get_by_test_id(f"{tab.lower()[:-1] if tab == 'Contacts' else 'company'}-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(name)


def test_agents_show_their_groups_and_groups_their_agents(
    page: Any, account: FakeFreshdesk
) -> None:
    panel = open_tab(page, "Agents")
    rows = panel.get_by_test_id("agents-row")
    expect(rows).to_have_count(len(account.state.agents))
    save_screenshot(page, "agents")
    rows.first.click()
    dialog = page.get_by_test_id("agent-dialog")
    expect(dialog).to_contain_text(re.compile("Available|Away"))
    expect(dialog.get_by_text("Groups", exact=True)).to_be_visible()
    page.keyboard.press("Escape")

    panel = open_tab(page, "Groups")
    rows = panel.get_by_test_id("groups-row")
    expect(rows).to_have_count(len(account.state.groups))
    save_screenshot(page, "groups")
    # The group with the most members lists every one of them by name.
    group = max(account.state.groups.values(), key=lambda g: len(g.get("agent_ids") or ()))
    panel.get_by_test_id("groups-row").filter(has_text=group["name"]).first.click()
    dialog = page.get_by_test_id("group-dialog")
    for agent_id in group.get("agent_ids") or ():
        agent = account.state.agents[agent_id]
        expect(dialog).to_contain_text(agent["contact"]["name"])


def test_arrow_keys_move_between_tabs_and_the_hash_survives_a_reload(page: Any) -> None:
    page.goto("/")
    dashboard = page.get_by_role("tab", name="Dashboard", exact=True)
    dashboard.focus()
    page.keyboard.press("ArrowRight")
    tickets = page.get_by_role("tab", name="Tickets", exact=True)
    expect(tickets).to_be_focused()
    expect(tickets).to_have_attribute("aria-selected", "true")
    page.keyboard.press("End")
    expect(page.get_by_role("tab", name="Groups", exact=True)).to_be_focused()
    assert page.url.endswith("#groups")
    page.reload()
    expect(page.get_by_role("tab", name="Groups", exact=True)).to_have_attribute(
        "aria-selected", "true"
    )


def test_every_tab_renders_without_a_problem(watched: WatchedPage) -> None:
    page = watched.page
    page.goto("/")
    for name in TABS:
        page.get_by_role("tab", name=name, exact=True).click()
        panel = page.get_by_test_id(f"panel-{name.lower()}")
        expect(panel).to_be_visible()
        expect(panel.get_by_test_id("state-loading")).to_have_count(0)
        expect(panel.get_by_test_id("state-error")).to_have_count(0)
