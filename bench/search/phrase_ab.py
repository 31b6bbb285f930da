"""Phrases over word pairs: pairs with a function word only (schemas 2-9) against every pair (10).

    PYTHONPATH=src:. .venv/bin/python bench/search/phrase_ab.py --docs 100000 [--reps 40]
        [--only every] [--keep DIR]

Builds the search index of the bench corpus (corpus.py, the documents run.py loads) once per pair
rule (``pairs.with_function_word``, ``pairs.every_pair``), timing each build (wall and CPU of this
process and the workers) and its size on disk. Then times the phrase queries on tantivy exactly as
measure.py's raw-engine column does (the query ``search.plan`` makes, access filter included, top
110 with an exact count, the ten shown hits' stored data read), interleaved, in one run:

- ``before``: the function-word index, the phrase compiled under its rule (schema 9 as it was);
- ``after``: the every-pair index, compiled under its rule;
- ``words``: the every-pair index, compiled under the old rule (a two-ordinary-word phrase word
  by word): the same index as ``after``, so the ratio after/words is the query's alone.

Before timing, it checks that each phrase finds the same documents every way (ids of all hits),
and for ``--sample`` random two- and three-word phrases cut from the corpus's own texts. With
``--only every`` it builds only the every-pair index and times ``after`` against ``words`` (how
a 1M figure would be taken). Results go to bench/search/results/phrase/<N>.json (a folder of its
own: report.py reads the files directly in results/).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import tantivy  # noqa: E402
from bench.search.corpus import Corpus  # noqa: E402
from bench.search.measure import PHRASES  # noqa: E402

from opis.index import SearchRequest, analysis, docs, engine, pairs  # noqa: E402
from opis.index import fields as F  # noqa: E402
from opis.index.search import TIE_PROBE, clear_caches, plan  # noqa: E402
from opis.store.access import ANONYMOUS  # noqa: E402

RULES: dict[str, pairs.Rule] = {"function": pairs.with_function_word, "every": pairs.every_pair}
# Beside the benchmark's four phrases: more phrases of two or three ordinary words of the corpus.
MORE = ['"soviet union"', '"united states"', '"foreign minister"', '"military government"',
        '"korean people"', '"north korean government"']
TODAY = date(2026, 11, 1)
CHUNK = 500
_CORPUS: list[Corpus] = []


def _prepare(span: tuple[int, int]) -> list[docs.Prepared]:
    if not _CORPUS:
        _CORPUS.append(Corpus())
    return [docs.prepare(_CORPUS[0].document(i), docs.Linked()) for i in range(*span)]


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def build(rule: str, n: int, target: Path, workers: int, threads: int) -> dict[str, Any]:
    """The index of n bench documents under ``rule``; its build time and size."""
    pairs.RULE = RULES[rule]  # the workers fork after this, so they prepare under it
    shutil.rmtree(target, ignore_errors=True)
    gen = engine.new_generation(target)
    index = gen.open()
    writer = index.writer(engine.REBUILD_HEAP, threads)
    wall, cpu = time.perf_counter(), _cpu()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        spans = [(i, min(n, i + CHUNK)) for i in range(0, n, CHUNK)]
        for batch in pool.imap(_prepare, spans):
            for d in batch:
                writer.add_document(docs.assemble(d))
        pool.close()
        pool.join()
    writer.commit()
    writer.wait_merging_threads()
    gen.set_applied(0)
    engine.publish(target, gen)
    took = {"rule": rule, "docs": n, "wall_s": time.perf_counter() - wall, "cpu_s": _cpu() - cpu,
            "bytes": sum(p.stat().st_size for p in target.rglob("*") if p.is_file()),
            "load_average": os.getloadavg()[0]}
    print("built", json.dumps(took), flush=True)
    return took


def compiled(q: str, rule: str) -> tantivy.Query:
    pairs.RULE = RULES[rule]
    clear_caches()
    return plan(SearchRequest(q=q), ANONYMOUS, TODAY).query


def searcher_of(target: Path) -> tantivy.Searcher:
    gen = engine.current_generation(target)
    assert gen is not None
    index = gen.open()
    index.reload()
    return index.searcher()


def all_ids(searcher: tantivy.Searcher, query: tantivy.Query) -> set[str]:
    total = int(getattr(searcher.search(query, 1, count=True), "count", 0) or 0)  # not in the stub file
    found = searcher.search(query, max(1, total)).hits
    return {str(searcher.doc(a).get_first(F.ID)) for _, a in found}


def sample_phrases(k: int, seed: int = 5) -> list[str]:
    """Random phrases of 2 or 3 words cut from the corpus's own English texts."""
    corpus, rng = Corpus(), random.Random(seed)
    out: list[str] = []
    while len(out) < k:
        doc = corpus.document(rng.randrange(1000))
        words = analysis.plain_words(doc.renditions[-1].text)
        size = rng.choice((2, 3))
        start = rng.randrange(max(1, len(words) - size))
        out.append('"' + " ".join(words[start:start + size]) + '"')
    return out


