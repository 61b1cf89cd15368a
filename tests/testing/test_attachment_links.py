"""Signed attachment links: shape, expiry and tampering (docs/freshdesk-api-notes.md#attachments)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from freshdesk_atom.testing._attachment_links import LinkSigner, is_file_path

from ._support import START

SIGNER = LinkSigner(b"k" * 32, 300)
ORIGIN = "https://fake.freshdesk.com"


def _split(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.path, parts.query


def test_link_shape() -> None:
    url = SIGNER.url(ORIGIN, 48000000123, "report (final).pdf", START)
    path, query = _split(url)
    assert url.startswith(ORIGIN + "/fake-s3/")
    assert is_file_path(path)
    assert not is_file_path("/api/v2/tickets")
    assert path == (
        "/fake-s3/helpdesk/attachments/production/48000000123/original/report%20%28final%29.pdf"
    )
    params = {key: values[0] for key, values in parse_qs(query).items()}
    assert params["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert params["X-Amz-Date"] == "20240603T120000Z"
    assert params["X-Amz-Expires"] == "300"
    assert params["X-Amz-Credential"].startswith("FAKEACCESSKEY/20240603/")
    assert len(params["X-Amz-Signature"]) == 64
    # Same attachment, same fake second: the same link; a second later, a fresh one.
    assert SIGNER.url(ORIGIN, 48000000123, "report (final).pdf", START) == url
    assert SIGNER.url(ORIGIN, 48000000123, "report (final).pdf", START + timedelta(1)) != url


@pytest.mark.parametrize(
    ("elapsed", "outcome"),
    [(0, "ok"), (299, "ok"), (300, "ok"), (301, "expired"), (3600, "expired")],
)
def test_links_expire_after_their_ttl(elapsed: int, outcome: str) -> None:
    path, query = _split(SIGNER.url(ORIGIN, 7, "a.txt", START))
    verdict = SIGNER.check("GET", path, query, START + timedelta(seconds=elapsed))
    assert verdict.outcome == outcome
    assert verdict.attachment_id == 7
    assert verdict.expires_at == START + timedelta(seconds=300)


def _tampered(change: str) -> tuple[str, str, str]:
    path, query = _split(SIGNER.url(ORIGIN, 7, "a.txt", START))
    method = "GET"
    if change == "id":
        path = path.replace("/7/", "/8/")
    elif change == "name":
        path = path.replace("a.txt", "b.txt")
    elif change == "expires":
        query = query.replace("X-Amz-Expires=300", "X-Amz-Expires=3000")
    elif change == "date":
        query = query.replace("20240603T120000Z", "20240603T120500Z")
    elif change == "signature":
        signature = parse_qs(query)["X-Amz-Signature"][0]
        query = query.replace(signature, signature[::-1])
    elif change == "method":
        method = "PUT"
    elif change == "other key":
        path, query = _split(LinkSigner(b"x" * 32, 300).url(ORIGIN, 7, "a.txt", START))
    elif change == "algorithm":
        query = query.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1")
    elif change == "path":
        path = path.replace("/original/", "/thumb/")
    return method, path, query


@pytest.mark.parametrize(
    "change",
    ["id", "name", "expires", "date", "signature", "method", "other key", "algorithm", "path"],
)
def test_tampered_links_are_refused(change: str) -> None:
    method, path, query = _tampered(change)
    assert SIGNER.check(method, path, query, START).outcome == "bad_signature"


def test_other_escapings_of_the_name_still_match() -> None:
    path, query = _split(SIGNER.url(ORIGIN, 7, "report (1).txt", START))
    assert path.endswith("/report%20%281%29.txt")
    unescaped = path.replace("%28", "(").replace("%29", ")")
    assert SIGNER.check("GET", unescaped, query, START).outcome == "ok"
    assert SIGNER.check("get", path, query, START).outcome == "ok"


@pytest.mark.parametrize("query", ["", "a=1", "X-Amz-Expires=300"])
def test_links_without_a_signature_are_unsigned(query: str) -> None:
    path, _ = _split(SIGNER.url(ORIGIN, 7, "a.txt", START))
    assert SIGNER.check("GET", path, query, START).outcome == "unsigned"
