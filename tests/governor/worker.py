"""One worker process of the multi-process tests: a sync client hammering the loopback fake.

Run as ``python -m tests.governor.worker '<json>'``. It builds its client, says
``ready`` on stdout, waits for ``go`` on stdin, then sends requests from a few
threads until the duration is up, and prints one JSON line of what it did.
Pacing is the client's: its own governor, or the store shared through Redis.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import Counter
from typing import Any

from freshdesk_atom import Freshdesk, FreshdeskError, RateGovernorConfig
from freshdesk_atom._core.request import RequestSpec
from freshdesk_atom.governor import InProcessStore, RedisStore


def run(spec: dict[str, Any]) -> dict[str, Any]:
    store = RedisStore(spec["redis"]) if spec["redis"] else InProcessStore()
    config = RateGovernorConfig(
        target_share=spec["share"],
        window=spec["window"],
        store=store,
        sub_limits=spec.get("sub_limits") or {},
    )
    done: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    lock = threading.Lock()
    list_page = RequestSpec(method="GET", path="tickets", params=(("per_page", "1"),))
    with Freshdesk(api_key=spec["api_key"], base_url=spec["base_url"], rate_governor=config) as fd:
        print("ready", flush=True)
        if sys.stdin.readline().strip() != "go":
            raise SystemExit("no go")
        start = time.time()
        deadline = time.monotonic() + spec["duration"]

        def loop(index: int) -> None:
            ticket_id = 1 + index
            while time.monotonic() < deadline:
                try:
                    if spec["mode"] == "lists":
                        fd.request(list_page, cast_to=tuple[dict[str, Any], ...])
                    else:
                        fd.tickets.get(ticket_id)
                        ticket_id = 1 + (ticket_id % 30)
                except FreshdeskError as exc:
                    with lock:
                        errors[type(exc).__name__] += 1
                else:
                    with lock:
                        done[spec["mode"]] += 1

        threads = [threading.Thread(target=loop, args=(n,)) for n in range(spec["threads"])]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        end = time.time()
        stats = fd.rate_governor.stats
    return {
        "start": start,
        "end": end,
        "done": dict(done),
        "errors": dict(errors),
        "store": stats.store,
        "falling_back": stats.falling_back,
        "rate_limited": stats.rate_limited,
    }


if __name__ == "__main__":
    print(json.dumps(run(json.loads(sys.argv[1]))), flush=True)
