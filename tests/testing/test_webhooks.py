"""Webhooks: automation rules that "Trigger webhook", their faults, retries and delivery modes."""

from __future__ import annotations

import base64
import http.server
import json
import queue
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from datetime import timedelta
from typing import Any

import attrs
import httpx
import pytest

from freshdesk_atom.testing import (
    RECOMMENDED_TEMPLATE,
    WEBHOOK_EVENTS,
    FakeFreshdesk,
    FaultPlan,
    WebhookDelivery,
    WebhookFaults,
    WebhookRule,
)
from freshdesk_atom.testing._webhook_delivery import build_delivery
from freshdesk_atom.testing._webhook_queue import DeliveryQueue
from freshdesk_atom.testing._webhook_render import (
    PlaceholderValue,
    json_escape,
    render,
    ticket_values,
    url_escape,
)

from ._support import START, START_WIRE, client_for, manual_fake, ticket_body

URL = "http://hooks.test/freshdesk"


class Receiver:
    """An ``httpx.MockTransport`` webhook receiver that records every call.

    *statuses* are answered in turn (the last one repeats); an exception
    instance in them is raised instead, as a dead receiver would.
    """

    def __init__(self, *statuses: int | Exception) -> None:
        self.statuses = list(statuses) or [200]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        if isinstance(answer, Exception):
            raise answer
        return httpx.Response(answer)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    @property
    def bodies(self) -> list[Any]:
        return [json.loads(request.content) for request in self.requests]

    @property
    def events(self) -> list[tuple[int, str]]:
        return [(body["ticket_id"], body["event"]) for body in self.bodies]


def _fake_with_rule(**rule: Any) -> tuple[FakeFreshdesk, WebhookRule]:
    fake = manual_fake()
    added = fake.webhooks.add(WebhookRule(url=rule.pop("url", URL), **rule))
    return fake, added


def _flush(fake: FakeFreshdesk, receiver: Receiver) -> None:
    with receiver.client() as http:
        fake.webhooks.flush(http)


def _fire_many(fake: FakeFreshdesk, count: int) -> list[int]:
    ids = [fake.add_ticket(subject=f"Ticket {n}")["id"] for n in range(count)]
    for ticket_id in ids:
        fake.webhooks.fire(ticket_id, "ticket_updated")
    return ids


# ---------------------------------------------------------------------------- events


def test_api_writes_fire_the_matching_events() -> None:
    fake, _ = _fake_with_rule()
    receiver = Receiver()
    with client_for(fake) as api:
        created = api.post("tickets", json=ticket_body())
        ticket_id = created.json()["id"]
        assert api.put(f"tickets/{ticket_id}", json={"status": 3}).status_code == 200
        assert api.post(f"tickets/{ticket_id}/reply", json={"body": "On it"}).status_code == 201
        note = api.post(f"tickets/{ticket_id}/notes", json={"body": "Checked"})
        assert api.put(f"conversations/{note.json()['id']}", json={"body": "Fixed"}).is_success
        forward = {"body": "FYI", "to_emails": ["it@globex.example"]}
        assert api.post(f"tickets/{ticket_id}/forward", json=forward).status_code == 201
        assert api.delete(f"tickets/{ticket_id}").status_code == 204
        assert api.put(f"tickets/{ticket_id}/restore").status_code == 204
    _flush(fake, receiver)
    assert receiver.events == [
        (ticket_id, "ticket_created"),
        (ticket_id, "ticket_updated"),
        (ticket_id, "reply_sent"),
        (ticket_id, "note_added"),
        (ticket_id, "ticket_updated"),
        (ticket_id, "ticket_updated"),
        (ticket_id, "ticket_deleted"),
        (ticket_id, "ticket_updated"),
    ]
    assert fake.webhooks.counters.fired == fake.webhooks.counters.sent == 8


