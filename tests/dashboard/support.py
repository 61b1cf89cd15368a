"""A real ``freshdesk-atom serve --fake`` on loopback, in a thread, for the browser tests.

The server is the one the command runs (``build_app`` behind the hardened
uvicorn protocol), on a fake account the tests hold, so that they can read its
state and inject faults into it while the page runs.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import attrs
import uvicorn

from freshdesk_atom.cli._serve import DEFAULT_PREFIX, build_app
from freshdesk_atom.cli._server import hardened_protocol
from freshdesk_atom.testing import FakeFreshdesk
from tests.ports import free_port

START_TIMEOUT = 30.0


@attrs.frozen
class LiveServer:
    """A dashboard and adapter served on loopback.

    Attributes:
        url: the dashboard, ``http://127.0.0.1:PORT/``.
        api: the adapter's routes, ``http://127.0.0.1:PORT/api/v1/freshdesk``.
        fake: the fake Freshdesk account behind it.
    """

    url: str
    api: str
    fake: FakeFreshdesk


@contextlib.contextmanager
def live_server(
    fake: FakeFreshdesk, *, mirror: Path | None = None, webhooks: bool = False
) -> Iterator[LiveServer]:
    """Serve the dashboard and the adapter on *fake*; yield where; stop on exit.

    With *mirror* (a path), the figures, search and ``/events`` come from it;
    with *webhooks* too, the fake's automation rule keeps it up to date
    (``serve --fake --mirror DB --webhooks``).
    """
    port = free_port()
    app, _ = build_app(
        fake=True,
        account=fake,
        prefix=DEFAULT_PREFIX,
        mirror=None if mirror is None else str(mirror),
        webhooks=webhooks,
        origin=f"http://127.0.0.1:{port}",
    )
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        http=hardened_protocol(request_timeout=10.0, max_connections=200),
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="dashboard-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the dashboard server did not start")
        time.sleep(0.02)
    try:
        base = f"http://127.0.0.1:{port}"
        yield LiveServer(url=f"{base}/", api=f"{base}{DEFAULT_PREFIX}", fake=fake)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
