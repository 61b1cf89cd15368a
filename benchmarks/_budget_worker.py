"""One worker of ``benchmarks/shared_budget.py``: export one resource of the shared account.

Run as ``python -m benchmarks._budget_worker '<json spec>'``. It builds a sync
client whose governor keeps its schedule in Redis (``"redis"`` set) or in this
process, waits for ``go`` on standard input so that every worker starts
together, exports its resource (writing each record's id as a JSON line), and
prints one line ``RESULT {json}``: what it did, how long it took, and what its
governor saw. A failure is reported in the result, never raised.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Final

from freshdesk_atom import Freshdesk, FreshdeskError, RateGovernorConfig
from freshdesk_atom.governor import InProcessStore, RedisStore

RESULT_PREFIX: Final = "RESULT "
LIST_PAGE: Final = 5
"""Small pages: the list workers make many requests, so the sub-limits are tested."""


def _tickets(fd: Freshdesk, spec: dict[str, Any]) -> Iterator[int]:
    listing = fd.tickets.list(
        updated_since="2000-01-01T00:00:00Z",
        order_by="updated_at",
        order_type="asc",
        per_page=LIST_PAGE,
    )
    return (ticket.id for ticket in listing)


def _contacts(fd: Freshdesk, spec: dict[str, Any]) -> Iterator[int]:
    return (contact.id for contact in fd.contacts.list(per_page=LIST_PAGE))


def _companies(fd: Freshdesk, spec: dict[str, Any]) -> Iterator[int]:
    return (company.id for company in fd.companies.list(per_page=LIST_PAGE))


def _threads(fd: Freshdesk, spec: dict[str, Any]) -> Iterator[int]:
    for ticket_id in spec["ids"]:
        for conversation in fd.tickets.conversations.list(ticket_id, per_page=100):
            yield conversation.id


def _ticket_views(fd: Freshdesk, spec: dict[str, Any]) -> Iterator[int]:
    for ticket_id in spec["ids"]:
        yield fd.tickets.get(ticket_id, include="stats").id


def _contact_views(fd: Freshdesk, spec: dict[str, Any]) -> Iterator[int]:
    for contact_id in spec["ids"]:
        yield fd.contacts.get(contact_id).id


EXPORTS: Final = {
    "tickets": _tickets,
    "contacts": _contacts,
    "companies": _companies,
    "threads": _threads,
    "ticket_views": _ticket_views,
    "contact_views": _contact_views,
}


def _write(ids: Iterable[int], out: Path) -> int:
    count = 0
    with out.open("w", encoding="utf-8") as lines:
        for record_id in ids:
            lines.write(json.dumps({"id": record_id}) + "\n")
            count += 1
    return count


def run(spec: dict[str, Any]) -> dict[str, Any]:
    store: RedisStore | InProcessStore
    if spec["redis"]:
        store = RedisStore(
            spec["redis"],
            fallback_share=spec["fallback_share"],
            retry_interval=spec["retry_interval"],
        )
    else:
        store = InProcessStore()
    config = RateGovernorConfig(
        target_share=spec["share"],
        window=spec["window"],
        store=store,
        sub_limits=spec["sub_limits"],
    )
    result: dict[str, Any] = {"worker": spec["name"], "records": 0, "error": None}
    with Freshdesk(
        api_key=spec["api_key"],
        base_url=spec["base_url"],
        rate_governor=config,
        max_retries=8,
        retry_after_cap=120.0,
        timeout=30.0,
    ) as fd:
        print("ready", flush=True)
        if sys.stdin.readline().strip() != "go":
            result["error"] = "never told to go"
            return result
        started = time.monotonic()
        try:
            result["records"] = _write(EXPORTS[spec["export"]](fd, spec), Path(spec["out"]))
        except FreshdeskError as exc:
            result["error"] = f"{type(exc).__name__}: {exc}"
        result["seconds"] = time.monotonic() - started
        stats = fd.rate_governor.stats
        result["store"] = stats.store
        result["falling_back"] = stats.falling_back
        result["governor_429s"] = stats.rate_limited
    return result


def main() -> None:
    # The store's warnings (Redis lost, Redis back) go to standard error, one line each.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    print(RESULT_PREFIX + json.dumps(run(json.loads(sys.argv[1]))), flush=True)


if __name__ == "__main__":
    main()
