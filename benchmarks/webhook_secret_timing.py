"""Does the webhook receiver's secret check leak how much of a guess is right? Measure it.

An attacker who can time answers could guess a secret one character at a time
if a wrong guess sharing a longer prefix took longer to refuse. The receiver
hashes both sides and compares the digests with ``hmac.compare_digest``
(``freshdesk_atom/webhooks/_auth.py``). This script times refusals of wrong
secrets of different kinds, interleaved in a new random order each round, so drift and rhythm hit all alike:

* ``none right``: same length, first character already wrong;
* ``all but one``: same length, only the last character wrong;
* ``short`` and ``long``: other lengths;
* ``leaky loop``: the first two compared character by character, stopping at
  the first difference (a hand-written check), to show that this method sees
  a leak when there is one.

Two layers: ``WebhookAuth.accepts`` alone (nanoseconds, many samples), and a
whole ``POST /webhooks/freshdesk`` through the adapter in process (what a
caller sees, minus the network). Run: ``python -m benchmarks.webhook_secret_timing``.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from freshdesk_atom import Freshdesk
from freshdesk_atom.asgi import create_app
from freshdesk_atom.mirror import Mirror
from freshdesk_atom.testing import FakeFreshdesk
from freshdesk_atom.webhooks import DEFAULT_SECRET_HEADER, WebhookAuth, WebhookReceiver

SECRET = "k" * 63 + "Z"  # 64 characters
GUESSES = {
    "none right": "x" * 64,
    "all but one": "k" * 64,
    "short": "k" * 16,
    "long": "k" * 64 + "k" * 64,
}
HEADER = DEFAULT_SECRET_HEADER.lower()


def _leaky_equal(given: str, expected: str) -> bool:
    for mine, theirs in zip(given, expected, strict=False):
        if mine != theirs:
            return False
    return len(given) == len(expected)


def _time_calls(kinds: dict[str, Callable[[], object]], rounds: int) -> dict[str, list[int]]:
    """Call each kind once per round, in a shuffled order, and keep each call's nanoseconds."""
    samples: dict[str, list[int]] = {name: [] for name in kinds}
    clock = time.perf_counter_ns
    order = list(kinds.items())
    shuffle = random.Random(1).shuffle
    for _ in range(rounds):
        shuffle(order)
        for name, call in order:
            start = clock()
            call()
            samples[name].append(clock() - start)
    return samples


def check_alone(rounds: int) -> dict[str, list[int]]:
    auth = WebhookAuth(secret=SECRET)
    kinds: dict[str, Callable[[], object]] = {}
    for name, guess in GUESSES.items():
        kinds[name] = functools.partial(auth.accepts, {HEADER: guess})
    for name in ("none right", "all but one"):
        kinds[f"leaky loop, {name}"] = functools.partial(_leaky_equal, GUESSES[name], SECRET)
    return _time_calls(kinds, rounds)


async def through_the_adapter(requests: int) -> dict[str, list[int]]:
    fake = FakeFreshdesk.generate(tickets=5, contacts=2, seed=1)
    client = Freshdesk(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    )
    mirror = Mirror(Path(tempfile.mkdtemp()) / "timing.sqlite")
    receiver = WebhookReceiver(mirror, client, secret=SECRET, reconcile_every=None)
    app = create_app(mirror=mirror, webhooks=receiver)
    samples: dict[str, list[int]] = {name: [] for name in GUESSES}
    order = list(GUESSES.items())
    shuffle = random.Random(2).shuffle
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://adapter.local"
    ) as http:
        for _ in range(requests):
            shuffle(order)
            for name, guess in order:
                start = time.perf_counter_ns()
                answer = await http.post(
                    "/webhooks/freshdesk", json={"ticket_id": 1}, headers={HEADER: guess}
                )
                samples[name].append(time.perf_counter_ns() - start)
                assert answer.status_code == 401
    client.close()
    return samples


def report(title: str, samples: dict[str, list[int]], unit: str, scale: float) -> None:
    print(f"\n{title}")
    print(f"| guess | median {unit} | p10-p90 {unit} |")
    print("| --- | --- | --- |")
    for name, values in samples.items():
        ordered = sorted(values)
        p10, p90 = ordered[len(ordered) // 10], ordered[len(ordered) * 9 // 10]
        print(
            f"| {name} | {statistics.median(values) / scale:.2f} | "
            f"{p10 / scale:.2f}-{p90 / scale:.2f} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200_000, help="calls of accepts() per guess")
    parser.add_argument("--requests", type=int, default=3_000, help="POSTs per guess")
    args = parser.parse_args(argv)
    report(
        f"WebhookAuth.accepts, {args.rounds:,} calls per guess, interleaved",
        check_alone(args.rounds),
        "ns",
        1.0,
    )
    report(
        f"POST /webhooks/freshdesk in process, {args.requests:,} requests per guess, interleaved",
        asyncio.run(through_the_adapter(args.requests)),
        "µs",
        1000.0,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
