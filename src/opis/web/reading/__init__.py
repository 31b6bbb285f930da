"""The reading room, for everyone: pages with their JSON twins, the JSON API, search, citations and
exports, the sitemap and OAI-PMH. What a page shows is computed in one module per page (home,
document, authority, search_page) and answered by ``pages`` as HTML or JSON."""

from __future__ import annotations

from fastapi import APIRouter

from opis.web.core.site import Site
from opis.web.reading import api, cite, export, oai, pages, search_api, sitemap


def router(site: Site) -> APIRouter:
    room = APIRouter()
    for part in (api, search_api, oai, cite, export, sitemap, pages):
        room.include_router(part.router(site))  # pages last: their paths are the widest
    return room
