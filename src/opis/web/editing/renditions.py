"""Adding a translation or transcription to a document: the form (pasted text or a UTF-8 .txt file)
and its API twin. Both save through ``store.renditions.add_rendition`` under ``add_renditions``, so a
translator may add a text to any document they can see and change nothing else about it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import ValidationError

from opis.model import Document, Rendition
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.errors import Conflict, Invalid
from opis.store.renditions import add_rendition, new_rendition_id
from opis.web.core.auth import client_ip, require
from opis.web.core.params import Expected, IfMatch, if_match_revision
from opis.web.core.respond import page
from opis.web.core.site import Site
from opis.web.editing.api import Message
from opis.web.editing.bodies import MAX_TEXT, DocId, RenditionAdded, RenditionBody, error_responses
from opis.web.editing.forms import field_name
from opis.web.editing.limits import text_problem, unstorable
from opis.web.editing.page import options
from opis.web.reading.document import get_document

Translator = Annotated[Viewer, Depends(require("add_renditions"))]
FormText = Annotated[str, Form()]
CREDIT_FOR = {"translation": "translator", "original": "transcriber"}


@dataclass(frozen=True)
class Entry:
    """What the person typed into the rendition form, kept as typed."""

    kind: str = "translation"
    language: str = ""
    text: str = ""
    credit_name: str = ""
    credit_role: str = "translator"
    provenance: str = ""
    message: str = ""


def _file_text(upload: UploadFile) -> tuple[str, str]:
    """(text, error) from an uploaded file: UTF-8 plain text only, with a clear word about anything else."""
    name = upload.filename or "the file"
    if not name.lower().endswith(".txt"):
        return "", f"{name} is not a .txt file; save the text as plain UTF-8 text (.txt) and upload that"
    data = upload.file.read(MAX_TEXT * 4 + 1)  # UTF-8 takes up to four bytes a character
    if len(data) > MAX_TEXT * 4:
        return "", f"{name} is too long for one text (at most {MAX_TEXT:,} characters)"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return "", f"{name} is not UTF-8 text (byte {exc.start} cannot be read); save it as UTF-8 and try again"
    if "\x00" in text:
        return "", f"{name} holds binary data, not text"
    return text.replace("\r\n", "\n"), ""


def _rendition(doc_id: str, entry: Entry) -> tuple[Rendition | None, dict[str, str]]:
    credits = [{"name": entry.credit_name.strip(), "role": entry.credit_role}] if entry.credit_name.strip() else []
    data = {"id": new_rendition_id(doc_id), "kind": entry.kind, "language": entry.language.strip(),
            "text": entry.text, "credits": credits, "provenance": entry.provenance.strip()}
    errors: dict[str, str] = {}
    if entry.kind not in CREDIT_FOR:
        errors["kind"] = "choose translation or transcription"
    if not entry.text.strip():
        errors["text"] = "paste the text or choose a .txt file"
    note = text_problem(entry.message)
    if note:
        errors["message"] = note
    try:
        rendition = Rendition.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors():
            errors.setdefault(_entry_field(e["loc"]), e["msg"].removeprefix("Value error, "))
        return None, errors
    for path, problem in unstorable(rendition):
        errors.setdefault(_entry_field(path), problem)
    return (None, errors) if errors else (rendition, errors)


def _entry_field(loc: Any) -> str:
    name = field_name(loc)
    return "credit_name" if name.startswith("credits") else name


def _context(doc: Document, entry: Entry, errors: dict[str, str], revision: int | None,
             notice: str = "") -> dict[str, Any]:
    return {"record": {"id": doc.id, "title": doc.title, "languages": doc.languages,
                       "renditions": [{"kind": r.kind, "language": r.language} for r in doc.renditions]},
            "entry": asdict(entry), "errors": errors, "revision": revision, "notice": notice,
            "kinds": [o for o in options()["rendition_kinds"] if o["value"] in CREDIT_FOR],
            "credit_roles": options()["credit_roles"], "max_text": MAX_TEXT,
            "action": f"/documents/{doc.id}/renditions/new"}


def _page(request: Request, ctx: dict[str, Any], status: int = 200) -> Response:
    return page(request, "editing/rendition.html", f"Add a text: {ctx['record']['title']}", lambda: ctx, status=status)


def _current(archive: Archive, viewer: Viewer, doc_id: str) -> tuple[int, Document]:
    revisions = archive.revisions(doc_id, viewer)  # the revision first: a save in between reads as a conflict
    return (revisions[-1].number if revisions else 0), get_document(archive, viewer, doc_id)


def _submit(archive: Archive, request: Request, viewer: Viewer, doc_id: str, entry: Entry,
            upload: UploadFile | None, base: int | None) -> Response:
    doc = get_document(archive, viewer, doc_id)
    errors: dict[str, str] = {}
    if upload is not None and upload.filename:
        text, problem = _file_text(upload)
        if problem:
            errors["file"] = problem
        elif entry.text.strip():
            errors["file"] = "paste the text or choose a file, not both"
        else:
            entry = replace(entry, text=text)
    rendition, more = _rendition(doc_id, entry) if not errors else (None, {})
    errors.update(more)
    if rendition is None:
        return _page(request, _context(doc, entry, errors, base), 422)
    try:
        add_rendition(archive, doc_id, rendition, viewer, client_ip(request), expected_revision=base,
                      note=entry.message.strip())
    except Conflict:
        revision, doc = _current(archive, viewer, doc_id)
        notice = ("Someone saved this document while you were working. Your text is kept below and not yet added; "
                  "press Add to add it to the current version.")
        return _page(request, _context(doc, entry, {}, revision, notice), 409)
    return RedirectResponse(f"/documents/{doc_id}", status_code=303)


def rendition_pages(site: Site) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    archive = site.archive

    @router.get("/documents/{doc_id}/renditions/new", summary="The form adding a translation or transcription")
    @router.get("/documents/{doc_id}/renditions/new.json", summary="The rendition form as JSON")
    def rendition_form(request: Request, doc_id: DocId, viewer: Translator) -> Response:
        revision, doc = _current(archive, viewer, doc_id)
        entry = Entry(credit_name=viewer.name or "", language="en" if "en" not in doc.languages else "")
        return _page(request, _context(doc, entry, {}, revision))

    @router.post("/documents/{doc_id}/renditions/new", summary="Add the translation or transcription; 303 to the "
                 "document", response_model=None)
    def rendition_submit(request: Request, doc_id: DocId, viewer: Translator, kind: FormText = "translation",
                         language: FormText = "", text: FormText = "", credit_name: FormText = "",
                         credit_role: FormText = "translator", provenance: FormText = "", message: FormText = "",
                         base_revision: FormText = "", csrf: FormText = "",
                         file: Annotated[UploadFile | None, File()] = None) -> Response:
        entry = Entry(kind, language, text.replace("\r\n", "\n"), credit_name, credit_role, provenance, message)
        base = int(base_revision) if base_revision.isdigit() and len(base_revision) < 10 else None
        return _submit(archive, request, viewer, doc_id, entry, file, base)

    return router


def rendition_api(site: Site) -> APIRouter:
    api = APIRouter(prefix="/api", tags=["editing"])
    archive = site.archive

    @api.post("/documents/{doc_id}/renditions", status_code=201, response_model=RenditionAdded,
              summary="Add a translation or transcription to a document (If-Match guards it)",
              responses=error_responses(401, 403, 404, 409, 422))
    def add(request: Request, viewer: Translator, doc_id: DocId, body: RenditionBody, if_match: IfMatch = None,
            expected_revision: Expected = None, message: Message = "") -> JSONResponse:
        data = {"id": new_rendition_id(doc_id), **body.model_dump()}
        if not data["credits"] and viewer.name:
            data["credits"] = [{"name": viewer.name, "role": CREDIT_FOR[body.kind]}]
        rendition = Rendition.model_validate(data)
        found = unstorable(rendition)
        if found:
            raise Invalid("; ".join(f"{'.'.join(path)} {problem}" for path, problem in found))
        base = if_match_revision(if_match, expected_revision)
        saved = add_rendition(archive, doc_id, rendition, viewer, client_ip(request), expected_revision=base,
                              note=message)
        answer = RenditionAdded(id=saved.id, revision=saved.revision, rendition=rendition.id)
        return JSONResponse(answer.model_dump(), status_code=201)

    return api


def router(site: Site) -> APIRouter:
    router = APIRouter()
    router.include_router(rendition_pages(site))
    router.include_router(rendition_api(site))
    return router

