"""Writes a browser sends on behalf of another site are refused by ``serve`` (CSRF)."""

from __future__ import annotations

import httpx
import pytest

from freshdesk_atom.asgi._hosts import LOOPBACK_HOSTS
from freshdesk_atom.asgi._origins import cross_site_write
from freshdesk_atom.cli._serve import build_app
from freshdesk_atom.testing import FakeFreshdesk

PREFIX = "/api/v1/freshdesk"
HOST = "127.0.0.1:8000"


@pytest.mark.parametrize(
    ("method", "origin", "fetch_site", "refused"),
    [
        ("GET", "https://evil.example", "cross-site", False),  # reads change nothing
        ("HEAD", None, "cross-site", False),
        ("OPTIONS", "https://evil.example", None, False),
        ("POST", None, None, False),  # not a browser: curl, the ATOM backend
        ("POST", "http://127.0.0.1:8000", "same-origin", False),
        ("POST", "http://proxy.example", "same-origin", False),  # behind a proxy: the browser knows
        ("POST", "HTTP://127.0.0.1:8000", None, False),
        ("POST", None, "none", False),  # typed by the user
        ("POST", "https://evil.example", None, True),
        ("POST", "http://127.0.0.1:8001", None, True),  # another port is another origin
        ("POST", "http://localhost:8000", None, True),
        ("POST", "null", None, True),  # a sandboxed frame or a file
        ("POST", None, "cross-site", True),
        ("PUT", None, "same-site", True),  # another port of the same host
        ("DELETE", "ftp://127.0.0.1:8000", None, True),
    ],
)
def test_cross_site_write(
    method: str, origin: str | None, fetch_site: str | None, refused: bool
) -> None:
    assert cross_site_write(method, HOST, origin, fetch_site) is refused


def test_an_origin_without_a_host_is_refused() -> None:
    assert cross_site_write("POST", None, "http://127.0.0.1:8000", None)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": "https://evil.example"}, 403),
        ({"Sec-Fetch-Site": "cross-site"}, 403),
        ({"Origin": f"http://{HOST}", "Sec-Fetch-Site": "same-origin"}, 201),
    ],
)
async def test_a_reply_form_from_another_site_sends_nothing(
    headers: dict[str, str], status: int
) -> None:
    fake = FakeFreshdesk.generate(tickets=5, contacts=3)
    app, _ = build_app(fake=True, account=fake, prefix=PREFIX, allowed_hosts=LOOPBACK_HOSTS)
    before = len(fake.state.conversations)
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url=f"http://{HOST}") as client:
        response = await client.post(
            f"{PREFIX}/tickets/1/reply",
            files={"body": (None, "Your refund is on its way.")},
            headers=headers,
        )
    assert response.status_code == status, response.text
    if status == 403:
        assert response.json()["error"]["code"] == "cross_site_request"
        assert len(fake.state.conversations) == before
    else:
        assert len(fake.state.conversations) == before + 1
