"""``POST /webhooks/freshdesk`` on the adapter: refused without the secret, and each notice a hint to read a ticket again."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from freshdesk_atom.mirror import Mirror
from freshdesk_atom.testing import FakeFreshdesk

from ..export.support import Breaking, client, make_fake
from .support import HEADERS, SECRET, api, receiving, synced_mirror

pytestmark = pytest.mark.anyio
URL = "/webhooks/freshdesk"


@pytest.fixture
def fake() -> FakeFreshdesk:
    return make_fake(tickets=40, contacts=15, seed=8, conversations=80)


@pytest.fixture
def mirror(fake: FakeFreshdesk, tmp_path: Path) -> Mirror:
    return synced_mirror(fake, tmp_path / "m.sqlite")


def _visible(fake: FakeFreshdesk) -> int:
    return next(i for i, t in fake.state.tickets.items() if not t["spam"] and not t.get("deleted"))


def _update(fake: FakeFreshdesk, ticket_id: int, **fields: object) -> str:
    fake.clock.advance(3)
    with api(fake) as http:
        answer = http.put(f"tickets/{ticket_id}", json=fields)
    answer.raise_for_status()
    stamp: str = answer.json()["updated_at"]
    return stamp


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Freshdesk-Webhook-Secret": ""},
        {"X-Freshdesk-Webhook-Secret": "wrong"},
        {"X-Freshdesk-Webhook-Secret": SECRET[:-1]},
        {"X-Freshdesk-Webhook-Secret": SECRET + " "},
        {"Authorization": "Basic " + base64.b64encode(f"x:{SECRET}".encode()).decode()},
    ],
)
async def test_a_webhook_without_the_secret_is_refused_and_changes_nothing(
    fake: FakeFreshdesk, mirror: Mirror, headers: dict[str, str]
) -> None:
    ticket_id = _visible(fake)
    _update(fake, ticket_id, priority=4)
    last = mirror.changes().last
    before = fake.counters.total_requests
    with client(fake) as fd:
        async with receiving(mirror, fd) as (receiver, http):
            answer = await http.post(URL, json={"ticket_id": ticket_id}, headers=headers)
            await receiver.wait_idle()
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "unauthorized"
    assert SECRET not in answer.text
    assert receiver.stats.refused == 1
    assert receiver.stats.received == 0
    assert fake.counters.total_requests == before
    assert mirror.changes(last).changes == ()


async def test_basic_credentials_are_challenged_and_accepted(
    fake: FakeFreshdesk, mirror: Mirror
) -> None:
    password = "a-long-basic-password"
    with client(fake) as fd:
        async with receiving(mirror, fd, secret=None, basic_auth=("freshdesk", password)) as (
            receiver,
            http,
        ):
            refused = await http.post(URL, json={"ticket_id": 1})
            accepted = await http.post(URL, json={"ticket_id": 1}, auth=("freshdesk", password))
            await receiver.wait_idle()
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == 'Basic realm="freshdesk-webhooks"'
    assert accepted.status_code == 202


async def test_a_webhook_makes_the_mirror_read_the_ticket_not_trust_the_payload(
    fake: FakeFreshdesk, mirror: Mirror
) -> None:
    ticket_id = _visible(fake)
    stamp = _update(fake, ticket_id, priority=4, status=3)
    last = mirror.changes().last
    lying = {"ticket_id": ticket_id, "updated_at": stamp, "status": 5, "subject": "hacked"}
    with client(fake) as fd:
        async with receiving(mirror, fd) as (receiver, http):
            answer = await http.post(URL, json=lying, headers=HEADERS)
            await receiver.wait_idle()
    assert answer.status_code == 202
    assert answer.json()["data"] == {"ticket_id": ticket_id, "status": "queued"}
    stored = mirror.get_ticket(ticket_id)
    assert stored is not None
    assert (stored.priority, stored.status) == (4, 3)
    assert stored.subject == fake.state.tickets[ticket_id]["subject"] != "hacked"
    assert [(c.resource, c.kind) for c in mirror.changes(last).changes] == [("ticket", "updated")]
    assert receiver.stats.applied == 1


async def test_duplicates_are_dropped_and_a_waiting_ticket_is_read_once(
    fake: FakeFreshdesk, mirror: Mirror
) -> None:
    ticket_id = _visible(fake)
    stamp = _update(fake, ticket_id, priority=4)
    notice = {"ticket_id": ticket_id, "updated_at": stamp}
    fake.counters.reset()
    with client(fake) as fd:
        async with receiving(mirror, fd, workers=1) as (receiver, http):
            statuses = []
            for body in (notice, notice, {"ticket_id": ticket_id}, notice):
                answer = await http.post(URL, json=body, headers=HEADERS)
                statuses.append(answer.json()["data"]["status"])
            await receiver.wait_idle()
    # The worker may have started reading before the third notice came: then it is read again.
    assert statuses[0] == "queued"
    assert statuses[1] == "duplicate"
    assert statuses[3] == "duplicate"
    reads = fake.counters.requests["GET /tickets/{id}"]
    assert reads == (1 if statuses[2] == "folded" else 2)
    assert receiver.stats.duplicates == 2


async def test_an_older_notice_after_a_newer_version_reads_nothing(
    fake: FakeFreshdesk, mirror: Mirror
) -> None:
    ticket_id = _visible(fake)
    old = _update(fake, ticket_id, priority=3)
    _update(fake, ticket_id, priority=4)
    with client(fake) as fd:
        mirror.refresh_ticket(fd, ticket_id)
        fake.counters.reset()
        async with receiving(mirror, fd) as (receiver, http):
            await http.post(URL, json={"ticket_id": ticket_id, "updated_at": old}, headers=HEADERS)
            await receiver.wait_idle()
    assert receiver.stats.stale == 1
    assert fake.counters.total_requests == 0


async def test_a_ticket_that_cannot_be_read_is_tried_again_then_left_to_reconciliation(
    fake: FakeFreshdesk, mirror: Mirror
) -> None:
    ticket_id = _visible(fake)
    broken = Breaking(fake, fail_at=1)
    with client(fake, broken) as fd:
        async with receiving(mirror, fd, retry_delays=(0.01, 0.01)) as (receiver, http):
            await http.post(URL, json={"ticket_id": ticket_id}, headers=HEADERS)
            with anyio.fail_after(5):
                await receiver.wait_idle()
    assert broken.sent == 3
    assert receiver.stats.given_up == 1
    assert "reading ticket" in (receiver.stats.last_error or "")
    assert fake.api_key not in (receiver.stats.last_error or "")


async def test_a_full_queue_defers_to_a_reconciliation_brought_forward(
    fake: FakeFreshdesk, mirror: Mirror
) -> None:
    ids = [i for i, t in fake.state.tickets.items() if not t["spam"]][:6]
    for ticket_id in ids:
        _update(fake, ticket_id, priority=4)
    with client(fake) as fd:
        async with receiving(mirror, fd, workers=1, max_waiting=2, reconcile_every=3600) as (
            receiver,
            http,
        ):
            statuses = [
                (await http.post(URL, json={"ticket_id": i}, headers=HEADERS)).json()["data"][
                    "status"
                ]
                for i in ids
            ]
            with anyio.fail_after(10):
                while receiver.stats.reconciliations == 0:
                    await anyio.sleep(0.01)
                await receiver.wait_idle()
    assert "deferred" in statuses
    for ticket_id in ids:
        stored = mirror.get_ticket(ticket_id)
        assert stored is not None
        assert stored.priority == 4


async def test_reconciliation_brings_what_no_webhook_announced(
    fake: FakeFreshdesk, mirror: Mirror
) -> None:
    ticket_id = _visible(fake)
    _update(fake, ticket_id, priority=4)
    with client(fake) as fd:
        async with receiving(mirror, fd, reconcile_at_start=True) as (receiver, http):
            with anyio.fail_after(10):
                while receiver.stats.reconciliations == 0:
                    await anyio.sleep(0.01)
            figures = (await http.get(URL)).json()["data"]
    stored = mirror.get_ticket(ticket_id)
    assert stored is not None
    assert stored.priority == 4
    assert figures["reconciliations"] == 1
    assert figures["reconciled"] >= 1
    assert figures["last_reconciled_at"] is not None


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b"{}", "application/json", 400, "invalid_payload"),
        (b"<id>1</id>", "text/xml", 400, "invalid_payload"),
        (
            b'{"ticket_id": 1, "pad": "' + b"x" * 70_000 + b'"}',
            "application/json",
            413,
            "body_too_large",
        ),
    ],
)
async def test_unusable_bodies_are_refused_saying_why(
    fake: FakeFreshdesk, mirror: Mirror, body: bytes, content_type: str, status: int, code: str
) -> None:
    with client(fake) as fd:
        async with receiving(mirror, fd) as (_receiver, http):
            answer = await http.post(
                URL, content=body, headers={**HEADERS, "Content-Type": content_type}
            )
    assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)


def test_a_receiver_needs_the_apps_mirror(
    mirror: Mirror, tmp_path: Path, fake: FakeFreshdesk
) -> None:
    from freshdesk_atom.asgi import create_app
    from freshdesk_atom.webhooks import WebhookReceiver

    with client(fake) as fd:
        receiver = WebhookReceiver(Mirror(tmp_path / "other.sqlite"), fd, secret=SECRET)
        with pytest.raises(ValueError, match="webhooks need the app's mirror"):
            create_app(mirror=mirror, webhooks=receiver)
        with pytest.raises(ValueError, match="webhooks need the app's mirror"):
            create_app(webhooks=receiver)
        assert SECRET not in repr(receiver)


def test_without_a_receiver_there_is_no_webhook_route(mirror: Mirror) -> None:
    from starlette.testclient import TestClient

    from freshdesk_atom.asgi import create_app

    with TestClient(create_app(mirror=mirror)) as http:
        answer = http.post(URL, json={"ticket_id": 1})
    assert answer.status_code == 404
    assert answer.json()["success"] is False


async def test_the_payload_is_read_as_sent_even_when_slow(
    fake: FakeFreshdesk, mirror: Mirror
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"ticket_'
        await anyio.sleep(0.01)
        yield b'id": 1}'

    with client(fake) as fd:
        async with receiving(mirror, fd) as (receiver, http):
            answer = await http.post(
                URL, content=chunks(), headers={**HEADERS, "Content-Type": "application/json"}
            )
            await receiver.wait_idle()
    assert answer.status_code == 202


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.binary(max_size=300)
    | st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
        ),
        max_leaves=12,
    ).map(lambda value: json.dumps({"ticket_id": value}).encode()),
    content_type=st.sampled_from(
        [
            "application/json",
            "application/x-www-form-urlencoded",
            "text/xml",
            "",
            "application/json; charset=latin-1",
        ]
    ),
)
async def test_no_body_makes_the_receiver_fail(
    fake: FakeFreshdesk, mirror: Mirror, body: bytes, content_type: str
) -> None:
    with client(fake) as fd:
        async with receiving(mirror, fd, workers=1) as (receiver, http):
            answer = await http.post(
                URL, content=body, headers={**HEADERS, "Content-Type": content_type}
            )
            with anyio.fail_after(10):
                await receiver.wait_idle()
    assert answer.status_code in (202, 400), answer.text
    assert answer.json()["success"] is (answer.status_code == 202)


async def test_the_apps_lifespan_runs_the_receiver_and_a_failing_mirror_does_not_stop_it(
    fake: FakeFreshdesk, mirror: Mirror, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from freshdesk_atom.asgi import create_app
    from freshdesk_atom.webhooks import WebhookReceiver

    ticket_id = _visible(fake)
    _update(fake, ticket_id, priority=4)
    failures = iter([sqlite3.OperationalError("database is locked")])
    refresh = mirror.refresh_ticket

    def flaky(fd: object, number: int) -> bool:
        for failure in failures:
            raise failure
        return refresh(fd, number)  # type: ignore[arg-type]

    monkeypatch.setattr(mirror, "refresh_ticket", flaky)
    with client(fake) as fd:
        receiver = WebhookReceiver(
            mirror,
            fd,
            secret=SECRET,
            reconcile_every=None,
            reconcile_at_start=False,
            retry_delays=(0.01,),
        )
        app = create_app(mirror=mirror, webhooks=receiver)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://adapter.test") as http:
            before = await http.post(URL, json={"ticket_id": ticket_id}, headers=HEADERS)
            async with app.router.lifespan_context(app):
                answer = await http.post(URL, json={"ticket_id": ticket_id}, headers=HEADERS)
                with anyio.fail_after(5):
                    await receiver.wait_idle()
    assert before.status_code == 503  # no workers yet: Freshdesk is told to retry
    assert before.headers["retry-after"] == "60"
    assert answer.status_code == 202
    assert "OperationalError: database is locked" in (receiver.stats.last_error or "")
    assert receiver.stats.applied == 1
    stored = mirror.get_ticket(ticket_id)
    assert stored is not None
    assert stored.priority == 4
    assert not receiver.running


async def test_a_new_mirror_is_filled_whole_by_the_first_reconciliation(
    fake: FakeFreshdesk, tmp_path: Path
) -> None:
    mirror = Mirror(tmp_path / "new.sqlite")
    with client(fake) as fd:
        async with receiving(mirror, fd, reconcile_at_start=True) as (receiver, _):
            with anyio.fail_after(20):
                while receiver.stats.reconciliations == 0:
                    await anyio.sleep(0.01)
    counts = mirror.counts()
    assert counts["tickets"] == len(fake.state.tickets)
    assert counts["contacts"] == len(fake.state.contacts)
    assert counts["agents"] > 0
