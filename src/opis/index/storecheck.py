"""The last word on access: which of some ids the store lets a viewer read right now.

The index learns of an access change (a record restricted, unpublished) within the indexer's
interval; until then its own filter is a moment behind. Checking the page's ids against the
store closes that gap for what is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from opis.index.search import Verify
from opis.store.access import Viewer, visible
from opis.store.archive import Archive
from opis.store.schema import records


def visible_ids(archive: Archive, viewer: Viewer) -> Verify:
    def check(ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        with archive.engine.connect() as conn:
            rows = conn.execute(select(records.c.id).where(records.c.id.in_(list(ids)),
                                                           visible(viewer, archive.today())))
            return set(rows.scalars())

    return check
