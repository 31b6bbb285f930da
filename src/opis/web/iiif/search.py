"""IIIF Content Search 2.0 inside one document at ``/iiif/search/{doc_id}?q=…``: the OCR words on the
document's pages that begin with a word of the query, each an annotation whose target is the box on
its canvas (``canvas#xywh=x,y,w,h``), so a viewer lights the hit on the scan.

The boxes were kept with the page at ingest (``store/pagewords.py``), in the pixels of the picture OCR
read; they are scaled here to the canvas, which for a PDF page is the page drawn at another resolution.
The reading room's access rule applies: a hidden document is a 404, and only the pages the reader may
see are searched."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from opis.web.core.respond import base_url
from opis.web.core.site import Site, viewer_of
from opis.web.iiif.image import CORS
from opis.web.iiif.manifest import canvas_id
from opis.web.iiif.pages import Hit, document_pages, get_document, hits_in

CONTEXT = "http://iiif.io/api/search/2/context.json"
def answer(base: str, doc_id: str, q: str, hits: list[Hit], ignored: list[str]) -> dict[str, Any]:
    me = f"{base}/iiif/search/{doc_id}?{urlencode({'q': q})}"
    body: dict[str, Any] = {
        "@context": CONTEXT, "id": me, "type": "AnnotationPage",
        "partOf": {"id": me, "type": "AnnotationCollection", "total": len(hits)},
        "items": [{"id": f"{base}/iiif/search/{doc_id}/hit/{i}?{urlencode({'q': q})}", "type": "Annotation",
                   "motivation": "highlighting",
                   "body": {"type": "TextualBody", "value": h.text, "format": "text/plain"},
                   "target": f"{canvas_id(base, doc_id, h.canvas)}#xywh={h.box}"}
                  for i, h in enumerate(hits, start=1)],
    }
    if ignored:
        body["ignored"] = ignored
    return body


def router(site: Site) -> APIRouter:
    api = APIRouter()

    @api.get("/iiif/search/{doc_id}")
    def search(request: Request, doc_id: str, q: str = "") -> JSONResponse:
        doc = get_document(site.archive, viewer_of(request), doc_id)
        pages, _ = document_pages(site.archive, site.settings.data_dir, viewer_of(request), doc)
        hits = hits_in(site.archive, pages, q) if q.strip() else []
        ignored = sorted(k for k in request.query_params if k != "q")  # motivation, date, user: not supported
        return JSONResponse(answer(base_url(request), doc.id, q, hits, ignored), headers=CORS,
                            media_type=f'application/ld+json;profile="{CONTEXT}"')

    return api
