"""Pagination contract: page/per_page, the Link header, the 300-page cap (docs/freshdesk-api-notes.md#the-tickets-list)."""

from __future__ import annotations

import httpx
import pytest

from freshdesk_atom.testing import FakeFreshdesk

from ._support import client_for, errors_of

PER_PAGE_MESSAGE = "It should be a Positive Integer less than or equal to 100"


def _tickets(fake: FakeFreshdesk, count: int) -> None:
    for number in range(count):
        fake.add_ticket(subject=f"ticket {number}")


def test_default_page_is_30_and_link_names_the_next_page(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    _tickets(fake, 31)
    first = client.get("tickets")
    assert first.status_code == 200
    assert len(first.json()) == 30
    assert first.headers["Link"] == '<https://fake.freshdesk.com/api/v2/tickets?page=2>; rel="next"'
    second = client.get("tickets", params={"page": 2})
    assert [t["subject"] for t in second.json()] == ["ticket 0"]
    assert "Link" not in second.headers


def test_no_link_when_the_page_is_exactly_full(fake: FakeFreshdesk, client: httpx.Client) -> None:
    _tickets(fake, 30)
    response = client.get("tickets")
    assert len(response.json()) == 30
    assert "Link" not in response.headers


def test_link_repeats_the_query_string_with_page_bumped(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    _tickets(fake, 25)
    response = client.get("tickets?per_page=10&updated_since=2024-01-01T00:00:00Z&page=2")
    assert response.headers["Link"] == (
        "<https://fake.freshdesk.com/api/v2/tickets"
        '?per_page=10&updated_since=2024-01-01T00:00:00Z&page=3>; rel="next"'
    )
    appended = client.get("tickets?order_type=asc&per_page=10")
    assert appended.headers["Link"] == (
        '<https://fake.freshdesk.com/api/v2/tickets?order_type=asc&per_page=10&page=2>; rel="next"'
    )


def test_link_uses_the_requests_own_origin(fake: FakeFreshdesk) -> None:
    _tickets(fake, 2)
    with client_for(fake, base_url="http://127.0.0.1:8765/api/v2/") as http:
        response = http.get("tickets", params={"per_page": 1})
    assert response.headers["Link"] == (
        '<http://127.0.0.1:8765/api/v2/tickets?per_page=1&page=2>; rel="next"'
    )


def test_pages_do_not_overlap_and_past_the_end_is_empty(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    _tickets(fake, 7)
    seen: list[int] = []
    page = 1
    while True:
        response = client.get("tickets", params={"per_page": 3, "page": page})
        seen.extend(ticket["id"] for ticket in response.json())
        if "Link" not in response.headers:
            break
        page += 1
    assert sorted(seen) == list(range(1, 8))
    assert page == 3
    beyond = client.get("tickets", params={"per_page": 3, "page": 9})
    assert beyond.status_code == 200
    assert beyond.json() == []
    assert "Link" not in beyond.headers


@pytest.mark.parametrize(
    ("value", "code"),
    [("101", "invalid_value"), ("0", "invalid_value"), ("abc", "datatype_mismatch")],
)
def test_bad_per_page_is_400(client: httpx.Client, value: str, code: str) -> None:
    response = client.get("tickets", params={"per_page": value})
    assert response.status_code == 400
    assert response.json() == {
        "description": "Validation failed",
        "errors": [{"field": "per_page", "message": PER_PAGE_MESSAGE, "code": code}],
    }


def test_per_page_100_is_the_maximum(fake: FakeFreshdesk, client: httpx.Client) -> None:
    _tickets(fake, 101)
    response = client.get("tickets", params={"per_page": 100})
    assert len(response.json()) == 100
    assert "page=2" in response.headers["Link"]


def test_page_301_is_refused_with_the_exact_message(client: httpx.Client) -> None:
    assert client.get("tickets", params={"page": 300}).json() == []
    response = client.get("tickets", params={"page": 301})
    assert response.status_code == 400
    assert response.json() == {
        "description": "Validation failed",
        "errors": [
            {
                "field": "page",
                "message": "You cannot access tickets beyond the 300th page. "
                "Please provide a smaller page number.",
                "code": "invalid_value",
            }
        ],
    }


def test_other_lists_have_no_page_cap(client: httpx.Client) -> None:
    assert client.get("contacts", params={"page": 301}).json() == []


def test_bad_page_is_400(client: httpx.Client) -> None:
    errors = errors_of(client.get("tickets", params={"page": "x"}))
    assert errors == [
        {"field": "page", "message": "It should be a Positive Integer", "code": "datatype_mismatch"}
    ]


@pytest.mark.parametrize("resource", ["contacts", "companies", "agents", "groups"])
def test_every_list_paginates_with_link(fake: FakeFreshdesk, resource: str) -> None:
    def add(number: int) -> object:
        if resource == "contacts":
            return fake.add_contact(name=f"c{number:02}", email=f"c{number}@x.example")
        if resource == "companies":
            return fake.add_company(name=f"Company {number}")
        if resource == "agents":
            return fake.add_agent(contact={"name": f"a{number}", "email": f"a{number}@x.example"})
        return fake.add_group(name=f"Group {number}")

    for number in range(4):
        add(number)
    with client_for(fake) as http:
        first = http.get(resource, params={"per_page": 2})
        assert len(first.json()) == 2
        assert first.headers["Link"] == (
            f'<https://fake.freshdesk.com/api/v2/{resource}?per_page=2&page=2>; rel="next"'
        )
        last = http.get(resource, params={"per_page": 2, "page": 3 if resource == "agents" else 2})
        assert "Link" not in last.headers
