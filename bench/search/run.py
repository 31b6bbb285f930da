"""Search benchmark: build, query latency (HTTP, raw engine, SQLite FTS5, PostgreSQL), memory.

    .venv/bin/python bench/search/run.py --docs 100000 [--reps 200] [--no-postgres]

One pass over a generated corpus (corpus.py) feeds all of them: the opis index (through
``opis.index.docs.build``, the same code ``rebuild`` runs), the store's ``records`` rows the
search router checks access against, SQLite FTS5 and PostgreSQL. Then a uvicorn server on
127.0.0.1 serves the search router and a fixed query mix is timed through HTTP, through tantivy
directly (its own query parser, no expansion, no access filter, no snippets) and on both
baselines. Results go to bench/search/results/<N>.json; report.py turns them into tables and a plot.
Big files go to --workdir (default /tmp/opis-bench-<N>), which is deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import tantivy  # noqa: E402
from bench.search.baselines import Fts5, Postgres, Row, row_of  # noqa: E402
from bench.search.corpus import Corpus  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from opis.config import Settings  # noqa: E402
from opis.index import analysis, docs, engine  # noqa: E402
from opis.index import fields as F  # noqa: E402
from opis.model import Document  # noqa: E402
from opis.store.archive import Archive  # noqa: E402
from opis.store.schema import records  # noqa: E402

TODAY = date(2026, 11, 1)
BATCH = 2000
COMMON = ["soviet", "secretary", "military", "government", "economic"]
PHRASES = ['"of korea"', '"the soviet"', '"secretary of state"', '"north korea"']
NAMES = ["Shtikov", "김일성", "Mao Tse-tung", "Ким Ир Сен", "Chongjin"]
DATES = {"from": "1950", "to": "1953"}


def mix(corpus: Corpus) -> dict[str, list[dict[str, Any]]]:
    """The fixed query mix: parameters as the HTTP API takes them."""
    rare = [w for w in corpus.en.words[2300:2500] if w.isalpha() and len(w) > 4][:10]
    return {
        "rare_term": [{"q": w} for w in rare],
        "common_term": [{"q": w} for w in COMMON],
        "phrase": [{"q": p} for p in PHRASES],
        "cross_script": [{"q": n} for n in NAMES],
        "facet_heavy": [{"q": w, "facets": "true", "repository": "RGAE", "genre": "letter"} for w in COMMON],
        "date_filtered": [{"q": w, **DATES, "sort": "date"} for w in COMMON],
    }


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


def load(n: int, corpus: Corpus, work: Path, pg_url: str | None) -> dict[str, Any]:
    settings = Settings(data_dir=work / "data", load_sample=False)
    archive = Archive.open(settings)
    gen = engine.new_generation(settings.index_dir)
    writer = gen.open().writer(engine.REBUILD_HEAP, 1)  # one indexing thread: Python keeps the other core
    fts = Fts5(str(work / "fts5.sqlite3"))
    pg = Postgres(pg_url) if pg_url else None
    t = Timer()
    source = corpus.documents(n)
    while batch := t.run("generate", lambda: list(islice(source, BATCH))):
        t.run("index", _adder(writer, batch))
        t.run("store_rows", _saver(archive, batch))
        rows = [row_of(d) for d in batch]
        t.run("fts5", _loader(fts, rows))
        if pg:
            t.run("postgres", _loader(pg, rows))
    t.run("index", writer.commit)
    t.run("index", writer.wait_merging_threads)
    gen.set_applied(0)
    engine.publish(settings.index_dir, gen)
    t.run("fts5", fts.finish)
    if pg:
        t.run("postgres", pg.finish)
    return {"seconds": t.spent, "index_bytes": _size(settings.index_dir), "fts5_bytes": _size(work / "fts5.sqlite3"),
            "docs_per_s_index": n / t.spent["index"], "fts": fts, "pg": pg, "data_dir": settings.data_dir}


def _adder(writer: tantivy.IndexWriter, batch: list[Document]) -> Callable[[], None]:
    def add() -> None:
        for d in batch:
            writer.add_document(docs.build(d, docs.Linked()))

    return add


def _saver(archive: Archive, batch: list[Document]) -> Callable[[], None]:
    def save() -> None:
        with archive.engine.begin() as conn:
            conn.execute(insert(records), _record_rows(batch))

    return save


def _loader(db: Fts5 | Postgres, rows: list[Row]) -> Callable[[], None]:
    return lambda: db.add(rows)


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# -- timing -------------------------------------------------------------------------------------

def stats(samples: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples)

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, int(round(p / 100 * (len(ms) - 1))))]

    return {"n": len(ms), "p50": pct(50), "p95": pct(95), "p99": pct(99), "mean": statistics.fmean(ms)}


def timed(queries: list[dict[str, Any]], fn: Callable[[dict[str, Any]], Any], reps: int,
          budget_s: float) -> dict[str, float]:
    for q in queries:  # warm caches once per query
        fn(q)
    samples: list[float] = []
    started = time.perf_counter()
    for i in range(reps):
        q = queries[i % len(queries)]
        t0 = time.perf_counter()
        fn(q)
        samples.append(time.perf_counter() - t0)
        if time.perf_counter() - started > budget_s and len(samples) >= len(queries):
            break
    return stats(samples)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}
    proc = subprocess.Popen([sys.executable, str(ROOT / "bench" / "search" / "server.py"), str(data_dir), str(port)],
                            env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(f"{base}/api/search", params={"q": "korea", "limit": 1}, timeout=30).raise_for_status()
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def rss(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            fields[key] = int(value.split()[0]) * 1024
    return fields


def http_runner(client: httpx.Client, base: str) -> Callable[[dict[str, Any]], Any]:
    def run(params: dict[str, Any]) -> Any:
        response = client.get(f"{base}/api/search", params=params)
        response.raise_for_status()
        return response.json()

    return run


def raw_runner(index_dir: Path) -> Callable[[dict[str, Any]], Any]:
    """Tantivy alone on the same index: its own parser on title/summary/text, top 10 loaded."""
    gen = engine.current_generation(index_dir)
    assert gen is not None
    index = tantivy.Index.open(str(gen.path))
    analysis.register(index)
    boosts = {"title": 3.0, "summary": 2.0}

    def run(params: dict[str, Any]) -> Any:
        searcher = index.searcher()
        query = index.parse_query_lenient(params["q"], ["title", "summary", "text"], field_boosts=boosts)[0]
        filters = [tantivy.Query.term_query(F.schema(), F.FACETS[k], v) for k, v in params.items() if k in F.FACETS]
        if "from" in params:
            filters.append(tantivy.Query.range_query(F.schema(), F.EARLIEST, tantivy.FieldType.Integer, None,
                                                     date(1953, 12, 31).toordinal()))
            filters.append(tantivy.Query.range_query(F.schema(), F.LATEST, tantivy.FieldType.Integer,
                                                     date(1950, 1, 1).toordinal(), None))
        full = tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in [query, *filters]])
        order = {"order_by_field": F.SORT_DATE, "order": tantivy.Order.Asc} if params.get("sort") == "date" else {}
        found = searcher.search(full, 10, count=True, **order)  # type: ignore[arg-type]
        shown = [searcher.doc(addr).get_first(F.DOC) for _, addr in found.hits]
        if params.get("facets"):
            searcher.aggregate(query, {n: {"terms": {"field": f, "size": 50}} for n, f in F.FACETS.items()})
        return shown

    return run


def inprocess_runner(data_dir: Path) -> Callable[[dict[str, Any]], Any]:
    """opis's search layer without HTTP: parsing, expansion, access filter, snippets, facets, store check."""
    from opis.index import SearchIndex, SearchRequest, search
    from opis.index.storecheck import visible_ids
    from opis.store.access import ANONYMOUS

    settings = Settings(data_dir=data_dir, load_sample=False)
    archive, index = Archive.open(settings), SearchIndex.open(settings.index_dir)
    verify = visible_ids(archive, ANONYMOUS)

    def run(params: dict[str, Any]) -> Any:
        filters = {k: [v] for k, v in params.items() if k in F.FACETS}
        req = SearchRequest(q=params["q"], filters=filters, date_from=params.get("from"), date_to=params.get("to"),
                            sort=params.get("sort", "relevance"), facets=bool(params.get("facets")))
        return search(index, req, ANONYMOUS, archive.today(), verify)

    return run


