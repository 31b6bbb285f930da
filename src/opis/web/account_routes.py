"""(being written)"""

from __future__ import annotations

from fastapi import APIRouter

from opis.web.site import Site


def account_router(site: Site) -> APIRouter:
    return APIRouter()
