"""The OpenAPI document against the app: a schemathesis run of a few hundred requests.

Every operation of ``/openapi.json`` gets generated requests, valid and
invalid, sent to the app (on the fake Freshdesk); no answer may be a 5xx or
contradict the document (status, content type, headers, body schema).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
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
# Per operation and mode: the 8 operations with inputs, valid and invalid, 20 each, plus
# the 3 without inputs (one request each): 323 requests.
EXAMPLES = 20


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
        "GET /companies",
        "GET /agents",
        "GET /groups",
        "POST /search",
        "GET /stats",
    }


def _fuzz(operation: Any, mode: GenerationMode, statuses: dict[int, int]) -> None:
    """Send EXAMPLES generated requests of *mode* to *operation* and check each answer."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Case[Any]) -> None:
        response = case.call()
        case.validate_response(response, checks=CHECKS)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    run()


def test_schemathesis_run_finds_no_5xx_and_no_contradiction(
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake = generated(tickets=150, contacts=60)
    app = app_on(fake, search_scan_limit=100, stats_window_days=7)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    statuses: dict[int, int] = {}
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()
        operation = result.ok()
        _fuzz(operation, GenerationMode.POSITIVE, statuses)
        if len(operation.query) or len(operation.body):
            # Operations without inputs have no invalid request to generate.
            _fuzz(operation, GenerationMode.NEGATIVE, statuses)
    cases = sum(statuses.values())
    with capsys.disabled():
        print(
            f"\nschemathesis: {cases} generated requests, statuses {dict(sorted(statuses.items()))}"
        )
    assert cases >= 300
    assert all(status < 500 for status in statuses)
    assert fake.counters.server_errors == 0
