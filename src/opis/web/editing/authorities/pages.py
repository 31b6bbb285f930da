"""The new-record and edit forms for authority records, in the browser.

Every change goes through the store's audited paths (``Archive.edit``), which apply the edit rule
again; the routes let in only holders of ``edit_authorities``. A form that fails validation comes
back with the person's input kept and a message by each field (422); a change someone else saved
meanwhile likewise (409), with a link to what they changed.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from opis.model import Status
from opis.store.errors import Conflict
from opis.web.core.auth import client_ip
from opis.web.core.respond import page
from opis.web.core.site import Site
from opis.web.editing.authorities.bodies import Editor, Kind, PathId
from opis.web.editing.authorities.checks import build
from opis.web.editing.authorities.forms import blank_values, form_context, int_of, values_from_form, values_of
from opis.web.editing.authorities.ids import authority_and_revision, new_id


def _form_page(request: Request, ctx: dict[str, Any], status: int = 200) -> Response:
    title = f"Edit {ctx['values']['preferred'] or ctx['kind']}" if ctx["mode"] == "edit" else f"New {ctx['kind']}"
    return page(request, "editing/authority.html", title, lambda: ctx, status=status)


def router(site: Site) -> APIRouter:
    """The new-record and edit forms."""
    router = APIRouter(include_in_schema=False)
    archive = site.archive

    @router.get("/edit/authorities/new")
    @router.get("/edit/authorities/new.json")
    def new_form(request: Request, viewer: Editor, kind: Kind = "person") -> Response:
        return _form_page(request, form_context(kind, blank_values(), {}))

    @router.post("/edit/authorities/new")
    async def create(request: Request, viewer: Editor, kind: Kind = "person") -> Response:
        form = await request.form()
        values = values_from_form(form)
        status = Status.PUBLISHED if viewer.may("publish") else Status.DRAFT
        record, errors = build(values, kind, "new", status=status)
        if record is None:
            return _form_page(request, form_context(kind, values, errors), 422)
        record_id, first = new_id(archive, kind, record, form.get("distinct") == "yes")
        if record_id is None:
            message = "A record of this name and dates is in the archive already. Edit that one, or confirm below."
            return _form_page(request, form_context(kind, values, {}, message=message, existing=first), 409)
        archive.edit(record.model_copy(update={"id": record_id}), viewer, values["message"], client_ip(request))
        return RedirectResponse(f"/authorities/{record_id}", status_code=303)

    @router.get("/authorities/{record_id}/edit")
    @router.get("/authorities/{record_id}/edit.json")
    def edit_form(request: Request, record_id: PathId, viewer: Editor) -> Response:
        record, revision = authority_and_revision(archive, record_id, viewer)
        return _form_page(request, form_context(record.kind, values_of(record), {}, record, revision))

    @router.post("/authorities/{record_id}/edit")
    async def save(request: Request, record_id: PathId, viewer: Editor) -> Response:
        current, revision = authority_and_revision(archive, record_id, viewer)
        form = await request.form()
        values, base = values_from_form(form), int_of(form.get("base"))
        record, errors = build(values, current.kind, current.id, current)
        if record is None:
            return _form_page(request, form_context(current.kind, values, errors, current, base), 422)
        try:
            archive.edit(record, viewer, values["message"], client_ip(request), expected_revision=base)
        except Conflict:
            message = (f"Someone saved this record since you opened it (revision {base} → {revision}). Your input "
                       "is kept below; compare their changes, then save again to apply yours over them.")
            ctx = form_context(current.kind, values, {}, current, revision, message)
            return _form_page(request, ctx | {"changes_url": f"/records/{current.id}/history?from={base}"}, 409)
        return RedirectResponse(f"/authorities/{record.id}", status_code=303)

    return router
