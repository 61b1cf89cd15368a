"""The sync and async surfaces match: same public methods, same parameters."""

from __future__ import annotations

import inspect
import re
from functools import cached_property
from typing import Any

import pytest

import freshdesk_atom
from freshdesk_atom._async import _client as async_client
from freshdesk_atom._async import _governor as async_governor
from freshdesk_atom._async import _pagination as async_pagination
from freshdesk_atom._async import _record_stream as async_record_stream
from freshdesk_atom._async.resources import agents as async_agents
from freshdesk_atom._async.resources import archived_tickets as async_archived
from freshdesk_atom._async.resources import attachments as async_attachments
from freshdesk_atom._async.resources import companies as async_companies
from freshdesk_atom._async.resources import contacts as async_contacts
from freshdesk_atom._async.resources import conversations as async_conversations
from freshdesk_atom._async.resources import groups as async_groups
from freshdesk_atom._async.resources import satisfaction as async_satisfaction
from freshdesk_atom._async.resources import search as async_search
from freshdesk_atom._async.resources import stats as async_stats
from freshdesk_atom._async.resources import ticket_fields as async_ticket_fields
from freshdesk_atom._async.resources import tickets as async_tickets
from freshdesk_atom._async.resources import time_entries as async_time_entries
from freshdesk_atom._sync import _client as sync_client
from freshdesk_atom._sync import _governor as sync_governor
from freshdesk_atom._sync import _pagination as sync_pagination
from freshdesk_atom._sync import _record_stream as sync_record_stream
from freshdesk_atom._sync.resources import agents as sync_agents
from freshdesk_atom._sync.resources import archived_tickets as sync_archived
from freshdesk_atom._sync.resources import attachments as sync_attachments
from freshdesk_atom._sync.resources import companies as sync_companies
from freshdesk_atom._sync.resources import contacts as sync_contacts
from freshdesk_atom._sync.resources import conversations as sync_conversations
from freshdesk_atom._sync.resources import groups as sync_groups
from freshdesk_atom._sync.resources import satisfaction as sync_satisfaction
from freshdesk_atom._sync.resources import search as sync_search
from freshdesk_atom._sync.resources import stats as sync_stats
from freshdesk_atom._sync.resources import ticket_fields as sync_ticket_fields
from freshdesk_atom._sync.resources import tickets as sync_tickets
from freshdesk_atom._sync.resources import time_entries as sync_time_entries

PAIRS = [
    (async_client.AsyncFreshdesk, sync_client.Freshdesk),
    (async_client.AsyncFreshdeskWithRawResponse, sync_client.FreshdeskWithRawResponse),
    (async_pagination.AsyncPaginator, sync_pagination.Paginator),
    (async_pagination.AsyncPage, sync_pagination.Page),
    (async_pagination.AsyncWindowedSearch, sync_pagination.WindowedSearch),
    (async_tickets.AsyncTickets, sync_tickets.Tickets),
    (async_tickets.AsyncTicketsWithRawResponse, sync_tickets.TicketsWithRawResponse),
    (async_record_stream.AsyncRecordStream, sync_record_stream.RecordStream),
    (async_search.AsyncSearch, sync_search.Search),
    (async_search.AsyncSearchWithRawResponse, sync_search.SearchWithRawResponse),
    (async_stats.AsyncStatistics, sync_stats.Statistics),
    (async_contacts.AsyncContacts, sync_contacts.Contacts),
    (async_contacts.AsyncContactsWithRawResponse, sync_contacts.ContactsWithRawResponse),
    (async_companies.AsyncCompanies, sync_companies.Companies),
    (async_companies.AsyncCompaniesWithRawResponse, sync_companies.CompaniesWithRawResponse),
    (async_agents.AsyncAgents, sync_agents.Agents),
    (async_agents.AsyncAgentsWithRawResponse, sync_agents.AgentsWithRawResponse),
    (async_groups.AsyncGroups, sync_groups.Groups),
    (async_groups.AsyncGroupsWithRawResponse, sync_groups.GroupsWithRawResponse),
    (async_satisfaction.AsyncSatisfactionRatings, sync_satisfaction.SatisfactionRatings),
    (async_governor.AsyncRateGovernor, sync_governor.RateGovernor),
    (async_conversations.AsyncConversations, sync_conversations.Conversations),
    (
        async_conversations.AsyncConversationsWithRawResponse,
        sync_conversations.ConversationsWithRawResponse,
    ),
    (async_archived.AsyncArchivedTickets, sync_archived.ArchivedTickets),
    (
        async_archived.AsyncArchivedTicketsWithRawResponse,
        sync_archived.ArchivedTicketsWithRawResponse,
    ),
    (async_attachments.AsyncAttachments, sync_attachments.Attachments),
    (async_ticket_fields.AsyncTicketFields, sync_ticket_fields.TicketFields),
    (async_time_entries.AsyncTimeEntries, sync_time_entries.TimeEntries),
    (
        async_time_entries.AsyncTimeEntriesWithRawResponse,
        sync_time_entries.TimeEntriesWithRawResponse,
    ),
    # Hand-written pair: tasks in async, threads in sync, the same surface.
]

