"""The dates and quantities extractors, this checkout against another (e.g. main), side by side.

    .venv/bin/python bench/ingest/dates_ab.py [--old /work/main/src] [--rounds 5] [--n 40]

Each round runs one child process per version, in alternating order, each timing the two
extractors as ``extract_all`` runs them (dates first, quantities given the dates) on the bench
texts textpath.py uses (``run.make_texts``, seed 18), after a warm-up over all of them. CPU time
(``time.process_time``), so that other processes on a shared machine count less; the best of
three passes in each child, then the median over rounds. Every text is copied before each pass,
so nothing one pass keeps (the tokenizer's small cache) helps the next.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "ingest"))

from alternate import ab_parser, alternating  # noqa: E402
from run import bench_texts  # noqa: E402


def child(n: int) -> dict[str, float]:
    from opis.extract.base import EXTRACTORS, ExtractContext
    from opis.extract.limits import limits
    from opis.plugins import load_plugins

    load_plugins()
    texts = bench_texts(n)
    dates, quantities = EXTRACTORS.get("dates"), EXTRACTORS.get("quantities")
    bound = limits().max_findings
    best = {"dates": float("inf"), "quantities": float("inf")}
    for _ in range(4):  # the first pass warms up (vocabularies, caches of the code itself)
        spent = {"dates": 0.0, "quantities": 0.0}
        for text in texts:
            ctx = ExtractContext(text="".join(list(text)), max_findings=bound)  # a fresh copy
            started = time.process_time()
            ctx.results["dates"] = dates.run(ctx)
            middle = time.process_time()
            ctx.results["quantities"] = quantities.run(ctx)
            spent["dates"] += middle - started
            spent["quantities"] += time.process_time() - middle
        for key, seconds in spent.items():
            best[key] = min(best[key], seconds / len(texts) * 1000)
    return best



def main() -> int:
    parser = ab_parser(None, rounds=5, n=40)
    parser.set_defaults(old=Path("/work/main/src"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.n)))
        return 0
    versions = {"before": args.old, "after": ROOT / "src"}
    results = alternating(__file__, versions, args.rounds, args.n)
    rows: dict[str, Any] = {}
    for name, runs in results.items():
        rows[name] = {key: statistics.median(r[key] for r in runs) for key in ("dates", "quantities")}
    lines = [f"{args.n} bench texts, {args.rounds} rounds; ms per document (CPU time; median over rounds of the "
             "best of three passes)", "", "| extractor | before | after | × faster |", "|---|---|---|---|"]
    for key in ("dates", "quantities"):
        before, after = rows["before"][key], rows["after"][key]
        lines.append(f"| `{key}` | {before:.2f} | {after:.2f} | {before / after:.1f} |")
    before = sum(rows["before"].values())
    after = sum(rows["after"].values())
    lines.append(f"| **both** | **{before:.2f}** | **{after:.2f}** | **{before / after:.1f}** |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
