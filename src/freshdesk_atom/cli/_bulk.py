"""The ``export`` and ``sync`` commands: arguments, the client, a progress line, exit statuses."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Final, TextIO

from .. import FreshdeskError
from .._core.governor import DEFAULT_TARGET_SHARE, DEFAULT_WINDOW
from ..export import CONTACT_STATES, EXPORT_RESOURCES, TICKET_INCLUDES
from ..mirror import MIRROR_RESOURCES
from ._progress import Progress

if TYPE_CHECKING:
    from .. import Freshdesk

__all__ = ["add_export_parser", "add_sync_parser", "run_export_command", "run_sync_command"]

FAKE_NOW: Final = datetime(2026, 1, 1, tzinfo=UTC)
"""The generated fake account's "now": fixed, so every run of ``--fake`` serves the same records."""


def _add_connection(parser: argparse.ArgumentParser) -> None:
    where = parser.add_argument_group(
        "account",
        "default: $FRESHDESK_API_KEY and $FRESHDESK_DOMAIN (read-only calls, rate governor on)",
    )
    where.add_argument(
        "--base-url",
        help="an API base URL instead of $FRESHDESK_DOMAIN (a proxy, a fake on loopback)",
    )
    where.add_argument(
        "--fake",
        action="store_true",
        help="use an embedded generated fake Freshdesk (deterministic: same seed, same records)",
    )
    where.add_argument("--fake-tickets", type=int, default=2_000, help="fake account size")
    where.add_argument("--fake-contacts", type=int, default=500, help="fake account size")
    where.add_argument("--fake-seed", type=int, default=1, help="fake account seed")
    where.add_argument(
        "--budget-share",
        type=_share,
        default=DEFAULT_TARGET_SHARE,
        help="share of the account's API credits per minute to use, 0 < x <= 1 "
        f"(default {DEFAULT_TARGET_SHARE}: the rest is left to other integrations)",
    )
    where.add_argument(
        "--rate-window",
        type=float,
        default=DEFAULT_WINDOW,
        help=f"the rate-limit window in seconds (default {DEFAULT_WINDOW:g}, Freshdesk's "
        "minute; set it only for a server with another window, such as a fake)",
    )


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"must be > 0 and <= 1, not {value}")
    return value


def add_export_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``export`` to the CLI's subcommands."""
    export = commands.add_parser(
        "export",
        help="export every record of a resource to a JSON Lines file, crash-safe and resumable",
        description=(
            "Write FILE.jsonl.partial a page at a time with a checkpoint beside it, and "
            "rename it to FILE.jsonl when complete. --resume continues an interrupted export."
        ),
    )
    export.add_argument("resource", choices=EXPORT_RESOURCES)
    export.add_argument("--out", required=True, help="the JSON Lines file to write")
    export.add_argument(
        "--since",
        help="tickets, contacts and conversations: only records updated at or after this "
        "ISO 8601 instant",
    )
    export.add_argument(
        "--resume", action="store_true", help="continue the interrupted export of --out"
    )
    export.add_argument(
        "--include-spam",
        action="store_true",
        help="tickets, conversations: also the spam tickets (and their threads)",
    )
    export.add_argument(
        "--include-deleted",
        action="store_true",
        help="tickets, conversations: also the deleted tickets (and their threads)",
    )
    export.add_argument(
        "--include",
        default="",
        help=f"tickets: comma-separated embeds among {','.join(TICKET_INCLUDES)} "
        "(2 extra credits per page each)",
    )
    export.add_argument(
        "--state",
        choices=CONTACT_STATES,
        help="contacts: export this state's list (default: Freshdesk's list, "
        "without blocked and deleted contacts)",
    )
    export.add_argument("--quiet", action="store_true", help="print nothing but errors")
    _add_connection(export)


def add_sync_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``sync`` to the CLI's subcommands."""
    sync = commands.add_parser(
        "sync",
        help="bring a local SQLite mirror of the account up to date (incremental, kill-safe)",
        description=(
            "Create or update a SQLite mirror of tickets, contacts, companies, agents and "
            "groups. Later runs fetch only what changed. Safe to kill at any point."
        ),
    )
    sync.add_argument("--db", required=True, help="the SQLite file (created when missing)")
    sync.add_argument(
        "--resources",
        default="tickets,contacts,companies,agents,groups",
        help="comma-separated resources to sync (default: all five)",
    )
    sync.add_argument(
        "--ticket-include",
        default="description,stats",
        help="tickets list embeds (default description,stats: search and averages need them)",
    )
    sync.add_argument(
        "--no-conversations",
        action="store_true",
        help="skip the tickets' threads (replies and notes; one request per changed ticket)",
    )
    sync.add_argument(
        "--files",
        metavar="DIR",
        help="also keep the threads' attachments in DIR, each file once under its SHA-256",
    )
    sync.add_argument("--quiet", action="store_true", help="print nothing but errors")
    _add_connection(sync)


