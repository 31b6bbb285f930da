"""Correcting the sentence pairs of a translation: the form (join a pair with the next, split one,
move a sentence across the boundary of two pairs) and its API twin. Both save through
``store.alignments.edit`` under ``add_renditions``: each change is a new revision of the alignment
with an audit entry, and a change made on a revision that is no longer current is a conflict."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from opis.extract.sentences import split_sentences
from opis.jobs.align import current, pivot_of
from opis.model import Document, Rendition
from opis.model.alignment import Alignment
from opis.store import alignments
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.errors import Conflict, Invalid, NotFound
from opis.web.core.auth import client_ip, require
from opis.web.core.params import Expected, IfMatch, if_match_revision
from opis.web.core.respond import page
from opis.web.core.site import Site
from opis.web.editing.bodies import DocId, error_responses
from opis.web.reading.document import get_document

Translator = Annotated[Viewer, Depends(require("add_renditions"))]
FormText = Annotated[str, Form()]
FormInt = Annotated[int | None, Form()]


class AlignmentEdit(BaseModel):
    """One change to the sentence pairs; offsets are character offsets into the texts."""

    model_config = ConfigDict(extra="forbid")

    op: Literal["merge", "split", "move"]
    pair: int = Field(ge=0, le=1_000_000, description="The pair changed (merge: with the pair after it)")
    left_at: int | None = Field(None, ge=0, description="split: where the original's part ends")
    right_at: int | None = Field(None, ge=0, description="split: where the translation's part ends")
    side: Literal["left", "right"] | None = Field(None, description="move: which text's boundary moves")
    at: int | None = Field(None, ge=0, description="move: the boundary's new offset")


def texts_of(archive: Archive, viewer: Viewer, doc_id: str, right_id: str) -> tuple[Document, Rendition, Rendition]:
    doc = get_document(archive, viewer, doc_id)
    pivot, others = pivot_of(doc)
    right = next((r for r in others if r.id == right_id), None)
    if pivot is None or right is None:
        raise NotFound(f"document {doc_id!r} has no text {right_id!r} aligned with its original")
    return doc, pivot, right


def _alignment(archive: Archive, viewer: Viewer, doc: Document, right_id: str) -> Alignment:
    found = current(archive, doc, viewer).get(right_id)
    if found is None:
        raise NotFound(f"no alignment for {right_id!r}")
    return found


def _sentences(text: str, language: str, start: int, end: int) -> list[dict[str, Any]]:
    """The sentences inside one pair, with the offsets a split or a move may use (their ends)."""
    return [{"text": text[a + start:b + start], "end": b + start}
            for a, b in split_sentences(text[start:end], language)]


def editor_context(archive: Archive, viewer: Viewer, doc_id: str, right_id: str, notice: str = "") -> dict[str, Any]:
    doc, pivot, right = texts_of(archive, viewer, doc_id, right_id)
    a = _alignment(archive, viewer, doc, right_id)
    pairs = [{"n": n, "left": _sentences(pivot.text, pivot.language, ls, le),
              "right": _sentences(right.text, right.language, rs, re), "span": [ls, le, rs, re]}
             for n, (ls, le, rs, re) in enumerate(a.pairs)]
    return {"record": {"id": doc.id, "title": doc.title},
            "left": {"id": pivot.id, "language": pivot.language}, "right": {"id": right.id, "language": right.language},
            "alignment": {"revision": a.revision, "origin": a.origin, "actor": a.actor, "updated_at": a.updated_at,
                          "method": a.method},
            "pairs": pairs, "notice": notice,
            "history": alignments.history(archive, doc.id, pivot.id, right.id, viewer),
            "action": f"/documents/{doc.id}/alignments/{right.id}/edit"}


def _change(body: AlignmentEdit) -> dict[str, Any]:
    return {k: v for k, v in body.model_dump().items() if v is not None}


def _page(request: Request, ctx: dict[str, Any], status: int = 200) -> Response:
    return page(request, "editing/alignment.html", f"Sentence pairs: {ctx['record']['title']}", lambda: ctx,
                status=status)


def alignment_pages(site: Site) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    archive = site.archive

    @router.get("/documents/{doc_id}/alignments/{right_id}/edit")
    @router.get("/documents/{doc_id}/alignments/{right_id}/edit.json")
    def alignment_form(request: Request, doc_id: DocId, right_id: str, viewer: Translator) -> Response:
        return _page(request, editor_context(archive, viewer, doc_id, right_id))

    @router.post("/documents/{doc_id}/alignments/{right_id}/edit", response_model=None)
    def alignment_submit(request: Request, doc_id: DocId, right_id: str, viewer: Translator,
                         op: FormText = "", pair: FormInt = None, left_at: FormInt = None, right_at: FormInt = None,
                         side: FormText = "", at: FormInt = None, base_revision: FormInt = None,
                         csrf: FormText = "") -> Response:
        doc, pivot, right = texts_of(archive, viewer, doc_id, right_id)
        try:
            body = AlignmentEdit.model_validate({"op": op, "pair": pair, "left_at": left_at, "right_at": right_at,
                                                 "side": side or None, "at": at})
            alignments.edit(archive, doc.id, pivot.id, right.id, _change(body), viewer, client_ip(request),
                            expected_revision=base_revision)
        except Conflict as exc:
            return _page(request, editor_context(archive, viewer, doc_id, right_id, str(exc)), 409)
        except (Invalid, ValueError) as exc:
            return _page(request, editor_context(archive, viewer, doc_id, right_id, str(exc).splitlines()[0]), 422)
        return RedirectResponse(f"/documents/{doc_id}/alignments/{right_id}/edit", status_code=303)

    return router


def _as_json(a: Alignment) -> dict[str, Any]:
    return a.model_dump(mode="json")


def alignment_api(site: Site) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["editing"])
    archive = site.archive

    @api.post("/documents/{doc_id}/alignments/{right_id}", summary="Change the sentence pairs of a translation "
              "(merge, split, move; If-Match guards it): a new revision of the alignment",
              responses=error_responses(401, 403, 404, 409, 422))
    def edit_alignment(request: Request, viewer: Translator, doc_id: DocId, right_id: str, body: AlignmentEdit,
                       if_match: IfMatch = None, expected_revision: Expected = None) -> dict[str, Any]:
        doc, pivot, right = texts_of(archive, viewer, doc_id, right_id)
        _alignment(archive, viewer, doc, right_id)  # made first if the texts have none yet
        saved = alignments.edit(archive, doc.id, pivot.id, right.id, _change(body), viewer, client_ip(request),
                                expected_revision=if_match_revision(if_match, expected_revision))
        return _as_json(saved)

    @api.get("/documents/{doc_id}/alignments/{right_id}/revisions",
             summary="Every version of the sentence pairs of a translation, newest first")
    def alignment_revisions(request: Request, viewer: Translator, doc_id: DocId, right_id: str) -> list[dict[str, Any]]:
        doc, pivot, right = texts_of(archive, viewer, doc_id, right_id)
        return alignments.history(archive, doc.id, pivot.id, right.id, viewer)

    return api


def router(site: Site) -> APIRouter:
    router = APIRouter()
    router.include_router(alignment_pages(site))
    router.include_router(alignment_api(site))
    return router
