"""The JSON API for authority records: ``POST``/``PUT /api/authorities``, ``…/merge``, ``…/split``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from opis.model import Status
from opis.store import merging
from opis.store.access import Viewer
from opis.store.errors import Conflict, Invalid
from opis.web.core.auth import client_ip
from opis.web.core.params import IfMatch, if_match_revision
from opis.web.core.site import Site
from opis.web.editing.authorities.bodies import AuthorityChange, Editor, MergeIn, NewAuthority, PathId, SplitIn
from opis.web.editing.authorities.checks import build, joined
from opis.web.editing.authorities.forms import values_of
from opis.web.editing.authorities.ids import authority_and_revision, new_id


def router(site: Site) -> APIRouter:
    api = APIRouter(prefix="/api/authorities", tags=["authorities"])
    archive = site.archive

    def saved_json(record_id: str, revision: int, viewer: Viewer) -> dict[str, Any]:
        return {"id": record_id, "revision": revision, "record": archive.get(record_id, viewer).model_dump(mode="json")}

    @api.post("", status_code=201, summary="Add a person, organization, place or repository record")
    def api_create(body: NewAuthority, request: Request, viewer: Editor) -> dict[str, Any]:
        status = Status.PUBLISHED if viewer.may("publish") else Status.DRAFT
        record, errors = build(values_of(body), body.kind, "new", status=status)
        if record is None:
            raise Invalid(joined(errors))
        record_id, first = new_id(archive, body.kind, record, body.distinct)
        if record_id is None:
            raise Conflict(f"{first} has this name and dates already; send \"distinct\": true to add another")
        saved = archive.edit(record.model_copy(update={"id": record_id}), viewer, body.message, client_ip(request))
        return saved_json(record_id, saved.revision, viewer)

    @api.put("/{record_id}", summary="Change an authority record; If-Match or expected_revision guard a change "
                                     "made meanwhile (409)")
    def api_update(record_id: PathId, body: AuthorityChange, request: Request, viewer: Editor,
                   if_match: IfMatch = None) -> dict[str, Any]:
        current, _ = authority_and_revision(archive, record_id, viewer)
        record, errors = build(values_of(body), current.kind, current.id, current)
        if record is None:
            raise Invalid(joined(errors))
        expected = if_match_revision(if_match, body.expected_revision)
        saved = archive.edit(record, viewer, body.message, client_ip(request), expected_revision=expected)
        return saved_json(record_id, saved.revision, viewer)

    @api.post("/{record_id}/merge", summary="Merge another record into this one (names, identifiers, offices and "
                                            "every link move here; the other is withdrawn and redirects here)")
    def api_merge(record_id: PathId, body: MergeIn, request: Request, viewer: Editor) -> dict[str, Any]:
        result = merging.merge(archive, record_id, body.other, viewer, client_ip(request),
                               (body.keep_revision, body.other_revision))
        return {"kept": result.kept, "merged": result.merged, "revision": result.revision,
                "relinked": result.relinked, "conflicts": [c.__dict__ for c in result.conflicts]}

    @api.post("/{record_id}/split", status_code=201,
              summary="Move chosen variant names and linked records of this record to a new record")
    def api_split(record_id: PathId, body: SplitIn, request: Request, viewer: Editor) -> dict[str, Any]:
        result = merging.split(archive, record_id, body.preferred, body.names, body.documents, viewer,
                               client_ip(request), body.expected_revision)
        return {"source": result.source, "created": result.created, "relinked": result.relinked}

    return api
