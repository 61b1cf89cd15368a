"""``WebhookRule``: an automation rule whose action is "Trigger webhook".

Freshdesk has no webhook registration API and does not sign its calls: an
admin creates an automation rule in the UI (on ticket creation, or on ticket
updates with events such as "reply is sent" or "status is changed") and gives
it the action "Trigger webhook": a URL, a method, an encoding, the content,
optional credentials and up to five custom headers
(https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules,
docs/freshdesk-api-notes.md#webhooks). :class:`WebhookRule` holds the same
settings for the fake.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final, cast

import attrs

from ._webhook_events import WEBHOOK_EVENTS, WebhookEvent
from ._webhook_faults import WebhookFaults
from ._webhook_render import RECOMMENDED_TEMPLATE

__all__ = ["BODY_METHODS", "DEFAULT_RETRY_AFTER", "MAX_HEADERS", "METHODS", "WebhookRule"]

MAX_HEADERS: Final = 5
"""Custom headers a rule may send (Freshdesk's limit)."""

METHODS: Final = ("GET", "POST", "PUT", "PATCH", "DELETE")
"""The methods a rule can call its URL with."""

BODY_METHODS: Final = frozenset({"POST", "PUT", "PATCH"})
"""The methods that carry the rendered content; ``GET`` and ``DELETE`` send none."""

DEFAULT_RETRY_AFTER: Final = (300.0, 1800.0, 3600.0)
"""Seconds before each retry of a failed call: about 5 min, 30 min and 1 h (reported, unconfirmed:
docs/freshdesk-api-notes.md#webhooks); the call is dropped after the last."""


def _events(value: Iterable[str]) -> frozenset[WebhookEvent]:
    events = frozenset(value)
    unknown = sorted(events - set(WEBHOOK_EVENTS))
    if unknown or not events:
        raise ValueError(f"webhook events must be some of {WEBHOOK_EVENTS}, got {sorted(events)}")
    return cast(frozenset[WebhookEvent], events)


def _method(value: str) -> str:
    method = value.upper()
    if method not in METHODS:
        raise ValueError(f"a webhook method is one of {METHODS}, got {value!r}")
    return method


def _headers(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


def _retries(value: Iterable[float]) -> tuple[float, ...]:
    delays = tuple(float(delay) for delay in value)
    if any(delay < 0 for delay in delays):
        raise ValueError(f"retry delays must not be negative, got {delays}")
    return delays


_SHOWN_HEADERS: Final = frozenset({"content-type", "user-agent", "accept"})


def hidden_headers(headers: Mapping[str, str]) -> str:
    """A ``repr`` of *headers* with every value hidden but the content type's:
    custom headers carry the receiver's shared secret."""
    shown = {
        name: value if name.lower() in _SHOWN_HEADERS else "***" for name, value in headers.items()
    }
    return repr(shown)


def _hidden_credentials(value: tuple[str, str] | None) -> str:
    # The username may be an API key (sent with "X" as the password): show neither.
    return "None" if value is None else "('***', '***')"


@attrs.frozen(eq=False)
class WebhookRule:
    """An automation rule that calls *url* when one of its *events* happens to a ticket.

    Attributes:
        url: where the call goes; may hold placeholders (filled URL-encoded).
        events: the :data:`WEBHOOK_EVENTS` the rule runs on (default: all).
        method: ``GET``, ``POST`` (default), ``PUT``, ``PATCH`` or ``DELETE``;
            only ``POST``, ``PUT`` and ``PATCH`` send the content.
        template: the content, JSON with ``{{placeholders}}`` (see
            :data:`WEBHOOK_PLACEHOLDERS`; default :data:`RECOMMENDED_TEMPLATE`), sent
            as ``application/json``. Values are JSON-escaped, so a placeholder
            inside quotes always gives a valid JSON string.
        headers: up to five custom headers, e.g. a shared secret: Freshdesk
            signs nothing, so this and *basic_auth* are all a receiver can check.
        basic_auth: ``(username, password)`` sent as HTTP Basic; for
            Freshdesk's "API key" option use ``(key, "X")``. Hidden in ``repr``.
        faults: how deliveries go wrong (:class:`WebhookFaults`; default: never).
        retry_after: seconds of fake time before each retry of a failed call
            (default 300, 1800, 3600); after the last the call is dropped.
        name: how logs and errors name the rule (default: method and URL).

    Rules compare by identity: two equal settings are two rules, each firing.
    """

    url: str
    events: frozenset[WebhookEvent] = attrs.field(
        default=frozenset(WEBHOOK_EVENTS), converter=_events
    )
    method: str = attrs.field(default="POST", converter=_method)
    template: str = RECOMMENDED_TEMPLATE
    headers: Mapping[str, str] = attrs.field(factory=dict, converter=_headers, repr=hidden_headers)
    basic_auth: tuple[str, str] | None = attrs.field(default=None, repr=_hidden_credentials)
    faults: WebhookFaults = attrs.field(factory=WebhookFaults)
    retry_after: tuple[float, ...] = attrs.field(default=DEFAULT_RETRY_AFTER, converter=_retries)
    name: str | None = None

    def __attrs_post_init__(self) -> None:
        if len(self.headers) > MAX_HEADERS:
            raise ValueError(
                f"webhook rule {self.label!r} has {len(self.headers)} custom headers;"
                f" Freshdesk allows at most {MAX_HEADERS}"
            )

    @property
    def label(self) -> str:
        """Return the rule's :attr:`name`, or ``"METHOD url"`` without one."""
        return self.name or f"{self.method} {self.url}"
