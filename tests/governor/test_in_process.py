"""The in-process store honours configured sub-limits too: one process alone respects them."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx

from freshdesk_atom import Freshdesk, FreshdeskError, RateGovernorConfig
from freshdesk_atom._core.request import RequestSpec
from freshdesk_atom.governor import InProcessStore
from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig


def test_one_process_keeps_the_tickets_list_under_its_sub_limit() -> None:
    # 100 credits per 2 s, the tickets list 10 of them: without its own schedule,
    # two listing threads would spend 40 list credits per window and meet 429s.
    budget = RateLimitConfig(total=100, window=2, sub_limits={"tickets_list": 10})
    fake = FakeFreshdesk.generate(tickets=30, contacts=5, seed=3, rate_limit=budget)
    config = RateGovernorConfig(window=2, store=InProcessStore(), sub_limits={"tickets_list": 10})
    page = RequestSpec(method="GET", path="tickets", params=(("per_page", "1"),))
    done = {"lists": 0, "views": 0}
    errors: list[str] = []
    lock = threading.Lock()
    with Freshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
        rate_governor=config,
    ) as fd:
        until = time.monotonic() + 2.5

        def loop(kind: str) -> None:
            while time.monotonic() < until:
                try:
                    if kind == "lists":
                        fd.request(page, cast_to=tuple[dict[str, Any], ...])
                    else:
                        fd.tickets.get(1)
                except FreshdeskError as exc:
                    with lock:
                        errors.append(repr(exc))
                else:
                    with lock:
                        done[kind] += 1

        started = time.monotonic()
        threads = [
            threading.Thread(target=loop, args=(kind,)) for kind in ("lists", "lists", "views")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        stats = fd.rate_governor.stats
    assert errors == []
    assert fake.counters.rate_limited == 0
    assert stats.store == "in-process"
    # The list runs at 80% of its own limit (4 a second); the views take the account's rest.
    assert done["lists"] / elapsed <= 0.8 * 10 / 2 + 1
    assert done["lists"] >= 6
    assert done["views"] > 3 * done["lists"]
