"""A PDF page's text layer as positioned spans, read with PyMuPDF (MuPDF's Python binding).

PyMuPDF gives every run of text with its font size, baseline and box, and the page's vector
drawings (the rule above the notes), at C speed; it is AGPL-licensed, as opis is. What the spans
mean is decided in ``pdflayout`` and ``pdfpage``, which know nothing of PyMuPDF, so OCR word
boxes go through the same reading (``ocrlayout``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf

from opis.ingest.pdf.layout import Span

_MUPDF: Any = pymupdf  # PyMuPDF's functions carry no annotations; its objects are used as Any
# MuPDF prints what it repairs in a damaged file on stderr; the handler reports what matters
# (an unreadable page, a file it cannot open) as warnings instead.
_MUPDF.TOOLS.mupdf_display_errors(False)
_MUPDF.TOOLS.mupdf_display_warnings(False)
_RULE_MAX_HEIGHT = 1.5  # points: a rule is a line or a very flat rectangle
_RULE_MIN_WIDTH = 20.0


@dataclass
class PageSpans:
    spans: list[Span]
    rules: list[float]  # top-down heights of short horizontal rules
    has_images: bool

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.spans)


def open_layout(path: Path) -> Any | None:
    """The PDF opened with PyMuPDF, or None when MuPDF cannot read it (the caller falls back)."""
    try:
        doc = _MUPDF.open(str(path), filetype="pdf")
    except Exception:  # MuPDF's errors on damaged files have several types
        return None
    if doc.needs_pass and not doc.authenticate(""):
        doc.close()
        return None
    return doc


def page_spans(doc: Any, number: int) -> PageSpans:
    """Spans, rules and whether there is an image, for page ``number`` (1-based)."""
    page = doc[number - 1]
    data = page.get_text("dict", flags=_MUPDF.TEXT_PRESERVE_WHITESPACE | _MUPDF.TEXT_MEDIABOX_CLIP)
    spans = [_span(s) for block in data.get("blocks", []) if block.get("type") == 0
             for line in block.get("lines", []) for s in line.get("spans", []) if s.get("text")]
    width = float(page.rect.width) or 1.0
    return PageSpans(spans, _rules(page, width), bool(page.get_images()))


def _span(raw: dict[str, Any]) -> Span:
    x0, top, x1, bottom = (float(v) for v in raw["bbox"])
    size = float(raw["size"])
    # The baseline from the box and the font's descender, not the span's origin: a span that
    # opens with a space MuPDF put in after a superscript starts on the superscript's baseline.
    descender = float(raw.get("descender", -0.2))
    return Span(text=raw["text"], x0=x0, x1=x1, top=top, bottom=bottom,
                baseline=bottom + descender * size, size=size)


def _rules(page: Any, width: float) -> list[float]:
    found: list[float] = []
    try:
        drawings = page.get_drawings()
    except Exception:  # broken vector content must not lose the page's text
        return found
    for drawing in drawings:
        rect = drawing.get("rect")
        if rect is None:
            continue
        if rect.height <= _RULE_MAX_HEIGHT and _RULE_MIN_WIDTH <= rect.width <= 0.8 * width:
            found.append(float(rect.y0))
    return found
