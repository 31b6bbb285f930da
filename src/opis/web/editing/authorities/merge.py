"""Merging two authority records in the browser: the page showing both side by side, the planned
result and its conflicts, and the form that merges (``store/merging`` does the work)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from opis.model import Authority
from opis.store import merging
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.errors import Conflict, Invalid, NotFound
from opis.web.core.auth import client_ip
from opis.web.core.respond import page
from opis.web.core.site import Site
from opis.web.editing.authorities.bodies import Editor, Lookup, Other, PathId
from opis.web.editing.authorities.forms import form_id, int_of
from opis.web.editing.authorities.ids import authority_and_revision


def side(record: Authority) -> dict[str, Any]:
    """One record as the merge and split pages show it side by side."""
    return {"id": record.id, "kind": record.kind, "preferred": record.preferred, "status": record.status.value,
            "names": [n.model_dump(mode="json") for n in record.names],
            "dates": record.dates.model_dump(mode="json") if record.dates else None,
            "description": record.description, "identifiers": dict(sorted(record.identifiers.items())),
            "offices": [o.model_dump(mode="json") for o in record.offices], "code": record.code,
            "coordinates": list(record.coordinates) if record.coordinates else None,
            "url": f"/authorities/{record.id}"}


def linked(items: list[tuple[str, str, str]], checked: set[str] | None = None) -> list[dict[str, Any]]:
    prefix = {"document": "/documents/", "collection": "/collections/"}
    return [{"id": i, "kind": k, "title": t, "url": prefix.get(k, "/authorities/") + i,
             "checked": i in (checked or set())} for i, k, t in items]


def merge_context(archive: Archive, record_id: str, viewer: Viewer, q: str = "", other: str = "",
                  problem: str = "") -> dict[str, Any]:
    record, _ = authority_and_revision(archive, record_id, viewer)
    ctx: dict[str, Any] = {"record": side(record), "q": q, "other": other, "candidates": [], "plan": None,
                           "problem": problem}
    if q.strip():
        matches = [m for m in archive.lookup(q, viewer, (record.kind,)) if m.record_id != record.id]
        live = {r.id for r in archive.get_many([m.record_id for m in matches], viewer)
                if isinstance(r, Authority) and not r.merged_into}
        ctx["candidates"] = [{"id": m.record_id, "preferred": m.preferred, "matched": m.matched, "lang": m.lang,
                              "scheme": m.scheme} for m in matches if m.record_id in live]
    if other:
        try:
            ctx["plan"] = _plan_json(archive, merging.plan_merge(archive, record.id, other, viewer), viewer)
        except (Invalid, NotFound) as exc:
            ctx["problem"] = ctx["problem"] or str(exc)
    return ctx


def _plan_json(archive: Archive, plan: merging.MergePlan, viewer: Viewer) -> dict[str, Any]:
    revision = {r.id: archive.current_revision(r.id, viewer) for r in (plan.keep, plan.other)}
    return {"keep": side(plan.keep) | {"revision": revision[plan.keep.id]},
            "other": side(plan.other) | {"revision": revision[plan.other.id]},
            "result": side(plan.result), "conflicts": [c.__dict__ for c in plan.conflicts],
            "relink": linked(plan.relink), "relink_total": plan.relink_total,
            "relink_hidden": plan.relink_total - len(plan.relink)}


def router(site: Site) -> APIRouter:
    """The merge page and its form (the JSON API's merge is in ``api``)."""
    router = APIRouter(include_in_schema=False)
    archive = site.archive

    def merge_page(request: Request, ctx: dict[str, Any], status: int = 200) -> Response:
        title = f"Merge into {ctx['record']['preferred']}"
        return page(request, "editing/merge.html", title, lambda: ctx, status=status)

    @router.get("/authorities/{record_id}/merge")
    @router.get("/authorities/{record_id}/merge.json")
    def merge_form(request: Request, record_id: PathId, viewer: Editor, q: Lookup = "", other: Other = "") -> Response:
        return merge_page(request, merge_context(archive, record_id, viewer, q, other))

    @router.post("/authorities/{record_id}/merge")
    async def merge_post(request: Request, record_id: PathId, viewer: Editor) -> Response:
        form = await request.form()
        other = form_id(form.get("other"))
        expected = (int_of(form.get("keep_revision")), int_of(form.get("other_revision")))
        try:
            merging.merge(archive, record_id, other, viewer, client_ip(request), expected)
        except (Conflict, Invalid) as exc:
            ctx = merge_context(archive, record_id, viewer, other=other, problem=str(exc))
            return merge_page(request, ctx, 409 if isinstance(exc, Conflict) else 422)
        return RedirectResponse(f"/authorities/{record_id}", status_code=303)

    return router
