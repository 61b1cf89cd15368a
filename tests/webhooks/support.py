"""A mirror of a fake account, a receiver on it and the adapter serving it, for the webhook tests."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio
import httpx

from freshdesk_atom import Freshdesk
from freshdesk_atom.asgi import create_app
from freshdesk_atom.mirror import Mirror
from freshdesk_atom.testing import FakeFreshdesk
from freshdesk_atom.webhooks import WebhookReceiver

from ..export.support import client

SECRET = "a-long-random-secret-for-tests"
HEADERS = {"X-Freshdesk-Webhook-Secret": SECRET}


def synced_mirror(fake: FakeFreshdesk, path: Path) -> Mirror:
    mirror = Mirror(path)
    with client(fake) as fd:
        mirror.sync(fd)
    return mirror


def api(fake: FakeFreshdesk) -> httpx.Client:
    """A plain HTTP client on the fake: changes made "in Freshdesk", outside the mirror's view."""
    return httpx.Client(
        transport=fake.transport(), base_url=fake.base_url, auth=(fake.api_key, "X")
    )


@contextlib.asynccontextmanager
async def receiving(
    mirror: Mirror, fd: Freshdesk, **options: Any
) -> AsyncIterator[tuple[WebhookReceiver, httpx.AsyncClient]]:
    """Run a receiver (no reconciliation unless asked) and yield it with a client of its app."""
    options.setdefault("secret", SECRET)
    options.setdefault("reconcile_every", None)
    options.setdefault("reconcile_at_start", False)
    receiver = WebhookReceiver(mirror, fd, **options)
    app = create_app(mirror=mirror, webhooks=receiver)
    async with anyio.create_task_group() as group:
        await group.start(receiver.run)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://adapter.test"
        ) as http:
            yield receiver, http
        group.cancel_scope.cancel()
