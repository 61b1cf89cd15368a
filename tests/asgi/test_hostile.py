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
    headers: tuple[tuple[str, str | bytes], ...] = ()
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
    Case("priority text", "GET", "/tickets?priority=urgent", allowed=(400,)),
    Case("priority overflow", "GET", "/tickets?priority=" + "9" * 5000, allowed=(400,)),
    Case("priority arabic digit", "GET", "/tickets?priority=%D9%A1", allowed=(400,)),
    Case("order_by injection", "GET", "/tickets?order_by=created_at%3B%20DROP", allowed=(400,)),
    Case("order_by huge", "GET", "/tickets?order_by=" + "a" * 10_000, allowed=(400,)),
    Case("order_type NUL", "GET", "/tickets?order_type=asc%00", allowed=(400,)),
    Case("order with a filter", "GET", "/tickets?priority=4&order_by=status", allowed=(400,)),
    Case("ordered list", "GET", "/tickets?order_by=due_by&order_type=asc&limit=5", allowed=(200,)),
    Case("trends days zero", "GET", "/stats/trends?days=0", allowed=(400,)),
    Case("trends days overflow", "GET", "/stats/trends?days=" + "9" * 5000, allowed=(400,)),
    Case("trends days negative", "GET", "/stats/trends?days=-30", allowed=(400,)),
    Case("trends days float", "GET", "/stats/trends?days=30.0", allowed=(400,)),
    Case("trends days exponent", "GET", "/stats/trends?days=1e2", allowed=(400,)),
    Case("trends days superscript", "GET", "/stats/trends?days=%C2%B2", allowed=(400,)),
    Case("trends days NUL", "GET", "/stats/trends?days=%00", allowed=(400,)),
    Case("trends repeated", "GET", "/stats/trends?days=1&days=2", allowed=(400,)),
    Case("trends unknown", "GET", "/stats/trends?until=2024-01-01", allowed=(400,)),
    Case("trends a year", "GET", "/stats/trends?days=365", allowed=(200,)),
    Case("trends post", "POST", "/stats/trends", _json({"days": 7}), JSON, allowed=(405,)),
    Case("trends trailing slash", "GET", "/stats/trends/"),
    Case("unknown route", "GET", "/nope"),
    Case("wrong method", "DELETE", "/tickets"),
    Case("trailing slash", "GET", "/tickets/"),
    Case("dot segments", "GET", "/../../etc/passwd"),
    Case("outside the prefix", "GET", "/../x"),
    Case("search too long", "POST", "/search", _json({"query": "x" * 600, "type": "ticket"}), JSON),
    Case("search odd type", "POST", "/search", _json({"query": "x", "type": ["ticket"]}), JSON),
]


def _form(*parts: bytes, boundary: str = "zz") -> bytes:
    """Return multipart parts (``Content-Disposition`` header and content) between boundaries."""
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    return body + b"--" + boundary.encode() + b"--\r\n"


FORM = (("content-type", "multipart/form-data; boundary=zz"),)
TEXT_PART = b'Content-Disposition: form-data; name="body"\r\n\r\nhello'


