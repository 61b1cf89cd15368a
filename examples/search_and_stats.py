"""Search with ``Q``, count matches, read past the 300-result cap, and the help-desk stats.

Offline on the fake Freshdesk. See docs/search.md and docs/stats.md.

Run: python examples/search_and_stats.py
Against a real account, build the client with ``Freshdesk.from_env()`` instead.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from freshdesk_atom import Freshdesk, Q, Stats, TicketPriority, TicketStatus
from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig

# What each figure of fd.stats.summary() counts (docs/stats.md has the details).
FIGURES = {
    "total_tickets": "tickets search can see, any status (no spam, deleted or archived)",
    "open_tickets": "status 2, Open",
    "pending_tickets": "status 3, Pending",
    "resolved_tickets": "status 4, Resolved",
    "closed_tickets": "status 5, Closed (custom statuses count only in the total)",
    "total_contacts": "contacts search can see (no deleted ones)",
    "total_companies": "companies",
    "total_agents": "agents, counted by listing them",
    "total_groups": "groups, counted by listing them",
    "avg_first_response_time": "mean hours from creation to the first agent response",
    "avg_resolution_time": "mean hours from creation to resolution (tickets now 4 or 5)",
    "satisfaction_rating": "mean overall survey answer, 1 (extremely unhappy) to 5 (extremely happy)",
}


def show(stats: Stats) -> None:
    for name, meaning in FIGURES.items():
        value = getattr(stats, name)
        shown = "None" if value is None else f"{value:,.1f}" if isinstance(value, float) else value
        print(f"  {name:<24} {shown!s:>8}  {meaning}")


def main() -> None:
    fake = FakeFreshdesk.generate(
        tickets=2_000, contacts=300, seed=5, rate_limit=RateLimitConfig.unlimited()
    )
    http_client = httpx.Client(transport=fake.transport())
    with Freshdesk(api_key=fake.api_key, base_url=fake.base_url, http_client=http_client) as fd:
        # The Q builder renders Freshdesk's query language, quoted and checked before sending.
        open_or_pending = Q.status.any_of(TicketStatus.OPEN, TicketStatus.PENDING)
        urgent = open_or_pending & Q.priority.gte(TicketPriority.HIGH)  # ":>3" means >= 3
        print(f"query: {urgent}")
        results = fd.search.tickets(urgent, max_items=5)
        for ticket in results:
            print(f"  #{ticket.id} {ticket.subject!r} status={ticket.status}")
        print(f"  {results.total} matches in all; truncated past 300: {results.truncated}")

        # One search query reaches 300 results at most, while `total` counts them all.
        done = Q.status.any_of(TicketStatus.RESOLVED, TicketStatus.CLOSED)
        first = fd.search.tickets(done).first_page()
        print(f"query: {done}")
        print(f"  page 1 holds {len(first)}; total {first.total}; truncated: {first.truncated}")

        # count(): one request, not capped at 300.
        print(f"  count(): {fd.search.count(done)} (one request)")

        # tickets_all(): every match, each once, by splitting the query by creation day.
        before = fake.counters.total_requests
        ids = [ticket.id for ticket in fd.search.tickets_all(done)]
        spent = fake.counters.total_requests - before
        print(f"  tickets_all(): {len(ids)} tickets, {len(set(ids))} distinct, {spent} requests")

        # Dates are whole UTC days; contacts and companies have their own fields.
        week_ago = datetime.now(UTC) - timedelta(days=7)
        recent = fd.search.count(Q.created_at.after(week_ago.date()))
        verified = fd.search.count(Q.active(True), resource="contacts")
        print(f"tickets created in the last 7 days: {recent}; verified contacts: {verified}")
        domain = next(iter(fd.companies.list(max_items=1))).domains[0]
        companies = [c.name for c in fd.search.companies(Q.domain(domain))]
        print(f"companies with domain {domain}: {companies}")

        # The help desk's figures: counts from search totals, averages from the tickets list.
        before = fake.counters.total_requests
        stats = fd.stats.summary()
        print(f"stats.summary(), all time ({fake.counters.total_requests - before} requests):")
        show(stats)
        before = fake.counters.total_requests
        cheap = fd.stats.summary(since=datetime.now(UTC) - timedelta(days=30), averages=False)
        spent = fake.counters.total_requests - before
        print(f"last 30 days, counts only ({spent} requests): {cheap.total_tickets} tickets")
    http_client.close()


if __name__ == "__main__":
    main()
