"""The work each contender does, in a subprocess of its own.

``python -m benchmarks._workloads '<json spec>'`` runs one task for one
contender against the loopback fake and prints one line ``RESULT {json}``.
A process per contender keeps the memory figures (peak RSS, tracemalloc)
independent and the server (in the harness's process) off this interpreter.

Tasks:

* ``export``: read every ticket (``updated_since`` 2000-01-01, ordered by
  ``updated_at`` ascending, 100 per page) and every contact (100 per page),
  writing each record as a JSON line to ``<out_dir>/<resource>.jsonl``; the
  harness checks the ids against the fake's. The async contenders read tickets
  and contacts as two concurrent tasks.
* ``perpage``: walk the same first pages of that ticket listing many times,
  the contenders of one mode interleaved, and report seconds per page; then
  the same walks on one recorded page served by an ``httpx.MockTransport``
  (no socket, no server): the client's own work.
* ``stats``: the SDK's ``fd.stats.summary()``, or the same counts (and
  averages) computed by listing everything, for the hand-written floor and
  python-freshdesk.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import resource
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from pathlib import Path
from typing import IO, Any, Final

import httpx

from benchmarks import _pyfreshdesk

__all__ = [
    "ASYNC_PERPAGE",
    "CONTENDERS",
    "EPOCH",
    "EXPORT_CONTENDERS",
    "RESULT_PREFIX",
    "STRUCTURING_WORK",
    "SYNC_PERPAGE",
    "main",
]

EPOCH: Final = "2000-01-01T00:00:00Z"
PER_PAGE: Final = 100
RESULT_PREFIX: Final = "RESULT "
MAX_429_WAITS: Final = 20  # the hand-written loop's bound on 429s for one page

TICKET_PARAMS: Final[Mapping[str, str]] = {
    "updated_since": EPOCH,
    "order_by": "updated_at",
    "order_type": "asc",
    "per_page": str(PER_PAGE),
}
CONTACT_PARAMS: Final[Mapping[str, str]] = {"per_page": str(PER_PAGE)}
LISTINGS: Final[Mapping[str, tuple[str, Mapping[str, str]]]] = {
    "tickets": ("tickets", TICKET_PARAMS),
    "contacts": ("contacts", CONTACT_PARAMS),
}

CONTENDERS: Final[Mapping[str, str]] = {
    "atom-sync": "freshdesk-atom Freshdesk (sync)",
    "atom-async": "freshdesk-atom AsyncFreshdesk",
    "httpx-sync": "plain httpx.Client (floor)",
    "httpx-async": "plain httpx.AsyncClient (floor)",
    "httpx-sync-models": "plain httpx.Client + the SDK's models",
    "httpx-async-models": "plain httpx.AsyncClient + the SDK's models",
    "python-freshdesk": "python-freshdesk (PyPI)",
}
EXPORT_CONTENDERS: Final = (
    "atom-sync",
    "atom-async",
    "httpx-sync",
    "httpx-async",
    "python-freshdesk",
)
# The floor first, the SDK second (the verdict compares them); the floor plus the
# SDK's models (each decoded page turned into ``Ticket`` models as the SDK does it,
# see ``_ticket_models``) tells how much of the SDK's time is the models themselves.
SYNC_PERPAGE: Final = ("httpx-sync", "atom-sync", "httpx-sync-models", "python-freshdesk")
ASYNC_PERPAGE: Final = ("httpx-async", "atom-async", "httpx-async-models")

Record = Mapping[str, Any]


# --------------------------------------------------------------------------- helpers


def _maxrss_kib() -> int:
    """This program's peak resident set size so far, in KiB.

    Linux's ``VmHWM`` belongs to the program since its ``exec``; ``ru_maxrss``
    would also count the harness's memory at ``fork`` time (it survives exec).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS


class _Sink:
    """JSON lines for one resource, written as records arrive (nothing kept in memory)."""

    def __init__(self, path: Path) -> None:
        self._file: IO[str] = path.open("w", encoding="utf-8")
        self.count = 0

    def write(self, record: Record) -> None:
        self._file.write(json.dumps(record, default=str))
        self._file.write("\n")
        self.count += 1

    def close(self) -> None:
        self._file.close()


