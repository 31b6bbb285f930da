"""Catalogue import speed: rows per second on a generated sheet, against a baseline in the same run.

    python bench/catalog/run.py --rows 10000

Writes a CSV of N rows (deterministic for a seed: Russian titles, dates written the ways people
write them, АВП РФ / РГАЭ references, names in Cyrillic and Latin that link to two authorities).
First the baseline: the ``src/`` of a git revision (``--baseline``, unpacked with ``git archive``) and
the current code each import a smaller sheet into a fresh SQLite store, each in its own process,
alternated ``--rounds`` times so the load of a shared machine falls on both; the best round of each
is kept, as wall time and as CPU time (on a loaded machine the CPU time is the steadier one). Then,
on the big sheet streamed from its file: reading the rows only (the floor), a dry run (every cell
read, nothing written), a real import, and a re-import (every row unchanged), each with wall and CPU
rows/s. Peak memory is the process's maximum resident set after each pass.

    python bench/catalog/run.py --rows 100000 --baseline-rows 5000 --import-only
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from opis.config import Settings
from opis.interop.catalog.sheet import write_csv
from opis.model import Authority, Name, make_id
from opis.store.archive import Archive

DATES = ("25.06.1950", "late May 1950", "1950?", "март 1951", "1949-11-02", "1952", "12 июля 1953 г.")
REFS = ("АВП РФ, ф. 0102, оп. 6, п. {a}, д. {b}", "РГАЭ, ф. 413, оп. 13, д. {b}", "РГАСПИ, ф. 17, оп. 162, д. {a}")
PEOPLE = ("Штыков Терентий Фомич (sender)", "Terentii Shtykov (author)", "Ким Ир Сен (mentioned)", "")
GENRES = ("шифртелеграмма", "letter", "record-of-conversation", "письмо")


def sheet_rows(rows: int, seed: int) -> Iterator[dict[str, str]]:
    rnd = random.Random(seed)
    for i in range(rows):
        yield {"key": f"b-{i}", "title": f"Документ {i}: о поставках № {rnd.randint(1, 999)}",
               "date": rnd.choice(DATES), "summary": "Краткое содержание. " * rnd.randint(0, 5),
               "genre": rnd.choice(GENRES), "languages": "ru",
               "reference": rnd.choice(REFS).format(a=rnd.randint(1, 40), b=rnd.randint(1, 900)),
               "people": rnd.choice(PEOPLE), "places": rnd.choice(("Пхеньян", "Москва", "")),
               "subjects": "Korea; supplies", "access": "public"}


def sheet(rows: int, seed: int) -> str:
    return write_csv(list(sheet_rows(rows, seed)))


def write_sheet(path: Path, rows: int, seed: int) -> None:
    """The same sheet as ``sheet``, written a thousand rows at a time (a 100k sheet is never held)."""
    it = sheet_rows(rows, seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        first = True
        while part := list(itertools.islice(it, 1000)):
            text = write_csv(part)
            fh.write(text if first else text.split("\r\n", 1)[1])
            first = False
        if first:
            fh.write(write_csv([]))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fresh_archive(root: Path) -> Archive:
    archive = Archive.open(Settings(data_dir=root))
    archive.put_many([
        Authority(kind="person", id=make_id("person", "bench", "shtykov"), preferred="Terentii Shtykov",
                  names=[Name(value="Штыков Терентий Фомич", lang="ru-Cyrl")]),
        Authority(kind="person", id=make_id("person", "bench", "kim"), preferred="Kim Il Sung",
                  names=[Name(value="Ким Ир Сен", lang="ru-Cyrl")])], "bench")
    return archive


def timed_import(archive: Archive, path: Path, dry: bool) -> tuple[float, dict[str, int]]:
    from opis.jobs.catalog import import_rows, sheet_rows

    t = time.perf_counter()
    report = import_rows(archive, sheet_rows(path), dry_run=dry, actor="bench")
    return time.perf_counter() - t, report.counts()


def child_import(rows: int, seed: int) -> None:
    """One import of a fresh sheet into a fresh store, as a child process runs it (``--child``):
    prints its wall and CPU seconds as JSON, so the code it runs is whatever PYTHONPATH names."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sheet.csv"
        write_sheet(path, rows, seed)
        archive = fresh_archive(Path(tmp) / "data")
        before = rss_mb()
        cpu = time.process_time()
        took, counts = timed_import(archive, path, dry=False)
        assert counts == {"created": rows}, counts
        json.dump({"wall": took, "cpu": time.process_time() - cpu, "peak_rss_mb_before_import": before,
                   "peak_rss_mb": rss_mb()}, sys.stdout)


