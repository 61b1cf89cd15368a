"""Pre-signed, expiring attachment links in the style of Amazon S3 (docs/freshdesk-api-notes.md#attachments).

A link looks like Freshdesk's S3 links, on the fake's own origin (or
``attachment_host``), outside ``/api/v2/``::

    https://fake.freshdesk.com/fake-s3/helpdesk/attachments/production/48000000123/original/report.pdf
        ?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=FAKEKEY%2F20240603%2Fus-east-1%2Fs3%2Faws4_request
        &X-Amz-Date=20240603T120000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature=<hex>

It works from ``X-Amz-Date`` for ``X-Amz-Expires`` seconds of the fake's
clock. The signature (an HMAC of the method, the object's path and the two
times) is the fake's own: it only has to make tampering visible. The same
attachment read at the same fake second gets the same link; read later, a
fresh one.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import UTC, datetime, timedelta
from typing import Final, Literal
from urllib.parse import parse_qs, quote, unquote

import attrs

__all__ = ["FILES_PREFIX", "LinkCheck", "LinkSigner", "Outcome", "is_file_path"]

FILES_PREFIX: Final = "/fake-s3/"
"""Where attachment links live: a path outside ``/api/v2/``."""

_OBJECT_RE: Final = re.compile(
    r"/fake-s3/helpdesk/attachments/production/([0-9]+)/original/([^/?#]+)\Z"
)
_DATE_RE: Final = re.compile(r"[0-9]{8}T[0-9]{6}Z")
_HEX_RE: Final = re.compile(r"[0-9a-f]{64}")
_AMZ_DATE: Final = "%Y%m%dT%H%M%SZ"
ALGORITHM: Final = "AWS4-HMAC-SHA256"
MAX_EXPIRES: Final = 604_800  # S3's limit on X-Amz-Expires: seven days

Outcome = Literal["ok", "expired", "bad_signature", "unsigned"]
"""What a link is: good, past its time, altered, or no signed link at all."""


def is_file_path(path: str) -> bool:
    """Tell whether *path* is under the attachment links' prefix."""
    return path.startswith(FILES_PREFIX)


@attrs.frozen
class LinkCheck:
    """The verdict on one link: the outcome, the attachment it names and when it expires."""

    outcome: Outcome
    attachment_id: int | None = None
    expires_at: datetime | None = None
    expires_in: int | None = None


def _object_path(attachment_id: int, name: str) -> str:
    # The name is signed in one canonical escaping, whatever escaping a client sends back.
    return (
        f"{FILES_PREFIX}helpdesk/attachments/production/{attachment_id}/original/"
        f"{quote(name, safe='')}"
    )


def _amz_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_AMZ_DATE)


@attrs.frozen
class LinkSigner:
    """Signs and checks attachment links with one account's *secret*.

    Attributes:
        secret: the signing key.
        ttl: seconds a new link works (``X-Amz-Expires``).
    """

    secret: bytes = attrs.field(repr=False)
    ttl: int

    def _signature(self, method: str, object_path: str, amz_date: str, expires: str) -> str:
        message = "\n".join((method, object_path, amz_date, expires)).encode("utf-8")
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def url(self, origin: str, attachment_id: int, name: str, now: datetime) -> str:
        """Return a link to the attachment, signed at *now* for :attr:`ttl` seconds."""
        object_path = _object_path(attachment_id, name or "file")
        amz_date = _amz_date(now)
        expires = str(self.ttl)
        signature = self._signature("GET", object_path, amz_date, expires)
        credential = quote(f"FAKEACCESSKEY/{amz_date[:8]}/us-east-1/s3/aws4_request", safe="")
        query = (
            f"X-Amz-Algorithm={ALGORITHM}&X-Amz-Credential={credential}&X-Amz-Date={amz_date}"
            f"&X-Amz-Expires={expires}&X-Amz-SignedHeaders=host&X-Amz-Signature={signature}"
        )
        return f"{origin}{object_path}?{query}"

    def check(self, method: str, path: str, raw_query: str, now: datetime) -> LinkCheck:
        """Return the verdict on a request for *path* with *raw_query* at *now*.

        A link for another method (S3 signs the method) is ``bad_signature``.
        """
        params = {key: values[-1] for key, values in parse_qs(raw_query).items()}
        if "X-Amz-Algorithm" not in params and "X-Amz-Signature" not in params:
            return LinkCheck("unsigned")
        found = _OBJECT_RE.match(path)
        amz_date = params.get("X-Amz-Date", "")
        expires = params.get("X-Amz-Expires", "")
        signature = params.get("X-Amz-Signature", "")
        if (
            found is None
            or params.get("X-Amz-Algorithm") != ALGORITHM
            or not _DATE_RE.fullmatch(amz_date)
            or not expires.isdigit()
            or not 0 < int(expires) <= MAX_EXPIRES
            or not _HEX_RE.fullmatch(signature)
        ):
            return LinkCheck("bad_signature")
        attachment_id = int(found.group(1))
        signed_at = datetime.strptime(amz_date, _AMZ_DATE).replace(tzinfo=UTC)
        expires_at = signed_at + timedelta(seconds=int(expires))
        verdict = LinkCheck("ok", attachment_id, expires_at, int(expires))
        if now > expires_at:
            return attrs.evolve(verdict, outcome="expired")
        object_path = _object_path(attachment_id, unquote(found.group(2)))
        wanted = self._signature(method.upper(), object_path, amz_date, expires)
        if not hmac.compare_digest(wanted, signature):
            return attrs.evolve(verdict, outcome="bad_signature")
        return verdict
