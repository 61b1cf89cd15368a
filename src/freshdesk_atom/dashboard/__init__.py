"""The support dashboard: a web page on the ATOM adapter's routes (extra ``[dashboard]``).

```python
from starlette.applications import Starlette
from starlette.routing import Mount

from freshdesk_atom.asgi import create_app
from freshdesk_atom.dashboard import create_dashboard

app = Starlette(
    routes=[
        Mount("/api/v1/freshdesk", app=create_app()),
        Mount("/", app=create_dashboard(api_prefix="/api/v1/freshdesk")),
    ]
)
```

``freshdesk-atom serve`` mounts it at ``/`` beside the adapter. The page is
plain ES modules and vendored libraries (Preact with htm, Chart.js) shipped in
the wheel: no Node toolchain, no build step, no request to another host. Every
answer carries a Content-Security-Policy that allows only this origin. See
``docs/dashboard.md``.
"""

from __future__ import annotations

import hashlib
import html
from importlib import resources
from typing import TYPE_CHECKING, Final

from .._public import publish

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from starlette.applications import Starlette

__all__ = ["CONTENT_SECURITY_POLICY", "DEFAULT_API_PREFIX", "create_dashboard"]

DEFAULT_API_PREFIX: Final = "/api/v1/freshdesk"

CONTENT_SECURITY_POLICY: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)
"""The policy of every answer: scripts, styles, fonts and requests from this origin only,
no inline script or style, never framed."""

_SECURITY_HEADERS: Final = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

_TYPES: Final = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".md": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
_LICENCES: Final = ("LICENSE", "LICENSE-preact")

# Vendored files carry their version in their folder name, so they never change at a URL.
_IMMUTABLE: Final = "public, max-age=31536000, immutable"
_REVALIDATE: Final = "no-cache"


class _Asset:
    __slots__ = ("body", "cache", "content_type", "etag")

    def __init__(self, body: bytes, content_type: str, cache: str) -> None:
        self.body = body
        self.content_type = content_type
        self.cache = cache
        self.etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _content_type(name: str) -> str | None:
    if name in _LICENCES:
        return "text/plain; charset=utf-8"
    dot = name.rfind(".")
    return _TYPES.get(name[dot:]) if dot >= 0 else None


def _load_assets() -> dict[str, _Asset]:
    """Read every static file once: the page is a few hundred kilobytes."""
    assets: dict[str, _Asset] = {}
    root = resources.files(__name__).joinpath("static")

    def walk(folder: Traversable, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
                continue
            content_type = _content_type(entry.name)
            if content_type is None or (entry.name == "index.html" and not prefix):
                continue
            cache = _IMMUTABLE if prefix.startswith("vendor/") else _REVALIDATE
            assets[prefix + entry.name] = _Asset(entry.read_bytes(), content_type, cache)

    walk(root, "")
    return assets


def render_index(api_prefix: str, *, live: bool = False) -> bytes:
    """Return ``index.html`` with the API prefix in its ``freshdesk-atom-api`` meta tag,
    and whether to follow the adapter's ``/events`` in ``freshdesk-atom-live``."""
    template = resources.files(__name__).joinpath("static", "index.html").read_text("utf-8")
    page = template.replace("{{API_PREFIX}}", html.escape(api_prefix, quote=True))
    return page.replace("{{LIVE}}", "on" if live else "off").encode()


def _check_prefix(api_prefix: str) -> str:
    text = api_prefix.strip()
    if not text.startswith("/") or any(ch in text for ch in "?#\\ \"'<>") or "//" in text:
        raise ValueError(f"api_prefix must be a plain absolute path, not {api_prefix!r}")
    return text.rstrip("/")


def create_dashboard(*, api_prefix: str = DEFAULT_API_PREFIX, live: bool = False) -> Starlette:
    """Return the dashboard: an ASGI app that serves the page at ``/`` and its files at ``/static/``.

    Args:
        api_prefix: the absolute path the adapter (``freshdesk_atom.asgi.create_app``)
            is mounted at on the same origin; the page calls only its routes.
        live: the adapter has a mirror, so its ``GET /events`` streams changes:
            the page follows them and shows new tickets and replies without a
            reload (``docs/webhooks.md``).

    Every answer has the Content-Security-Policy :data:`CONTENT_SECURITY_POLICY`,
    ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy: no-referrer``. The
    page is revalidated on every load (``no-cache`` with an ETag); the vendored
    libraries, whose paths hold their versions, are cached for a year.

    Raises:
        ValueError: *api_prefix* is not a plain absolute path.
    """
    try:
        from starlette.applications import Starlette
        from starlette.requests import Request
        from starlette.responses import PlainTextResponse, Response
        from starlette.routing import Route
    except ImportError as exc:  # pragma: no cover - exercised without the extra
        raise ImportError(
            "freshdesk_atom.dashboard needs Starlette: pip install 'freshdesk-atom[dashboard]'"
        ) from exc

    prefix = _check_prefix(api_prefix)
    index = _Asset(render_index(prefix, live=live), _TYPES[".html"], _REVALIDATE)
    assets = _load_assets()

    def answer(request: Request, asset: _Asset) -> Response:
        headers = {**_SECURITY_HEADERS, "Cache-Control": asset.cache, "ETag": asset.etag}
        given = request.headers.get("if-none-match", "")
        if asset.etag in (tag.strip() for tag in given.split(",")):
            return Response(status_code=304, headers=headers)
        body = b"" if request.method == "HEAD" else asset.body
        response = Response(body, media_type=asset.content_type, headers=headers)
        if request.method == "HEAD":
            response.headers["content-length"] = str(len(asset.body))
        return response

    def missing(what: str) -> Response:
        headers = {**_SECURITY_HEADERS, "Cache-Control": "no-store"}
        return PlainTextResponse(f"Not found: {what}", status_code=404, headers=headers)

    async def page(request: Request) -> Response:
        return answer(request, index)

    async def static(request: Request) -> Response:
        name = str(request.path_params["path"])
        asset = assets.get(name)
        if asset is None:
            return missing(f"/static/{name}")
        return answer(request, asset)

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        if status == 405:
            headers = {**_SECURITY_HEADERS, "Allow": "GET, HEAD"}
            return PlainTextResponse("Method not allowed", status_code=405, headers=headers)
        if status != 404:
            headers = {**_SECURITY_HEADERS, "Cache-Control": "no-store"}
            return PlainTextResponse("The server failed", status_code=500, headers=headers)
        return missing(request.url.path)

    return Starlette(
        routes=[
            Route("/", page, methods=["GET", "HEAD"]),
            Route("/index.html", page, methods=["GET", "HEAD"]),
            Route("/static/{path:path}", static, methods=["GET", "HEAD"]),
        ],
        exception_handlers={404: not_found, 405: not_found, 500: not_found},
    )


publish(__name__, globals(), __all__)
