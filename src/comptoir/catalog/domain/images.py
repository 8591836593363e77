"""Checking a product photo by its bytes, never by its name or the type its sender claims.

Only JPEG, PNG and WebP are accepted: a file named ``photo.jpg`` that holds HTML or SVG (which a browser
would run) is refused, and a PNG named ``.jpg`` is accepted as the PNG it is. The size in bytes and in
pixels is bounded before anything is decoded, so a small file that declares a huge picture (a
decompression bomb) is refused from its header; the whole picture is then decoded once, so a truncated or
corrupt file is refused too.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, UnidentifiedImageError

MIB = 1024 * 1024
MAX_BYTES = 5 * MIB
MAX_PIXELS = 40_000_000

#: Pillow's name of each accepted format -> the content type it is served with.
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


class ImageRefused(ValueError):
    """An upload that is not an acceptable photo; ``reason`` says why, in English."""

    code = "image_refused"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ImageFacts:
    """What the bytes are: their content type, the picture's size in pixels, their SHA-256 and their length."""

    content_type: str
    width: int
    height: int
    sha256: str
    size: int


def _sniffed(data: bytes) -> str | None:
    """The accepted format the first bytes announce, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _looks_like(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith(b"<?xml") or b"<svg" in head:
        return " (it is SVG, which can carry scripts)"
    if head.startswith((b"<!doctype", b"<html", b"<")):
        return " (it is HTML or another text document)"
    if data.startswith(b"GIF8"):
        return " (it is a GIF)"
    if data.startswith(b"%PDF"):
        return " (it is a PDF)"
    return ""


def _megabytes(size: int) -> str:
    return f"{size / MIB:.1f} MiB"


def inspect_image(data: bytes, *, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS) -> ImageFacts:
    """The facts of a JPEG, PNG or WebP photo in ``data``, or :class:`ImageRefused` saying why it is not one."""
    if not data:
        raise ImageRefused("the file is empty")
    if len(data) > max_bytes:
        raise ImageRefused(f"the file is {_megabytes(len(data))}; a photo may be at most {_megabytes(max_bytes)}")
    expected = _sniffed(data)
    if expected is None:
        raise ImageRefused("the file is not a JPEG, PNG or WebP image" + _looks_like(data))
    with warnings.catch_warnings():
        # The pixel limit is checked here, from the header, with a sentence of ours; Pillow's own limits
        # (a warning past 89 megapixels, an error past twice that) stay as the net beneath it.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(BytesIO(data), formats=[expected]) as probe:
                width, height = probe.size
                if width <= 0 or height <= 0:
                    raise ImageRefused("the image declares no pixels")
                if width * height > max_pixels:
                    raise ImageRefused(
                        f"the image is {width} x {height} pixels ({width * height / 1e6:.0f} megapixels); "
                        f"at most {max_pixels / 1e6:.0f} megapixels are accepted"
                    )
                probe.verify()
            with Image.open(BytesIO(data), formats=[expected]) as picture:
                if picture.size != (width, height):
                    raise ImageRefused("the image's size changed between two readings")
                picture.load()
        except ImageRefused:
            raise
        except Image.DecompressionBombError as exc:
            raise ImageRefused(
                f"the image declares far more pixels than can be decoded safely; "
                f"at most {max_pixels / 1e6:.0f} megapixels are accepted"
            ) from exc
        except UnidentifiedImageError as exc:
            raise ImageRefused(f"the file starts like a {_NAMES[expected]} image but is damaged or truncated") from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise ImageRefused(
                f"the file starts like a {_NAMES[expected]} image but is damaged or truncated ({exc})"
            ) from exc
    return ImageFacts(
        content_type=CONTENT_TYPES[expected],
        width=width,
        height=height,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
