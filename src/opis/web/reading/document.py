"""The document page: record, texts side by side, findings, related documents, citation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from opis.interop import CiteContext
from opis.interop.archival import archive_of
from opis.interop.chicago import chicago_note
from opis.interop.embedded import coins, meta_tags
from opis.jobs.align import current, pivot_of
from opis.model import ArchivalReference, Document, Rendition
from opis.model.alignment import Alignment
from opis.store import statements
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.errors import NotFound
from opis.store.pagequeries import authorities
from opis.store.witnesses import Link, links_of
from opis.web.core import labels
from opis.web.iiif.pages import Hit, document_pages, get_document, hits_in
from opis.web.reading import findings
from opis.web.reading.decisions import passage_url
from opis.web.reading.parallel import grid, query_terms, text_marks
from opis.web.reading.textmarks import (
    Mark,
    footnote_marks,
    marked_paragraphs,
    name_marks,
    translated_footnote_marks,
)
from opis.web.reading.witnesses import catalogue_work, witnesses

__all__ = ["get_document"]  # defined beside the pages (web/iiif/pages.py), read from here too

CITE_FORMATS = (("ris", "RIS"), ("bib", "BibTeX"), ("json", "CSL-JSON"), ("txt", "Chicago (text)"))


def _linked_ids(doc: Document) -> set[str]:
    ids = {a.authority for a in doc.agents if a.authority} | {p.authority for p in doc.places if p.authority}
    ids |= set(doc.collections) | {r.target for r in doc.relations}
    return ids | {n.authority for n in doc.findings.names if n.authority}


def _people_ids(doc: Document) -> list[str]:
    agents = {a.authority for a in doc.agents if a.authority}
    return sorted(agents | {c.authority for r in doc.renditions for c in r.credits if c.authority})


def linked_titles(archive: Archive, viewer: Viewer, doc: Document) -> dict[str, str]:
    """Titles of the records the document names that the reader may see (only these get a link)."""
    return {i: title for i, (_, title) in archive.titles(sorted(_linked_ids(doc)), viewer).items()}


def cite_context(archive: Archive, viewer: Viewer, doc: Document, base: str,
                 links: list[Link] | None = None) -> CiteContext:
    """The document's people as the reader may see them, for names in citations; the catalogue record of the
    work it is a confirmed witness of, for what the copy itself does not say (author, date)."""
    work = catalogue_work(archive, viewer, doc, links)
    ids = _people_ids(doc) + (_people_ids(work) if work is not None else [])
    return CiteContext(base, authorities(archive, viewer, ids), work)


def _reference(ref: ArchivalReference) -> dict[str, Any]:
    where = archive_of(ref)
    return {"raw": ref.raw, "formatted": findings.formatted(ref) or ref.raw,
            "repository": ref.repository, "archive": where.name, "place": where.place,
            "location": where.location, "href": findings.tree_href(ref), "folios": ref.folios}


def _column(r: Rendition) -> dict[str, Any]:
    confidences = [p.confidence for p in r.ocr_pages if p.confidence is not None]
    return {"id": r.id, "kind": r.kind, "language": r.language, "language_label": labels.language(r.language),
            "credits": [{"name": c.name, "role": c.role} for c in r.credits], "provenance": r.provenance,
            "source_original": r.source_original, "checked_by": r.checked_by,
            "renders_original": r.renders_original,
            "ocr_confidence": round(sum(confidences) / len(confidences), 2) if confidences else None}


def _marks(doc: Document, r: Rendition, allowed: set[str]) -> list[Mark]:
    # Findings were extracted from the ingested text, which is the original (or OCR) rendition.
    if r.kind == "translation":
        return translated_footnote_marks(r.text, (f.number for f in doc.findings.footnotes))
    return name_marks(r.text, doc.findings.names, allowed) + footnote_marks(r.text, doc.findings.footnotes)


def _first_refs(bodies: list[list[list[dict[str, str]]]]) -> None:
    """Flag each footnote's first marker: it gets the id the footnote's back-link points to."""
    seen: set[str] = set()
    for body in bodies:
        for para in body:
            for piece in para:
                if "fn" in piece and piece["fn"] not in seen:
                    seen.add(piece["fn"])
                    piece["first"] = "1"


def _alignment_info(a: Alignment) -> dict[str, Any]:
    return {"left": a.left_id, "right": a.right_id, "origin": a.origin, "revision": a.revision, "actor": a.actor,
            "updated_at": a.updated_at, "method": a.method, "pairs": [list(p) for p in a.pairs]}


def passage_mark(passage: str, doc: Document) -> tuple[str, Mark] | None:
    """``<rendition id>:<start>-<end>`` (a decision record's link to a statement) as a mark on that text, or
    None when it names no span of one of the document's texts."""
    rid, _, span = passage.partition(":")
    lo, _, hi = span.partition("-")
    texts_by_id = {r.id: r.text for r in doc.renditions}
    if rid not in texts_by_id or not (lo.isdigit() and hi.isdigit()):
        return None
    start, end = int(lo), int(hi)
    if not 0 <= start < end <= len(texts_by_id[rid]):
        return None
    return rid, (start, end, "passage", "passage")


def _with_passage(marks: list[Mark], passage: Mark | None) -> list[Mark]:
    """The passage outweighs the marks it overlaps (a name inside it is shown as part of it)."""
    if passage is None:
        return marks
    return [m for m in marks if m[1] <= passage[0] or passage[1] <= m[0]] + [passage]


def texts(archive: Archive, viewer: Viewer, doc: Document, allowed: set[str], q: str = "",
          passage: str = "") -> dict[str, Any]:
    """Renditions side by side: sentence-aligned rows (from the stored alignments) when the document has an
    original or OCR text and another text, else one column per text."""
    shown = sorted(doc.renditions, key=lambda r: {"original": 0, "ocr": 1, "translation": 2}[r.kind])
    terms = query_terms(q)
    chosen = passage_mark(passage, doc) if passage else None
    marks = {r.id: _with_passage(text_marks(r, _marks(doc, r, allowed), terms),
                                 chosen[1] if chosen and chosen[0] == r.id else None) for r in shown}
    pivot, others = pivot_of(doc)
    found = current(archive, doc, viewer) if pivot is not None else {}
    if pivot is not None and found:
        table = grid(pivot, others, found, marks, terms)
        by_id = {r.id: r for r in shown}
        columns = [_column(by_id[i]) for i in table["columns"]]
        _first_refs([[p for cell in row for p in cell["paras"]] for row in table["rows"]])
        rest = [r for r in shown if r.id not in table["columns"]]
        return {"mode": "sentences", "columns": columns, "rows": table["rows"], "query": q,
                "hits": sum(1 for row in table["rows"] for c in row if c.get("hit")),
                "alignments": [_alignment_info(found[i]) for i in table["columns"][1:]],
                "unaligned": [_column(r) for r in rest],
                "unaligned_bodies": [marked_paragraphs(r.text, marks[r.id]) for r in rest]}
    bodies = [marked_paragraphs(r.text, marks[r.id]) for r in shown]
    _first_refs(bodies)
    return {"mode": "columns", "columns": [_column(r) for r in shown], "rows": [], "bodies": bodies, "query": q,
            "hits": 0, "alignments": [], "unaligned": [], "unaligned_bodies": []}


def _originals(archive: Archive, viewer: Viewer, doc: Document) -> list[dict[str, Any]]:
    """The attached files the reader may download (an original also held by a record hidden from the
    reader is not theirs to download, store/archive.py:original_info)."""
    out = []
    for o in doc.originals:
        size = None
        if archive.has_original(o.sha256):
            try:
                size = archive.original_info(o.sha256, viewer)["size"]
            except NotFound:
                continue
        out.append({"sha256": o.sha256, "filename": o.filename, "media_type": o.media_type, "role": o.role,
                    "size": size, "href": f"/api/originals/{o.sha256}"})
    return out


def _related(archive: Archive, viewer: Viewer, doc: Document, titles: dict[str, str]) -> dict[str, Any]:
    # "relation" is the code the page words in the reader's language; "type" stays the English label.
    outgoing = [{"id": r.target, "title": titles[r.target], "type": labels.relation(r.type), "relation": r.type,
                 "note": r.note} for r in doc.relations if r.target in titles]
    incoming = [{"id": i, "title": t, "type": labels.inverse_relation(role), "relation": labels.inverse_code(role)}
                for i, t, role in archive.linked(doc.id, viewer) if i != doc.id]
    same_file = []
    for ref in doc.archival_refs:
        if ref.repository and ref.fond and ref.opis and ref.delo:
            path = [(lvl, v) for lvl, v in ref.path() if lvl != "folios"]
            hits, _ = archive.tree_refs(viewer, path, 0, 8)
            same_file += [{"id": h.record_id, "title": h.title, "file": ref.raw, "folios": h.folios}
                          for h in hits if h.record_id != doc.id and h.origin == "holding"]
    return {"relations": outgoing, "referring": incoming, "same_file": same_file}


SCAN_WIDTHS = (360, 720, 1200)  # the IIIF sizes a page's <img srcset> offers


def _hit_box(h: Hit, width: int, height: int) -> dict[str, Any]:
    """A word found on the page as percentages of it, so the mark sits on the picture at any size."""
    return {"text": h.text, "left": round(100 * h.x / width, 3), "top": round(100 * h.y / height, 3),
            "width": round(100 * h.w / width, 3), "height": round(100 * h.h / height, 3), "box": h.box}


def _scans(archive: Archive, data_dir: Path, viewer: Viewer, doc: Document, q: str) -> dict[str, Any]:
    """The pages the reader may see (image files, and a PDF's pages drawn from it), with IIIF Image API
    sizes for a plain <img srcset> (the page works without script), and the words of ``q`` found on each
    page by OCR as boxes; a file that cannot be read says why."""
    pages, failed = document_pages(archive, data_dir, viewer, doc)
    hits = hits_in(archive, pages, q) if q.strip() else []
    shown: list[dict[str, Any]] = []
    for n, p in enumerate(pages, start=1):
        base = f"/iiif/image/{p.ident}"
        widths = sorted({min(w, p.width) for w in SCAN_WIDTHS})
        message, fill = p.what_words
        shown.append({"n": n, "filename": p.filename, "what": p.what, "what_message": message, "what_fill": fill,
                      "role": p.role, "info": f"{base}/info.json",
                      "width": p.width, "height": p.height, "src": f"{base}/full/{widths[0]},/0/default.jpg",
                      "srcset": ", ".join(f"{base}/full/{w},/0/default.jpg {w}w" for w in widths),
                      "full": f"{base}/full/max/0/default.jpg",
                      "hits": [_hit_box(h, p.width, p.height) for h in hits if h.canvas == n]})
    return {"pages": shown, "failed": failed, "query": q if q.strip() else "", "hits": len(hits),
            "search": f"/iiif/search/{doc.id}"}


def document_statements(archive: Archive, viewer: Viewer, doc_id: str) -> list[dict[str, Any]]:
    """A document's stored statements as the API gives them: each with the link to its highlighted passage."""
    return [{**s.as_dict(), "passage": passage_url(s)} for s in statements.of_document(archive, doc_id, viewer)]


def document_page(archive: Archive, viewer: Viewer, doc_id: str, base: str, q: str = "",
                  data_dir: Path | None = None, passage: str = "") -> dict[str, Any]:
    doc = get_document(archive, viewer, doc_id)
    titles = linked_titles(archive, viewer, doc)
    links = links_of(archive, doc.id, viewer)
    ctx = cite_context(archive, viewer, doc, base, links)
    return {
        "record": doc.model_dump(mode="json"),
        "genre_label": labels.genre(doc.genre),
        "classification_label": labels.classification(doc.classification.level if doc.classification else None),
        "languages": [{"tag": t, "label": labels.language(t)} for t in doc.languages],
        "linked": titles,
        "references": [_reference(r) for r in doc.archival_refs],
        "texts": texts(archive, viewer, doc, set(titles), q, passage),
        "originals": _originals(archive, viewer, doc),
        "scans": _scans(archive, data_dir or archive.originals.root.parent, viewer, doc, q),
        "manifest": f"/iiif/{doc.id}/manifest.json",
        "footnotes": findings.footnotes(doc),
        "mentions": findings.mentions(doc, titles),
        "dates": findings.dates(doc), "quantities": findings.quantities(doc), "rates": findings.rates(doc),
        "tables": findings.tables(doc),
        # As stored: with the editor's verdict, confidence and the link to the request answered (rejected
        # ones left out), each with its passage link; the decision record reads the same rows.
        "statements": document_statements(archive, viewer, doc.id),
        "related": _related(archive, viewer, doc, titles),
        "witnesses": witnesses(archive, viewer, doc, links),
        "cite": {"chicago_note": chicago_note(doc, ctx),
                 "formats": [{"label": label, "href": f"/documents/{doc.id}/cite.{ext}"}
                             for ext, label in CITE_FORMATS]},
        "embedded": {"meta": meta_tags(doc, ctx), "coins": coins(doc, ctx)},
    }
