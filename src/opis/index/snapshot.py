"""A copy of an index's committed state, with the outbox position it had applied, for a new web node.

A new node may build its index from the store (``opis reindex``), which reads every document. Or
it may copy a peer's snapshot (``opis index snapshot`` on the peer, ``opis index restore`` on the
new node) and then follow the outbox from the position recorded with the snapshot, reading only
what changed since.

What "committed" means here. tantivy's ``meta.json`` names the segments of the last commit; segment
files never change once written (deletes go to a new ``<segment>.<opstamp>.del`` file), and tantivy
deletes files no commit names any more only while it holds ``.tantivy-meta.lock`` (its garbage
collection, which skips a round when it cannot take that lock). So, holding that lock, we read
``meta.json`` and hard-link the files of the segments it names into a staging folder beside the
generation (same filesystem: a link is instant, so the lock is held for milliseconds). tantivy takes
that lock as an ``flock`` too, as ours: a writer in another process that commits meanwhile waits for
it (tried: a commit loop in a second process stood still while a test held the lock), so the lock is
held for the links only. The copy to the destination, which may be slow or on another disk, happens
after the lock is released, from the links, which no one deletes.

Which position. ``applied.json`` is read *before* ``meta.json``. A server writes ``applied.json``
only after tantivy's commit reached the disk, so the segments read afterwards hold at least every
change up to that position; they may hold a few more, which the new node applies again from the
outbox. Applying a change twice gives the same document (docs/search.md), so the position may lag
the segments but never lead them: a change is never skipped.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import tantivy

from opis.index.engine import Generation, current_generation, publish
from opis.index.fields import SCHEMA_VERSION, schema
from opis.store.feed import Position

MANIFEST = "snapshot.json"
META = "meta.json"
META_LOCK = ".tantivy-meta.lock"  # tantivy's own name; its garbage collection takes this lock


class SnapshotError(RuntimeError):
    """No index to copy, a snapshot that cannot be read or is of another schema, or a copy that failed."""


@dataclass(frozen=True)
class Snapshot:
    path: Path
    position: Position
    documents: int
    segments: int
    taken_at: str
    source: str  # the generation copied, for the operator's log


@contextmanager
def _meta_locked(folder: Path) -> Iterator[None]:
    """tantivy's meta lock (an flock on the same file): no garbage collection while we hold it."""
    fd = os.open(folder / META_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _segment_files(folder: Path, meta: dict[str, object]) -> list[Path]:
    """Every file of the segments ``meta`` names (tantivy writes a segment id with dashes in
    ``meta.json`` and without them in file names)."""
    segments = meta.get("segments")
    if not isinstance(segments, list):
        raise SnapshotError(f"{folder / META}: no segment list")
    names = sorted(os.listdir(folder))
    files: list[Path] = []
    for segment in segments:
        prefix = str(segment["segment_id"]).replace("-", "") + "."
        found = [folder / name for name in names if name.startswith(prefix)]
        if not found:
            raise SnapshotError(f"{folder}: segment {segment['segment_id']} has no files")
        files += found
    return files


def _documents(folder: Path) -> int:
    index = tantivy.Index(schema(), path=str(folder), reuse=True)
    return int(index.searcher().num_docs)


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        with path.open("rb") as fh:
            os.fsync(fh.fileno())
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def take(index_dir: Path, dest: Path) -> Snapshot:
    """Copy the committed state of the index in use in ``index_dir`` into the new folder ``dest``,
    with the outbox position it had applied. Safe while a server writes to the index."""
    if dest.exists():
        raise SnapshotError(f"{dest} exists: a snapshot goes into a new folder")
    gen = current_generation(index_dir)
    if gen is None:
        raise SnapshotError(f"no index in {index_dir} (opis reindex builds one)")
    position = gen.applied()  # before meta.json: see the module's docstring
    if position is None:
        raise SnapshotError(f"{gen.path}: index of another schema than {SCHEMA_VERSION} (opis reindex)")
    links = index_dir / f"snapshot-{time.time_ns()}"  # not g*: publish() deletes only generations
    links.mkdir()
    try:
        try:
            with _meta_locked(gen.path):
                meta_text = (gen.path / META).read_text(encoding="utf-8")
                files = _segment_files(gen.path, json.loads(meta_text))
                for path in files:
                    os.link(path, links / path.name)
        except FileNotFoundError as exc:  # a rebuild published a new generation and removed this one
            raise SnapshotError(f"the index in {index_dir} was replaced while copying; try again") from exc
        (links / META).write_text(meta_text, encoding="utf-8")
        staging = dest.with_name(dest.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(links, staging)
    finally:
        shutil.rmtree(links, ignore_errors=True)
    found = Snapshot(dest, position, _documents(staging), len(json.loads(meta_text)["segments"]),
                     datetime.now(UTC).isoformat(timespec="seconds"), gen.name)
    (staging / MANIFEST).write_text(json.dumps({
        "schema": SCHEMA_VERSION, "position": position.to_json(), "documents": found.documents,
        "segments": found.segments, "taken_at": found.taken_at, "source": found.source}, indent=1) + "\n",
        encoding="utf-8")
    _fsync_tree(staging)
    os.replace(staging, dest)  # a folder named ``dest`` is always a whole snapshot
    return found


def read(src: Path) -> Snapshot:
    """The manifest of the snapshot in ``src``; a clear error if it is not one this opis can use."""
    try:
        data = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"{src}: not an index snapshot ({MANIFEST} unreadable: {exc})") from exc
    if data.get("schema") != SCHEMA_VERSION:
        raise SnapshotError(f"{src}: snapshot of index schema {data.get('schema')}, this opis uses "
                            f"{SCHEMA_VERSION}: build the index from the store instead (opis reindex)")
    return Snapshot(src, Position.from_json(data["position"]), int(data["documents"]), int(data["segments"]),
                    str(data["taken_at"]), str(data["source"]))


def restore(src: Path, index_dir: Path) -> Generation:
    """Make a copy of the snapshot in ``src`` the index in use in ``index_dir``; the indexer then
    applies the outbox from the snapshot's position. A server on ``index_dir`` switches to it as
    it does after a rebuild. ``src`` is left as it was."""
    found = read(src)
    index_dir.mkdir(parents=True, exist_ok=True)
    gen = Generation(index_dir / f"g{time.time_ns()}")
    shutil.copytree(src, gen.path, ignore=shutil.ignore_patterns(MANIFEST))
    try:
        gen.open()
        documents = _documents(gen.path)
        if documents != found.documents:
            raise SnapshotError(f"{src}: the copy holds {documents} documents, its manifest says {found.documents}")
        gen.set_applied(found.position)  # written last: CURRENT names a generation only once it is whole
        _fsync_tree(gen.path)
    except (SnapshotError, OSError, ValueError):
        shutil.rmtree(gen.path, ignore_errors=True)
        raise
    publish(index_dir, gen)
    return gen
