"""The dashboard app without a browser: what it serves, its headers, and how ``serve`` mounts it."""

from __future__ import annotations

import argparse
import io
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from freshdesk_atom.cli._serve import DEFAULT_PREFIX, build_app, run_serve_command
from freshdesk_atom.dashboard import CONTENT_SECURITY_POLICY, create_dashboard

POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)
STATIC = resources.files("freshdesk_atom.dashboard").joinpath("static")


@asynccontextmanager
async def client_of(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1"
    ) as client:
        yield client


def _secured(response: httpx.Response) -> None:
    assert response.headers["content-security-policy"] == POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_the_policy_is_the_one_documented() -> None:
    assert CONTENT_SECURITY_POLICY == POLICY


@pytest.mark.anyio
async def test_the_page_names_the_api_prefix_and_is_secured() -> None:
    async with client_of(create_dashboard(api_prefix="/api/a&b/")) as client:
        page = await client.get("/")
        head = await client.head("/")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["cache-control"] == "no-cache"
    _secured(page)
    assert '<meta name="freshdesk-atom-api" content="/api/a&amp;b">' in page.text
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["content-length"] == str(len(page.content))


@pytest.mark.parametrize("prefix", ["api", "/a b", '/a"><script>', "//evil.example", "/a?b"])
def test_a_prefix_that_is_not_a_plain_path_is_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="api_prefix"):
        create_dashboard(api_prefix=prefix)


@pytest.mark.anyio
async def test_assets_are_served_with_their_types_and_caching() -> None:
    async with client_of(create_dashboard()) as client:
        module = await client.get("/static/app.js")
        styles = await client.get("/static/app.css")
        preact = await client.get("/static/vendor/htm-3.1.1/preact-standalone.mjs")
        chart = await client.get("/static/vendor/chart.js-4.6.2/chart.umd.min.js")
        again = await client.get(
            "/static/app.js", headers={"if-none-match": module.headers["etag"]}
        )
    for response in (module, styles, preact, chart):
        assert response.status_code == 200
        _secured(response)
    assert module.headers["content-type"] == "text/javascript; charset=utf-8"
    assert module.headers["cache-control"] == "no-cache"
    assert styles.headers["content-type"] == "text/css; charset=utf-8"
    assert preact.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "immutable" in chart.headers["cache-control"]
    assert (again.status_code, again.content) == (304, b"")


@pytest.mark.anyio
@pytest.mark.parametrize(
    "path",
    ["/static/nope.js", "/static/../__init__.py", "/static/%2e%2e/__init__.py", "/elsewhere"],
)
async def test_unknown_paths_are_404_and_still_secured(path: str) -> None:
    async with client_of(create_dashboard()) as client:
        response = await client.get(path)
    assert response.status_code == 404
    _secured(response)
    assert "Traceback" not in response.text


@pytest.mark.anyio
async def test_other_methods_are_refused() -> None:
    async with client_of(create_dashboard()) as client:
        response = await client.post("/")
    assert response.status_code == 405
    _secured(response)


# ------------------------------------------------------------------ the page's own files


def _text(name: str) -> str:
    return STATIC.joinpath(name).read_text("utf-8")


def _own_files() -> list[str]:
    return sorted(
        entry.name
        for entry in STATIC.iterdir()
        if entry.is_file() and entry.name.endswith((".js", ".css", ".html"))
    )


def test_every_module_the_page_imports_is_shipped() -> None:
    index = _text("index.html")
    linked = re.findall(r'(?:src|href)="static/([^"]+)"', index)
    assert "app.js" in linked
    seen: set[str] = set()
    todo = [name for name in linked if name.endswith((".js", ".mjs"))]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        assert STATIC.joinpath(*name.split("/")).is_file(), name
        if name.startswith("vendor/"):
            continue
        folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
        for target in re.findall(r'(?:from|import)\s*\(?\s*"\./([^"]+)"', _text(name)):
            todo.append(folder + target)
    assert {"api.js", "tickets.js", "ticket-detail.js", "dashboard.js", "charts.js"} <= seen
    assert "vendor/chart.js-4.6.2/chart.umd.min.js" in seen
    for name in linked:
        assert STATIC.joinpath(*name.split("/")).is_file(), name


@pytest.mark.parametrize("name", _own_files())
def test_the_page_loads_nothing_from_elsewhere_and_injects_no_html(name: str) -> None:
    text = _text(name)
    code = re.sub(r"^\s*//.*$", "", text, flags=re.M)  # comments may name sites
    assert not re.search(r"""(src|href|url)\s*[=(]\s*["']?(https?:)?//""", code), name
    assert not re.search(r"fetch\(\s*[\"'`]https?:", code), name
    assert "innerHTML" not in code, name
    assert "dangerouslySetInnerHTML" not in code, name
    assert "description_html" not in code, name
    assert "body_html" not in code, name
    assert not re.search(r"\bstyle=", code), name
    assert "eval(" not in code, name
    assert "new Function" not in code, name
    if name == "index.html":
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "an inline script"
        assert "<style" not in text