def _sdk_record(item: Any) -> Iterator[Record]:
    """The JSON of an SDK model (or of every model of a page, if an iterator yields pages)."""
    from freshdesk_atom._converter import converter

    if hasattr(item, "id"):
        yield converter.unstructure(item)
    else:
        for one in item.items:
            yield converter.unstructure(one)


def _pyfd_record(item: Any) -> Record:
    """The attributes python-freshdesk set on one of its model objects."""
    return {key: getattr(item, key) for key in item._keys}


def _sdk_kwargs(cls: type[Any], window: float | None) -> tuple[dict[str, Any], str]:
    """Client arguments for *cls*: its rate governor, told the fake's *window*, when asked for.

    The governor cannot see the window in the headers and assumes Freshdesk's
    minute unless told; the fake's budget here resets every few seconds.
    """
    if window is None:
        return {}, ""
    if "rate_governor" not in inspect.signature(cls).parameters:
        return {}, "no rate governor yet: plain retries (waits Retry-After on 429)"
    config_class = _governor_config_class()
    if config_class is None:
        return {"rate_governor": True}, "rate_governor=True"
    config = config_class(window=window)
    share = getattr(config, "target_share", "?")
    how = f"rate governor on (target share {share}, window {window:g} s)"
    return {"rate_governor": config}, how


def _governor_config_class() -> Any:
    """``RateGovernorConfig`` wherever the SDK exports it, or ``None``."""
    import importlib

    for module in ("freshdesk_atom", "freshdesk_atom._core.governor"):
        try:
            found = getattr(importlib.import_module(module), "RateGovernorConfig", None)
        except ImportError:
            continue
        if found is not None:
            return found
    return None


def _sdk_listing(fd: Any, name: str) -> tuple[Any, str]:
    """The SDK's complete iteration of *name* if it exists, else its plain listing."""
    endpoint = getattr(fd, name)
    iter_all = getattr(endpoint, "iter_all", None)
    if iter_all is not None:
        return iter_all(updated_since=EPOCH), f"{name}.iter_all(updated_since=...)"
    if name == "tickets":
        listing = fd.tickets.list(
            updated_since=EPOCH, order_by="updated_at", order_type="asc", per_page=PER_PAGE
        )
        return listing, "tickets.list(updated_since, updated_at asc, per_page=100)"
    return fd.contacts.list(per_page=PER_PAGE), "contacts.list(per_page=100)"


def _next_url(response: httpx.Response) -> str | None:
    link = response.links.get("next")
    return link.get("url") if link else None


def _get_sync(client: httpx.Client, url: str, params: Mapping[str, str] | None) -> httpx.Response:
    """GET with the hand-written minimum for a 429: wait ``Retry-After`` and ask again."""
    for _ in range(MAX_429_WAITS):
        response = client.get(url, params=params)
        if response.status_code != 429:
            response.raise_for_status()
            return response
        time.sleep(float(response.headers.get("Retry-After", "1")))
    raise RuntimeError(f"still 429 after {MAX_429_WAITS} waits: {url}")


async def _get_async(
    client: httpx.AsyncClient, url: str, params: Mapping[str, str] | None
) -> httpx.Response:
    for _ in range(MAX_429_WAITS):
        response = await client.get(url, params=params)
        if response.status_code != 429:
            response.raise_for_status()
            return response
        await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
    raise RuntimeError(f"still 429 after {MAX_429_WAITS} waits: {url}")


def _walk_sync(
    client: httpx.Client, path: str, params: Mapping[str, str], max_pages: int | None = None
) -> Iterator[list[Record]]:
    """Yield each page's records, following ``Link: rel="next"``."""
    url: str | None = path
    query: Mapping[str, str] | None = params
    pages = 0
    while url is not None and (max_pages is None or pages < max_pages):
        response = _get_sync(client, url, query)
        pages += 1
        yield response.json()
        url, query = _next_url(response), None


