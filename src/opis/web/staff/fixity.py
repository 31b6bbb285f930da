"""Fixity checks for staff: ``POST /api/fixity`` starts one (administrators: it reads every stored
original), ``GET /api/fixity`` lists the runs, ``GET /api/fixity/{run}`` is one run's progress and
every missing or damaged original with the documents holding it (people who may publish).

The run goes to the same runner as uploads (jobs.runner: a thread of this server on SQLite, the
PostgreSQL job queue's `opis worker` otherwise); its row in the store is what these answers read.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from opis.jobs.runner import runner_for
from opis.store.access import Viewer
from opis.store.fixity import recent_runs, run_status
from opis.web.core.auth import client_ip, require
from opis.web.core.params import Offset
from opis.web.core.site import Site

Staff = Annotated[Viewer, Depends(require("publish"))]
Admin = Annotated[Viewer, Depends(require("manage_users"))]


def router(site: Site) -> APIRouter:
    router = APIRouter(prefix="/api/fixity", tags=["fixity"])
    archive, settings = site.archive, site.settings

    @router.post("", status_code=202, summary="Start a fixity check of every stored original (administrators)")
    def start(request: Request, viewer: Admin) -> dict[str, Any]:
        run = runner_for(archive, settings).check_fixity(viewer.name or "staff")
        archive.audit.record(viewer.name or "", "fixity-check", run, client_ip(request))
        return {"run": run, "status_url": f"/api/fixity/{run}"}

    @router.get("", summary="Fixity check runs, newest first (staff who may publish)")
    def runs(viewer: Staff, offset: Offset = 0, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
        items, total = recent_runs(archive, offset, limit)
        return {"runs": items, "total": total, "offset": offset, "limit": limit}

    @router.get("/{run_id}", summary="One fixity check: progress, counts, each problem with its documents")
    def run(viewer: Staff, run_id: str) -> dict[str, Any]:
        return run_status(archive, run_id)

    return router
