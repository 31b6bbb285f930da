"""Citations of one document in every registered format, and its tables as CSV."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from opis.interop import EXPORTERS, Exporter, by_extension
from opis.interop.tabular import csv_line
from opis.plugins import RegistryError
from opis.store.errors import NotFound
from opis.web.core.respond import base_url
from opis.web.core.site import Site, viewer_of
from opis.web.reading.document import cite_context, get_document

CITE_EXTENSIONS = ("ris", "bib", "json", "txt")


def _download(body: str, media_type: str, filename: str, inline: bool = False) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": f'{disposition}; filename="{filename}"'})


def router(site: Site) -> APIRouter:
    router = APIRouter(tags=["citations"])

    def export(request: Request, doc_id: str, exporter: Exporter) -> Response:
        viewer = viewer_of(request)
        doc = get_document(site.archive, viewer, doc_id)
        ctx = cite_context(site.archive, viewer, doc, base_url(request))
        return _download(exporter.one(doc, ctx), exporter.media_type, f"{doc.id}.{exporter.extension}",
                         inline=exporter.extension in ("txt", "json"))

    @router.get("/documents/{doc_id}/cite.{extension}",
                summary="Cite a document: .ris (RIS), .bib (BibTeX), .json (CSL-JSON), .txt (Chicago)")
    def cite(request: Request, doc_id: str, extension: str) -> Response:
        exporter = by_extension(extension) if extension in CITE_EXTENSIONS else None
        if exporter is None:
            raise NotFound(f"no citation format .{extension}; use one of {', '.join(CITE_EXTENSIONS)}")
        return export(request, doc_id, exporter)

    @router.get("/documents/{doc_id}/export/{name}", summary="A document in any registered export format")
    def export_named(request: Request, doc_id: str, name: str) -> Response:
        try:
            exporter = EXPORTERS.get(name)
        except RegistryError as exc:
            raise NotFound(str(exc)) from None
        return export(request, doc_id, exporter)

    @router.get("/documents/{doc_id}/tables/{number}.csv", summary="A table found in a document, as CSV")
    def table(request: Request, doc_id: str, number: int) -> Response:
        doc = get_document(site.archive, viewer_of(request), doc_id)
        found = doc.findings.tables
        if not 1 <= number <= len(found):
            raise NotFound(f"document {doc_id} has {len(found)} table(s); no table {number}")
        t = found[number - 1]
        lines = [csv_line(t.header)] if t.header else []
        lines += [csv_line(row) for row in t.rows]
        return _download("".join(lines), "text/csv; charset=utf-8", f"{doc.id}-table-{number}.csv")

    return router
