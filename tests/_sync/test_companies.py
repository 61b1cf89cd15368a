# Generated from tests/_async/test_companies.py by scripts/unasync.py; do not edit.
"""Wire tests of the companies resource: exact method, path, query and JSON body."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from freshdesk_atom import Company, ConflictError, NotFoundError
from tests.conftest import load_recorded
from tests.scripted import BASE_URL, Script, json_response

from .clients import make_client, query


def test_list_pages_by_link_with_per_page() -> None:
    first, second = load_recorded("companies.json")
    link = f'<{BASE_URL}companies?per_page=1&page=2>; rel="next"'
    script = Script(json_response(200, [first], link=link), json_response(200, [second]))
    with make_client(script) as fd:
        paginator = fd.companies.list(per_page=1)
        assert script.requests == []
        companies = [c for c in paginator]
    assert [c.name for c in companies] == ["Super Nova", "Poseidon"]
    assert all(isinstance(c, Company) for c in companies)
    assert [(r.method, r.url.path, query(r)) for r in script.requests] == [
        ("GET", "/api/v2/companies", [("per_page", "1")]),
        ("GET", "/api/v2/companies", [("per_page", "1"), ("page", "2")]),
    ]


def test_list_checks_per_page_before_sending() -> None:
    script = Script(json_response(200, []))
    with make_client(script) as fd:
        with pytest.raises(ValueError, match="per_page"):
            fd.companies.list(per_page=0)
    assert script.requests == []


def test_get_decodes_the_recorded_company() -> None:
    script = Script(json_response(200, load_recorded("company.json")))
    with make_client(script) as fd:
        company = fd.companies.get(1)
    assert script.last.method == "GET"
    assert script.last.url.path == "/api/v2/companies/1"
    assert company.domains == ("supernova", "nova", "super")
    assert company.custom_fields["website"] == "https://www.supernova.org"
    assert company.renewal_date == datetime(2020, 12, 31, tzinfo=UTC)


def test_create_sends_exactly_the_given_fields() -> None:
    script = Script(json_response(201, load_recorded("company.json")))
    with make_client(script) as fd:
        company = fd.companies.create(
            name="Super Nova",
            description="Space Shuttle Manufacturing",
            note=None,
            domains=["supernova", "nova"],
            health_score="Happy",
            account_tier="Premium",
            renewal_date=datetime(2020, 12, 31, tzinfo=UTC),
            industry="Aerospace",
            custom_fields={"website": "https://www.supernova.org"},
        )
    assert script.last.method == "POST"
    assert script.last.url.path == "/api/v2/companies"
    assert script.body() == {
        "name": "Super Nova",
        "description": "Space Shuttle Manufacturing",
        "note": None,
        "domains": ["supernova", "nova"],
        "health_score": "Happy",
        "account_tier": "Premium",
        "renewal_date": "2020-12-31T00:00:00Z",
        "industry": "Aerospace",
        "custom_fields": {"website": "https://www.supernova.org"},
    }
    assert company.id == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 256}, "name"),
        ({"name": "Acme", "domains": "acme.com"}, "domains"),
        ({"name": "Acme", "renewal_date": "soon"}, "renewal_date"),
        ({"name": "Acme", "custom_fields": ["website"]}, "custom_fields"),
    ],
)
def test_create_refuses_bad_input_before_sending(kwargs: dict[str, Any], field: str) -> None:
    script = Script(json_response(201, load_recorded("company.json")))
    with make_client(script) as fd:
        with pytest.raises((ValueError, TypeError), match=field):
            fd.companies.create(**kwargs)
    assert script.requests == []


def test_duplicate_name_is_a_conflict_on_name() -> None:
    body = {
        "description": "Validation failed",
        "errors": [
            {"field": "name", "message": "It should be a unique value", "code": "duplicate_value"}
        ],
    }
    script = Script(json_response(409, body))
    with make_client(script) as fd:
        with pytest.raises(ConflictError) as info:
            fd.companies.create(name="super nova")
    assert info.value.status_code == 409
    assert info.value.errors[0].field == "name"
    assert info.value.errors[0].code == "duplicate_value"
    assert len(script.requests) == 1


def test_update_sends_put_with_only_given_fields_and_nulls() -> None:
    script = Script(json_response(200, load_recorded("company_updated.json")))
    with make_client(script) as fd:
        company = fd.companies.update(
            1, description="Rocket Manufacturing", industry=None, domains=[]
        )
    assert script.last.method == "PUT"
    assert script.last.url.path == "/api/v2/companies/1"
    assert script.body() == {"description": "Rocket Manufacturing", "industry": None, "domains": []}
    assert company.description == "Rocket Manufacturing"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({}, "at least one field"), ({"name": None}, "name cannot be cleared")],
)
def test_update_refuses_before_sending(kwargs: dict[str, Any], match: str) -> None:
    script = Script(json_response(200, load_recorded("company.json")))
    with make_client(script) as fd:
        with pytest.raises(ValueError, match=match):
            fd.companies.update(1, **kwargs)
    assert script.requests == []


def test_delete() -> None:
    script = Script(json_response(204))
    with make_client(script) as fd:
        fd.companies.delete(1)
    assert (script.last.method, script.last.url.path) == ("DELETE", "/api/v2/companies/1")
    assert script.last.content == b""


@pytest.mark.parametrize("bad_id", [0, -1])
def test_bad_ids_raise_before_sending(bad_id: int) -> None:
    script = Script(json_response(204))
    with make_client(script) as fd:
        with pytest.raises(ValueError, match="company_id"):
            fd.companies.get(bad_id)
        with pytest.raises(ValueError, match="company_id"):
            fd.companies.update(bad_id, note="x")
        with pytest.raises(ValueError, match="company_id"):
            fd.companies.delete(bad_id)
    assert script.requests == []


def test_not_found() -> None:
    script = Script(json_response(404))
    with make_client(script) as fd:
        with pytest.raises(NotFoundError):
            fd.companies.delete(9)


def test_raw_response_gives_status_headers_and_parse() -> None:
    script = Script(
        json_response(200, load_recorded("company.json"), x_ratelimit_remaining="41"),
        json_response(204),
    )
    with make_client(script) as fd:
        raw = fd.with_raw_response.companies.get(1)
        deleted = fd.companies.with_raw_response.delete(1)
    assert raw.status_code == 200
    assert raw.rate_limit is not None
    assert raw.rate_limit.remaining == 41
    assert raw.parse().name == "Super Nova"
    assert deleted.status_code == 204
    assert deleted.parse() is None
