"""GET /collections: every collection a reader may see, with how many documents it holds.

The count is the total the collection's own page lists (the same store query), so the two agree.
"""

from __future__ import annotations

from typing import Any

from opis.model import Collection
from opis.store.access import Viewer
from opis.store.archive import Archive
from opis.store.pagequeries import linked_documents


def collections_page(archive: Archive, viewer: Viewer, offset: int, limit: int) -> dict[str, Any]:
    page = archive.browse(viewer, ("collection",), offset, limit, "title")
    items = []
    for record in page.items:
        if isinstance(record, Collection):
            _, total = linked_documents(archive, viewer, record.id, ("collection",), 0, 1)
            items.append({"id": record.id, "title": record.title, "description": record.description,
                          "featured": record.featured, "documents": total})
    return {"total": page.total, "offset": offset, "limit": limit, "items": items}
