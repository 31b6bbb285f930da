"""Catalogue import speed: rows per second on a generated sheet, with two baselines in the same run.

    python bench/catalog/run.py --rows 10000

Writes a CSV of N rows (deterministic for a seed: Russian titles, dates written the ways people
write them, АВП РФ / РГАЭ references, names in Cyrillic and Latin that link to two authorities),
then times, in one process: the previous code (per-record store writes, no cell caches; patched in)
against the current one on a smaller sheet, each into a fresh SQLite store; then on the big sheet,
streamed from its file: reading the rows only (the floor), a dry run (every cell read, nothing
written), a real import, and a re-import (every row unchanged). Peak memory is the process's
maximum resident set after each pass.

    python bench/catalog/run.py --rows 100000 --baseline-rows 5000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

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


def fresh_archive(root: Path) -> Archive:
    archive = Archive.open(Settings(data_dir=root))
    archive.put_many([
        Authority(kind="person", id=make_id("person", "bench", "shtykov"), preferred="Terentii Shtykov",
                  names=[Name(value="Штыков Терентий Фомич", lang="ru-Cyrl")]),
        Authority(kind="person", id=make_id("person", "bench", "kim"), preferred="Kim Il Sung",
                  names=[Name(value="Ким Ир Сен", lang="ru-Cyrl")])], "bench")
    return archive


@contextmanager
def previous_code() -> Iterator[None]:
    """The import as it was before batching (session 6): a dozen statements per record, every cell read
    again, the US record reader run on every reference. Patched in, so both run in one process."""
    from opis.extract.citations.segments import strip_lead_in
    from opis.extract.citations.us_records import parse_us_record
    from opis.jobs import catalog

    def per_record(self: Archive, conn: Any, items: Any, actor: str, message: str, now: str) -> Any:
        return [self._save(conn, r, actor, message, now) for r in items]

    def parse_as_before(raw: str) -> Any:
        parse_us_record(strip_lead_in(raw))  # what every reference cost before
        return parse(raw)

    parse = catalog.parse_citation  # type: ignore[attr-defined]
    with ExitStack() as stack:
        stack.enter_context(patch.object(Archive, "_save_batch", per_record))
        stack.enter_context(patch.object(catalog.Catalog, "date", lambda self, c: catalog.read_date_cell(c)))
        stack.enter_context(patch.object(catalog.Catalog, "reference", lambda self, r: catalog.read_reference(r)))
        stack.enter_context(patch.object(catalog, "parse_citation", parse_as_before))
        yield


def timed_import(archive: Archive, path: Path, dry: bool) -> tuple[float, dict[str, int]]:
    from opis.jobs.catalog import import_rows, sheet_rows

    t = time.perf_counter()
    report = import_rows(archive, sheet_rows(path), dry_run=dry, actor="bench")
    return time.perf_counter() - t, report.counts()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--baseline-rows", type=int, default=5_000,
                        help="rows imported by the previous code and the current code, each into a fresh store")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    results: dict[str, object] = {"rows": args.rows}
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.csv"
        small.write_text(sheet(args.baseline_rows, args.seed), encoding="utf-8")
        with previous_code():
            took, counts = timed_import(fresh_archive(Path(tmp) / "before"), small, dry=False)
        assert counts == {"created": args.baseline_rows}, counts
        before = args.baseline_rows / took
        took, counts = timed_import(fresh_archive(Path(tmp) / "after"), small, dry=False)
        assert counts == {"created": args.baseline_rows}, counts
        results[f"previous_code_import_{args.baseline_rows}_rows_per_s"] = round(before)
        results[f"current_code_import_{args.baseline_rows}_rows_per_s"] = round(args.baseline_rows / took)
        results["import_speedup"] = round(args.baseline_rows / took / before, 1)

        path = Path(tmp) / "sheet.csv"
        path.write_text(sheet(args.rows, args.seed), encoding="utf-8")
        results["sheet_mb"] = round(path.stat().st_size / 2**20, 1)
        results["peak_rss_mb_before_big_sheet"] = round(rss_mb())
        archive = fresh_archive(Path(tmp) / "data")
        t = time.perf_counter()
        n = sum(1 for _ in csv_rows(path.read_text(encoding="utf-8"))) - 1
        results["read_only_rows_per_s"] = round(n / (time.perf_counter() - t))
        for name, dry in (("dry_run", True), ("import", False)):
            took, counts = timed_import(archive, path, dry)
            assert counts == {"created": args.rows}, counts
            results[f"{name}_rows_per_s"] = round(args.rows / took)
            results[f"{name}_peak_rss_mb"] = round(rss_mb())
        took, counts = timed_import(archive, path, dry=False)
        assert counts == {"unchanged": args.rows}, counts
        results["reimport_unchanged_rows_per_s"] = round(args.rows / took)
        results["reimport_peak_rss_mb"] = round(rss_mb())
    json.dump(results, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
