"""The last word on access: which of some ids the store lets a viewer read right now.

The index learns of an access change (a record restricted, unpublished) within the indexer's
interval; until then its own filter is a moment behind. Checking the page's ids against the
store (``store.feed.readable_ids``, one query per page) closes that gap for what is shown.
"""

from __future__ import annotations

from collections.abc import Sequence

from opis.index.search import Verify
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.feed import readable_ids


def visible_ids(archive: Archive, viewer: Viewer) -> Verify:
    def check(ids: Sequence[str]) -> set[str]:
        return readable_ids(archive, viewer, ids)

    return check
