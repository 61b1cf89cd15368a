"""Serve a generated fake Freshdesk over a real loopback socket, in a background thread.

The benchmark harness keeps the server in its own process (a thread running
uvicorn) and runs every contender in a subprocess, so the parent can read and
reset the fake's counters, change its latency and rate limit between runs, and
each contender's memory figures are its own.
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Self

import uvicorn

from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig

__all__ = ["LoopbackFake"]

_START_TIMEOUT = 30.0
_STOP_TIMEOUT = 10.0


class LoopbackFake:
    """A :class:`FakeFreshdesk` served on ``http://127.0.0.1:<free port>/api/v2/``.

    Use it as a context manager: the server stops (and its thread ends) on exit,
    whatever happened inside.
    """

    def __init__(self, *, tickets: int, contacts: int, seed: int = 1) -> None:
        """Generate the account (deterministic for a seed); nothing is served yet."""
        self.fake = FakeFreshdesk.generate(
            tickets=tickets, contacts=contacts, seed=seed, rate_limit=RateLimitConfig.off()
        )
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        config = uvicorn.Config(
            self.fake.asgi_app(),
            log_level="warning",
            lifespan="off",
            access_log=False,
            timeout_keep_alive=60,
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
        """Start serving; return once the server accepts connections."""
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

    def configure(self, *, latency: float = 0.0, rate_limit: str = "off") -> None:
        """Set the per-response latency (seconds) and the budget; fresh windows, zero counters."""
        self.fake.latency = latency
        self.fake.rate_limit = RateLimitConfig.parse(rate_limit)
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
