"""A page's text layer as positioned spans read with pypdf, for a PDF MuPDF cannot open.

pypdf's plain text extraction loses what says a note is a note: a superscript marker comes out as a digit on a
line of its own (or glued to a year), and the notes at a page's foot as lines like any other, so numbered lines
that are not notes (``1949`` / ``г., когда …``) read as an e-book's notes. pypdf's layout mode knows each run
of text's position, size and end (its ``text_show_operations``), which is what ``pdf.layout`` needs to tell a
marker, a foot note and a running head; this module turns those runs into the same ``Span`` objects MuPDF
gives, so a file read by the fallback goes through the same layout reading. The layout mode is pypdf's own
(a module it marks private): any error in it leaves the page to the plain text extraction, as before.
"""

from __future__ import annotations

from typing import Any

from opis.ingest.pdf.layout import Span
from opis.ingest.pdf.text import PageSpans

# A run's box from its baseline, as shares of its size (a font's usual ascender and descender): only the
# layout reader's row and overlap tests use it, and those work on baselines and sizes.
ASCENT = 0.8
DESCENT = 0.2
MAX_RUNS = 200_000  # text runs on one page; more is not a page of text (and would cost too much to sort)


def pypdf_spans(page: Any, has_images: bool) -> PageSpans | None:
    """The page's text runs as spans (top-down coordinates), or None when pypdf's layout mode cannot read it
    or finds no text (the caller then keeps pypdf's plain text)."""
    try:
        groups = _text_runs(page)
        height = float(page.mediabox.top)
    except Exception:  # pypdf raises many error kinds on broken content streams and fonts
        return None
    spans = []
    for group in groups[:MAX_RUNS]:
        text, size = str(group["text"]), float(group["font_height"])
        if not text.strip() or size <= 0:
            continue
        baseline = height - float(group["ty"])
        x0, x1 = float(group["tx"]), float(group["displaced_tx"])
        spans.append(Span(text=text, x0=x0, x1=max(x1, x0), top=baseline - ASCENT * size,
                          bottom=baseline + DESCENT * size, baseline=baseline, size=size))
    return PageSpans(spans, [], has_images) if spans else None


def _text_runs(page: Any) -> list[Any]:
    from pypdf._text_extraction import _layout_mode
    from pypdf.generic import ArrayObject, ContentStream, StreamObject

    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if not isinstance(contents, (ArrayObject, StreamObject)):
        return []
    fonts = page._layout_mode_fonts()
    operations = iter(ContentStream(contents, page.pdf, "bytes").operations)
    return list(_layout_mode.text_show_operations(operations, fonts, True, None))