def check_same(setups: dict[str, tuple[tantivy.Searcher, str]], phrases: list[str]) -> dict[str, Any]:
    """Every way finds the same documents; the number of phrases checked and hits compared."""
    hits = 0
    for q in phrases:
        found = {name: all_ids(s, compiled(q, rule)) for name, (s, rule) in setups.items()}
        first = next(iter(found.values()))
        if any(ids != first for ids in found.values()):
            raise AssertionError(f"{q}: {({k: len(v) for k, v in found.items()})}")
        hits += len(first)
    return {"phrases": len(phrases), "hits": hits}


def pct(ms: list[float], p: float) -> float:
    s = sorted(ms)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def time_queries(setups: dict[str, tuple[tantivy.Searcher, str]], phrases: list[str],
                 reps: int) -> dict[str, Any]:
    """Wall and CPU ms per query, the setups interleaved in a shuffled order each round."""
    queries = {name: {q: compiled(q, rule) for q in phrases} for name, (_, rule) in setups.items()}
    wall: dict[str, dict[str, list[float]]] = {n: {q: [] for q in phrases} for n in setups}
    cpu: dict[str, dict[str, list[float]]] = {n: {q: [] for q in phrases} for n in setups}
    order, rng = list(setups), random.Random(3)

    def once(searcher: tantivy.Searcher, query: tantivy.Query) -> None:
        found = searcher.search(query, 10 + TIE_PROBE, count=True)
        for _, addr in found.hits[:10]:
            searcher.doc(addr).get_first(F.DOC)

    for name, (searcher, _) in setups.items():  # warm the caches once per query
        for q in phrases:
            once(searcher, queries[name][q])
    for _ in range(reps):
        for q in phrases:
            rng.shuffle(order)
            for name in order:
                searcher = setups[name][0]
                w, c = time.perf_counter(), time.process_time()
                once(searcher, queries[name][q])
                cpu[name][q].append((time.process_time() - c) * 1000)
                wall[name][q].append((time.perf_counter() - w) * 1000)
    return {"wall": wall, "cpu": cpu}


def summary(samples: dict[str, dict[str, list[float]]], phrases: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, per_query in samples.items():
        pooled = [ms for q in phrases for ms in per_query[q]]
        out[name] = {"class_p50": pct(pooled, 50), "class_p95": pct(pooled, 95),
                     "per_query_median": {q: statistics.median(per_query[q]) for q in per_query}}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--reps", type=int, default=40)
    ap.add_argument("--sample", type=int, default=300, help="Random phrases checked for equal hits.")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--index-threads", type=int, default=2)
    ap.add_argument("--only", choices=sorted(RULES), help="Build only this rule's index.")
    ap.add_argument("--keep", type=Path, help="Keep (or reuse, if built) the indexes under this folder.")
    args = ap.parse_args()
    work = args.keep or Path(f"/tmp/opis-phrase-{args.docs}")
    result: dict[str, Any] = {"docs": args.docs, "builds": {}}
    rules = [args.only] if args.only else list(RULES)
    try:
        for rule in rules:
            target = work / rule
            if args.keep and engine.current_generation(target) is not None:
                print("reusing", target, flush=True)
                continue
            result["builds"][rule] = build(rule, args.docs, target, args.workers, args.index_threads)
        setups = {"after": (searcher_of(work / "every"), "every"), "words": (searcher_of(work / "every"), "function")}
        if "function" in rules:
            setups["before"] = (searcher_of(work / "function"), "function")
        phrases = PHRASES + MORE
        result["same_hits"] = check_same(setups, phrases + sample_phrases(args.sample))
        print("same hits", json.dumps(result["same_hits"]), flush=True)
        timed = time_queries(setups, phrases, args.reps)
        result["load_average"] = os.getloadavg()[0]
        result["bench_class"] = {kind: summary(timed[kind], PHRASES) for kind in ("wall", "cpu")}
        result["all_phrases"] = {kind: summary(timed[kind], phrases) for kind in ("wall", "cpu")}
        print(json.dumps(result["bench_class"], indent=1), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    target = ROOT / "bench" / "search" / "results" / "phrase" / f"{args.docs}.json"
    target.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
