"""The texts of a document side by side, sentence by sentence, from its stored alignments.

The pivot text (the original, else the OCR text) is cut at every point where some alignment starts a
pair; each cut is a table row. Every other text fills one cell per pair, spanning the rows its pair
covers (``rowspan``), so three or more texts line up on one grid. Each cell carries the pair keys it
belongs to (``data-pairs``): the page's script highlights a sentence's counterparts from those keys,
and a search (``?q=``) marks the cells that hold a hit and their counterparts, server side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from opis.model import Rendition
from opis.model.alignment import Alignment
from opis.model.document import LOW_CONFIDENCE
from opis.web.reading.textmarks import Mark, segments

_BREAK = re.compile(r"\n[ \t]*\n+|\f")
_TERM = re.compile(r"\w{2,}")


def low_confidence_marks(r: Rendition, threshold: float = LOW_CONFIDENCE) -> list[Mark]:
    """The OCR words read with less than ``threshold`` confidence, found in the text page by page."""
    if not r.ocr_pages:
        return []
    marks: list[Mark] = []
    pages = r.text.split("\f")
    offset = 0
    by_number = {p.number: p for p in r.ocr_pages}
    for n, page_text in enumerate(pages, 1):
        at = 0
        page = by_number.get(n)
        for word, conf in page.words if page else []:
            found = page_text.find(word, at) if word else -1
            if found < 0:
                continue
            at = found + len(word)
            if conf < threshold:
                marks.append((offset + found, offset + at, "low", f"{round(conf * 100)}"))
        offset += len(page_text) + 1
    return marks


def hit_marks(text: str, terms: Sequence[str]) -> list[Mark]:
    lowered = text.lower()
    marks: list[Mark] = []
    for term in terms:
        start = lowered.find(term)
        while start >= 0:
            marks.append((start, start + len(term), "hit", term))
            start = lowered.find(term, start + len(term))
    return marks


def query_terms(q: str) -> list[str]:
    return sorted({t.lower() for t in _TERM.findall(q)}, key=len, reverse=True)


def _cell(text: str, start: int, end: int, marks: Sequence[Mark]) -> list[list[dict[str, str]]]:
    """A stretch of text as paragraphs of marked pieces (paragraph breaks inside a pair are kept)."""
    out, at = [], start
    for m in [*_BREAK.finditer(text, start, end), None]:
        stop = m.start() if m else end
        piece = text[at:stop]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            begin = at + lead
            inside = sorted(k for k in marks if begin <= k[0] and k[1] <= begin + len(piece))
            out.append(segments(begin, piece, _no_overlap(inside)))
        at = m.end() if m else stop
    return out


def _no_overlap(marks: list[Mark]) -> list[Mark]:
    kept: list[Mark] = []
    for m in marks:
        if not kept or m[0] >= kept[-1][1]:
            kept.append(m)
    return kept


def _starts(a: Alignment, cuts: list[int]) -> list[int]:
    """For each pair of ``a``, the row (index into ``cuts``) it starts on; the first pair starts on row 0."""
    rows = {c: n for n, c in enumerate(cuts)}
    return [0 if n == 0 else rows[p[0]] for n, p in enumerate(a.pairs)]


def grid(pivot: Rendition, others: list[Rendition], found: dict[str, Alignment],
         marks: dict[str, list[Mark]], terms: Sequence[str] = ()) -> dict[str, Any]:
    """Rows of cells: the pivot's pieces, and each other text's pairs with their row spans."""
    aligned = [r for r in others if r.id in found and found[r.id].pairs]
    cuts = sorted({0} | {p[0] for r in aligned for p in found[r.id].pairs[1:]})
    bounds = [*cuts, len(pivot.text)]
    rows: list[list[dict[str, Any]]] = [[] for _ in cuts]
    pivot_keys: list[set[str]] = [set() for _ in cuts]
    for col, r in enumerate(aligned, 1):
        a = found[r.id]
        starts = _starts(a, cuts)
        for n, first in enumerate(starts):
            last = starts[n + 1] if n + 1 < len(starts) else len(cuts)
            key = f"c{col}p{n}"
            for k in range(first, last):
                pivot_keys[k].add(key)
            rs = 0 if n == 0 else a.pairs[n][2]
            re_ = a.pairs[n + 1][2] if n + 1 < len(a.pairs) else len(r.text)
            rows[first].append({"col": col, "rowspan": last - first, "keys": [key], "pair": n,
                                "paras": _cell(r.text, rs, re_, marks.get(r.id, [])),
                                "span": [a.pairs[n][2], a.pairs[n][3]]})
    for k in range(len(cuts)):
        rows[k].insert(0, {"col": 0, "rowspan": 1, "keys": sorted(pivot_keys[k]), "pair": None,
                           "paras": _cell(pivot.text, bounds[k], bounds[k + 1], marks.get(pivot.id, [])),
                           "span": [bounds[k], bounds[k + 1]]})
    _mark_hits(rows, terms)
    columns = [pivot, *aligned]
    return {"rows": rows, "columns": [r.id for r in columns]}


def _mark_hits(rows: list[list[dict[str, Any]]], terms: Sequence[str]) -> None:
    """Cells holding a search term are hits; the cells paired with them (through the pivot) too."""
    if not terms:
        return
    cells = [c for row in rows for c in row]
    hit_keys: set[str] = set()
    for c in cells:
        c["hit"] = any("hit" in piece for para in c["paras"] for piece in para)
        if c["hit"]:
            hit_keys |= set(c["keys"])
    for c in cells:  # one step through the pivot: a hit in one translation reaches the others
        if c["col"] == 0 and hit_keys & set(c["keys"]):
            hit_keys |= set(c["keys"])
    for c in cells:
        c["paired"] = not c["hit"] and bool(hit_keys & set(c["keys"]))


def text_marks(r: Rendition, base: list[Mark], terms: Sequence[str]) -> list[Mark]:
    """A text's marks: names and footnotes (``base``), uncertain OCR words, and the search terms."""
    return [*base, *low_confidence_marks(r), *hit_marks(r.text, terms)]
