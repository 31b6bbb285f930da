"""Documents waiting for someone: drafts and records in review, newest change first.

The review queue of people who may publish, and a contributor's own drafts. The access rule
applies here as in every read (``visible``), so the list never shows what its reader may not open.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.sql import Select

from opis.model import Status
from opis.store.access import Viewer, visible
from opis.store.archive import Archive
from opis.store.schema import records, revisions


@dataclass(frozen=True)
class Waiting:
    id: str
    title: str
    status: str
    revision: int
    updated_at: str
    created_by: str
    last_actor: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _query(archive: Archive, viewer: Viewer, status: Status, creator: str | None) -> Select[Any]:
    first = revisions.alias("first")
    last = revisions.alias("last")
    where = [records.c.kind == "document", records.c.status == status.value, visible(viewer, archive.today())]
    if creator is not None:
        where.append(first.c.actor == creator)
    return (select(records.c.id, records.c.title, records.c.status, records.c.revision, records.c.updated_at,
                   first.c.actor.label("created_by"), last.c.actor.label("last_actor"))
            .join(first, and_(first.c.record_id == records.c.id, first.c.number == 1))
            .join(last, and_(last.c.record_id == records.c.id, last.c.number == records.c.revision))
            .where(*where))


def waiting(archive: Archive, viewer: Viewer, status: Status, offset: int = 0, limit: int = 50,
            creator: str | None = None) -> tuple[list[Waiting], int]:
    """A page of documents with ``status`` (only those ``creator`` started, if given), and their total."""
    query = _query(archive, viewer, status, creator)
    page = query.order_by(records.c.updated_at.desc(), records.c.id).offset(offset).limit(limit)
    with archive.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = conn.execute(page).all()
    return [Waiting(r.id, r.title, r.status, r.revision, r.updated_at, r.created_by, r.last_actor)
            for r in rows], int(total)
