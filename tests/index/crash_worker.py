"""Run as a process the crash test kills: save records, then index them slowly, forever.

    python -m tests.index.crash_worker DATABASE_URL INDEX_DIR N

Prints "saved" once N records are committed to the store and "indexing" before each index batch;
the parent kills it with SIGKILL at one of those points.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from opis.index import SearchIndex
from opis.index.indexer import Indexer
from opis.store.archive import Archive
from opis.store.db import make_engine, migrate
from opis.store.originals import OriginalsDir
from tests.index.corpus import doc


def main() -> None:
    url, index_dir, n = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    engine = make_engine(url)
    migrate(engine)
    archive = Archive(engine, OriginalsDir(index_dir.parent / "originals"), lambda: datetime(2026, 11, 1, tzinfo=UTC))
    for i in range(n):
        archive.put(doc(f"crash-{i}", f"Crash record {i}", f"kilowatt{i} survives"), "crash")
    print("saved", flush=True)
    index = SearchIndex.open(index_dir)
    indexer = Indexer(archive, index, batch=3)
    while True:
        print("indexing", flush=True)
        indexer.catch_up(max_batches=1)
        time.sleep(0.05)


if __name__ == "__main__":
    main()
