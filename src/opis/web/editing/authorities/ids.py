"""Ids of new authority records, and a record with its revision for editing."""

from __future__ import annotations

from opis.model import Authority, make_id
from opis.store.access import SYSTEM, Viewer
from opis.store.archive import Archive
from opis.store.errors import NotFound


def new_id(archive: Archive, kind: str, record: Authority, distinct: bool) -> tuple[str | None, str]:
    """(id, first id): ids hash the kind, name and dates, so the same form sent twice makes no second
    record; a different person of the same name and dates (``distinct``) gets the next free id."""
    key = (record.preferred, record.dates.edtf if record.dates else "undated")
    first = make_id(kind, "web", *key)
    for n in range(1, 1000 if distinct else 2):
        candidate = first if n == 1 else make_id(kind, "web", *key, str(n))
        if not archive.titles([candidate], SYSTEM):
            return candidate, first
    return None, first


def authority_and_revision(archive: Archive, record_id: str, viewer: Viewer) -> tuple[Authority, int]:
    record = archive.get(record_id, viewer)
    if not isinstance(record, Authority):
        raise NotFound(f"no authority record {record_id!r}")
    return record, archive.current_revision(record_id, viewer)
