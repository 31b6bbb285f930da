"""Scanned page images: PNG, JPEG, TIFF (every frame of a multi-page TIFF is a page), and
GIF/BMP/WebP since Pillow reads them as well. Each page is OCRed or marked awaiting OCR."""

from __future__ import annotations

import tempfile
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

from PIL import Image, ImageSequence, UnidentifiedImageError

from opis.ingest.base import HANDLERS, Page, ParsedFile, ParseOptions, name_bonus
from opis.ingest.errors import CorruptFile, UnsafeContent
from opis.ingest.language import guess_language
from opis.ingest.pageocr import note_awaiting, ocr_enabled, ocr_page

# Magic number → media type; a data table.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
)
_EXTENSIONS = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp")
_MAX_FRAMES = 2000
_DEFAULT_DPI = 300


def media_type_of(head: bytes) -> str | None:
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


class ImageHandler:
    name = "image"

    def score(self, head: bytes, filename: str) -> float:
        media_type = media_type_of(head)
        if media_type is None:
            return 0.0
        # "BM" is only two bytes and starts some text; let BMP yield to better evidence.
        base = 0.6 if media_type == "image/bmp" else 1.0
        return base + name_bonus(filename, _EXTENSIONS)

    def parse(self, path: Path, options: ParseOptions) -> ParsedFile:
        with path.open("rb") as fh:
            media_type = media_type_of(fh.read(16)) or "image/unknown"
        parsed = ParsedFile(media_type=media_type, handler=self.name, filename=path.name)
        with _open_image(path, options) as img, tempfile.TemporaryDirectory(prefix="opis-img-") as tmp:
            parsed.metadata.update(_describe(img))
            for number, frame in enumerate(ImageSequence.Iterator(img), 1):
                if number > _MAX_FRAMES:
                    parsed.warnings.append(f"only the first {_MAX_FRAMES} frames were read")
                    break
                parsed.pages.append(_page(frame, number, Path(tmp), options, parsed))
        parsed.metadata["frames"] = len(parsed.pages)
        note_awaiting(parsed, options)
        parsed.language = guess_language(parsed.text)
        return parsed


def _open_image(path: Path, options: ParseOptions) -> Any:
    # Pillow's own decompression-bomb guard, set from our options; its warning level becomes
    # an error too, so a hostile image is refused rather than decoded.
    Image.MAX_IMAGE_PIXELS = options.max_image_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
            img.size  # noqa: B018 - touching size makes Pillow check the header now
        return img
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnsafeContent(f"{path.name}: image too large to decode safely ({exc})") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CorruptFile(f"{path.name}: corrupt or unreadable image ({exc})") from None


def _describe(img: Any) -> dict[str, Any]:
    info: dict[str, Any] = {"format": img.format, "width": img.width, "height": img.height,
                            "mode": img.mode}
    dpi = img.info.get("dpi")
    if dpi:
        info["dpi"] = [round(float(d)) for d in dpi]
    return info


def _page(frame: Any, number: int, tmp: Path, options: ParseOptions, parsed: ParsedFile) -> Page:
    if not ocr_enabled(options):
        return Page(number, "", needs_ocr=True)
    if frame.width * frame.height > options.max_image_pixels:
        raise UnsafeContent(f"{parsed.filename}: frame {number} is too large to decode safely")
    out = tmp / f"frame-{number}.png"
    try:
        gray = frame.convert("L")
        gray.save(out, dpi=(_dpi(frame), _dpi(frame)))
    except (OSError, ValueError, SyntaxError) as exc:
        parsed.warnings.append(f"page {number}: image data unreadable ({exc})")
        return Page(number, "", needs_ocr=True)
    return ocr_page(out, number, replace(options, ocr_dpi=_dpi(frame)), parsed)


def _dpi(frame: Any) -> int:
    dpi = frame.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    # Many scans carry no or a bogus resolution (72); Tesseract then guesses badly.
    return value if value >= 100 else _DEFAULT_DPI


HANDLERS.register("image")(ImageHandler())
