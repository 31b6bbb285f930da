"""Editing authority records (people, organizations, places, repositories), one module each:
``pages`` (the new and edit forms), ``merge`` and ``split`` (their pages), ``api`` (the JSON API),
with ``bodies`` (what the routes take in), ``forms`` (form values), ``checks`` (values to a record,
with a message by each wrong field) and ``ids`` (ids of new records).

Every change goes through the store's audited paths (``Archive.edit``, ``store/merging``), which
apply the edit rule again; the routes let in only holders of ``edit_authorities``.
"""

from __future__ import annotations

from fastapi import APIRouter

from opis.web.core.site import Site
from opis.web.editing.authorities import api, merge, pages, split


def router(site: Site) -> APIRouter:
    room = APIRouter()
    for part in (pages, merge, split, api):
        room.include_router(part.router(site))
    return room
