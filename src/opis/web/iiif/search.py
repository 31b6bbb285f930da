"""IIIF Content Search 2.0 inside one document at ``/iiif/search/{doc_id}?q=…``: the OCR words on the
document's pages that begin with a word of the query, each an annotation whose target is the box on
its canvas (``canvas#xywh=x,y,w,h``), so a viewer lights the hit on the scan.

The boxes were kept with the page at ingest (``store/pagewords.py``), in the pixels of the picture OCR
read; they are scaled here to the canvas, which for a PDF page is the page drawn at another resolution.
The reading room's access rule applies: a hidden document is a 404, and only the pages the reader may
see are searched."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from opis.store.archive import Archive
from opis.store.pagewords import WordHit, find_words
from opis.web.core.respond import base_url
from opis.web.core.site import Site, viewer_of
from opis.web.iiif.image import CORS
from opis.web.iiif.manifest import canvas_id
from opis.web.iiif.pages import PageImage, document_pages
from opis.web.reading.document import get_document

CONTEXT = "http://iiif.io/api/search/2/context.json"
MAX_QUERY = 200  # characters of a query read


@dataclass(frozen=True)
class Hit:
    canvas: int  # 1-based page of the document
    text: str
    x: int  # in the canvas's pixels
    y: int
    w: int
    h: int
    confidence: float

    @property
    def box(self) -> str:
        return f"{self.x},{self.y},{self.w},{self.h}"


def _on_canvas(hit: WordHit, n: int, page: PageImage) -> Hit:
    sx, sy = page.width / max(hit.page_width, 1), page.height / max(hit.page_height, 1)
    return Hit(n, hit.text, round(hit.x * sx), round(hit.y * sy), max(1, round(hit.w * sx)), max(1, round(hit.h * sy)),
               hit.confidence)


def hits_in(archive: Archive, pages: list[PageImage], q: str) -> list[Hit]:
    """The words of ``q`` found on ``pages`` (the document's visible pages), as boxes on their canvases."""
    where = {(p.sha256, p.page): (n, p) for n, p in enumerate(pages, start=1)}
    shas = list(dict.fromkeys(p.sha256 for p in pages))
    found = []
    for w in find_words(archive, shas, q[:MAX_QUERY]):
        spot = where.get((w.sha256, w.page))
        if spot is not None:  # a frame of a multi-page TIFF beyond the first has no canvas of its own
            found.append(_on_canvas(w, *spot))
    return found


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
        pages, _ = document_pages(site.archive, site.settings.data_dir, request, doc)
        hits = hits_in(site.archive, pages, q) if q.strip() else []
        ignored = sorted(k for k in request.query_params if k != "q")  # motivation, date, user: not supported
        return JSONResponse(answer(base_url(request), doc.id, q, hits, ignored), headers=CORS,
                            media_type=f'application/ld+json;profile="{CONTEXT}"')

    return api
