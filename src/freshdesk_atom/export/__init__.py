"""Export a Freshdesk resource to a JSON Lines file: every record once, crash-safe, resumable.

```python
from freshdesk_atom import Freshdesk
from freshdesk_atom.export import ExportOptions, export

with Freshdesk.from_env() as fd:
    result = export(fd, ExportOptions.build("tickets", since="2024-01-01"), "tickets.jsonl")
print(result.records, "tickets; next time since", result.next_since)
```

``freshdesk-atom export`` is the same from the command line. How the files
stay consistent through a crash: ``docs/export-and-mirror.md``.
"""

from __future__ import annotations

from .._public import publish
from ._export import count_records, export, record_line
from ._options import (
    CONTACT_STATES,
    EXPORT_RESOURCES,
    TICKET_INCLUDES,
    ExportError,
    ExportOptions,
    ExportResource,
    ExportResult,
)

__all__ = [
    "CONTACT_STATES",
    "EXPORT_RESOURCES",
    "TICKET_INCLUDES",
    "ExportError",
    "ExportOptions",
    "ExportResource",
    "ExportResult",
    "count_records",
    "export",
    "record_line",
]

publish(__name__, globals(), __all__)
