"""Fixity checks for staff: ``POST /api/fixity`` starts one (administrators: it reads every stored
original), ``GET /api/fixity`` lists the runs, ``GET /api/fixity/{run}`` is one run's progress and
every missing or damaged original with the documents holding it (people who may publish). The pages
``/fixity`` (the runs, and a button that starts one) and ``/fixity/{run}`` show the same, each with its
JSON twin (``.json``).

The run goes to the same runner as uploads (jobs.runner: a thread of this server on SQLite, the
PostgreSQL job queue's `opis worker` otherwise); its row in the store is what these answers read.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from opis.jobs.runner import runner_for
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.fixity import ENDED, recent_runs, run_status
from opis.web.core.auth import client_ip, require
from opis.web.core.i18n import N_
from opis.web.core.i18n import gettext as _
from opis.web.core.params import Offset
from opis.web.core.respond import page, strip_json
from opis.web.core.site import Site

Staff = Annotated[Viewer, Depends(require("publish"))]
Admin = Annotated[Viewer, Depends(require("manage_users"))]
# The words the pages show for a run's status and a problem's kind (the JSON keeps the codes).
LABELS = {"queued": N_("queued"), "running": N_("running"), "passed": N_("passed"), "failed": N_("failed"),
          "broken": N_("broken"), "missing": N_("missing"), "mismatch": N_("damaged"),
          "unreadable": N_("unreadable")}


def runs_view(archive: Archive, viewer: Viewer, offset: int, limit: int) -> dict[str, Any]:
    items, total = recent_runs(archive, offset, limit)
    return {"runs": items, "total": total, "offset": offset, "limit": limit,
            "may_start": viewer.may("manage_users")}


def start_check(archive: Archive, site: Site, viewer: Viewer, ip: str) -> str:
    run = runner_for(archive, site.settings).check_fixity(viewer.name or "staff")
    archive.audit.record(viewer.name or "", "fixity-check", run, ip)
    return run


def router(site: Site) -> APIRouter:
    router = APIRouter(prefix="/api/fixity", tags=["fixity"])
    archive = site.archive

    @router.post("", status_code=202, summary="Start a fixity check of every stored original (administrators)")
    def start(request: Request, viewer: Admin) -> dict[str, Any]:
        run = start_check(archive, site, viewer, client_ip(request))
        return {"run": run, "status_url": f"/api/fixity/{run}", "page_url": f"/fixity/{run}"}

    @router.get("", summary="Fixity check runs, newest first (staff who may publish)")
    def runs(viewer: Staff, offset: Offset = 0, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
        return runs_view(archive, viewer, offset, limit)

    @router.get("/{run_id}", summary="One fixity check: progress, counts, each problem with its documents")
    def run(viewer: Staff, run_id: str) -> dict[str, Any]:
        return run_status(archive, run_id)

    return router


def pages(site: Site) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    archive = site.archive

    @router.get("/fixity")
    @router.get("/fixity.json")
    def runs_page(request: Request, viewer: Staff, offset: Offset = 0,
                  limit: Annotated[int, Query(ge=1, le=200)] = 20) -> Response:
        return page(request, "staff/fixity.html", _("Fixity checks"),
                    lambda: runs_view(archive, viewer, offset, limit), lambda _ctx: {"labels": LABELS})

    @router.post("/fixity")
    def start_form(request: Request, viewer: Admin) -> Response:
        return RedirectResponse(f"/fixity/{start_check(archive, site, viewer, client_ip(request))}", status_code=303)

    @router.get("/fixity/{run_id}")
    def run_page(request: Request, viewer: Staff, run_id: str) -> Response:
        found = run_status(archive, strip_json(run_id))
        return page(request, "staff/fixity_run.html", _("Fixity check %(id)s", id=found["id"]), lambda: found,
                    lambda ctx: {"labels": LABELS, "running": ctx["status"] not in ENDED})

    return router
