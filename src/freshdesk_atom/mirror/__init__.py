"""A local SQLite copy of a Freshdesk account, kept up to date incrementally.

```python
from freshdesk_atom import Freshdesk
from freshdesk_atom.mirror import Mirror

mirror = Mirror("freshdesk.sqlite")
with Freshdesk.from_env() as fd:
    mirror.sync(fd)          # the first run reads everything, later runs what changed
print(mirror.stats())        # the figures of fd.stats.summary(), no API credits
print(mirror.trends(days=30))  # fd.stats.trends(), day by day, no API credits
```

``freshdesk-atom sync`` is the same from the command line; the ATOM adapter
can answer reads from a mirror. How it stays correct: ``docs/export-and-mirror.md``.
"""

from __future__ import annotations

from .._public import publish
from ._changes import ChangeKind, ChangeResource, MirrorChange, MirrorChanges
from ._mirror import Mirror, MirrorBusyError
from ._rows import fts_query
from ._sync import (
    DEFAULT_TICKET_INCLUDE,
    MIRROR_RESOURCES,
    MirrorResource,
    StreamReport,
    SyncReport,
)

__all__ = [
    "DEFAULT_TICKET_INCLUDE",
    "MIRROR_RESOURCES",
    "ChangeKind",
    "ChangeResource",
    "Mirror",
    "MirrorBusyError",
    "MirrorChange",
    "MirrorChanges",
    "MirrorResource",
    "StreamReport",
    "SyncReport",
    "fts_query",
]

publish(__name__, globals(), __all__)
