"""Fixtures shared by the converter tests."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from freshdesk_atom.testing import FakeFreshdesk
from tests.models.generated import GENERATED_PAGES


@pytest.fixture(scope="module")
def generated_pages() -> dict[str, Any]:
    fake = FakeFreshdesk.generate(tickets=400, contacts=120, seed=1)
    auth = (fake.api_key, "X")
    pages: dict[str, Any] = {}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url, auth=auth) as client:
        for name, path, params, _ in GENERATED_PAGES:
            response = client.get(path, params=params)
            response.raise_for_status()
            pages[name] = response.json()
    return pages
