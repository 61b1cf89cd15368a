"""``Settings``: everything the routes need, fixed when the app is created."""

from __future__ import annotations

from typing import Literal

import attrs

from ..mirror import Mirror
from ..webhooks import WebhookReceiver
from ._clients import AccountClients
from ._credentials import (
    Authorizer,
    CallerIdentity,
    CredentialsProvider,
    CredentialStore,
    Verifications,
)
from ._figures import FiguresCache
from ._memberships import MembershipCache

__all__ = ["Settings"]


@attrs.frozen(kw_only=True)
class Settings:
    """Everything the routes need, fixed when the app is created (see ``create_app``)."""

    credentials: CredentialsProvider
    store: CredentialStore
    caller: CallerIdentity
    authorize: Authorizer | None
    clients: AccountClients
    allowed_base_urls: tuple[str, ...]
    max_body_bytes: int
    max_upload_bytes: int
    stats_window_days: int | None
    search_scan_limit: int
    memberships: MembershipCache
    figures: FiguresCache
    verifications: Verifications
    health_grace: float
    find_lost_creates: bool
    auth_token: str | None = attrs.field(default=None, repr=False)
    auth_callers: Literal["loopback", "any"] = "loopback"
    mirror: Mirror | None = None
    webhooks: WebhookReceiver | None = None
