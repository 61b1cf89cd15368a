"""The webhook's shared secret: which requests pass, and that it never shows (pure)."""

from __future__ import annotations

import base64

import pytest

from freshdesk_atom.webhooks import WebhookAuth

SECRET = "s3cret-s3cret-s3cret"
PASSWORD = "pa55word-pa55word"


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize(
    ("auth", "headers", "accepted"),
    [
        (WebhookAuth(secret=SECRET), {"x-freshdesk-webhook-secret": SECRET}, True),
        (WebhookAuth(secret=SECRET), {"x-freshdesk-webhook-secret": SECRET + "x"}, False),
        (WebhookAuth(secret=SECRET), {"x-freshdesk-webhook-secret": SECRET[:-1]}, False),
        (WebhookAuth(secret=SECRET), {"x-freshdesk-webhook-secret": ""}, False),
        (WebhookAuth(secret=SECRET), {}, False),
        (WebhookAuth(secret=SECRET), {"authorization": _basic("x", SECRET)}, False),
        (WebhookAuth(secret=SECRET, header="X-Hook"), {"x-hook": SECRET}, True),
        (
            WebhookAuth(secret=SECRET, header="X-Hook"),
            {"x-freshdesk-webhook-secret": SECRET},
            False,
        ),
        (WebhookAuth(basic=("fd", PASSWORD)), {"authorization": _basic("fd", PASSWORD)}, True),
        (
            WebhookAuth(basic=("fd", PASSWORD)),
            {"authorization": _basic("fd", PASSWORD + "!")},
            False,
        ),
        (WebhookAuth(basic=("fd", PASSWORD)), {"authorization": _basic("FD", PASSWORD)}, False),
        (WebhookAuth(basic=("fd", PASSWORD)), {"authorization": "Bearer " + PASSWORD}, False),
        (WebhookAuth(basic=("fd", PASSWORD)), {"authorization": "Basic !!notbase64"}, False),
        (WebhookAuth(basic=("fd", PASSWORD)), {"x-freshdesk-webhook-secret": ""}, False),
        (
            WebhookAuth(basic=("fd", PASSWORD)),
            {"authorization": "basic " + _basic("fd", PASSWORD)[6:]},
            True,
        ),
        (
            WebhookAuth(secret=SECRET, basic=("fd", PASSWORD)),
            {"authorization": _basic("fd", PASSWORD)},
            True,
        ),
        (
            WebhookAuth(secret=SECRET, basic=("fd", PASSWORD)),
            {"x-freshdesk-webhook-secret": SECRET},
            True,
        ),
    ],
)
def test_a_request_passes_only_with_a_configured_secret(
    auth: WebhookAuth, headers: dict[str, str], accepted: bool
) -> None:
    assert auth.accepts(headers) is accepted


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "a secret header or Basic credentials"),
        ({"secret": "short"}, "at least 16"),
        ({"basic": ("fd", "short")}, "at least 16"),
        ({"secret": SECRET, "header": "X:Bad"}, "not a header name"),
        ({"secret": SECRET, "header": ""}, "not a header name"),
        ({"secret": SECRET + "é"}, "printable ASCII"),
        ({"basic": ("fd", PASSWORD + "\n")}, "printable ASCII"),
    ],
)
def test_weak_or_missing_secrets_are_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WebhookAuth(**options)  # type: ignore[arg-type]


def test_the_secret_never_shows() -> None:
    auth = WebhookAuth(secret=SECRET, basic=("fd", PASSWORD))
    assert SECRET not in repr(auth)
    assert PASSWORD not in repr(auth)
    assert auth.challenge == 'Basic realm="freshdesk-webhooks"'
    assert WebhookAuth(secret=SECRET).challenge is None
