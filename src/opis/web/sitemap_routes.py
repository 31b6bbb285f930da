"""(being written)"""

from __future__ import annotations

from fastapi import APIRouter

from opis.web.site import Site


def sitemap_router(site: Site) -> APIRouter:
    return APIRouter()
