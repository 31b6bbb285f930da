"""The tantivy index on disk: generations, the applied outbox position, one writer, fresh searchers.

Layout of the index folder::

    CURRENT        name of the generation in use (replaced atomically)
    g<ns>/         one generation: tantivy's files plus applied.json
                   {"seq": N, "schema": V, "position": {...}} (store.feed.Position)

A rebuild writes a new generation beside the one in use and then switches CURRENT, so readers
never see a half-built index; a process holding the old one notices the switch (``refresh``).
``applied.json`` is written after tantivy's commit has reached the disk: if the process dies in
between, the next start re-applies the last outbox rows, which is harmless.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import tantivy

from opis.index import analysis
from opis.index.fields import SCHEMA_VERSION, schema
from opis.store.feed import Position

CURRENT = "CURRENT"
APPLIED = "applied.json"
WRITER_HEAP = 64_000_000  # the server's writer: small, it sees a few records at a time
REBUILD_HEAP = 256_000_000


class IndexBusy(RuntimeError):
    """Another process holds this index's writer."""


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@dataclass(frozen=True)
class Generation:
    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    def applied(self) -> Position | None:
        """How far the outbox is applied, or None when this generation is unusable (other schema).
        A file from before positions had horizons gives one without: the outbox is read again."""
        try:
            data = json.loads((self.path / APPLIED).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("schema") != SCHEMA_VERSION:
            return None
        return Position.from_json(data.get("position") or {"seq": data["seq"]})

    def applied_seq(self) -> int | None:
        """The last outbox seq applied, or None when this generation is unusable (other schema)."""
        pos = self.applied()
        return None if pos is None else pos.seq

    def set_applied(self, position: Position | int) -> None:
        pos = Position(position) if isinstance(position, int) else position
        _write_atomic(self.path / APPLIED, json.dumps({"seq": pos.seq, "schema": SCHEMA_VERSION,
                                                       "position": pos.to_json()}))

    def open(self) -> tantivy.Index:
        index = tantivy.Index(schema(), path=str(self.path), reuse=True)
        analysis.register(index)
        return index


def new_generation(index_dir: Path) -> Generation:
    """An empty generation (seq 0), not yet in use."""
    index_dir.mkdir(parents=True, exist_ok=True)
    gen = Generation(index_dir / f"g{time.time_ns()}")
    gen.path.mkdir()
    gen.open()
    gen.set_applied(0)
    return gen


def current_generation(index_dir: Path) -> Generation | None:
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    gen = Generation(index_dir / name)
    return gen if name and gen.applied_seq() is not None else None


def publish(index_dir: Path, gen: Generation) -> None:
    """Make ``gen`` the generation in use and delete the others."""
    _write_atomic(index_dir / CURRENT, gen.name + "\n")
    for other in index_dir.glob("g*"):
        if other.is_dir() and other.name != gen.name:
            shutil.rmtree(other, ignore_errors=True)


class SearchIndex:
    """The index in use: searchers for any thread; a writer for the one indexer."""

    def __init__(self, index_dir: Path, gen: Generation) -> None:
        self.index_dir = index_dir
        self.schema = schema()
        self._lock = threading.RLock()
        self._gen = gen
        self._index = gen.open()
        self._writer: tantivy.IndexWriter | None = None
        self._seen: Position | None = None

    @classmethod
    def open(cls, index_dir: Path) -> SearchIndex:
        """The index in ``index_dir``; an empty one (to be caught up from the outbox) if there is none."""
        gen = current_generation(index_dir)
        if gen is None:
            gen = new_generation(index_dir)
            publish(index_dir, gen)
        return cls(index_dir, gen)

    @property
    def generation(self) -> Generation:
        return self._gen

    def searcher(self) -> tantivy.Searcher:
        return self._index.searcher()

    @property
    def tantivy_index(self) -> tantivy.Index:
        return self._index

    def applied_seq(self) -> int:
        return self._gen.applied_seq() or 0

    def position(self) -> Position:
        return self._gen.applied() or Position()

    def view(self) -> tuple[Position, tantivy.Searcher]:
        """A searcher and a position it has applied at least: under the lock ``commit`` holds from
        tantivy's commit to the reload, and the position is read before the searcher, so the
        searcher is never older than it (another process's commit reaches the disk first too)."""
        with self._lock:
            pos = self.position()
            if pos != self._seen:
                self._index.reload()  # a commit by another process holding this index's writer
                self._seen = pos
            return pos, self._index.searcher()

    def writer(self) -> tantivy.IndexWriter:
        with self._lock:
            if self._writer is None:
                try:
                    self._writer = self._index.writer(WRITER_HEAP, 1)
                except ValueError as exc:
                    raise IndexBusy(f"{self._gen.path}: {exc}") from exc
            return self._writer

    def commit(self, position: Position | int) -> None:
        """Make the writer's changes durable and visible, then record ``position`` as applied."""
        with self._lock:
            writer = self.writer()
            writer.commit()
            self._index.reload()
            self._gen.set_applied(position)

    def advance(self, position: Position) -> None:
        """Record ``position`` when it covers no change the index lacks (the horizon moved alone)."""
        with self._lock:
            self._gen.set_applied(position)

    def refresh(self) -> bool:
        """Switch to a newer generation a rebuild published; True if it did."""
        gen = current_generation(self.index_dir)
        if gen is None or gen.name == self._gen.name:
            return False
        with self._lock:
            self.release_writer()
            self._gen, self._index = gen, gen.open()
            self._seen = None
        return True

    def release_writer(self) -> None:
        with self._lock:
            if self._writer is not None:
                self._writer.wait_merging_threads()
                self._writer = None
