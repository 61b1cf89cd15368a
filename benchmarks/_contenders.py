"""The contenders: the same export done six ways, one run per process.

``python -m benchmarks._contenders '<json spec>'`` runs one contender against the
loopback fake and prints one line ``RESULT {json}``. The work is always the same:
walk the tickets list (``updated_since`` 2000-01-01, ``updated_at`` ascending,
100 a page) and the contacts list (100 a page), and write each record as a JSON
line to ``<out_dir>/<listing>.jsonl`` as it comes. The harness then checks the
ids in those files against the fake's. The async contenders read the two
listings as two concurrent tasks; the sync ones read one after the other.

A process per run keeps each run's memory its own (the memory workload reads
its peak) and keeps the contender off the server's interpreter. Imports happen
before the clock starts.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import resource
import sys
import time
import tracemalloc
from collections.abc import AsyncIterable, Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any, Final

import httpx

from benchmarks import _pyfreshdesk
from freshdesk_atom import AsyncFreshdesk, Freshdesk, RateGovernorConfig

__all__ = ["CONTENDERS", "IN_FLIGHT", "RESULT_PREFIX", "main"]

RESULT_PREFIX: Final = "RESULT "
EPOCH: Final = "2000-01-01T00:00:00Z"
IN_FLIGHT: Final = 8  # pages in flight for both async contenders
QUERIES: Final[Mapping[str, Mapping[str, str]]] = {
    "tickets": {
        "updated_since": EPOCH,
        "order_by": "updated_at",
        "order_type": "asc",
        "per_page": "100",
    },
    "contacts": {"per_page": "100"},
}

CONTENDERS: Final[Mapping[str, str]] = {
    "sdk-sync": "SDK sync: `Freshdesk`, `list()`",
    "sdk-async": f"SDK async: `AsyncFreshdesk(pages_in_flight={IN_FLIGHT})`, `list()`",
    "sdk-export": (
        f"SDK complete export: `AsyncFreshdesk(pages_in_flight={IN_FLIGHT})`, `iter_all()` "
        "(lossless; tickets one page at a time)"
    ),
    "httpx-sync": "plain httpx sync: GET loop following `Link`",
    "httpx-async": f"plain httpx async, {IN_FLIGHT} pages in flight",
    "python-freshdesk": "python-freshdesk",
}

Files = Mapping[str, IO[str]]


def record_json(record: Any) -> str:
    """An SDK model as one JSON line, as the SDK's own export writes it."""
    return json.dumps(record.to_dict())


# --------------------------------------------------------------------------- the SDK


def _sdk_kwargs(spec: Mapping[str, Any]) -> dict[str, Any]:
    """The rate governor is on by default; told the fake's window when it has a short one."""
    window = spec.get("governor_window")
    if window is None:
        return {}
    return {"rate_governor": RateGovernorConfig(window=float(window))}


def _sync_listing(fd: Freshdesk, name: str, complete: bool) -> Iterable[Any]:
    if name == "tickets" and complete:
        return fd.tickets.iter_all(updated_since=EPOCH)
    if name == "tickets":
        return fd.tickets.list(
            updated_since=EPOCH, order_by="updated_at", order_type="asc", per_page=100
        )
    return fd.contacts.iter_all() if complete else fd.contacts.list(per_page=100)


def _async_listing(fd: AsyncFreshdesk, name: str, complete: bool) -> AsyncIterable[Any]:
    if name == "tickets" and complete:
        return fd.tickets.iter_all(updated_since=EPOCH)
    if name == "tickets":
        return fd.tickets.list(
            updated_since=EPOCH, order_by="updated_at", order_type="asc", per_page=100
        )
    return fd.contacts.iter_all() if complete else fd.contacts.list(per_page=100)


def sdk_sync(spec: Mapping[str, Any], files: Files, *, complete: bool = False) -> None:
    with Freshdesk(api_key=spec["api_key"], base_url=spec["base_url"], **_sdk_kwargs(spec)) as fd:
        for name, out in files.items():
            for record in _sync_listing(fd, name, complete):
                out.write(record_json(record) + "\n")


async def _sdk_async(spec: Mapping[str, Any], files: Files, complete: bool) -> None:
    async with AsyncFreshdesk(
        api_key=spec["api_key"],
        base_url=spec["base_url"],
        pages_in_flight=IN_FLIGHT,
        **_sdk_kwargs(spec),
    ) as fd:

        async def one(name: str, out: IO[str]) -> None:
            async for record in _async_listing(fd, name, complete):
                out.write(record_json(record) + "\n")

        await asyncio.gather(*(one(name, out) for name, out in files.items()))


# --------------------------------------------------------------------------- plain httpx


def _get(client: httpx.Client, url: str, params: Mapping[str, str] | None) -> httpx.Response:
    """GET; on a 429 sleep ``Retry-After`` and ask again; any other error raises."""
    while True:
        response = client.get(url, params=params)
        if response.status_code != 429:
            response.raise_for_status()
            return response
        time.sleep(float(response.headers.get("Retry-After", "1")))


