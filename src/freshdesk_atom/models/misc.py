"""Smaller resources: roles, time entries and the solutions (knowledge base) tree."""

from __future__ import annotations

from datetime import datetime

import attrs

from .._types import JSONValue
from .common import Record
from .conversations import Attachment

__all__ = ["Role", "SolutionArticle", "SolutionCategory", "SolutionFolder", "TimeEntry"]


@attrs.frozen(kw_only=True)
class Role(Record):
    """An agent role (a set of permissions).

    Attributes:
        default: ``True`` for Freshdesk's built-in roles.
        agent_type: the kind of agent the role applies to; newer accounts.
    """

    id: int
    name: str
    description: str | None = None
    default: bool | None = None
    agent_type: int | None = None
    created_at: datetime
    updated_at: datetime


@attrs.frozen(kw_only=True)
class TimeEntry(Record):
    """Time an agent logged against a ticket.

    Attributes:
        time_spent: ``"hh:mm"``, as Freshdesk sends it.
        timer_running: ``True`` while the timer counts.
        executed_at: when the work was done.
        start_time: when the timer last started.
    """

    id: int
    agent_id: int
    ticket_id: int
    company_id: int | None = None
    billable: bool = False
    timer_running: bool = False
    time_spent: str | None = None
    note: str | None = None
    executed_at: datetime | None = None
    start_time: datetime | None = None
    created_at: datetime
    updated_at: datetime


@attrs.frozen(kw_only=True)
class SolutionCategory(Record):
    """A top-level knowledge base category.

    Attributes:
        visible_in_portals: portal ids; only on accounts with several portals.
    """

    id: int
    name: str
    description: str | None = None
    visible_in_portals: tuple[int, ...] | None = None
    created_at: datetime
    updated_at: datetime


@attrs.frozen(kw_only=True)
class SolutionFolder(Record):
    """A knowledge base folder inside a category.

    Attributes:
        visibility: 1 all users, 2 logged-in users, 3 agents, 4 selected companies, ...
        parent_folder_id: set on sub-folders, where the account supports them.
    """

    id: int
    name: str
    description: str | None = None
    visibility: int | None = None
    category_id: int | None = None
    parent_folder_id: int | None = None
    company_ids: tuple[int, ...] | None = None
    articles_count: int | None = None
    sub_folders_count: int | None = None
    created_at: datetime
    updated_at: datetime


@attrs.frozen(kw_only=True)
class SolutionArticle(Record):
    """A knowledge base article.

    Attributes:
        type: 1 permanent, 2 workaround.
        status: 1 draft, 2 published.
        agent_id: the author.
        description: HTML; ``description_text`` is its plain text.
        seo_data: ``{"meta_title", "meta_description", "meta_keywords"}``.
        cloud_files: links to files kept in cloud storage, as Freshdesk sends them.
        suggested: how often the article was suggested to customers.
    """

    id: int
    type: int
    status: int
    agent_id: int | None = None
    category_id: int | None = None
    folder_id: int | None = None
    title: str
    description: str | None = None
    description_text: str | None = None
    seo_data: dict[str, JSONValue] | None = None
    tags: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    cloud_files: tuple[dict[str, JSONValue], ...] = ()
    thumbs_up: int | None = None
    thumbs_down: int | None = None
    hits: int | None = None
    suggested: int | None = None
    feedback_count: int | None = None
    created_at: datetime
    updated_at: datetime
