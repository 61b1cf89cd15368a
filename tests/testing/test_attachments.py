"""Attachments contract: multipart uploads, the 20 MB cap, expiring links (docs/freshdesk-api-notes.md#attachments)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from freshdesk_atom.testing import CustomField, FakeFreshdesk

from ._support import async_client_for, client_for, errors_of, manual_fake, multipart, ticket_body

MB = 1024 * 1024


@pytest.fixture
def fields(fake: FakeFreshdesk) -> FakeFreshdesk:
    """The account's custom fields: one of each kind the form converts, and a nested one."""
    fake.state.ticket_fields = {
        "cf_vip": CustomField("checkbox"),
        "cf_seats": CustomField("number"),
        "cf_ratio": CustomField("decimal"),
        "cf_region": CustomField("dropdown", ("EMEA", "APAC")),
        "cf_order": CustomField("text"),
    }
    return fake


def _files(*sizes: int) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [
        ("attachments[]", (f"file{n}.bin", bytes([n % 256]) * size, "application/octet-stream"))
        for n, size in enumerate(sizes)
    ]


def _download(fake: FakeFreshdesk, url: str, **headers: str) -> httpx.Response:
    """Fetch a link the way a client should: no API credentials."""
    with httpx.Client(transport=fake.transport()) as http:
        return http.get(url, headers=headers)


# ---------------------------------------------------------------- multipart tickets


def test_multipart_create_stores_fields_and_files_like_json(
    fields: FakeFreshdesk, client: httpx.Client
) -> None:
    sent = {
        "subject": "Printer on fire",
        "description": "<p>Smoke</p>",
        "email": "dana@globex.example",
        "priority": "3",
        "status": "2",
        "tags[]": ["printer", "urgent"],
        "cc_emails[]": ["boss@globex.example"],
        "custom_fields[cf_vip]": "true",
        "custom_fields[cf_seats]": "12",
        "custom_fields[cf_ratio]": "0.75",
        "custom_fields[cf_region]": "EMEA",
        "custom_fields[cf_order]": "007",
    }
    files = [
        ("attachments[]", ("photo.png", b"\x89PNG\r\n\x1a\n\x00binary\r\n", "image/png")),
        ("attachments[]", ("notes.txt", "crème brûlée\n".encode(), "text/plain")),
    ]
    response = client.post("tickets", data=sent, files=files)
    assert response.status_code == 201, response.text
    ticket = response.json()
    as_json = client.post(
        "tickets",
        json=ticket_body(
            subject="Printer on fire",
            description="<p>Smoke</p>",
            priority=3,
            status=2,
            tags=["printer", "urgent"],
            cc_emails=["boss@globex.example"],
            custom_fields={
                "cf_vip": True,
                "cf_seats": 12,
                "cf_ratio": 0.75,
                "cf_region": "EMEA",
                "cf_order": "007",
            },
        ),
    ).json()
    for key in ("priority", "status", "tags", "cc_emails", "custom_fields", "description_text"):
        assert ticket[key] == as_json[key], key
    assert ticket["custom_fields"]["cf_seats"] == 12
    assert ticket["custom_fields"]["cf_vip"] is True
    photo, notes = ticket["attachments"]
    assert set(photo) == {
        "id",
        "name",
        "content_type",
        "size",
        "attachment_url",
        "created_at",
        "updated_at",
    }
    assert (photo["name"], photo["content_type"]) == ("photo.png", "image/png")
    assert photo["size"] == len(files[0][1][1])
    assert (notes["name"], notes["size"]) == ("notes.txt", len("crème brûlée\n".encode()))
    download = _download(fields, photo["attachment_url"])
    assert download.status_code == 200
    assert download.content == files[0][1][1]
    assert download.headers["Content-Type"] == "image/png"
    assert _download(fields, notes["attachment_url"]).text == "crème brûlée\n"
    # The view carries them too; list items do not.
    view = client.get(f"tickets/{ticket['id']}").json()
    assert [a["id"] for a in view["attachments"]] == [photo["id"], notes["id"]]
    listed = client.get("tickets", params={"updated_since": "2000-01-01T00:00:00Z"}).json()
    assert all("attachments" not in item for item in listed)


@pytest.mark.parametrize(
    ("form", "json_body"),
    [
        ({"priority": "high"}, {"priority": "high"}),
        ({"status": "9"}, {"status": 9}),
        ({"tags": "solo"}, {"tags": "solo"}),
        ({"tags[]": "has,comma"}, {"tags": ["has,comma"]}),
        ({"custom_fields[cf_seats]": "many"}, {"custom_fields": {"cf_seats": "many"}}),
        ({"custom_fields[cf_vip]": "yes"}, {"custom_fields": {"cf_vip": "yes"}}),
        ({"custom_fields[cf_region]": "MARS"}, {"custom_fields": {"cf_region": "MARS"}}),
        ({"custom_fields[cf_nope]": "1"}, {"custom_fields": {"cf_nope": "1"}}),
        ({"colour": "red"}, {"colour": "red"}),
        ({"responder_id": "12"}, {"responder_id": 12}),
    ],
)
def test_multipart_values_that_do_not_fit_get_the_json_errors(
    fields: FakeFreshdesk, client: httpx.Client, form: dict[str, str], json_body: dict[str, Any]
) -> None:
    base = {"subject": "S", "email": "dana@globex.example"}
    by_form = client.post("tickets", data={**base, **form}, files=_files(3))
    by_json = client.post("tickets", json={**base, **json_body})
    assert by_form.status_code == by_json.status_code == 400
    assert errors_of(by_form) == errors_of(by_json)
    assert not fields.state.tickets


