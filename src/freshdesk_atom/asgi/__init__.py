"""The ATOM adapter: the routes the ATOM platform's Freshdesk page calls, served
by an ASGI app on the async SDK (extra ``[asgi]``: Starlette, uvicorn).

```python
from fastapi import FastAPI
from freshdesk_atom.asgi import create_app

app = FastAPI()
app.mount("/api/v1/freshdesk", create_app())   # FRESHDESK_API_KEY, FRESHDESK_DOMAIN
```

or ``freshdesk-atom serve`` (``--fake`` for an embedded fake Freshdesk). The
wire contract, the credentials model and the free-text search mapping are in
``docs/adapter.md``; the OpenAPI document is served at ``/openapi.json``.
"""

from __future__ import annotations

from .._public import publish

try:
    import starlette  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised without the extra
    raise ImportError(
        "freshdesk_atom.asgi needs Starlette: pip install 'freshdesk-atom[asgi]'"
    ) from exc

from ._app import create_app
from ._credentials import (
    AccessDenied,
    Authorizer,
    CallerIdentity,
    Credentials,
    CredentialsProvider,
    CredentialStore,
    Forbidden,
    MemoryCredentialStore,
    NotConfigured,
    Unauthenticated,
    environment_credentials,
    stored_or_environment,
)
from ._openapi import openapi_document

__all__ = [
    "AccessDenied",
    "Authorizer",
    "CallerIdentity",
    "CredentialStore",
    "Credentials",
    "CredentialsProvider",
    "Forbidden",
    "MemoryCredentialStore",
    "NotConfigured",
    "Unauthenticated",
    "create_app",
    "environment_credentials",
    "openapi_document",
    "stored_or_environment",
]

publish(__name__, globals(), __all__)
