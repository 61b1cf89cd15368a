"""Shared helpers for the fake Freshdesk's contract tests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Final

import httpx

from freshdesk_atom.testing import FakeClock, FakeFreshdesk

START: Final = datetime(2024, 6, 3, 12, 0, 0, tzinfo=UTC)
"""The manual clock's start in every test: a Monday noon, UTC."""

START_WIRE: Final = "2024-06-03T12:00:00Z"


def manual_fake(**options: Any) -> FakeFreshdesk:
    """Return an empty fake on a manual clock at :data:`START`."""
    options.setdefault("clock", FakeClock.manual(START))
    return FakeFreshdesk(**options)


def client_for(fake: FakeFreshdesk, *, base_url: str | None = None) -> httpx.Client:
    """Return a plain httpx client on the fake's MockTransport, authenticated with its key."""
    return httpx.Client(
        transport=fake.transport(),
        base_url=base_url or fake.base_url,
        auth=(fake.api_key, "X"),
    )


def async_client_for(fake: FakeFreshdesk) -> httpx.AsyncClient:
    """Return an async httpx client on the fake's async MockTransport."""
    return httpx.AsyncClient(
        transport=fake.async_transport(), base_url=fake.base_url, auth=(fake.api_key, "X")
    )


def errors_of(response: httpx.Response) -> list[dict[str, Any]]:
    """Return the ``errors`` list of a validation body."""
    body = response.json()
    assert body["description"] == "Validation failed"
    errors: list[dict[str, Any]] = body["errors"]
    return errors


def ticket_body(**fields: Any) -> dict[str, Any]:
    """Return a valid ticket create body, updated with *fields*."""
    body: dict[str, Any] = {
        "subject": "Printer on fire",
        "description": "<p>It <b>really</b> is.</p>",
        "email": "dana@globex.example",
    }
    body.update(fields)
    return body


def multipart(
    fields: Iterable[tuple[str, str]], files: Iterable[tuple[str, str, bytes, str]] = ()
) -> tuple[dict[str, str], bytes]:
    """Return ``(headers, body)`` of a ``multipart/form-data`` request, files or not.

    *fields* are ``(name, text)``; *files* are ``(field name, filename, content, content type)``.
    """
    boundary = "fake-test-boundary-7d3f"
    chunks: list[bytes] = []
    for name, text in fields:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        chunks.append(head.encode() + text.encode() + b"\r\n")
    for name, filename, content, content_type in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        chunks.append(head.encode() + content + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    return headers, b"".join(chunks)
