"""Opening the archive a command or the server works on, and loading the sample on first start."""

from __future__ import annotations

from collections.abc import Callable

from opis.config import Settings
from opis.store.archive import Archive

SAMPLE_ACTOR = "opis-sample"


def open_archive(settings: Settings) -> Archive:
    return Archive.open(settings)


def load_sample(archive: Archive, progress: Callable[[int, int], None] | None = None) -> int:
    """Save every sample record (idempotent: unchanged records add no revision); return how many changed."""
    from opis.sample import load_sample as sample_records

    items = sample_records()
    changed = 0
    for n, record in enumerate(items, 1):
        changed += archive.put(record, SAMPLE_ACTOR, "sample collection").changed
        if progress:
            progress(n, len(items))
    return changed


def ensure_ready(settings: Settings) -> Archive:
    """Open (creating and migrating) the store; load the sample into an empty store if configured to."""
    archive = open_archive(settings)
    if settings.load_sample and archive.is_empty():
        load_sample(archive)
    return archive
