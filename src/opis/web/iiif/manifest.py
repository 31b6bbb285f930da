"""IIIF Presentation 3.0 manifest of one document at ``/iiif/{doc_id}/manifest.json``: a canvas per page
(an image file, or a page of a PDF drawn from it), the document's texts as ``supplementing``
annotations with textual bodies (an OCR text page by page on the canvases it was read from), the
rights and the archival reference as the required statement, and the content search service.

A page whose file cannot be read is left out (the rest of the document is kept) and named in the
manifest's summary, so a reader learns a page is missing rather than seeing a silent gap."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from opis.ingest.language import guess_language
from opis.model import Collection, Document, Rendition
from opis.store.archive import Archive
from opis.store.errors import NotFound
from opis.store.pagequeries import linked_documents
from opis.web.core import labels
from opis.web.core.respond import base_url
from opis.web.core.site import Site, viewer_of
from opis.web.iiif.image import CORS, info_json
from opis.web.iiif.pages import PageImage, document_pages, get_document

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
SEARCH_CONTEXT = "http://iiif.io/api/search/2/context.json"
NO_RIGHTS = "Rights not recorded for this document: ask the holding archive before reuse."
KIND_WORDS = {"original": "transcription", "ocr": "text read by OCR", "translation": "translation"}


def _tag(text: str, fallback: str = "none") -> str:
    """The language a catalogue text is written in (titles are often English over a Russian document)."""
    return guess_language(text) or fallback


def canvas_id(base: str, doc_id: str, n: int) -> str:
    return f"{base}/iiif/{doc_id}/canvas/{n}"


def _canvas(base: str, doc_id: str, n: int, page: PageImage) -> dict[str, Any]:
    canvas = canvas_id(base, doc_id, n)
    service = info_json(f"{base}/iiif/image/{page.ident}", page.width, page.height)
    body = {"id": f"{base}/iiif/image/{page.ident}/full/max/0/default.jpg", "type": "Image", "format": "image/jpeg",
            "width": page.width, "height": page.height,
            "service": [{"id": service["id"], "type": "ImageService3", "profile": "level2"}]}
    return {"id": canvas, "type": "Canvas", "label": {"en": [f"{n} ({page.what})"]}, "width": page.width,
            "height": page.height, "items": [{"id": f"{canvas}/page", "type": "AnnotationPage", "items": [
                {"id": f"{canvas}/image", "type": "Annotation", "motivation": "painting", "body": body,
                 "target": canvas}]}]}


def _annotation(anno_id: str, r: Rendition, text: str, target: str) -> dict[str, Any]:
    return {"id": anno_id, "type": "Annotation", "motivation": "supplementing",
            "label": {"en": [f"{labels.language(r.language)} {KIND_WORDS[r.kind]}"]},
            "body": {"type": "TextualBody", "value": text, "format": "text/plain", "language": r.language},
            "target": target}


def _texts(base: str, doc: Document, pages: list[PageImage]) -> dict[int, list[dict[str, Any]]]:
    """Annotations per canvas number: an OCR text split at its page breaks onto the canvases of the
    file it was read from; any other text (it runs over the whole document) on the first canvas."""
    where = {(p.sha256, p.page): n for n, p in enumerate(pages, start=1)}
    out: dict[int, list[dict[str, Any]]] = {}
    for r in doc.renditions:
        if not r.text:
            continue
        parts = r.text.split("\f")
        spots = [where.get((r.source_original or "", k)) for k in range(1, len(parts) + 1)]
        if r.kind == "ocr" and len(parts) > 1 and all(spots):
            for k, (part, n) in enumerate(zip(parts, spots, strict=True), start=1):
                assert n is not None
                out.setdefault(n, []).append(_annotation(f"{canvas_id(base, doc.id, n)}/texts/{r.id}-{k}", r, part,
                                                         canvas_id(base, doc.id, n)))
        else:
            out.setdefault(1, []).append(_annotation(f"{canvas_id(base, doc.id, 1)}/texts/{r.id}", r, r.text,
                                                     canvas_id(base, doc.id, 1)))
    return out


def _metadata(doc: Document, refs: str, rights: str) -> list[dict[str, Any]]:
    def entry(label: str, value: str, lang: str = "none") -> dict[str, Any]:
        return {"label": {"en": [label]}, "value": {lang: [value]}}

    rows = [entry("Genre", labels.genre(doc.genre), "en")]
    if doc.date:
        rows.append(entry("Date", doc.date.text or doc.date.edtf, _tag(doc.date.text or "")))
    if doc.languages:
        rows.append(entry("Languages", ", ".join(labels.language(t) for t in doc.languages), "en"))
    for r in doc.renditions:
        made = "; ".join(f"{c.role}: {c.name}" for c in r.credits) or r.provenance
        checked = f"; checked by {r.checked_by}" if r.checked_by else "; not yet checked by a person"
        rows.append(entry(f"{labels.language(r.language)} {KIND_WORDS[r.kind]}", (made or "—") + checked, "en"))
    rows += [entry("Archival reference", refs), entry("Rights", rights, _tag(rights, "en"))]
    return rows


def manifest(archive: Archive, site: Site, request: Request, doc: Document) -> dict[str, Any]:
    base = base_url(request)
    me = f"{base}/iiif/{doc.id}/manifest.json"
    pages, failed = document_pages(archive, site.settings.data_dir, viewer_of(request), doc)
    canvases = [_canvas(base, doc.id, n, p) for n, p in enumerate(pages, start=1)]
    for n, texts in _texts(base, doc, pages).items():
        if n <= len(canvases):
            canvases[n - 1]["annotations"] = [{"id": f"{canvas_id(base, doc.id, n)}/texts", "type": "AnnotationPage",
                                               "items": texts}]
    summary = doc.summary or doc.title
    if failed:
        summary += " — pages that could not be shown: " + "; ".join(failed)
    refs = "; ".join(r.raw for r in doc.archival_refs) or "no archival reference recorded"
    rights = doc.rights or NO_RIGHTS
    return {
        "@context": [SEARCH_CONTEXT, CONTEXT], "id": me, "type": "Manifest",
        "label": {_tag(doc.title): [doc.title]}, "summary": {_tag(summary): [summary]},
        "metadata": _metadata(doc, refs, rights),
        "requiredStatement": {"label": {"en": ["Rights and archival reference"]},
                              "value": {"none": [f"{rights} — {refs}"]}},
        "homepage": [{"id": f"{base}/documents/{doc.id}", "type": "Text", "label": {_tag(doc.title): [doc.title]},
                      "format": "text/html"}],
        "seeAlso": [{"id": f"{base}/documents/{doc.id}.json", "type": "Dataset", "format": "application/json",
                     "label": {"en": ["The document's JSON record"]}}],
        "service": [{"id": f"{base}/iiif/search/{doc.id}", "type": "SearchService2"}],
        "items": canvases,
    }


COLLECTION_LIMIT = 1000  # manifests listed in one IIIF collection (a bigger collection is cut, and says so)


def collection(archive: Archive, request: Request, record: Collection) -> dict[str, Any]:
    """A IIIF collection of the manifests of the documents in ``record`` the reader may see."""
    base = base_url(request)
    shown, total = linked_documents(archive, viewer_of(request), record.id, ("collection",), 0, COLLECTION_LIMIT)
    summary = record.description or record.title
    if total > len(shown):
        summary += f" (the first {len(shown)} of {total} documents)"
    return {"@context": CONTEXT, "id": f"{base}/iiif/collections/{record.id}/collection.json", "type": "Collection",
            "label": {_tag(record.title): [record.title]}, "summary": {_tag(summary): [summary]},
            "homepage": [{"id": f"{base}/collections/{record.id}", "type": "Text",
                          "label": {_tag(record.title): [record.title]}, "format": "text/html"}],
            "items": [{"id": f"{base}/iiif/{d.id}/manifest.json", "type": "Manifest",
                       "label": {_tag(d.title): [d.title]}} for d in shown]}


def router(site: Site) -> APIRouter:
    api = APIRouter()

    @api.get("/iiif/{doc_id}/manifest.json")
    def document_manifest(request: Request, doc_id: str) -> JSONResponse:
        doc = get_document(site.archive, viewer_of(request), doc_id)  # the reading room's access rule
        return JSONResponse(manifest(site.archive, site, request, doc), headers=CORS,
                            media_type="application/ld+json;profile=\"http://iiif.io/api/presentation/3/context.json\"")

    @api.get("/iiif/collections/{record_id}/collection.json")
    def collection_json(request: Request, record_id: str) -> JSONResponse:
        record = site.archive.get(record_id, viewer_of(request))
        if not isinstance(record, Collection):
            raise NotFound(f"no collection {record_id!r}")
        return JSONResponse(collection(site.archive, request, record), headers=CORS,
                            media_type="application/ld+json;profile=\"http://iiif.io/api/presentation/3/context.json\"")

    return api