def test_a_rule_hears_only_its_events_and_the_body_shows_the_state_after_the_write() -> None:
    fake, _ = _fake_with_rule(
        events={"reply_sent"},
        template='{"id": {{ticket.id}}, "status": "{{ticket.status}}", "at": "{{ticket.updated_at}}"}',
    )
    ticket = fake.add_ticket(subject="Printer on fire", status=2)
    fake.clock.advance(60)
    with client_for(fake) as api:
        api.put(f"tickets/{ticket['id']}", json={"status": 4})
        fake.clock.advance(60)
        api.post(f"tickets/{ticket['id']}/reply", json={"body": "Done"})
        api.put(f"tickets/{ticket['id']}", json={"status": 2})
    receiver = Receiver()
    _flush(fake, receiver)
    assert receiver.bodies == [
        {"id": ticket["id"], "status": "Resolved", "at": "2024-06-03T12:02:00Z"}
    ]


def test_seeding_and_refused_writes_fire_nothing() -> None:
    fake, _ = _fake_with_rule()
    ticket = fake.add_ticket(subject="Seeded")
    fake.add_conversation(ticket["id"], body="Seeded reply")
    with client_for(fake) as api:
        assert api.put(f"tickets/{ticket['id']}", json={"status": 99}).status_code == 400
        assert api.post("tickets/999/notes", json={"body": "x"}).status_code == 404
        assert api.get(f"tickets/{ticket['id']}").status_code == 200
    assert fake.webhooks.pending == ()
    assert fake.webhooks.counters.fired == 0


def test_a_write_whose_answer_is_lost_still_fires() -> None:
    fake, _ = _fake_with_rule(events={"ticket_created"})
    fake.faults = FaultPlan.once("drop", method="POST", path="/tickets", when="after")
    with client_for(fake) as api, pytest.raises(httpx.RemoteProtocolError):
        api.post("tickets", json=ticket_body())
    assert [delivery.event for delivery in fake.webhooks.pending] == ["ticket_created"]


def test_fire_by_hand_and_its_errors() -> None:
    fake, rule = _fake_with_rule()
    ticket = fake.add_ticket(subject="By hand")
    fired = fake.webhooks.fire(ticket["id"], "note_added")
    assert [(d.rule, d.event, d.ticket_id, d.attempt) for d in fired] == [
        (rule, "note_added", ticket["id"], 1)
    ]
    assert fake.webhooks.pending == fired
    with pytest.raises(KeyError):
        fake.webhooks.fire(424242, "note_added")
    with pytest.raises(ValueError, match="webhook event"):
        fake.webhooks.fire(ticket["id"], "status_changed")  # type: ignore[arg-type]


def test_rules_are_added_once_and_removed() -> None:
    fake, rule = _fake_with_rule()
    with pytest.raises(ValueError, match="added already"):
        fake.webhooks.add(rule)
    other = fake.webhooks.add(WebhookRule(url=URL, name="second"))
    assert fake.webhooks.rules == (rule, other)
    ticket = fake.add_ticket(subject="Two rules")
    assert len(fake.webhooks.fire(ticket["id"], "ticket_updated")) == 2
    fake.webhooks.remove(rule)
    assert list(fake.webhooks.rules) == [other]
    with pytest.raises(ValueError, match="not added"):
        fake.webhooks.remove(rule)
    assert len(fake.webhooks.fire(ticket["id"], "ticket_updated")) == 1
    assert len(fake.webhooks.pending) == 3  # calls already fired still go out


# ---------------------------------------------------------------------------- rendering

_VALUES: dict[str, PlaceholderValue] = {
    "ticket.id": 42,
    "ticket.subject": 'He said "hi" \\o/\n',
    "ticket.requester.email": None,
    "event": "reply_sent",
}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{"id": {{ticket.id}}}', '{"id": 42}'),
        ('{"id": "{{ticket.id}}"}', '{"id": "42"}'),
        ('{"s": "{{ticket.subject}}"}', '{"s": "He said \\"hi\\" \\\\o/\\n"}'),
        ('{"e": "{{ event }}"}', '{"e": "reply_sent"}'),
        ('{"x": "{{ticket.nope}}", "y": "{{ticket.subject | upcase}}"}', '{"x": "", "y": ""}'),
        ('{"email": "{{ticket.requester.email}}"}', '{"email": ""}'),
        ("no placeholders", "no placeholders"),
        ("{{event}}{{event}}", "reply_sentreply_sent"),
    ],
)
def test_render_fills_placeholders_json_escaped(template: str, expected: str) -> None:
    assert render(template, _VALUES) == expected


