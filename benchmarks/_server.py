"""Serve a generated fake Freshdesk over a real loopback socket, in a background thread.

The harness keeps the server in its own process (a thread running uvicorn) and
runs every contender in a subprocess, so it can read and reset the fake's
counters and change its latency, rate limit and faults between runs.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from types import TracebackType
from typing import Any, Self, TypeAlias

import httpx
import uvicorn

from freshdesk_atom.testing import FakeFreshdesk, FaultPlan, RateLimitConfig

__all__ = ["ASGIApp", "LoopbackFake"]

ASGIApp: TypeAlias = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
    Awaitable[None],
]

_START_TIMEOUT = 30.0
_STOP_TIMEOUT = 10.0


class LoopbackFake:
    """A :class:`FakeFreshdesk` served on ``http://127.0.0.1:<free port>/api/v2/``.

    Use it as a context manager: the server stops (and its thread ends) on exit.
    """

    def __init__(
        self,
        *,
        tickets: int,
        contacts: int,
        seed: int = 1,
        conversations: int = 0,
        wrap: Callable[[ASGIApp], ASGIApp] | None = None,
    ) -> None:
        """Generate the account (the same for the same seed); nothing is served yet.

        *wrap* wraps the fake's ASGI app (a request log, for instance).
        """
        self.fake = FakeFreshdesk.generate(
            tickets=tickets,
            contacts=contacts,
            conversations=conversations,
            seed=seed,
            rate_limit=RateLimitConfig.unlimited(),
        )
        app: ASGIApp = self.fake.asgi_app()
        if wrap is not None:
            app = wrap(app)
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        config = uvicorn.Config(
            app,
            log_level="warning",
            lifespan="off",
            access_log=False,
            timeout_keep_alive=60,
            backlog=512,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    @property
    def base_url(self) -> str:
        """The API base URL on loopback."""
        return f"http://127.0.0.1:{self.port}/api/v2/"

    @property
    def api_key(self) -> str:
        """The key the fake accepts."""
        return self.fake.api_key

    def start(self) -> None:
        """Build the listings' caches, start serving; return once the server accepts connections."""
        # The fake sorts a listing on its first request: do it now, so no contender pays for it.
        with httpx.Client(
            transport=self.fake.transport(), base_url=self.fake.base_url, auth=(self.api_key, "X")
        ) as client:
            ticket_order = {"order_by": "updated_at", "order_type": "asc"}
            client.get("tickets", params={"updated_since": "2000-01-01T00:00:00Z", **ticket_order})
            client.get("contacts")
        self._thread.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the loopback fake Freshdesk did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        """Stop serving and wait for the server thread to end."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(_STOP_TIMEOUT)
        self._socket.close()

    def configure(
        self,
        *,
        latency: float = 0.0,
        rate_limit: RateLimitConfig | None = None,
        faults: FaultPlan | None = None,
    ) -> None:
        """Set latency (seconds per response), budget and faults; fresh windows, zero counters.

        The default budget is unlimited and says so in its headers, so the SDK's
        rate governor (on by default) never holds a request back.
        """
        self.fake.latency = latency
        self.fake.rate_limit = rate_limit or RateLimitConfig.unlimited()
        self.fake.faults = faults
        self.fake.counters.reset()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
