"""Editing documents in the browser: the new-document and edit forms, and workflow moves.

Every save goes through ``Archive.edit`` (access, edit rule, revision and audit entry in one
transaction); every move through ``Archive.move``. The form posts back to itself: errors and a
conflicting save re-render it with what the person typed, and only a successful save redirects
to the document. The JSON API twins, the rendition form and the review queue are rooms of their
own in ``opis.web.editing``, whose ``router`` gathers them all.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from opis.model import Document, Status
from opis.store import workflow
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.errors import Conflict, Invalid, NotFound
from opis.web.core.auth import client_ip, require
from opis.web.core.respond import page, safe_next
from opis.web.core.site import Site
from opis.web.editing import forms
from opis.web.editing.assist import parse_references
from opis.web.editing.bodies import DocId
from opis.web.editing.page import form_context
from opis.web.reading.document import get_document

Editor = Annotated[Viewer, Depends(require("edit_drafts"))]
NEW_URL = "/edit/documents/new"


def _form_page(request: Request, ctx: dict[str, Any], status: int = 200) -> Response:
    return page(request, "editing/document.html", ctx["heading"], lambda: ctx, status=status)


def _assisted(values: forms.Values, form: FormData) -> tuple[forms.Values, dict[str, Any] | None] | None:
    """The form's helper buttons, which change the form without saving: None when the person pressed Save."""
    action = str(form.get("action") or "save")
    if action == "parse-citation":
        found = parse_references(str(form.get("cite-paste") or ""))
        if found["error"] or not found["references"]:
            return values, {"kind": "error", "text": found["error"] or "No archival reference found in the text "
                                                                        "pasted; fill in the fields by hand."}
        return forms.add_references(values, found["references"]), {
            "kind": "info", "text": f"Filled {len(found['references'])} archival reference(s) from the citation."}
    if action.startswith("add-"):
        return forms.add_blank_row(values, action.removeprefix("add-")), None
    return None


def _base_revision(form: FormData) -> int | None:
    raw = str(form.get("base_revision") or "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _changed_fields(archive: Archive, viewer: Viewer, doc_id: str, base: int | None) -> list[str]:
    """Which fields the other person's save changed, so the person knows what to compare."""
    current = get_document(archive, viewer, doc_id)
    try:
        old = archive.revision(doc_id, base, viewer).model_dump() if base is not None else None
    except NotFound:  # a base the record never had: a tampered or mistyped form
        old = None
    if old is None:
        return []
    return [k for k, v in current.model_dump().items() if old.get(k) != v and k != "status"]


def _conflict_notice(archive: Archive, viewer: Viewer, doc_id: str, base: int | None, now: int) -> dict[str, Any]:
    # The store's own message says "reload"; here the person's input is kept, so the advice differs.
    fields = _changed_fields(archive, viewer, doc_id, base)
    return {"kind": "conflict", "text": f"Someone saved this document while you were editing it (you started from "
            f"revision {base}; it is now at revision {now}). Your changes are kept below but not saved. Compare them "
            "with the current version; saving again will replace it with what you see here.", "fields": fields,
            "current": f"/documents/{doc_id}", "history": f"/records/{doc_id}/history"}


def _edit_context(values: forms.Values, errors: forms.Errors, current: Document, revision: int | None,
                  notice: dict[str, Any] | None = None) -> dict[str, Any]:
    return form_context(values, errors, action=f"/documents/{current.id}/edit", heading=f"Edit: {current.title}",
                        record=current, revision=revision, notice=notice)


def _save_existing(archive: Archive, request: Request, viewer: Viewer, doc_id: str, form: FormData) -> Response:
    current = get_document(archive, viewer, doc_id)
    workflow.check_edit(viewer, current)
    values = forms.read_form(form.multi_items())
    base = _base_revision(form)
    assisted = _assisted(values, form)
    if assisted is not None:
        return _form_page(request, _edit_context(assisted[0], {}, current, base, assisted[1]))
    doc, errors = forms.build_document(values, doc_id, current.status, current)
    if base is None:
        errors["base_revision"] = "the form lost its revision number; reload the page and apply your change again"
    if doc is None or errors:
        return _form_page(request, _edit_context(values, errors, current, base), 422)
    try:
        archive.edit(doc, viewer, values["message"].strip(), client_ip(request), expected_revision=base)
    except Conflict:
        now = archive.current_revision(doc_id, viewer)
        notice = _conflict_notice(archive, viewer, doc_id, base, now)
        return _form_page(request, _edit_context(values, {}, current, now, notice), 409)
    except Invalid as exc:
        return _form_page(request, _edit_context(values, {"": str(exc)}, current, base), 422)
    return RedirectResponse(f"/documents/{doc_id}", status_code=303)


def _save_new(archive: Archive, request: Request, viewer: Viewer, form: FormData) -> Response:
    values = forms.read_form(form.multi_items())
    assisted = _assisted(values, form)
    if assisted is not None:
        ctx = form_context(assisted[0], {}, action=NEW_URL, heading="New document", notice=assisted[1])
        return _form_page(request, ctx)
    doc_id = forms.new_document_id()
    doc, errors = forms.build_document(values, doc_id, Status.DRAFT, None)
    if doc is None or errors:
        return _form_page(request, form_context(values, errors, action=NEW_URL, heading="New document"), 422)
    archive.edit(doc, viewer, values["message"].strip() or "created", client_ip(request))
    return RedirectResponse(f"/documents/{doc_id}", status_code=303)


def router(site: Site) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    archive = site.archive

    @router.get(NEW_URL, summary="The form for a new document (a draft)", response_model=None)
    @router.get(NEW_URL + ".json", summary="The new-document form as JSON", response_model=None)
    def new_form(request: Request, viewer: Editor) -> Response:
        return _form_page(request, form_context(forms.blank_values(), {}, action=NEW_URL, heading="New document"))

    @router.post(NEW_URL, summary="Create a document from the form (a draft); 303 to it", response_model=None)
    async def create(request: Request, viewer: Editor) -> Response:
        form = await request.form()
        return await run_in_threadpool(_save_new, archive, request, viewer, form)

    @router.get("/documents/{doc_id}/edit", summary="The form editing a document", response_model=None)
    @router.get("/documents/{doc_id}/edit.json", summary="The edit form as JSON", response_model=None)
    def edit_form(request: Request, doc_id: DocId, viewer: Editor) -> Response:
        revision = archive.current_revision(doc_id, viewer)  # first: a save in between then shows as a conflict
        doc = get_document(archive, viewer, doc_id)
        workflow.check_edit(viewer, doc)
        return _form_page(request, _edit_context(forms.values_of(doc), {}, doc, revision))

    @router.post("/documents/{doc_id}/edit", summary="Save the edit form as a new revision; 303 to the document",
                 response_model=None)
    async def save(request: Request, doc_id: DocId, viewer: Editor) -> Response:
        form = await request.form()
        return await run_in_threadpool(_save_existing, archive, request, viewer, doc_id, form)

    @router.post("/documents/{doc_id}/status", summary="Move a document along the workflow (form field status)",
                 response_model=None)
    def move(request: Request, doc_id: DocId, viewer: Editor, status: Annotated[Status, Form()],
             csrf: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "") -> Response:  # noqa: A002
        get_document(archive, viewer, doc_id)  # this route moves documents only, not authorities
        archive.move(doc_id, status, viewer, client_ip(request))
        return RedirectResponse(safe_next(next or f"/documents/{doc_id}"), status_code=303)

    return router
