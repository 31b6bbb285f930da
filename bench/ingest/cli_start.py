"""`opis extract` on a short text: wall time (median of 5) and peak memory, this tree against another.

    .venv/bin/python bench/ingest/cli_start.py [--old /work/main] [--runs 5] [--out bench/ingest/cli_start.md]

Each run is the real command, ``python -m opis extract FILE --json``, in a fresh process under
``/usr/bin/time`` (its maximum resident set size), with no store (a first try on a new machine:
names link to the sample collection's authorities). An English and a Russian short text (the
Russian one goes through the Russian NER too). Both trees run in the same sitting, alternately, so
a busy machine slows both alike. Each tree has its own empty cache folder (XDG_CACHE_HOME); the first
run of each, which fills it, is reported apart ("first run") and left out of the median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Short texts written for this bench (our own sentences about the seeds' subject).
TEXTS = {
    "en": "On 14 March 1949 Kim Il Sung met Stalin in Moscow and asked for 200 tanks and 3,000 trucks.\n",
    "ru": "14 марта 1949 г. Ким Ир Сен встретился со Сталиным в Москве; посол Т.Ф. Штыков сообщил, что "
          "КНДР просит 200 танков.\n",
}


def one_run(tree: Path, text: Path, data: Path, cache: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and maximum RSS (MiB) of one ``opis extract``."""
    env = {**os.environ, "PYTHONPATH": f"{tree / 'src'}:{tree}", "XDG_CACHE_HOME": str(cache)}
    with tempfile.NamedTemporaryFile("r") as report:
        subprocess.run(["/usr/bin/time", "-o", report.name, "-f", "%e %U %S %M", sys.executable, "-m", "opis",
                        "extract", str(text), "--json", "--data-dir", str(data)],
                       env=env, check=True, stdout=subprocess.DEVNULL, cwd=tree)
        wall, user, system, rss = report.read().split()[-4:]
    return float(wall), float(user) + float(system), int(rss) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, default=ROOT.parent / "main", help="the tree to compare against")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "ingest" / "cli_start.md")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="opis-cli-bench-"))
    trees = {"old": args.old.resolve(), "new": ROOT}
    load = os.getloadavg()[0]
    lines = [f"`opis extract FILE --json`, no store; median of {args.runs} runs after a first run; "
             f"old = {trees['old']}, new = {trees['new']}; load average {load:.1f} at the start.", "",
             "| text | tree | first run (wall) | median wall | median CPU (user + sys) | max RSS |",
             "|---|---|---|---|---|---|"]
    for language, body in TEXTS.items():
        text = work / f"short-{language}.txt"
        text.write_text(body, encoding="utf-8")
        first: dict[str, tuple[float, float, float]] = {}
        walls: dict[str, list[float]] = {name: [] for name in trees}
        cpus: dict[str, list[float]] = {name: [] for name in trees}
        peaks: dict[str, list[float]] = {name: [] for name in trees}
        for name, tree in trees.items():
            first[name] = one_run(tree, text, work / "no-store", work / f"cache-{name}")
        for _ in range(args.runs):
            for name, tree in trees.items():  # alternately, so load on the machine hits both
                wall, cpu, rss = one_run(tree, text, work / "no-store", work / f"cache-{name}")
                walls[name].append(wall)
                cpus[name].append(cpu)
                peaks[name].append(rss)
        for name in trees:
            row = (f"| {language} | {name} | {first[name][0]:.2f} s | {statistics.median(walls[name]):.2f} s | "
                   f"{statistics.median(cpus[name]):.2f} s | {max(peaks[name]):.0f} MiB |")
            lines.append(row)
            print(row, flush=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
