"""QR codes as SVG (segno): what a till shows for an order, what a wallet shows for its payment code, what a
shop prints for its entry code. Each encodes a URL a phone's camera opens, or the code's digits."""

from __future__ import annotations

import io

import segno


def qr_svg(data: str, *, title: str, scale: int = 6) -> str:
    """An SVG of ``data`` as a QR code (error correction M, quiet zone included), sized by ``scale``."""
    code = segno.make(data, error="m")
    out = io.BytesIO()
    code.save(out, kind="svg", scale=scale, xmldecl=False, svgns=True, title=title, border=4)
    return out.getvalue().decode("utf-8")