@pytest.mark.parametrize(
    ("value", "json_text", "url_text"),
    [
        (7, "7", "7"),
        (None, "", ""),
        ('a"b', 'a\\"b', "a%22b"),
        ("a\\b", "a\\\\b", "a%5Cb"),
        ("tab\tend", "tab\\tend", "tab%09end"),
        ("é/ü", "é/ü", "%C3%A9%2F%C3%BC"),
    ],
)
def test_escapes(value: PlaceholderValue, json_text: str, url_text: str) -> None:
    assert json_escape(value) == json_text
    assert url_escape(value) == url_text


def test_a_subject_with_quotes_and_backslashes_still_gives_valid_json() -> None:
    subject = 'Quote " backslash \\ and </script> {{event}}'
    fake, _ = _fake_with_rule(template='{"subject": "{{ticket.subject}}", "e": "{{event}}"}')
    ticket = fake.add_ticket(subject=subject)
    (delivery,) = fake.webhooks.fire(ticket["id"], "ticket_updated")
    # A placeholder inside a value is not filled again.
    assert delivery.json() == {"subject": subject, "e": "ticket_updated"}


def test_the_recommended_template_parses_with_an_int_ticket_id() -> None:
    fake, rule = _fake_with_rule()
    assert rule.template == RECOMMENDED_TEMPLATE
    ticket = fake.add_ticket(subject="x")
    (delivery,) = fake.webhooks.fire(ticket["id"], "ticket_created")
    body = delivery.json()
    assert body == {"ticket_id": ticket["id"], "event": "ticket_created", "updated_at": START_WIRE}
    assert type(body["ticket_id"]) is int


def test_ticket_values_name_status_priority_requester_and_url() -> None:
    fake = manual_fake(domain="acme")
    contact = fake.add_contact(name="Dana", email="dana@globex.example")
    ticket = fake.add_ticket(subject="S", status=3, priority=4, requester_id=contact["id"])
    values = ticket_values(ticket, contact, domain="acme", event="ticket_updated")
    assert values == {
        "ticket.id": ticket["id"],
        "ticket.subject": "S",
        "ticket.status": "Pending",
        "ticket.priority": "Urgent",
        "ticket.updated_at": START_WIRE,
        "ticket.created_at": START_WIRE,
        "ticket.requester.email": "dana@globex.example",
        "ticket.url": f"https://acme.freshdesk.com/helpdesk/tickets/{ticket['id']}",
        "event": "ticket_updated",
    }
    fake.webhooks.add(
        WebhookRule(
            url="http://hooks.test/t/{{ticket.id}}?who={{ticket.requester.email}}",
            template='["{{ticket.requester.email}}", "{{ticket.url}}"]',
        )
    )
    (delivery,) = fake.webhooks.fire(ticket["id"], "ticket_updated")
    assert delivery.url == f"http://hooks.test/t/{ticket['id']}?who=dana%40globex.example"
    assert delivery.json() == ["dana@globex.example", values["ticket.url"]]


# ---------------------------------------------------------------------------- the request


def test_headers_and_basic_auth_are_sent() -> None:
    fake, _ = _fake_with_rule(
        method="put", headers={"X-Webhook-Secret": "s3cret"}, basic_auth=("hook", "pa55")
    )
    ticket = fake.add_ticket(subject="x")
    fake.webhooks.fire(ticket["id"], "ticket_updated")
    receiver = Receiver()
    _flush(fake, receiver)
    (request,) = receiver.requests
    assert (request.method, str(request.url)) == ("PUT", URL)
    assert request.headers["X-Webhook-Secret"] == "s3cret"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"hook:pa55").decode()
    assert json.loads(request.content)["ticket_id"] == ticket["id"]


