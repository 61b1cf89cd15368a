"""What an export is asked for (``ExportOptions``), what it did (``ExportResult``), its error."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Final, Literal, TypeAlias, get_args

import attrs

from .. import FreshdeskError
from .._core.complete_export import utc_second, wire_time

__all__ = [
    "CONTACT_STATES",
    "EXPORT_RESOURCES",
    "TICKET_INCLUDES",
    "ExportError",
    "ExportOptions",
    "ExportResource",
    "ExportResult",
]

ExportResource: TypeAlias = Literal[
    "tickets", "contacts", "conversations", "companies", "agents", "groups"
]
EXPORT_RESOURCES: Final[tuple[str, ...]] = get_args(ExportResource)
TICKET_INCLUDES: Final = ("requester", "stats", "description", "company")
CONTACT_STATES: Final = ("verified", "unverified", "blocked", "deleted")


class ExportError(FreshdeskError):
    """An export that cannot start or go on as asked (the message says what to do)."""


@attrs.frozen(kw_only=True)
class ExportOptions:
    """What is exported; a resumed export must be asked for the same.

    Attributes:
        resource: tickets, contacts, conversations, companies, agents or groups.
        since: tickets, contacts and conversations: only records updated at
            or after this instant (UTC, ``YYYY-MM-DDTHH:MM:SSZ``; for
            conversations, those of the tickets updated since, themselves
            updated since); ``None``: all of them.
        include: tickets: embeds (``description``, ``stats``, ``requester``,
            ``company``), 2 extra API credits per page each.
        include_spam: tickets and conversations: also the spam list.
        include_deleted: tickets and conversations: also the trash.
        state: contacts: ``verified``, ``unverified``, ``blocked`` or
            ``deleted`` (one list); ``None``: Freshdesk's default list, which
            leaves blocked and deleted contacts out.
    """

    resource: ExportResource
    since: str | None = None
    include: tuple[str, ...] = ()
    include_spam: bool = False
    include_deleted: bool = False
    state: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.resource not in EXPORT_RESOURCES:
            raise ValueError(f"resource must be one of {', '.join(EXPORT_RESOURCES)}")
        streamed = self.resource in ("tickets", "contacts", "conversations")
        if self.since is not None and not streamed:
            raise ValueError(f"{self.resource} have no updated_since: export them without since")
        if self.resource != "tickets" and self.include:
            raise ValueError("include is for tickets only")
        if self.resource not in ("tickets", "conversations") and (
            self.include_spam or self.include_deleted
        ):
            raise ValueError("include_spam and include_deleted are for tickets and conversations")
        if self.state is not None and (
            self.resource != "contacts" or self.state not in CONTACT_STATES
        ):
            raise ValueError(f"state is for contacts only, one of {', '.join(CONTACT_STATES)}")
        unknown = [name for name in self.include if name not in TICKET_INCLUDES]
        if unknown:
            raise ValueError(
                f"unknown include {', '.join(unknown)}; choose among {', '.join(TICKET_INCLUDES)}"
            )

    @classmethod
    def build(
        cls,
        resource: str,
        *,
        since: datetime | str | None = None,
        include: Sequence[str] = (),
        include_spam: bool = False,
        include_deleted: bool = False,
        state: str | None = None,
    ) -> ExportOptions:
        """Return checked options; *since* may be any ISO 8601 text or a ``datetime``.

        Raises:
            ValueError: a resource, an include or a timestamp that does not fit.
        """
        if resource not in EXPORT_RESOURCES:
            raise ValueError(
                f"unknown resource {resource!r}; choose among {', '.join(EXPORT_RESOURCES)}"
            )
        return cls(
            resource=resource,  # type: ignore[arg-type]
            since=None if since is None else wire_time(utc_second(since)),
            include=tuple(dict.fromkeys(include)),
            include_spam=include_spam,
            include_deleted=include_deleted,
            state=state,
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the options as JSON-safe data (saved in the checkpoint)."""
        return {
            "resource": self.resource,
            "since": self.since,
            "include": list(self.include),
            "include_spam": self.include_spam,
            "include_deleted": self.include_deleted,
            "state": self.state,
        }

    @classmethod
    def from_dict(cls, data: Any) -> ExportOptions:
        """Return the options :meth:`to_dict` gave.

        Raises:
            ValueError: *data* does not hold export options.
        """
        try:
            return cls(
                resource=data["resource"],
                since=data["since"],
                include=tuple(data["include"]),
                include_spam=bool(data["include_spam"]),
                include_deleted=bool(data["include_deleted"]),
                state=data.get("state"),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not export options: {exc}") from exc


@attrs.frozen(kw_only=True)
class ExportResult:
    """What an export did.

    Attributes:
        path: the complete file.
        records: lines in it.
        resumed: whether it went on from a checkpoint.
        next_since: tickets, contacts and conversations: the ``since`` of a later export
            that takes only what changed after this one (records of that
            very second may come again).
    """

    path: Path
    records: int
    resumed: bool
    next_since: str | None = None
