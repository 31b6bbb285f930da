"""Read-only questions the reading room asks that the Archive API does not answer in one query.

Each applies the store's one access rule (``store.access.visible``) inside its SQL, exactly as the
Archive's own reads do, so nothing here can show or count a record the reader may not see.
(Candidates to move into ``opis.store`` once another caller needs them.)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select

from opis.model import Authority
from opis.store.access import Viewer, visible
from opis.store.archive import Archive
from opis.store.schema import record_links, records


@dataclass(frozen=True)
class Dated:
    """A document on a time axis: its day bounds and the date as the record gives it."""

    id: str
    title: str
    earliest: date | None
    latest: date | None
    edtf: str
    text: str
    role: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "earliest": self.earliest and self.earliest.isoformat(),
                "latest": self.latest and self.latest.isoformat(), "edtf": self.edtf, "text": self.text,
                "role": self.role}


def _date_of(data: str) -> tuple[str, str]:
    found = json.loads(data).get("date") or {}
    return str(found.get("edtf") or ""), str(found.get("text") or "")


def _dates_of(archive: Archive, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    if not ids:
        return {}
    with archive.engine.connect() as conn:
        rows = conn.execute(select(records.c.id, records.c.data).where(records.c.id.in_(list(ids)))).all()
    return {r.id: _date_of(r.data) for r in rows}


def linked_documents(archive: Archive, viewer: Viewer, target: str, roles: Sequence[str] | None = None,
                     offset: int = 0, limit: int = 50) -> tuple[list[Dated], int]:
    """A page of visible documents linking to ``target`` (in any role, or one of ``roles``), by date.

    A document linking in two roles (author and mentioned) is listed once, with the first role.
    The page and the total come from one query, and the stored JSON (for the dates as written) is
    read for the page's rows only: sorting thousands of rows with their JSON is what made this slow.
    """
    links = select(record_links.c.record_id, func.min(record_links.c.role).label("role")) \
        .where(record_links.c.target_id == target).group_by(record_links.c.record_id)
    if roles is not None:
        links = links.where(record_links.c.role.in_(list(roles)))
    sub = links.subquery()
    joined = sub.join(records, and_(records.c.id == sub.c.record_id, visible(viewer, archive.today())))
    query = (select(records.c.id, records.c.title, records.c.earliest, records.c.latest, sub.c.role,
                    func.count().over().label("total"))
             .select_from(joined).where(records.c.kind == "document")
             .order_by(records.c.earliest.is_(None), records.c.earliest, records.c.id).offset(offset).limit(limit))
    with archive.engine.connect() as conn:
        rows = conn.execute(query).all()
    written = _dates_of(archive, [r.id for r in rows])
    total = int(rows[0].total) if rows else _count_linked(archive, joined) if offset else 0
    return [Dated(r.id, r.title, r.earliest, r.latest, *written[r.id], role=r.role) for r in rows], total


def _count_linked(archive: Archive, joined: Any) -> int:
    # Only for a page past the end, where the windowed count has no row to ride on.
    with archive.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(joined).where(records.c.kind == "document"))
                   .scalar_one())


def kind_counts(archive: Archive, viewer: Viewer, kinds: Sequence[str]) -> dict[str, int]:
    """How many visible records of each of ``kinds`` (small kinds: the ``kind`` index keeps this cheap)."""
    query = (select(records.c.kind, func.count())
             .where(records.c.kind.in_(list(kinds)), visible(viewer, archive.today())).group_by(records.c.kind))
    with archive.engine.connect() as conn:
        return {kind: int(n) for kind, n in conn.execute(query).all()}


def authorities(archive: Archive, viewer: Viewer, ids: Sequence[str]) -> dict[str, Authority]:
    """The visible authority records among ``ids``, by id."""
    return {r.id: r for r in archive.get_many(list(ids), viewer) if isinstance(r, Authority)}
