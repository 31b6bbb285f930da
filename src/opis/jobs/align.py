"""Keeping a document's sentence alignments current: made by the aligner when a pair of texts has
none, or when either text changed since (the stored alignment is keyed by both texts' hashes);
otherwise the stored one, perhaps edited by a translator, is used as it is."""

from __future__ import annotations

from opis.extract.align import align_texts
from opis.model import Document, Rendition
from opis.model.alignment import Alignment
from opis.store import alignments
from opis.store.access import Viewer
from opis.store.archive import Archive

METHOD = "length+anchors v1"
# About 4,000 sentences a side: aligned in some five seconds, once (bench/texts/align.py). A longer pair
# of texts is shown text beside text, unaligned, rather than hold a reader's first request for longer.
MAX_ALIGNED_CHARS = 400_000
_ORDER = {"original": 0, "ocr": 1, "translation": 2}


def pivot_of(doc: Document) -> tuple[Rendition | None, list[Rendition]]:
    """The text the others are aligned to (the original, else the OCR text) and the texts that render it
    (a passage of another part of the document, ``renders_original`` false, is not one of them)."""
    shown = sorted(doc.renditions, key=lambda r: _ORDER[r.kind])
    if len(shown) < 2 or shown[0].kind == "translation":
        return None, []
    return shown[0], [r for r in shown[1:] if r.renders_original]


def make(doc: Document, left: Rendition, right: Rendition) -> Alignment:
    pairs = align_texts(left.text, left.language, right.text, right.language)
    return alignments.made_for(doc.id, left.id, left.text, right.id, right.text, pairs, METHOD)


def current(archive: Archive, doc: Document, viewer: Viewer) -> dict[str, Alignment]:
    """The alignment of the pivot text with each other text, by the other text's id; made and stored
    only where none fits the texts as they are now."""
    pivot, others = pivot_of(doc)
    if pivot is None:
        return {}
    have = {a.right_id: a for a in alignments.stored(archive, doc.id, viewer) if a.left_id == pivot.id}
    out = {}
    for other in others:
        found = have.get(other.id)
        if found is None or not found.fits(pivot.text, other.text):
            if not pivot.text.strip() or not other.text.strip() \
                    or max(len(pivot.text), len(other.text)) > MAX_ALIGNED_CHARS:
                continue
            found = alignments.keep(archive, make(doc, pivot, other))
        out[other.id] = found
    return out
