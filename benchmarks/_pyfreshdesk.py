"""python-freshdesk (PyPI), the best-known Python SDK, pointed at the loopback fake.

It is not a dependency of freshdesk-atom: install it with
``pip install 'freshdesk-atom[bench]'`` (or ``pip install python-freshdesk``).
Without it the benchmarks print its rows as "not installed".

``freshdesk.api.API(domain, api_key)`` insists on a ``*.freshdesk.com`` domain
and builds every URL as ``self._api_prefix + path`` with
``_api_prefix = "https://{domain}/api/v2/"`` (``freshdesk/v2/api.py``), over a
``requests.Session``. Setting ``_api_prefix`` after construction points every
call at the fake; nothing else changes. The package is untyped, so it is
loaded with ``importlib`` and used as ``Any``.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

__all__ = ["INSTALL_HINT", "available", "client", "version"]

INSTALL_HINT = (
    "python-freshdesk is not installed, so its rows are skipped; "
    "install it with: .venv/bin/pip install 'freshdesk-atom[bench]' "
    "(or .venv/bin/pip install python-freshdesk)"
)


def available() -> bool:
    """Whether python-freshdesk can be imported."""
    return importlib.util.find_spec("freshdesk") is not None


def version() -> str:
    """The installed python-freshdesk version, or ``"not installed"``."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("python-freshdesk")
    except PackageNotFoundError:
        return "not installed"


def client(base_url: str, api_key: str) -> Any:
    """Return a python-freshdesk v2 ``API`` whose requests go to *base_url*."""
    module = importlib.import_module("freshdesk.api")
    api = module.API("fake.freshdesk.com", api_key)
    api._api_prefix = base_url if base_url.endswith("/") else base_url + "/"
    return api
