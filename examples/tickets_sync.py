"""List, create and update tickets with the sync client, offline on the fake Freshdesk.

Run: python examples/tickets_sync.py
Against a real account, build the client with ``Freshdesk.from_env()`` instead.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from freshdesk_atom import BadRequestError, Freshdesk, TicketPriority, TicketStatus
from freshdesk_atom.testing import FakeFreshdesk


def main() -> None:
    fake = FakeFreshdesk.generate(tickets=500, contacts=100, seed=7)
    http_client = httpx.Client(transport=fake.transport())
    with Freshdesk(api_key=fake.api_key, base_url=fake.base_url, http_client=http_client) as fd:
        # Every ticket updated in the last week, oldest change first, 100 per request.
        since = datetime.now(UTC) - timedelta(days=7)
        recent = fd.tickets.list(
            updated_since=since, order_by="updated_at", order_type="asc", per_page=100
        )
        urgent = [t for t in recent if t.priority == TicketPriority.URGENT]
        print(f"{len(urgent)} urgent tickets changed this week")

        # Page by page, with the rate-limit snapshot of each response.
        for page in fd.tickets.list(updated_since=since, per_page=50).iter_pages():
            budget = page.meta.rate_limit
            print(
                f"page {page.page}: {len(page)} tickets, {budget.remaining if budget else '?'} credits left"
            )

        ticket = fd.tickets.create(
            subject="VPN drops every hour",
            description="<p>Since Monday the VPN disconnects hourly.</p>",
            email="sam@example.com",
            priority=TicketPriority.HIGH,
            tags=["network"],
        )
        ticket = fd.tickets.update(ticket.id, status=TicketStatus.PENDING, responder_id=None)
        print(f"ticket #{ticket.id} is now {TicketStatus(ticket.status).name}")

        # Freshdesk's own validation comes back as field errors.
        try:
            fd.tickets.create(email="sam@example.com", subject="no description")
        except BadRequestError as exc:
            print("refused:", ", ".join(f"{e.field} ({e.code})" for e in exc.errors))
    http_client.close()


if __name__ == "__main__":
    main()
