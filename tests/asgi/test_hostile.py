"""Hostile and unlucky callers of ``freshdesk-atom serve``: never a 500, always the envelope.

Every case goes through the app ``serve`` runs (the adapter under its prefix,
with the loopback ``Host`` allowlist) on a fake account: malformed JSON, deep
nesting, huge bodies, timestamps at the edge of the datetime range, malformed
and lookalike domains, foreign ``Host`` headers, paths outside the prefix.
Each answer must be below 500, in the JSON envelope, free of the API key,
and come within the deadline. The slow and incomplete requests that need a
real socket are in ``test_serve_limits.py``.
"""

from __future__ import annotations

import json
import time
from typing import Any

import anyio
import attrs
import httpx
import pytest

from freshdesk_atom.asgi._hosts import LOOPBACK_HOSTS
from freshdesk_atom.cli._serve import build_app

pytestmark = pytest.mark.anyio

PREFIX = "/api/v1/freshdesk"
DEADLINE = 15.0


@attrs.frozen
class Case:
    """One request: what to send, and the statuses it may get."""

    name: str
    method: str
    path: str
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()
    allowed: tuple[int, ...] = (400, 404, 405, 413, 415)


def _json(value: Any) -> bytes:
    return json.dumps(value).encode()


def _ticket(**fields: Any) -> bytes:
    return _json({"subject": "s", "description": "d", "email": "a@example.com", **fields})


def _nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = {"a": value}
    return value


JSON = (("content-type", "application/json"),)
LOOKALIKE = "\u0430cme"  # a Cyrillic first letter: reads as "acme"
EDGES = (
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59-14:00",
    "9999-12-31T23:59:59Z",
    "10000-01-01T00:00:00Z",
    "2024-02-30T00:00:00Z",
    "2024-01-01T25:00:00Z",
    "2024-01-01",
    "",
)
DOMAINS = (
    "https://[::1",
    "https://[::1]/",
    "acme\x00",
    "acme\r\nX-Injected: 1",
    LOOKALIKE,
    "xn--cme-5cd",
    "bücher",
    "acme.freshdesk.com.evil.example",
    "https://acme.freshdesk.com@evil.example",
    "https://evil.example#.freshdesk.com",
    "http://127.0.0.1:1/api/v2",
    "https://acme.freshdesk.com:99999",
    "a" * 300,
    "-acme-",
    "..",
)

CASES: list[Case] = [
    Case("malformed json", "POST", "/tickets", b'{"subject": ', JSON),
    Case("not utf-8", "POST", "/tickets", b'{"subject": "\xff\xfe"}', JSON),
    Case("json constant", "POST", "/search", b'{"query": NaN, "type": "ticket"}', JSON),
    Case(
        "huge integer", "POST", "/search", b'{"query": "x", "limit": 1' + b"0" * 5000 + b"}", JSON
    ),
    Case("deep arrays", "POST", "/tickets", b"[" * 100_000 + b"]" * 100_000, JSON),
    Case("deep objects", "POST", "/tickets", b'{"a":' * 50_000 + b"1" + b"}" * 50_000, JSON),
    Case(
        "deep custom fields",
        "POST",
        "/tickets",
        _ticket(custom_fields={"cf_x": _nested(900)}),
        JSON,
    ),
    Case("custom field list", "POST", "/tickets", _ticket(custom_fields={"cf_x": [[[1]]]}), JSON),
    Case("huge body", "POST", "/tickets", b" " * 2_000_000, JSON),
    Case("lying length", "POST", "/tickets", b"{}", (*JSON, ("content-length", "999999999999"))),
    Case("no content type", "POST", "/tickets", _ticket()),
    Case(
        "form body",
        "POST",
        "/auth",
        b"api_key=x&domain=y",
        (("content-type", "application/x-www-form-urlencoded"),),
    ),
    Case("array body", "POST", "/auth", b"[]", JSON),
    Case("null body", "POST", "/search", b"null", JSON),
    *[
        Case(
            f"due_by={value!r}",
            "POST",
            "/tickets",
            _ticket(due_by=value, fr_due_by=value),
            JSON,
            allowed=(201, 400),
        )
        for value in EDGES
    ],
    *[
        Case(
            f"auth domain {domain!r}",
            "POST",
            "/auth",
            _json({"api_key": "k" * 20, "domain": domain}),
            JSON,
            allowed=(400, 401),  # 401: a well-formed name the fake answers, with a wrong key
        )
        for domain in DOMAINS
    ],
    Case(
        "auth non-string domain", "POST", "/auth", _json({"api_key": "k" * 20, "domain": 5}), JSON
    ),
    Case("limit overflow", "GET", "/tickets?limit=99999999999999999999", allowed=(400,)),
    Case("offset negative", "GET", "/contacts?offset=-1", allowed=(400,)),
    Case("repeated limit", "GET", "/agents?limit=1&limit=2", allowed=(400,)),
    Case("percent garbage", "GET", "/tickets?%ff=%00", allowed=(400,)),
    Case("status text", "GET", "/tickets?status=open", allowed=(400,)),
    Case("unknown route", "GET", "/nope"),
    Case("wrong method", "DELETE", "/tickets"),
    Case("trailing slash", "GET", "/tickets/"),
    Case("dot segments", "GET", "/../../etc/passwd"),
    Case("outside the prefix", "GET", "/../x"),
    Case("search too long", "POST", "/search", _json({"query": "x" * 600, "type": "ticket"}), JSON),
    Case("search odd type", "POST", "/search", _json({"query": "x", "type": ["ticket"]}), JSON),
]
FOREIGN_HOSTS = ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", "", "[::1", "a b")


@pytest.fixture(scope="module")
def served() -> tuple[Any, str]:
    app, _ = build_app(
        fake=True, prefix=PREFIX, tickets=60, contacts=20, allowed_hosts=LOOPBACK_HOSTS
    )
    from freshdesk_atom.testing import DEFAULT_API_KEY

    return app, DEFAULT_API_KEY


async def _send(app: Any, method: str, url: str, **kwargs: Any) -> tuple[httpx.Response, float]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
        started = time.perf_counter()
        with anyio.fail_after(DEADLINE):
            response = await client.request(method, url, **kwargs)
        return response, time.perf_counter() - started


def _in_the_envelope(response: httpx.Response, api_key: str) -> dict[str, Any]:
    assert response.headers["content-type"].startswith("application/json"), response.text
    body = response.json()
    assert isinstance(body, dict)
    assert body["success"] is (response.status_code < 400)
    if not body["success"]:
        assert isinstance(body["error"]["code"], str)
        assert isinstance(body["error"]["message"], str)
        assert body["error"]["message"]
    assert api_key not in response.text
    assert all(api_key not in value for value in response.headers.values())
    return body


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
async def test_a_hostile_request_is_refused_in_the_envelope(
    case: Case, served: tuple[Any, str]
) -> None:
    app, api_key = served
    response, took = await _send(
        app, case.method, PREFIX + case.path, content=case.body, headers=dict(case.headers)
    )
    assert response.status_code < 500, response.text
    assert response.status_code in case.allowed, response.text
    _in_the_envelope(response, api_key)
    assert took < DEADLINE


@pytest.mark.parametrize("host", FOREIGN_HOSTS)
async def test_a_foreign_host_is_refused(host: str, served: tuple[Any, str]) -> None:
    app, api_key = served
    response, _ = await _send(app, "GET", PREFIX + "/tickets", headers={"host": host})
    assert response.status_code == 400
    assert _in_the_envelope(response, api_key)["error"]["code"] == "host_not_allowed"


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "[::1]:8000", "LOCALHOST"])
async def test_the_loopback_names_are_answered(host: str, served: tuple[Any, str]) -> None:
    app, api_key = served
    response, _ = await _send(app, "GET", PREFIX + "/health", headers={"host": host})
    assert response.status_code == 200
    _in_the_envelope(response, api_key)


