"""How a webhook proves it comes from the account's automation rule: a shared secret, compared in constant time.

Freshdesk signs nothing; a "Trigger webhook" action can send HTTP Basic
credentials and up to five custom headers
(https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules).
The receiver accepts a request when a configured secret header or Basic
credentials match. Both sides are hashed with SHA-256 before
``hmac.compare_digest``, so the comparison takes the same time whatever the
length of the guess and however many of its first characters are right.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from typing import Final

import attrs

__all__ = ["DEFAULT_SECRET_HEADER", "WebhookAuth"]

DEFAULT_SECRET_HEADER: Final = "X-Freshdesk-Webhook-Secret"
_MIN_SECRET: Final = 16


def _digest(value: str | bytes) -> bytes:
    raw = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value
    return hashlib.sha256(raw).digest()


def _same(given: str | bytes | None, expected: bytes) -> bool:
    # Always hash and compare, even when nothing was given: no early answer.
    return hmac.compare_digest(_digest(given if given is not None else b""), expected) and (
        given is not None
    )


@attrs.frozen(repr=False)
class WebhookAuth:
    """The shared secret a webhook must carry: a header's value, Basic credentials, or either.

    Args:
        secret: the value of *header* the rule sends (16 characters at least).
        header: the custom header's name (default ``X-Freshdesk-Webhook-Secret``).
        basic: ``(username, password)`` the rule sends as HTTP Basic.

    Raises:
        ValueError: neither is given, or the secret is shorter than 16 characters.
    """

    secret: str | None = None
    header: str = DEFAULT_SECRET_HEADER
    basic: tuple[str, str] | None = None
    _secret_digest: bytes = attrs.field(init=False)
    _basic_digest: bytes = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        if self.secret is None and self.basic is None:
            raise ValueError("webhooks need a secret header or Basic credentials")
        if self.secret is not None and len(self.secret) < _MIN_SECRET:
            raise ValueError(f"the webhook secret must have at least {_MIN_SECRET} characters")
        for what, value in (("secret", self.secret), ("password", (self.basic or ("", ""))[1])):
            if value is not None and not (value.isascii() and value.isprintable()):
                # Header values arrive as Latin-1 text: anything else could never match.
                raise ValueError(f"the webhook {what} must be printable ASCII")
        if self.basic is not None and len(self.basic[1]) < _MIN_SECRET:
            raise ValueError(f"the webhook password must have at least {_MIN_SECRET} characters")
        if not self.header or not self.header.isascii() or ":" in self.header:
            raise ValueError(f"{self.header!r} is not a header name")
        secret = _digest(self.secret) if self.secret is not None else b""
        basic = _digest(":".join(self.basic)) if self.basic is not None else b""
        object.__setattr__(self, "_secret_digest", secret)
        object.__setattr__(self, "_basic_digest", basic)

    def __repr__(self) -> str:
        ways = [f"header={self.header!r}"] if self.secret is not None else []
        if self.basic is not None:
            ways.append("basic=***")
        return f"WebhookAuth({', '.join(ways)})"

    @property
    def challenge(self) -> str | None:
        """The ``WWW-Authenticate`` value of a refusal (Basic only)."""
        return 'Basic realm="freshdesk-webhooks"' if self.basic is not None else None

    def accepts(self, headers: Mapping[str, str]) -> bool:
        """Whether *headers* (names lower-case, as in an ASGI scope) carry a configured secret."""
        by_header = _same(headers.get(self.header.lower()), self._secret_digest)
        by_basic = _same(_basic_credentials(headers.get("authorization")), self._basic_digest)
        return (self.secret is not None and by_header) or (self.basic is not None and by_basic)


def _basic_credentials(value: str | None) -> bytes | None:
    if value is None:
        return None
    scheme, _, encoded = value.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        return base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None
