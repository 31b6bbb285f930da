"""Splitting an authority record in the browser: choose variant names and linked records to move to
a new record (``store/merging`` does the work)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from opis.store import merging
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.errors import Conflict, Invalid
from opis.web.core.auth import client_ip
from opis.web.core.respond import page
from opis.web.core.site import Site
from opis.web.editing.authorities.bodies import Editor, PathId, clean
from opis.web.editing.authorities.forms import form_id, int_of, text_of
from opis.web.editing.authorities.ids import authority_and_revision
from opis.web.editing.authorities.merge import linked, side


def split_context(archive: Archive, record_id: str, viewer: Viewer, preferred: str = "",
                  names: list[str] | None = None, documents: list[str] | None = None,
                  problem: str = "", base: int | None = None) -> dict[str, Any]:
    record, revision = authority_and_revision(archive, record_id, viewer)
    chosen = set(names or [])
    return {"record": side(record), "base": base or revision, "preferred": preferred, "problem": problem,
            "names": [n.model_dump(mode="json") | {"checked": n.value in chosen} for n in record.names],
            "linked": linked(merging.referring(archive, record.id, viewer), set(documents or []))}


def router(site: Site) -> APIRouter:
    """The split page and its form (the JSON API's split is in ``api``)."""
    router = APIRouter(include_in_schema=False)
    archive = site.archive

    def split_page(request: Request, ctx: dict[str, Any], status: int = 200) -> Response:
        return page(request, "editing/split.html", f"Split {ctx['record']['preferred']}", lambda: ctx, status=status)

    @router.get("/authorities/{record_id}/split")
    @router.get("/authorities/{record_id}/split.json")
    def split_form(request: Request, record_id: PathId, viewer: Editor) -> Response:
        return split_page(request, split_context(archive, record_id, viewer))

    @router.post("/authorities/{record_id}/split")
    async def split_post(request: Request, record_id: PathId, viewer: Editor) -> Response:
        form = await request.form()
        preferred, base = text_of(form.get("preferred")).strip(), int_of(form.get("base"))
        names = [text_of(v) for v in form.getlist("names")]
        documents = [form_id(v) for v in form.getlist("documents")]
        try:
            clean(preferred + "".join(names))
            result = merging.split(archive, record_id, preferred, names, documents, viewer, client_ip(request), base)
        except (Conflict, Invalid, ValueError) as exc:
            ctx = split_context(archive, record_id, viewer, preferred, names, documents, str(exc), base)
            return split_page(request, ctx, 409 if isinstance(exc, Conflict) else 422)
        return RedirectResponse(f"/authorities/{result.created}", status_code=303)

    return router
