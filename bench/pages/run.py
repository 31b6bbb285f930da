"""Reading-room benchmark: page latency at N documents, through HTTP on 127.0.0.1.

    .venv/bin/python bench/pages/run.py --docs 100000 [--reps 400] [--workdir DIR] [--keep]

Builds a store of N generated documents through the store's own ``put_all`` (revisions, derived
rows and all), builds the search index with ``opis.index.rebuild``, starts ``opis serve`` in a
subprocess, and requests each page type ``--reps`` times, one request at a time, then the
document and search pages again from four clients at once. Each response carries the server's
own time (``Server-Timing``); the round trip is timed too. Results go to
bench/pages/results/<N>.json and a Markdown table is printed for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from bench.pages.corpus import Archive as Generated  # noqa: E402
from sqlalchemy import select  # noqa: E402

from opis.config import Settings  # noqa: E402
from opis.index import rebuild  # noqa: E402
from opis.store.archive import Archive  # noqa: E402
from opis.store.schema import records  # noqa: E402

BATCH = 1000
WORDS = ["coal", "specialists", "loan", "industry", "rubles", "telegram", "Korea", "Moscow", "plan", "army"]
NAMES = ["Shtykov", "Штыков", "김일성", "Ким Ир Сен", "Kim Il Sung", "Mao Zedong", "毛泽东", "Pyongyang", "평양"]
TARGET_MS = 50.0


def build(n: int, data: Path) -> dict[str, float]:
    settings = Settings(data_dir=data, load_sample=False)
    archive = Archive.open(settings)
    generated = Generated()
    started = time.perf_counter()
    archive.put_all([*generated.authorities(), *generated.collections()], "bench")
    batch = []
    for doc in generated.documents(n):
        batch.append(doc)
        if len(batch) == BATCH:
            archive.put_all(batch, "bench")
            batch = []
    if batch:
        archive.put_all(batch, "bench")
    stored = time.perf_counter() - started
    started = time.perf_counter()
    rebuild(archive, settings.index_dir)
    return {"store_s": round(stored, 1), "index_s": round(time.perf_counter() - started, 1)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "OPIS_LOAD_SAMPLE": "false"}
    process = subprocess.Popen([sys.executable, "-m", "opis", "serve", "--data-dir", str(data), "--port", str(port)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            httpx.get(base + "/static/opis.css", timeout=2)
            return process, base
        except httpx.HTTPError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError("the server did not start")


def sample_ids(data: Path, kinds: tuple[str, ...], k: int, seed: int) -> list[str]:
    archive = Archive.open(Settings(data_dir=data, load_sample=False))
    query = select(records.c.id).where(records.c.kind.in_(kinds), records.c.status == "published",
                                       records.c.access == "public")
    with archive.engine.connect() as conn:
        ids = list(conn.execute(query).scalars())
    return random.Random(seed).choices(ids, k=k)


def search_urls(k: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    shapes: list[Callable[[], dict[str, str]]] = [
        lambda: {"q": rng.choice(WORDS)},
        lambda: {"q": rng.choice(NAMES)},
        lambda: {"q": f"{rng.choice(WORDS)} {rng.choice(WORDS)}"},
        lambda: {"q": f'"{rng.choice(WORDS)} {rng.choice(WORDS)}"'},
        lambda: {"q": rng.choice(WORDS), "repository": "RGAE"},
        lambda: {"q": rng.choice(NAMES), "from": "1947", "to": "1953"},
        lambda: {"q": rng.choice(WORDS), "sort": "date", "offset": "20"},
        lambda: {"genre": "letter", "language": "ru"},
        lambda: {"q": rng.choice(NAMES), "exact": "1"},
        lambda: {"q": "zzqxv" + str(rng.randint(0, 999)), "exact": "1"},  # nothing: suggestions
    ]
    return ["/search?" + urlencode(rng.choice(shapes)()) for _ in range(k)]


def timed(client: httpx.Client, base: str, url: str) -> tuple[float, float]:
    started = time.perf_counter()
    resp = client.get(base + url, headers={"accept": "text/html"})
    took = (time.perf_counter() - started) * 1000
    if resp.status_code != 200:
        raise RuntimeError(f"{url}: {resp.status_code} {resp.text[:200]}")
    server = float(resp.headers["server-timing"].split("dur=")[1])
    return server, took


def stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 2)

    return {"n": len(ordered), "p50": pct(50), "p95": pct(95), "p99": pct(99), "max": round(ordered[-1], 2)}


def measure(base: str, urls: list[str], workers: int = 1) -> dict[str, Any]:
    with httpx.Client(timeout=30) as client:
        for url in urls[:20]:  # warm-up: templates compile, caches fill
            timed(client, base, url)
        if workers == 1:
            results = [timed(client, base, url) for url in urls]
        else:
            with ThreadPoolExecutor(workers) as pool:
                results = list(pool.map(lambda u: timed(client, base, u), urls))
    return {"server_ms": stats([s for s, _ in results]), "round_trip_ms": stats([t for _, t in results])}


def pages(data: Path, reps: int) -> dict[str, list[str]]:
    docs = sample_ids(data, ("document",), reps, 1)
    people = sample_ids(data, ("person", "place"), max(20, reps // 10), 2)
    collections = sample_ids(data, ("collection",), max(20, reps // 10), 3)
    return {
        "document": [f"/documents/{d}" for d in docs],
        "search": search_urls(reps, 4),
        "home": ["/"] * max(20, reps // 10),
        "archival tree (an opis)": [f"/repositories/rgae/fonds/{random.Random(i).randint(1, 3)}/opisi/"
                                 f"{random.Random(i + 1).randint(1, 30)}" for i in range(max(20, reps // 10))],
        "person / place": [f"/authorities/{p}" for p in people],
        "collection": [f"/collections/{c}" for c in collections],
        "timeline": ["/timeline?" + urlencode({"person": quote("Shtykov", safe="")})] * max(20, reps // 10),
    }


def table(result: dict[str, Any]) -> str:
    lines = ["| page | requests | server p50 | server p95 | server p99 | round trip p95 |", "|---|---|---|---|---|---|"]
    for name, r in result["pages"].items():
        s, t = r["server_ms"], r["round_trip_ms"]
        lines.append(f"| {name} | {s['n']} | {s['p50']} ms | {s['p95']} ms | {s['p99']} ms | {t['p95']} ms |")
    for name, r in result["concurrent"].items():
        s, t = r["server_ms"], r["round_trip_ms"]
        lines.append(f"| {name}, 4 clients at once | {s['n']} | {s['p50']} ms | {s['p95']} ms | {s['p99']} ms "
                     f"| {t['p95']} ms |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=400)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the work folder (reuse it with --workdir)")
    args = parser.parse_args()
    work = args.workdir or Path(f"/tmp/opis-pages-{args.docs}")
    data = work / "data"
    built = {}
    if not (data / "opis.sqlite3").exists():
        built = build(args.docs, data)
        print(f"built {args.docs} documents: {built}", flush=True)
    process, base = serve(data)
    try:
        urls = pages(data, args.reps)
        load_before = os.getloadavg()[0]
        result: dict[str, Any] = {"docs": args.docs, "reps": args.reps, "build": built, "machine": {
            "cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
            "pages": {name: measure(base, u) for name, u in urls.items()},
            "concurrent": {name: measure(base, urls[name], workers=4) for name in ("document", "search")}}
        # The machine may be shared: the load average says how much else was running.
        result["machine"]["load_average"] = {"start": round(load_before, 2), "end": round(os.getloadavg()[0], 2)}
    finally:
        process.terminate()
        process.wait(10)
    out = ROOT / "bench" / "pages" / "results" / f"{args.docs}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(table(result))
    for name in ("document", "search"):
        p95 = result["pages"][name]["server_ms"]["p95"]
        print(f"{name}: server p95 {p95} ms ({'within' if p95 <= TARGET_MS else 'OVER'} the {TARGET_MS:.0f} ms target)")
    if not args.keep and not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