def test_get_and_delete_send_no_content() -> None:
    fake, _ = _fake_with_rule(method="GET", url="http://hooks.test/{{ticket.id}}")
    ticket = fake.add_ticket(subject="x")
    fake.webhooks.fire(ticket["id"], "ticket_updated")
    receiver = Receiver()
    _flush(fake, receiver)
    (request,) = receiver.requests
    assert (request.method, request.content) == ("GET", b"")
    assert "Content-Type" not in request.headers


def test_rule_settings_are_checked() -> None:
    six = {f"X-H{n}": "v" for n in range(6)}
    with pytest.raises(ValueError, match="'orders hook' has 6 custom headers"):
        WebhookRule(url=URL, headers=six, name="orders hook")
    with pytest.raises(ValueError, match=r"POST http://hooks\.test/freshdesk"):
        WebhookRule(url=URL, headers=six)
    assert len(WebhookRule(url=URL, headers=dict(list(six.items())[:5])).headers) == 5
    with pytest.raises(ValueError, match="webhook events"):
        WebhookRule(url=URL, events={"status_changed"})
    with pytest.raises(ValueError, match="webhook method"):
        WebhookRule(url=URL, method="TRACE")
    with pytest.raises(ValueError, match="lost must be a rate"):
        WebhookFaults(lost=1.5)
    assert WebhookRule(url=URL).events == frozenset(WEBHOOK_EVENTS)


def test_no_secret_shows_in_a_repr() -> None:
    fake = manual_fake(api_key="k-7f3a9c-secret")
    secret = "shared-secret-value-1234"
    rule = fake.webhooks.add(
        WebhookRule(url=URL, basic_auth=(fake.api_key, "X"), headers={"X-Hook-Secret": secret})
    )
    ticket = fake.add_ticket(subject="x")
    fake.webhooks.fire(ticket["id"], "ticket_updated")
    _flush(fake, Receiver())
    shown = repr(rule) + repr(fake.webhooks.log) + repr(fake.webhooks)
    assert fake.api_key not in shown
    assert secret not in shown
    assert "'Authorization': '***'" in repr(fake.webhooks.log)
    assert "'X-Hook-Secret': '***'" in repr(rule)
    assert "basic_auth=('***', '***')" in repr(rule)


# ---------------------------------------------------------------------------- fault decisions


@pytest.mark.parametrize(
    ("rates", "draws", "expected"),
    [
        ({}, (0.0, 0.0, 0.0, 0.0), set()),
        ({"lost": 0.2}, (0.19, 0.0, 0.0, 0.0), {"lost"}),
        ({"lost": 0.2}, (0.2, 0.0, 0.0, 0.0), set()),
        ({"lost": 1.0, "duplicated": 1.0, "late": 1.0}, (0.5, 0.0, 0.0, 0.0), {"lost"}),
        ({"duplicated": 0.1}, (0.9, 0.05, 0.0, 0.0), {"duplicated"}),
        ({"out_of_order": 0.1}, (0.9, 0.9, 0.09, 0.0), {"out_of_order"}),
        ({"late": 0.5}, (0.9, 0.9, 0.9, 0.49), {"late"}),
        (
            {"duplicated": 1.0, "out_of_order": 1.0, "late": 1.0},
            (0.9, 0.99, 0.99, 0.99),
            {"duplicated", "out_of_order", "late"},
        ),
    ],
)
def test_fault_decisions(
    rates: dict[str, Any], draws: tuple[float, ...], expected: set[str]
) -> None:
    assert WebhookFaults(**rates).decide(draws) == expected


def test_a_decision_takes_four_draws() -> None:
    with pytest.raises(ValueError, match="4 draws"):
        WebhookFaults().decide((0.1, 0.2))


def _queued(fake: FakeFreshdesk, count: int) -> list[WebhookDelivery]:
    rule = WebhookRule(url=URL)
    ticket = fake.add_ticket(subject="x")
    values = ticket_values(ticket, None, domain="fake", event="ticket_updated")
    return [
        build_delivery(n, rule, "ticket_updated", ticket["id"], values, START, frozenset())
        for n in range(1, count + 1)
    ]


