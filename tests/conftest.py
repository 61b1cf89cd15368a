"""Test-wide fixtures: the anyio backend and the recorded Freshdesk responses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import freshdesk_atom.testing

REPO_ROOT = Path(__file__).resolve().parents[1]

RECORDED_DIR = Path(freshdesk_atom.testing.__file__).parent / "recorded"
"""The recorded real Freshdesk responses, shipped with the package (licence beside them)."""


def load_recorded(name: str) -> Any:
    """Load one recorded Freshdesk response body from the package's ``testing/recorded``."""
    return json.loads((RECORDED_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
