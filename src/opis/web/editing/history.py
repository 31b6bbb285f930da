"""The revision history of any record: every revision, what changed between two of them, one
revision in full, and restoring one as a new revision (pages with JSON twins, and the API).

History is for staff (``read_unpublished``): an old revision may hold text that was removed on
purpose (a misread passage, a name that should not have been published, a finding withdrawn),
and the reading room shows only what is current. Restoring is then decided by the record's own
edit rule (``Archive.restore_as``), so a contributor restores drafts only.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from opis.model import Authority, Document
from opis.model.diff import Change, diff, is_long
from opis.store import workflow
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.codec import AnyRecord, title_of
from opis.web.core.auth import client_ip, require
from opis.web.core.respond import page
from opis.web.core.site import Site
from opis.web.editing.authorities.bodies import ID_PATTERN

PERMISSION = "read_unpublished"
MAX_REVISION = 2**31 - 1
CONTEXT_LINES = 2  # unchanged lines shown around a change; longer unchanged runs fold

Staff = Annotated[Viewer, Depends(require(PERMISSION))]
# Restoring writes: the least a person needs is to edit drafts (translators cannot restore anything);
# the record's own edit rule then decides (Archive.restore_as).
Restorer = Annotated[Viewer, Depends(require("edit_drafts"))]
RecordId = Annotated[str, Path(pattern=ID_PATTERN, description="A record id")]
Number = Annotated[int, Path(ge=1, le=MAX_REVISION)]
From = Annotated[int | None, Query(alias="from", ge=0, le=MAX_REVISION,
                                   description="The older revision (0: before the record existed)")]
To = Annotated[int | None, Query(alias="to", ge=0, le=MAX_REVISION, description="The newer revision")]


class RestoreIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    revision: int = Field(ge=1, le=MAX_REVISION, description="The revision to make current again")


def record_url(record: AnyRecord) -> str:
    if isinstance(record, Document):
        return f"/documents/{record.id}"
    return f"/{'authorities' if isinstance(record, Authority) else 'collections'}/{record.id}"


def _head(record: AnyRecord) -> dict[str, Any]:
    return {"id": record.id, "kind": record.kind, "title": title_of(record), "status": record.status.value,
            "url": record_url(record), "history_url": f"/records/{record.id}/history"}


def changes_between(archive: Archive, record_id: str, viewer: Viewer, start: int, end: int) -> list[Change]:
    """What changed from revision ``start`` to ``end`` (0 stands for before the record existed)."""
    old, new = (archive.revision(record_id, n, viewer).model_dump(mode="json") if n else {} for n in (start, end))
    return diff(old, new)


def history_context(archive: Archive, record_id: str, viewer: Viewer, start: int | None,
                    end: int | None) -> dict[str, Any]:
    revisions = archive.revisions(record_id, viewer)  # the access rule decides first: hidden is missing
    current = archive.get(record_id, viewer)
    latest = revisions[-1].number
    end = latest if end is None else end
    start = max(end - 1, 0) if start is None else start
    base = f"/records/{record_id}"
    return {"record": _head(current), "latest": latest, "from": start, "to": end,
            "may_restore": workflow.may_edit(viewer, current),
            "revisions": [asdict(r) | {"url": f"{base}/revisions/{r.number}",
                                       "changes_url": f"{base}/history?from={r.number - 1}&to={r.number}"}
                          for r in reversed(revisions)],
            "changes": [c.to_json() for c in changes_between(archive, record_id, viewer, start, end)]}


def revision_context(archive: Archive, record_id: str, number: int, viewer: Viewer) -> dict[str, Any]:
    revisions = archive.revisions(record_id, viewer)
    info = next((r for r in revisions if r.number == number), None)
    record = archive.revision(record_id, number, viewer)  # NotFound when there is no such revision
    current = archive.get(record_id, viewer)
    base = f"/records/{record_id}"
    latest = revisions[-1].number
    return {"record": _head(current), "revision": asdict(info) if info else {"number": number}, "latest": latest,
            "data": record.model_dump(mode="json"), "may_restore": workflow.may_edit(viewer, current),
            "prev_url": f"{base}/revisions/{number - 1}" if number > 1 else None,
            "next_url": f"{base}/revisions/{number + 1}" if number < latest else None,
            "changes_url": f"{base}/history?from={number - 1}&to={number}"}


# -- what only the HTML needs: values as text, long unchanged runs folded -------------------------


def shown(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def folded(segments: list[dict[str, str]]) -> list[dict[str, str]]:
    """Unchanged runs of more than a few lines keep only their edges, so a one-word change in a long
    text reads as that word with its neighbourhood."""
    out: list[dict[str, str]] = []
    for n, seg in enumerate(segments):
        lines = seg["text"].splitlines(keepends=True)
        if seg["op"] != "equal" or len(lines) <= 2 * CONTEXT_LINES + 1:
            out.append(seg)
            continue
        head = lines[:CONTEXT_LINES] if n > 0 else []
        tail = lines[-CONTEXT_LINES:] if n < len(segments) - 1 else []
        hidden = len(lines) - len(head) - len(tail)
        out += [{"op": "equal", "text": "".join(head)},
                {"op": "skip", "text": f"… {hidden} unchanged line{'s' if hidden != 1 else ''} …\n"},
                {"op": "equal", "text": "".join(tail)}]
    return [s for s in out if s["text"]]


def _change_view(change: dict[str, Any]) -> dict[str, Any]:
    if "segments" in change:
        return change | {"view": folded(change["segments"])}
    return change | {"old_text": shown(change["old"]), "new_text": shown(change["new"]),
                     "long": is_long(shown(change["old"]), shown(change["new"]))}


def _fields(value: Any, path: str = "") -> list[dict[str, Any]]:
    """Every filled leaf of a record as (path, text), in the record's order."""
    if isinstance(value, dict):
        return [f for k, v in value.items() for f in _fields(v, f"{path}.{k}" if path else str(k))]
    if isinstance(value, list):
        return [f for i, v in enumerate(value) for f in _fields(v, f"{path}[{i}]")]
    if value is None or value == "":
        return []
    text = shown(value)
    return [{"path": path, "text": text, "long": is_long(text)}]


