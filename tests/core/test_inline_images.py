"""Table tests of the ``cid:`` inline images of HTML bodies."""

from __future__ import annotations

import pytest

from freshdesk_atom._core.inline_images import cid_references, inline_images, replace_inline_images
from freshdesk_atom.models import Attachment

LOGO = Attachment(id=1, name="logo.png")
CHART = Attachment(id=2, name="image001.png")


@pytest.mark.parametrize(
    ("html", "cids"),
    [
        ('<img src="cid:logo.png">', ["logo.png"]),
        (
            "<img src='cid:image001.png@01D9A4C2.5F3B1E40'> <IMG SRC=cid:logo.png>",
            ["image001.png@01D9A4C2.5F3B1E40", "logo.png"],
        ),
        ('<img src="cid:logo.png"><img src="cid:logo.png">', ["logo.png"]),
        ('<img src="cid:my%20logo.png">', ["my logo.png"]),
        ('<img src="https://example.com/x.png"> cid:not-an-image', []),
    ],
)
def test_cid_references_are_found_once_in_order(html: str, cids: list[str]) -> None:
    assert cid_references(html) == cids


def test_each_cid_is_matched_to_the_attachment_it_names() -> None:
    html = '<p><img src="cid:image001.png@01D9"><img src="cid:LOGO.PNG"><img src="cid:missing.gif"></p>'
    assert inline_images(html, [LOGO, CHART]) == {"image001.png@01D9": CHART, "LOGO.PNG": LOGO}


def test_replacing_keeps_what_has_no_source() -> None:
    html = '<img src="cid:logo.png" alt="x"><img src="cid:missing.gif">'
    assert replace_inline_images(html, {"logo.png": "1-logo.png"}) == (
        '<img src="1-logo.png" alt="x"><img src="cid:missing.gif">'
    )