def _file_part(name: str, content: bytes, content_type: str = "text/plain") -> bytes:
    return (
        f'Content-Disposition: form-data; name="attachments[]"; filename="{name}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode("utf-8", "surrogateescape") + content


CREATED = (201, 400)
LIFECYCLE: list[Case] = [
    *[
        Case(f"ticket path {path!r}", "GET", path)
        for path in (
            "/tickets/abc",
            "/tickets/0",
            "/tickets/-5",
            "/tickets/1.0",
            "/tickets/1e3",
            "/tickets/99999999999999999999",
            "/tickets/" + "9" * 5000,
            "/tickets/%00",
            "/tickets/%E2%91%A0",  # a circled digit one
            "/tickets/%D9%A1%D9%A2",  # Arabic-Indic digits
            "/tickets/%ED%A0%80",  # an encoded surrogate
            "/tickets/1%2F2",
            "/tickets/abc/conversations",
            "/tickets/0/conversations?limit=1",
            "/tickets/1/conversations?limit=99999999999999999999",
            "/tickets/1/conversations?offset=-1",
            "/tickets/1?x=1",
            "/tickets/9999999",
        )
    ],
    Case("reply to a word", "POST", "/tickets/abc/reply", _json({"body": "x"}), JSON),
    Case("note on zero", "POST", "/tickets/0/notes", _json({"body": "x"}), JSON),
    Case("update a word", "PUT", "/tickets/abc", _json({"status": 2}), JSON),
    Case("delete a ticket", "DELETE", "/tickets/1"),
    Case("patch a ticket", "PATCH", "/tickets/1", _json({"status": 2}), JSON),
    Case("get a reply", "GET", "/tickets/1/reply"),
    Case("reply huge json", "POST", "/tickets/1/reply", b" " * 2_000_000, JSON),
    Case("reply deep", "POST", "/tickets/1/reply", b'{"body":' * 50_000 + b"}" * 50_000, JSON),
    Case("reply surrogate", "POST", "/tickets/1/reply", b'{"body": "\\udc00x"}', JSON),
    Case("reply surrogate key", "POST", "/tickets/1/reply", b'{"\\ud800": 1}', JSON),
    Case("reply number", "POST", "/tickets/1/reply", _json({"body": 1e308}), JSON),
    Case("reply nested body", "POST", "/tickets/1/reply", _json({"body": _nested(500)}), JSON),
    Case("reply emails object", "POST", "/tickets/1/reply", _json({"body": "x", "cc_emails": {}}), JSON),
    Case("reply many emails", "POST", "/tickets/1/reply", _json({"body": "x", "cc_emails": ["a@b.co"] * 6000}), JSON, allowed=CREATED),
    Case("reply NUL", "POST", "/tickets/1/reply", _json({"body": "a\x00b"}), JSON, allowed=CREATED),
    Case("reply bidi", "POST", "/tickets/1/reply", _json({"body": "\u202egnp.exe \U0001f600"}), JSON, allowed=CREATED),
    Case("note html", "POST", "/tickets/1/notes", _json({"body": "<script>alert(1)</script>"}), JSON, allowed=CREATED),
    Case("note private string", "POST", "/tickets/1/notes", _json({"body": "x", "private": "false"}), JSON),
    Case("reply no type", "POST", "/tickets/1/reply", _json({"body": "x"})),
    Case("reply text", "POST", "/tickets/1/reply", b"x", (("content-type", "text/plain"),)),
    Case("form no boundary", "POST", "/tickets/1/reply", _form(TEXT_PART), (("content-type", "multipart/form-data"),)),
    Case("form odd boundary", "POST", "/tickets/1/reply", _form(TEXT_PART), (("content-type", "multipart/form-data; boundary=" + "z" * 200),)),
    Case("form unterminated", "POST", "/tickets/1/reply", _form(TEXT_PART)[:-6], FORM),
    Case("form only the end", "POST", "/tickets/1/reply", b"--zz--", FORM),
    Case("form no headers", "POST", "/tickets/1/reply", _form(b"\r\nhello"), FORM),
    Case("form no colon", "POST", "/tickets/1/reply", _form(b"garbage\r\n\r\nx"), FORM),
    Case("form endless header", "POST", "/tickets/1/reply", b"--zz\r\n" + b"X" * 100_000, FORM),
    Case("form endless preamble", "POST", "/tickets/1/reply", b"-" * 1_000_000, FORM),
    Case("form many parts", "POST", "/tickets/1/reply", _form(*[TEXT_PART] * 5000), FORM),
    Case("form 25 MB", "POST", "/tickets/1/notes", _form(TEXT_PART, _file_part("big.bin", b"\0" * 25_000_000)), FORM),
    Case("form 20 MB and one", "POST", "/tickets/1/notes", _form(TEXT_PART, _file_part("a", b"a" * 10_485_760), _file_part("b", b"b" * 10_485_761)), FORM),
    Case("superscript length", "POST", "/search", b"{}", (*JSON, ("content-length", b"\xb2"))),
    Case("endless length", "POST", "/search", b"{}", (*JSON, ("content-length", "9" * 5000))),
    Case("form endless length", "POST", "/tickets/1/notes", _form(TEXT_PART), (*FORM, ("content-length", "9" * 5000))),
    Case("form lying length", "POST", "/tickets/1/notes", _form(TEXT_PART), (*FORM, ("content-length", "99999999999"))),
    Case("form NUL filename", "POST", "/tickets/1/notes", _form(TEXT_PART, _file_part("a\x00.txt", b"1")), FORM),
    Case("form CRLF filename", "POST", "/tickets/1/notes", _form(TEXT_PART, b"Content-Disposition: form-data; name=\"attachments[]\"; filename*=utf-8''a%0D%0AX-Evil%3A%201\r\n\r\n1"), FORM),
    Case("form odd file type", "POST", "/tickets/1/notes", _form(TEXT_PART, _file_part("a.txt", b"1", "evil")), FORM),
    Case("form unicode file", "POST", "/tickets/1/notes", _form(TEXT_PART, _file_part("r\u00e9sum\u00e9 \U0001f4c4.pdf", b"%PDF")), FORM, allowed=CREATED),
    Case("form bad utf-8 field", "POST", "/tickets/1/notes", _form(b'Content-Disposition: form-data; name="body"\r\n\r\n\xc3\x28'), FORM),
    Case("form file as body", "POST", "/tickets/1/notes", _form(b'Content-Disposition: form-data; name="body"; filename="b"\r\n\r\nx'), FORM),
    Case("form private maybe", "POST", "/tickets/1/notes", _form(TEXT_PART, b'Content-Disposition: form-data; name="private"\r\n\r\nmaybe'), FORM),
    Case("update empty", "PUT", "/tickets/1", b"{}", JSON),
    Case("update null", "PUT", "/tickets/1", b"null", JSON),
    Case("update infinity", "PUT", "/tickets/1", b'{"status": 1e400}', JSON),
    Case("update huge int", "PUT", "/tickets/1", b'{"status": 1' + b"0" * 5000 + b"}", JSON),
    Case("update negative zero", "PUT", "/tickets/1", b'{"priority": -0.0}', JSON),
    Case("update many tags", "PUT", "/tickets/1", _json({"tags": ["t"] * 10_000}), JSON, allowed=(200, 400)),
    Case("update tag object", "PUT", "/tickets/1", _json({"tags": [{"a": 1}]}), JSON),
    Case("update huge id", "PUT", "/tickets/1", _json({"responder_id": 2**64}), JSON),
    Case("update form", "PUT", "/tickets/1", _form(TEXT_PART), FORM),
]  # fmt: skip
CASES += LIFECYCLE

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