async def _walk_async(
    client: httpx.AsyncClient, path: str, params: Mapping[str, str], max_pages: int | None = None
) -> AsyncIterator[list[Record]]:
    url: str | None = path
    query: Mapping[str, str] | None = params
    pages = 0
    while url is not None and (max_pages is None or pages < max_pages):
        response = await _get_async(client, url, query)
        pages += 1
        yield response.json()
        url, query = _next_url(response), None


# --------------------------------------------------------------------------- export


def _export_httpx_sync(spec: Mapping[str, Any], sinks: Mapping[str, _Sink]) -> str:
    with httpx.Client(base_url=spec["base_url"], auth=(spec["api_key"], "X"), timeout=60) as client:
        for name, sink in sinks.items():
            path, params = LISTINGS[name]
            for page in _walk_sync(client, path, params):
                for record in page:
                    sink.write(record)
    return "GET loop following Link, waits Retry-After on 429"


async def _export_httpx_async(spec: Mapping[str, Any], sinks: Mapping[str, _Sink]) -> str:
    async with httpx.AsyncClient(
        base_url=spec["base_url"], auth=(spec["api_key"], "X"), timeout=60
    ) as client:

        async def one(name: str, sink: _Sink) -> None:
            path, params = LISTINGS[name]
            async for page in _walk_async(client, path, params):
                for record in page:
                    sink.write(record)

        await asyncio.gather(*(one(name, sink) for name, sink in sinks.items()))
    return "GET loop following Link, one task per resource, waits Retry-After on 429"


def _export_atom_sync(spec: Mapping[str, Any], sinks: Mapping[str, _Sink]) -> str:
    from freshdesk_atom import Freshdesk

    kwargs, governor = _sdk_kwargs(Freshdesk, spec.get("governor_window"))
    how: list[str] = []
    with Freshdesk(api_key=spec["api_key"], base_url=spec["base_url"], **kwargs) as fd:
        for name, sink in sinks.items():
            listing, method = _sdk_listing(fd, name)
            how.append(method)
            for item in listing:
                for record in _sdk_record(item):
                    sink.write(record)
    return "; ".join([*how, governor] if governor else how)


async def _export_atom_async(spec: Mapping[str, Any], sinks: Mapping[str, _Sink]) -> str:
    from freshdesk_atom import AsyncFreshdesk

    kwargs, governor = _sdk_kwargs(AsyncFreshdesk, spec.get("governor_window"))
    how: list[str] = []
    async with AsyncFreshdesk(api_key=spec["api_key"], base_url=spec["base_url"], **kwargs) as fd:

        async def one(name: str, sink: _Sink) -> None:
            listing, method = _sdk_listing(fd, name)
            how.append(method)
            async for item in listing:
                for record in _sdk_record(item):
                    sink.write(record)

        await asyncio.gather(*(one(name, sink) for name, sink in sinks.items()))
    how.append("one task per resource")
    return "; ".join([*how, governor] if governor else how)


def _export_pyfd(spec: Mapping[str, Any], sinks: Mapping[str, _Sink]) -> str:
    api = _pyfreshdesk.client(spec["base_url"], spec["api_key"])
    for name, sink in sinks.items():
        if name == "tickets":
            records = api.tickets.list_tickets(
                filter_name=None,
                updated_since=EPOCH,
                order_by="updated_at",
                order_type="asc",
                per_page=PER_PAGE,
            )
        else:
            records = api.contacts.list_contacts(per_page=PER_PAGE)
        for item in records:
            sink.write(_pyfd_record(item))
    return "tickets.list_tickets(filter_name=None, updated_since, ...); contacts.list_contacts()"


_EXPORTS: Final[Mapping[str, Callable[[Mapping[str, Any], Mapping[str, _Sink]], Any]]] = {
    "atom-sync": _export_atom_sync,
    "atom-async": _export_atom_async,
    "httpx-sync": _export_httpx_sync,
    "httpx-async": _export_httpx_async,
    "python-freshdesk": _export_pyfd,
}


