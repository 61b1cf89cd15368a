"""The ``freshdesk-atom`` command line: ``demo``, ``export``, ``sync``, ``serve`` and ``mcp``.

Each command is a thin shell over the public API: ``demo`` over the clients,
``export`` over :mod:`freshdesk_atom.export`, ``sync`` over
:mod:`freshdesk_atom.mirror`, ``serve`` over :mod:`freshdesk_atom.asgi`,
``mcp`` over :mod:`freshdesk_atom.mcp`.
``python -m freshdesk_atom`` is the same program.
"""

from __future__ import annotations

from .._public import publish
from ._main import main

__all__ = ["main"]

publish(__name__, globals(), __all__)