def test_multipart_update_adds_files(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket = client.post("tickets", data=ticket_body(), files=_files(3)).json()
    fake.clock.advance(10)
    response = client.put(f"tickets/{ticket['id']}", data={"priority": "2"}, files=_files(4, 5))
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["priority"] == 2
    assert [a["size"] for a in updated["attachments"]] == [3, 4, 5]
    headers, content = multipart([], [("attachments[]", "only.txt", b"x", "text/plain")])
    files_only = client.put(f"tickets/{ticket['id']}", content=content, headers=headers)
    assert len(files_only.json()["attachments"]) == 4
    empty = client.put(f"tickets/{ticket['id']}", content=multipart([])[1], headers=headers)
    assert empty.json() == {"code": "missing_params", "message": "Mandatory attribute missing"}


def test_update_note_files_replace_the_old_ones(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket = fake.add_ticket()
    note = client.post(
        f"tickets/{ticket['id']}/notes", data={"body": "x"}, files=_files(3, 4)
    ).json()
    old_link = note["attachments"][0]["attachment_url"]
    response = client.put(f"conversations/{note['id']}", data={"body": "y"}, files=_files(7))
    assert response.status_code == 200, response.text
    assert [a["size"] for a in response.json()["attachments"]] == [7]
    assert _download(fake, old_link).status_code == 403


# ---------------------------------------------------------------- what is refused


@pytest.mark.parametrize(
    ("sizes", "accepted"),
    [((20 * MB,), True), ((10 * MB, 10 * MB), True), ((21 * MB,), False), ((20 * MB, 1), False)],
)
def test_twenty_megabytes_in_all(
    fake: FakeFreshdesk, client: httpx.Client, sizes: tuple[int, ...], accepted: bool
) -> None:
    response = client.post("tickets", data=ticket_body(), files=_files(*sizes))
    if accepted:
        assert response.status_code == 201, response.text
        return
    assert response.status_code == 400
    (error,) = errors_of(response)
    assert (error["field"], error["code"]) == ("attachments", "invalid_size")
    assert "20MB" in error["message"]
    assert not fake.state.tickets
    assert not fake.state.attachment_data


def test_21_mb_on_a_reply_is_refused(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket = fake.add_ticket()
    response = client.post(
        f"tickets/{ticket['id']}/reply", data={"body": "x"}, files=_files(11 * MB, 10 * MB)
    )
    assert [(e["field"], e["code"]) for e in errors_of(response)] == [
        ("attachments", "invalid_size")
    ]
    assert not fake.state.conversations


@pytest.mark.parametrize("value", [["not a file"], "x", {"a": 1}])
def test_json_attachments_must_be_files(
    fake: FakeFreshdesk, client: httpx.Client, value: Any
) -> None:
    response = client.post("tickets", json=ticket_body(attachments=value))
    assert [(e["field"], e["code"]) for e in errors_of(response)] == [
        ("attachments", "datatype_mismatch")
    ]
    assert client.post("tickets", json=ticket_body(attachments=[])).status_code == 201


def test_a_malformed_multipart_body(client: httpx.Client) -> None:
    headers = {"Content-Type": "multipart/form-data; boundary=zz"}
    response = client.post("tickets", content=b"--zz\r\nno end", headers=headers)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_multipart"
    no_boundary = client.post(
        "tickets", content=b"x", headers={"Content-Type": "multipart/form-data"}
    )
    assert no_boundary.json()["code"] == "invalid_multipart"


def test_routes_without_files_keep_json_only(client: httpx.Client) -> None:
    headers, content = multipart([("name", "Dana"), ("email", "dana@x.example")])
    response = client.post("contacts", content=content, headers=headers)
    assert response.status_code == 415
    assert response.json()["code"] == "invalid_content_type"


# ---------------------------------------------------------------- links


def test_links_expire_on_the_fake_clock_and_a_re_read_gives_a_fresh_one(
    fake: FakeFreshdesk, client: httpx.Client
) -> None:
    ticket = client.post("tickets", data=ticket_body(), files=_files(5)).json()
    link = ticket["attachments"][0]["attachment_url"]
    assert "X-Amz-Expires=300" in link
    fake.clock.advance(300)
    assert _download(fake, link).status_code == 200
    fake.clock.advance(1)
    expired = _download(fake, link)
    assert expired.status_code == 403
    assert expired.headers["Content-Type"] == "application/xml"
    assert "<Code>AccessDenied</Code><Message>Request has expired</Message>" in expired.text
    assert "<Expires>2024-06-03T12:05:00Z</Expires>" in expired.text
    fresh = client.get(f"tickets/{ticket['id']}").json()["attachments"][0]["attachment_url"]
    assert fresh != link
    assert _download(fake, fresh).content == bytes([0]) * 5


def test_a_link_refuses_an_authorization_header(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket = client.post("tickets", data=ticket_body(), files=_files(5)).json()
    link = ticket["attachments"][0]["attachment_url"]
    credits = fake.counters.credits_used
    leaked = client.get(link)  # the API client, with its Basic auth
    assert leaked.status_code == 400
    assert "<Code>InvalidArgument</Code>" in leaked.text
    assert "Only one auth mechanism allowed" in leaked.text
    assert "X-RateLimit-Total" not in leaked.headers
    assert _download(fake, link, authorization="Bearer t").status_code == 400
    # Downloads spend no API credits and are counted apart.
    assert fake.counters.credits_used == credits
    assert fake.counters.requests["GET attachment_url"] == 2


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (
            lambda url: url.replace("X-Amz-Expires=300", "X-Amz-Expires=9000"),
            "SignatureDoesNotMatch",
        ),
        (lambda url: url.replace("/original/", "/original/x"), "SignatureDoesNotMatch"),
        (lambda url: url.split("?", 1)[0], "AccessDenied"),
    ],
)
def test_tampered_or_unsigned_links(
    fake: FakeFreshdesk, client: httpx.Client, change: Any, code: str
) -> None:
    ticket = client.post("tickets", data=ticket_body(), files=_files(5)).json()
    response = _download(fake, change(ticket["attachments"][0]["attachment_url"]))
    assert response.status_code == 403
    assert f"<Code>{code}</Code>" in response.text


def test_a_link_to_a_deleted_file(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket = fake.add_ticket()
    reply = client.post(f"tickets/{ticket['id']}/reply", data={"body": "x"}, files=_files(5)).json()
    link = reply["attachments"][0]["attachment_url"]
    client.delete(f"conversations/{reply['id']}")
    response = _download(fake, link)
    assert response.status_code == 403
    assert "<Code>AccessDenied</Code><Message>Access Denied</Message>" in response.text


def test_links_of_another_fake_do_not_work(client: httpx.Client) -> None:
    ticket = client.post("tickets", data=ticket_body(), files=_files(5)).json()
    other = manual_fake()
    response = _download(other, ticket["attachments"][0]["attachment_url"])
    assert response.status_code == 403


def test_ttl_and_host_are_settings() -> None:
    fake = manual_fake(attachment_url_ttl=60, attachment_host="https://files.fake-freshdesk.test/")
    fake.add_ticket(attachments=[("a.txt", b"A")])
    with client_for(fake) as http:
        (ticket,) = http.get("tickets").json()
        link = http.get(f"tickets/{ticket['id']}").json()["attachments"][0]["attachment_url"]
    assert link.startswith("https://files.fake-freshdesk.test/fake-s3/")
    assert "X-Amz-Expires=60" in link
    assert _download(fake, link).text == "A"
    fake.attachment_url_ttl = 10
    assert fake.attachment_url_ttl == 10
    with client_for(fake) as http:
        again = http.get(f"tickets/{ticket['id']}").json()["attachments"][0]["attachment_url"]
    assert "X-Amz-Expires=10" in again


def test_seeded_attachments(fake: FakeFreshdesk, client: httpx.Client) -> None:
    ticket = fake.add_ticket(attachments=[("a.csv", b"x,y\n1,2\n")])
    extra = fake.add_attachment("b.bin", b"\x00\x01", ticket_id=ticket["id"])
    view = client.get(f"tickets/{ticket['id']}").json()
    assert [(a["name"], a["content_type"]) for a in view["attachments"]] == [
        ("a.csv", "text/csv"),
        ("b.bin", "application/octet-stream"),
    ]
    assert view["attachments"][1]["id"] == extra["id"]
    assert _download(fake, view["attachments"][0]["attachment_url"]).content == b"x,y\n1,2\n"


@pytest.mark.anyio
async def test_links_work_through_the_async_transport() -> None:
    fake = manual_fake()
    fake.add_ticket(attachments=[("a.txt", b"async")])
    async with async_client_for(fake) as http:
        (ticket,) = (await http.get("tickets")).json()
        view = (await http.get(f"tickets/{ticket['id']}")).json()
    link = view["attachments"][0]["attachment_url"]
    async with httpx.AsyncClient(transport=fake.async_transport()) as plain:
        assert (await plain.get(link)).content == b"async"


@pytest.mark.anyio
async def test_links_work_through_the_asgi_app() -> None:
    fake = manual_fake()
    fake.add_ticket(attachments=[("a.txt", b"served")])
    transport = httpx.ASGITransport(app=fake.asgi_app())
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver/api/v2/", auth=(fake.api_key, "X")
    ) as http:
        (ticket,) = (await http.get("tickets")).json()
        view = (await http.get(f"tickets/{ticket['id']}")).json()
    link = view["attachments"][0]["attachment_url"]
    assert urlsplit(link).netloc == "testserver"
    async with httpx.AsyncClient(transport=transport) as plain:
        response = await plain.get(link)
    assert (response.status_code, response.content) == (200, b"served")
