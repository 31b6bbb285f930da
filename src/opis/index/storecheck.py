"""The last word on access: which of some ids the store lets a viewer read right now.

The index learns of an access change (a record restricted, unpublished) within the indexer's
interval; until then its own filter is a moment behind. Checking the page's ids against the
store closes that gap for what is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, bindparam, select

from opis.index.search import Verify
from opis.store.access import Viewer, visible
from opis.store.archive import Archive
from opis.store.schema import records


@lru_cache(maxsize=64)
def _statement(viewer: Viewer, today: date) -> Select[Any]:
    """One query by primary key for a whole page: ``id IN (...)`` (an expanding parameter, so the
    compiled statement is reused) and the store's access rule for the viewer on ``today``."""
    return select(records.c.id).where(records.c.id.in_(bindparam("ids", expanding=True)), visible(viewer, today))


def visible_ids(archive: Archive, viewer: Viewer) -> Verify:
    def check(ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        with archive.engine.connect() as conn:
            rows = conn.execute(_statement(viewer, archive.today()), {"ids": list(ids)})
            return set(rows.scalars())

    return check