@pytest.mark.parametrize(
    ("held", "order"),
    [
        ("", [1, 2, 3, 4]),
        ("2", [1, 3, 2, 4]),
        ("1", [2, 1, 3, 4]),
        ("12", [3, 2, 1, 4]),
        ("4", [1, 2, 3, 4]),
        ("1234", [4, 3, 2, 1]),
        ("13", [2, 1, 4, 3]),
    ],
)
def test_held_deliveries_go_after_the_next_one(held: str, order: list[int]) -> None:
    queue_ = DeliveryQueue()
    for delivery in _queued(manual_fake(), 4):
        queue_.fired([delivery], held=str(delivery.number) in held, queued_at=0.0)
    assert [delivery.number for delivery in queue_.take_due(START)] == order
    assert len(queue_) == 0


def test_live_mode_keeps_a_held_delivery_until_its_hold_expires() -> None:
    queue_ = DeliveryQueue()
    first, second = _queued(manual_fake(), 2)
    queue_.fired([first], held=True, queued_at=10.0)
    assert queue_.take_due(START, release_held_before=10.0) == []
    assert queue_.take_due(START, release_held_before=10.5) == [first]
    queue_.fired([first], held=True, queued_at=10.0)
    queue_.fired([second], held=False, queued_at=10.1)
    assert queue_.take_due(START, release_held_before=0.0) == [second, first]
    late = attrs.evolve(first, due_at=START + timedelta(seconds=30))
    queue_.fired([late], held=False, queued_at=0.0)
    assert queue_.take_due(START) == []
    assert queue_.pending() == (late,)


# ---------------------------------------------------------------------------- faults in action


def test_lost_sends_nothing() -> None:
    fake, _ = _fake_with_rule(faults=WebhookFaults(lost=1.0, seed=3))
    _fire_many(fake, 5)
    receiver = Receiver()
    with receiver.client() as http:
        report = fake.webhooks.flush(http)
    assert receiver.requests == []
    assert len(report.lost) == 5
    assert report.pending == 0
    assert [entry.outcome for entry in fake.webhooks.log] == ["lost"] * 5
    assert fake.webhooks.counters.lost == 5


def test_duplicated_sends_each_twice() -> None:
    fake, _ = _fake_with_rule(faults=WebhookFaults(duplicated=1.0, seed=3))
    ids = _fire_many(fake, 3)
    receiver = Receiver()
    _flush(fake, receiver)
    assert [ticket_id for ticket_id, _ in receiver.events] == [i for i in ids for _ in (0, 1)]
    assert [entry.copy for entry in fake.webhooks.log] == [0, 1] * 3
    counters = fake.webhooks.counters
    assert (counters.fired, counters.duplicated, counters.sent) == (3, 3, 6)


def test_out_of_order_changes_the_order_but_sends_each() -> None:
    fake, _ = _fake_with_rule(faults=WebhookFaults(out_of_order=0.5, seed=11))
    ids = _fire_many(fake, 20)
    receiver = Receiver()
    _flush(fake, receiver)
    sent = [ticket_id for ticket_id, _ in receiver.events]
    assert sent != ids
    assert sorted(sent) == ids
    assert fake.webhooks.counters.out_of_order > 0


def test_late_waits_for_the_clock() -> None:
    fake, _ = _fake_with_rule(faults=WebhookFaults(late=1.0, late_by=30.0))
    (ticket_id,) = _fire_many(fake, 1)
    receiver = Receiver()
    with receiver.client() as http:
        assert fake.webhooks.flush(http).pending == 1
        assert receiver.requests == []
        (waiting,) = fake.webhooks.pending
        assert waiting.due_at == START + timedelta(seconds=30)
        fake.clock.advance(29)
        assert fake.webhooks.flush(http).sent == ()
        fake.clock.advance(1)
        report = fake.webhooks.flush(http)
    assert [entry.ticket_id for entry in report.sent] == [ticket_id]
    assert receiver.events == [(ticket_id, "ticket_updated")]


