"""An MCP server for a Freshdesk account, on the official MCP Python SDK (extra ``[mcp]``).

```python
from freshdesk_atom import AsyncFreshdesk
from freshdesk_atom.mcp import create_server

server = create_server(AsyncFreshdesk.from_env(), read_only=True)
```

Tools search tickets and contacts, list tickets, read a ticket with its whole
thread a page at a time, and create, reply to, note and update tickets; each
carries MCP's read-only, destructive, idempotent and open-world hints. With a
:class:`~freshdesk_atom.mirror.Mirror`, reads and full-text search come from
it and writes refresh it. ``freshdesk-atom mcp`` serves it over stdio or
streamable HTTP; ``docs/mcp.md`` has the tools, the client setup and the limits.
"""

from __future__ import annotations

from .._public import publish

try:
    import mcp  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised without the extra
    raise ImportError(
        "freshdesk_atom.mcp needs the MCP Python SDK: pip install 'freshdesk-atom[mcp]'"
    ) from exc

from ._server import create_server
from ._tools import READ_TOOLS, WRITE_TOOLS

__all__ = ["READ_TOOLS", "WRITE_TOOLS", "create_server"]

publish(__name__, globals(), __all__)
