"""A scripted ``httpx.MockTransport`` handler for wire tests in both modes."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

API_KEY = "sk-test-9f8e7d6c5b4a"
BASE_URL = "https://acme.freshdesk.com/api/v2/"

Step = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


def json_response(status: int, body: Any = None, **headers: str) -> httpx.Response:
    """Return a JSON response with *headers* (underscores become dashes)."""
    content = b"" if body is None else json.dumps(body).encode()
    real = {k.replace("_", "-"): v for k, v in headers.items()}
    if body is not None:
        real.setdefault("content-type", "application/json; charset=utf-8")
    return httpx.Response(status, content=content, headers=real)


class Script:
    """Reply to each request with the next scripted step, recording every request.

    A step is a response, an exception to raise (it gets the request attached),
    or a callable that builds the response from the request. The last step
    repeats when the script runs out.
    """

    def __init__(self, *steps: Step) -> None:
        if not steps:
            raise ValueError("a script needs at least one step")
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        step = self.steps[min(len(self.requests), len(self.steps)) - 1]
        if isinstance(step, httpx.TransportError):
            step.request = request
            raise step
        if isinstance(step, Exception):
            raise step
        if isinstance(step, httpx.Response):
            return httpx.Response(
                step.status_code, headers=step.headers, content=step.content, request=request
            )
        return step(request)

    @property
    def last(self) -> httpx.Request:
        """The most recent request."""
        return self.requests[-1]

    def body(self, index: int = -1) -> Any:
        """The JSON body of request *index*."""
        return json.loads(self.requests[index].content)


TICKET = {
    "id": 42,
    "subject": "Printer on fire",
    "description": "<div>Smoke</div>",
    "description_text": "Smoke",
    "type": "Incident",
    "status": 2,
    "priority": 3,
    "source": 1,
    "requester_id": 48000000101,
    "responder_id": None,
    "group_id": None,
    "company_id": None,
    "product_id": None,
    "email_config_id": None,
    "to_emails": None,
    "cc_emails": [],
    "fwd_emails": [],
    "reply_cc_emails": [],
    "ticket_cc_emails": [],
    "fr_escalated": False,
    "is_escalated": False,
    "spam": False,
    "due_by": "2024-05-14T17:00:00Z",
    "fr_due_by": "2024-05-13T13:00:00Z",
    "tags": ["hardware"],
    "custom_fields": {"cf_region": "EMEA"},
    "attachments": [],
    "created_at": "2024-05-13T09:12:44Z",
    "updated_at": "2024-05-13T11:02:10Z",
}


def ticket(**changes: Any) -> dict[str, Any]:
    """Return a wire ticket with *changes* applied."""
    return {**TICKET, **changes}


def _basic(user: str, password: str) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


AUTH_HEADER = _basic(API_KEY, "X")