def test_fault_rates_over_many_events() -> None:
    faults = WebhookFaults(lost=0.2, duplicated=0.1, late=0.3, seed=7)
    fake, _ = _fake_with_rule(faults=faults)
    _fire_many(fake, 1000)
    receiver = Receiver()
    _flush(fake, receiver)
    counters = fake.webhooks.counters
    assert counters.fired == 1000
    assert len(receiver.requests) == counters.sent
    # Late calls (and their copies) still wait; every other call went, duplicates twice.
    waiting = len(fake.webhooks.pending)
    assert counters.sent + waiting == 1000 - counters.lost + counters.duplicated
    assert 150 <= counters.lost <= 250
    assert 50 <= counters.duplicated <= 150  # of the ~800 not lost: 80 expected
    assert 190 <= counters.late <= 290
    # The same seed and events give the same faults.
    again, _ = _fake_with_rule(faults=faults)
    _fire_many(again, 1000)
    _flush(again, Receiver())
    assert [d.faults for d in again.webhooks.log] == [d.faults for d in fake.webhooks.log]


# ---------------------------------------------------------------------------- retries


def test_a_failed_call_is_retried_after_300_seconds() -> None:
    fake, _ = _fake_with_rule()
    (ticket_id,) = _fire_many(fake, 1)
    receiver = Receiver(500, 200)
    with receiver.client() as http:
        report = fake.webhooks.flush(http)
        assert [(entry.outcome, entry.status) for entry in report.attempts] == [("failed", 500)]
        (retry,) = fake.webhooks.pending
        assert (retry.attempt, retry.due_at) == (2, START + timedelta(seconds=300))
        fake.clock.advance(299)
        assert fake.webhooks.flush(http).attempts == ()
        fake.clock.advance(1)
        report = fake.webhooks.flush(http)
    assert [(entry.outcome, entry.attempt) for entry in report.attempts] == [("sent", 2)]
    assert receiver.events == [(ticket_id, "ticket_updated")] * 2
    assert fake.webhooks.pending == ()


def test_after_the_whole_schedule_fails_the_call_is_dropped() -> None:
    fake, _ = _fake_with_rule()
    _fire_many(fake, 1)
    receiver = Receiver(httpx.ConnectError("refused"), 503, 404, 500)
    with receiver.client() as http:
        fake.webhooks.flush(http)
        for delay in (300, 1800, 3600):
            fake.clock.advance(delay)
            fake.webhooks.flush(http)
    log = fake.webhooks.log
    assert [(entry.outcome, entry.attempt, entry.status) for entry in log] == [
        ("failed", 1, None),
        ("failed", 2, 503),
        ("failed", 3, 404),
        ("dropped", 4, 500),
    ]
    assert log[0].error == "ConnectError: refused"
    assert fake.webhooks.pending == ()
    counters = fake.webhooks.counters
    assert (counters.requests, counters.failed, counters.dropped) == (4, 3, 1)


def test_a_custom_schedule_and_redirects_count_as_delivered() -> None:
    fake, _ = _fake_with_rule(retry_after=(10,))
    _fire_many(fake, 2)
    receiver = Receiver(302, 500, 500)
    with receiver.client() as http:
        first = fake.webhooks.flush(http)
        fake.clock.advance(10)
        second = fake.webhooks.flush(http)
    assert [entry.outcome for entry in first.attempts] == ["sent", "failed"]
    assert [entry.outcome for entry in second.attempts] == ["dropped"]


def test_a_receiver_can_call_the_fake_during_a_flush() -> None:
    fake, _ = _fake_with_rule(events={"ticket_created"})
    seen: list[str] = []

    def receiver(request: httpx.Request) -> httpx.Response:
        ticket_id = json.loads(request.content)["ticket_id"]
        with client_for(fake) as api:
            seen.append(api.get(f"tickets/{ticket_id}").json()["subject"])
            api.post(f"tickets/{ticket_id}/notes", json={"body": "seen"})
        return httpx.Response(204)

    with client_for(fake) as api:
        api.post("tickets", json=ticket_body())
    with httpx.Client(transport=httpx.MockTransport(receiver)) as http:
        fake.webhooks.flush(http)
    assert seen == ["Printer on fire"]


