"""freshdesk-atom: a typed, safe and fast client for the Freshdesk REST API v2.

```python
from freshdesk_atom import Freshdesk, TicketStatus

with Freshdesk(api_key="...", domain="acme") as fd:
    for ticket in fd.tickets.list(updated_since="2024-01-01T00:00:00Z"):
        print(ticket.id, ticket.subject)
    fd.tickets.update(42, status=TicketStatus.RESOLVED)
```

``AsyncFreshdesk`` has the same methods with ``await``. The root holds the
SDK: the clients, the models and enums you pass or get most
(``freshdesk_atom.models`` has them all), errors, pagination and
configuration. Built on it, each in a subpackage of its own:

* ``freshdesk_atom.export``: every record of a resource to a JSON Lines file;
* ``freshdesk_atom.mirror``: a local SQLite copy of the account;
* ``freshdesk_atom.asgi``: the routes ATOM's Freshdesk page calls;
* ``freshdesk_atom.cli``: the ``freshdesk-atom`` command;
* ``freshdesk_atom.testing``: the fake Freshdesk, for tests and offline demos.
"""

from __future__ import annotations

from ._async._client import AsyncFreshdesk
from ._async._governor import AsyncRateGovernor
from ._async._pagination import AsyncPage, AsyncPaginator
from ._async._record_stream import AsyncRecordStream
from ._async.resources.search import SearchQuery
from ._core.complete_export import ExportCheckpoint, ExportPage
from ._core.governor import RateGovernorConfig, RateGovernorStats
from ._core.request import RequestSpec
from ._core.search_query import Q
from ._core.ticket_form import TicketForm
from ._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AttachmentLinkError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    FreshdeskError,
    MethodNotAllowedError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    SearchLimitError,
    ServerError,
    StalledWindowError,
    UnknownOutcomeError,
)
from ._public import publish
from ._response import APIResponse, PageInfo, ResponseMeta
from ._sync._client import Freshdesk
from ._sync._governor import RateGovernor
from ._sync._pagination import Page, Paginator
from ._sync._record_stream import RecordStream
from ._types import NOT_GIVEN, NotGiven, RequestOptions
from ._version import __version__
from .models import (
    Agent,
    AgentState,
    AgentTicketScope,
    Attachment,
    Company,
    Contact,
    ContactState,
    Conversation,
    FieldError,
    Group,
    RateLimit,
    SatisfactionRating,
    Stats,
    Ticket,
    TicketPriority,
    TicketSource,
    TicketStatus,
    Trends,
)

__all__ = [
    "NOT_GIVEN",
    "APIConnectionError",
    "APIResponse",
    "APIStatusError",
    "APITimeoutError",
    "Agent",
    "AgentState",
    "AgentTicketScope",
    "AsyncFreshdesk",
    "AsyncPage",
    "AsyncPaginator",
    "AsyncRateGovernor",
    "AsyncRecordStream",
    "Attachment",
    "AttachmentLinkError",
    "AuthenticationError",
    "BadRequestError",
    "Company",
    "ConflictError",
    "Contact",
    "ContactState",
    "Conversation",
    "ExportCheckpoint",
    "ExportPage",
    "FieldError",
    "Freshdesk",
    "FreshdeskError",
    "Group",
    "MethodNotAllowedError",
    "NotFoundError",
    "NotGiven",
    "Page",
    "PageInfo",
    "Paginator",
    "PermissionDeniedError",
    "Q",
    "RateGovernor",
    "RateGovernorConfig",
    "RateGovernorStats",
    "RateLimit",
    "RateLimitError",
    "RecordStream",
    "RequestOptions",
    "RequestSpec",
    "ResponseMeta",
    "ResponseValidationError",
    "SatisfactionRating",
    "SearchLimitError",
    "SearchQuery",
    "ServerError",
    "StalledWindowError",
    "Stats",
    "Ticket",
    "TicketForm",
    "TicketPriority",
    "TicketSource",
    "TicketStatus",
    "Trends",
    "UnknownOutcomeError",
    "__version__",
]

publish(__name__, globals(), __all__)
