"""OCR word boxes as spans, so a scanned page is read by the same layout rules as a text layer.

Tesseract's TSV gives each word's box and its line, but no font size or baseline. Both are
estimated per line: the baseline is the bottom most of the line's words share (a quarter of
them at most reach lower, into descenders: "g", "p", "у", "р"), and the size is the height from
the tallest top to that baseline over the cap height of a typical face (0.72 of the size), so
a line without descenders and a line with them get the same size. A word standing much higher
and smaller than its line (its bottom above the line's middle) is a superscript: it gets its
own smaller size and baseline, and the layout rules make it a note marker. Pixels become
points at the page's rendering resolution.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from statistics import median

from opis.ingest.ocr.tesseract import OcrBox
from opis.ingest.pdf.layout import Span

CAP_HEIGHT = 0.72  # cap height over font size, typical of book and typewriter faces
LEADING = 1.25  # baseline-to-baseline distance over font size, typical of set text
SIZE_STEP = 0.5  # points: OCR sizes are rounded to this, as a typeset size would be


def spans_from_boxes(boxes: Sequence[OcrBox], dpi: int) -> list[Span]:
    scale = 72.0 / dpi if dpi else 1.0
    grouped: dict[tuple[str, ...], list[OcrBox]] = defaultdict(list)
    for box in boxes:
        grouped[box.line].append(box)
    lines = sorted((_Line(words) for words in grouped.values()), key=lambda line: line.baseline)
    spacing: list[float] = [b.baseline - a.baseline for a, b in zip(lines, lines[1:], strict=False)]
    usual = median(spacing) if spacing else 0.0
    spans: list[Span] = []
    for i, line in enumerate(lines):
        near = [g for g in spacing[max(i - 1, 0):i + 1] if g > 0]
        # A line's size from the leading around it where it has neighbours (robust to which
        # letters it holds), from its letters' height where it stands alone (a head, a number).
        if near and min(near) <= 2 * usual:
            size = _local_leading(spacing, i) / LEADING
        else:
            size = line.cap_size()
        spans += line.spans(_round(size * scale), scale)
    return spans


def _local_leading(spacing: Sequence[float], i: int) -> float:
    """The usual step around line ``i``: the median of the two gaps on each side, leaving out
    gaps much wider than the narrowest (the space between the body and the notes)."""
    window = [g for g in spacing[max(i - 2, 0):i + 2] if g > 0]
    narrow = min(window)
    return median(g for g in window if g < 1.6 * narrow)


class _Line:
    def __init__(self, words: list[OcrBox]) -> None:
        bottoms = sorted(w.top + w.height for w in words)
        self.words = words
        self.baseline = bottoms[(len(bottoms) - 1) // 4]
        middle = self.baseline - 0.5 * (self.baseline - min(w.top for w in words))
        self.normal = [w for w in words if w.top + w.height > middle] or words

    def cap_size(self) -> float:
        return (self.baseline - min(w.top for w in self.normal)) / CAP_HEIGHT

    def spans(self, size: float, scale: float) -> list[Span]:
        out: list[Span] = []
        for w in self.words:
            x0, x1, top, bottom = w.left * scale, (w.left + w.width) * scale, w.top * scale, (w.top + w.height) * scale
            if w in self.normal:
                out.append(Span(w.text, x0, x1, top, bottom, self.baseline * scale, size))
            else:  # raised above the line's middle: a superscript
                out.append(Span(w.text, x0, x1, top, bottom, bottom, min(_round(w.height * scale / CAP_HEIGHT),
                                                                          0.8 * size)))
        return out


def _round(size: float) -> float:
    return max(SIZE_STEP, round(size / SIZE_STEP) * SIZE_STEP)
