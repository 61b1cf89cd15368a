"""Inline images in HTML bodies: ``<img src="cid:...">`` and the attachments they name.

An email with pictures in its text reaches Freshdesk as HTML whose images
point at ``cid:`` content ids, with the pictures among the attachments
(docs/freshdesk-api-notes.md#attachments). A content id is usually the file
name, or the file name followed by ``@`` and a unique suffix
(``image001.png@01D9A4C2.5F3B1E40``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final
from urllib.parse import unquote

from ..models.conversations import Attachment

__all__ = ["cid_references", "inline_images", "replace_inline_images"]

_CID_SRC: Final = re.compile(r"""(src\s*=\s*["']?)cid:([^"'\s>]+)""", re.IGNORECASE)


def cid_references(html: str) -> list[str]:
    """Return the content ids the HTML's images point at, in order, each once."""
    found: dict[str, None] = {}
    for match in _CID_SRC.finditer(html):
        found.setdefault(unquote(match.group(2)), None)
    return list(found)


def _matches(cid: str, attachment: Attachment) -> bool:
    name = attachment.name.lower()
    wanted = cid.lower()
    return wanted == name or wanted.split("@", 1)[0] == name


def inline_images(html: str, attachments: Sequence[Attachment]) -> dict[str, Attachment]:
    """Return, for each ``cid:`` the HTML refers to, the attachment it names (when one does)."""
    found: dict[str, Attachment] = {}
    for cid in cid_references(html):
        match = next((a for a in attachments if _matches(cid, a)), None)
        if match is not None:
            found[cid] = match
    return found


def replace_inline_images(html: str, sources: Mapping[str, str]) -> str:
    """Return *html* with each ``cid:`` image pointing at ``sources[cid]`` (others left as they are)."""

    def replace(match: re.Match[str]) -> str:
        cid = unquote(match.group(2))
        source = sources.get(cid)
        return match.group(0) if source is None else f"{match.group(1)}{source}"

    return _CID_SRC.sub(replace, html)
