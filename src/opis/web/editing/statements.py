"""Editors judge what the extractor read out of a document's text: its statements (requests, offers, decisions,
deliveries), each shown with its passage, confirmed, corrected or rejected by a form per statement or by the JSON
API. ``store.statements.review`` does the act (permission ``edit_drafts``, the document's access rule, a new
revision and an audit entry); a rejected statement is never written again when the document is re-extracted, a
confirmed or corrected one is not overwritten.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from opis.model import Document
from opis.model.edtf import is_valid_edtf
from opis.store import statements
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.errors import Invalid, NotFound
from opis.web.core.auth import client_ip, require
from opis.web.core.i18n import N_
from opis.web.core.respond import page, strip_json
from opis.web.core.site import Site
from opis.web.editing.bodies import DocId
from opis.web.reading.decisions import passage_url

Judge = Annotated[Viewer, Depends(require(statements.PERMISSION))]
StatementId = Annotated[str, Path(max_length=40, pattern=r"^stm-[0-9a-f]+$", description="A statement id, stm-…")]
KINDS = ("request", "offer", "decision", "delivery")
DECISIONS = ("approved", "refused", "partly approved", "deferred", "conditions")
VERDICTS = {"confirm": N_("Confirm"), "correct": N_("Correct"), "reject": N_("Reject")}
STATUS_WORDS = (N_("extracted"), N_("confirmed"), N_("corrected"), N_("rejected"))
CONTEXT = 80  # characters of text shown either side of a passage


class Party(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=300)
    authority: str | None = Field(None, max_length=64)


class Correction(BaseModel):
    """The fields an editor may set; those left out keep their value."""
    model_config = ConfigDict(extra="forbid")

    kind: Literal["request", "offer", "decision", "delivery"] | None = None
    agent: Party | None = None
    addressee: Party | None = None
    object: str | None = Field(None, max_length=2000)
    date: str | None = Field(None, max_length=100, description="EDTF")
    decision: Literal["approved", "refused", "partly approved", "deferred", "conditions"] | None = None


class Judgement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdict: Literal["confirm", "correct", "reject"]
    revision: int | None = Field(None, description="The revision judged; a later one makes this a 409 conflict")
    correction: Correction | None = None


def _checked(correction: dict[str, Any]) -> dict[str, Any]:
    date = correction.get("date")
    if date and not is_valid_edtf(date):
        raise Invalid(f"the date {date!r} is not EDTF (1950-05, 1950-05-21/1950-05-31, 1950~)")
    return correction


def _document(archive: Archive, viewer: Viewer, doc_id: str) -> Document:
    record = archive.get(doc_id, viewer)
    if not isinstance(record, Document):
        raise NotFound(f"no document {doc_id!r}")
    return record


def _of_document(archive: Archive, viewer: Viewer, doc_id: str, sid: str) -> None:
    if sid not in {s.id for s in statements.of_document(archive, doc_id, viewer, rejected=True)}:
        raise NotFound(f"no statement {sid!r} in {doc_id!r}")


def _item(s: statements.Stored, text: str) -> dict[str, Any]:
    st = s.statement
    return {**s.as_dict(), "passage": passage_url(s), "before": text[max(0, st.start - CONTEXT):st.start],
            "words": text[st.start:st.end], "after": text[st.end:st.end + CONTEXT],
            "url": f"/api/documents/{s.record_id}/statements/{s.id}"}


def statements_page(archive: Archive, viewer: Viewer, doc_id: str) -> dict[str, Any]:
    """A document's statements, rejected ones too (an editor may see what was turned down), in text order."""
    doc = _document(archive, viewer, doc_id)
    text = statements.text_of(doc)[1]
    found = statements.of_document(archive, doc.id, viewer, rejected=True)
    return {"record": {"id": doc.id, "title": doc.title, "url": f"/documents/{doc.id}"},
            "kinds": list(KINDS), "decisions": list(DECISIONS), "verdicts": list(VERDICTS),
            "statements": [_item(s, text) for s in found]}


def _party(text: str, authority: str) -> dict[str, Any] | None:
    text = text.strip()
    return {"text": text, "authority": authority.strip() or None} if text else None


def router(site: Site) -> APIRouter:
    router = APIRouter()
    archive = site.archive

    @router.get("/documents/{doc_id}/statements", summary="An editor's list of a document's statements")
    @router.get("/documents/{doc_id}/statements.json", summary="The same as JSON")
    def listing(request: Request, doc_id: DocId, viewer: Judge) -> Response:
        ctx = statements_page(archive, viewer, strip_json(doc_id))
        return page(request, "editing/statements.html", ctx["record"]["title"], lambda: ctx)

    @router.post("/documents/{doc_id}/statements/{statement_id}", response_model=None,
                 summary="Confirm, correct or reject a statement (form); 303 back to the list")
    def judge_form(request: Request, doc_id: DocId, statement_id: StatementId, viewer: Judge,
                   verdict: Annotated[Literal["confirm", "correct", "reject"], Form()],
                   revision: Annotated[int | None, Form()] = None,
                   kind: Annotated[Literal["request", "offer", "decision", "delivery"] | None, Form()] = None,
                   agent: Annotated[str, Form(max_length=300)] = "",
                   agent_authority: Annotated[str, Form(max_length=64)] = "",
                   addressee: Annotated[str, Form(max_length=300)] = "",
                   addressee_authority: Annotated[str, Form(max_length=64)] = "",
                   object: Annotated[str, Form(max_length=2000)] = "",
                   date: Annotated[str, Form(max_length=100)] = "",
                   decision: Annotated[str, Form(max_length=40)] = "",
                   csrf: Annotated[str, Form()] = "") -> Response:
        _document(archive, viewer, doc_id)
        _of_document(archive, viewer, doc_id, statement_id)
        correction = None
        if verdict == "correct":
            if decision and decision not in DECISIONS:
                raise Invalid(f"unknown decision {decision!r}")
            correction = _checked({"kind": kind, "agent": _party(agent, agent_authority),
                                   "addressee": _party(addressee, addressee_authority),
                                   "object": object.strip() or None, "date": date.strip() or None,
                                   "decision": decision or None})
            correction = {k: v for k, v in correction.items() if k != "kind" or v}
        statements.review(archive, statement_id, verdict, viewer, client_ip(request), correction, revision)
        return RedirectResponse(f"/documents/{doc_id}/statements#{statement_id}", status_code=303)

    @router.post("/api/documents/{doc_id}/statements/{statement_id}",
                 summary="Confirm, correct or reject a statement")
    def judge_api(request: Request, doc_id: DocId, statement_id: StatementId, viewer: Judge,
                  body: Judgement) -> JSONResponse:
        doc = _document(archive, viewer, doc_id)
        _of_document(archive, viewer, doc_id, statement_id)
        correction = _checked(body.correction.model_dump(exclude_unset=True)) if body.correction else None
        done = statements.review(archive, statement_id, body.verdict, viewer, client_ip(request), correction,
                                 body.revision)
        return JSONResponse(_item(done, statements.text_of(doc)[1]))

    @router.get("/api/documents/{doc_id}/statements/{statement_id}/history",
                summary="Every version of one statement")
    def statement_history(doc_id: DocId, statement_id: StatementId, viewer: Judge) -> JSONResponse:
        _of_document(archive, viewer, doc_id, statement_id)
        return JSONResponse({"history": statements.history(archive, statement_id, viewer)})

    return router
