"""The statements extractor, this checkout against another (e.g. the integration branch), side by side.

    .venv/bin/python bench/ingest/statements_ab.py --old /path/to/other/src [--rounds 4] [--n 40]

Each round runs one child process per version, in alternating order. A child prepares, for the bench texts
textpath.py uses (``run.make_texts``, seed 18) and for every text of tests/data/devset, the findings the
extractor requires (every other extractor in ``run_order``, names linked to the sample collection's
authorities, as ``opis extract`` does without a store), then times ``statements`` alone: CPU time
(``time.process_time``, steadier than wall time on a shared machine), the best of three passes after a
warm-up pass; the table gives the median over rounds in ms per document and old ÷ new.
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

ROWS = ("bench texts", "devset texts")


def child(n: int) -> dict[str, float]:
    from opis.extract.base import EXTRACTORS, ExtractContext, run_order
    from opis.extract.names.entities import AuthorityIndex
    from opis.ingest.language import guess_language
    from opis.model import Authority
    from opis.plugins import load_plugins
    from opis.sample import load_sample

    load_plugins()
    bench = bench_texts(n)
    devset = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "devset").rglob("*.txt"))]
    index = AuthorityIndex(r for r in load_sample() if isinstance(r, Authority))
    available = dict(EXTRACTORS.items())
    statements = available["statements"]

    def prepared(texts: list[str]) -> list[Any]:
        out = []
        for text in texts:
            ctx = ExtractContext(text=text, language=guess_language(text), names=index, max_findings=100_000)
            for key in run_order(available):
                if key != "statements":
                    ctx.results[key] = available[key].run(ctx)
            out.append(ctx)
        return out

    row: dict[str, float] = {}
    for label, texts in zip(ROWS, (bench, devset), strict=True):
        ctxs = prepared(texts)
        best = float("inf")
        for k in range(4):  # the first pass warms up (vocabularies, compiled patterns)
            started = time.process_time()
            for ctx in ctxs:
                statements.run(ctx)
            if k:
                best = min(best, time.process_time() - started)
        row[label] = best / len(ctxs) * 1000
        row[f"{label} (count)"] = len(ctxs)
        row[f"{label} (kB)"] = sum(len(t) for t in texts) / len(texts) / 1000
    return row



def main() -> int:
    parser = ab_parser(None, rounds=4, n=40)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.n)))
        return 0
    if args.old is None:
        parser.error("--old is required")
    versions = {"old": args.old, "new": ROOT / "src"}
    runs = alternating(__file__, versions, args.rounds, args.n)
    first = runs["new"][0]
    lines = [f"`statements` alone, CPU ms per document (median of {args.rounds} alternating rounds, each the best "
             f"of three passes); old = {args.old}.", "", "| texts | old | new | old ÷ new |", "|---|---|---|---|"]
    for label in ROWS:
        a = statistics.median(r[label] for r in runs["old"])
        b = statistics.median(r[label] for r in runs["new"])
        lines.append(f"| {label} ({first[f'{label} (count)']:.0f}, {first[f'{label} (kB)']:.1f} kB each) "
                     f"| {a:.2f} | {b:.2f} | {a / b:.2f}× |")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
