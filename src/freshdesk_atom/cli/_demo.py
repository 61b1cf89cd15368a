"""``freshdesk-atom demo``: show what the SDK does, offline on the fake or read-only on a real account."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from typing import TextIO

import httpx

from .. import Freshdesk, FreshdeskError, Q, RateLimit, Ticket, TicketPriority, TicketStatus
from .._constants import API_KEY_ENV, DOMAIN_ENV

__all__ = ["DemoError", "run_demo"]


def _rate(limit: RateLimit | None) -> str:
    if limit is None:
        return "no rate-limit headers seen yet"
    return f"{limit.remaining}/{limit.total} credits left this minute (last call cost {limit.used})"


def _status_name(status: int) -> str:
    try:
        return TicketStatus(status).name
    except ValueError:  # a custom status (ids >= 6)
        return str(status)


def _line(ticket: Ticket) -> str:
    status = _status_name(ticket.status)
    return (
        f"  #{ticket.id:<6} {status:<9} {ticket.updated_at:%Y-%m-%d %H:%M}  {ticket.subject[:60]}"
    )


def _show_recent(fd: Freshdesk, out: TextIO, *, days: int) -> None:
    since = datetime.now(UTC) - timedelta(days=days)
    print(f"\nThe 5 most recently updated tickets (updated in the last {days} days):", file=out)
    tickets = fd.tickets.list(
        updated_since=since, order_by="updated_at", order_type="desc", per_page=5, max_items=5
    )
    shown = 0
    for ticket in tickets:
        print(_line(ticket), file=out)
        shown += 1
    if not shown:
        print("  (none)", file=out)


def _demo_offline(out: TextIO, *, tickets: int, contacts: int, seed: int) -> None:
    from ..testing import FakeFreshdesk

    started = time.perf_counter()
    fake = FakeFreshdesk.generate(tickets=tickets, contacts=contacts, seed=seed)
    print(
        f"No {API_KEY_ENV}/{DOMAIN_ENV} set: running on the embedded fake Freshdesk\n"
        f"(a generated account of {tickets:,} tickets and {contacts:,} contacts over 3 years, "
        f"built in {time.perf_counter() - started:.1f}s; nothing leaves this machine).",
        file=out,
    )
    http_client = httpx.Client(transport=fake.transport())
    with Freshdesk(api_key=fake.api_key, base_url=fake.base_url, http_client=http_client) as fd:
        _show_recent(fd, out, days=30)

        created = fd.tickets.create(
            subject="Demo: the printer on floor 3 is on fire",
            description="<p>Created by <code>freshdesk-atom demo</code>.</p>",
            email="dana.demo@example.com",
            priority=TicketPriority.URGENT,
            tags=["demo", "hardware"],
        )
        print(
            f"\nCreated ticket #{created.id} (priority {TicketPriority(created.priority).name}).",
            file=out,
        )
        resolved = fd.tickets.update(created.id, status=TicketStatus.RESOLVED)
        print(f"Resolved it: status is now {_status_name(resolved.status)}.", file=out)

        query = Q.status(TicketStatus.OPEN) & Q.priority(TicketPriority.URGENT)
        results = fd.search.tickets(query)
        first = results.first_page()
        print(
            f'\nSearch "{query}": {first.total} matches '
            f"({'more than the 300 search can page through' if first.truncated else 'all reachable'}); "
            f"first: {', '.join(f'#{t.id}' for t in first.items[:5]) or 'none'}",
            file=out,
        )

        try:
            fd.tickets.create(subject="No requester", description="x", priority=9)
        except ValueError as exc:
            print(f"Bad input is refused before any request: {exc}", file=out)

        print(f"\nRate limit: {_rate(fd.rate_limit)}", file=out)
        print(
            f"The fake served {fake.counters.total_requests} requests "
            f"and charged {fake.counters.credits_used} credits.",
            file=out,
        )
        print(f"\n{DASHBOARD_HINT}", file=out)
    http_client.close()


def _demo_live(out: TextIO, fd: Freshdesk) -> None:
    """Make read-only calls on a real account: who we are, recent tickets, a count."""
    print(f"Using {fd.base_url} (read-only calls only).", file=out)
    me = fd.agents.me()
    print(f"Signed in as {me.contact.name} <{me.contact.email}>.", file=out)
    _show_recent(fd, out, days=30)
    open_count = fd.search.count(Q.status(TicketStatus.OPEN))
    print(f"\nOpen tickets (search total): {open_count}", file=out)
    print(f"\nRate limit: {_rate(fd.rate_limit)}", file=out)


DASHBOARD_HINT = (
    "See a help desk in your browser: .venv/bin/python -m pip install -e '.[dashboard]' "
    "&& .venv/bin/freshdesk-atom serve --fake, then open http://127.0.0.1:8000/"
)
"""The one-liner after ``./scripts/demo`` that opens the support dashboard on the fake."""


class DemoError(Exception):
    """The demo cannot run on the configured account; the message says why, in one line."""


def run_demo(out: TextIO, *, tickets: int = 2_000, contacts: int = 500, seed: int = 1) -> None:
    """Run the demo, printing to *out*: live (read-only) when both environment variables are set.

    Raises:
        DemoError: the account in the environment is unusable (a bad domain, a
            refused key, Freshdesk unreachable), with the reason in one line.
    """
    api_key = os.environ.get(API_KEY_ENV, "").strip()
    domain = os.environ.get(DOMAIN_ENV, "").strip()
    if not (api_key and domain):
        _demo_offline(out, tickets=tickets, contacts=contacts, seed=seed)
        return
    try:
        fd = Freshdesk(api_key=api_key, domain=domain)
    except ValueError as exc:
        raise DemoError(f"{DOMAIN_ENV} or {API_KEY_ENV} is not usable: {exc}") from None
    try:
        with fd:
            _demo_live(out, fd)
    except FreshdeskError as exc:
        raise DemoError(str(exc)) from None
