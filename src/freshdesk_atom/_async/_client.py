"""``AsyncFreshdesk``: the async client, its configuration and lifecycle."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Mapping
from functools import cached_property
from types import TracebackType
from typing import Any, Self, TypeVar, cast

import attrs
import httpx

from .. import _constants as C
from .._config import ClientConfig, config_from_env
from .._constants import SEARCH_MAX_PAGE
from .._core.deadlines import JobDeadline
from .._core.governor import RateGovernorConfig, governor_config
from .._core.request import RequestSpec
from .._core.urls import normalize_domain
from .._parsing import parse_list_page, parse_model, parse_search_page
from .._response import APIResponse
from .._types import NOT_GIVEN, NotGiven, RequestOptions, TimeoutTypes
from ..models.common import RateLimit
from ._governor import AsyncRateGovernor
from ._pagination import AsyncPaginator
from ._raw import RawRequestOptions
from ._transport import AsyncTransport
from .resources.agents import AsyncAgents, AsyncAgentsWithRawResponse
from .resources.attachments import AsyncAttachments
from .resources.companies import AsyncCompanies, AsyncCompaniesWithRawResponse
from .resources.contacts import AsyncContacts, AsyncContactsWithRawResponse
from .resources.groups import AsyncGroups, AsyncGroupsWithRawResponse
from .resources.satisfaction import (
    AsyncSatisfactionRatings,
    AsyncSatisfactionRatingsWithRawResponse,
)
from .resources.search import AsyncSearch, AsyncSearchWithRawResponse
from .resources.stats import AsyncStatistics
from .resources.ticket_fields import AsyncTicketFields, AsyncTicketFieldsWithRawResponse
from .resources.tickets import AsyncTickets, AsyncTicketsWithRawResponse
from .resources.time_entries import AsyncTimeEntries, AsyncTimeEntriesWithRawResponse

__all__ = ["AsyncFreshdesk", "AsyncFreshdeskWithRawResponse"]

T = TypeVar("T")


def _resolve_base_url(
    api_key: str | None, domain: str | None, base_url: str | httpx.URL | None
) -> tuple[str, str | httpx.URL]:
    """Return the API key and base URL, each falling back on its environment variable."""
    if api_key is None:
        api_key = os.environ.get(C.API_KEY_ENV, "").strip() or None
    if domain is None and base_url is None:
        domain = os.environ.get(C.DOMAIN_ENV, "").strip() or None
    missing = []
    if api_key is None:
        missing.append(f"api_key (or ${C.API_KEY_ENV})")
    if domain is None and base_url is None:
        missing.append(f"domain (or ${C.DOMAIN_ENV}) or base_url")
    if missing:
        raise ValueError(f"missing {' and '.join(missing)}")
    assert api_key is not None
    if base_url is not None:
        if domain is not None:
            raise ValueError("give domain or base_url, not both")
        return api_key, base_url
    assert domain is not None
    return api_key, normalize_domain(domain)


class AsyncFreshdesk:
    """The async Freshdesk client.

    ```python
    async with AsyncFreshdesk(api_key="...", domain="acme") as fd:
        ticket = await fd.tickets.get(42)
        async for ticket in fd.tickets.list(updated_since="2024-01-01T00:00:00Z"):
            ...
    ```

    Args:
        api_key: the agent's API key (default: ``$FRESHDESK_API_KEY``). Never shown
            in a repr, a log line or an exception.
        domain: ``acme``, ``acme.freshdesk.com`` or ``https://acme.freshdesk.com/``
            (default: ``$FRESHDESK_DOMAIN``).
        base_url: instead of ``domain``, any API base URL (a proxy, the fake).
        timeout: seconds or an ``httpx.Timeout`` (default 5 s to connect, 30 s
            for each read, write or pool wait); ``None`` waits forever. Per call:
            ``options=RequestOptions(timeout=...)``.
        max_retries: retries of a failed request where retrying is safe (default 3).
        retry_after_cap: the longest wait for the rate limit, in seconds
            (default 90): a ``Retry-After``, or the rate governor's wait for
            budget; a longer one raises ``RateLimitError`` at once.
        deadline: seconds one call may take in all, retries and waits included
            (default ``None``: no limit beyond ``timeout`` per attempt). Per
            call: ``options=RequestOptions(deadline=...)``; given to a
            paginator or another walk, that bounds the whole walk.
        pages_in_flight: how many pages the async paginators and ``iter_all``
            fetch ahead while you handle one (default 4; 1 for none). The sync
            client fetches one page at a time.
        default_headers: headers added to every request.
        http_client: your own ``httpx.AsyncClient`` (proxies, transports, the
            fake); it is not closed by this client.
        rate_governor: pace every request to a share of the account's API
            credits, learned from the ``X-RateLimit-*`` headers
            (``docs/rate-governor.md``). ``True`` (default): 80% of the budget;
            a ``RateGovernorConfig(target_share=...)`` for another share;
            ``False``: no pacing (429s are still waited out). All tasks,
            threads and ``with_options`` copies of the client share one governor.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        domain: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: TimeoutTypes = C.DEFAULT_TIMEOUT,
        max_retries: int = C.DEFAULT_MAX_RETRIES,
        retry_after_cap: float = C.RETRY_AFTER_CAP,
        deadline: float | None = None,
        pages_in_flight: int = C.DEFAULT_PAGES_IN_FLIGHT,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        rate_governor: bool | RateGovernorConfig = True,
    ) -> None:
        key, url = _resolve_base_url(api_key, domain, base_url)
        governor_settings = governor_config(rate_governor)
        self._config = ClientConfig(
            api_key=key,
            base_url=url,
            timeout=timeout,
            max_retries=max_retries,
            retry_after_cap=retry_after_cap,
            deadline=deadline,
            pages_in_flight=pages_in_flight,
            default_headers=dict(default_headers or {}),
        )
        self._transport = AsyncTransport(
            self._config, http_client=http_client, rate_governor=governor_settings
        )
        self._owns_transport = True

    @classmethod
    def from_env(
        cls,
        *,
        timeout: TimeoutTypes = C.DEFAULT_TIMEOUT,
        max_retries: int = C.DEFAULT_MAX_RETRIES,
        retry_after_cap: float = C.RETRY_AFTER_CAP,
        deadline: float | None = None,
        pages_in_flight: int = C.DEFAULT_PAGES_IN_FLIGHT,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        rate_governor: bool | RateGovernorConfig = True,
    ) -> Self:
        """Build a client from ``$FRESHDESK_API_KEY`` and ``$FRESHDESK_DOMAIN``.

        The other arguments are the constructor's.

        Raises:
            ValueError: naming the variable that is missing, or the domain rule broken.
        """
        api_key, domain = config_from_env()
        return cls(
            api_key=api_key,
            domain=domain,
            timeout=timeout,
            max_retries=max_retries,
            retry_after_cap=retry_after_cap,
            deadline=deadline,
            pages_in_flight=pages_in_flight,
            default_headers=default_headers,
            http_client=http_client,
            rate_governor=rate_governor,
        )

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_after_cap: float | NotGiven = NOT_GIVEN,
        deadline: float | NotGiven | None = NOT_GIVEN,
    ) -> Self:
        """Return a copy with other defaults that shares this client's connections.

        Closing the copy does nothing; close the original when done.
        """
        changes: dict[str, Any] = {}
        if not isinstance(timeout, NotGiven):
            changes["timeout"] = timeout
        if not isinstance(max_retries, NotGiven):
            changes["max_retries"] = max_retries
        if not isinstance(retry_after_cap, NotGiven):
            changes["retry_after_cap"] = retry_after_cap
        if not isinstance(deadline, NotGiven):
            changes["deadline"] = deadline
        copy = object.__new__(type(self))
        copy._config = attrs.evolve(self._config, **changes)
        copy._transport = self._transport
        copy._owns_transport = False
        return copy

    # ------------------------------------------------------------------ requests

    async def request(
        self,
        spec: RequestSpec,
        *,
        cast_to: type[T] | None = None,
        parse: Callable[[RequestSpec, httpx.Response], T] | None = None,
        options: RequestOptions | None = None,
    ) -> T:
        """Send *spec* (retried, paced, errors mapped) and return its body as ``cast_to``.

        The one way every resource method sends a request; use it for an
        endpoint the SDK does not wrap yet::

            spec = RequestSpec(method="GET", path="ticket_fields")
            fields = await fd.request(spec, cast_to=tuple[dict[str, Any], ...])

        ``parse(spec, response)`` replaces ``cast_to`` for bodies that are not
        one model. Called through a ``with_raw_response`` view, it returns the
        ``APIResponse`` instead, parsed on ``.parse()``.

        Raises:
            FreshdeskError: (a subclass of) when Freshdesk or the network failed,
                or the body does not fit (``ResponseValidationError``).
        """
        if (cast_to is None) == (parse is None):
            raise TypeError("give exactly one of cast_to and parse")
        response = await self._send(spec, options)
        if parse is not None:
            parser: Callable[[httpx.Response], T] = functools.partial(parse, spec)
        else:
            assert cast_to is not None
            parser = functools.partial(parse_model, spec, cl=cast_to)
        if isinstance(options, RawRequestOptions):
            # The raw view's wrapper types this as APIResponse[T].
            return cast(T, APIResponse(response, parser))
        return parser(response)

    def get_api_list(
        self,
        spec: RequestSpec,
        *,
        item: type[T],
        search: bool = False,
        options: RequestOptions | None = None,
        max_items: int | None = None,
        max_pages: int | None = None,
        last_page: int | None = None,
    ) -> AsyncPaginator[T]:
        """Return a lazy paginator over the list (or, with *search*, the search) *spec* asks for.

        *last_page* is the highest page Freshdesk lets the query reach (the
        tickets list: 300; a search: 10).
        """
        parse = parse_search_page if search else parse_list_page
        return AsyncPaginator(
            self,
            spec,
            functools.partial(parse, item=item),
            options=options,
            max_items=max_items,
            max_pages=max_pages,
            last_page=SEARCH_MAX_PAGE if search and last_page is None else last_page,
        )

    async def _send(self, spec: RequestSpec, options: RequestOptions | None) -> httpx.Response:
        """Send *spec* through the transport and return the successful response (for paginators)."""
        return await self._transport.request(spec, self._config, options)

    async def _fetch_file(self, url: str, write: Callable[[bytes], object]) -> httpx.Response:
        """GET a pre-signed file link without Freshdesk credentials (``fd.attachments``)."""
        return await self._transport.fetch_file(url, write)

    @property
    def _pages_in_flight(self) -> int:
        return self._config.pages_in_flight

    def _job(self, options: RequestOptions | None, spec: RequestSpec) -> JobDeadline:
        """Return the options of each request of one walk (a ``deadline`` bounds the whole walk)."""
        return JobDeadline(options, method=spec.method, path=spec.path)

    @property
    def base_url(self) -> httpx.URL:
        """The API base URL, e.g. ``https://acme.freshdesk.com/api/v2/``."""
        return self._config.base_url

    @property
    def rate_limit(self) -> RateLimit | None:
        """The rate-limit snapshot of the latest response (``None`` before the first)."""
        return self._transport.rate_limit

    @property
    def rate_governor(self) -> AsyncRateGovernor:
        """The rate governor shared by this client's tasks: ``.config``, ``.stats``."""
        return self._transport.governor

    @property
    def is_closed(self) -> bool:
        """Whether the client was closed."""
        return self._transport.is_closed

    @cached_property
    def tickets(self) -> AsyncTickets:
        """Tickets: list, get, create, update, delete, restore; ``.conversations``, ``.archived``."""
        return AsyncTickets(self)

    @cached_property
    def attachments(self) -> AsyncAttachments:
        """Download attachments (refreshing expired links) and inline images."""
        return AsyncAttachments(self)

    @cached_property
    def ticket_fields(self) -> AsyncTicketFields:
        """The ticket form's fields, and a form to check values against: list, form."""
        return AsyncTicketFields(self)

    @cached_property
    def time_entries(self) -> AsyncTimeEntries:
        """Time logged on tickets: list, create, update, delete."""
        return AsyncTimeEntries(self)

    @cached_property
    def contacts(self) -> AsyncContacts:
        """Contacts: list, get, create, update, delete, hard_delete, restore, make_agent."""
        return AsyncContacts(self)

    @cached_property
    def companies(self) -> AsyncCompanies:
        """Companies: list, get, create, update, delete."""
        return AsyncCompanies(self)

    @cached_property
    def agents(self) -> AsyncAgents:
        """Agents: list, get, me, update."""
        return AsyncAgents(self)

    @cached_property
    def groups(self) -> AsyncGroups:
        """Agent groups: list, get, create, update, delete."""
        return AsyncGroups(self)

    @cached_property
    def satisfaction_ratings(self) -> AsyncSatisfactionRatings:
        """Satisfaction survey ratings: list (the last 30 days unless ``created_since``)."""
        return AsyncSatisfactionRatings(self)

    @cached_property
    def search(self) -> AsyncSearch:
        """Search tickets, contacts and companies by query: tickets, contacts, companies, count, *_all."""
        return AsyncSearch(self)

    @cached_property
    def stats(self) -> AsyncStatistics:
        """Help-desk figures from search totals and ticket stats: summary."""
        return AsyncStatistics(self)

    @cached_property
    def with_raw_response(self) -> AsyncFreshdeskWithRawResponse:
        """Every resource's methods, returning ``APIResponse`` (status, headers, ``parse()``)."""
        return AsyncFreshdeskWithRawResponse(self)

    async def aclose(self) -> None:
        """Close the connections this client opened (not a user's ``http_client``)."""
        if self._owns_transport:
            await self._transport.aclose()

    async def __aenter__(self) -> Self:
        if self.is_closed:
            raise RuntimeError("Cannot open a client that has been closed")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={str(self._config.base_url)!r})"


class AsyncFreshdeskWithRawResponse:
    """``fd.with_raw_response``: each resource with methods that return ``APIResponse``."""

    def __init__(self, client: AsyncFreshdesk) -> None:
        self.tickets: AsyncTicketsWithRawResponse = client.tickets.with_raw_response
        self.search: AsyncSearchWithRawResponse = client.search.with_raw_response
        self.contacts: AsyncContactsWithRawResponse = client.contacts.with_raw_response
        self.companies: AsyncCompaniesWithRawResponse = client.companies.with_raw_response
        self.agents: AsyncAgentsWithRawResponse = client.agents.with_raw_response
        self.groups: AsyncGroupsWithRawResponse = client.groups.with_raw_response
        self.satisfaction_ratings: AsyncSatisfactionRatingsWithRawResponse = (
            client.satisfaction_ratings.with_raw_response
        )
        self.ticket_fields: AsyncTicketFieldsWithRawResponse = (
            client.ticket_fields.with_raw_response
        )
        self.time_entries: AsyncTimeEntriesWithRawResponse = client.time_entries.with_raw_response
