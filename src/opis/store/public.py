"""What an anonymous reader can open, counted and listed for crawlers (the sitemap).

Both queries apply the store's one access rule for the anonymous public, so a list built from
them names no record a reader without an account could not open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select

from opis.store.access import ANONYMOUS, visible
from opis.store.archive import Archive
from opis.store.schema import records


@dataclass(frozen=True)
class PublicRecord:
    id: str
    kind: str
    changed: str  # ISO day the record last changed for an anonymous reader


def _public(archive: Archive, kinds: Sequence[str]) -> list[Any]:
    return [records.c.kind.in_(list(kinds)), visible(ANONYMOUS, archive.today())]


def changed_day(updated_at: str, access: str, embargo_until: date | None) -> str:
    """The day the record last changed for an anonymous reader: its last save, or the day an embargo ended."""
    day = updated_at[:10]
    if access == "embargoed" and embargo_until is not None and embargo_until.isoformat() > day:
        return embargo_until.isoformat()
    return day


def public_count(archive: Archive, kinds: Sequence[str]) -> int:
    """How many records of ``kinds`` the anonymous public may open."""
    with archive.reading() as conn:
        return int(conn.execute(select(func.count()).select_from(records).where(*_public(archive, kinds)))
                   .scalar_one())


def public_records(archive: Archive, kinds: Sequence[str], offset: int, limit: int) -> list[PublicRecord]:
    """A page of the records of ``kinds`` the anonymous public may open, by id."""
    query = (select(records.c.id, records.c.kind, records.c.updated_at, records.c.access, records.c.embargo_until)
             .where(*_public(archive, kinds)).order_by(records.c.id).offset(offset).limit(limit))
    with archive.reading() as conn:
        rows = conn.execute(query).all()
    return [PublicRecord(r.id, r.kind, changed_day(r.updated_at, r.access, r.embargo_until)) for r in rows]
