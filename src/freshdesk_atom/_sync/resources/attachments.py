# Generated from src/freshdesk_atom/_async/resources/attachments.py by scripts/unasync.py; do not edit.
"""Download attachments, even after their links expired: ``fd.attachments``.

docs/freshdesk-api-notes.md#attachments: ``attachment_url`` is a pre-signed
link into Freshdesk's file storage. It takes no Freshdesk credentials (the
API key is never sent to it) and expires after a few minutes; reading the
ticket or conversation again gives a fresh one. ``download(...,
refresh=record)`` does that for you when the link was refused.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import httpx

from ..._core.errors import error_from_response
from ..._core.inline_images import inline_images, replace_inline_images
from ..._core.request import check_id
from ..._exceptions import AttachmentLinkError
from ..._types import RequestOptions
from ...models.conversations import Attachment, Conversation
from ...models.tickets import Ticket
from ._base import APIResource

__all__ = ["Attachments"]

# What a file host answers for a link past its expiry or a signature it refuses.
_REFUSED = frozenset({400, 401, 403, 404, 410})


@contextlib.contextmanager
def _sink(to: str | os.PathLike[str] | IO[bytes]) -> Iterator[IO[bytes]]:
    """A path is written through a temporary file beside it, renamed only once complete."""
    if not isinstance(to, str | os.PathLike):
        yield to
        return
    target = Path(to)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, renamed on success
        dir=target.parent, prefix=f".{target.name}.", suffix=".part", delete=False
    )
    try:
        with handle:
            yield handle
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


class Attachments(APIResource):
    """Files attached to tickets and conversations: ``fd.attachments``."""

    def download(
        self,
        attachment: Attachment,
        to: str | os.PathLike[str] | IO[bytes],
        *,
        refresh: Ticket | Conversation | None = None,
        options: RequestOptions | None = None,
    ) -> int:
        """Stream *attachment* to a path or a binary file object; return the bytes written.

        A path is written whole or not at all (through a temporary file
        beside it). The link goes without the API key and costs no API
        credits. When the file host refuses it (the link expired), and
        *refresh* is the ticket or conversation the attachment came from,
        that record is read again (one API request, or a walk of the
        ticket's thread for a conversation) and the fresh link is used.

        Raises:
            ValueError: the attachment has no link.
            AttachmentLinkError: the file host refused the link (and the
                fresh one, with *refresh*); nothing was written.
            NotFoundError: with *refresh*, the record or the attachment is gone.
        """
        url = attachment.attachment_url
        if not url:
            raise ValueError(
                f"attachment {attachment.id} ({attachment.name!r}) has no attachment_url"
            )
        with _sink(to) as sink:
            written = 0

            def write(chunk: bytes) -> None:
                nonlocal written
                sink.write(chunk)
                written += len(chunk)

            response = self._client._fetch_file(url, write)
            if response.status_code in _REFUSED and refresh is not None:
                fresh = self._fresh(attachment, refresh, options)
                if fresh.attachment_url:
                    response = self._client._fetch_file(fresh.attachment_url, write)
            if response.status_code != 200:
                raise _refused(attachment, response, refreshed=refresh is not None)
        return written

    def download_inline(
        self,
        html: str,
        attachments: Sequence[Attachment],
        directory: str | os.PathLike[str],
        *,
        refresh: Ticket | Conversation | None = None,
        options: RequestOptions | None = None,
    ) -> str:
        """Download the images an HTML body shows inline (``cid:``) into *directory*.

        Returns the HTML with each ``src="cid:..."`` that names one of
        *attachments* pointing at the downloaded file's name, so the HTML
        saved in *directory* shows its pictures. Other images are left as
        they are. *directory* is made if missing. *refresh* as for
        :meth:`download`.
        """
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        sources: dict[str, str] = {}
        for cid, attachment in inline_images(html, attachments).items():
            name = f"{attachment.id}-{Path(attachment.name).name}"
            self.download(attachment, folder / name, refresh=refresh, options=options)
            sources[cid] = name
        return replace_inline_images(html, sources)

    def _fresh(
        self,
        attachment: Attachment,
        record: Ticket | Conversation,
        options: RequestOptions | None,
    ) -> Attachment:
        """Read *record* again and return *attachment* as it now is (with a fresh link)."""
        if isinstance(record, Ticket):
            ticket = self._client.tickets.get(check_id(record.id, "ticket_id"), options=options)
            found = ticket.attachments or ()
        else:
            found = ()
            for conversation in self._client.tickets.conversations.list(
                record.ticket_id, per_page=100, options=options
            ):
                if conversation.id == record.id:
                    found = conversation.attachments
                    break
        for candidate in found:
            if candidate.id == attachment.id:
                return candidate
        raise AttachmentLinkError(
            f"attachment {attachment.id} ({attachment.name!r}) is no longer on "
            f"{type(record).__name__.lower()} {record.id}",
            attachment_id=attachment.id,
            status_code=None,
        )


def _refused(
    attachment: Attachment, response: httpx.Response, *, refreshed: bool
) -> AttachmentLinkError:
    status = response.status_code
    cause = error_from_response(
        status,
        response.headers,
        response.content,
        method="GET",
        path=response.request.url.path,
        host=response.request.url.host,
    )
    hint = (
        "even with a fresh link"
        if refreshed
        else "the link has probably expired; pass refresh=<the ticket or conversation> "
        "to read a fresh one"
    )
    error = AttachmentLinkError(
        f"the file host refused attachment {attachment.id} ({attachment.name!r}) with {status}: {hint}",
        attachment_id=attachment.id,
        status_code=status,
    )
    error.__cause__ = cause
    return error