async def test_a_path_outside_the_prefix_is_a_404_envelope(served: tuple[Any, str]) -> None:
    app, api_key = served
    response, _ = await _send(app, "GET", "/wp-admin")
    assert response.status_code == 404
    body = _in_the_envelope(response, api_key)
    assert PREFIX in body["error"]["message"]


async def test_auth_from_another_machine_is_refused(served: tuple[Any, str]) -> None:
    app, api_key = served
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        response = await client.post(PREFIX + "/auth", json={"api_key": api_key, "domain": "fake"})
    assert response.status_code == 403
    assert _in_the_envelope(response, api_key)["error"]["code"] == "auth_not_allowed"


async def test_auth_with_a_token_needs_the_token() -> None:
    token = "t" * 32
    app, _ = build_app(
        fake=True, prefix=PREFIX, tickets=5, contacts=5, allowed_hosts=("*",), auth_token=token
    )
    from freshdesk_atom.testing import DEFAULT_API_KEY

    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 40000))
    body = {"api_key": DEFAULT_API_KEY, "domain": "https://fake.freshdesk.com/api/v2/"}
    async with httpx.AsyncClient(transport=transport, base_url="http://any.example") as client:
        refused = await client.post(PREFIX + "/auth", json=body)
        wrong = await client.post(
            PREFIX + "/auth", json=body, headers={"authorization": "Bearer nope"}
        )
        accepted = await client.post(
            PREFIX + "/auth", json=body, headers={"authorization": f"Bearer {token}"}
        )
    assert (refused.status_code, wrong.status_code) == (401, 401)
    assert refused.json()["error"]["code"] == "auth_token_required"
    assert accepted.status_code == 200, accepted.text


async def test_lookalike_domains_are_shown_as_sent() -> None:
    app, _ = build_app(fake=True, prefix=PREFIX, tickets=5, contacts=5)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1"
    ) as client:
        response = await client.post(
            PREFIX + "/auth", json={"api_key": "k" * 20, "domain": LOOKALIKE}
        )
    message = response.json()["error"]["message"]
    assert response.status_code == 400
    # The Cyrillic letter is not shown as an 'a' a reader would trust: its punycode is.
    assert LOOKALIKE.encode("idna").decode() in message
    assert LOOKALIKE not in message


async def test_stats_with_the_budget_spent_answers_at_once_not_in_a_minute() -> None:
    from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig

    from .support import app_on

    fake = FakeFreshdesk.generate(
        tickets=30, contacts=10, rate_limit=RateLimitConfig(total=6, window=60)
    )
    app = app_on(fake)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        started = time.perf_counter()
        with anyio.fail_after(DEADLINE):
            response = await client.get("/stats")
        took = time.perf_counter() - started
    # The governor would wait for the next minute: the adapter says so instead.
    assert response.status_code == 429, response.text
    assert response.json()["error"]["code"] == "rate_limited"
    assert int(response.headers["retry-after"]) >= 1
    assert took < DEADLINE
