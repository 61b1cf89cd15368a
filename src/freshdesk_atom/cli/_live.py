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
    """The receiver to give the adapter, and what to do around the server.

    Attributes:
        receiver: the adapter's webhook receiver.
        start: called once the adapter runs (the fake starts calling it).
        stop_calls: called first at shutdown (the fake stops calling).
        close: called last, once the adapter's workers are stopped (the client).
    """

    receiver: WebhookReceiver
    start: Callable[[], None]
    stop_calls: Callable[[], None]
    close: Callable[[], None]


def _nothing() -> None:
    return None


def live_receiver(
    mirror: Mirror,
    *,
    account: FakeFreshdesk | None,
    webhook_url: str | None,
    reconcile_every: float,
    files: str | None = None,
) -> Live:
    """Return the receiver of *mirror* on *account* (the fake) or the environment's account.

    *files* is the directory of the mirror's attachment files, when it was
    synced with ``--files``.

    Raises:
        ValueError: no secret in the environment (real account), no URL for
            the fake's rule to call, or a mirror synced with files and no *files*.
    """
    import httpx

    from .. import Freshdesk
    from ..webhooks import DEFAULT_SECRET_HEADER, WebhookReceiver

    if files is None and mirror.keeps_files:
        raise ValueError(
            f"--mirror {mirror.path} keeps attachments' files (sync --files DIR): "
            "give the same directory with --files DIR"
        )
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
                mirror, client, secret=secret, reconcile_every=reconcile_every, files=files
            )
        except ValueError:
            client.close()
            raise
        return Live(receiver, start=_nothing, stop_calls=_nothing, close=client.close)

    from ..testing import WebhookRule
    from ._accounts import mirror_the_fake

    if webhook_url is None:
        raise ValueError("the fake's webhooks need the server's address")
    mirror_the_fake(mirror, account)
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

    return Live(receiver, start=start, stop_calls=account.webhooks.stop, close=client.close)


def lifespan_around(
    app: Any, live: Live | None
) -> Callable[[Any], contextlib.AbstractAsyncContextManager[None]]:
    """The outer app's lifespan: the mounted adapter's own (its clients, the receiver) inside *live*'s.

    At shutdown: the fake stops calling, then the adapter's lifespan ends (the
    receiver's workers stop), then the receiver's client is closed.
    """

    @contextlib.asynccontextmanager
    async def lifespan(outer: Any) -> AsyncIterator[None]:
        try:
            async with app.router.lifespan_context(app):
                if live is not None:
                    live.start()
                try:
                    yield
                finally:
                    if live is not None:
                        live.stop_calls()
        finally:
            if live is not None:
                live.close()

    return lifespan
