"""The editing room, for staff who change records: document and authority forms with their JSON API,
renditions, the review queue and each record's history. Forms, bodies and limits check a person's
input before ``Archive.edit`` stores it."""

from __future__ import annotations

from fastapi import APIRouter

from opis.web.core.site import Site
from opis.web.editing import alignments, api, authorities, documents, history, renditions, review, statements, witnesses


def router(site: Site) -> APIRouter:
    room = APIRouter()
    for part in (documents, renditions, alignments, review, api, authorities, history, witnesses, statements):
        room.include_router(part.router(site))
    return room
