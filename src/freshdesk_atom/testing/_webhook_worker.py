"""Live delivery: a daemon thread that makes webhook calls as they fall due."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Final

import httpx

__all__ = ["HOLD_SECONDS", "POLL_SECONDS", "LiveDelivery"]

logger = logging.getLogger("freshdesk_atom.testing")

POLL_SECONDS: Final = 0.2
"""Real seconds between looks at the queue for late calls and retries coming due."""

HOLD_SECONDS: Final = 1.0
"""Real seconds an ``out_of_order`` call waits for a call to overtake it before it goes anyway."""

STOP_SECONDS: Final = 2.0
"""Real seconds :meth:`LiveDelivery.stop` waits for the thread to end."""


class LiveDelivery:
    """Runs *deliver* with its own ``httpx.Client`` whenever *wake* is set, or every 0.2 s.

    *deliver* must make the due calls; anything it raises is logged and the
    thread goes on, so nothing ever reaches the code that fired the events.
    """

    def __init__(
        self,
        deliver: Callable[[httpx.Client], object],
        wake: threading.Event,
        timeout: float,
    ) -> None:
        """Prepare the thread; :meth:`start` runs it."""
        self._deliver = deliver
        self._wake = wake
        self._timeout = timeout
        self._stopping = threading.Event()  # a new one per thread: see start()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """Whether the thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the thread (nothing happens if it runs already)."""
        if self.running:
            return
        # A thread that outlived stop() keeps its own event, so it still ends.
        self._stopping = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(self._stopping,), name="freshdesk-atom-webhooks", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to end and wait up to two seconds for it (a call in flight may take longer)."""
        thread = self._thread
        if thread is None:
            return
        self._stopping.set()
        self._wake.set()
        thread.join(STOP_SECONDS)
        if thread.is_alive():
            logger.warning("webhook delivery thread still busy after %g s", STOP_SECONDS)
        self._thread = None

    def _run(self, stopping: threading.Event) -> None:
        with httpx.Client(timeout=self._timeout) as client:
            while not stopping.is_set():
                self._wake.wait(POLL_SECONDS)
                self._wake.clear()
                if stopping.is_set():
                    break
                try:
                    self._deliver(client)
                except Exception:
                    logger.exception("webhook delivery failed")
