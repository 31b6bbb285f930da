"""The review queue (``/review``): documents in review and drafts, for people who may publish, with the
moves each allows; and ``/review/mine``, a contributor's own drafts and submissions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from opis.model import Document, Status
from opis.store import workflow
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.worklist import waiting
from opis.web.core.auth import require
from opis.web.core.params import Offset
from opis.web.core.respond import page
from opis.web.core.site import Site

Publisher = Annotated[Viewer, Depends(require("publish"))]
Contributor = Annotated[Viewer, Depends(require("edit_drafts"))]
QUEUES = (Status.REVIEW, Status.DRAFT)  # what waits for an editor, most urgent first


def _rules(viewer: Viewer, status: Status) -> dict[str, Any]:
    """The moves and edit right ``viewer`` has on documents with ``status`` (every row of a queue shares it)."""
    # The workflow rules read only the status, so a stand-in record carrying just that will do.
    stand_in = Document.model_construct(id="", title="", genre="", status=status)
    return {"moves": [{"target": m.target.value, "label": m.label} for m in workflow.moves_for(viewer, stand_in)],
            "editable": workflow.may_edit(viewer, stand_in)}


def _queue(archive: Archive, viewer: Viewer, status: Status, offset: int, limit: int, base: str,
           creator: str | None) -> dict[str, Any]:
    items, total = waiting(archive, viewer, status, offset, limit, creator)
    label = workflow.status_labels().get(status.value, status.value)
    more = f"{base}?status={status.value}&offset={offset + limit}&limit={limit}" if offset + limit < total else None
    back = (f"{base}?status={status.value}&offset={max(offset - limit, 0)}&limit={limit}" if offset > 0 else None)
    return {"status": status.value, "label": label, "total": total, "offset": offset, "limit": limit,
            "documents": [i.as_dict() for i in items], **_rules(viewer, status), "next": more, "prev": back}


def review_context(archive: Archive, viewer: Viewer, chosen: Status | None, offset: int, limit: int,
                   mine: bool) -> dict[str, Any]:
    base = "/review/mine" if mine else "/review"
    statuses = [chosen] if chosen in QUEUES else list(QUEUES)
    creator = viewer.name if mine else None
    return {"mine": mine, "base": base,
            "queues": [_queue(archive, viewer, s, offset if chosen else 0, limit, base, creator) for s in statuses]}


def router(site: Site) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    archive = site.archive

    def show(request: Request, viewer: Viewer, status: str, offset: int, limit: int, mine: bool) -> Response:
        chosen = Status(status) if status in {s.value for s in QUEUES} else None
        title = "Your drafts" if mine else "Review"
        return page(request, "editing/review.html", title,
                    lambda: review_context(archive, viewer, chosen, offset, limit, mine))

    @router.get("/review", summary="Documents in review and drafts, for editors")
    @router.get("/review.json", summary="The review queue as JSON")
    def review(request: Request, viewer: Publisher, status: str = "", offset: Offset = 0,
               limit: Annotated[int, Query(ge=1, le=500)] = 50) -> Response:
        return show(request, viewer, status, offset, limit, mine=False)

    @router.get("/review/mine", summary="Your own drafts and submissions")
    @router.get("/review/mine.json", summary="Your own drafts and submissions as JSON")
    def mine(request: Request, viewer: Contributor, status: str = "", offset: Offset = 0,
             limit: Annotated[int, Query(ge=1, le=500)] = 50) -> Response:
        return show(request, viewer, status, offset, limit, mine=True)

    return router
