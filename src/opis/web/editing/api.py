"""The editing API: create and replace documents, move them along the workflow, and the two public
helpers the form's script uses (EDTF read-back, archival citation parsing).

Writes go through ``Archive.edit`` / ``Archive.move`` like the forms, so the same rules, revisions
and audit entries apply. ``PUT`` guards against lost updates with ``If-Match: <revision>`` (or
``?expected_revision=``): a mismatch is 409 and nothing is saved.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from opis.model import Document, Status
from opis.model.findings import Findings
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.errors import Invalid
from opis.web.core.auth import client_ip, require
from opis.web.core.params import Expected, IfMatch, if_match_revision
from opis.web.core.site import Site
from opis.web.editing.assist import edtf_preview, parse_references
from opis.web.editing.bodies import (
    Created,
    DocId,
    DocumentBody,
    EdtfAnswer,
    ParsedReferences,
    SavedBody,
    StatusBody,
    error_responses,
)
from opis.web.editing.forms import new_document_id
from opis.web.editing.limits import problems
from opis.web.reading.document import get_document

Editor = Annotated[Viewer, Depends(require("edit_drafts"))]
Message = Annotated[str, Query(max_length=500, pattern=r"^[^\x00]*$",
                               description="Why: kept with the revision in the history")]
def to_document(body: DocumentBody, doc_id: str, status: Status, findings: Findings | dict[str, Any],
                current: Document | None = None) -> Document:
    """The record a body describes (changing ``current``, if given), or Invalid (422) naming every
    field the store could not hold."""
    try:
        doc = Document.model_validate({**body.content(), "id": doc_id, "status": status, "findings": findings})
    except ValidationError as exc:
        raise Invalid("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())) from exc
    found = problems(doc.model_dump(), current.model_dump() if current else None)
    if found:
        raise Invalid("; ".join(f"{'.'.join(path)} {problem}" for path, problem in found))
    return doc


def _create(archive: Archive, request: Request, viewer: Viewer, body: DocumentBody, message: str) -> JSONResponse:
    if body.id is not None:
        raise Invalid("a new document gets its id from the server; leave 'id' out")
    doc = to_document(body, new_document_id(), body.status or Status.DRAFT, {})
    saved = archive.edit(doc, viewer, message or "created", client_ip(request))
    url = f"/api/documents/{saved.id}"
    created = Created(id=saved.id, revision=saved.revision, status=doc.status, url=url)
    return JSONResponse(created.model_dump(mode="json"), status_code=201, headers={"Location": url})


def _replace(archive: Archive, request: Request, viewer: Viewer, doc_id: str, body: DocumentBody,
             base: int | None, message: str) -> SavedBody:
    current = get_document(archive, viewer, doc_id)
    if body.id is not None and body.id != doc_id:
        raise Invalid(f"the body's id {body.id!r} is not the document in the path ({doc_id!r})")
    doc = to_document(body, doc_id, body.status or current.status, current.findings, current)
    saved = archive.edit(doc, viewer, message, client_ip(request), expected_revision=base)
    return SavedBody(id=saved.id, revision=saved.revision, changed=saved.changed, status=doc.status)


def documents_api(site: Site) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["editing"])
    archive = site.archive

    @api.post("/documents", status_code=201, summary="Create a document (a draft unless you may publish)",
              response_model=Created, responses=error_responses(401, 403, 422))
    def create_document(request: Request, viewer: Editor, body: DocumentBody, message: Message = "") -> JSONResponse:
        return _create(archive, request, viewer, body, message)

    @api.put("/documents/{doc_id}", summary="Replace a document's content as a new revision (If-Match guards it)",
             response_model=SavedBody, responses=error_responses(401, 403, 404, 409, 422))
    def replace_document(request: Request, viewer: Editor, doc_id: DocId, body: DocumentBody,
                         if_match: IfMatch = None, expected_revision: Expected = None,
                         message: Message = "") -> SavedBody:
        base = if_match_revision(if_match, expected_revision)
        return _replace(archive, request, viewer, doc_id, body, base, message)

    @api.post("/documents/{doc_id}/status", summary="Move a document along the workflow: draft, review, "
              "published, withdrawn", response_model=SavedBody, responses=error_responses(401, 403, 404, 422))
    def move_document(request: Request, viewer: Editor, doc_id: DocId, body: StatusBody) -> SavedBody:
        get_document(archive, viewer, doc_id)  # documents only: authorities have their own routes
        saved = archive.move(doc_id, body.status, viewer, client_ip(request))
        return SavedBody(id=saved.id, revision=saved.revision, changed=saved.changed, status=body.status)

    return api


def helpers_api() -> APIRouter:
    api = APIRouter(prefix="/api", tags=["editing helpers"])

    @api.get("/edtf", summary="Read an EDTF date back: valid or not, its earliest and latest day",
             response_model=EdtfAnswer)
    def edtf(value: Annotated[str, Query(description="An EDTF value, e.g. 1950-05~ or 1947/1949")] = "") -> Any:
        return edtf_preview(value)

    @api.get("/citations/parse", summary="Parse an archival citation (RGAE. F. 413. Op. 13. D. 5467. L. 92) "
             "into repository, fond, opis, papka, delo, folios", response_model=ParsedReferences)
    def citations(text: Annotated[str, Query(description="One citation or a footnote of several")] = "") -> Any:
        return parse_references(text)

    return api


def router(site: Site) -> APIRouter:
    router = APIRouter()
    router.include_router(documents_api(site))
    router.include_router(helpers_api())
    return router