def _import_contender(contender: str) -> None:
    """Import what *contender* uses, so that neither its time nor its memory counts it."""
    import importlib

    if contender.startswith("atom"):
        importlib.import_module("freshdesk_atom")
        importlib.import_module("freshdesk_atom._converter")
    elif contender == "python-freshdesk" and _pyfreshdesk.available():
        importlib.import_module("freshdesk.api")


def export(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Run one contender's export; return wall time, records written and memory figures."""
    out_dir = Path(spec["out_dir"])
    out_dir.mkdir(parents=True, exist_ok=True)
    names: list[str] = list(spec["resources"])
    sinks = {name: _Sink(out_dir / f"{name}.jsonl") for name in names}
    run = _EXPORTS[spec["contender"]]
    _import_contender(spec["contender"])  # imports are not the export's time or memory
    trace = bool(spec.get("trace", False))
    rss_before = _maxrss_kib()
    if trace:
        tracemalloc.start()
    error: str | None = None
    method = ""
    started = time.perf_counter()
    try:
        outcome = run(spec, sinks)
        method = str(asyncio.run(outcome) if inspect.iscoroutine(outcome) else outcome)
    except Exception as exc:  # a contender failing is a result, not a crash
        error = f"{type(exc).__name__}: {str(exc)[:160]}"
    seconds = time.perf_counter() - started
    traced_peak: int | None = None
    if trace:
        traced_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    for sink in sinks.values():
        sink.close()
    return {
        "contender": spec["contender"],
        "method": method,
        "seconds": seconds,
        "records": {name: sink.count for name, sink in sinks.items()},
        "maxrss_before_kib": rss_before,
        "maxrss_kib": _maxrss_kib(),
        "traced_peak_bytes": traced_peak,
        "error": error,
    }


# --------------------------------------------------------------------------- per page


def _as_decoded(page: list[Record]) -> list[Record]:
    return page


def _ticket_models() -> Callable[[list[Record]], Any]:
    """A decoded page into a tuple of the SDK's ``Ticket``, built as the SDK builds them.

    The converter's ``Ticket`` hook, record by record, each decoded record released
    once it is a model (see ``_parsing._structure_items``): the models' own cost,
    without the SDK's transport, pagination and checks around them.
    """
    from freshdesk_atom import Ticket
    from freshdesk_atom._converter import converter

    hook = converter.get_structure_hook(Ticket)

    def structure(page: list[Any]) -> tuple[Any, ...]:
        models = []
        for index, record in enumerate(page):
            page[index] = None
            models.append(hook(record, Ticket))
        return tuple(models)

    return structure


def _ticket_pages_sync(contender: str, spec: Mapping[str, Any]) -> Callable[[int], int]:
    """Return a function that walks the first *n* ticket pages and returns the records seen."""
    if contender in ("httpx-sync", "httpx-sync-models"):
        client = httpx.Client(
            base_url=spec["base_url"],
            auth=(spec["api_key"], "X"),
            timeout=60,
            transport=spec.get("transport"),
        )
        models = _ticket_models() if contender == "httpx-sync-models" else _as_decoded

        def walk_httpx(pages: int) -> int:
            # The loop variable holds a page's records while the next one is fetched
            # and built, as it holds the SDK's Page in ``for page in pages()``.
            seen = 0
            for records in map(models, _walk_sync(client, "tickets", TICKET_PARAMS, pages)):
                seen += len(records)
            return seen

        return walk_httpx
    if contender == "atom-sync":
        from freshdesk_atom import Freshdesk

        http_client = httpx.Client(transport=spec["transport"]) if spec.get("transport") else None
        fd = Freshdesk(api_key=spec["api_key"], base_url=spec["base_url"], http_client=http_client)

        def walk_atom(pages: int) -> int:
            listing = fd.tickets.list(
                updated_since=EPOCH,
                order_by="updated_at",
                order_type="asc",
                per_page=PER_PAGE,
                max_pages=pages,
            )
            return sum(len(page.items) for page in listing.iter_pages())

        return walk_atom
    api = _pyfreshdesk.client(spec["base_url"], spec["api_key"])

    def walk_pyfd(pages: int) -> int:
        seen = 0
        for number in range(1, pages + 1):
            seen += len(
                api.tickets.list_tickets(
                    filter_name=None,
                    updated_since=EPOCH,
                    order_by="updated_at",
                    order_type="asc",
                    per_page=PER_PAGE,
                    page=number,
                )
            )
        return seen

    return walk_pyfd


def _ticket_pages_async(contender: str, spec: Mapping[str, Any]) -> Callable[[int], Awaitable[int]]:
    if contender in ("httpx-async", "httpx-async-models"):
        client = httpx.AsyncClient(
            base_url=spec["base_url"],
            auth=(spec["api_key"], "X"),
            timeout=60,
            transport=spec.get("async_transport"),
        )
        models = _ticket_models() if contender == "httpx-async-models" else _as_decoded

        async def walk_httpx(pages: int) -> int:
            seen = 0
            async for page in _walk_async(client, "tickets", TICKET_PARAMS, pages):
                # Held while the next page is fetched and built, as a caller of the
                # SDK's pages() holds its Page.
                records = models(page)
                seen += len(records)
            return seen

        return walk_httpx
    from freshdesk_atom import AsyncFreshdesk

    http_client = (
        httpx.AsyncClient(transport=spec["async_transport"])
        if spec.get("async_transport")
        else None
    )
    fd = AsyncFreshdesk(api_key=spec["api_key"], base_url=spec["base_url"], http_client=http_client)

    async def walk_atom(pages: int) -> int:
        listing = fd.tickets.list(
            updated_since=EPOCH,
            order_by="updated_at",
            order_type="asc",
            per_page=PER_PAGE,
            max_pages=pages,
        )
        seen = 0
        async for page in listing.iter_pages():
            seen += len(page.items)
        return seen

    return walk_atom


def balanced_orders(names: Sequence[str], reps: int, *, start: int = 0) -> Iterator[list[str]]:
    """The contenders' order for each repetition: a Williams design, repeated.

    Over each cycle of orders (``len(names)`` of them, twice that for an odd number of
    contenders) every contender runs once in every position and, within a repetition,
    right after every other one equally often. A plain rotation keeps the cyclic order,
    so one contender would nearly always follow the same other one and take on
    whatever that one leaves behind (garbage to collect, a cold cache): the floor
    followed python-freshdesk's walk, five times longer than the others, in three
    repetitions of four. The first order is the cycle's row *start*, so that runs
    which each take ``reps`` orders, and start where the last one stopped, pool into
    whole cycles. (The last walk of one repetition and the first of the next are not
    balanced.)
    """
    count = len(names)
    rows = [[(first + shift) % count for first in _williams_row(count)] for shift in range(count)]
    if count % 2:
        rows += [row[::-1] for row in rows]
    for rep in range(start, start + reps):
        yield [names[index] for index in rows[rep % len(rows)]]


def _williams_row(count: int) -> list[int]:
    """0, n-1, 1, n-2, 2, ...: for an even n, the steps between neighbours all differ (mod n).

    For an odd n they do not, which the reversed rows of ``balanced_orders`` make up for.
    """
    row: list[int] = []
    low, high = 0, count - 1
    while low <= high:
        if len(row) % 2 == 0:
            row.append(low)
            low += 1
        else:
            row.append(high)
            high -= 1
    return row


def _perpage_samples(spec: Mapping[str, Any], names: list[str]) -> dict[str, list[float]]:
    """Seconds per page of each of *names*: every repetition walks the same pages.

    Two warm-up walks each are not counted (connections open, caches warm).
    """
    pages, reps = int(spec["pages"]), int(spec["reps"])
    start = int(spec.get("run", 0)) * reps  # run k goes on where run k-1 stopped
    samples: dict[str, list[float]] = {name: [] for name in names}
    if spec["mode"] == "sync":
        walkers = {name: _ticket_pages_sync(name, spec) for name in names}
        for name in names:
            for _ in range(2):
                walkers[name](pages)
        for order in balanced_orders(names, reps, start=start):
            for name in order:
                started = time.perf_counter()
                walkers[name](pages)
                samples[name].append((time.perf_counter() - started) / pages)
        return samples

    async def measure() -> None:
        walkers = {name: _ticket_pages_async(name, spec) for name in names}
        for name in names:
            for _ in range(2):
                await walkers[name](pages)
        for order in balanced_orders(names, reps, start=start):
            for name in order:
                started = time.perf_counter()
                await walkers[name](pages)
                samples[name].append((time.perf_counter() - started) / pages)

    asyncio.run(measure())
    return samples


def _recorded_page(spec: Mapping[str, Any]) -> httpx.MockTransport:
    """A transport answering every request with the first ticket page, recorded once."""
    with httpx.Client(base_url=spec["base_url"], auth=(spec["api_key"], "X")) as client:
        recorded = client.get("tickets", params=TICKET_PARAMS)
        recorded.raise_for_status()
    body, headers = recorded.content, dict(recorded.headers)

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=headers, content=body)

    return httpx.MockTransport(answer)