# -- routes ---------------------------------------------------------------------------------


def router(site: Site) -> APIRouter:
    router = APIRouter()
    router.include_router(_page_routes(site.archive))
    router.include_router(_api_routes(site.archive))
    return router


def _page_routes(archive: Archive) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/records/{record_id}/history")
    @router.get("/records/{record_id}/history.json")
    def history(request: Request, record_id: RecordId, viewer: Staff, start: From = None, end: To = None) -> Response:
        ctx = history_context(archive, record_id, viewer, start, end)
        return page(request, "editing/history.html", f"History of {ctx['record']['title']}", lambda: ctx,
                    lambda c: {"view": [_change_view(ch) for ch in c["changes"]]})

    @router.get("/records/{record_id}/revisions/{number}")
    @router.get("/records/{record_id}/revisions/{number}.json")  # registered first (decorators apply bottom-up)
    def revision(request: Request, record_id: RecordId, number: Number, viewer: Staff) -> Response:
        ctx = revision_context(archive, record_id, number, viewer)
        return page(request, "editing/history.html", f"Revision {number} of {ctx['record']['title']}", lambda: ctx,
                    lambda c: {"fields": _fields(c["data"])})

    @router.post("/records/{record_id}/restore")
    def restore(request: Request, record_id: RecordId, viewer: Restorer,
                revision: Annotated[int, Form(ge=1, le=MAX_REVISION)]) -> Response:
        archive.restore_as(record_id, revision, viewer, client_ip(request))
        return RedirectResponse(f"/records/{record_id}/history", status_code=303)

    return router


def _api_routes(archive: Archive) -> APIRouter:
    api = APIRouter(prefix="/api/records", tags=["history"])

    @api.get("/{record_id}/history", summary="Every revision of a record: number, time, who and why (staff)")
    def api_history(record_id: RecordId, viewer: Staff) -> dict[str, Any]:
        current = archive.get(record_id, viewer)
        return {"record": _head(current), "revisions": [asdict(r) for r in archive.revisions(record_id, viewer)]}

    @api.get("/{record_id}/diff", summary="What changed between two revisions, field by field, texts word by "
                                          "word (staff; default: the latest change)")
    def api_diff(record_id: RecordId, viewer: Staff, start: From = None, end: To = None) -> dict[str, Any]:
        ctx = history_context(archive, record_id, viewer, start, end)
        return {"record": ctx["record"], "from": ctx["from"], "to": ctx["to"], "changes": ctx["changes"]}

    @api.post("/{record_id}/restore", summary="Make an earlier revision current again, as a new revision")
    def api_restore(record_id: RecordId, body: RestoreIn, request: Request, viewer: Restorer) -> dict[str, Any]:
        saved = archive.restore_as(record_id, body.revision, viewer, client_ip(request))
        return {"id": saved.id, "revision": saved.revision, "changed": saved.changed}

    return api