@contextlib.contextmanager
def connect(args: argparse.Namespace) -> Iterator[tuple[Freshdesk, Callable[[], int]]]:
    """Yield the client the command works with and a counter of the HTTP requests it sent."""
    import httpx

    from .. import Freshdesk, RateGovernorConfig

    sent = [0]

    def count(response: httpx.Response) -> None:
        sent[0] += 1

    hooks = {"response": [count]}
    governor = RateGovernorConfig(target_share=args.budget_share, window=args.rate_window)
    if args.fake:
        from ..testing import FakeFreshdesk

        fake = FakeFreshdesk.generate(
            tickets=args.fake_tickets,
            contacts=args.fake_contacts,
            seed=args.fake_seed,
            now=FAKE_NOW,
        )
        http = httpx.Client(transport=fake.transport(), event_hooks=hooks)
        fd = Freshdesk(
            api_key=fake.api_key, base_url=fake.base_url, http_client=http, rate_governor=governor
        )
    else:
        http = httpx.Client(event_hooks=hooks)
        try:
            fd = Freshdesk(base_url=args.base_url, http_client=http, rate_governor=governor)
        except BaseException:
            http.close()
            raise
    try:
        yield fd, lambda: sent[0]
    finally:
        fd.close()
        http.close()


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _fail(err: TextIO, message: str, code: int) -> int:
    print(f"freshdesk-atom: {message}", file=err)
    return code


def run_export_command(args: argparse.Namespace, err: TextIO | None = None) -> int:
    """Run ``export``; return the exit status (0 done, 1 stopped by an error, 2 refused)."""
    from ..export import ExportError, ExportOptions, count_records, export

    err = sys.stderr if err is None else err

    try:
        options = ExportOptions.build(
            args.resource,
            since=args.since,
            include=_split(args.include),
            include_spam=args.include_spam,
            include_deleted=args.include_deleted,
            state=args.state,
        )
    except (ValueError, TypeError) as exc:
        return _fail(err, str(exc), 2)
    progress = Progress(
        err, label=f"export {args.resource}", enabled=None if not args.quiet else False
    )
    try:
        with connect(args) as (fd, requests):
            total = count_records(fd, options) if progress.enabled else None

            def show(records: int, *, finished: bool = False) -> None:
                progress.update(
                    records=records,
                    requests=requests(),
                    rate_limit=fd.rate_limit,
                    total=total,
                    finished=finished,
                    force=finished,
                )

            result = export(fd, options, args.out, resume=args.resume, on_page=show)
            show(result.records, finished=True)
            progress.finish()
    except ExportError as exc:
        progress.finish()
        return _fail(err, str(exc), 2)
    except ValueError as exc:  # missing credentials
        progress.finish()
        return _fail(err, str(exc), 2)
    except FreshdeskError as exc:
        progress.finish()
        return _fail(err, f"{exc}\nthe export stopped; run it again with --resume to go on", 1)
    except KeyboardInterrupt:
        progress.finish()
        return _fail(err, "interrupted; run it again with --resume to go on", 130)
    if not args.quiet:
        how = " (resumed)" if result.resumed else ""
        print(f"exported {result.records:,} {args.resource} to {result.path}{how}", file=err)
        if result.next_since is not None:
            print(f"to export only what changed since, add --since {result.next_since}", file=err)
    return 0


def run_sync_command(args: argparse.Namespace, err: TextIO | None = None) -> int:
    """Run ``sync``; return the exit status (0 done, 1 stopped by an error, 2 refused)."""
    from ..mirror import Mirror, MirrorBusyError

    err = sys.stderr if err is None else err

    resources = _split(args.resources)
    unknown = [name for name in resources if name not in MIRROR_RESOURCES]
    if unknown or not resources:
        return _fail(err, f"--resources takes some of {','.join(MIRROR_RESOURCES)}", 2)
    progress = Progress(err, label="sync", enabled=None if not args.quiet else False)
    try:
        mirror = Mirror(args.db)
        with connect(args) as (fd, requests):

            def show(stream: str, records: int) -> None:
                progress.label = f"sync {stream}"
                progress.update(records=records, requests=requests(), rate_limit=fd.rate_limit)

            report = mirror.sync(
                fd,
                resources=resources,  # type: ignore[arg-type]
                ticket_include=_split(args.ticket_include),
                conversations=not args.no_conversations,
                files=args.files,
                on_page=show,
            )
            sent = requests()
            progress.update(
                records=report.records, requests=sent, rate_limit=fd.rate_limit, force=True
            )
            progress.finish()
    except MirrorBusyError as exc:
        return _fail(err, str(exc), 2)
    except ValueError as exc:  # missing credentials, a foreign database
        progress.finish()
        return _fail(err, str(exc), 2)
    except FreshdeskError as exc:
        progress.finish()
        return _fail(err, f"{exc}\nthe sync stopped; what was applied stays: run it again", 1)
    except KeyboardInterrupt:
        progress.finish()
        return _fail(err, "interrupted; what was applied stays: run it again", 130)
    if not args.quiet:
        for stream, done in report.streams.items():
            gone = "conversations removed" if stream == "tickets" else "removed"
            extra = f", {done.removed} {gone}" if done.removed else ""
            if done.conversations:
                extra += f", {done.conversations:,} conversations"
            resumed = " (resumed)" if done.resumed else ""
            print(
                f"{stream:<17} {done.records:>7,} records in {done.pages} pages{extra}{resumed}",
                file=err,
            )
        print(f"synced {args.db}: {report.records:,} records, {sent:,} requests", file=err)
    return 0
