"""Where a catalogue import's time goes, stage by stage, and whether a row costs more as the sheet grows.

    python bench/catalog/stages.py --rows 5000 20000

For each size: a fresh SQLite store and sheet (the generator of ``run.py``), one import with a timer
around each stage (wall and CPU time, each stage without the stages inside it), printed as a table of
microseconds per row. The timers are plain wrappers, not a profiler, so a stage's share is close to
what it costs without them (each wrapper adds about a microsecond a call).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

from run import fresh_archive, sheet  # bench/catalog/run.py, beside this file (python puts it on sys.path)

from opis.jobs import catalog
from opis.store import archive as archive_module
from opis.store import codec, derived
from opis.store.archive import Archive

# (label, object, attribute, parent label): a stage's own time is its time less its children's.
STAGES: tuple[tuple[str, Any, str, str | None], ...] = (
    ("read the sheet (CSV stream)", catalog, "_stream", None),
    ("check cells (length, formula guard)", catalog, "_checked", None),
    ("record build (document_of, less the cells below)", catalog, "document_of", None),
    ("date parsing (cached per cell)", catalog.Catalog, "date", "record build (document_of, less the cells below)"),
    ("reference parsing (cached per cell)", catalog.Catalog, "reference",
     "record build (document_of, less the cells below)"),
    ("name linking to authorities (cached per name)", catalog.Catalog, "authority",
     "record build (document_of, less the cells below)"),
    ("existing keys (one SELECT per chunk)", catalog.Catalog, "prefetch", None),
    ("store put_all: transaction and commit", Archive, "put_all", None),
    ("store: records, revisions, outbox rows", Archive, "_save_batch", "store put_all: transaction and commit"),
    ("store: canonical JSON (codec.encode)", codec, "encode", "store: records, revisions, outbox rows"),
    ("store: derived rows (refs, units, names, links)", archive_module, "write_derived_many",
     "store: records, revisions, outbox rows"),
    ("store: derived rows, building them", derived, "_derived_rows", "store: derived rows (refs, units, names, links)"),
)


@contextmanager
def timed(totals: dict[str, list[float]]) -> Iterator[None]:
    def wrap(label: str, fn: Callable[..., Any], generator: bool) -> Callable[..., Any]:
        slot = totals.setdefault(label, [0.0, 0.0])

        def timed_call(*args: Any, **kwargs: Any) -> Any:
            w, c = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                slot[0] += time.perf_counter() - w
                slot[1] += time.process_time() - c

        def timed_gen(*args: Any, **kwargs: Any) -> Iterator[Any]:
            inner = fn(*args, **kwargs)
            while True:
                w, c = time.perf_counter(), time.process_time()
                try:
                    item = next(inner)
                except StopIteration:
                    return
                finally:
                    slot[0] += time.perf_counter() - w
                    slot[1] += time.process_time() - c
                yield item

        return timed_gen if generator else timed_call

    with ExitStack() as stack:
        for label, owner, name, _ in STAGES:
            fn = getattr(owner, name)
            stack.enter_context(patch.object(owner, name, wrap(label, fn, name == "_stream")))
        yield


def run(rows: int, seed: int) -> tuple[float, float, dict[str, list[float]]]:
    totals: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sheet.csv"
        # past run.py's one-megabyte sample, so the sheet is streamed as a big one is
        path.write_text(sheet(rows, seed), encoding="utf-8")
        store = fresh_archive(Path(tmp) / "data")
        with timed(totals):
            w, c = time.perf_counter(), time.process_time()
            report = catalog.import_rows(store, catalog.sheet_rows(path), dry_run=False, actor="bench")
            wall, cpu = time.perf_counter() - w, time.process_time() - c
    assert report.counts() == {"created": rows}, report.counts()
    return wall, cpu, totals


def own(totals: dict[str, list[float]]) -> dict[str, list[float]]:
    out = {label: list(v) for label, v in totals.items()}
    for label, _, _, parent in STAGES:
        if parent and label in totals and parent in out:
            out[parent] = [p - t for p, t in zip(out[parent], totals[label], strict=True)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    results = {n: run(n, args.seed) for n in args.rows}
    head = " | ".join(f"{n:,} rows: µs/row wall / CPU" for n in args.rows)
    print(f"| stage | {head} |\n|---|" + "---:|" * len(args.rows))
    for label, *_ in STAGES:
        cells = []
        for n, (_, _, totals) in results.items():
            w, c = own(totals).get(label, [0.0, 0.0])
            cells.append(f"{w / n * 1e6:,.0f} / {c / n * 1e6:,.0f}")
        print(f"| {label} | {' | '.join(cells)} |")
    for n, (wall, cpu, totals) in results.items():
        timed_total = sum(v[0] for label, v in own(totals).items())
        print(f"{n:,} rows: {wall / n * 1e6:,.0f} µs/row wall, {cpu / n * 1e6:,.0f} µs/row CPU, "
              f"{n / wall:,.0f} rows/s wall, {n / cpu:,.0f} rows/s CPU; "
              f"untimed rest {(wall - timed_total) / n * 1e6:,.0f} µs/row wall")


if __name__ == "__main__":
    main()
