"""The IIIF room: the Image API 3.0 over stored page images (``image.py``) and the Presentation API 3.0
manifest of each document (``manifest.py``). Everything here answers
JSON-LD or pictures; errors use the one JSON error shape."""

from __future__ import annotations

from fastapi import APIRouter

from opis.web.core.site import Site
from opis.web.iiif import image, manifest


def router(site: Site) -> APIRouter:
    room = APIRouter(include_in_schema=False)
    room.include_router(image.router(site))
    room.include_router(manifest.router(site))
    return room
