# Generated from tests/_async/clients.py by scripts/unasync.py; do not edit.
"""A client on a scripted transport, shared by the resource wire tests."""

from __future__ import annotations

import httpx

from freshdesk_atom import Freshdesk
from tests.scripted import API_KEY, BASE_URL, Script


def make_client(script: Script) -> Freshdesk:
    """Return a client whose every request is answered by *script*."""
    return Freshdesk(
        api_key=API_KEY,
        base_url=BASE_URL,
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
    )


def query(request: httpx.Request) -> list[tuple[str, str]]:
    """Return the query pairs of *request*, in order."""
    return list(request.url.params.multi_items())