def code_at(ref: str, into: Path) -> Path:
    """The ``src/`` of git revision ``ref`` (the baseline code), unpacked under ``into``."""
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).parent).stdout.strip()
    archive = subprocess.run(["git", "archive", ref, "src"], capture_output=True, check=True, cwd=root).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def run_child(src: Path, rows: int, seed: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src), str(Path(__file__).parent)])}
    out = subprocess.run([sys.executable, __file__, "--child", "--rows", str(rows), "--seed", str(seed)],
                         capture_output=True, text=True, check=True, env=env).stdout
    return {k: float(v) for k, v in json.loads(out).items()}


def compare(ref: str, rows: int, seed: int, rounds: int) -> dict[str, object]:
    """The import at ``ref`` against the current code: each in its own process, alternated ``rounds``
    times so that the machine's load falls on both alike; the best round of each is kept."""
    here = Path(__file__).resolve().parents[2] / "src"
    with tempfile.TemporaryDirectory() as tmp:
        old_src = code_at(ref, Path(tmp))
        runs: dict[str, list[dict[str, float]]] = {"baseline": [], "current": []}
        for _ in range(rounds):
            runs["baseline"].append(run_child(old_src, rows, seed))
            runs["current"].append(run_child(here, rows, seed))
    best = {name: {"wall": min(r["wall"] for r in rs), "cpu": min(r["cpu"] for r in rs)} for name, rs in runs.items()}
    return {
        "baseline_ref": ref, "compare_rows": rows, "rounds": rounds,
        "baseline_rows_per_s_wall": round(rows / best["baseline"]["wall"]),
        "baseline_rows_per_s_cpu": round(rows / best["baseline"]["cpu"]),
        "current_rows_per_s_wall": round(rows / best["current"]["wall"]),
        "current_rows_per_s_cpu": round(rows / best["current"]["cpu"]),
        "speedup_wall": round(best["baseline"]["wall"] / best["current"]["wall"], 2),
        "speedup_cpu": round(best["baseline"]["cpu"] / best["current"]["cpu"], 2),
        "current_process_peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs["current"])),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--baseline-rows", type=int, default=5_000,
                        help="rows imported by the baseline code and the current code, each in its own process")
    parser.add_argument("--baseline", default="be2842d",
                        help="git revision whose src/ is the baseline (default: integration before w-catspeed)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--import-only", action="store_true",
                        help="on the big sheet, time only the import (no dry run, no re-import)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_import(args.rows, args.seed)
        return
    results: dict[str, object] = {"rows": args.rows}
    if args.baseline_rows:
        results.update(compare(args.baseline, args.baseline_rows, args.seed, args.rounds))
    if args.import_only:  # in a process of its own, so its peak memory is the import's alone
        child = run_child(Path(__file__).resolve().parents[2] / "src", args.rows, args.seed)
        results.update({"import_rows_per_s_wall": round(args.rows / child["wall"]),
                        "import_rows_per_s_cpu": round(args.rows / child["cpu"]),
                        "import_process_peak_rss_mb_before": round(child["peak_rss_mb_before_import"]),
                        "import_process_peak_rss_mb": round(child["peak_rss_mb"])})
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "sheet.csv"
            write_sheet(path, args.rows, args.seed)
            results["sheet_mb"] = round(path.stat().st_size / 2**20, 1)
            results["peak_rss_mb_before_big_sheet"] = round(rss_mb())
            archive = fresh_archive(Path(tmp) / "data")
            t = time.perf_counter()
            with path.open(encoding="utf-8", newline="") as fh:
                n = sum(1 for _ in csv.reader(fh)) - 1
            results["read_only_rows_per_s"] = round(n / (time.perf_counter() - t))
            for name, dry in (("dry_run", True), ("import", False)):
                cpu = time.process_time()
                took, counts = timed_import(archive, path, dry)
                assert counts == {"created": args.rows}, counts
                results[f"{name}_rows_per_s_wall"] = round(args.rows / took)
                results[f"{name}_rows_per_s_cpu"] = round(args.rows / (time.process_time() - cpu))
                results[f"{name}_peak_rss_mb"] = round(rss_mb())
            cpu = time.process_time()
            took, counts = timed_import(archive, path, dry=False)
            assert counts == {"unchanged": args.rows}, counts
            results["reimport_unchanged_rows_per_s_wall"] = round(args.rows / took)
            results["reimport_unchanged_rows_per_s_cpu"] = round(args.rows / (time.process_time() - cpu))
            results["reimport_peak_rss_mb"] = round(rss_mb())
    results["load_average_1min_at_end"] = round(os.getloadavg()[0], 1)
    json.dump(results, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
