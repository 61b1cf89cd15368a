"""Freshdesk's webhooks applied to a mirror, with a reconciliation that covers the lost ones.

```python
from freshdesk_atom import Freshdesk
from freshdesk_atom.asgi import create_app
from freshdesk_atom.mirror import Mirror
from freshdesk_atom.webhooks import WebhookReceiver

mirror = Mirror("freshdesk.sqlite")
receiver = WebhookReceiver(mirror, Freshdesk.from_env(), secret="a-long-random-secret-value")
app = create_app(mirror=mirror, webhooks=receiver)   # POST /webhooks/freshdesk, GET /events
```

The automation rule to create in Freshdesk, and why a webhook is only a
hint: ``docs/webhooks.md``.
"""

from __future__ import annotations

from .._public import publish
from ._auth import DEFAULT_SECRET_HEADER, WebhookAuth
from ._payload import Notice, PayloadError, parse_notice
from ._receiver import Acceptance, WebhookReceiver, WebhookStats

__all__ = [
    "DEFAULT_SECRET_HEADER",
    "Acceptance",
    "Notice",
    "PayloadError",
    "WebhookAuth",
    "WebhookReceiver",
    "WebhookStats",
    "parse_notice",
]

publish(__name__, globals(), __all__)
