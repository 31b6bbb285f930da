"""Two source trees' `opis ingest` on the same texts, alternating, in one run: a before/after ratio
that the shared machine's load cannot fake (both see the same load, interleaved).

    git archive BASE src | tar -x -C /tmp/base
    .venv/bin/python bench/ingest/compare.py --base /tmp/base/src [--texts 60] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "ingest"))

from run import make_texts, run_opis  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=Path, required=True, help="the 'before' tree's src folder")
    parser.add_argument("--texts", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="opis-compare-")) / "texts"
    make_texts(folder, args.texts, random.Random(1950))
    trees = {"before": str(args.base.resolve()), "after": str(ROOT / "src")}
    walls: dict[tuple[str, int], list[float]] = {}
    for _ in range(args.rounds):
        for jobs in (1, 2):
            for name, src in trees.items():
                os.environ["PYTHONPATH"] = os.pathsep.join([src, str(ROOT)])
                wall, _peak = run_opis(folder, jobs, [])
                walls.setdefault((name, jobs), []).append(wall)
    print(f"{args.texts} bench texts, {args.rounds} rounds interleaved; median wall, docs/s")
    print("| --jobs | before | after | after/before |\n|---|---|---|---|")
    for jobs in (1, 2):
        b, a = (statistics.median(walls[(n, jobs)]) for n in ("before", "after"))
        print(f"| {jobs} | {args.texts / b:.2f} docs/s | {args.texts / a:.2f} docs/s | {b / a:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
