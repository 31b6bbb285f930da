"""What the derived search index reads from the store: the outbox of changes, the documents that
link to a changed authority or collection, every document id for a rebuild, and the last word
on which hits a viewer may read. The index never writes SQL; it asks here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, bindparam, func, select

from opis.store.access import Viewer, visible
from opis.store.archive import Archive
from opis.store.schema import outbox, record_links, records


def last_seq(archive: Archive) -> int:
    """The newest outbox position (0 when nothing was ever saved)."""
    with archive.engine.connect() as conn:
        return int(conn.execute(select(func.coalesce(func.max(outbox.c.seq), 0))).scalar_one())


def changes_after(archive: Archive, seq: int, limit: int) -> list[tuple[int, str]]:
    """Up to ``limit`` outbox rows after ``seq``, oldest first: (seq, record id)."""
    with archive.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.seq, outbox.c.record_id).where(outbox.c.seq > seq)
                            .order_by(outbox.c.seq).limit(limit)).all()
    return [(int(r.seq), str(r.record_id)) for r in rows]


def linking_to(archive: Archive, target_ids: Sequence[str]) -> list[str]:
    """Ids of the records that link to any of ``target_ids`` (their index documents show its names)."""
    if not target_ids:
        return []
    with archive.engine.connect() as conn:
        rows = conn.execute(select(record_links.c.record_id).where(record_links.c.target_id.in_(list(target_ids)))
                            .distinct().order_by(record_links.c.record_id)).scalars().all()
    return list(rows)


def document_ids(archive: Archive) -> list[str]:
    """Every document's id, in id order."""
    with archive.engine.connect() as conn:
        return list(conn.execute(select(records.c.id).where(records.c.kind == "document")
                                 .order_by(records.c.id)).scalars())


@lru_cache(maxsize=64)
def _readable_statement(viewer: Viewer, today: date) -> Select[Any]:
    """One query by primary key for a whole page: ``id IN (...)`` (an expanding parameter, so the
    compiled statement is reused) and the store's access rule for the viewer on ``today``."""
    return select(records.c.id).where(records.c.id.in_(bindparam("ids", expanding=True)), visible(viewer, today))


def readable_ids(archive: Archive, viewer: Viewer, ids: Sequence[str]) -> set[str]:
    """Which of ``ids`` the viewer may read right now."""
    if not ids:
        return set()
    with archive.engine.connect() as conn:
        rows = conn.execute(_readable_statement(viewer, archive.today()), {"ids": list(ids)})
        return set(rows.scalars())
