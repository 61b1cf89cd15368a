"""Export every ticket with ``iter_all``, stop half-way, resume from a JSON checkpoint; then a mirror.

Offline on the fake Freshdesk. The export is checked against the fake's own
records: every ticket (spam and deleted ones included) comes exactly once,
across the interruption. An incremental run then fetches only what changed.
Last, ``Mirror`` copies the account into a SQLite file and answers stats and
full-text search from it, with no API call. See docs/complete-export.md and
docs/export-and-mirror.md.

Run: python examples/complete_export.py
Against a real account, build the client with ``Freshdesk.from_env()`` instead.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import httpx

from freshdesk_atom import ExportCheckpoint, Freshdesk, TicketStatus
from freshdesk_atom.mirror import Mirror
from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig

STOP_AFTER_PAGES = 12  # pretend the first run is killed here


def export(
    fd: Freshdesk,
    store: dict[int, datetime],
    saved: Path,
    *,
    max_pages: int | None = None,
) -> int:
    """Run (or resume) the export into *store*, saving the checkpoint after each page.

    Return how many tickets were handed out in this run.
    """
    checkpoint = ExportCheckpoint.from_json(saved.read_text()) if saved.exists() else None
    stream = fd.tickets.iter_all(include_spam=True, include_deleted=True, checkpoint=checkpoint)
    handed = 0
    for number, page in enumerate(stream.iter_pages(), 1):
        for ticket in page.items:
            store[ticket.id] = ticket.updated_at  # your storage: an upsert by id
        handed += len(page.items)
        saved.write_text(page.checkpoint.to_json())  # only once the page is stored
        if number == max_pages:
            break
    return handed


def hours(value: float | None) -> str:
    return "none to measure" if value is None else f"{value:.1f} h"


def main() -> None:
    fake = FakeFreshdesk.generate(
        tickets=3_000, contacts=200, seed=9, rate_limit=RateLimitConfig.unlimited()
    )
    expected = set(fake.state.tickets)  # the fake's truth: every ticket, spam and deleted too
    http_client = httpx.Client(transport=fake.transport())
    with (
        tempfile.TemporaryDirectory() as tmp,
        Freshdesk(api_key=fake.api_key, base_url=fake.base_url, http_client=http_client) as fd,
    ):
        saved = Path(tmp) / "tickets.checkpoint.json"
        store: dict[int, datetime] = {}

        first = export(fd, store, saved, max_pages=STOP_AFTER_PAGES)
        size = len(saved.read_text())
        print(f"first run: {first} tickets, stopped after {STOP_AFTER_PAGES} pages")
        print(f"  checkpoint saved as JSON ({size} bytes)")

        second = export(fd, store, saved)  # a new run, from the JSON alone
        finished = ExportCheckpoint.from_json(saved.read_text()).finished
        print(f"resumed run: {second} more tickets; checkpoint finished: {finished}")
        total = first + second
        print(f"  handed out {total}, distinct {len(store)}, the fake holds {len(expected)}")
        assert total == len(expected), "a ticket came twice or was missed"
        assert set(store) == expected, "the export does not match the fake's tickets"
        print("  exactly the fake's tickets, each once")

        # Incremental: the finished checkpoint fetches only what changed since.
        changed = sorted(expected)[:3]
        for ticket_id in changed:
            fd.tickets.update(ticket_id, status=TicketStatus.CLOSED)
        again = export(fd, store, saved)
        print(f"incremental run after changing {len(changed)} tickets: {again} tickets fetched")

        # A local mirror: a SQLite copy, kept up to date incrementally.
        mirror = Mirror(Path(tmp) / "freshdesk.sqlite")
        before = fake.counters.total_requests
        report = mirror.sync(fd)
        spent = fake.counters.total_requests - before
        print(f"mirror sync: {report.records} records in {report.pages} pages, {spent} requests")
        for stream, done in sorted(report.streams.items()):
            print(f"  {stream:<18} {done.records:>6} records")
        stats = mirror.stats()  # SQL over the file, no API call
        print(
            f"mirror.stats(): {stats.total_tickets} tickets (spam and deleted left out, as "
            f"search does), {stats.open_tickets} open, {stats.total_contacts} contacts"
        )
        print(f"  mean first response: {hours(stats.avg_first_response_time)}")
        hits = mirror.search_tickets("refund", limit=3)
        print(f'mirror.search_tickets("refund"): {mirror.count_tickets("refund")} matches, top 3:')
        for ticket in hits:
            print(f"  #{ticket.id} {ticket.subject}")
        before = fake.counters.total_requests
        report = mirror.sync(fd)
        spent = fake.counters.total_requests - before
        print(f"second mirror sync: {report.records} records upserted, {spent} requests")
        print("  (companies, agents and groups are re-listed; contacts re-read a safety margin)")
    http_client.close()


if __name__ == "__main__":
    main()
