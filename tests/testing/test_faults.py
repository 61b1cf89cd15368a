"""Faults on demand, latency and the counters a test reads."""

from __future__ import annotations

import contextlib

import httpx
import pytest

from freshdesk_atom.testing import FakeFreshdesk, FaultKind, FaultPlan, RequestScope

from ._support import async_client_for, client_for, manual_fake, ticket_body


def _outcomes(fake: FakeFreshdesk, count: int) -> list[str]:
    found: list[str] = []
    with client_for(fake) as http:
        for _ in range(count):
            try:
                found.append(str(http.get("agents/me").status_code))
            except httpx.TransportError as error:
                found.append(type(error).__name__)
    return found


def test_a_seeded_plan_is_reproducible() -> None:
    plan = FaultPlan(rate=0.3, kinds=("500", "503", "drop"), seed=42)
    first = _outcomes(manual_fake(faults=plan), 60)
    second = _outcomes(manual_fake(faults=plan), 60)
    assert first == second
    assert {"500", "503", "RemoteProtocolError", "200"} == set(first)
    other = _outcomes(
        manual_fake(faults=FaultPlan(rate=0.3, kinds=("500", "503", "drop"), seed=7)), 60
    )
    assert other != first


def test_counters_see_the_faults() -> None:
    fake = manual_fake(faults=FaultPlan(rate=0.5, seed=1))
    outcomes = _outcomes(fake, 40)
    failed = sum(outcome != "200" for outcome in outcomes)
    assert failed == fake.counters.faults > 0
    assert sum(fake.counters.faults_by_kind.values()) == failed
    assert fake.counters.requests["GET /agents/me"] == 40
    assert fake.counters.total_requests == 40


def test_a_lost_post_after_commit_still_created_the_ticket() -> None:
    fake = manual_fake(faults=FaultPlan.once("drop", method="POST", path="/tickets", when="after"))
    with client_for(fake) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            http.post("tickets", json=ticket_body())
        assert fake.counters.created["tickets"] == 1
        assert fake.counters.faults == 1
        listed = http.get("tickets").json()
        assert [t["subject"] for t in listed] == ["Printer on fire"]
        # Only the first matching request faults.
        assert http.post("tickets", json=ticket_body()).status_code == 201


def test_a_fault_before_the_state_change_leaves_no_trace() -> None:
    fake = manual_fake(faults=FaultPlan.once("500", method="POST", path="/tickets"))
    with client_for(fake) as http:
        response = http.post("tickets", json=ticket_body())
        assert response.status_code == 500
        assert response.json() == {
            "code": "internal_error",
            "message": "We're sorry, but something went wrong.",
        }
        assert "X-RateLimit-Remaining" not in response.headers
        assert http.get("tickets").json() == []
    assert fake.counters.created["tickets"] == 0
    # The 500 spent a credit (failed requests count, docs/freshdesk-api-notes.md#rate-limits).
    assert fake.counters.credits_used == 2


def test_a_500_after_commit_keeps_the_record() -> None:
    fake = manual_fake(faults=FaultPlan.once("500", method="PUT", when="after"))
    ticket = fake.add_ticket(priority=1)
    with client_for(fake) as http:
        assert http.put(f"tickets/{ticket['id']}", json={"priority": 4}).status_code == 500
        assert http.get(f"tickets/{ticket['id']}").json()["priority"] == 4


def test_requests_outside_the_scope_never_fault() -> None:
    plan = FaultPlan(
        rate=1.0, kinds=("503",), scope=RequestScope(methods=["POST"], paths=["/tickets"])
    )
    fake = manual_fake(faults=plan)
    with client_for(fake) as http:
        assert all(http.get("tickets").status_code == 200 for _ in range(10))
        assert http.get("agents/me").status_code == 200
        assert http.post("contacts", json={"name": "A", "email": "a@x.example"}).status_code == 201
        assert http.post("tickets", json=ticket_body()).status_code == 503
    assert fake.counters.faults == 1


@pytest.mark.parametrize(
    ("kind", "status", "content_type", "marker"),
    [
        ("502", 502, "text/html", b"502 Bad Gateway"),
        ("503", 503, "text/html", b"503 Service Temporarily Unavailable"),
        ("html", 500, "text/html; charset=utf-8", b"We're sorry, but something went wrong."),
        ("429", 429, "application/json; charset=utf-8", b"exceeded"),
    ],
)
def test_fault_bodies(kind: str, status: int, content_type: str, marker: bytes) -> None:
    fake = manual_fake(faults=FaultPlan(rate=1.0, kinds=(kind,)))
    with client_for(fake) as http:
        response = http.get("tickets")
    assert response.status_code == status
    assert response.headers["Content-Type"] == content_type
    assert marker in response.content
    if kind == "429":
        assert response.headers["Retry-After"] == "1"


