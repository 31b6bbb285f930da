"""IIIF Presentation 3.0 manifest of one document at ``/iiif/{doc_id}/manifest.json``: a canvas per
scanned page (its stored image, sized from the file), the document's texts as ``supplementing``
annotations with textual bodies, the archival reference as the required statement.

A page whose file cannot be read is left out (the rest of the document is kept) and named in the
manifest's summary, so a reader learns a page is missing rather than seeing a silent gap."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from opis.images import PageImageError, read_info
from opis.model import Collection, Document
from opis.store.archive import Archive
from opis.store.errors import NotFound
from opis.store.pagequeries import linked_documents
from opis.web.core.respond import base_url
from opis.web.core.site import Site, viewer_of
from opis.web.iiif.image import CORS, image_path, info_json
from opis.web.reading.document import get_document

CONTEXT = "http://iiif.io/api/presentation/3/context.json"


def _lang(doc: Document) -> str:
    return doc.languages[0] if doc.languages else "none"


def _pages(archive: Archive, request: Request, doc: Document) -> tuple[list[tuple[str, int, int]], list[str]]:
    """(sha256, width, height) of each scan the reader may see, and the names of pages that failed."""
    pages, failed = [], []
    for original in doc.originals:
        if not original.media_type.startswith("image/"):
            continue
        try:
            size = read_info(image_path(archive, request, original.sha256))
        except NotFound:
            continue  # hidden from this reader through another holder, or not stored
        except PageImageError as exc:
            failed.append(f"{original.filename}: {exc}")
            continue
        pages.append((original.sha256, size.width, size.height))
    return pages, failed


def _texts(doc: Document, canvas: str, page_id: str) -> dict[str, Any]:
    items = [{"id": f"{page_id}/{r.id}", "type": "Annotation", "motivation": "supplementing",
              "body": {"type": "TextualBody", "value": r.text, "format": "text/plain", "language": r.language},
              "target": canvas} for r in doc.renditions if r.text]
    return {"id": page_id, "type": "AnnotationPage", "items": items}


def manifest(archive: Archive, request: Request, doc: Document) -> dict[str, Any]:
    base = base_url(request)
    me = f"{base}/iiif/{doc.id}/manifest.json"
    lang = _lang(doc)
    pages, failed = _pages(archive, request, doc)
    canvases = []
    for n, (sha, width, height) in enumerate(pages, start=1):
        canvas = f"{base}/iiif/{doc.id}/canvas/{n}"
        service = info_json(f"{base}/iiif/image/{sha}", width, height)
        body = {"id": f"{base}/iiif/image/{sha}/full/max/0/default.jpg", "type": "Image", "format": "image/jpeg",
                "width": width, "height": height,
                "service": [{"id": service["id"], "type": "ImageService3", "profile": "level2"}]}
        item = {"id": f"{canvas}/page", "type": "AnnotationPage", "items": [
            {"id": f"{canvas}/image", "type": "Annotation", "motivation": "painting", "body": body,
             "target": canvas}]}
        entry: dict[str, Any] = {"id": canvas, "type": "Canvas", "label": {"none": [str(n)]},
                                 "width": width, "height": height, "items": [item]}
        if n == 1 and doc.renditions:  # the texts run over the whole document; they hang on its first page
            entry["annotations"] = [_texts(doc, canvas, f"{canvas}/texts")]
        canvases.append(entry)
    summary = doc.summary or doc.title
    if failed:
        summary += " — pages that could not be shown: " + "; ".join(failed)
    refs = "; ".join(r.raw for r in doc.archival_refs) or "no archival reference recorded"
    metadata = [{"label": {"en": ["Genre"]}, "value": {"none": [doc.genre]}}]
    if doc.date:
        metadata.append({"label": {"en": ["Date"]}, "value": {"none": [doc.date.edtf]}})
    if doc.languages:
        metadata.append({"label": {"en": ["Languages"]}, "value": {"none": [", ".join(doc.languages)]}})
    return {
        "@context": CONTEXT, "id": me, "type": "Manifest",
        "label": {lang: [doc.title]}, "summary": {lang: [summary]}, "metadata": metadata,
        "requiredStatement": {"label": {"en": ["Archival reference"]}, "value": {"none": [refs]}},
        "homepage": [{"id": f"{base}/documents/{doc.id}", "type": "Text", "label": {lang: [doc.title]},
                      "format": "text/html"}],
        "seeAlso": [{"id": f"{base}/documents/{doc.id}.json", "type": "Dataset", "format": "application/json"}],
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
            "label": {"none": [record.title]}, "summary": {"none": [summary]},
            "homepage": [{"id": f"{base}/collections/{record.id}", "type": "Text", "label": {"none": [record.title]},
                          "format": "text/html"}],
            "items": [{"id": f"{base}/iiif/{d.id}/manifest.json", "type": "Manifest", "label": {"none": [d.title]}}
                      for d in shown]}


def router(site: Site) -> APIRouter:
    api = APIRouter()

    @api.get("/iiif/{doc_id}/manifest.json")
    def document_manifest(request: Request, doc_id: str) -> JSONResponse:
        doc = get_document(site.archive, viewer_of(request), doc_id)  # the reading room's access rule
        return JSONResponse(manifest(site.archive, request, doc), headers=CORS,
                            media_type="application/ld+json;profile=\"http://iiif.io/api/presentation/3/context.json\"")

    @api.get("/iiif/collections/{record_id}/collection.json")
    def collection_json(request: Request, record_id: str) -> JSONResponse:
        record = site.archive.get(record_id, viewer_of(request))
        if not isinstance(record, Collection):
            raise NotFound(f"no collection {record_id!r}")
        return JSONResponse(collection(site.archive, request, record), headers=CORS,
                            media_type="application/ld+json;profile=\"http://iiif.io/api/presentation/3/context.json\"")

    return api
