"""Test-wide fixtures: the anyio backend and the recorded Freshdesk responses."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """Return the project's ``shared/`` folder (beside the clone, or $FRESHDESK_ATOM_SHARED)."""
    override = os.environ.get("FRESHDESK_ATOM_SHARED")
    return Path(override) if override else REPO_ROOT.parent / "shared"


RECORDED_DIR = shared_dir() / "fixtures" / "recorded"


def load_recorded(name: str) -> Any:
    """Load one recorded Freshdesk response body from ``shared/fixtures/recorded``."""
    return json.loads((RECORDED_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
