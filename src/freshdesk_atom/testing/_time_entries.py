"""Time entry routes (docs/freshdesk-api-notes.md#time-entries).

``time_spent`` is ``"hh:mm"``, required unless the timer is running. A
running timer shows the time spent so far (its stored time plus the fake
time since ``start_time``); an agent runs at most one timer, so starting one
stops the agent's others. Lists are paged like every list
(docs/freshdesk-api-notes.md#pagination).

Unconfirmed (the notes list the fields, not these): ``billable`` defaults to
true and ``timer_running`` to false; the agent defaults to the API key's
owner and ``executed_at``/``start_time`` to now; one running timer per
agent; lists are newest ``executed_at`` first; ``executed_after`` and
``executed_before`` are inclusive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Final

from ._call import Call, Route
from ._errors import not_found
from ._http import FakeResponse
from ._pages import PAGE_PARAMS, page_args, paged_response
from ._record_shapes import Record
from ._state import FakeState
from ._ticket_view import live_ticket
from ._validate import Checker
from ._wire import parse_timestamp

__all__ = ["ROUTES", "entry_view", "minutes_of", "spent"]

ENTRY_FIELDS: Final = frozenset(
    {"agent_id", "billable", "executed_at", "note", "start_time", "time_spent", "timer_running"}
)
LIST_FILTERS: Final = ("company_id", "agent_id", "executed_after", "executed_before", "billable")
_SPENT_RE: Final = re.compile(r"([0-9]{2,}):([0-5][0-9])")
# Unconfirmed wording: the notes give the "hh:mm" format, not the message for a bad value.
SPENT_MESSAGE: Final = "It should be in the 'hh:mm' format"


def minutes_of(text: str) -> int | None:
    """Return the minutes of an ``"hh:mm"`` string, or ``None`` if it is not one."""
    found = _SPENT_RE.fullmatch(text)
    return None if found is None else int(found.group(1)) * 60 + int(found.group(2))


def spent(minutes: int) -> str:
    """Return *minutes* as ``"hh:mm"``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _running_minutes(entry: Record, now: datetime) -> int:
    started = parse_timestamp(entry["start_time"])
    stored = minutes_of(entry["time_spent"]) or 0
    if not entry["timer_running"] or started is None:
        return stored
    return stored + max(0, int((now - started).total_seconds()) // 60)


def entry_view(entry: Record, now: datetime) -> dict[str, Any]:
    """Return a time entry as the API shows it: a running timer with its time so far."""
    item = dict(entry)
    item["time_spent"] = spent(_running_minutes(entry, now))
    return item


def _stop(entry: Record, call: Call) -> None:
    entry["time_spent"] = spent(_running_minutes(entry, call.now))
    entry["timer_running"] = False
    entry["updated_at"] = call.stamp


def _start(state: FakeState, entry: Record, call: Call) -> None:
    for other in state.time_entries.values():
        if other is not entry and other["timer_running"] and other["agent_id"] == entry["agent_id"]:
            _stop(other, call)
    entry["timer_running"] = True
    entry["start_time"] = call.stamp


def _check_entry(check: Checker, call: Call, *, creating: bool) -> dict[str, Any]:
    state = call.state
    check.unknown(ENTRY_FIELDS)
    running = check.boolean("timer_running")
    values: dict[str, Any] = {
        "agent_id": check.reference(
            "agent_id", state.agents.__contains__, "There is no agent matching the given agent_id"
        ),
        "billable": check.boolean("billable"),
        "executed_at": check.timestamp("executed_at"),
        "note": check.text("note"),
        "start_time": check.timestamp("start_time"),
        "timer_running": running,
    }
    text = check.text("time_spent", required=creating and not running, nullable=bool(running))
    if text is not None:
        if minutes_of(text) is None:
            check.add("time_spent", SPENT_MESSAGE)
        values["time_spent"] = text
    check.fail()
    return check.sent(values)


def _entry(call: Call) -> Record:
    entry = call.state.time_entries.get(call.args[0])
    if entry is None:
        raise not_found()
    return entry


def _page(call: Call, entries: Iterable[Record], page: int, per_page: int) -> FakeResponse:
    chosen = sorted(entries, key=lambda e: (e["executed_at"], e["id"]), reverse=True)
    return paged_response(call, chosen, page, per_page, lambda e: entry_view(e, call.now))


def ticket_entries(call: Call) -> FakeResponse:
    """``GET /tickets/{id}/time_entries``: the ticket's entries."""
    check = call.query(PAGE_PARAMS)
    page, per_page = page_args(check)
    check.fail()
    ticket_id = live_ticket(call, deleted=None)["id"]
    entries = [e for e in call.state.time_entries.values() if e["ticket_id"] == ticket_id]
    return _page(call, entries, page, per_page)


def create_entry(call: Call) -> FakeResponse:
    """``POST /tickets/{id}/time_entries`` → 201; the agent defaults to the API key's owner."""
    ticket = live_ticket(call)
    values = _check_entry(Checker(call.body(update=False)), call, creating=True)
    state = call.state
    running = bool(values.pop("timer_running", False))
    fields = {
        "agent_id": state.owner_id,
        "ticket_id": ticket["id"],
        "company_id": ticket["company_id"],
        **{key: value for key, value in values.items() if value is not None or key == "note"},
    }
    entry = state.insert_time_entry(call.stamp, fields)
    if running:
        start = entry["start_time"]
        _start(state, entry, call)
        entry["start_time"] = start
    return call.created_response(
        "time_entries", entry_view(entry, call.now), f"/time_entries/{entry['id']}"
    )


def list_entries(call: Call) -> FakeResponse:
    """``GET /time_entries``: every entry, filtered by company, agent, ``executed_at`` and billable."""
    check = call.query((*LIST_FILTERS, *PAGE_PARAMS))
    page, per_page = page_args(check)
    company_id = check.param_id("company_id")
    agent_id = check.param_id("agent_id")
    after = check.param_timestamp("executed_after")
    before = check.param_timestamp("executed_before")
    billable = check.param_choice("billable", ("true", "false"))
    check.fail()
    entries = [
        entry
        for entry in call.state.time_entries.values()
        if (company_id is None or entry["company_id"] == company_id)
        and (agent_id is None or entry["agent_id"] == agent_id)
        and (after is None or entry["executed_at"] >= after)
        and (before is None or entry["executed_at"] <= before)
        and (billable is None or entry["billable"] == (billable == "true"))
    ]
    return _page(call, entries, page, per_page)


def update_entry(call: Call) -> FakeResponse:
    """``PUT /time_entries/{id}`` → 200; ``timer_running`` starts or stops the timer."""
    entry = _entry(call)
    values = _check_entry(Checker(call.body(update=True)), call, creating=False)
    running = values.pop("timer_running", None)
    entry.update(values)
    if running is not None and running != entry["timer_running"]:
        if running:
            _start(call.state, entry, call)
        else:
            _stop(entry, call)
    entry["updated_at"] = call.stamp
    return call.ok(entry_view(entry, call.now))


def toggle_timer(call: Call) -> FakeResponse:
    """``PUT /time_entries/{id}/toggle_timer``: start a stopped timer or stop a running one → 200."""
    call.no_body()
    entry = _entry(call)
    if entry["timer_running"]:
        _stop(entry, call)
    else:
        _start(call.state, entry, call)
    entry["updated_at"] = call.stamp
    return call.ok(entry_view(entry, call.now))


def delete_entry(call: Call) -> FakeResponse:
    """``DELETE /time_entries/{id}`` → 204."""
    del call.state.time_entries[_entry(call)["id"]]
    return call.no_content()


ROUTES: Final[tuple[Route, ...]] = (
    Route("GET", "/tickets/{id}/time_entries", ticket_entries),
    Route("POST", "/tickets/{id}/time_entries", create_entry),
    Route("GET", "/time_entries", list_entries),
    Route("PUT", "/time_entries/{id}", update_entry),
    Route("PUT", "/time_entries/{id}/toggle_timer", toggle_timer),
    Route("DELETE", "/time_entries/{id}", delete_entry),
)
