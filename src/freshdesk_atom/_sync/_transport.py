# Generated from src/freshdesk_atom/_async/_transport.py by scripts/unasync.py; do not edit.
"""Send requests to Freshdesk: auth, headers, retries, rate-limit bookkeeping, error mapping."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception_type

from .. import _synchronization
from .._config import ClientConfig, merge_headers
from .._constants import LOGGER_NAME
from .._core.errors import connection_failure, error_from_response, timeout_failure
from .._core.governor import RateGovernorConfig, request_cost
from .._core.governor_store import account_key
from .._core.rate_limit import rate_limit_from_headers
from .._core.request import RequestSpec, build_query
from .._core.retry import RetryDecision, RetryPolicy, may_have_landed, outcome_unknown
from .._core.uploads import form_fields
from .._exceptions import APIConnectionError, APITimeoutError, FreshdeskError, UnknownOutcomeError
from .._types import NotGiven, RequestOptions
from ..models.common import RateLimit
from ._governor import RateGovernor

__all__ = ["Transport"]

logger = logging.getLogger(LOGGER_NAME)

# httpx errors raised before any byte of the request left the machine: retrying
# them cannot duplicate anything, whatever the method.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class Transport:
    """Own the HTTP client and send ``RequestSpec``s with retries.

    One transport is shared by a client and every copy made by
    ``with_options``; it is closed once, by the client that created it. It
    holds the client's rate governor, so the copies share that too: it learns
    from every answer, and paces every request unless pacing is off
    (*rate_governor* ``None``). A shared store keys the schedule by the API host.
    """

    def __init__(
        self,
        config: ClientConfig,
        *,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] = _synchronization.sleep,
        clock: Callable[[], float] = time.monotonic,
        rate_governor: RateGovernorConfig | None = None,
    ) -> None:
        # First: it reads the environment, and may refuse it before anything is opened.
        base = config.base_url
        self.governor = RateGovernor(
            rate_governor,
            enabled=rate_governor is not None,
            account=account_key(base.host, base.port, base.scheme),
        )
        self._owns_http_client = http_client is None
        self._http_client = http_client or httpx.Client(timeout=config.timeout)
        self._auth = httpx.BasicAuth(config.api_key, "X")
        self._sleep = sleep
        self._clock = clock
        self._closed = False
        self.rate_limit: RateLimit | None = None

    @property
    def is_closed(self) -> bool:
        """Whether ``close()`` was called."""
        return self._closed

    def fetch_file(self, url: str, write: Callable[[bytes], object]) -> httpx.Response:
        """GET *url* on a file host, handing the body to *write* chunk by chunk if it answers 200.

        Attachment links are pre-signed (docs/freshdesk-api-notes.md#attachments):
        no Freshdesk credentials go with them, and they cost no API credits, so
        the rate governor is not asked. Returns the response (its body read
        only when 200).
        """
        target = httpx.URL(url)
        method, path, host = "GET", target.path, target.host
        port = target.port or (443 if target.scheme == "https" else 80)
        try:
            with self._http_client.stream("GET", url, auth=None) as response:
                if response.status_code == 200:
                    for chunk in response.iter_bytes():
                        write(chunk)
                else:
                    response.read()
                return response
        except httpx.TimeoutException as exc:
            raise APITimeoutError(
                timeout_failure(type(exc).__name__, host=host, port=port, method=method, path=path),
                method=method,
                path=path,
            ) from exc
        except httpx.TransportError as exc:
            raise APIConnectionError(
                connection_failure(
                    type(exc).__name__, str(exc), host=host, port=port, method=method, path=path
                ),
                method=method,
                path=path,
            ) from exc

    def close(self) -> None:
        """Close the HTTP client if we created it; a user's client stays open."""
        if self._closed:
            return
        self._closed = True
        try:
            self.governor.close()
        finally:
            if self._owns_http_client:
                self._http_client.close()

    def request(
        self, spec: RequestSpec, config: ClientConfig, options: RequestOptions | None = None
    ) -> httpx.Response:
        """Send *spec* and return its successful response, retrying as the policy allows.

        Every attempt, the first included, runs in one tenacity loop whose
        stop and wait come from one decision of the pure policy per failed
        attempt. An error raised after several attempts says how many.

        Raises:
            APIStatusError: (a subclass of) for any status >= 400 once retries are spent.
            APIConnectionError: the network failed and retrying was not safe or did not help.
            UnknownOutcomeError: a request that must not be repeated (a POST) may
                have reached Freshdesk, but its answer was lost or was a 5xx.
            RuntimeError: the client was closed.
        """
        if self._closed:
            raise RuntimeError("Cannot send a request: the client has been closed")
        policy = _retry_policy(config, options)
        deadline = _deadline(config, options)
        started = self._clock()
        decisions: dict[int, RetryDecision] = {}
        attempts = 0
        landed = False  # an earlier attempt may have reached Freshdesk and done the work
        sent_at = datetime.now(UTC)

        def remaining() -> float | None:
            return None if deadline is None else deadline - (self._clock() - started)

        def decide(state: RetryCallState) -> RetryDecision:
            # Tenacity asks stop, then wait: both read the one decision of this attempt.
            if state.attempt_number not in decisions:
                error = state.outcome.exception() if state.outcome is not None else None
                decisions[state.attempt_number] = policy.decide(
                    error or RuntimeError("no error"),
                    attempt=state.attempt_number,
                    idempotent=spec.idempotent,
                    remaining=remaining(),
                )
            return decisions[state.attempt_number]

        retrying = Retrying(
            sleep=self._sleep,
            retry=retry_if_exception_type(FreshdeskError),
            stop=lambda state: not decide(state).retry,
            wait=lambda state: decide(state).wait,
            before_sleep=lambda state: _log_retry(spec, state),
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    attempts += 1
                    sent_at = datetime.now(UTC)
                    try:
                        return self._send_once(
                            spec,
                            config,
                            options,
                            accept=spec.done_if if landed else frozenset(),
                            max_wait=_max_wait(config.retry_after_cap, remaining()),
                        )
                    except FreshdeskError as error:
                        landed = landed or may_have_landed(error)
                        raise
        except FreshdeskError as error:
            error.after_attempts(attempts)
            if outcome_unknown(error, idempotent=spec.idempotent):
                unknown = UnknownOutcomeError(
                    f"{spec.method} {spec.path} may or may not have been carried out: "
                    f"{error} (it was not sent again, to avoid doing it twice)",
                    method=spec.method,
                    path=spec.path,
                    json=spec.json,
                    sent_at=sent_at,
                    cause=error,
                )
                unknown.attempts = attempts
                raise unknown from error
            raise
        raise AssertionError(
            "unreachable: tenacity either returns or re-raises"
        )  # pragma: no cover

    def _send_once(
        self,
        spec: RequestSpec,
        config: ClientConfig,
        options: RequestOptions | None,
        *,
        accept: frozenset[int],
        max_wait: float,
    ) -> httpx.Response:
        """Send one attempt; statuses in *accept* count as success (see ``RequestSpec.done_if``).

        A governed request waits at most *max_wait* seconds for its slot.
        """
        params = _query(spec, options)
        with contextlib.ExitStack() as files:
            request = self._build_request(spec, params, config, options, files)
            return self._send_built(spec, request, params, config, accept=accept, max_wait=max_wait)

    def _send_built(
        self,
        spec: RequestSpec,
        request: httpx.Request,
        params: tuple[tuple[str, str], ...],
        config: ClientConfig,
        *,
        accept: frozenset[int],
        max_wait: float,
    ) -> httpx.Response:
        """Send one built attempt under the governor, and read what its answer teaches."""
        cost = request_cost(spec.method, spec.path, params)
        ticket = None
        if self.governor.enabled:
            ticket = self.governor.acquire(
                cost,
                clock=self._clock,
                sleep=self._sleep,
                max_wait=max_wait,
                method=spec.method,
                path=spec.path,
            )
        sent_at = self._clock()
        try:
            response = self._send_http(spec, request)
        except BaseException:
            self.governor.forget(ticket, clock=self._clock)
            raise
        snapshot = rate_limit_from_headers(response.headers)
        # Every answer teaches the governor: every request spends the same budget.
        self.governor.settle(
            ticket,
            response,
            snapshot,
            clock=self._clock,
            cost=cost,
            sent_at=sent_at,
            retry_after_cap=config.retry_after_cap,
        )
        if snapshot is not None:
            # A 429 carries no X-RateLimit-* headers (docs/freshdesk-api-notes.md#rate-limits): keep the last known.
            self.rate_limit = snapshot
        logger.debug(
            "%s %s -> %d (remaining=%s)",
            spec.method,
            spec.path,
            response.status_code,
            snapshot.remaining if snapshot else None,
        )
        if response.status_code in accept:
            logger.info(
                "%s %s -> %d on a retry: the earlier attempt did the work",
                spec.method,
                spec.path,
                response.status_code,
            )
            return response
        if response.status_code >= 400:
            raise error_from_response(
                response.status_code,
                response.headers,
                response.content,
                method=spec.method,
                path=spec.path,
                host=response.request.url.host,
            )
        return response

    def _send_http(self, spec: RequestSpec, request: httpx.Request) -> httpx.Response:
        """Send *request*, mapping httpx's network errors onto ours (naming host and port)."""
        url = request.url
        host, port = url.host, url.port or (443 if url.scheme == "https" else 80)
        try:
            response = self._http_client.send(request, auth=self._auth)
        except httpx.TimeoutException as exc:
            raise APITimeoutError(
                timeout_failure(
                    type(exc).__name__, host=host, port=port, method=spec.method, path=spec.path
                ),
                method=spec.method,
                path=spec.path,
                request_sent=not isinstance(exc, _NOT_SENT),
            ) from exc
        except httpx.TransportError as exc:
            raise APIConnectionError(
                connection_failure(
                    type(exc).__name__,
                    str(exc),
                    host=host,
                    port=port,
                    method=spec.method,
                    path=spec.path,
                ),
                method=spec.method,
                path=spec.path,
                request_sent=not isinstance(exc, _NOT_SENT),
            ) from exc
        return response

    def _build_request(
        self,
        spec: RequestSpec,
        params: tuple[tuple[str, str], ...],
        config: ClientConfig,
        options: RequestOptions | None,
        files: contextlib.ExitStack,
    ) -> httpx.Request:
        """Build the request; attachments are opened on *files* and streamed as it is sent."""
        headers = config.request_headers
        timeout: httpx.Timeout = config.timeout
        if options is not None and options.extra_headers:
            headers = merge_headers(config.request_headers, options.extra_headers)
        if options is not None and not isinstance(options.timeout, NotGiven):
            timeout = (
                options.timeout
                if isinstance(options.timeout, httpx.Timeout)
                else httpx.Timeout(options.timeout)
            )
        url = config.url_prefix + spec.path  # paths are relative, the prefix ends with "/"
        if spec.files:
            body = spec.json if isinstance(spec.json, dict) else {}
            parts = [
                (
                    "attachments[]",
                    (upload.name, files.enter_context(upload.open()), upload.content_type),
                )
                for upload in spec.files
            ]
            return self._http_client.build_request(
                spec.method,
                url,
                params=params or None,
                data=_grouped(form_fields(body)),
                files=parts,
                headers=headers,
                timeout=timeout,
            )
        return self._http_client.build_request(
            spec.method,
            url,
            params=params or None,
            json=spec.json,
            headers=headers,
            timeout=timeout,
        )


def _retry_policy(config: ClientConfig, options: RequestOptions | None) -> RetryPolicy:
    """The retry policy of one call: the client's, with the call's ``max_retries`` if given."""
    max_retries = config.max_retries
    if options is not None and not isinstance(options.max_retries, NotGiven):
        max_retries = options.max_retries
    return RetryPolicy(
        max_retries=max_retries,
        retry_after_cap=config.retry_after_cap,
        backoff_initial=config.backoff_initial,
        backoff_max=config.backoff_max,
    )


def _query(spec: RequestSpec, options: RequestOptions | None) -> tuple[tuple[str, str], ...]:
    """The query *spec* is sent with: its own parameters, then the call's ``extra_query``.

    ``extra_query`` values are rendered like the SDK's own (``true``/``false``).
    """
    if options is None or not options.extra_query:
        return spec.params
    return spec.params + build_query({str(k): v for k, v in options.extra_query.items()})


def _deadline(config: ClientConfig, options: RequestOptions | None) -> float | None:
    """The call's deadline in seconds: the call's own, else the client's (``None``: none)."""
    if options is not None and not isinstance(options.deadline, NotGiven):
        return options.deadline
    return config.deadline


def _max_wait(retry_after_cap: float, remaining: float | None) -> float:
    """The longest a governed attempt may wait for its slot: the cap, and never past the deadline."""
    return retry_after_cap if remaining is None else max(0.0, min(retry_after_cap, remaining))


def _log_retry(spec: RequestSpec, state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome is not None else None
    logger.info(
        "Retrying %s %s in %.2fs (attempt %d failed: %s)",
        spec.method,
        spec.path,
        state.upcoming_sleep,
        state.attempt_number,
        type(error).__name__,
    )


def _grouped(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    """httpx's ``data=``: each form field name with its values, in order."""
    grouped: dict[str, list[str]] = {}
    for name, value in fields:
        grouped.setdefault(name, []).append(value)
    return grouped
