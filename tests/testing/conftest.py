"""Fixtures for the fake Freshdesk's contract tests."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from freshdesk_atom.testing import FakeFreshdesk

from ._support import client_for, manual_fake


@pytest.fixture
def fake() -> FakeFreshdesk:
    """Return an empty account on a manual clock."""
    return manual_fake()


@pytest.fixture
def client(fake: FakeFreshdesk) -> Iterator[httpx.Client]:
    """Return an httpx client talking to ``fake`` through MockTransport."""
    with client_for(fake) as http:
        yield http