async def _aget(client: httpx.AsyncClient, url: str, params: Mapping[str, str]) -> httpx.Response:
    while True:
        response = await client.get(url, params=params)
        if response.status_code != 429:
            response.raise_for_status()
            return response
        await asyncio.sleep(float(response.headers.get("Retry-After", "1")))


def httpx_sync(spec: Mapping[str, Any], files: Files) -> None:
    """Follow ``Link: rel="next"`` page after page."""
    with httpx.Client(base_url=spec["base_url"], auth=(spec["api_key"], "X"), timeout=60) as client:
        for name, out in files.items():
            url: str | None = name
            params: Mapping[str, str] | None = QUERIES[name]
            while url is not None:
                response = _get(client, url, params)
                for record in response.json():
                    out.write(json.dumps(record) + "\n")
                url, params = response.links.get("next", {}).get("url"), None


async def _pages_ahead(client: httpx.AsyncClient, name: str, out: IO[str]) -> None:
    """Ask for pages by number, IN_FLIGHT at a time; write them in order.

    Stops at the first page without ``rel="next"`` (or an empty one); the pages
    asked for past it are awaited, as the SDK's paginator awaits them.
    """
    in_flight: dict[int, asyncio.Task[httpx.Response]] = {}
    asked = number = 0
    try:
        while True:
            number += 1
            while asked < number - 1 + IN_FLIGHT:
                asked += 1
                params = {**QUERIES[name], "page": str(asked)}
                in_flight[asked] = asyncio.create_task(_aget(client, name, params))
            response = await in_flight.pop(number)
            records = response.json()
            for record in records:
                out.write(json.dumps(record) + "\n")
            if not records or "next" not in response.links:
                return
    finally:
        await asyncio.gather(*in_flight.values(), return_exceptions=True)


async def _httpx_async(spec: Mapping[str, Any], files: Files) -> None:
    async with httpx.AsyncClient(
        base_url=spec["base_url"],
        auth=(spec["api_key"], "X"),
        timeout=60,
    ) as client:
        await asyncio.gather(*(_pages_ahead(client, name, out) for name, out in files.items()))


# --------------------------------------------------------------------------- python-freshdesk


def python_freshdesk(spec: Mapping[str, Any], files: Files) -> None:
    """Its list calls fetch every page, then return one list."""
    api = _pyfreshdesk.client(spec["base_url"], spec["api_key"])
    for name, out in files.items():
        if name == "tickets":
            records = api.tickets.list_tickets(
                filter_name=None,
                updated_since=EPOCH,
                order_by="updated_at",
                order_type="asc",
                per_page=100,
            )
        else:
            records = api.contacts.list_contacts(per_page=100)
        for item in records:
            out.write(json.dumps({key: getattr(item, key) for key in item._keys}, default=str))
            out.write("\n")


RUNS: Final[Mapping[str, Callable[[Mapping[str, Any], Files], None]]] = {
    "sdk-sync": sdk_sync,
    "sdk-sync-export": lambda spec, files: sdk_sync(spec, files, complete=True),
    "sdk-async": lambda spec, files: asyncio.run(_sdk_async(spec, files, complete=False)),
    "sdk-export": lambda spec, files: asyncio.run(_sdk_async(spec, files, complete=True)),
    "httpx-sync": httpx_sync,
    "httpx-async": lambda spec, files: asyncio.run(_httpx_async(spec, files)),
    "python-freshdesk": python_freshdesk,
}


# --------------------------------------------------------------------------- entry point


def peak_rss_kib() -> int:
    """This process's peak resident set size (``VmHWM``), KiB.

    Not ``ru_maxrss``: on Linux it carries the parent's peak over ``fork`` and ``exec``.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def main(argv: list[str]) -> int:
    """Run the contender the JSON spec in ``argv[0]`` names; print its ``RESULT`` line.

    Spec: ``contender``, ``base_url``, ``api_key``, ``out_dir``, ``listings``;
    optional ``governor_window`` (seconds) and ``trace`` (run under tracemalloc).
    """
    spec: dict[str, Any] = json.loads(argv[0])
    if spec["contender"] == "python-freshdesk":
        importlib.import_module("freshdesk.api")  # not in the clock
    out_dir = Path(spec["out_dir"])
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        name: (out_dir / f"{name}.jsonl").open("w", encoding="utf-8") for name in spec["listings"]
    }
    rss_before = peak_rss_kib()
    if spec.get("trace"):
        tracemalloc.start()
    error = None
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    try:
        RUNS[spec["contender"]](spec, files)
    except Exception as exc:  # a contender failing is a result, not a crash
        error = f"{type(exc).__name__}: {exc}"[:300]
    seconds = time.perf_counter() - started
    done = resource.getrusage(resource.RUSAGE_SELF)
    cpu_seconds = done.ru_utime + done.ru_stime - cpu.ru_utime - cpu.ru_stime
    traced_peak = tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else None
    for out in files.values():
        out.close()
    result = {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "error": error,
        "rss_before_kib": rss_before,
        "peak_rss_kib": peak_rss_kib(),
        "traced_peak_bytes": traced_peak,
    }
    print(RESULT_PREFIX + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
