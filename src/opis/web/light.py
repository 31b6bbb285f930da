"""Authority records and titles read for display, cheaply.

Pages link to many records by title and need the name parts of a document's people; decoding
each linked record through pydantic validation costs far more than that. Titles come from the
``records.title`` column; authority records are rebuilt from their stored JSON without
re-validating it (it was validated when it was saved). The reason this matters so much today:
validating a ``Name`` re-reads vocab/scripts.yaml for every name (about 10 ms per name, 100 ms
for a person with ten variants); once ``Name._scheme`` caches its vocabulary, reads through
``Archive.get`` would be fast enough here too. The access rule is applied in the SQL, as in
every store read.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from opis.model import Access, AccessLevel, Authority, DocDate, Name, Office, Status
from opis.store.access import Viewer, visible
from opis.store.archive import Archive
from opis.store.errors import NotFound
from opis.store.schema import records

AUTHORITY_KINDS = ("person", "organization", "place", "repository")


def titles(archive: Archive, viewer: Viewer, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """id -> (kind, title) of the visible records among ``ids``."""
    if not ids:
        return {}
    query = select(records.c.id, records.c.kind, records.c.title).where(records.c.id.in_(list(ids)),
                                                                        visible(viewer, archive.today()))
    with archive.engine.connect() as conn:
        return {r.id: (r.kind, r.title) for r in conn.execute(query).all()}


def _date(value: Any) -> DocDate | None:
    return DocDate.model_construct(edtf=value["edtf"], text=value.get("text")) if value else None


def authority_from(data: dict[str, Any]) -> Authority:
    """An Authority from its stored JSON, nested values included, without validation."""
    fields = {k: v for k, v in data.items() if k in Authority.model_fields}
    fields["names"] = [Name.model_construct(**n) for n in data.get("names", [])]
    fields["dates"] = _date(data.get("dates"))
    fields["offices"] = [Office.model_construct(**{**o, "date": _date(o.get("date"))}) for o in data.get("offices", [])]
    access = data.get("access") or {}
    fields["access"] = Access.model_construct(level=AccessLevel(access.get("level", "public")),
                                              until=access.get("until"))
    fields["status"] = Status(data.get("status", "published"))
    if data.get("coordinates"):
        fields["coordinates"] = tuple(data["coordinates"])
    return Authority.model_construct(**fields)


def authorities(archive: Archive, viewer: Viewer, ids: Sequence[str]) -> dict[str, Authority]:
    """The visible authority records among ``ids``."""
    if not ids:
        return {}
    query = select(records.c.id, records.c.data).where(records.c.id.in_(list(ids)), records.c.kind.in_(AUTHORITY_KINDS),
                                                       visible(viewer, archive.today()))
    with archive.engine.connect() as conn:
        return {r.id: authority_from(json.loads(r.data)) for r in conn.execute(query).all()}


def authority(archive: Archive, viewer: Viewer, record_id: str) -> Authority:
    found = authorities(archive, viewer, [record_id])
    if record_id not in found:
        raise NotFound(f"no authority record {record_id!r}")
    return found[record_id]