def baseline_runner(db: Any, kind: str) -> Callable[[dict[str, Any]], Any]:
    def run(params: dict[str, Any]) -> Any:
        text = params["q"]
        match = text if kind == "pg" else '"' + text.replace('"', "") + '"'
        if "from" in params:
            return db.top10(match, TODAY, (date(1950, 1, 1), date(1953, 12, 31)))
        found = db.top10(match, TODAY)
        if params.get("facets"):
            db.facets(match, TODAY)
        return found

    return run


def measure(load_info: dict[str, Any], queries: dict[str, list[dict[str, Any]]], reps: int,
            base_reps: int) -> dict[str, Any]:
    proc, base = start_server(load_info["data_dir"])
    out: dict[str, Any] = {"latency": {}, "rss": {}}
    try:
        out["rss"]["after_start"] = rss(proc.pid)
        engines: dict[str, tuple[Callable[[dict[str, Any]], Any], int, float]] = {}
        with httpx.Client(timeout=120) as client:
            engines["http"] = (http_runner(client, base), reps, 120.0)
            engines["opis_inprocess"] = (inprocess_runner(load_info["data_dir"]), reps, 120.0)
            engines["raw_engine"] = (raw_runner(load_info["data_dir"] / "index"), reps, 120.0)
            engines["sqlite_fts5"] = (baseline_runner(load_info["fts"], "fts5"), base_reps, 60.0)
            if load_info["pg"]:
                engines["postgresql"] = (baseline_runner(load_info["pg"], "pg"), base_reps, 60.0)
            for name, (fn, n, budget) in engines.items():
                out["latency"][name] = {cls: timed(qs, fn, n, budget) for cls, qs in queries.items()}
                print(name, json.dumps(out["latency"][name]), flush=True)
            out["totals"] = {cls: http_runner(client, base)({**qs[0], "limit": 1})["total"]
                             for cls, qs in queries.items()}
        out["rss"]["after_queries"] = rss(proc.pid)
    finally:
        proc.terminate()
        proc.wait(30)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--base-reps", type=int, default=40)
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--keep", action="store_true", help="Keep the work folder.")
    args = ap.parse_args()
    work = args.workdir or Path(f"/tmp/opis-bench-{args.docs}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    corpus = Corpus()
    result: dict[str, Any] = {"docs": args.docs, "machine": {"cores": os.cpu_count()}}
    try:
        with _postgres(not args.no_postgres) as pg_url:
            info = load(args.docs, corpus, work, pg_url)
            print("load", json.dumps(info["seconds"]), flush=True)
            result["build"] = {k: v for k, v in info.items() if k not in ("fts", "pg", "data_dir")}
            if info["pg"]:
                size = info["pg"].conn.execute("SELECT pg_total_relation_size('docs')").fetchone()[0]
                result["build"]["postgres_bytes"] = int(size)
            result.update(measure(info, mix(corpus), args.reps, args.base_reps))
            if info["pg"]:
                info["pg"].conn.close()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    target = ROOT / "bench" / "search" / "results" / f"{args.docs}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"wrote {target}")


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
