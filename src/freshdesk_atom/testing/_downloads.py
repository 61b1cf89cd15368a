"""Serve attachment links as Freshdesk's file storage (Amazon S3) does (docs/freshdesk-api-notes.md#attachments).

The links need no Freshdesk credentials, and S3 refuses a request that brings
some: a request to a link that carries an ``Authorization`` header is a 400
``InvalidArgument`` ("Only one auth mechanism allowed"), so a client that
sends its API key to the file host fails loudly. Otherwise:

* a good link: 200, the bytes, the file's ``Content-Type``;
* a link past ``X-Amz-Date`` + ``X-Amz-Expires``: 403 ``AccessDenied``,
  "Request has expired";
* an altered link: 403 ``SignatureDoesNotMatch``;
* no signature, or a file the fake no longer holds: 403 ``AccessDenied``.

Errors are S3's XML bodies. These answers spend no API credits and carry no
``X-RateLimit-*`` headers; faults and rate limits do not apply to them.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import Final
from xml.sax.saxutils import escape

from ._attachments import signer_for
from ._call import Settings
from ._http import FakeRequest, FakeResponse
from ._state import FakeState
from ._wire import to_wire

__all__ = ["DOWNLOAD_KEY", "serve_download"]

DOWNLOAD_KEY: Final = "GET attachment_url"
"""The key :class:`~freshdesk_atom.testing.FakeCounters` counts attachment downloads under."""

XML_TYPE: Final = "application/xml"
TWO_AUTH_MESSAGE: Final = (
    "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature "
    "query string parameter or the Authorization header should be specified"
)
SIGNATURE_MESSAGE: Final = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your key and signing method."
)


def _s3_error(status: int, code: str, message: str, **extra: str) -> FakeResponse:
    request_id = uuid.uuid4().hex[:16].upper()
    fields = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in extra.items())
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{escape(message)}</Message>{fields}"
        f"<RequestId>{request_id}</RequestId><HostId>{uuid.uuid4().hex}</HostId></Error>"
    )
    headers = {"Content-Type": XML_TYPE, "x-amz-request-id": request_id}
    return FakeResponse(status, body.encode("utf-8"), headers)


def serve_download(
    request: FakeRequest, state: FakeState, now: datetime, settings: Settings
) -> FakeResponse:
    """Answer a request for an attachment link (see the module docstring)."""
    signed = "X-Amz-Algorithm=" in request.raw_query
    if "authorization" in request.headers:
        message = TWO_AUTH_MESSAGE if signed else "Unsupported Authorization Type"
        return _s3_error(400, "InvalidArgument", message, ArgumentName="Authorization")
    verdict = signer_for(settings).check(request.method, request.path, request.raw_query, now)
    if verdict.outcome == "unsigned":
        return _s3_error(403, "AccessDenied", "Access Denied")
    if verdict.outcome == "bad_signature":
        return _s3_error(403, "SignatureDoesNotMatch", SIGNATURE_MESSAGE)
    if verdict.outcome == "expired":
        assert verdict.expires_at is not None
        return _s3_error(
            403,
            "AccessDenied",
            "Request has expired",
            **{"X-Amz-Expires": str(verdict.expires_in)},
            Expires=to_wire(verdict.expires_at),
            ServerTime=to_wire(now),
        )
    assert verdict.attachment_id is not None
    data = state.attachment_data.get(verdict.attachment_id)
    record = state.attachments.get(verdict.attachment_id)
    if data is None or record is None:
        return _s3_error(403, "AccessDenied", "Access Denied")
    headers = {
        "Content-Type": record["content_type"],
        "ETag": f'"{hashlib.md5(data, usedforsecurity=False).hexdigest()}"',
        "Accept-Ranges": "bytes",
        "x-amz-request-id": uuid.uuid4().hex[:16].upper(),
    }
    return FakeResponse(200, data, headers)
