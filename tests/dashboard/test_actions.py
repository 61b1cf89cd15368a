"""What a support agent does on the dashboard: create, reply with a file, change a ticket,
search, connect an account; and what they see when Freshdesk is down.

Each action is checked where it lands: in the fake Freshdesk's state.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from freshdesk_atom.testing import FakeFreshdesk, FaultPlan

from .conftest import WatchedPage, save_screenshot
from .test_tabs import open_tab


def open_an_open_ticket(page: Any) -> tuple[Any, int]:
    """Open the first Open ticket from the Tickets tab; return its dialog and number."""
    panel = open_tab(page, "Tickets")
    panel.get_by_label("Filter by status").select_option("2")
    row = panel.get_by_test_id("tickets-row").first
    expect(row).to_contain_text("Open")
    number = int(re.match(r"#(\d+)", row.inner_text()).group(1))  # type: ignore[union-attr]
    row.click()
    dialog = page.get_by_test_id("ticket-dialog")
    expect(dialog).to_be_visible()
    return dialog, number


def test_create_a_ticket_after_the_api_refuses_a_field(
    watched: WatchedPage, account: FakeFreshdesk
) -> None:
    page = watched.page
    watched.expect_http_errors(400)
    panel = open_tab(page, "Tickets")
    panel.get_by_role("button", name="New ticket").click()
    dialog = page.get_by_test_id("create-ticket-dialog")
    dialog.get_by_label("Subject").fill("Printer on fire")
    dialog.get_by_label("Description").fill("The office printer is smoking.")
    dialog.get_by_label("Requester email").fill("not-an-email")
    before = len(account.state.tickets)
    dialog.get_by_role("button", name="Create ticket").click()
    # The adapter's own message, next to the field it names; nothing was created.
    error = dialog.get_by_test_id("field-error-email")
    expect(error).to_contain_text("email")
    expect(dialog.get_by_label("Requester email")).to_have_attribute("aria-invalid", "true")
    assert len(account.state.tickets) == before

    dialog.get_by_label("Requester email").fill("someone@example.com")
    dialog.get_by_role("button", name="Create ticket").click()
    expect(page.get_by_test_id("ticket-created")).to_be_visible()
    created = [t for t in account.state.tickets.values() if t["subject"] == "Printer on fire"]
    assert len(created) == 1
    assert created[0]["description_text"] == "The office printer is smoking."


def test_reply_with_an_attachment_and_add_a_private_note(page: Any, account: FakeFreshdesk) -> None:
    dialog, number = open_an_open_ticket(page)
    reply = dialog.get_by_test_id("reply-form")
    reply.get_by_label("Reply", exact=True).fill("We are on it: see the log attached.")
    reply.get_by_label("Attach files to the reply").set_input_files(
        {"name": "steps.txt", "mimeType": "text/plain", "buffer": b"1. open\n2. print\n"}
    )
    reply.get_by_role("button", name="Send reply").click()
    expect(reply).to_contain_text("Reply sent with 1 attachment.")
    save_screenshot(page, "ticket")

    note = dialog.get_by_test_id("note-form")
    note.get_by_label("Private note", exact=True).fill("Customer is a VIP.")
    note.get_by_role("button", name="Add note").click()
    expect(note).to_contain_text("Private note added.")

    thread = sorted(
        (c for c in account.state.conversations.values() if c["ticket_id"] == number),
        key=lambda c: c["id"],
    )
    sent, noted = thread[-2], thread[-1]
    assert "We are on it" in sent["body_text"]
    assert not sent["private"]
    assert [a["name"] for a in sent["attachments"]] == ["steps.txt"]
    assert noted["private"]
    assert "VIP" in noted["body_text"]
    # The thread on the page shows both, in order.
    expect(dialog.get_by_test_id("conversation").last).to_contain_text("Customer is a VIP.")


def test_change_status_priority_and_assignee(page: Any, account: FakeFreshdesk) -> None:
    dialog, number = open_an_open_ticket(page)
    properties = dialog.get_by_test_id("ticket-properties")
    properties.get_by_label("Status").select_option("3")
    properties.get_by_label("Priority").select_option("4")
    agent_id = min(account.state.agents)
    properties.get_by_label("Assignee").select_option(str(agent_id))
    properties.get_by_role("button", name="Save changes").click()
    expect(properties).to_contain_text("Saved.")
    ticket = account.state.tickets[number]
    assert (ticket["status"], ticket["priority"], ticket["responder_id"]) == (3, 4, agent_id)


def test_search_says_what_it_searched_and_how_many_it_found(page: Any) -> None:
    page.goto("/")
    search = page.get_by_role("search", name="Search the account")
    search.get_by_label("Search in").select_option("ticket")
    search.get_by_label("Search", exact=True).fill("shipping")
    search.get_by_role("button", name="Search", exact=True).click()
    summary = page.get_by_test_id("search-summary")
    expect(summary).to_contain_text(re.compile(r"Searched tickets for “shipping”: [\d,]+ found"))
    found = int(re.search(r": ([\d,]+) found", summary.inner_text()).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert found > 0
    expect(page.get_by_test_id("search-results-row").first).to_contain_text(
        re.compile("shipping", re.IGNORECASE)
    )
    save_screenshot(page, "search")


def test_connect_refuses_a_wrong_key_then_accepts_the_right_one(
    watched: WatchedPage, account: FakeFreshdesk
) -> None:
    page = watched.page
    watched.expect_http_errors(401)
    page.goto("/")
    page.get_by_role("button", name="Connect", exact=True).click()
    dialog = page.get_by_test_id("connect-dialog")
    dialog.get_by_label("Freshdesk domain").fill(account.base_url)
    dialog.get_by_label("API key").fill("not-the-key")
    dialog.get_by_role("button", name="Connect to Freshdesk").click()
    expect(dialog.get_by_test_id("connect-error")).to_contain_text("refused")
    expect(dialog.get_by_label("API key")).to_have_value("")  # the page keeps no key
    save_screenshot(page, "connect")

    dialog.get_by_label("API key").fill(account.api_key)
    dialog.get_by_role("button", name="Connect to Freshdesk").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_test_id("account-status")).to_contain_text("fake.freshdesk.com")
    page.wait_for_load_state("networkidle")
    assert account.api_key not in page.content()


def test_an_outage_is_an_error_in_words_and_retry_recovers(
    watched: WatchedPage, account: FakeFreshdesk
) -> None:
    page = watched.page
    watched.expect_http_errors(502, 503)
    account.faults = FaultPlan(rate=1.0, kinds=("503",))
    page.goto("/#contacts")
    panel = page.get_by_test_id("panel-contacts")
    error = panel.get_by_test_id("state-error")
    expect(error).to_be_visible(timeout=20_000)
    expect(error).to_contain_text("Freshdesk")
    assert "Traceback" not in error.inner_text()
    save_screenshot(page, "outage")

    account.faults = None
    error.get_by_role("button", name="Retry").click()
    expect(panel.get_by_test_id("contacts-row").first).to_be_visible()
