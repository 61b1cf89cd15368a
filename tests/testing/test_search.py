"""Search contract: quoting, the fixed page size, the 10-page cap, ``total`` (docs/freshdesk-api-notes.md#search)."""

from __future__ import annotations

import httpx
import pytest

from freshdesk_atom.testing import FakeFreshdesk

from ._support import errors_of


def _search(client: httpx.Client, resource: str, query: str, **params: int) -> httpx.Response:
    return client.get(f"search/{resource}", params={"query": query, **params})


def test_results_and_total(fake: FakeFreshdesk, client: httpx.Client) -> None:
    for number in range(65):
        fake.add_ticket(
            priority=3 if number % 2 else 1, description="<b>x</b>", description_text="x"
        )
    first = _search(client, "tickets", '"priority:3"')
    assert first.status_code == 200
    body = first.json()
    assert body["total"] == 32
    assert len(body["results"]) == 30  # docs/freshdesk-api-notes.md#search: fixed page size
    assert "Link" not in first.headers
    assert (
        body["results"][0]["description"] == "<b>x</b>"
    )  # docs/freshdesk-api-notes.md#search: tickets carry descriptions
    assert body["results"][0]["description_text"] == "x"
    second = _search(client, "tickets", '"priority:3"', page=2).json()
    assert (len(second["results"]), second["total"]) == (2, 32)
    ids = [t["id"] for t in body["results"] + second["results"]]
    assert len(set(ids)) == 32


def test_query_must_be_double_quoted(client: httpx.Client) -> None:
    response = _search(client, "tickets", "priority:3")
    assert response.status_code == 400
    (error,) = errors_of(response)
    assert (error["field"], error["code"]) == ("query", "invalid_value")
    assert error["message"].startswith("Given query is invalid, expected format is")


def test_url_encoded_query_round_trip(fake: FakeFreshdesk, client: httpx.Client) -> None:
    fake.add_ticket(status=2, priority=3, tags=["vip"])
    fake.add_ticket(status=2, priority=1)
    url = "search/tickets?query=%22priority%3A3%20AND%20status%3A2%20AND%20tag%3A%27vip%27%22"
    assert client.get(url).json()["total"] == 1


def test_page_11_and_per_page_are_refused(client: httpx.Client) -> None:
    assert _search(client, "tickets", '"status:2"', page=10).json() == {"results": [], "total": 0}
    response = _search(client, "tickets", '"status:2"', page=11)
    assert response.status_code == 400
    assert errors_of(response) == [
        {
            "field": "page",
            "message": "It should be a Positive Integer less than or equal to 10",
            "code": "invalid_value",
        }
    ]
    per_page = _search(client, "tickets", '"status:2"', per_page=50)
    assert errors_of(per_page) == [
        {
            "field": "per_page",
            "message": "Unexpected/invalid field in request",
            "code": "invalid_field",
        }
    ]
    missing = client.get("search/tickets")
    assert errors_of(missing)[0]["field"] == "query"


def test_query_length_cap(client: httpx.Client) -> None:
    text = " OR ".join(["status:2"] * 60)[:513]
    response = _search(client, "tickets", f'"{text}"')
    assert errors_of(response)[0]["message"] == (
        f"Has {len(text)} characters, it can have maximum of 512 characters"
    )


def test_spam_and_deleted_tickets_are_not_found(fake: FakeFreshdesk, client: httpx.Client) -> None:
    fake.add_ticket(status=2)
    fake.add_ticket(status=2, spam=True)
    fake.add_ticket(status=2, deleted=True)
    assert _search(client, "tickets", '"status:2"').json()["total"] == 1


def test_contacts_search_excludes_deleted(fake: FakeFreshdesk, client: httpx.Client) -> None:
    fake.add_contact(name="A", email="a@x.example", language="fr")
    fake.add_contact(name="B", email="b@x.example", language="fr", deleted=True)
    body = _search(client, "contacts", "\"language:'fr'\"").json()
    assert [c["name"] for c in body["results"]] == ["A"]
    assert body["total"] == 1


def test_companies_search_by_domain(fake: FakeFreshdesk, client: httpx.Client) -> None:
    fake.add_company(name="Acme", domains=["acme.example"])
    fake.add_company(name="Globex", domains=["globex.example"])
    body = _search(client, "companies", "\"domain:'acme.example'\"").json()
    assert [c["name"] for c in body["results"]] == ["Acme"]


@pytest.mark.parametrize("resource", ["tickets", "contacts", "companies"])
def test_total_counts_past_the_300_cap(fake: FakeFreshdesk, resource: str) -> None:
    for number in range(310):
        if resource == "tickets":
            fake.add_ticket(status=2)
        elif resource == "contacts":
            fake.add_contact(name=f"c{number}", email=f"c{number}@x.example", active=True)
        else:
            fake.add_company(name=f"Company {number}")
    query = {
        "tickets": '"status:2"',
        "contacts": '"active:true"',
        "companies": "\"created_at:>'2024-01-01'\"",
    }[resource]
    from ._support import client_for

    with client_for(fake) as http:
        last = _search(http, resource, query, page=10).json()
    assert last["total"] == 310
    assert len(last["results"]) == 30