# ---------------------------------------------------------------------------- async flush

_Message = MutableMapping[str, Any]


@pytest.mark.anyio
async def test_aflush_delivers_to_an_asgi_app() -> None:
    bodies: list[Any] = []

    async def app(
        scope: _Message,
        receive: Callable[[], Awaitable[_Message]],
        send: Callable[[_Message], Awaitable[None]],
    ) -> None:
        assert scope["type"] == "http"
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        bodies.append(json.loads(body))
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    fake, _ = _fake_with_rule(faults=WebhookFaults(duplicated=1.0))
    (ticket_id,) = _fire_many(fake, 1)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://receiver") as http:
        report = await fake.webhooks.aflush(http)
    assert [entry.status for entry in report.sent] == [204, 204]
    assert [body["ticket_id"] for body in bodies] == [ticket_id, ticket_id]


# ---------------------------------------------------------------------------- live mode


class _Hook(http.server.BaseHTTPRequestHandler):
    received: queue.Queue[tuple[str, bytes]]
    statuses: list[int]

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()
        self.received.put((self.path, body))

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""


@attrs.define
class _Server:
    url: str
    received: queue.Queue[tuple[str, bytes]]


@pytest.fixture
def loopback() -> Iterator[Callable[..., _Server]]:
    """Start plain HTTP receivers on loopback sockets (answering *statuses* in turn)."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(*statuses: int) -> _Server:
        received: queue.Queue[tuple[str, bytes]] = queue.Queue()
        handler = type(
            "Hook", (_Hook,), {"received": received, "statuses": list(statuses or [200])}
        )
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return _Server(f"http://127.0.0.1:{server.server_address[1]}/hook", received)

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _wait_for(condition: Callable[[], bool], seconds: float = 1.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.01)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_live_mode_delivers_over_a_real_socket_within_a_second(
    loopback: Callable[..., _Server],
) -> None:
    server = loopback()
    fake = manual_fake()
    fake.webhooks.add(WebhookRule(url=server.url + "/{{ticket.id}}", events={"ticket_created"}))
    with fake.webhooks.start(), client_for(fake) as api:
        assert fake.webhooks.running
        started = time.monotonic()
        ticket_id = api.post("tickets", json=ticket_body()).json()["id"]
        path, body = server.received.get(timeout=1.0)
        assert time.monotonic() - started < 1.0
    assert not fake.webhooks.running
    assert path == f"/hook/{ticket_id}"
    assert json.loads(body)["ticket_id"] == ticket_id


def test_live_mode_retries_when_the_clock_moves_and_never_raises(
    loopback: Callable[..., _Server],
) -> None:
    server = loopback(500, 200)
    fake = manual_fake()
    fake.webhooks.add(WebhookRule(url=server.url))
    fake.webhooks.add(WebhookRule(url=f"http://127.0.0.1:{_closed_port()}/gone", name="dead"))
    ticket = fake.add_ticket(subject="x")
    fake.webhooks.start()
    try:
        fake.webhooks.fire(ticket["id"], "ticket_updated")
        server.received.get(timeout=1.0)
        _wait_for(lambda: len(fake.webhooks.pending) == 2)  # both retries scheduled
        fake.clock.advance(300)
        server.received.get(timeout=1.5)
    finally:
        started = time.monotonic()
        fake.webhooks.stop()
        assert time.monotonic() - started < 2.0
    outcomes = {(entry.rule.label, entry.attempt, entry.outcome) for entry in fake.webhooks.log}
    assert {
        (f"POST {server.url}", 1, "failed"),
        (f"POST {server.url}", 2, "sent"),
        ("dead", 1, "failed"),
    } <= outcomes
    dead = next(entry for entry in fake.webhooks.log if entry.rule.label == "dead")
    assert (dead.error or "").startswith("ConnectError")


def test_the_events_are_the_contract() -> None:
    assert WEBHOOK_EVENTS == (
        "ticket_created",
        "ticket_updated",
        "reply_sent",
        "note_added",
        "ticket_deleted",
    )
