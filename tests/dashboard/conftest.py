"""The dashboard's browser tests: Playwright for Python driving Debian's ``chromium``.

Browser downloads cannot work where this project is tested, so Playwright is
pointed at the system's Chromium (``$FRESHDESK_ATOM_CHROMIUM`` or ``chromium``
on ``PATH``; ``./scripts/test`` installs Debian's ``chromium`` when it can).
Without one, the browser tests are skipped with that reason.

Every page a test opens is watched: a page error, a failed request, or a
console error fails the test (a request aborted by the test's own reload or
close is not a failure), except a "Failed to load resource" line for an
HTTP status the test said it expects (``page.expect_http_errors(401)``: a wrong
API key must be answered 401). A failing test leaves a screenshot and the
collected messages in ``test-artifacts/dashboard/``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from freshdesk_atom.testing import FakeFreshdesk, RateLimitConfig

from .support import LiveServer, live_server

playwright_sync = pytest.importorskip("playwright.sync_api")

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts" / "dashboard"
SCREENSHOTS_ENV = "FRESHDESK_ATOM_SCREENSHOTS"
"""Set to a folder (``docs/images``) to write each tab's screenshot there for the README."""

ACCOUNT_TICKETS = 1000
ACCOUNT_CONTACTS = 300

_RESOURCE_STATUS = re.compile(
    r"Failed to load resource: the server responded with a status of (\d+)"
)


def chromium_path() -> str | None:
    """Return the system Chromium to drive, or ``None``."""
    given = os.environ.get("FRESHDESK_ATOM_CHROMIUM")
    if given:
        return given
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item, so fixtures can tell a failing test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # Per module: Playwright's sync API runs an event loop in this thread while it
    # is started, and the anyio tests of the other modules need the thread's loop.
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium: apt-get install chromium (or set FRESHDESK_ATOM_CHROMIUM)")
    with playwright_sync.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def account() -> FakeFreshdesk:
    """The fake account the shared server serves (tests add records to it; none removes any)."""
    fake = FakeFreshdesk.generate(tickets=ACCOUNT_TICKETS, contacts=ACCOUNT_CONTACTS, seed=1)
    # Dozens of page loads in a few minutes would spend a real plan's budget; the
    # governor's pacing is tested elsewhere.
    fake.rate_limit = RateLimitConfig.unlimited()
    return fake


@pytest.fixture(scope="session")
def server(account: FakeFreshdesk) -> Iterator[LiveServer]:
    with live_server(account) as live:
        yield live


@pytest.fixture(autouse=True)
def _no_faults_left(account: FakeFreshdesk) -> Iterator[None]:
    yield
    account.faults = None


class WatchedPage:
    """A Playwright page and what went wrong on it."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []
        self.expected_statuses: set[int] = set()
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("console", self._console)
        page.on("requestfailed", self._request_failed)

    def expect_http_errors(self, *statuses: int) -> None:
        """Allow the browser's console line for answers with these statuses."""
        self.expected_statuses.update(statuses)

    def _console(self, message: Any) -> None:
        if message.type not in ("error", "warning"):
            return
        text = message.text
        status = _RESOURCE_STATUS.search(text)
        if status and int(status.group(1)) in self.expected_statuses:
            return
        self.problems.append(f"console {message.type}: {text}")

    def _request_failed(self, request: Any) -> None:
        if request.failure == "net::ERR_ABORTED":
            return  # cut off by the test's own reload or close, not a failure of the page
        self.problems.append(f"failed request: {request.method} {request.url}: {request.failure}")


def _artifact_name(item: pytest.Item) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid.split("::", 1)[-1])[:120]


@pytest.fixture
def watched(
    request: pytest.FixtureRequest, browser: Any, server: LiveServer
) -> Iterator[WatchedPage]:
    """A fresh page (desktop size) on the dashboard's origin, watched for problems."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.url)
    context.set_default_timeout(10_000)
    page = WatchedPage(context.new_page())
    try:
        yield page
    finally:
        failed = any(
            getattr(getattr(request.node, f"report_{when}", None), "failed", False)
            for when in ("setup", "call")
        )
        if failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = _artifact_name(request.node)
            page.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            (ARTIFACTS / f"{name}.txt").write_text(
                "\n".join(page.problems) + "\n", encoding="utf-8"
            )
        context.close()
    if not failed:
        assert page.problems == [], "\n".join(page.problems)


@pytest.fixture
def page(watched: WatchedPage) -> Any:
    """The watched page itself, for tests that expect no HTTP error at all."""
    return watched.page


def save_screenshot(page: Any, name: str) -> None:
    """Write *page* as ``NAME.png`` to ``$FRESHDESK_ATOM_SCREENSHOTS`` when it is set."""
    folder = os.environ.get(SCREENSHOTS_ENV)
    if not folder:
        return
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / f"{name}.png"))
