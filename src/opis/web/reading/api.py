"""The open JSON API of the records under ``/api``: documents, authorities, collections, the
archival tree and stored originals. The pages' ``.json`` twins answer the same data as their HTML;
these are the stable, documented routes for programs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from opis.jobs.align import current
from opis.model import AUTHORITY_KINDS, Document
from opis.store.access import Viewer
from opis.store.errors import NotFound
from opis.store.merging import merged_target
from opis.store.originals import OriginalCorrupt, OriginalMissing
from opis.web.core.auth import require
from opis.web.core.params import Limit, Offset
from opis.web.core.site import Site, viewer_of
from opis.web.reading import document, views


def router(site: Site) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["api"])
    archive, settings = site.archive, site.settings

    @api.get("/documents", summary="A page of documents, by date (undated last)")
    def list_documents(request: Request, offset: Offset = 0, limit: Limit = settings.page_size) -> dict[str, Any]:
        return views.documents_page(archive, viewer_of(request), offset, limit)

    @api.get("/documents/{doc_id}", summary="One document record")
    def get_document(request: Request, response: Response, doc_id: str) -> dict[str, Any]:
        record = archive.get(doc_id, viewer_of(request))
        if not isinstance(record, Document):
            raise NotFound(f"no document {doc_id!r}")
        # The revision as ETag: what a client sends back as If-Match with its change.
        response.headers["ETag"] = f'"{archive.current_revision(doc_id, viewer_of(request))}"'
        return record.model_dump(mode="json")

    @api.get("/documents/{doc_id}/alignments", summary="The sentence pairs of a document's texts: each "
             "translation aligned with the original, as character offsets, with who made them")
    def document_alignments(request: Request, doc_id: str) -> list[dict[str, Any]]:
        doc = archive.get(doc_id, viewer_of(request))
        if not isinstance(doc, Document):
            raise NotFound(f"no document {doc_id!r}")
        return [a.model_dump(mode="json") for a in current(archive, doc, viewer_of(request)).values()]

    @api.get("/documents/{doc_id}/statements", summary="What a document's text says was requested, offered, "
             "decided or delivered: the stored statements with their status (extracted, confirmed, corrected), "
             "confidence and the id of the request each answers; rejected ones left out")
    def document_statements(request: Request, doc_id: str) -> list[dict[str, Any]]:
        doc = archive.get(doc_id, viewer_of(request))
        if not isinstance(doc, Document):
            raise NotFound(f"no document {doc_id!r}")
        return document.document_statements(archive, viewer_of(request), doc.id)

    @api.get("/documents/{doc_id}/revisions", summary="The revision history of a document (staff)")
    def document_revisions(request: Request, doc_id: str,
                           viewer: Annotated[Viewer, Depends(require("read_unpublished"))]) -> list[dict[str, Any]]:
        # Staff only, like the history pages: who changed what, and why, is the archive's own business.
        return [r.__dict__ for r in archive.revisions(doc_id, viewer)]

    @api.get("/authorities", summary="Authority records named so in any script, or by a part of the name, ranked")
    def lookup(request: Request, name: Annotated[str, Query(min_length=1)]) -> list[dict[str, Any]]:
        return [m.__dict__ for m in archive.lookup(name, viewer_of(request))]

    @api.get("/authorities/{record_id}", summary="One authority record with the documents linked to it",
             response_model=None)
    def get_authority(request: Request, record_id: str) -> Any:
        survivor = merged_target(archive, record_id, viewer_of(request))
        if survivor:  # merged away: the record it went into answers
            return RedirectResponse(f"/api/authorities/{survivor}", status_code=301)
        result = views.authority(archive, viewer_of(request), record_id)
        if result["record"]["kind"] not in AUTHORITY_KINDS:
            raise NotFound(f"no authority record {record_id!r}")
        return result

    @api.get("/collections/{record_id}", summary="One collection with its documents")
    def get_collection(request: Request, record_id: str) -> dict[str, Any]:
        return views.authority(archive, viewer_of(request), record_id)

    @api.get("/repositories", summary="Every repository with counts of documents held and citations")
    def repositories(request: Request) -> dict[str, Any]:
        return views.repositories(archive, viewer_of(request))

    @api.get("/repositories/{slug}", summary="A repository's fonds")
    def repository(request: Request, slug: str, offset: Offset = 0, limit: Limit = 100) -> dict[str, Any]:
        return views.tree(archive, viewer_of(request), slug, [], offset, limit)

    @api.get("/repositories/{slug}/{rest:path}",
             summary="A unit of the archival tree: fonds/F[/opisi/O[/papki/P][/dela/D]]")
    def tree_unit(request: Request, slug: str, rest: str, offset: Offset = 0, limit: Limit = 100,
                  refs_offset: Offset = 0, refs_limit: Limit = 50) -> dict[str, Any]:
        return views.tree(archive, viewer_of(request), slug, views.parse_tree_path(rest), offset, limit,
                          refs_offset, refs_limit)

    @api.get("/originals/{sha256}", summary="Download a stored original file, unchanged", response_model=None)
    def original(request: Request, sha256: str) -> FileResponse:
        info = archive.original_info(sha256, viewer_of(request))
        try:
            path = archive.originals.local_path(sha256)
        except (OriginalMissing, OriginalCorrupt) as exc:
            # Never answer with other bytes than the original's: a damaged copy is a server fault.
            raise HTTPException(500, f"the stored original {sha256} cannot be served unchanged: {exc}") from None
        return FileResponse(path, media_type=info["media_type"], filename=info["filename"])

    return api
