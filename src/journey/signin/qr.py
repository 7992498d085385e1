"""The authenticator app's QR code, drawn on the server as inline SVG (no script, no image URL
that would carry the secret)."""

from __future__ import annotations

import qrcode
from django.utils.safestring import SafeString, mark_safe
from lxml import etree
from qrcode.image.svg import SvgPathImage

SVG = "{http://www.w3.org/2000/svg}"


def qr_svg(text: str, title: str) -> SafeString:
    """The QR code for `text`, sized by CSS (.journey-qr), with a title for screen readers."""
    image = qrcode.make(text, image_factory=SvgPathImage, border=4)
    svg = etree.fromstring(image.to_string())
    for size in ("width", "height"):
        svg.set(size, "200")  # CSS sizes it; this stops a flash of a page-wide code before then
    svg.set("class", "journey-qr")
    svg.set("role", "img")
    svg.set("aria-labelledby", "qr-title")
    name = etree.Element(f"{SVG}title", id="qr-title")
    name.text = title
    svg.insert(0, name)
    return mark_safe(etree.tostring(svg, encoding="unicode"))  # drawn here, no user text


def grouped_secret(secret: str, size: int = 4) -> str:
    """ "JBSWY3DPEHPK3PXP" -> "JBSW Y3DP EHPK 3PXP": easier to type into an app by hand."""
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))
