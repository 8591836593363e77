"""Product photos are checked by their bytes: the kind they really are, their size, and whether they decode."""

from __future__ import annotations

import hashlib
import struct
import zlib
from io import BytesIO

import pytest
from PIL import Image

from comptoir.catalog.domain.images import MAX_BYTES, ImageRefused, inspect_image


def _encoded(kind: str, size: tuple[int, int] = (1, 1)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(buffer, kind)
    return buffer.getvalue()


def _png_declaring(width: int, height: int) -> bytes:
    """A small, well-formed PNG whose header declares ``width`` x ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def test_a_1x1_png_is_accepted_with_its_facts() -> None:
    data = _encoded("PNG")
    facts = inspect_image(data)
    assert (facts.content_type, facts.width, facts.height) == ("image/png", 1, 1)
    assert facts.size == len(data)
    assert facts.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(("kind", "content_type"), [("JPEG", "image/jpeg"), ("WEBP", "image/webp")])
def test_jpeg_and_webp_are_accepted(kind: str, content_type: str) -> None:
    facts = inspect_image(_encoded(kind, (40, 30)))
    assert (facts.content_type, facts.width, facts.height) == (content_type, 40, 30)


def test_a_png_renamed_jpg_is_accepted_as_the_png_it_is() -> None:
    # The name a browser sends ("photo.jpg", image/jpeg) never reaches this check: only the bytes do.
    assert inspect_image(_encoded("PNG", (2, 2))).content_type == "image/png"


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "HTML"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "SVG"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "SVG"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "GIF"),
        (b"%PDF-1.7\n", "PDF"),
        (b"\x00\x01\x02 random bytes", "not a JPEG, PNG or WebP"),
    ],
)
def test_html_svg_and_other_files_named_jpg_are_refused(data: bytes, said: str) -> None:
    with pytest.raises(ImageRefused) as refused:
        inspect_image(data)
    assert "not a JPEG, PNG or WebP image" in refused.value.reason
    assert said in refused.value.reason


def test_a_12000_by_12000_picture_is_refused_from_its_header_before_decoding() -> None:
    data = _png_declaring(12_000, 12_000)
    assert len(data) < 200
    with pytest.raises(ImageRefused) as refused:
        inspect_image(data)
    assert "12000 x 12000" in refused.value.reason
    assert "megapixels" in refused.value.reason


def test_a_picture_past_pillows_own_bomb_limit_is_refused_too() -> None:
    with pytest.raises(ImageRefused, match="megapixels"):
        inspect_image(_png_declaring(20_000, 20_000))


def test_a_file_over_the_byte_limit_is_refused() -> None:
    data = _encoded("PNG") + b"\0" * MAX_BYTES
    with pytest.raises(ImageRefused, match=r"at most 5\.0 MiB"):
        inspect_image(data)
    with pytest.raises(ImageRefused, match="at most"):
        inspect_image(_encoded("PNG", (10, 10)), max_bytes=20)


def test_the_pixel_limit_can_be_lowered() -> None:
    with pytest.raises(ImageRefused, match="megapixels"):
        inspect_image(_encoded("PNG", (100, 100)), max_pixels=9_999)
    assert inspect_image(_encoded("PNG", (100, 100)), max_pixels=10_000).width == 100


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_a_truncated_photo_is_refused_as_damaged(kind: str) -> None:
    data = _encoded(kind, (64, 64))
    with pytest.raises(ImageRefused, match="damaged or truncated"):
        inspect_image(data[: len(data) // 2])


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ImageRefused, match="empty"):
        inspect_image(b"")
