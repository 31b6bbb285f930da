"""Keeping the index in step with the store through the outbox.

Every save writes an outbox row (seq, record id, revision) in the save's own transaction. The
indexer reads the committed rows its recorded position does not cover (``store.feed``: by seq on
SQLite, by transaction snapshot on PostgreSQL, where a transaction may commit after a later seq
was applied), re-reads each record's *current* row (as the SYSTEM viewer: the index holds every
document with its access fields and filters per viewer at query time), replaces its index
document, commits the index, and only then records the position. Applying a row twice gives the
same index document, so a crash anywhere loses nothing: the next start reads from the last
recorded position again.

A changed authority or collection changes the documents that link to it (their variant names
and facet labels), so those are re-indexed too.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from multiprocessing.pool import AsyncResult
from pathlib import Path

from opis.index import docs, engine, fields, wordcache
from opis.index.engine import IndexBusy, SearchIndex
from opis.model import AnyRecord, Authority, Collection, Document
from opis.model.findings import Statement
from opis.store import statements
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from opis.store.feed import changes_since, document_ids, linking_to, pending, start_position

log = logging.getLogger("opis.index")

BATCH = 500
POOL_MIN = 20_000  # documents from which a rebuild prepares them in worker processes
Progress = Callable[[int, int], None]


def linked_bundle(archive: Archive, documents: Sequence[Document],
                  cache: dict[str, AnyRecord | None] | None = None) -> docs.Linked:
    """The public authorities and collections ``documents`` link to, and the documents' statements as the
    store keeps them (the editor's verdicts applied: rejected ones left out, corrected ones as corrected)."""
    cache = {} if cache is None else cache
    said: dict[str, list[Statement]] = {}
    for s in statements.of_records(archive, [d.id for d in documents], SYSTEM):
        said.setdefault(s.record_id, []).append(s.statement)
    wanted = {a.authority for d in documents for a in d.agents if a.authority}
    wanted |= {p.authority for ss in said.values() for s in ss for p in (s.agent, s.addressee)
               if p is not None and p.authority}
    wanted |= {p.authority for d in documents for p in d.places if p.authority}
    wanted |= {a for d in documents for a in docs.named_authorities(d)}
    wanted |= {c for d in documents for c in d.collections}
    missing = sorted(wanted - cache.keys())
    if missing:
        found = {r.id: r for r in archive.get_many(missing, SYSTEM)}
        cache.update({i: found.get(i) for i in missing})
    authorities = {i: r for i in wanted if isinstance(r := cache[i], Authority) and docs.is_public(r)}
    collections = {i: r for i in wanted if isinstance(r := cache[i], Collection) and docs.is_public(r)}
    return docs.Linked(authorities, collections, said)


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


class Stopped(Exception):
    """The indexer was asked to stop; what it applied since its last commit is applied again later."""


class Indexer:
    def __init__(self, archive: Archive, index: SearchIndex, batch: int = BATCH,
                 stop: Callable[[], bool] | None = None) -> None:
        self.archive = archive
        self.index = index
        self.batch = batch
        self.stop = stop or (lambda: False)  # asked between documents: a server's shutdown need not wait

    def pending(self) -> int:
        """How many outbox rows are not yet applied."""
        return pending(self.archive, self.index.position())

    def catch_up(self, max_batches: int | None = None) -> int:
        """Apply the outbox rows the recorded position does not cover; return how many were applied."""
        position, done, batches = self.index.position(), 0, 0
        wordcache.use(self.index.index_dir)  # words keyed by an earlier batch are read, not keyed again
        try:
            while max_batches is None or batches < max_batches:
                changes = changes_since(self.archive, position, self.batch)
                if not changes.rows:
                    if changes.after != position:  # only the horizon moved: nothing to write to tantivy
                        self.index.advance(changes.after)
                    break
                self.apply(list(dict.fromkeys(record_id for _, record_id in changes.rows)))
                self.index.commit(changes.after)
                position = changes.after
                done, batches = done + len(changes.rows), batches + 1
        finally:
            wordcache.save()
        return done

    def apply(self, record_ids: Sequence[str]) -> None:
        """Replace the index documents of ``record_ids`` (and of documents linking to them)."""
        current = {r.id: r for r in self.archive.get_many(record_ids, SYSTEM)}
        writer = self.index.writer()
        for rid in record_ids:
            if not isinstance(current.get(rid), Document):
                writer.delete_documents_by_term(fields.ID, rid)  # gone, or not a document
        changed_links = [i for i, r in current.items() if isinstance(r, Authority | Collection)]
        doc_ids = [i for i, r in current.items() if isinstance(r, Document)]
        doc_ids += [i for i in linking_to(self.archive, changed_links) if i not in current]
        cache: dict[str, AnyRecord | None] = {}
        for chunk in _chunks(doc_ids, self.batch):
            found = [d for d in self.archive.get_many(chunk, SYSTEM) if isinstance(d, Document)]
            linked = linked_bundle(self.archive, found, cache)
            for d in found:
                if self.stop():
                    raise Stopped
                writer.delete_documents_by_term(fields.ID, d.id)
                writer.add_document(docs.build(d, linked))


class IndexerThread(threading.Thread):
    """Catches up every ``interval`` seconds in the background; searches never wait for it."""

    def __init__(self, archive: Archive, index: SearchIndex, interval: float = 0.2) -> None:
        super().__init__(name="opis-indexer", daemon=True)
        self._stop_event = threading.Event()
        self.indexer = Indexer(archive, index, stop=self._stop_event.is_set)
        self.index = index
        self.interval = interval
        self.first_pass = threading.Event()  # set once the first catch-up has ended, however it ended
        self._busy_logged = False
        self.errors = 0

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.step()
            self.first_pass.set()
            if self._stop_event.wait(self.interval):
                break
        self.first_pass.set()

    def step(self) -> None:
        try:
            self.index.refresh()
            self.indexer.catch_up()
        except Stopped:
            pass  # nothing was committed past the last batch: stop() releases the writer, dropping the rest
        except IndexBusy as exc:
            # Another process (a second worker, a reindex) holds the writer; keep serving reads.
            if not self._busy_logged:
                log.warning("index writer busy, serving reads only: %s", exc)
                self._busy_logged = True
        except Exception:
            self.errors += 1
            log.exception("indexing failed; will retry")

    def stop(self, timeout: float = 10.0) -> None:
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout)
        self.index.release_writer()


