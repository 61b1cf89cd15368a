"""One long-lived SDK client per Freshdesk account the adapter serves.

A client per request would forget what its rate governor learnt of the
account's budget, and its rate-limit snapshot, after every request. Keeping
one per account (and API key) lets every request of that account share them,
and its connections. Each client has its own HTTP client, so a cookie one
account's responses set never travels with another account's requests
(unless the host passes one ``http_client`` for all, which is its call).
At most ``max_accounts`` are kept; the least recently used is closed first
(a request still using it then fails as Freshdesk being unreachable would).
The app closes them all on shutdown.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

import httpx

from .. import AsyncFreshdesk
from ._credentials import Credentials, account_key

__all__ = ["AccountClients"]

ClientFactory = Callable[[Credentials, httpx.AsyncClient | None], AsyncFreshdesk]


class AccountClients:
    """The SDK clients of the accounts the adapter serves, made on first use."""

    def __init__(
        self,
        make: ClientFactory,
        *,
        http_client: httpx.AsyncClient | None = None,
        max_accounts: int = 100,
    ) -> None:
        if max_accounts < 1:
            raise ValueError("max_accounts must be >= 1")
        self._make = make
        self._http_client = http_client
        self._max = max_accounts
        self._clients: OrderedDict[tuple[str, str], AsyncFreshdesk] = OrderedDict()

    async def get(self, credentials: Credentials) -> AsyncFreshdesk:
        """Return the client of *credentials*' account, making it on first use.

        Making one beyond ``max_accounts`` closes the least recently used.

        Raises:
            TypeError, ValueError: the credentials are not usable by the SDK.
        """
        key = account_key(credentials)
        client = self._clients.get(key)
        if client is not None:
            self._clients.move_to_end(key)
            return client
        client = self._make(credentials, self._http_client)
        self._clients[key] = client
        if len(self._clients) > self._max:
            _, oldest = self._clients.popitem(last=False)
            await oldest.aclose()
        return client

    async def aclose(self) -> None:
        """Close every client made here (a host's ``http_client`` stays open)."""
        clients = list(self._clients.values())
        self._clients.clear()
        for client in clients:
            await client.aclose()

    def __len__(self) -> int:
        return len(self._clients)

    def __repr__(self) -> str:
        return f"<AccountClients accounts={len(self._clients)}>"
