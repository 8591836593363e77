"""Packshot cards for the demo's products: a PNG per product with its category's colours, its brand and its
name, drawn with Pillow so the demo storefront has pictures without shipping image files.

They go through the catalog's photo upload like any merchant's photo (checked by their bytes). Chinese
needs a CJK font (Debian's fonts-noto-cjk); without one, the card shows the French name.
"""

from __future__ import annotations

import hashlib
import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = 480

#: Background and ink per category: wine reds, skincare pinks, fashion greys...
_PALETTE = {
    "food_wine": ((122, 28, 46), (250, 236, 214)),
    "cosmetics_skincare": ((236, 214, 222), (92, 44, 66)),
    "fashion": ((48, 54, 66), (232, 226, 214)),
    "children": ((206, 232, 240), (26, 78, 110)),
    "baby_food": ((246, 236, 200), (120, 86, 30)),
}
_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)


@cache
def _cjk_font_path() -> str | None:
    return next((p for p in _FONTS if Path(p).exists()), None)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _cjk_font_path()
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def _lines(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int
) -> list[str]:
    """``text`` cut into lines that fit ``width`` (by character: Chinese has no spaces to break at)."""
    lines, line = [], ""
    for char in text:
        if draw.textlength(line + char, font=font) > width and line:
            lines.append(line)
            line = char.lstrip()
        else:
            line += char
    return [*lines, line] if line else lines


def packshot(*, product_id: str, category: str, brand: str, title_zh: str, title_fr: str) -> bytes:
    """A square PNG card for a product: a shape in its category's colours, its brand and its name."""
    background, ink = _PALETTE.get(category, ((220, 224, 230), (40, 44, 52)))
    image = Image.new("RGB", (SIZE, SIZE), background)
    draw = ImageDraw.Draw(image)
    seed = hashlib.sha256(product_id.encode()).digest()
    # A soft disc whose place depends on the product, so two cards of a brand do not look the same.
    x, y = 120 + seed[0] % 240, 110 + seed[1] % 120
    radius = 90 + seed[2] % 50
    tint = tuple(min(255, c + 28) if sum(background) < 380 else max(0, c - 22) for c in background)
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=tint)
    title = title_zh if _cjk_font_path() else title_fr
    brand_font, title_font = _font(26), _font(34)
    brand_line = _lines(draw, brand, brand_font, SIZE - 64)
    draw.text((32, 262), brand_line[0] + ("…" if len(brand_line) > 1 else ""), font=brand_font, fill=ink)
    top = 302
    for line in _lines(draw, title, title_font, SIZE - 64)[:3]:
        draw.text((32, top), line, font=title_font, fill=ink)
        top += 44
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