def _prepare_batch(batch: Sequence[Document], linked: docs.Linked) -> list[docs.Prepared]:
    return [docs.prepare(d, linked) for d in batch]


def rebuild(archive: Archive, index_dir: Path, progress: Progress | None = None,
            batch: int = BATCH, workers: int | None = None) -> int:
    """Build a fresh index of every document in a new generation and switch to it; return the count.

    The outbox position is taken *before* the scan, so a change saved during the rebuild (or by a
    transaction still open when it began) is applied by the next catch-up rather than missed.

    ``workers``: processes preparing index documents (analysis and cross-script keys, the costly
    part) while this one reads the store and feeds the writer; by default one per core for
    archives of at least POOL_MIN documents, none (all in this process) below. The index is the
    same either way: a prepared document assembles into exactly what ``docs.build`` gives.
    """
    position = start_position(archive)
    ids = document_ids(archive)
    if workers is None:
        workers = (os.cpu_count() or 1) if len(ids) >= POOL_MIN else 0
    gen = engine.new_generation(index_dir)
    writer = gen.open().writer(engine.REBUILD_HEAP, 0)
    cache: dict[str, AnyRecord | None] = {}
    done = 0
    # "spawn": the workers start clean (no copies of this process's threads, locks or connections).
    pool = multiprocessing.get_context("spawn").Pool(workers) if workers > 0 else None
    pending: deque[tuple[int, AsyncResult[list[docs.Prepared]]]] = deque()

    def drain(keep: int) -> None:
        nonlocal done
        while len(pending) > keep:
            size, result = pending.popleft()
            for prepared in result.get():
                writer.add_document(docs.assemble(prepared))
            done += size
            if progress:
                progress(done, len(ids))

    try:
        for chunk in _chunks(ids, batch):
            found = [d for d in archive.get_many(chunk, SYSTEM) if isinstance(d, Document)]
            linked = linked_bundle(archive, found, cache)
            if pool is None:
                for d in found:
                    writer.add_document(docs.build(d, linked))
                done += len(chunk)
                if progress:
                    progress(done, len(ids))
                continue
            pending.append((len(chunk), pool.apply_async(_prepare_batch, (found, linked))))
            drain(2 * workers)  # bounded: prepared batches wait in memory
        drain(0)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    writer.commit()
    writer.wait_merging_threads()
    gen.set_applied(position)
    engine.publish(index_dir, gen)
    return len(ids)
