"""Deriving pictures from real (generated) image files, including broken and hostile ones."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from opis.images import ImageCache, PageImageError, parse_request, read_info
from opis.images.derive import MAX_PIXELS, render


def _px(img: Image.Image, xy: tuple[int, int]) -> tuple[int, ...]:
    value = img.convert("RGB").getpixel(xy)
    assert isinstance(value, tuple)
    return value


def _page(tmp_path: Path, name: str = "page.png", size: tuple[int, int] = (300, 200)) -> Path:
    img = Image.new("RGB", size, "white")
    img.paste((200, 0, 0), (0, 0, size[0] // 2, size[1] // 2))  # a red top-left quarter to find again
    path = tmp_path / name
    img.save(path)
    return path


def test_region_size_rotation_and_gray(tmp_path: Path) -> None:
    path = _page(tmp_path)
    req = parse_request("0,0,150,100", "30,", "90", "gray.png", 300, 200)
    out = Image.open(io.BytesIO(render(path, req)))
    assert out.size == (20, 30) and out.mode == "L"  # 30x20 turned a quarter
    red = parse_request("full", "!60,60", "0", "default.png", 300, 200)
    pic = Image.open(io.BytesIO(render(path, red))).convert("RGB")
    assert pic.size == (60, 40) and _px(pic, (5, 5))[0] > 150 and _px(pic, (55, 35)) == (255, 255, 255)


def test_mirror_and_180(tmp_path: Path) -> None:
    path = _page(tmp_path)
    pic = Image.open(io.BytesIO(render(path, parse_request("full", "max", "!0", "default.png", 300, 200))))
    assert _px(pic, (299, 0))[1] == 0  # red moved to the top right
    turned = Image.open(io.BytesIO(render(path, parse_request("full", "max", "180", "default.png", 300, 200))))
    assert _px(turned, (299, 199))[1] == 0


def test_cache_makes_once_and_leaves_the_original(tmp_path: Path) -> None:
    path = _page(tmp_path)
    before = path.read_bytes()
    cache = ImageCache(tmp_path / "cache")
    req = parse_request("full", "100,", "0", "default.jpg", 300, 200)
    first = cache.get("ab" * 32, path, req)
    stamp = first.stat().st_mtime_ns
    assert cache.get("ab" * 32, path, req).stat().st_mtime_ns == stamp
    assert Image.open(first).size == (100, 67) and path.read_bytes() == before


def test_truncated_tiff_is_a_clear_error(tmp_path: Path) -> None:
    full = _page(tmp_path, "page.tif", (400, 400))
    cut = tmp_path / "cut.tif"
    cut.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    with pytest.raises(PageImageError):
        render(cut, parse_request("full", "max", "0", "default.jpg", 400, 400))


def _png_header_only(path: Path, width: int, height: int) -> None:
    """A PNG that claims ``width``x``height`` with one tiny compressed row: a decompression bomb's header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 10))
                     + chunk(b"IEND", b""))


def test_huge_png_and_bomb_are_refused_before_decoding(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    _png_header_only(big, 30000, 30000)
    with pytest.raises(PageImageError, match="too large|limit"):
        read_info(big)
    bomb = tmp_path / "bomb.png"
    _png_header_only(bomb, 9000, 9000)  # just over MAX_PIXELS
    assert 9000 * 9000 > MAX_PIXELS
    with pytest.raises(PageImageError):
        read_info(bomb)


def test_cmyk_jpeg_with_broken_icc_profile_still_renders(tmp_path: Path) -> None:
    path = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (80, 60), (0, 255, 255, 0)).save(path, icc_profile=b"not an icc profile at all")
    pic = Image.open(io.BytesIO(render(path, parse_request("full", "max", "0", "default.png", 80, 60))))
    assert pic.mode == "RGB" and pic.size == (80, 60)


def test_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "note.png"
    path.write_text("hello")
    with pytest.raises(PageImageError, match="not an image"):
        read_info(path)
