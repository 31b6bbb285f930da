"""The last word on access: which of some ids the store lets a viewer read right now.

The index learns of an access change (a record restricted, unpublished) within the indexer's
interval; until then its own filter is a moment behind. Checking the page's ids against the
store (``store.feed.readable_ids``, one query per page) closes that gap for what is shown; the
records changed since the index's position that the viewer may not read now
(``store.feed.hidden_since``, one query per search, over the few unapplied outbox rows) are
excluded from the total and the facet counts as well.
"""

from __future__ import annotations

from collections.abc import Sequence

from opis.index.search import Verify
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.feed import Position, hidden_since, readable_ids


class _Check:
    def __init__(self, archive: Archive, viewer: Viewer) -> None:
        self.archive = archive
        self.viewer = viewer

    def __call__(self, ids: Sequence[str]) -> set[str]:
        return readable_ids(self.archive, self.viewer, ids)

    def hidden_since(self, position: Position) -> Sequence[str]:
        return hidden_since(self.archive, self.viewer, position)


def visible_ids(archive: Archive, viewer: Viewer) -> Verify:
    return _Check(archive, viewer)
