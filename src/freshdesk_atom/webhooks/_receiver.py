"""``WebhookReceiver``: Freshdesk's webhooks applied to a mirror, assuming some are lost.

A webhook only says "look at ticket N again". The receiver answers at once
and does the work after: it drops duplicates (the same ticket and update
time), folds notices of a ticket already waiting into one, and worker tasks
read each waiting ticket from Freshdesk and apply it to the mirror
(:meth:`Mirror.arefresh_ticket`'s sync twin, in a worker thread), never the
payload's copy. Because Freshdesk retries a failed delivery only a few
times, postpones those over the rate limit by up to a day and then drops
them (https://support.freshdesk.com/support/solutions/articles/132589-using-webhooks-in-automation-rules),
webhooks are a hint, not the record: a reconciliation runs every
``reconcile_every`` seconds (and at start), syncing the tickets updated
since the mirror's high-water mark, which covers every webhook that was
lost, late or refused.
"""

from __future__ import annotations

import logging
import math
import os
from collections import OrderedDict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Final, Literal, TypeAlias

import anyio
import anyio.abc
import anyio.to_thread
import attrs

from .. import Freshdesk, FreshdeskError
from ..mirror import Mirror, MirrorBusyError, SyncReport
from ._auth import DEFAULT_SECRET_HEADER, WebhookAuth
from ._payload import Notice

__all__ = ["Acceptance", "WebhookReceiver", "WebhookStats"]

logger = logging.getLogger("freshdesk_atom.webhooks")

RETRY_DELAYS: Final = (1.0, 5.0, 30.0)
"""Seconds before reading a ticket again after a failed read; then it is left to reconciliation."""


@attrs.define
class WebhookStats:
    """What the receiver has done since it started (``GET .../webhooks/freshdesk`` shows it).

    Attributes:
        received: notices accepted (authenticated, with a ticket id).
        refused: requests without the secret or with a wrong one.
        invalid: authenticated requests whose body named no ticket.
        duplicates: notices for a ticket and update time already seen.
        folded: notices for a ticket already waiting to be read.
        stale: notices older than the mirror's copy (out of order), not read.
        applied: tickets read whose version was new to the mirror.
        unchanged: tickets read that the mirror already had (or that Freshdesk no longer has).
        deferred: notices left to a reconciliation (brought forward) because
            the queue was full.
        given_up: tickets left to the next reconciliation after every read failed.
        reconciliations: reconciliations finished.
        reconciled: records the reconciliations read and stored (``SyncReport.records``).
        last_reconciled_at: when the last reconciliation finished (UTC).
        last_error: the last failure's message (never a credential).
    """

    received: int = 0
    refused: int = 0
    invalid: int = 0
    duplicates: int = 0
    folded: int = 0
    stale: int = 0
    applied: int = 0
    unchanged: int = 0
    deferred: int = 0
    given_up: int = 0
    reconciliations: int = 0
    reconciled: int = 0
    last_reconciled_at: datetime | None = None
    last_error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the figures as a JSON-ready dict."""
        data = attrs.asdict(self)
        stamp = self.last_reconciled_at
        data["last_reconciled_at"] = None if stamp is None else stamp.isoformat()
        return data


Acceptance: TypeAlias = Literal["queued", "folded", "duplicate", "deferred"]
"""What became of a notice: ``queued``, ``folded`` (the ticket was waiting
already), ``duplicate`` or ``deferred`` (the queue is full: the next
reconciliation, brought forward, covers it)."""


@attrs.define
class _Waiting:
    """A ticket waiting to be read: the newest update time its notices gave, if all gave one."""

    newest: datetime | None
    attempts: int = 0


class _Stop(Exception):
    """Raised from a reconciliation's page callback when the receiver stops."""


