"""Search benchmark: load a corpus into every engine, then time the query mix (measure.py).

    .venv/bin/python bench/search/run.py --docs 100000 [--reps 200] [--no-postgres]
        [--go-file F] [--measure-at HH:MM] [--workers 2] [--index-threads 2]

One pass over a generated corpus (corpus.py) feeds all engines: the opis index (documents prepared
by ``opis.index.docs.prepare`` in worker processes and assembled here with ``docs.assemble``, the
two halves of ``docs.build``), the store's ``records`` rows the search router checks access
against, SQLite FTS5 and PostgreSQL (a private cluster). Then measure.py runs as a fresh process
(so the code it times is the code as it is then) and its results join the load's in
bench/search/results/<N>.json; report.py turns them into tables and plots. Big files go to
--workdir (default /tmp/opis-bench-<N>), which is deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.pool import AsyncResult
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import tantivy  # noqa: E402
from bench.search.baselines import Fts5, Postgres, Row, row_of  # noqa: E402
from bench.search.corpus import Corpus  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from opis.config import Settings  # noqa: E402
from opis.index import docs, engine  # noqa: E402
from opis.model import Document  # noqa: E402
from opis.store.archive import Archive  # noqa: E402
from opis.store.schema import records  # noqa: E402

CHUNK = 500  # documents per worker task
AHEAD = 8  # worker tasks in flight or waiting
PROGRESS_EVERY = 50_000


# -- loading ------------------------------------------------------------------------------------

class Timer:
    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def run(self, name: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = fn()
        self.spent[name] = self.spent.get(name, 0.0) + time.perf_counter() - start
        return result


def _record_rows(batch: list[Document]) -> list[dict[str, Any]]:
    # Only the columns the access check reads; the bench store is not a full archive.
    return [{"id": d.id, "kind": "document", "title": d.title, "revision": 1, "status": d.status.value,
             "access": d.access.level.value, "embargo_until": d.access.until,
             "earliest": d.date.earliest if d.date else None, "latest": d.date.latest if d.date else None,
             "created_at": "2026-01-01", "updated_at": "2026-01-01", "data": "{}"} for d in batch]


_WORKER_CORPUS: list[Corpus] = []


Prepared = tuple[list[docs.Prepared], list[Row], list[dict[str, Any]]]


def _prepare_range(span: tuple[int, int]) -> Prepared:
    """In a worker process: generate documents start..stop and prepare everything the loaders need
    (index documents as plain steps, baseline rows, store rows) -- all picklable."""
    if not _WORKER_CORPUS:
        _WORKER_CORPUS.append(Corpus())
    corpus = _WORKER_CORPUS[0]
    batch = [corpus.document(i) for i in range(*span)]
    return [docs.prepare(d, docs.Linked()) for d in batch], [row_of(d) for d in batch], _record_rows(batch)


def load(n: int, work: Path, pg_url: str | None, workers: int, index_threads: int) -> dict[str, Any]:
    """Generate and load n documents. Document generation and index-document preparation (analysis,
    cross-script keys: ``opis.index.docs.prepare``) run in ``workers`` processes; this process turns
    prepared steps into tantivy documents (``docs.assemble``), feeds the writer and the baselines."""
    import multiprocessing

    pool = multiprocessing.get_context("fork").Pool(workers)  # before any thread is started here
    settings = Settings(data_dir=work / "data", load_sample=False)
    archive = Archive.open(settings)
    gen = engine.new_generation(settings.index_dir)
    writer = gen.open().writer(engine.REBUILD_HEAP, index_threads)
    fts = Fts5(str(work / "fts5.sqlite3"))
    pg = Postgres(pg_url) if pg_url else None
    t = Timer()
    started = time.perf_counter()
    spans = iter([(i, min(n, i + CHUNK)) for i in range(0, n, CHUNK)])
    pending: deque[AsyncResult[Prepared]] = deque()
    done = 0
    while True:
        while len(pending) < AHEAD and (span := next(spans, None)):  # bounded: results wait in memory
            pending.append(pool.apply_async(_prepare_range, (span,)))
        if not pending:
            break
        prepared, rows, record_rows = t.run("wait_for_workers", pending.popleft().get)
        t.run("index", _adder(writer, prepared))
        t.run("store_rows", _saver(archive, record_rows))
        t.run("fts5", _loader(fts, rows))
        if pg:
            t.run("postgres", _loader(pg, rows))
        done += len(rows)
        if done % PROGRESS_EVERY < CHUNK:
            elapsed = time.perf_counter() - started
            print(f"loaded {done} in {elapsed:.0f} s ({done / elapsed:.0f} docs/s) {json.dumps(t.spent)}", flush=True)
    pool.close()
    pool.join()
    t.run("index_commit", writer.commit)
    t.run("index_commit", writer.wait_merging_threads)
    gen.set_applied(0)
    engine.publish(settings.index_dir, gen)
    t.run("fts5", fts.finish)
    if pg:
        t.run("postgres", pg.finish)
    wall = time.perf_counter() - started
    # Index build time: waiting for the workers (generation + preparation, in parallel with the
    # loaders below) plus assembling and adding documents and the final commit and merges.
    index_s = t.spent["wait_for_workers"] + t.spent["index"] + t.spent["index_commit"]
    return {"seconds": t.spent, "wall_s": wall, "workers": workers, "index_threads": index_threads, "index_s": index_s,
            "index_bytes": _size(settings.index_dir), "fts5_bytes": _size(work / "fts5.sqlite3"),
            "docs_per_s_index": n / index_s, "fts": fts, "pg": pg, "data_dir": settings.data_dir}


def _adder(writer: tantivy.IndexWriter, batch: list[docs.Prepared]) -> Callable[[], None]:
    def add() -> None:
        for d in batch:
            writer.add_document(docs.assemble(d))

    return add


def _saver(archive: Archive, rows: list[dict[str, Any]]) -> Callable[[], None]:
    def save() -> None:
        with archive.engine.begin() as conn:
            conn.execute(insert(records), rows)

    return save


def _loader(db: Fts5 | Postgres, rows: list[Row]) -> Callable[[], None]:
    return lambda: db.add(rows)


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--base-reps", type=int, default=40)
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--keep", action="store_true", help="Keep the work folder.")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="Processes generating and preparing documents.")
    ap.add_argument("--index-threads", type=int, default=2, help="tantivy indexing threads.")
    ap.add_argument("--budget", type=float, default=120.0, help="Seconds per query class for an opis engine.")
    ap.add_argument("--base-budget", type=float, default=60.0, help="Seconds per query class for a baseline.")
    ap.add_argument("--go-file", type=Path, help="After loading, wait until this file exists before measuring...")
    ap.add_argument("--measure-at", help="...or until this time of day (HH:MM), whichever comes first.")
    args = ap.parse_args()
    work = args.workdir or Path(f"/tmp/opis-bench-{args.docs}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    result: dict[str, Any] = {"docs": args.docs, "machine": {"cores": os.cpu_count()}}
    measured = False
    try:
        with _postgres(not args.no_postgres) as pg_url:
            info = load(args.docs, work, pg_url, args.workers, args.index_threads)
            print("load", json.dumps(info["seconds"]), f"wall {info['wall_s']:.0f} s", flush=True)
            _wait_for_go(args.go_file, args.measure_at)
            result["build"] = {k: v for k, v in info.items() if k not in ("fts", "pg", "data_dir")}
            if info["pg"]:
                size = info["pg"].conn.execute("SELECT pg_total_relation_size('docs')").fetchone()[0]
                result["build"]["postgres_bytes"] = int(size)
            info["fts"].db.close()
            result.update(_measure(info, pg_url, work, args))
            measured = True
            if info["pg"]:
                info["pg"].conn.close()
    finally:
        if measured and not args.keep:  # a failed measurement keeps the loaded corpus to measure again
            shutil.rmtree(work, ignore_errors=True)
    target = ROOT / "bench" / "search" / "results" / f"{args.docs}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"wrote {target}")


def _measure(info: dict[str, Any], pg_url: str | None, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run measure.py as a fresh process on the loaded data; its result."""
    out = work / "measure.json"
    cmd = [sys.executable, str(ROOT / "bench" / "search" / "measure.py"), "--data-dir", str(info["data_dir"]),
           "--fts", str(work / "fts5.sqlite3"), "--out", str(out), "--reps", str(args.reps),
           "--base-reps", str(args.base_reps), "--budget", str(args.budget), "--base-budget", str(args.base_budget)]
    if info["pg"] and pg_url:
        cmd += ["--pg-url", pg_url]
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}
    subprocess.run(cmd, check=True, env=env)
    measured: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return measured


def _wait_for_go(go_file: Path | None, measure_at: str | None) -> None:
    """Hold the loaded corpus until the go file appears or the time of day comes (a long build can
    run while the code under test is still being finished; the server starts after this)."""
    if go_file is None and measure_at is None:
        return
    print(f"waiting for {go_file} or {measure_at}", flush=True)
    while not (go_file and go_file.exists()):
        if measure_at and time.strftime("%H:%M") >= measure_at:
            break
        time.sleep(5)
    print("measuring", flush=True)


def _postgres(enabled: bool) -> Any:
    from contextlib import contextmanager, nullcontext

    if not enabled:
        return nullcontext(None)

    @contextmanager
    def cluster() -> Iterator[str]:
        from tests.support.postgres import create_database, private_cluster

        with private_cluster() as server:
            yield create_database(server)

    return cluster()


def _exit_on_term(*_: object) -> None:
    raise SystemExit(143)  # unwinds through the finally blocks: the private PostgreSQL is stopped


if __name__ == "__main__":
    import signal

    signal.signal(signal.SIGTERM, _exit_on_term)
    main()
