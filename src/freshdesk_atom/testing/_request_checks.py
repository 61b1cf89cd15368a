"""The checks every request passes before routing: HTTP Basic with the API key, and ``Accept``."""

from __future__ import annotations

import base64
import binascii
from typing import Final

from ._errors import request_error
from ._http import FakeRequest

__all__ = ["ACCEPTED_MEDIA", "authenticate", "check_accept"]

# docs/freshdesk-api-notes.md#authentication-and-the-api-host: omit, or application/json, */*, application/vnd.freshdesk.v2; anything else → 406.
ACCEPTED_MEDIA: Final = frozenset({"application/json", "*/*", "application/vnd.freshdesk.v2"})


def authenticate(request: FakeRequest, api_key: str) -> None:
    """Raise the 401 unless HTTP Basic carries the API key as the username (docs/freshdesk-api-notes.md#authentication-and-the-api-host)."""
    header = request.headers.get("authorization", "")
    scheme, _, encoded = header.partition(" ")
    username = None
    if scheme.lower() == "basic":
        try:
            username = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")[0]
        except (binascii.Error, UnicodeDecodeError):
            username = None
    if username != api_key:
        raise request_error(
            401, "invalid_credentials", "You have to be logged in to perform this action."
        )


def check_accept(request: FakeRequest) -> None:
    """Raise the 406 unless the ``Accept`` header allows JSON (or is absent or blank)."""
    accept = request.headers.get("accept")
    if accept is None or not accept.strip():
        return
    media = {part.split(";", 1)[0].strip().lower() for part in accept.split(",")}
    if not media & ACCEPTED_MEDIA:
        # The message text is unverified; the code is docs/freshdesk-api-notes.md#errors's invalid_accept_header.
        raise request_error(
            406,
            "invalid_accept_header",
            "Only application/json and application/vnd.freshdesk.v2 are supported in the Accept header",
        )
