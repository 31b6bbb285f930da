"""Re-extraction: the current extractors over stored documents, from their stored text, after the
extractors or their vocabulary changed. A run (store.reextract) is split into batches of documents;
each batch is one job (jobs.runner: a thread on SQLite, ``opis.reextract`` on the PostgreSQL queue).

A batch reads its documents, extracts each again in the worker's bounded extraction child and saves,
in one transaction with the batch's done mark, those whose findings changed: a new revision each,
with an outbox row so every node's index follows. Unchanged findings make no revision, so a batch run
again (its worker was killed before the commit) changes nothing the first run did not; a rejected
statement stays rejected (store.statements.sync never writes one again). A document the extractor
could not read (time, memory, crash) keeps its findings and is counted as failed.
"""

from __future__ import annotations

from typing import Any

from opis.extract.bounded import ExtractorPool
from opis.extract.limits import KEY
from opis.jobs.records import refound
from opis.model import Document
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.store.reextract import actor_of, batch_ids, finish_batch

MESSAGE = "re-extracted with the current extractors"
BROKE = frozenset({"time", "memory", "crash"})  # limits the bounded extractor reports when it gave nothing


def _broke(found: dict[str, Any]) -> bool:
    return any(isinstance(n, dict) and n.get("extractor") is None and n.get("limit") in BROKE
               for n in found.get(KEY) or [])


def run_batch(archive: Archive, extractor: ExtractorPool, run_id: str, number: int) -> int | None:
    """Re-extract batch ``number`` of run ``run_id``; return how many documents changed, or None if the
    batch was done already (a retry after its worker finished it)."""
    ids = batch_ids(archive, run_id, number)
    if ids is None:
        return None
    failed = 0
    changed: list[Document] = []
    for doc in archive.get_many(ids, SYSTEM):
        if not isinstance(doc, Document):
            continue
        broke = False

        def extract(text: str, language: str | None) -> dict[str, Any]:
            nonlocal broke
            found = extractor.extract(text, language)
            broke = broke or _broke(found)
            return found

        new = refound(doc, extract)
        if broke:
            failed += 1
        elif new.findings != doc.findings:
            changed.append(new)
    if not finish_batch(archive, run_id, number, changed, failed, actor_of(archive, run_id), MESSAGE):
        return None
    return len(changed)
