"""What ``serve`` and ``mcp`` share: checking the environment's account, and a mirror made from a fake."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import httpx

    from ..mirror import Mirror, SyncReport
    from ..testing import FakeFreshdesk

__all__ = ["check_account", "mirror_the_fake"]


def check_account(
    *,
    command: str,
    err: TextIO,
    api_key: str | None = None,
    base_url: str | None = None,
    http_client: httpx.Client | None = None,
) -> int | None:
    """Check an account with one ``GET /agents/me``; return an exit status to stop with, or ``None``.

    The account is *api_key* at *base_url*, or the environment's
    (``FRESHDESK_API_KEY``, ``FRESHDESK_DOMAIN``). A refused key or an unknown
    domain stops the command with one line; an unreachable Freshdesk or
    another failure is a warning (it may come back). *http_client* is the
    transport to use (tests pass the fake's).
    """
    from .. import APIConnectionError, AuthenticationError, Freshdesk, FreshdeskError, NotFoundError

    with Freshdesk(
        api_key=api_key, base_url=base_url, max_retries=1, http_client=http_client
    ) as fd:
        host = fd.base_url.host
        try:
            fd.agents.me()
        except AuthenticationError:
            print(
                f"{command}: Freshdesk refused the API key for {host} (check FRESHDESK_API_KEY)",
                file=err,
            )
            return 1
        except NotFoundError:
            print(f"{command}: {host} has no Freshdesk account (check FRESHDESK_DOMAIN)", file=err)
            return 1
        except APIConnectionError as exc:
            print(f"{command}: warning: {exc}; serving anyway", file=err)
        except FreshdeskError as exc:
            print(f"{command}: warning: checking the account failed: {exc}", file=err)
    return None


def mirror_the_fake(mirror: Mirror, fake: FakeFreshdesk) -> SyncReport:
    """Fill a new *mirror* from *fake* with one full sync, its budget lifted meanwhile.

    A demo starts in seconds that way (a real account's first sync is paced).

    Raises:
        ValueError: the mirror already holds tickets: another account's, since
            each start generates a new fake.
    """
    import httpx

    from .. import Freshdesk
    from ..testing import RateLimitConfig

    if mirror.counts()["tickets"]:
        raise ValueError(
            f"--mirror {mirror.path} holds another account's tickets: with --fake, "
            "give a new file (the fake's mirror is made from it)"
        )
    budget = fake.rate_limit
    fake.rate_limit = RateLimitConfig.unlimited()
    try:
        with Freshdesk(
            api_key=fake.api_key,
            base_url=fake.base_url,
            http_client=httpx.Client(transport=fake.transport()),
            rate_governor=False,
        ) as client:
            return mirror.sync(client)
    finally:
        fake.rate_limit = budget
