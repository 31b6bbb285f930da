"""Opening the archive a command or the server works on, and loading the sample on first start."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from opis.config import Settings
from opis.model import AnyRecord, AttachedOriginal, Document
from opis.store.archive import Archive
from opis.store.pagewords import PageWords, WordBox, store_words

SAMPLE_ACTOR = "opis-sample"


def open_archive(settings: Settings) -> Archive:
    return Archive.open(settings)


def load_sample(archive: Archive, progress: Callable[[int, int], None] | None = None) -> int:
    """Save every sample record (idempotent: unchanged records add no revision); return how many changed."""
    from opis.sample import load_sample as sample_records

    items = with_rendered_pages(archive, sample_records())
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


def with_rendered_pages(archive: Archive, items: list[AnyRecord]) -> list[AnyRecord]:
    """The sample records, with a page image drawn from the transcription attached to the documents
    ``sample/rendered.yaml`` names: stored as an original (role "rendered", named so), with the drawn
    words' boxes kept for search inside the page. Without the font the documents stay as they are."""
    from opis.sample import sample_id
    from opis.sample.render import LABEL, font_available, render, rendered_pages

    if not font_available():
        return items
    wanted = {sample_id("document", str(e["document"])): str(e.get("rendition", "original"))
              for e in rendered_pages()}
    out: list[AnyRecord] = []
    for record in items:
        kind = wanted.get(record.id)
        text = next((r.text for r in record.renditions if r.kind == kind), "") \
            if isinstance(record, Document) and kind else ""
        if not isinstance(record, Document) or not text.strip():
            out.append(record)
            continue
        page = render(text)
        name = f"{record.id} ({LABEL}).png"
        with tempfile.TemporaryDirectory(prefix="opis-sample-") as tmp:
            path = Path(tmp) / "page.png"
            path.write_bytes(page.png)
            sha, _, _ = archive.add_original(path, name, "image/png")
        store_words(archive, sha, [PageWords(1, page.width, page.height,
                                             [WordBox(t, x, y, w, h, 1.0) for t, x, y, w, h in page.words])])
        attached = AttachedOriginal(sha256=sha, filename=name, media_type="image/png", role="rendered")
        out.append(record.model_copy(update={"originals": [*record.originals, attached]}))
    return out
