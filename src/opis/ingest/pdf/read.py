"""A whole PDF read by its layout: each page's spans sorted by ``pdfpage``, pages joined by ``pdfflow``.

Two things need the whole document before any page is laid out: the body size (the size most
characters are set in) and the running heads (a first row seen on two pages or more, its page
number aside). OCRed pages take part with the layout their word boxes give (``ocrlayout``), or
as plain paragraphs; pages awaiting OCR add nothing to the text and end the paragraph before them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from opis.ingest.base import Page, ParsedFile
from opis.ingest.pdf.flow import flow
from opis.ingest.pdf.layout import PageLayout, Para, Row, Span, body_size, column_groups, furniture_key, rows_of
from opis.ingest.pdf.page import lay_out_groups
from opis.ingest.pdf.text import PageSpans


@dataclass
class LaidOut:
    """Pages as the handler read them, with the spans of those whose text layer is used."""

    pages: list[tuple[Page, list[Span] | None, list[float]]] = field(default_factory=list)
    scanned: set[int] = field(default_factory=set)  # numbers of the pages whose spans come from OCR

    def add(self, page: Page, spans: PageSpans | None, scanned: list[Span] | None = None) -> None:
        """``spans``: the page's text layer; ``scanned``: spans from its OCR word boxes."""
        if spans is not None and not page.needs_ocr:
            self.pages.append((page, spans.spans, spans.rules))
        else:
            self.pages.append((page, scanned, []))
            self.scanned.add(page.number)


def lay_out_document(parsed: ParsedFile, laid: LaidOut) -> None:
    """Set each page's text to its laid-out reading and the file's ``layout_text`` and blocks."""
    # OCR sizes are estimates: scanned pages get a body size of their own.
    body = {ocr: body_size(spans for page, spans, _ in laid.pages
                           if spans and (page.number in laid.scanned) == ocr) for ocr in (False, True)}
    groups = {page.number: [rows_of(g) for g in column_groups(spans, body[page.number in laid.scanned])]
              for page, spans, _ in laid.pages if spans}
    heads = _running_heads(g[0] for g in groups.values() if g)
    layouts: list[PageLayout] = []
    for page, spans, rules in laid.pages:
        if spans:
            layout = lay_out_groups(page.number, groups[page.number], body[page.number in laid.scanned], heads,
                                    rules)
        else:
            layout = _plain(page)
        page.text, page.label = layout.text(), layout.label
        layouts.append(layout)
    reading = flow(layouts)
    parsed.layout_text, parsed.blocks = reading.text, reading.blocks


def _running_heads(pages: Iterable[list[Row]]) -> set[str]:
    seen = Counter[str]()
    for rows in pages:
        if rows:
            seen[furniture_key(rows[0].plain())] += 1
    return {key for key, count in seen.items() if key and count >= 2}


def _plain(page: Page) -> PageLayout:
    """A page without spans: its text as paragraphs split at blank lines, lines joined."""
    paragraphs = [re.sub(r"\s*\n\s*", " ", chunk).strip() for chunk in re.split(r"\n\s*\n", page.text)]
    return PageLayout(page.number, [Para(p) for p in paragraphs if p])
