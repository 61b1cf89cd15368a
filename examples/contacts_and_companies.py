"""Companies and contacts with the sync client, offline on the fake Freshdesk.

Creates a company and its contacts, shows the 409s Freshdesk answers for a
duplicate company name and a duplicate email, soft-deletes and restores a
contact, turns one into an agent, and deletes a company (its contacts stay).
See docs/contacts.md and docs/companies.md.

Run: python examples/contacts_and_companies.py
Against a real account, build the client with ``Freshdesk.from_env()`` instead.
"""

from __future__ import annotations

import httpx

from freshdesk_atom import (
    AgentTicketScope,
    ConflictError,
    ContactState,
    Freshdesk,
    MethodNotAllowedError,
)
from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig


def main() -> None:
    fake = FakeFreshdesk.generate(
        tickets=50, contacts=30, seed=11, rate_limit=RateLimitConfig.unlimited()
    )
    http_client = httpx.Client(transport=fake.transport())
    with Freshdesk(api_key=fake.api_key, base_url=fake.base_url, http_client=http_client) as fd:
        # A company; contacts whose email domain is in `domains` join it.
        globex = fd.companies.create(
            name="Globex",
            domains=["globex.example"],
            custom_fields={"seats": 1200},  # contact and company fields have no cf_ prefix
        )
        dana = fd.contacts.create(
            name="Dana Ruiz",
            email="dana@globex.example",
            job_title="Finance lead",
            tags=["billing"],
            custom_fields={"department": "Finance"},
        )
        sam = fd.contacts.create(name="Sam Okafor", phone="+1 415 555 0134", company_id=globex.id)
        print(f"company #{globex.id} {globex.name}; {dana.name} is in #{dana.company_id} by domain")
        print(f"contact #{sam.id} {sam.name} has company {sam.company_id} and no email")

        # Bad input never leaves the machine.
        try:
            fd.contacts.create(name="Nobody")
        except ValueError as exc:
            print("refused before sending:", exc)

        # Company names are unique, ignoring case: a 409 that names the field.
        try:
            fd.companies.create(name="GLOBEX")
        except ConflictError as exc:
            error = exc.errors[0]
            print(f"duplicate company: {error.field} ({error.code})")

        # So are contact emails; additional_info names the contact who has it.
        try:
            fd.contacts.create(name="Dana R.", email="DANA@globex.example")
        except ConflictError as exc:
            error = exc.errors[0]
            holder = (error.additional_info or {}).get("user_id")
            print(f"duplicate contact: {error.field} belongs to #{holder}")

        # Soft delete: the contact is kept, read-only, and listed only with state="deleted".
        fd.contacts.delete(sam.id)
        deleted = [c.id for c in fd.contacts.list(state=ContactState.DELETED)]
        flag = fd.contacts.get(sam.id).deleted
        print(f"soft-deleted: deleted={flag}, in the deleted list: {sam.id in deleted}")
        try:
            fd.contacts.update(sam.id, job_title="Buyer")
        except MethodNotAllowedError:
            print("a deleted contact cannot be changed (405) until it is restored")
        fd.contacts.restore(sam.id)
        sam = fd.contacts.update(sam.id, job_title="Buyer")
        print(f"restored: deleted={sam.deleted}, job_title={sam.job_title}")

        # make_agent: the contact becomes an agent under the same id; it needs an email.
        group = next(iter(fd.groups.list(max_items=1)))
        promoted = fd.contacts.make_agent(
            dana.id, ticket_scope=AgentTicketScope.GROUP, group_ids=[group.id]
        )
        scope = promoted.agent.ticket_scope if promoted.agent else None
        print(f"make_agent: contact #{promoted.id} is an agent now, ticket scope {scope}")
        agent = fd.agents.get(dana.id)  # the same id from now on
        print(f"agent #{agent.id} {agent.contact.name}: groups {agent.group_ids}")
        try:
            fd.contacts.make_agent(sam.id)
        except ConflictError as exc:
            print(f"make_agent refused: {exc.code} (Sam has no email)")

        # Deleting a company unlinks its contacts; it does not delete them.
        fd.companies.delete(globex.id)
        print(f"after deleting Globex, Sam's company_id is {fd.contacts.get(sam.id).company_id}")

        # hard_delete needs a soft delete first, or force=True.
        fd.contacts.hard_delete(sam.id, force=True)
        created, sent = fake.counters.created["contacts"], fake.counters.total_requests
        print(f"{created} contacts created over the API, {sent} requests in all")
    http_client.close()


if __name__ == "__main__":
    main()
