"""Request-level behaviour: auth, 404/405/406/415, headers on every response (docs/freshdesk-api-notes.md#authentication-and-the-api-host, #errors)."""

from __future__ import annotations

import httpx
import pytest

from freshdesk_atom.testing import FakeFreshdesk

from ._support import client_for


@pytest.mark.parametrize(
    "auth", [("wrong-key", "X"), None, ("fake-api-key@example.com", "password")]
)
def test_bad_or_missing_credentials_are_401(
    fake: FakeFreshdesk, auth: tuple[str, str] | None
) -> None:
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, auth=auth) as http:
        response = http.get("tickets")
    assert response.status_code == 401
    assert response.json() == {
        "code": "invalid_credentials",
        "message": "You have to be logged in to perform this action.",
    }
    assert "X-RateLimit-Remaining" in response.headers


def test_the_key_is_configurable() -> None:
    fake = FakeFreshdesk(api_key="s3cret")
    with client_for(fake) as http:
        assert http.get("agents/me").status_code == 200
    assert fake.api_key == "s3cret"


@pytest.mark.parametrize("path", ["tickets/424242", "contacts/9", "no/such/route", "tickets/abc"])
def test_404_has_an_empty_body(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert (response.status_code, response.content) == (404, b"")
    assert "Content-Type" not in response.headers


def test_outside_the_api_prefix_is_404(fake: FakeFreshdesk) -> None:
    with client_for(fake, base_url="https://fake.freshdesk.com/") as http:
        assert http.get("tickets").status_code == 404
        assert http.get("api/v2").status_code == 404


def test_405_has_allow_and_a_message_only_body(client: httpx.Client) -> None:
    response = client.post("tickets/1")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, PUT, DELETE"
    assert response.json() == {
        "message": "POST method is not allowed. It should be one of these method(s): GET, PUT, DELETE"
    }


@pytest.mark.parametrize(
    ("accept", "status"),
    [
        ("application/json", 200),
        ("*/*", 200),
        ("application/vnd.freshdesk.v2", 200),
        ("text/html, */*;q=0.8", 200),
        ("text/html", 406),
        ("application/xml", 406),
    ],
)
def test_accept_header(client: httpx.Client, accept: str, status: int) -> None:
    response = client.get("tickets", headers={"Accept": accept})
    assert response.status_code == status
    if status == 406:
        assert response.json()["code"] == "invalid_accept_header"


def test_every_response_carries_request_id_and_version(client: httpx.Client) -> None:
    responses = [client.get("tickets"), client.get("nope"), client.get("tickets/1")]
    request_ids = {response.headers["X-Request-Id"] for response in responses}
    assert len(request_ids) == 3
    for response in responses:
        assert response.headers["X-Freshdesk-API-Version"] == "latest=v2; requested=v2"
        for name in (
            "X-RateLimit-Total",
            "X-RateLimit-Remaining",
            "X-RateLimit-Used-CurrentRequest",
        ):
            assert name in response.headers


def test_any_host_is_accepted(fake: FakeFreshdesk) -> None:
    fake.add_ticket()
    with client_for(fake, base_url="http://localhost:9/api/v2/") as http:
        created = http.post(
            "tickets", json={"subject": "s", "description": "d", "email": "a@b.example"}
        )
    assert created.headers["Location"] == "http://localhost:9/api/v2/tickets/2"


def test_trailing_slash_is_tolerated(client: httpx.Client) -> None:
    assert client.get("agents/me/").status_code == 200


def test_json_and_timestamps_on_the_wire(fake: FakeFreshdesk, client: httpx.Client) -> None:
    response = client.post(
        "tickets", json={"subject": "s", "description": "d", "email": "a@b.example"}
    )
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    for key in ("created_at", "updated_at", "due_by", "fr_due_by"):
        assert len(body[key]) == 20
        assert body[key].endswith("Z")


def test_the_fake_counts_requests_per_endpoint(fake: FakeFreshdesk, client: httpx.Client) -> None:
    client.get("tickets")
    client.get("tickets/1")
    client.get("tickets/2")
    client.delete("tickets")
    counters = fake.counters
    assert counters.requests["GET /tickets"] == 1
    assert counters.requests["GET /tickets/{id}"] == 2
    assert counters.requests["DELETE /tickets"] == 1
    assert counters.total_requests == 4
    assert counters.credits_used == 4
    counters.reset()
    assert counters.total_requests == 0
    assert not counters.requests