# (label, path, query, model name) of the pages the structuring benchmark decodes.
STRUCTURING_PAGES: Final[tuple[tuple[str, str, Mapping[str, str], str], ...]] = (
    ("tickets", "tickets", TICKET_PARAMS, "Ticket"),
    (
        "tickets, include=stats,requester,company",
        "tickets",
        {**TICKET_PARAMS, "include": "stats,requester,company"},
        "Ticket",
    ),
    ("contacts", "contacts", CONTACT_PARAMS, "Contact"),
)
STRUCTURING_WORK: Final[Mapping[str, str]] = {
    "json": "json.loads of the body (scale)",
    "cattrs": "cattrs' generated functions (before)",
    "sdk": "freshdesk-atom converter",
}


def _structuring_samples(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Seconds to turn one decoded page into a tuple of models, per page and per way.

    The SDK's converter against a converter with the same rules whose models go
    through cattrs' generated functions (what the SDK did before ``_structure.py``),
    interleaved, after a warm-up; ``json.loads`` of the same body gives the scale.
    """
    from freshdesk_atom import models
    from freshdesk_atom._converter import converter, make_converter

    reference = make_converter()
    reps = int(spec["structure_reps"])
    results: list[dict[str, Any]] = []
    with httpx.Client(base_url=spec["base_url"], auth=(spec["api_key"], "X")) as client:
        for label, path, params, model in STRUCTURING_PAGES:
            body = _get_sync(client, path, params).content
            data = json.loads(body)
            cl: Any = tuple[getattr(models, model), ...]  # type: ignore[misc]
            work: dict[str, Callable[[], object]] = {
                "json": functools.partial(json.loads, body),
                "cattrs": functools.partial(reference.structure, data, cl),
                "sdk": functools.partial(converter.structure, data, cl),
            }
            if work["sdk"]() != work["cattrs"]():
                raise AssertionError(f"the converters disagree on the {label} page")
            samples: dict[str, list[float]] = {name: [] for name in work}
            for order in balanced_orders(list(work), reps):
                for name in order:
                    started = time.perf_counter()
                    work[name]()
                    samples[name].append(time.perf_counter() - started)
            results.append({"page": label, "records": len(data), "samples": samples})
    return results


def perpage(spec: Mapping[str, Any]) -> dict[str, Any]:
    """Per-page seconds of one mode's contenders, on loopback and then client-side only.

    ``loopback``: the same first ticket pages from the fake, contenders
    interleaved. ``clientonly``: the same walks on one recorded page served by
    an ``httpx.MockTransport`` (no socket, no server: the client's own work;
    python-freshdesk, on requests, is left out). ``structuring`` (sync only):
    decoded pages into models, see :func:`_structuring_samples`.
    """
    names: list[str] = list(spec["contenders"])
    loopback = _perpage_samples(spec, names)
    local = dict(spec)
    local["transport"] = local["async_transport"] = _recorded_page(spec)
    in_memory = [name for name in names if name != "python-freshdesk"]
    result: dict[str, Any] = {
        "loopback": loopback,
        "clientonly": _perpage_samples(local, in_memory),
    }
    if spec["mode"] == "sync" and spec["structure_reps"]:
        result["structuring"] = _structuring_samples(spec)
    return result


# --------------------------------------------------------------------------- stats


def _stats_atom(spec: Mapping[str, Any]) -> dict[str, Any]:
    from freshdesk_atom import Freshdesk

    with Freshdesk(api_key=spec["api_key"], base_url=spec["base_url"]) as fd:
        stats = getattr(fd, "stats", None)
        if stats is None or not hasattr(stats, "summary"):
            return {"available": False}
        figures = stats.summary(averages=spec["variant"] == "full")
    return {"available": True, "total_tickets": figures.total_tickets}


def _count_listed(pages: Iterable[list[Record]], statuses: Counter[Any] | None = None) -> int:
    seen = 0
    for page in pages:
        seen += len(page)
        if statuses is not None:
            statuses.update(record.get("status") for record in page)
    return seen


def _stats_httpx(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The same counts by listing everything (and, for ``full``, tickets with stats and ratings)."""
    full = spec["variant"] == "full"
    statuses: Counter[Any] = Counter()
    with httpx.Client(base_url=spec["base_url"], auth=(spec["api_key"], "X"), timeout=60) as client:
        ticket_params = {**TICKET_PARAMS, "include": "stats"} if full else TICKET_PARAMS
        total = _count_listed(_walk_sync(client, "tickets", ticket_params), statuses)
        for path in ("contacts", "companies", "agents", "groups"):
            _count_listed(_walk_sync(client, path, {"per_page": str(PER_PAGE)}))
        if full:
            ratings = {"created_since": EPOCH, "per_page": str(PER_PAGE)}
            _count_listed(_walk_sync(client, "surveys/satisfaction_ratings", ratings))
    return {"available": True, "total_tickets": total}


def _stats_pyfd(spec: Mapping[str, Any]) -> dict[str, Any]:
    """python-freshdesk lists everything too; it has no satisfaction-ratings API."""
    full = spec["variant"] == "full"
    api = _pyfreshdesk.client(spec["base_url"], spec["api_key"])
    extra = {"include": "stats"} if full else {}
    tickets = api.tickets.list_tickets(
        filter_name=None,
        updated_since=EPOCH,
        order_by="updated_at",
        order_type="asc",
        per_page=PER_PAGE,
        **extra,
    )
    api.contacts.list_contacts(per_page=PER_PAGE)
    api.companies.list_companies(per_page=PER_PAGE)
    api.agents.list_agents(per_page=PER_PAGE)
    api.groups.list_groups(per_page=PER_PAGE)
    return {"available": True, "total_tickets": len(tickets)}


_STATS: Final[Mapping[str, Callable[[Mapping[str, Any]], dict[str, Any]]]] = {
    "atom-sync": _stats_atom,
    "httpx-sync": _stats_httpx,
    "python-freshdesk": _stats_pyfd,
}


def stats(spec: Mapping[str, Any]) -> dict[str, Any]:
    """One contender's help-desk figures; the harness counts the requests on the fake."""
    started = time.perf_counter()
    try:
        result = _STATS[spec["contender"]](spec)
    except Exception as exc:
        result = {"available": True, "error": f"{type(exc).__name__}: {str(exc)[:160]}"}
    result["seconds"] = time.perf_counter() - started
    return result


# --------------------------------------------------------------------------- entry point

TASKS: Final[Mapping[str, Callable[[Mapping[str, Any]], dict[str, Any]]]] = {
    "export": export,
    "perpage": perpage,
    "stats": stats,
}


def main(argv: list[str]) -> int:
    """Run the task that the JSON spec in ``argv[0]`` names; print its result line."""
    spec: dict[str, Any] = json.loads(argv[0])
    result = TASKS[spec["task"]](spec)
    print(RESULT_PREFIX + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
