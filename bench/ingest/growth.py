"""Does ingest slow down as the archive grows? Documents per second in each slice of one long batch.

    .venv/bin/python bench/ingest/growth.py [--docs 10000] [--jobs 2] [--slices 10] [--out docs/ingest-growth]

One ``run_ingest`` (the job behind ``opis ingest``) over ``--docs`` short text files into a fresh
SQLite archive, timed file by file through its progress callback: the rate of each slice (the
first thousand files, the next thousand, ...) shows whether anything in the path costs more as the
archive fills (a scan per file makes the rate fall like 1/n). The texts are short (a sentence or two
of the seeds' prose, a title and a date each), so that the path around the extractors (hash, parse,
store commit, duplicate and witness look-ups, ingest log) is what is measured, not the extractors.

Writes ``OUT.md`` (the table) and ``OUT.svg`` (the plot, drawn here: no plotting library needed).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from opis.config import Settings  # noqa: E402
from opis.jobs.ingest import IngestRequest, run_ingest  # noqa: E402
from opis.plugins import load_plugins  # noqa: E402
from opis.store.archive import Archive  # noqa: E402

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def sentences() -> list[str]:
    """Sentences of the seeds' prose (English and Russian), 60 to 300 characters."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt")))
    found = (s.strip() for s in re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", text)))
    return [s for s in found if 60 <= len(s) <= 300]


def make_texts(folder: Path, n: int, rng: random.Random) -> None:
    pool = sentences()
    folder.mkdir(parents=True)
    for i in range(n):
        day = f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(1945, 1953)}"
        body = " ".join(rng.sample(pool, 2))
        (folder / f"note-{i:06d}.txt").write_text(f"Note {i}, {day}\n\n{body}\n", encoding="utf-8")


def svg(points: list[tuple[int, float]], jobs: int, path: Path) -> None:
    """A line of docs/s against documents already in the archive, with the axes labelled."""
    width, height, left, bottom, top, right = 640, 360, 70, 50, 30, 20
    xmax = max(x for x, _ in points)
    ymax = math.ceil(max(y for _, y in points) * 1.2 / 20) * 20  # round ticks: a multiple of 5 each

    def sx(x: float) -> float:
        return left + (width - left - right) * x / xmax

    def sy(y: float) -> float:
        return height - bottom - (height - top - bottom) * y / ymax

    line = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in points)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<line x1="{left}" y1="{sy(0)}" x2="{width - right}" y2="{sy(0)}" stroke="black"/>',
             f'<line x1="{left}" y1="{sy(0)}" x2="{left}" y2="{top}" stroke="black"/>']
    for k in range(5):
        y = ymax * k / 4
        parts.append(f'<text x="{left - 6}" y="{sy(y) + 4:.1f}" text-anchor="end">{y:.0f}</text>')
        parts.append(f'<line x1="{left}" y1="{sy(y):.1f}" x2="{width - right}" y2="{sy(y):.1f}" stroke="#ddd"/>')
    for x, _ in points:
        parts.append(f'<text x="{sx(x):.1f}" y="{height - bottom + 16}" text-anchor="middle">{x:,}</text>')
    parts += [f'<polyline points="{line}" fill="none" stroke="#1f5fa8" stroke-width="2"/>',
              *(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="#1f5fa8"/>' for x, y in points),
              f'<text x="{(left + width - right) / 2}" y="{height - 10}" text-anchor="middle">'
              f'documents in the archive at the end of the slice</text>',
              f'<text x="16" y="{(top + height - bottom) / 2}" text-anchor="middle" '
              f'transform="rotate(-90 16 {(top + height - bottom) / 2})">documents per second (--jobs {jobs})</text>',
              "</svg>"]
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--slices", type=int, default=10)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "ingest-growth")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="opis-growth-"))
    make_texts(work / "texts", args.docs, random.Random(1950))
    load_plugins()
    archive = Archive.open(Settings(data_dir=work / "data", load_sample=False))
    stamps: list[float] = []
    load = os.getloadavg()[0]
    start = time.perf_counter()
    run_ingest(archive, IngestRequest(paths=(work / "texts",), jobs=args.jobs),
               progress=lambda _outcome, _n, _total: stamps.append(time.perf_counter()))
    wall = time.perf_counter() - start
    size = args.docs // args.slices
    points: list[tuple[int, float]] = []
    lines = [f"{args.docs:,} short text documents, --jobs {args.jobs}, one batch into a fresh SQLite archive: "
             f"{wall:.0f} s in all ({args.docs / wall:.1f} docs/s); load average {load:.1f} at the start, "
             f"{os.getloadavg()[0]:.1f} at the end.", "",
             "| documents in the archive | docs/s in this slice |", "|---|---|"]
    for k in range(args.slices):
        begin = stamps[k * size - 1] if k else start
        end = stamps[(k + 1) * size - 1]
        points.append(((k + 1) * size, size / (end - begin)))
        lines.append(f"| {points[-1][0]:,} | {points[-1][1]:.1f} |")
    first = sum(y for _, y in points[1:3]) / 2  # the first slice pays for starting the children
    last = sum(y for _, y in points[-2:]) / 2
    lines += ["", f"Last two slices against slices 2-3: {last / first:.2f}× the rate.",
              f"Peak RSS: writer process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB, "
              f"largest child {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MiB."]
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    svg(points, args.jobs, args.out.with_suffix(".svg"))
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