class WebhookReceiver:
    """Applies Freshdesk's webhooks to a :class:`~freshdesk_atom.mirror.Mirror`, and reconciles.

    Give it to the ATOM adapter (``create_app(mirror=mirror, webhooks=receiver)``),
    which serves ``POST /webhooks/freshdesk`` and runs the receiver's
    workers while the app runs; ``docs/webhooks.md`` has the automation
    rule to create in Freshdesk.

    Args:
        mirror: the mirror to keep up to date.
        client: the sync client of the mirror's account (its rate governor
            paces the reads; it is used from worker threads).
        secret: the value the rule sends in *secret_header* (16+ characters).
        secret_header: the custom header carrying *secret*.
        basic_auth: ``(username, password)`` the rule sends as HTTP Basic
            instead of (or besides) a secret header.
        reconcile_every: seconds between reconciliations (``None``: never;
            then a lost webhook stays lost until you ``sync``).
        reconcile_at_start: reconcile as soon as the receiver starts (default: yes).
        workers: tickets read at once.
        max_waiting: tickets that may wait to be read; past it, notices
            are deferred to a reconciliation brought forward.
        remember: notices remembered for de-duplication.
        files: the directory the mirror keeps attachments' files in, when
            it was synced with ``files=`` (see :meth:`Mirror.sync_tickets`).
        retry_delays: seconds before each new attempt to read a ticket after
            a failed read (default 1, 5 and 30); then the ticket is left to
            the next reconciliation.

    Raises:
        ValueError: no secret and no Basic credentials, a secret shorter than
            16 characters, or a non-positive interval or count.
    """

    def __init__(
        self,
        mirror: Mirror,
        client: Freshdesk,
        *,
        secret: str | None = None,
        secret_header: str = DEFAULT_SECRET_HEADER,
        basic_auth: tuple[str, str] | None = None,
        reconcile_every: float | None = 300.0,
        reconcile_at_start: bool = True,
        workers: int = 4,
        max_waiting: int = 10_000,
        remember: int = 100_000,
        files: str | os.PathLike[str] | None = None,
        retry_delays: Sequence[float] = RETRY_DELAYS,
    ) -> None:
        if reconcile_every is not None and not reconcile_every > 0:
            raise ValueError("reconcile_every must be > 0 seconds or None")
        for name, value in (("workers", workers), ("max_waiting", max_waiting)):
            if value < 1:
                raise ValueError(f"{name} must be >= 1")
        if remember < 0:
            raise ValueError("remember must be >= 0")
        self.mirror = mirror
        self.client = client
        self.auth = WebhookAuth(secret=secret, header=secret_header, basic=basic_auth)
        self.reconcile_every = reconcile_every
        self.reconcile_at_start = reconcile_at_start
        self.workers = workers
        self.max_waiting = max_waiting
        self.remember = remember
        self.files = files
        self.retry_delays = tuple(retry_delays)
        self.stats = WebhookStats()
        self._seen: OrderedDict[tuple[int, str | None], None] = OrderedDict()
        self._waiting: OrderedDict[int, _Waiting] = OrderedDict()
        self._running: set[int] = set()
        self._again: dict[int, _Waiting] = {}
        self._retrying = 0
        self._reconciling = 0
        self._running_now = False
        self._stopping = False
        self._owns_client = False
        self._work: anyio.Event | None = None
        self._reconcile_now: anyio.Event | None = None

    @classmethod
    def from_env(cls, mirror: Mirror, **options: Any) -> WebhookReceiver:
        """Return a receiver on the account of ``$FRESHDESK_API_KEY``/``$FRESHDESK_DOMAIN``.

        The secret comes from ``$FRESHDESK_WEBHOOK_SECRET`` unless given in
        *options* (the other keyword arguments of the constructor).

        Raises:
            ValueError: no secret anywhere (see the constructor), or the
                environment names no account.
        """
        if "secret" not in options and "basic_auth" not in options:
            options["secret"] = os.environ.get("FRESHDESK_WEBHOOK_SECRET") or None
        client = Freshdesk.from_env()
        try:
            receiver = cls(mirror, client, **options)
        except BaseException:
            client.close()
            raise
        receiver._owns_client = True
        return receiver

    def close(self) -> None:
        """Close the client if the receiver made it (:meth:`from_env`); yours stays open."""
        if self._owns_client:
            self.client.close()

    @property
    def running(self) -> bool:
        """Whether :meth:`run` is running: notices are read only then."""
        return self._running_now and not self._stopping

    def __repr__(self) -> str:
        return f"WebhookReceiver({self.mirror!r}, auth={self.auth!r})"

    # ------------------------------------------------------------------ notices

    def accept(self, notice: Notice) -> Acceptance:
        """Take an authenticated notice: drop it, fold it, or queue its ticket (no I/O; never waits)."""
        self.stats.received += 1
        logger.debug(
            "webhook: ticket %s, event %s, updated_at %s",
            notice.ticket_id,
            notice.event or "(none)",
            notice.key[1] or "(none)",
        )
        key = notice.key
        if key[1] is not None:
            if key in self._seen:
                self._seen.move_to_end(key)
                self.stats.duplicates += 1
                return "duplicate"
            self._seen[key] = None
            while len(self._seen) > self.remember:
                self._seen.popitem(last=False)
        ticket_id = notice.ticket_id
        if ticket_id in self._running:
            # Being read now, perhaps from before this change: read it once more after.
            waiting = self._again.get(ticket_id)
            self._again[ticket_id] = _fold(waiting, notice.updated_at)
            return "queued" if waiting is None else self._folded()
        waiting = self._waiting.get(ticket_id)
        if waiting is not None:
            self._waiting[ticket_id] = _fold(waiting, notice.updated_at)
            return self._folded()
        if len(self._waiting) >= self.max_waiting:
            self.stats.deferred += 1
            self._bring_reconciliation_forward()
            return "deferred"
        self._waiting[ticket_id] = _Waiting(notice.updated_at)
        self._wake()
        return "queued"

    def _folded(self) -> Acceptance:
        self.stats.folded += 1
        return "folded"

    def refused(self) -> None:
        """Count a request refused for its credentials."""
        self.stats.refused += 1

    def invalid(self) -> None:
        """Count an authenticated request whose body named no ticket."""
        self.stats.invalid += 1

    @property
    def idle(self) -> bool:
        """Whether nothing waits, is read, is retried or reconciles right now."""
        return not (
            self._waiting or self._running or self._again or self._retrying or self._reconciling
        )

    async def wait_idle(self, *, poll: float = 0.01) -> None:
        """Wait until :attr:`idle` (for tests and orderly shutdowns; wrap it in a timeout)."""
        while not self.idle:
            await anyio.sleep(poll)

    # ------------------------------------------------------------------ running

    async def run(
        self, *, task_status: anyio.abc.TaskStatus[None] = anyio.TASK_STATUS_IGNORED
    ) -> None:
        """Run the workers and the reconciliations until cancelled (the adapter's lifespan does this)."""
        self._stopping = False
        self._work = anyio.Event()
        self._reconcile_now = anyio.Event()
        self._running_now = True
        try:
            async with anyio.create_task_group() as group:
                for _ in range(self.workers):
                    group.start_soon(self._worker, group)
                # Always there: a full queue brings a reconciliation forward even
                # when none is scheduled.
                group.start_soon(self._reconciler)
                task_status.started()
        finally:
            self._stopping = True
            self._running_now = False

    def _wake(self) -> None:
        if self._work is not None:
            self._work.set()

    def _bring_reconciliation_forward(self) -> None:
        if self._reconcile_now is not None:
            self._reconcile_now.set()

    async def _worker(self, group: anyio.abc.TaskGroup) -> None:
        while True:
            if not self._waiting:
                assert self._work is not None
                if self._work.is_set():
                    self._work = anyio.Event()
                await self._work.wait()
                continue
            ticket_id, waiting = self._waiting.popitem(last=False)
            self._running.add(ticket_id)
            try:
                await self._read(ticket_id, waiting, group)
            finally:
                self._running.discard(ticket_id)
                again = self._again.pop(ticket_id, None)
                if again is not None:
                    self._waiting[ticket_id] = again
                    self._wake()

    async def _read(self, ticket_id: int, waiting: _Waiting, group: anyio.abc.TaskGroup) -> None:
        if waiting.newest is not None and await self._mirror_is_newer(ticket_id, waiting.newest):
            self.stats.stale += 1
            return
        try:
            changed = await anyio.to_thread.run_sync(
                self.mirror.refresh_ticket, self.client, ticket_id
            )
        except Exception as exc:
            # A Freshdesk error, or the mirror's (a locked database): the same
            # remedy, read it again later; the reconciliation is the last net.
            self.stats.last_error = f"reading ticket {ticket_id}: {_described(exc)}"
            if waiting.attempts >= len(self.retry_delays):
                logger.warning(
                    "ticket %s: %s; left to the next reconciliation", ticket_id, _described(exc)
                )
                self.stats.given_up += 1
                return
            delay = self.retry_delays[waiting.attempts]
            logger.info("ticket %s: %s; reading it again in %gs", ticket_id, _described(exc), delay)
            waiting.attempts += 1
            self._retrying += 1
            group.start_soon(self._retry, ticket_id, waiting, delay)
            return
        if changed:
            self.stats.applied += 1
        else:
            self.stats.unchanged += 1

    async def _retry(self, ticket_id: int, waiting: _Waiting, delay: float) -> None:
        try:
            await anyio.sleep(delay)
            if ticket_id in self._running:
                self._again[ticket_id] = _fold(self._again.get(ticket_id), None, waiting)
            elif ticket_id in self._waiting:
                self._waiting[ticket_id] = _fold(self._waiting[ticket_id], None, waiting)
            else:
                self._waiting[ticket_id] = waiting
            self._wake()
        finally:
            self._retrying -= 1

    async def _mirror_is_newer(self, ticket_id: int, newest: datetime) -> bool:
        try:
            stored = await anyio.to_thread.run_sync(self.mirror.get_ticket, ticket_id)
        except Exception:  # the read below will meet the same trouble and handle it
            return False
        return stored is not None and stored.updated_at > newest

    # ------------------------------------------------------------------ reconciling

    async def _reconciler(self) -> None:
        wait = 0.0 if self.reconcile_at_start else self.reconcile_every
        while True:
            assert self._reconcile_now is not None
            with anyio.move_on_after(math.inf if wait is None else wait):
                await self._reconcile_now.wait()
            self._reconcile_now = anyio.Event()
            await self.reconcile()
            wait = self.reconcile_every

    async def reconcile(self) -> SyncReport | None:
        """Sync the tickets updated since the mirror's high-water mark, now; return what it did.

        A mirror never synced is synced whole, once (every resource), so a
        new file is a complete mirror after the first reconciliation.

        Covers every webhook lost, delayed or refused so far. ``None`` when
        it could not run: another sync of the mirror is running (it covers
        the same), or Freshdesk failed (``stats.last_error`` says how; the
        next one goes on from where this stopped).
        """
        self._reconciling += 1
        try:
            # Not abandoned on cancellation: a stopping receiver makes the sync
            # stop after its current page (_Stop), and waits for that.
            report = await anyio.to_thread.run_sync(self._sync_tickets)
        except MirrorBusyError:
            logger.info("reconciliation skipped: another sync of %s is running", self.mirror.path)
            return None
        except _Stop:
            return None
        except Exception as exc:
            self.stats.last_error = f"reconciling: {_described(exc)}"
            logger.warning(
                "reconciliation stopped: %s; the next one goes on from there", _described(exc)
            )
            return None
        finally:
            self._reconciling -= 1
        self.stats.reconciliations += 1
        self.stats.reconciled += report.records
        self.stats.last_reconciled_at = datetime.now(UTC)
        if report.records:
            logger.info("reconciliation: %s records the webhooks had not brought", report.records)
        return report

    def _sync_tickets(self) -> SyncReport:
        def stop_when_asked(stream: str, records: int) -> None:
            if self._stopping:
                raise _Stop

        if "tickets" not in self.mirror.last_synced():
            # A new mirror: everything once (contacts, companies, agents and
            # groups too), then the tickets alone.
            return self.mirror.sync(
                self.client,
                files=self.files,
                on_page=stop_when_asked,
            )
        return self.mirror.sync_tickets(self.client, files=self.files, on_page=stop_when_asked)


def _described(exc: Exception) -> str:
    """An error in words for logs and ``stats.last_error`` (SDK errors never hold the key)."""
    if isinstance(exc, FreshdeskError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _fold(
    waiting: _Waiting | None, updated_at: datetime | None, other: _Waiting | None = None
) -> _Waiting:
    """Merge a notice (or another waiting entry) into *waiting*: an unknown time makes the newest unknown."""
    if waiting is None:
        return other if other is not None else _Waiting(updated_at)
    times = [waiting.newest, other.newest if other is not None else updated_at]
    newest = None if None in times else max(t for t in times if t is not None)
    attempts = max(waiting.attempts, other.attempts if other is not None else 0)
    return _Waiting(newest, attempts)
