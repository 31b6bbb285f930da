"""The search index catch-up that `opis ingest` runs after a batch, for two trees side by side in one run.

    .venv/bin/python bench/ingest/catchup_ab.py --old OTHER/src [--rounds 4] [--n 60]
    .venv/bin/python bench/ingest/catchup_ab.py --profile [--n 60]

The bench's mixed English/Russian texts (``run.make_texts``, seed 18) are ingested once into a fresh
archive (not timed). Each round then starts one child process per tree (``alternate.py``: the trees
take turns, their order swapped every round); a child opens that archive, makes an empty search index
and times ``Indexer.catch_up`` in CPU time (a fresh process, as every CLI batch is: the word-key caches
start cold). A tree with a word-key file (``opis.index.wordcache``) is timed twice: with no file (the
first batch after an upgrade), then with the file the first pass left (every later batch).
``--profile`` prints the catch-up's cProfile (CPU clock) in this tree instead.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from alternate import ab_parser, alternating  # noqa: E402
from run import make_texts  # noqa: E402

ARCHIVE_ENV = "OPIS_CATCHUP_ARCHIVE"


def _build(n: int) -> Path:
    from opis.bootstrap import open_archive
    from opis.config import load_settings
    from opis.jobs.ingest import IngestRequest, run_ingest

    work = Path(tempfile.mkdtemp(prefix="opis-catchup-"))
    make_texts(work / "texts", n, random.Random(18))
    archive = open_archive(load_settings(data_dir=work / "data", load_sample=False))
    run_ingest(archive, IngestRequest(paths=(work / "texts",), jobs=1))
    archive.engine.dispose()
    return work


def _catch_up(data: Path, index_dir: Path, profiler: cProfile.Profile | None = None) -> tuple[float, int]:
    """CPU seconds of one catch-up into ``index_dir``, and the changes applied."""
    from opis.bootstrap import open_archive
    from opis.config import load_settings
    from opis.index import Indexer, SearchIndex

    archive = open_archive(load_settings(data_dir=data, load_sample=False))
    index = SearchIndex.open(index_dir)
    started = time.process_time()
    if profiler:
        profiler.enable()
    applied = Indexer(archive, index).catch_up()
    if profiler:
        profiler.disable()
    spent = time.process_time() - started
    index.release_writer()
    archive.engine.dispose()
    return spent, applied


def child(n: int) -> None:
    data = Path(os.environ[ARCHIVE_ENV]) / "data"
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        spent, applied = _catch_up(data, Path(tmp) / "index")
        out["cold"] = spent * 1000 / n
        saved = sorted((Path(tmp) / "index").glob("word-keys-*.json"))
        if saved:  # a tree with the word-key file: a later batch, in a new process, reads it
            from opis.index import wordcache

            (Path(tmp) / "index2").mkdir()
            shutil.copy(saved[0], Path(tmp) / "index2" / saved[0].name)
            wordcache.forget()  # this process's caches emptied, as a new process's are
            spent, _ = _catch_up(data, Path(tmp) / "index2")
            out["warm_file"] = spent * 1000 / n
    out["applied"] = applied
    print(json.dumps(out))


def main() -> None:
    parser = ab_parser(__doc__, rounds=4, n=60)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.n)
        return
    work = _build(args.n)
    os.environ[ARCHIVE_ENV] = str(work)
    try:
        if args.profile:
            profiler = cProfile.Profile(time.process_time)
            with tempfile.TemporaryDirectory() as tmp:
                spent, _ = _catch_up(work / "data", Path(tmp) / "index", profiler)
            print(f"catch-up: {spent * 1000 / args.n:.1f} ms CPU per document")
            stream = io.StringIO()
            pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(30)
            print(stream.getvalue())
            return
        versions = {"old": args.old.resolve(), "new": (HERE.parents[1] / "src").resolve()}
        load = os.getloadavg()[0]
        runs = alternating(__file__, versions, args.rounds, args.n)
        print(f"{args.n} texts, {args.rounds} rounds, load {load:.1f} → {os.getloadavg()[0]:.1f}; CPU ms per document")
        for name, rows in runs.items():
            for key in rows[0]:
                if key != "applied":
                    print(f"{name} {key}: median {statistics.median(r[key] for r in rows):.1f} "
                          f"({', '.join(f'{r[key]:.1f}' for r in rows)})")
        cold = statistics.median(r["cold"] for r in runs["old"]) / statistics.median(r["cold"] for r in runs["new"])
        print(f"old/new cold: {cold:.2f}x")
        if "warm_file" in runs["new"][0]:
            warm = statistics.median(r["cold"] for r in runs["old"]) / statistics.median(
                r["warm_file"] for r in runs["new"])
            print(f"old/new with the word-key file: {warm:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