def test_the_vendored_files_carry_their_licences() -> None:
    vendor = STATIC.joinpath("vendor")
    assert vendor.joinpath("htm-3.1.1", "LICENSE").is_file()
    assert vendor.joinpath("htm-3.1.1", "LICENSE-preact").is_file()
    assert vendor.joinpath("chart.js-4.6.2", "LICENSE.md").is_file()
    readme = vendor.joinpath("README.md").read_text("utf-8")
    assert "https://registry.npmjs.org/htm/-/htm-3.1.1.tgz" in readme
    assert "https://registry.npmjs.org/chart.js/-/chart.js-4.6.2.tgz" in readme


# ------------------------------------------------------------------ freshdesk-atom serve


@pytest.mark.anyio
async def test_serve_mounts_the_dashboard_beside_the_api() -> None:
    app, _ = build_app(fake=True, prefix=DEFAULT_PREFIX, tickets=10, contacts=3)
    async with client_of(app) as client:
        page = await client.get("/")
        module = await client.get("/static/app.js")
        health = await client.get(f"{DEFAULT_PREFIX}/health")
        elsewhere = await client.get("/elsewhere")
        missing = await client.get("/static/nope.js")
    assert page.status_code == 200
    _secured(page)
    assert f'content="{DEFAULT_PREFIX}"' in page.text
    assert module.status_code == 200
    assert health.json()["data"]["status"] == "healthy"
    # Every other path is still the adapter's JSON envelope.
    assert elsewhere.status_code == 404
    assert elsewhere.json()["error"]["code"] == "not_found"
    assert missing.status_code == 404


@pytest.mark.anyio
async def test_serve_without_the_dashboard_answers_the_envelope_at_the_root() -> None:
    app, _ = build_app(fake=True, prefix=DEFAULT_PREFIX, tickets=10, contacts=3, dashboard=False)
    async with client_of(app) as client:
        root = await client.get("/")
        static = await client.get("/static/app.js")
    assert (root.status_code, root.json()["error"]["code"]) == (404, "not_found")
    assert static.status_code == 404


@pytest.mark.anyio
async def test_serve_at_the_root_prefix_keeps_the_adapter_at_the_root() -> None:
    app, _ = build_app(fake=True, prefix="", tickets=10, contacts=3)
    async with client_of(app) as client:
        root = await client.get("/")
    assert root.json()["data"]["name"] == "freshdesk-atom"


@pytest.mark.anyio
async def test_serve_uses_the_account_it_is_given() -> None:
    from freshdesk_atom.testing import FakeFreshdesk

    fake = FakeFreshdesk.generate(tickets=7, contacts=2, seed=3)
    app, about = build_app(fake=True, account=fake, prefix=DEFAULT_PREFIX)
    async with client_of(app) as client:
        stats = await client.get(f"{DEFAULT_PREFIX}/stats")
    assert stats.json()["data"]["total_tickets"] == 7
    assert "7 tickets" in about


def _args(**overrides: Any) -> argparse.Namespace:
    values: dict[str, Any] = {
        "fake": True,
        "host": "127.0.0.1",
        "port": 8123,
        "prefix": DEFAULT_PREFIX,
        "allow_host": [],
        "auth_token": None,
        "request_timeout": 10.0,
        "max_connections": 10,
        "tickets": 5,
        "contacts": 2,
        "seed": 1,
        "no_dashboard": False,
    }
    values.update(overrides)
    return argparse.Namespace(**values)


@pytest.mark.parametrize(
    ("overrides", "expected", "absent"),
    [
        ({}, "dashboard: http://127.0.0.1:8123/", None),
        ({"no_dashboard": True}, "dashboard: off (--no-dashboard)", "http://127.0.0.1:8123/ "),
        ({"prefix": "/"}, "dashboard: off (the adapter is at the root)", None),
    ],
)
def test_the_startup_line_says_where_the_dashboard_is(
    monkeypatch: pytest.MonkeyPatch,
    overrides: dict[str, Any],
    expected: str,
    absent: str | None,
) -> None:
    from freshdesk_atom.cli import _server

    served: list[object] = []
    monkeypatch.setattr(_server, "serve", lambda app, **options: served.append(app))
    out = io.StringIO()
    assert run_serve_command(_args(**overrides), out=out, err=io.StringIO()) == 0
    assert len(served) == 1
    assert expected in out.getvalue()
    if absent is not None:
        assert absent not in out.getvalue()


def test_the_command_line_has_no_dashboard() -> None:
    from freshdesk_atom.cli._serve import add_serve_parser

    parser = argparse.ArgumentParser()
    add_serve_parser(parser.add_subparsers())
    assert parser.parse_args(["serve", "--no-dashboard"]).no_dashboard is True
    assert parser.parse_args(["serve"]).no_dashboard is False
