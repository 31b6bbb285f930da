"""Search benchmark, query side: latency of the same query mix on every engine, and server memory.

    python bench/search/measure.py --data-dir D --fts F [--pg-url U] --out result.json

run.py loads a corpus and then runs this script as a fresh process (so a long load can go on while
the code under test is finished). It starts the search router under uvicorn on 127.0.0.1 and
times a fixed query mix through HTTP, through opis's ``search()`` in-process, on tantivy directly
and on both baselines; see docs/benchmarks.md ("Search") for what each engine column measures.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import tantivy  # noqa: E402
from bench.search.baselines import Fts5, Postgres  # noqa: E402
from bench.search.corpus import Corpus  # noqa: E402

from opis.config import Settings  # noqa: E402
from opis.index import fields as F  # noqa: E402
from opis.store.archive import Archive  # noqa: E402

TODAY = date(2026, 11, 1)
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


class Client:
    """One keep-alive connection through the standard library's http.client: the client's own
    cost is not what is measured (httpx added 1-2 ms of its own per request here, more for large
    answers). The answer is read whole and decoded, as a real client would."""

    def __init__(self, base: str) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=120)

    def get_json(self, path: str, params: dict[str, Any]) -> Any:
        try:
            body, status = self._get(path, params)
        except (http.client.RemoteDisconnected, ConnectionError):
            # The server closes a connection left idle (uvicorn: after 5 s), as while the baselines
            # are timed: open a new one, as a browser would.
            self.conn.close()
            body, status = self._get(path, params)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}: {body[:200]!r}")
        return json.loads(body)

    def _get(self, path: str, params: dict[str, Any]) -> tuple[bytes, int]:
        self.conn.request("GET", f"{path}?{urlencode(params)}")
        response = self.conn.getresponse()
        return response.read(), response.status

    def close(self) -> None:
        self.conn.close()


def http_runner(client: Client) -> Callable[[dict[str, Any]], Any]:
    def run(params: dict[str, Any]) -> Any:
        return client.get_json("/api/search", params)

    return run


def request_of(params: dict[str, Any]) -> Any:
    """The search request the HTTP API makes of these query parameters."""
    from opis.index import SearchRequest

    filters = {k: [v] for k, v in params.items() if k in F.FACETS}
    return SearchRequest(q=params["q"], filters=filters, date_from=params.get("from"), date_to=params.get("to"),
                         sort=params.get("sort", "relevance"), facets=bool(params.get("facets")))


def raw_runner(data_dir: Path) -> Callable[[dict[str, Any]], Any]:
    """Tantivy alone, doing exactly the tantivy work opis's ``search()`` does for the same request:
    the same compiled query (cross-script and variant expansion included), the same access filter,
    date range and facet filters, top 110 by score (search reads TIE_PROBE past the page to see whether a
    tie crosses it) or top 10 by date, the stored display data of the 10 hits read, and for facet
    requests the same aggregations. The tantivy query objects are built once per query before
    timing; what is timed is the tantivy calls only (no parsing, snippets, store check, JSON)."""
    from opis.index import SearchIndex
    from opis.index import facets as FC
    from opis.index.search import TIE_PROBE, plan
    from opis.store.access import ANONYMOUS

    settings = Settings(data_dir=data_dir, load_sample=False)
    today, index = Archive.open(settings).today(), SearchIndex.open(settings.index_dir)
    plans: dict[str, tuple[tantivy.Query, bool, list[tuple[tantivy.Query, dict[str, Any]]]]] = {}

    def planned(params: dict[str, Any]) -> tuple[tantivy.Query, bool, list[tuple[tantivy.Query, dict[str, Any]]]]:
        req = request_of(params)
        p = plan(req, ANONYMOUS, today)
        return p.query, p.by_date, FC.aggregations(p.base, req.filters) if req.facets else []

    def run(params: dict[str, Any]) -> Any:
        key = json.dumps(params, sort_keys=True)
        if key not in plans:
            plans[key] = planned(params)
        query, by_date, aggs = plans[key]
        searcher = index.searcher()
        if by_date:
            found = searcher.search(query, 10, count=True, order_by_field=F.SORT_DATE, offset=0,
                                    order=tantivy.Order.Asc)
        else:
            found = searcher.search(query, 10 + TIE_PROBE, count=True)
        shown = [searcher.doc(addr).get_first(F.DOC) for _, addr in found.hits[:10]]
        for q, request in aggs:
            searcher.aggregate(q, request)
        return shown

    return run


def inprocess_runner(data_dir: Path, cold: bool = False) -> Callable[[dict[str, Any]], Any]:
    """opis's ``search()`` without HTTP: parsing, expansion, access filter, tie order, snippets, facets,
    store check. ``cold``: the remembered queries (compiled query, snippet matcher) are forgotten
    before every call, as for a query nobody asked recently."""
    from opis.index import SearchIndex, search
    from opis.index.search import clear_caches
    from opis.index.storecheck import visible_ids
    from opis.store.access import ANONYMOUS

    settings = Settings(data_dir=data_dir, load_sample=False)
    archive, index = Archive.open(settings), SearchIndex.open(settings.index_dir)
    verify = visible_ids(archive, ANONYMOUS)

    def run(params: dict[str, Any]) -> Any:
        if cold:
            clear_caches()
        return search(index, request_of(params), ANONYMOUS, archive.today(), verify)

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
            base_reps: int, budget: float, base_budget: float) -> dict[str, Any]:
    proc, base = start_server(load_info["data_dir"])
    out: dict[str, Any] = {"latency": {}, "rss": {}}
    try:
        out["rss"]["after_start"] = rss(proc.pid)
        engines: dict[str, tuple[Callable[[dict[str, Any]], Any], int, float]] = {}
        client = Client(base)
        try:
            engines["http"] = (http_runner(client), reps, budget)
            engines["opis_inprocess"] = (inprocess_runner(load_info["data_dir"]), reps, budget)
            engines["opis_inprocess_cold"] = (inprocess_runner(load_info["data_dir"], cold=True), reps, budget)
            engines["raw_engine"] = (raw_runner(load_info["data_dir"]), reps, budget)
            engines["sqlite_fts5"] = (baseline_runner(load_info["fts"], "fts5"), base_reps, base_budget)
            if load_info["pg"]:
                engines["postgresql"] = (baseline_runner(load_info["pg"], "pg"), base_reps, base_budget)
            out["load_average"] = {}
            for name, (fn, n, seconds) in engines.items():
                out["latency"][name] = {cls: timed(qs, fn, n, seconds) for cls, qs in queries.items()}
                out["load_average"][name] = os.getloadavg()[0]  # the machine is shared: how busy it was
                print(name, json.dumps(out["latency"][name]), flush=True)
            out["totals"] = {cls: http_runner(client)({**qs[0], "limit": 1})["total"]
                             for cls, qs in queries.items()}
        finally:
            client.close()
        out["rss"]["after_queries"] = rss(proc.pid)
    finally:
        proc.terminate()
        proc.wait(30)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--fts", required=True)
    ap.add_argument("--pg-url")
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--base-reps", type=int, default=40)
    ap.add_argument("--budget", type=float, default=120.0)
    ap.add_argument("--base-budget", type=float, default=60.0)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    info = {"data_dir": args.data_dir, "fts": Fts5(args.fts, create=False),
            "pg": Postgres(args.pg_url, create=False) if args.pg_url else None}
    result = measure(info, mix(Corpus()), args.reps, args.base_reps, args.budget, args.base_budget)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
