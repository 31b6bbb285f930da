"""The shared step of the PDF and image handlers: give a page image to OCR, or mark it waiting.

A page is never dropped: without Tesseract (or with OCR switched off) it is kept with empty
text and ``needs_ocr=True``, and the file gets one "awaiting OCR" warning.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image

from opis.ingest.base import Page, ParsedFile, ParseOptions
from opis.ingest.errors import IngestError
from opis.ingest.ocr.tesseract import OcrBox, OcrResult, ocr_available, ocr_image

OCR_READ = "ocr_read"  # ParsedFile.metadata key of a page job's readings (ParseOptions.ocr_pages)
AWAITING = "awaiting OCR: {n} page(s) have no text layer; {why}"


def ocr_enabled(options: ParseOptions) -> bool:
    return options.ocr and ocr_available()


def ocr_wanted(options: ParseOptions, number: int) -> bool:
    """Whether page ``number`` is to be OCRed (or taken from a reading made already) in this parse:
    a page job OCRs its own page only, the others stay awaiting."""
    return options.ocr_pages is None or number in options.ocr_pages or number in options.ocr_read


def ocr_page(image: Path, number: int, options: ParseOptions, parsed: ParsedFile) -> Page:
    """OCR one page image into a Page; a failure becomes a warning and an awaiting page."""
    done = ocr_page_boxes(lambda: image, number, options, parsed)
    return done[0] if done is not None else Page(number, "", needs_ocr=True)


def ocr_page_boxes(image: Callable[[], Path | None], number: int, options: ParseOptions,
                   parsed: ParsedFile) -> tuple[Page, list[OcrBox]] | None:
    """``ocr_page`` with the word boxes, for a handler that lays the page out; None when ``image()``
    (called only if the page is not read already: rasterising costs) could not make the page's image."""
    read = options.ocr_read.get(number)
    if read is not None and read.get("failed"):  # the page job's OCR failed; say so as a whole-file run would
        parsed.warnings.append(f"page {number}: OCR failed: {read['failed']}")
        return Page(number, "", needs_ocr=True), []
    if read is not None:
        result, size = OcrResult.from_data(read), _pair(read.get("size"))
    else:
        path = image()
        if path is None:
            return None
        try:
            result = ocr_image(path, options.ocr_languages, options.languages, options.ocr_dpi,
                               options.ocr_page_timeout_s)
        except IngestError as exc:
            parsed.warnings.append(f"page {number}: OCR failed: {exc.reason}")
            return Page(number, "", needs_ocr=True), []
        size = _size(path)
        if options.ocr_pages is not None:  # a page job: the reading goes back to be kept in the store
            parsed.metadata.setdefault(OCR_READ, {})[str(number)] = {**result.to_data(), "size": size}
    timings = parsed.metadata.setdefault("ocr_seconds", [])
    timings.append(round(result.seconds, 2))
    parsed.metadata.setdefault("ocr_languages", {})[str(number)] = result.languages
    if result.rotation:
        parsed.metadata.setdefault("ocr_rotation", {})[str(number)] = result.rotation
    page = Page(number, result.text, needs_ocr=True,
                ocr_confidence=result.confidence if result.confidence is not None else 0.0,
                words=result.words)
    if size is not None:
        page.box_size = size
        page.boxes = [(b.text, *unturned(b, result.rotation, size), b.confidence) for b in result.boxes]
    return page, result.boxes


def _pair(value: Any) -> tuple[int, int] | None:
    return (int(value[0]), int(value[1])) if isinstance(value, list | tuple) and len(value) == 2 else None


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
