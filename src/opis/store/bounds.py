"""How long the store's bounded columns are, read from the schema so that checks made before a
save (the editing forms) cannot drift from what the database accepts."""

from __future__ import annotations

from opis.store.schema import archival_refs, record_links

LEVEL_LENGTHS: dict[str, int] = {level: int(archival_refs.c[level].type.length)  # type: ignore[attr-defined]
                                 for level in ("repository", "fond", "opis", "papka", "delo", "folios")}
LINK_LENGTH: int = int(record_links.c.target_id.type.length)  # type: ignore[attr-defined]
