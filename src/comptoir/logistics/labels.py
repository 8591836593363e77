"""A shipment's label as SVG: the parcel id as a Code 128 barcode, with what the hubs sort it by.

Drawn on the server as plain SVG text (no fonts or scripts fetched), 100 x 150 mm, the size of a
thermal parcel label. The consignee is masked as on the waybill.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from comptoir.logistics.domain.code128 import code128_bars, code128_width
from comptoir.logistics.domain.shipments import Shipment

WIDTH_MM = 100
HEIGHT_MM = 150
_BARCODE_TOP = 62
_BARCODE_HEIGHT = 28


def _text(x: float, y: float, content: str, *, size: float = 4, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return f'<text x="{x}" y="{y}" font-size="{size}"{weight}>{escape(content)}</text>'


def label_svg(shipment: Shipment) -> str:
    """The label of ``shipment``: an SVG document in millimetres."""
    parcel = shipment.parcel_id
    modules = code128_width(parcel)
    module_mm = (WIDTH_MM - 8) / modules
    bars = "".join(
        f'<rect x="{4 + x * module_mm:.3f}" y="{_BARCODE_TOP}" width="{width * module_mm:.3f}" '
        f'height="{_BARCODE_HEIGHT}"/>'
        for x, width in code128_bars(parcel)
    )
    route = f"{shipment.origin} → {shipment.station or '?'}"
    if shipment.gateway:
        route = f"{shipment.origin} → {shipment.gateway} → {shipment.station or '?'}"
    promised = shipment.promised_date.isoformat() if shipment.promised_date else "—"
    waybill = shipment.waybill
    lines = [
        _text(4, 12, route, size=9, bold=True),
        _text(4, 20, f"zone {shipment.zone}", size=5),
        _text(4, 30, f"to {waybill.consignee}", size=5),
        _text(4, 37, f"from {waybill.shipper}", size=4),
        _text(4, 45, f"order {waybill.order_reference}", size=4),
        _text(4, 52, f"{shipment.weight_g} g   promised {promised}", size=4),
        _text(WIDTH_MM / 2, _BARCODE_TOP + _BARCODE_HEIGHT + 8, _spaced(parcel), size=6, bold=True).replace(
            "<text ", '<text text-anchor="middle" ', 1
        ),
    ]
    legs = [f"{leg.origin}-{leg.destination} {leg.departs_at:%d%b %H:%MZ}" for leg in shipment.legs[:4]]
    lines.extend(_text(4, 112 + 6 * i, leg, size=4) for i, leg in enumerate(legs))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{WIDTH_MM}mm" height="{HEIGHT_MM}mm" viewBox="0 0 {WIDTH_MM} {HEIGHT_MM}" '
        'font-family="sans-serif" role="img" '
        f'aria-label="{escape(parcel, {chr(34): "&quot;"})}">'
        f'<rect width="{WIDTH_MM}" height="{HEIGHT_MM}" fill="#fff"/>'
        f'<g fill="#000">{"".join(lines)}{bars}</g>'
        "</svg>"
    )


def _spaced(parcel: str) -> str:
    """An S10 id printed as on postal labels (``RR 47312482 9 GB``); other ids as they are."""
    if len(parcel) == 13 and parcel[:2].isalpha() and parcel[2:11].isdigit():
        return f"{parcel[:2]} {parcel[2:10]} {parcel[10]} {parcel[11:]}"
    return parcel
