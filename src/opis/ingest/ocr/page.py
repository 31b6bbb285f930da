"""The shared step of the PDF and image handlers: give a page image to OCR, or mark it waiting.

A page is never dropped: without Tesseract (or with OCR switched off) it is kept with empty
text and ``needs_ocr=True``, and the file gets one "awaiting OCR" warning.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from opis.ingest.base import Page, ParsedFile, ParseOptions
from opis.ingest.errors import IngestError
from opis.ingest.ocr.tesseract import OcrBox, ocr_available, ocr_image

AWAITING = "awaiting OCR: {n} page(s) have no text layer; {why}"


def ocr_enabled(options: ParseOptions) -> bool:
    return options.ocr and ocr_available()


def ocr_page(image: Path, number: int, options: ParseOptions, parsed: ParsedFile) -> Page:
    """OCR one page image into a Page; a failure becomes a warning and an awaiting page."""
    return ocr_page_boxes(image, number, options, parsed)[0]


def ocr_page_boxes(image: Path, number: int, options: ParseOptions,
                   parsed: ParsedFile) -> tuple[Page, list[OcrBox]]:
    """``ocr_page`` with the word boxes, for a handler that lays the page out."""
    try:
        result = ocr_image(image, options.ocr_languages, options.languages, options.ocr_dpi,
                           options.ocr_page_timeout_s)
    except IngestError as exc:
        parsed.warnings.append(f"page {number}: OCR failed: {exc.reason}")
        return Page(number, "", needs_ocr=True), []
    timings = parsed.metadata.setdefault("ocr_seconds", [])
    timings.append(round(result.seconds, 2))
    parsed.metadata.setdefault("ocr_languages", {})[str(number)] = result.languages
    if result.rotation:
        parsed.metadata.setdefault("ocr_rotation", {})[str(number)] = result.rotation
    page = Page(number, result.text, needs_ocr=True,
                ocr_confidence=result.confidence if result.confidence is not None else 0.0,
                words=result.words)
    size = _size(image)
    if size is not None:
        page.box_size = size
        page.boxes = [(b.text, *unturned(b, result.rotation, size), b.confidence) for b in result.boxes]
    return page, result.boxes


def _size(image: Path) -> tuple[int, int] | None:
    try:
        with Image.open(image) as img:
            return img.width, img.height
    except (OSError, ValueError):
        return None


def unturned(box: OcrBox, rotation: int, size: tuple[int, int]) -> tuple[int, int, int, int]:
    """``box`` (read on the page after turning it ``rotation`` degrees clockwise upright) in the
    pixels of the page as stored, ``size`` (width, height): the scan is shown as it is, so the
    hits must fall on it, not on the turned copy OCR read."""
    width, height = size
    left, t, w, h = box.left, box.top, box.width, box.height
    if rotation == 90:
        return t, height - (left + w), h, w
    if rotation == 180:
        return width - (left + w), height - (t + h), w, h
    if rotation == 270:
        return width - (t + h), left, h, w
    return left, t, w, h


def note_awaiting(parsed: ParsedFile, options: ParseOptions) -> None:
    """Add the one "awaiting OCR" warning when pages are still waiting for OCR."""
    waiting = sum(1 for p in parsed.pages if p.awaiting_ocr)
    if not waiting:
        return
    if not options.ocr:
        why = "OCR was switched off"
    elif not ocr_available():
        why = "tesseract is not installed"
    else:
        why = "OCR did not run on them (see the other warnings)"
    parsed.warnings.append(AWAITING.format(n=waiting, why=why))
