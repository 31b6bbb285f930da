"""A new node's index from a peer's snapshot (index/snapshot.py): the committed segments and the
outbox position they were taken at; the restored index follows the outbox from that position only.
On SQLite and PostgreSQL (the `archive` fixture)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from opis.index import SearchIndex
from opis.index.engine import current_generation
from opis.index.fields import SCHEMA_VERSION
from opis.index.indexer import Indexer
from opis.index.snapshot import MANIFEST, SnapshotError, read, restore, take
from opis.store.access import SYSTEM
from opis.store.archive import Archive
from tests.index import corpus as C
from tests.index.corpus import ids, run


def test_a_restored_snapshot_catches_up_only_what_changed_after_it(archive: Archive, loaded: SearchIndex,
                                                                     tmp_path: Path) -> None:
    before = run(loaded, "", viewer=SYSTEM, limit=100)
    snap = take(loaded.index_dir, tmp_path / "snap")
    assert snap.position == loaded.position() and snap.documents == before.total
    later = C.doc("after-snapshot", "Telegram on the Sakhalin ferries", "Ferries to Korsakov resumed.")
    archive.put(later, "t")
    archive.put(C.MAO.model_copy(update={"title": "Telegram about the armistice"}), "t")

    restored = SearchIndex.open(tmp_path / "node-c")
    gen = restore(tmp_path / "snap", restored.index_dir)
    assert restored.refresh() and restored.generation == gen  # as a running server switches after a rebuild
    assert restored.position() == snap.position
    indexer = Indexer(archive, restored)
    assert indexer.pending() == 2  # only the two saves made after the snapshot, not the whole store
    assert run(restored, "", viewer=SYSTEM, limit=100).total == before.total  # the peer's documents, copied
    assert indexer.catch_up() == 2
    assert ids(run(restored, "Korsakov")) == [later.id]
    assert ids(run(restored, "armistice")) == [C.MAO.id] and run(restored, "title:talks").total == 0
    restored.release_writer()


def test_a_snapshot_taken_while_the_writer_commits_is_whole(archive: Archive, loaded: SearchIndex,
                                                           tmp_path: Path) -> None:
    """The peer's indexer commits (and tantivy merges and collects old segment files) while snapshots
    are taken: each opens with every document up to its recorded position, and the restored node
    catches up to the same answers as the peer."""
    stop = threading.Event()
    errors: list[BaseException] = []
    commits = [0]

    def edits() -> None:
        indexer = Indexer(archive, loaded)
        try:
            while not stop.is_set():
                n = commits[0] + 1
                archive.put(C.doc(f"churn-{n}", f"Churn {n}", f"Report number {n} on coal."), "t")
                indexer.catch_up()
                commits[0] = n
        except BaseException as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)

    writer = threading.Thread(target=edits)
    writer.start()
    try:
        snaps = []
        for i in range(5):
            seen = commits[0]
            while commits[0] < seen + 2 and writer.is_alive():  # a snapshot between every few commits
                time.sleep(0.01)
            snaps.append(take(loaded.index_dir, tmp_path / f"snap-{i}"))
    finally:
        stop.set()
        writer.join(60)
    assert not errors, errors
    Indexer(archive, loaded).catch_up()
    want = (run(loaded, "coal", viewer=SYSTEM).total, run(loaded, "", viewer=SYSTEM).total)
    assert want[0] > 5  # the writer did commit while the snapshots were taken
    for i, snap in enumerate(snaps):
        node = SearchIndex.open(tmp_path / f"node-{i}")
        restore(snap.path, node.index_dir)
        node.refresh()
        assert run(node, "", viewer=SYSTEM, limit=1).total == snap.documents
        Indexer(archive, node).catch_up()
        assert (run(node, "coal", viewer=SYSTEM).total, run(node, "", viewer=SYSTEM).total) == want
        node.release_writer()


def test_a_snapshot_of_another_schema_or_no_index_is_refused(loaded: SearchIndex, tmp_path: Path) -> None:
    with pytest.raises(SnapshotError, match="no index"):
        take(tmp_path / "empty", tmp_path / "snap-none")
    snap = take(loaded.index_dir, tmp_path / "snap")
    with pytest.raises(SnapshotError, match="exists"):
        take(loaded.index_dir, snap.path)
    manifest = json.loads((snap.path / MANIFEST).read_text())
    (snap.path / MANIFEST).write_text(json.dumps({**manifest, "schema": SCHEMA_VERSION - 1}))
    with pytest.raises(SnapshotError, match="opis reindex"):
        restore(snap.path, tmp_path / "node")
    assert current_generation(tmp_path / "node") is None  # nothing half-restored is put in use
    with pytest.raises(SnapshotError, match="not an index snapshot"):
        read(tmp_path)
