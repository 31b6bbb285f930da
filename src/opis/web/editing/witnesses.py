"""Editors decide what is one work: confirm, reject or reopen a proposed witness link (form and JSON API),
and anyone may read a document's links (JSON). Each decision is a revision of the link and an audit entry."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict

from opis.store import witnesses
from opis.store.access import Viewer
from opis.web.core.auth import client_ip, require, viewer_of
from opis.web.core.site import Site
from opis.web.editing.bodies import DocId
from opis.web.reading.document import get_document

Publisher = Annotated[Viewer, Depends(require(witnesses.PERMISSION))]


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["proposed", "confirmed", "rejected"]


def _as_json(link: witnesses.Link) -> dict[str, Any]:
    return asdict(link)


def router(site: Site) -> APIRouter:
    router = APIRouter()
    archive = site.archive

    @router.post("/documents/{doc_id}/witnesses/{other_id}", response_model=None,
                 summary="Confirm, reject or reopen a witness link (form field status); 303 to the document")
    def decide_form(request: Request, doc_id: DocId, other_id: DocId, viewer: Publisher,
                    status: Annotated[str, Form()], csrf: Annotated[str, Form()] = "") -> Response:
        get_document(archive, viewer, doc_id)
        get_document(archive, viewer, other_id)
        witnesses.decide(archive, doc_id, other_id, status, viewer, client_ip(request))
        return RedirectResponse(f"/documents/{doc_id}#witnesses-h", status_code=303)

    @router.post("/api/documents/{doc_id}/witnesses/{other_id}", summary="Decide a witness link (JSON)")
    def decide_api(request: Request, doc_id: DocId, other_id: DocId, viewer: Publisher,
                   body: Decision) -> JSONResponse:
        get_document(archive, viewer, doc_id)
        get_document(archive, viewer, other_id)
        link = witnesses.decide(archive, doc_id, other_id, body.status, viewer, client_ip(request))
        return JSONResponse(_as_json(link))

    @router.get("/api/documents/{doc_id}/witnesses", summary="A document's witness links the reader may see")
    def links(request: Request, doc_id: DocId) -> JSONResponse:
        viewer = viewer_of(request)
        get_document(archive, viewer, doc_id)
        return JSONResponse({"document": doc_id,
                             "witnesses": [_as_json(k) for k in witnesses.links_of(archive, doc_id, viewer)]})

    @router.get("/api/documents/{doc_id}/witnesses/{other_id}/history", summary="Every version of one link")
    def link_history(request: Request, doc_id: DocId, other_id: DocId) -> JSONResponse:
        viewer = viewer_of(request)
        return JSONResponse({"history": witnesses.history(archive, doc_id, other_id, viewer)})

    return router
