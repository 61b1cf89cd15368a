"""Serve a generated fake Freshdesk on loopback: ``python -m freshdesk_atom.testing``.

Prints the base URL and the API key, then serves until interrupted::

    python -m freshdesk_atom.testing --port 8765 --tickets 20000 --contacts 5000 --seed 1 \\
        --latency-ms 50 --rate-limit 100/2s

Needs uvicorn (the ``asgi`` extra).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from ._fake import DEFAULT_API_KEY, FakeFreshdesk
from ._ratelimit import RateLimitConfig

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m freshdesk_atom.testing",
        description="Serve an in-memory fake Freshdesk API v2 over HTTP.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    parser.add_argument(
        "--tickets", type=int, default=1000, help="generated tickets (default 1000)"
    )
    parser.add_argument(
        "--contacts", type=int, default=300, help="generated contacts (default 300)"
    )
    parser.add_argument(
        "--conversations",
        type=int,
        default=None,
        help="generated replies and notes (default: half the tickets, at most 500)",
    )
    parser.add_argument("--seed", type=int, default=1, help="generation seed (default 1)")
    parser.add_argument("--years", type=float, default=3.0, help="years of history (default 3)")
    parser.add_argument(
        "--recorded", action="store_true", help="serve the recorded samples instead"
    )
    parser.add_argument("--latency-ms", type=float, default=0.0, help="delay per response, ms")
    parser.add_argument(
        "--rate-limit", default="700/min", help="credits per window: 100/2s, 700/min or off"
    )
    parser.add_argument("--api-key", default=DEFAULT_API_KEY, help="the accepted API key")
    parser.add_argument("--domain", default="fake", help="account domain (default fake)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the server; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        from ..cli._server import serve
    except ImportError:  # pragma: no cover - depends on the environment
        print("uvicorn is required: pip install 'freshdesk-atom[asgi]'", file=sys.stderr)
        return 2
    try:
        rate_limit = RateLimitConfig.parse(args.rate_limit)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    options = {
        "api_key": args.api_key,
        "domain": args.domain,
        "rate_limit": rate_limit,
        "latency": args.latency_ms / 1000,
    }
    started = time.perf_counter()
    if args.recorded:
        fake = FakeFreshdesk.recorded(**options)
    else:
        fake = FakeFreshdesk.generate(
            tickets=args.tickets,
            contacts=args.contacts,
            seed=args.seed,
            years=args.years,
            conversations=args.conversations,
            **options,
        )
    took = time.perf_counter() - started
    print(f"base URL: http://{args.host}:{args.port}/api/v2/", flush=True)
    print(f"API key:  {fake.api_key}", flush=True)
    print(f"account:  {fake!r} (built in {took:.2f}s)", flush=True)
    serve(fake.asgi_app(), host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
