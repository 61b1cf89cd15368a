"""``serve --webhooks``: the webhook receiver of the served mirror, and (with ``--fake``) the fake's rule calling it.

With a real account the secret comes from ``$FRESHDESK_WEBHOOK_SECRET`` and
the account from ``$FRESHDESK_API_KEY``/``$FRESHDESK_DOMAIN``; the mirror may
be new: the receiver's first reconciliation fills it. With ``--fake`` the
mirror is filled from the fake before serving, a random secret is made, and
the fake gets an automation rule calling ``POST <prefix>/webhooks/freshdesk``
on the server itself, delivered from a thread while the server runs: a ticket
created through the API reaches the mirror, ``/events`` and the dashboard.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from ..mirror import Mirror
    from ..testing import FakeFreshdesk
    from ..webhooks import WebhookReceiver

__all__ = ["WEBHOOK_SECRET_ENV", "Live", "live_receiver"]

WEBHOOK_SECRET_ENV = "FRESHDESK_WEBHOOK_SECRET"


@attrs.define
class Live:
    """The receiver to give the adapter, and what to start and stop around the server."""

    receiver: WebhookReceiver
    start: Callable[[], None]
    stop: Callable[[], None]


def live_receiver(
    mirror: Mirror,
    *,
    account: FakeFreshdesk | None,
    webhook_url: str | None,
    reconcile_every: float,
) -> Live:
    """Return the receiver of *mirror* on *account* (the fake) or the environment's account.

    Raises:
        ValueError: no secret in the environment (real account), or no URL
            for the fake's rule to call.
    """
    import httpx

    from .. import Freshdesk
    from ..webhooks import DEFAULT_SECRET_HEADER, WebhookReceiver

    if account is None:
        secret = os.environ.get(WEBHOOK_SECRET_ENV, "")
        if not secret:
            raise ValueError(
                f"--webhooks needs the shared secret the automation rule sends: set "
                f"{WEBHOOK_SECRET_ENV} (16 characters at least; docs/webhooks.md)"
            )
        client = Freshdesk.from_env()
        try:
            receiver = WebhookReceiver(
                mirror, client, secret=secret, reconcile_every=reconcile_every
            )
        except ValueError:
            client.close()
            raise
        return Live(receiver, start=lambda: None, stop=client.close)

    from ..testing import RateLimitConfig, WebhookRule

    if webhook_url is None:
        raise ValueError("the fake's webhooks need the server's address")
    if mirror.counts()["tickets"]:
        raise ValueError(
            f"--mirror {mirror.path} holds another account's tickets: with --fake, "
            "give a new file (the fake's mirror is made from it)"
        )
    # The first sync reads every ticket's thread: the fake's budget is lifted for it,
    # so the demo starts in seconds (a real account's first reconciliation is paced).
    budget = account.rate_limit
    account.rate_limit = RateLimitConfig.unlimited()
    try:
        with Freshdesk(
            api_key=account.api_key,
            base_url=account.base_url,
            http_client=httpx.Client(transport=account.transport()),
            rate_governor=False,
        ) as first:
            mirror.sync(first)
    finally:
        account.rate_limit = budget
    client = Freshdesk(
        api_key=account.api_key,
        base_url=account.base_url,
        http_client=httpx.Client(transport=account.transport()),
    )
    secret = secrets.token_urlsafe(24)
    account.webhooks.add(WebhookRule(url=webhook_url, headers={DEFAULT_SECRET_HEADER: secret}))
    receiver = WebhookReceiver(
        mirror, client, secret=secret, reconcile_every=reconcile_every, reconcile_at_start=False
    )

    def start() -> None:
        account.webhooks.start()

    def stop() -> None:
        account.webhooks.stop()
        client.close()

    return Live(receiver, start=start, stop=stop)


def lifespan_around(
    app: Any, live: Live | None
) -> Callable[[Any], contextlib.AbstractAsyncContextManager[None]]:
    """The outer app's lifespan: run the mounted adapter's own (its clients, the receiver) and *live*'s."""

    @contextlib.asynccontextmanager
    async def lifespan(outer: Any) -> AsyncIterator[None]:
        async with app.router.lifespan_context(app):
            if live is not None:
                live.start()
            try:
                yield
            finally:
                if live is not None:
                    live.stop()

    return lifespan
