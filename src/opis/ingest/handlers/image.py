"""Scanned page images: PNG, JPEG, TIFF (every frame of a multi-page TIFF is a page), and
GIF/BMP/WebP since Pillow reads them as well. Each page is OCRed or marked awaiting OCR."""

from __future__ import annotations

import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from PIL import Image, ImageSequence, UnidentifiedImageError

from opis.ingest.base import HANDLERS, Page, ParsedFile, ParseOptions, name_bonus
from opis.ingest.errors import CorruptFile, UnsafeContent
from opis.ingest.language import guess_language
from opis.ingest.ocr.page import note_awaiting, ocr_enabled, ocr_page, ocr_wanted

# Magic number → media type; a data table.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
# A BMP starts with only "BM" (so does "BMW and Daimler-Benz…"): it counts as one only when the
# reserved fields are zero and the info header has one of the sizes Windows and OS/2 define.
_BMP_INFO_SIZES = frozenset({12, 16, 40, 52, 56, 64, 108, 124})
_EXTENSIONS = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp", ".webp")
_MAX_FRAMES = 2000
_DEFAULT_DPI = 300


def media_type_of(head: bytes) -> str | None:
    for magic, media_type in _MAGIC:
        if head.startswith(magic):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if _is_bmp(head):
        return "image/bmp"
    return None


def _is_bmp(head: bytes) -> bool:
    if len(head) < 26 or not head.startswith(b"BM") or head[6:10] != b"\0\0\0\0":
        return False
    return int.from_bytes(head[14:18], "little") in _BMP_INFO_SIZES


class ImageHandler:
    name = "image"

    def score(self, head: bytes, filename: str) -> float:
        if media_type_of(head) is None:
            return 0.0
        return 1.0 + name_bonus(filename, _EXTENSIONS)

    def parse(self, path: Path, options: ParseOptions) -> ParsedFile:
        with path.open("rb") as fh:
            media_type = media_type_of(fh.read(32)) or "image/unknown"
        parsed = ParsedFile(media_type=media_type, handler=self.name, filename=path.name)
        unreadable = 0
        with _open_image(path, options) as img, tempfile.TemporaryDirectory(prefix="opis-img-") as tmp:
            parsed.metadata.update(_describe(img))
            for number, frame in enumerate(_frames(img, path, parsed), 1):
                if number > _MAX_FRAMES:
                    parsed.warnings.append(f"only the first {_MAX_FRAMES} frames were read")
                    break
                page = _page(frame, number, Path(tmp), options, parsed)
                unreadable += page is None
                parsed.pages.append(page or Page(number, "", needs_ocr=True))
        if parsed.pages and unreadable == len(parsed.pages):
            # Not a scan waiting for OCR: there is no picture in it to read, now or later.
            raise CorruptFile(f"{path.name}: corrupt or unreadable image ({parsed.warnings[0]})")
        parsed.metadata["frames"] = len(parsed.pages)
        note_awaiting(parsed, options)
        parsed.language = guess_language(parsed.text)
        return parsed


def _frames(img: Any, path: Path, parsed: ParsedFile) -> Iterator[Any]:
    """Each frame. A file whose frame list breaks off (a TIFF cut inside a later frame, whose directory
    a writer puts after its data) keeps the frames before it, with a warning naming where it broke;
    a file with no readable first frame is corrupt."""
    frames = ImageSequence.Iterator(img)
    number = 0
    # Pillow warns (UserWarning) on a short directory read; the page's warning below says it once.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        while True:
            number += 1
            try:
                frame = next(frames)
            except StopIteration:
                return
            except Exception as exc:  # Pillow raises TypeError, ValueError, OSError… on a cut directory
                if number == 1:
                    raise CorruptFile(f"{path.name}: corrupt or unreadable image ({exc})") from None
                parsed.warnings.append(f"page {number}: the file breaks off in this frame ({exc}); "
                                       f"the {number - 1} frame(s) before it are kept")
                return
            yield frame


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


def _page(frame: Any, number: int, tmp: Path, options: ParseOptions, parsed: ParsedFile) -> Page | None:
    """The frame as a page (OCRed, or waiting for OCR); None when its image data cannot be decoded."""
    if frame.width * frame.height > options.max_image_pixels:
        raise UnsafeContent(f"{parsed.filename}: frame {number} is too large to decode safely")
    if number in options.ocr_read:  # read by a page job already: no second decode
        return ocr_page(Path(), number, options, parsed)
    if not ocr_wanted(options, number):  # another page job's frame (the plan decoded every frame)
        return Page(number, "", needs_ocr=True)
    try:
        gray = frame.convert("L")  # decodes the pixels: a damaged stream shows here, OCR or not
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        parsed.warnings.append(f"page {number}: image data unreadable ({exc})")
        return None
    if not ocr_enabled(options):
        return Page(number, "", needs_ocr=True)
    # Uncompressed TIFF: not PNG, whose compression cost 0.3 s a 300 dpi page only for Tesseract to
    # undo it; not PGM, which Tesseract reads 0.1 s a page slower (same words, same boxes). "raw" is
    # said, or Pillow would reuse the source TIFF's compression (CCITT, for 1-bit pages only).
    # The resolution goes to Tesseract as --dpi (ocr_dpi below).
    out = tmp / f"frame-{number}.tif"
    try:
        gray.save(out, compression="raw")
    except (OSError, ValueError) as exc:
        parsed.warnings.append(f"page {number}: image could not be prepared for OCR ({exc})")
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
