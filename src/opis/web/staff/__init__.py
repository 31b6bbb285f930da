"""Staff and accounts: signing in and out, one's own account and API tokens, administration of people
and the audit log, uploads with their ingest jobs, and fixity checks of the stored originals."""

from __future__ import annotations

from fastapi import APIRouter

from opis.web.core.site import Site
from opis.web.staff import account, admin, catalog, fixity, ingest, signin, upload


def router(site: Site) -> APIRouter:
    room = APIRouter()
    for part in (signin, ingest, account, admin, upload, catalog, fixity):
        room.include_router(part.router(site))
    room.include_router(fixity.pages(site))
    return room
