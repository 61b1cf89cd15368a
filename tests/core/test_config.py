"""Table tests of the client configuration: domain rules, API key, env vars (docs/freshdesk-api-notes.md#authentication-and-the-api-host)."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import httpx
import pytest

from freshdesk_atom._config import ClientConfig, config_from_env
from freshdesk_atom._core.urls import normalize_base_url, normalize_domain

ACME = "https://acme.freshdesk.com/api/v2/"


@pytest.mark.parametrize(
    "domain",
    [
        "acme",
        "ACME",
        " acme ",
        "\tacme\n",
        "acme.freshdesk.com",
        "Acme.FreshDesk.com",
        "https://acme.freshdesk.com",
        "https://acme.freshdesk.com/",
        "HTTPS://ACME.FRESHDESK.COM/",
        " https://acme.freshdesk.com/ ",
    ],
)
def test_normalize_domain_accepts(domain: str) -> None:
    assert normalize_domain(domain) == ACME


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("my-company", "https://my-company.freshdesk.com/api/v2/"),
        ("a", "https://a.freshdesk.com/api/v2/"),
        ("acme2", "https://acme2.freshdesk.com/api/v2/"),
        ("x" * 63, f"https://{'x' * 63}.freshdesk.com/api/v2/"),
    ],
)
def test_normalize_domain_other_accounts(domain: str, expected: str) -> None:
    assert normalize_domain(domain) == expected


@pytest.mark.parametrize(
    ("domain", "rule"),
    [
        pytest.param("acme.freshdesk.com/tickets", "must not contain a path", id="path"),
        pytest.param(
            "https://acme.freshdesk.com/api/v2/", "must not contain a path", id="url-path"
        ),
        pytest.param("acme/../x", "must not contain a path", id="dot-dot"),
        pytest.param("//acme.freshdesk.com", "must not contain a path", id="scheme-relative"),
        pytest.param("acme.freshdesk.com?x=1", "must not contain a query", id="query"),
        pytest.param("https://acme.freshdesk.com/?x=1", "must not contain a query", id="url-query"),
        pytest.param("https://acme.freshdesk.com?", "must not contain a query", id="bare-question"),
        pytest.param("https://acme.freshdesk.com#top", "or fragment", id="fragment"),
        pytest.param("user@host", "must not contain credentials", id="user-at-host"),
        pytest.param("user@acme.freshdesk.com", "must not contain credentials", id="user-at-acme"),
        pytest.param(
            "https://alice:s3cret@acme.freshdesk.com",
            "must not contain credentials",
            id="url-credentials",
        ),
        pytest.param(
            "https://acme.freshdesk.com@evil.com",
            "must not contain credentials",
            id="userinfo-trick",
        ),
        pytest.param("evil.com", "host under freshdesk.com", id="other-host"),
        pytest.param("acme.freshdesk.com.evil.com", "host under freshdesk.com", id="suffix-trick"),
        pytest.param("https://evil.com", "host under freshdesk.com", id="url-other-host"),
        pytest.param("acme.freshdesk.co", "host under freshdesk.com", id="near-miss"),
        pytest.param("freshdesk.com", "host under freshdesk.com", id="bare-freshdesk"),
        pytest.param("a.b.freshdesk.com", "host under freshdesk.com", id="sub-sub"),
        pytest.param("acme.freshdesk.com.", "host under freshdesk.com", id="trailing-dot"),
        pytest.param("127.0.0.1", "host under freshdesk.com", id="ip"),
        pytest.param("https://127.0.0.1", "host under freshdesk.com", id="url-ip"),
        pytest.param("ac me", "must not contain spaces", id="space"),
        pytest.param("acme .freshdesk.com", "must not contain spaces", id="inner-space"),
        pytest.param("", "must not be empty", id="empty"),
        pytest.param("   ", "must not be empty", id="blank"),
        pytest.param("http://", "must use https://", id="http-empty"),
        pytest.param("http://acme.freshdesk.com", "must use https://", id="http"),
        pytest.param("ftp://acme.freshdesk.com", "must use https://", id="ftp"),
        pytest.param("acme.freshdesk.com:443", "must not contain a port", id="port"),
        pytest.param("https://acme.freshdesk.com:8443", "must not contain a port", id="url-port"),
        pytest.param("acme:", "must not contain a port", id="empty-port"),
        pytest.param("-acme", "letters, digits and inner hyphens", id="leading-hyphen"),
        pytest.param("acme-", "letters, digits and inner hyphens", id="trailing-hyphen"),
        pytest.param("acme_co", "letters, digits and inner hyphens", id="underscore"),
        pytest.param("x" * 64, "letters, digits and inner hyphens", id="label-too-long"),
        pytest.param("https://", "letters, digits and inner hyphens", id="https-empty"),
        pytest.param(".freshdesk.com", "letters, digits and inner hyphens", id="no-account"),
        pytest.param(
            "\uff41\uff43\uff4d\uff45", "letters, digits and inner hyphens", id="fullwidth"
        ),
        pytest.param("acme\u200b", "invisible characters", id="zero-width"),
        pytest.param("acme\x00", "invisible characters", id="nul"),
        pytest.param("https://[::1", "not a URL", id="broken-ipv6"),
    ],
)
def test_normalize_domain_rejects(domain: str, rule: str) -> None:
    with pytest.raises(ValueError, match=r"^domain") as caught:
        normalize_domain(domain)
    message = str(caught.value)
    assert rule in message
    assert "s3cret" not in message
    assert "alice" not in message


@pytest.mark.parametrize("domain", [None, 42, b"acme"])
def test_normalize_domain_rejects_non_strings(domain: object) -> None:
    with pytest.raises(TypeError, match="domain must be a str"):
        normalize_domain(domain)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("http://localhost:8000", "http://localhost:8000/"),
        ("http://127.0.0.1:8000/api/v2", "http://127.0.0.1:8000/api/v2/"),
        ("https://proxy.internal/freshdesk/api/v2/", "https://proxy.internal/freshdesk/api/v2/"),
        (" https://acme.freshdesk.com/api/v2/ ", ACME),
        (httpx.URL("https://acme.freshdesk.com/api/v2"), ACME),
    ],
)
def test_normalize_base_url(base_url: str | httpx.URL, expected: str) -> None:
    assert str(normalize_base_url(base_url)) == expected


@pytest.mark.parametrize(
    ("base_url", "rule"),
    [
        ("ftp://acme.freshdesk.com", "must start with http:// or https://"),
        ("acme.freshdesk.com", "must start with http:// or https://"),
        ("https://", "must name a host"),
        ("https://alice:s3cret@proxy.internal/", "must not contain credentials"),
        ("https://proxy.internal/?key=1", "must not contain a query or fragment"),
        ("https://proxy.internal/#x", "must not contain a query or fragment"),
    ],
)
def test_normalize_base_url_rejects(base_url: str, rule: str) -> None:
    with pytest.raises(ValueError, match=r"^base_url") as caught:
        normalize_base_url(base_url)
    assert rule in str(caught.value)
    assert "s3cret" not in str(caught.value)


# --- the API key ---------------------------------------------------------------------------


SECRET = "AbCdEfGh1234SeCrEt"


def _config(api_key: object = SECRET, **kwargs: object) -> ClientConfig:
    return ClientConfig(api_key=api_key, base_url=ACME, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("api_key", "rule"),
    [
        ("", "api_key must not be empty"),
        ("   ", "api_key must not be empty"),
        ("\t\n", "api_key must not be empty"),
        ("abc def", "api_key must not contain spaces or ':'"),
        ("abc\tdef", "api_key must not contain spaces or ':'"),
        ("abc:def", "api_key must not contain spaces or ':'"),
        ("agent@acme.example", "api_key must be an API key, not an email address"),
        ("key@", "api_key must be an API key, not an email address"),
    ],
)
def test_api_key_rejected(api_key: str, rule: str) -> None:
    with pytest.raises(ValueError, match=r"^api_key") as caught:
        _config(api_key)
    assert str(caught.value) == rule


@pytest.mark.parametrize("api_key", [None, 123, b"key"])
def test_api_key_must_be_a_string(api_key: object) -> None:
    with pytest.raises(TypeError, match="api_key must be a str"):
        _config(api_key)


@pytest.mark.parametrize(("api_key", "stored"), [(SECRET, SECRET), (f"  {SECRET}\n", SECRET)])
def test_api_key_is_stripped(api_key: str, stored: str) -> None:
    assert _config(api_key).api_key == stored


@pytest.mark.parametrize(
    "config",
    [
        pytest.param(lambda: _config(), id="default"),
        pytest.param(lambda: _config(default_headers={"X-Trace": SECRET}), id="headers"),
        pytest.param(lambda: attrs.evolve(_config(), max_retries=0), id="evolved"),
    ],
)
def test_api_key_never_in_repr(config: Callable[[], ClientConfig]) -> None:
    text = repr(config())
    assert SECRET not in text
    assert SECRET[-4:] not in text.replace("https://acme.freshdesk.com/api/v2/", "")
    assert "api_key" not in text
    assert text.startswith("ClientConfig(base_url=")


def test_api_key_not_compared() -> None:
    assert _config("key-one-1234") == _config("key-two-5678")


@pytest.mark.parametrize(
    ("api_key", "masked"),
    [("AbCdEfGh1234", "****1234"), ("123456789", "****6789"), ("12345678", "****"), ("k", "****")],
)
def test_masked_key(api_key: str, masked: str) -> None:
    assert _config(api_key).masked_key == masked


@pytest.mark.parametrize(
    ("kwargs", "error", "rule"),
    [
        ({"max_retries": -1}, ValueError, "max_retries must be an int >= 0"),
        ({"max_retries": True}, ValueError, "max_retries must be an int >= 0"),
        ({"max_retries": 1.5}, ValueError, "max_retries must be an int >= 0"),
        ({"retry_after_cap": -1.0}, ValueError, "retry_after_cap must be >= 0 seconds"),
        ({"timeout": 0}, ValueError, "timeout must be a positive number"),
        ({"timeout": -5.0}, ValueError, "timeout must be a positive number"),
        ({"timeout": "30"}, ValueError, "timeout must be a positive number"),
    ],
)
def test_client_config_rejects(
    kwargs: dict[str, object], error: type[Exception], rule: str
) -> None:
    with pytest.raises(error, match=rule):
        _config(**kwargs)


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [
        (10, httpx.Timeout(10)),
        (2.5, httpx.Timeout(2.5)),
        (None, httpx.Timeout(None)),
        (httpx.Timeout(3.0, connect=1.0), httpx.Timeout(3.0, connect=1.0)),
    ],
)
def test_client_config_timeout(timeout: object, expected: httpx.Timeout) -> None:
    assert _config(timeout=timeout).timeout == expected


# --- environment ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "environment variable FRESHDESK_API_KEY and FRESHDESK_DOMAIN must be set"),
        ({"FRESHDESK_API_KEY": "k"}, "environment variable FRESHDESK_DOMAIN must be set"),
        ({"FRESHDESK_DOMAIN": "acme"}, "environment variable FRESHDESK_API_KEY must be set"),
        (
            {"FRESHDESK_API_KEY": "", "FRESHDESK_DOMAIN": "acme"},
            "environment variable FRESHDESK_API_KEY must be set",
        ),
        (
            {"FRESHDESK_API_KEY": "k", "FRESHDESK_DOMAIN": "  "},
            "environment variable FRESHDESK_DOMAIN must be set",
        ),
        (
            {"FRESHDESK_API_KEY": " \t", "FRESHDESK_DOMAIN": "\n"},
            "environment variable FRESHDESK_API_KEY and FRESHDESK_DOMAIN must be set",
        ),
        (
            {"freshdesk_api_key": "k", "freshdesk_domain": "acme"},
            "environment variable FRESHDESK_API_KEY and FRESHDESK_DOMAIN must be set",
        ),
    ],
)
def test_config_from_env_missing(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=r"^environment variable") as caught:
        config_from_env(env)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"FRESHDESK_API_KEY": "k", "FRESHDESK_DOMAIN": "acme"}, ("k", "acme")),
        (
            {"FRESHDESK_API_KEY": SECRET, "FRESHDESK_DOMAIN": "acme.freshdesk.com", "OTHER": "x"},
            (SECRET, "acme.freshdesk.com"),
        ),
    ],
)
def test_config_from_env(env: dict[str, str], expected: tuple[str, str]) -> None:
    assert config_from_env(env) == expected


def test_config_from_env_missing_never_shows_the_key() -> None:
    with pytest.raises(ValueError, match="FRESHDESK_DOMAIN") as caught:
        config_from_env({"FRESHDESK_API_KEY": SECRET})
    assert SECRET not in str(caught.value)