def test_truncated_body_fails_like_a_cut_connection_after_commit() -> None:
    fake = manual_fake(
        faults=FaultPlan(rate=1.0, kinds=("truncated",), scope=RequestScope(methods=["POST"]))
    )
    with client_for(fake) as http:
        with pytest.raises(httpx.RemoteProtocolError, match="complete message body"):
            http.post("contacts", json={"name": "A", "email": "a@x.example"})
        assert [c["name"] for c in http.get("contacts").json()] == ["A"]


def test_timeout_raises_read_timeout_at_once() -> None:
    waits: list[float] = []
    fake = manual_fake(
        faults=FaultPlan(rate=1.0, kinds=("timeout",), slow_seconds=30), sleep=waits.append
    )
    with client_for(fake) as http, pytest.raises(httpx.ReadTimeout):
        http.get("tickets")
    assert waits == []


def test_slow_answers_late_through_the_injected_sleep() -> None:
    waits: list[float] = []
    fake = manual_fake(
        faults=FaultPlan(rate=1.0, kinds=("slow",), slow_seconds=7.5),
        sleep=waits.append,
        latency=0.25,
    )
    with client_for(fake) as http:
        assert http.get("tickets").status_code == 200
    assert waits == [7.75]


def test_latency_uses_the_injected_sleep() -> None:
    waits: list[float] = []
    fake = manual_fake(latency=0.05, sleep=waits.append)
    with client_for(fake) as http:
        http.get("tickets")
        http.get("nope")
    assert waits == [0.05, 0.05]


def test_max_faults_and_nth() -> None:
    fake = manual_fake(faults=FaultPlan(kinds=("500",), nth=(2, 4, 6), max_faults=2))
    assert _outcomes(fake, 7) == ["200", "500", "200", "500", "200", "200", "200"]


def test_assigning_a_plan_restarts_it() -> None:
    fake = manual_fake()
    assert _outcomes(fake, 2) == ["200", "200"]
    fake.faults = FaultPlan(kinds=("503",), nth=(1,))
    assert _outcomes(fake, 2) == ["503", "200"]
    fake.faults = None
    assert fake.faults.rate == 0.0


def test_unknown_kinds_are_refused() -> None:
    with pytest.raises(ValueError, match="fault kinds"):
        FaultPlan(kinds=("404",))


@pytest.mark.anyio
async def test_async_client_and_async_sleep() -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    fake = manual_fake(latency=0.2, async_sleep=record)
    async with async_client_for(fake) as http:
        created = await http.post("tickets", json=ticket_body())
        assert created.status_code == 201
        fetched = await http.get(f"tickets/{created.json()['id']}")
        assert fetched.json() == created.json()
    assert waits == [0.2, 0.2]


@pytest.mark.anyio
async def test_async_lost_post() -> None:
    fake = manual_fake(faults=FaultPlan.once("drop", method="POST", when="after"))
    async with async_client_for(fake) as http:
        with pytest.raises(httpx.RemoteProtocolError):
            await http.post("contacts", json={"name": "A", "email": "a@x.example"})
        listed = await http.get("contacts")
    assert [c["name"] for c in listed.json()] == ["A"]
    assert fake.counters.created["contacts"] == 1


@pytest.mark.anyio
async def test_async_rate_limit_and_pagination() -> None:
    from freshdesk_atom.testing import RateLimitConfig

    fake = manual_fake(rate_limit=RateLimitConfig(total=2, window=10))
    for _ in range(3):
        fake.add_ticket()
    async with async_client_for(fake) as http:
        first = await http.get("tickets", params={"per_page": 2})
        assert first.headers["Link"].endswith('page=2>; rel="next"')
        await http.get("tickets", params={"per_page": 2, "page": 2})
        limited = await http.get("tickets")
        assert (limited.status_code, limited.headers["Retry-After"]) == (429, "10")


@pytest.mark.parametrize(("kind", "charged"), [("500", 1), ("503", 1), ("502", 0), ("drop", 0)])
def test_faults_freshdesk_answers_itself_spend_a_credit(kind: FaultKind, charged: int) -> None:
    # A 500/503 comes from Freshdesk, which counts failed requests too
    # (docs/freshdesk-api-notes.md#rate-limits); a proxy's 502 or a dropped
    # connection never reached its counter.
    fake = manual_fake(faults=FaultPlan.once(kind, method="GET", path="/tickets"))
    with client_for(fake) as http, contextlib.suppress(httpx.TransportError):
        http.get("tickets")
    assert fake.counters.credits_used == charged
