"""What a route handler receives: the request, the account and the call's bookkeeping."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any, Final

import attrs

from ._errors import request_error
from ._http import FakeRequest, FakeResponse, json_response
from ._state import FakeState
from ._validate import Checker
from ._webhook_events import WebhookEvent
from ._wire import to_wire

__all__ = ["DEFAULT_ATTACHMENT_URL_TTL", "Call", "Handler", "Route", "Settings"]

_JSON_TYPES: Final = ("application/json",)


DEFAULT_ATTACHMENT_URL_TTL: Final = 300
"""Seconds an ``attachment_url`` works (docs/freshdesk-api-notes.md#attachments: unconfirmed, 300 as observed)."""


@attrs.frozen
class Settings:
    """Account settings a route may consult.

    Attributes:
        ticket_required_fields: ticket fields required on create besides a
            requester: ``subject`` by default, more where an admin marked them
            "mandatory for agents" (docs/freshdesk-api-notes.md#tickets).
        support_email: the account's support address (replies are sent from it).
        attachment_url_ttl: seconds a signed ``attachment_url`` works.
        attachment_host: origin (``scheme://host``) of attachment links;
            ``None``: the origin of the request that read them.
        archive_enabled: whether the plan has archived tickets
            (docs/freshdesk-api-notes.md#archived-tickets).
        attachment_secret: the key attachment links are signed with.
    """

    ticket_required_fields: tuple[str, ...] = ("subject",)
    support_email: str = "support@fake.freshdesk.com"
    attachment_url_ttl: int = DEFAULT_ATTACHMENT_URL_TTL
    attachment_host: str | None = None
    archive_enabled: bool = True
    attachment_secret: bytes = attrs.field(factory=lambda: secrets.token_bytes(32), repr=False)


@attrs.define(eq=False)
class Call:
    """One API call being answered.

    Attributes:
        request: the request.
        state: the account.
        now: the fake time, a datetime; :attr:`stamp` is its wire form.
        args: the numeric ids captured from the path.
        settings: the account settings.
        credits: rate-limit credits this call costs (1 + embed surcharges, docs/freshdesk-api-notes.md#the-tickets-list).
        created: resource names of the records this call created.
        events: ``(ticket id, webhook event)`` of the ticket changes this call
            made; they fire the account's webhook rules if the call succeeds.
    """

    request: FakeRequest
    state: FakeState
    now: datetime
    args: tuple[int, ...]
    settings: Settings
    credits: int = 1
    created: list[str] = attrs.field(factory=list)
    events: list[tuple[int, WebhookEvent]] = attrs.field(factory=list)

    def ticket_event(self, ticket_id: int, event: WebhookEvent) -> None:
        """Note that this call changed a ticket (the webhook rules fire after a success)."""
        self.events.append((ticket_id, event))

    @property
    def stamp(self) -> str:
        """Return the current time in the wire form (every write's ``updated_at``)."""
        return to_wire(self.now)

    @property
    def params(self) -> dict[str, str]:
        """Return the decoded query parameters."""
        return self.request.params

    def query(self, allowed: Collection[str]) -> Checker:
        """Return a checker over the query parameters, unknown names already flagged."""
        checker = Checker(self.params)
        checker.unknown(allowed)
        return checker

    def body(self, *, update: bool) -> dict[str, Any]:
        """Return the decoded JSON object body.

        415 for a non-JSON content type (docs/freshdesk-api-notes.md#errors: ``invalid_content_type``), 400
        ``invalid_json`` for a body that does not parse to an object, and for
        an update 400 ``missing_params`` when nothing was sent (docs/freshdesk-api-notes.md#tickets).
        """
        raw = self.request.body
        if not raw.strip():
            if update:
                raise request_error(400, "missing_params", "Mandatory attribute missing")
            return {}
        self.require_json_type()
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            raise request_error(400, "invalid_json", "Request body has invalid json format")
        if update and not data:
            raise request_error(400, "missing_params", "Mandatory attribute missing")
        return data

    def require_json_type(self) -> None:
        """Raise the 415 unless the request says its body is JSON."""
        sent = self.request.headers.get("content-type", "")
        media = sent.split(";", 1)[0].strip().lower()
        if media not in _JSON_TYPES:
            # docs/freshdesk-api-notes.md#errors: 415 invalid_content_type, "Content-Type header is set to X. It
            # should be set to application/json" (routes that take files read multipart in _bodies).
            message = f"Content-Type header is set to {sent}. It should be set to application/json"
            raise request_error(415, "invalid_content_type", message)

    def no_body(self) -> None:
        """Raise 400 ``no_content_required`` if a body was sent (``restore``, docs/freshdesk-api-notes.md#errors)."""
        if self.request.body.strip():
            raise request_error(
                400, "no_content_required", "Request body is not expected for this request"
            )

    def ok(self, data: Any) -> FakeResponse:
        """Return a 200 JSON response."""
        return json_response(200, data)

    def created_response(self, resource: str, data: Any, api_path: str) -> FakeResponse:
        """Return the 201 with ``Location`` (docs/freshdesk-api-notes.md#authentication-and-the-api-host) and count the created record."""
        self.created.append(resource)
        return json_response(201, data, {"Location": self.request.url_for(api_path)})

    def no_content(self) -> FakeResponse:
        """Return the body-less 204 of deletes and restores (docs/freshdesk-api-notes.md#authentication-and-the-api-host)."""
        return FakeResponse(204)


Handler = Callable[[Call], FakeResponse]


@attrs.frozen
class Route:
    """One API route: method, path template (``{id}`` = a numeric id) and handler.

    ``limit`` names the per-endpoint rate-limit bucket the route counts
    against (docs/freshdesk-api-notes.md#rate-limits: tickets list, contacts list, ticket create, ticket update).
    """

    method: str
    template: str
    handler: Handler
    limit: str | None = None
    pattern: re.Pattern[str] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        regex = re.escape(self.template).replace(r"\{id\}", r"([0-9]+)")
        object.__setattr__(self, "pattern", re.compile(regex + r"\Z"))

    @property
    def key(self) -> str:
        """Return the endpoint key used by the counters, e.g. ``"GET /tickets/{id}"``."""
        return f"{self.method} {self.template}"

    def match(self, path: str) -> tuple[int, ...] | None:
        """Return the captured ids when *path* fits the template, else ``None``."""
        found = self.pattern.match(path)
        return None if found is None else tuple(int(group) for group in found.groups())
