"""How long the store's bounded columns are, read from the schema so that checks made before a
save (the editing forms) cannot drift from what the database accepts."""

from __future__ import annotations

from opis import vocab
from opis.store.schema import archival_refs, archival_units, record_links


def level_lengths() -> dict[str, int]:
    """Characters the repository and each level of vocab/levels.yaml may have: its own column of
    archival_refs where it still has one, else what an archival_units value holds."""
    def length(level: str) -> int:
        column = archival_refs.c[level] if level in archival_refs.c else archival_units.c.value
        return int(column.type.length)  # type: ignore[attr-defined]
    return {level: length(level) for level in ("repository", *vocab.archival_levels().keys)}


LINK_LENGTH: int = int(record_links.c.target_id.type.length)  # type: ignore[attr-defined]