RENAMED = {
    "aclose": "close",
    "__aenter__": "__enter__",
    "__aexit__": "__exit__",
    "__aiter__": "__iter__",
}


def public_members(cls: type) -> dict[str, object]:
    return {
        RENAMED.get(name, name): member
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") or name in RENAMED or name in RENAMED.values()
    }


def normalise(signature: inspect.Signature) -> list[tuple[str, object, object]]:
    def clean(annotation: object) -> object:
        # The generator's renaming: AsyncX -> X, Awaitable[T] -> T.
        return re.sub(r"\bAsync(?=[A-Z])", "", str(annotation))

    return [
        (p.name, p.kind, clean(p.default) if p.default is not p.empty else p.empty)
        for p in signature.parameters.values()
    ] + [("->", None, clean(signature.return_annotation))]


@pytest.mark.parametrize(("async_cls", "sync_cls"), PAIRS, ids=lambda c: c.__name__)
def test_same_methods_and_signatures(async_cls: type, sync_cls: type) -> None:
    async_members = public_members(async_cls)
    sync_members = public_members(sync_cls)
    assert sorted(async_members) == sorted(sync_members)
    for name, member in async_members.items():
        other = sync_members[name]
        if callable(member) and callable(other) and not isinstance(member, type):
            assert normalise(inspect.signature(member)) == normalise(inspect.signature(other)), name


def test_the_root_exports_both_clients() -> None:
    assert freshdesk_atom.Freshdesk is sync_client.Freshdesk
    assert freshdesk_atom.AsyncFreshdesk is async_client.AsyncFreshdesk


RESOURCES = [
    "tickets",
    "tickets.conversations",
    "tickets.archived",
    "contacts",
    "companies",
    "agents",
    "groups",
    "search",
    "satisfaction_ratings",
    "ticket_fields",
    "time_entries",
]
# No single response to show: these make many requests (a walk, a lookup) or
# build something from one (a ticket form).
NO_RAW_TWIN = {"iter_all", "find_created", "tickets_all", "contacts_all", "companies_all", "form"}


def endpoint_of(client: object, resource: str) -> Any:
    for name in resource.split("."):
        client = getattr(client, name)
    return client


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_single_request_method_has_a_raw_twin(resource: str) -> None:
    endpoint = endpoint_of(async_client.AsyncFreshdesk(api_key="k" * 10, domain="acme"), resource)
    methods = {
        name
        for name, member in inspect.getmembers(type(endpoint))
        if not name.startswith("_")
        and callable(member)
        and name != "with_raw_response"
        and not isinstance(inspect.getattr_static(type(endpoint), name), cached_property)
    }
    assert sorted(vars(endpoint.with_raw_response)) == sorted(methods - NO_RAW_TWIN)


@pytest.mark.parametrize("resource", RESOURCES)
def test_raw_views_wrap_the_same_methods(resource: str) -> None:
    fd_async = async_client.AsyncFreshdesk(api_key="k" * 10, domain="acme")
    fd_sync = sync_client.Freshdesk(api_key="k" * 10, domain="acme")
    async_view = vars(endpoint_of(fd_async, resource).with_raw_response)
    sync_view = vars(endpoint_of(fd_sync, resource).with_raw_response)
    assert async_view
    assert sorted(async_view) == sorted(sync_view)
    for name in async_view:
        assert normalise(inspect.signature(async_view[name])) == normalise(
            inspect.signature(sync_view[name])
        )
