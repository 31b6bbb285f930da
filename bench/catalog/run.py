"""Catalogue import speed: rows per second on a generated sheet, with two baselines in the same run.

    python bench/catalog/run.py --rows 10000

Writes a CSV of N rows (deterministic for a seed: Russian titles, dates written the ways people
write them, АВП РФ / РГАЭ references, names in Cyrillic and Latin that link to two authorities),
then times three passes over it: reading the rows only (the floor), a dry run (every cell read,
nothing written) and a real import into a fresh SQLite store. Peak memory is the process's
maximum resident set after each pass.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from opis.config import Settings
from opis.interop.catalog.sheet import csv_rows, write_csv
from opis.model import Authority, Name, make_id
from opis.store.archive import Archive

DATES = ("25.06.1950", "late May 1950", "1950?", "март 1951", "1949-11-02", "1952", "12 июля 1953 г.")
REFS = ("АВП РФ, ф. 0102, оп. 6, п. {a}, д. {b}", "РГАЭ, ф. 413, оп. 13, д. {b}", "РГАСПИ, ф. 17, оп. 162, д. {a}")
PEOPLE = ("Штыков Терентий Фомич (sender)", "Terentii Shtykov (author)", "Ким Ир Сен (mentioned)", "")
GENRES = ("шифртелеграмма", "letter", "record-of-conversation", "письмо")


def sheet(rows: int, seed: int) -> str:
    rnd = random.Random(seed)
    out = []
    for i in range(rows):
        out.append({"key": f"b-{i}", "title": f"Документ {i}: о поставках № {rnd.randint(1, 999)}",
                    "date": rnd.choice(DATES), "summary": "Краткое содержание. " * rnd.randint(0, 5),
                    "genre": rnd.choice(GENRES), "languages": "ru",
                    "reference": rnd.choice(REFS).format(a=rnd.randint(1, 40), b=rnd.randint(1, 900)),
                    "people": rnd.choice(PEOPLE), "places": rnd.choice(("Пхеньян", "Москва", "")),
                    "subjects": "Korea; supplies", "access": "public"})
    return write_csv(out)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    from opis.jobs.catalog import import_rows

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        text = sheet(args.rows, args.seed)
        archive = Archive.open(Settings(data_dir=Path(tmp) / "data"))
        archive.put_many([
            Authority(kind="person", id=make_id("person", "bench", "shtykov"), preferred="Terentii Shtykov",
                      names=[Name(value="Штыков Терентий Фомич", lang="ru-Cyrl")]),
            Authority(kind="person", id=make_id("person", "bench", "kim"), preferred="Kim Il Sung",
                      names=[Name(value="Ким Ир Сен", lang="ru-Cyrl")])], "bench")
        results: dict[str, object] = {"rows": args.rows, "sheet_mb": round(len(text.encode()) / 2**20, 1)}
        t = time.perf_counter()
        n = sum(1 for _ in csv_rows(text)) - 1
        results["read_only_rows_per_s"] = round(n / (time.perf_counter() - t))
        for name, dry in (("dry_run", True), ("import", False)):
            t = time.perf_counter()
            report = import_rows(archive, csv_rows(text), dry_run=dry, actor="bench")
            took = time.perf_counter() - t
            assert report.counts().get("error", 0) == 0, report.counts()
            results[f"{name}_rows_per_s"] = round(len(report.rows) / took)
            results[f"{name}_peak_rss_mb"] = round(rss_mb())
        t = time.perf_counter()
        report = import_rows(archive, csv_rows(text), dry_run=False, actor="bench")
        results["reimport_unchanged_rows_per_s"] = round(len(report.rows) / (time.perf_counter() - t))
        assert report.counts() == {"unchanged": args.rows}
    json.dump(results, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
