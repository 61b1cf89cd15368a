"""The OpenAPI document against the app: a schemathesis run of a few hundred requests.

Every operation of ``/openapi.json`` gets generated requests, valid and
invalid, sent to the app (on the fake Freshdesk); no answer may be a 5xx or
contradict the document (status, content type, headers, body schema).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Ok

from freshdesk_atom.asgi import openapi_document

from .support import app_on, generated

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Per operation and mode: the 14 operations with inputs, valid and invalid, 20 each (fewer
# where Hypothesis runs out of distinct cases), plus the 3 without inputs (one request each).
EXAMPLES = 20
TICKETS = 150
# The ticket lifecycle: each must get past its checks to Freshdesk (the fake's endpoints
# have the same names), and all but PUT succeed at times: a valid update names the
# account's own ticket types, agents and groups, which a generator rarely guesses.
LIFECYCLE = (
    "GET /tickets/{id}",
    "PUT /tickets/{id}",
    "GET /tickets/{id}/conversations",
    "POST /tickets/{id}/reply",
    "POST /tickets/{id}/notes",
)


def test_the_document_names_every_route() -> None:
    document = openapi_document("/api/v1/freshdesk")
    assert document["servers"] == [{"url": "/api/v1/freshdesk"}]
    operations = {
        f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item
    }
    assert operations == {
        "GET /",
        "GET /health",
        "POST /auth",
        "GET /contacts",
        "GET /tickets",
        "POST /tickets",
        "GET /tickets/{id}",
        "PUT /tickets/{id}",
        "GET /tickets/{id}/conversations",
        "POST /tickets/{id}/reply",
        "POST /tickets/{id}/notes",
        "GET /companies",
        "GET /agents",
        "GET /groups",
        "POST /search",
        "GET /stats",
        "GET /stats/trends",
    }


def _fuzz(operation: Any, mode: GenerationMode, statuses: Counter[int]) -> None:
    """Send EXAMPLES generated requests of *mode* to *operation* and check each answer.

    A valid ticket number is mostly one the account does not hold (404); half
    of the valid requests name one of its tickets instead, so that views and
    writes get through to Freshdesk.
    """

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=operation.as_strategy(generation_mode=mode),
        ticket=st.none() | st.integers(min_value=1, max_value=TICKETS),
    )
    def run(case: Case[Any], ticket: int | None) -> None:
        if mode is GenerationMode.POSITIVE and ticket is not None and case.path_parameters:
            case.path_parameters["id"] = ticket
        response = case.call()
        case.validate_response(response, checks=CHECKS)
        statuses[response.status_code] += 1

    run()


def test_schemathesis_run_finds_no_5xx_and_no_contradiction(
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake = generated(tickets=TICKETS, contacts=60)
    app = app_on(fake, search_scan_limit=100, stats_window_days=7)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    by_operation: dict[str, Counter[int]] = {}
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()
        operation = result.ok()
        statuses = by_operation[f"{operation.method.upper()} {operation.path}"] = Counter()
        _fuzz(operation, GenerationMode.POSITIVE, statuses)
        if len(operation.query) or len(operation.body) or len(operation.path_parameters):
            # Operations without inputs have no invalid request to generate.
            _fuzz(operation, GenerationMode.NEGATIVE, statuses)
    total = sum(by_operation.values(), Counter[int]())
    cases = total.total()
    with capsys.disabled():
        print(f"\nschemathesis: {cases} generated requests, statuses {dict(sorted(total.items()))}")
        for name in LIFECYCLE:
            print(f"  {name}: {dict(sorted(by_operation[name].items()))}")
    assert cases >= 450
    assert all(status < 500 for status in total)
    assert fake.counters.server_errors == 0
    for name in LIFECYCLE:
        assert fake.counters.requests[name] > 0, name
        if name != "PUT /tickets/{id}":
            assert any(200 <= status < 300 for status in by_operation[name]), name
