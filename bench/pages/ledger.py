"""The aid ledger of one large collection: CPU time and peak memory of the page's work, before and after.

    .venv/bin/python bench/pages/ledger.py [--docs 2000] [--reps 5]

Builds a SQLite store in a temporary folder holding one collection of ``--docs`` documents, each with the
requests and decisions of seed 000 (Wilson Center blog post, as tests/extract/test_statements.py quotes it,
with one sentence of ours stating a sum of money) as stored statements; one document in ten also states an
exchange rate (a sentence of ours in the seed paper's manner). The statements are extracted once and given to
every document, so the build measures nothing of the extractor.

Then it times the ledger two ways, alternating run by run in this one process (the load of the shared machine
falls on both alike): ``baseline``, the ledger as it was (every document of the collection read with its
dates, every document decoded to find the rates it states, every statement read), and ``bounded``, the ledger
as web/reading/decisions.py makes it now (the store hands over only statements stating a quantity and only
documents stating a rate, both tested in SQL). CPU time is ``time.process_time``; peak memory is
``tracemalloc``'s, taken in separate runs (tracing slows the code it traces). Both must give the same sums.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.web.test_decisions import TEXT  # noqa: E402

from opis.config import Settings  # noqa: E402
from opis.extract.names.entities import AuthorityIndex  # noqa: E402
from opis.extract.pipeline import extract_all  # noqa: E402
from opis.model import Authority, Collection, Document, Rendition  # noqa: E402
from opis.model.findings import Findings  # noqa: E402
from opis.sample import load_sample  # noqa: E402
from opis.store import statements  # noqa: E402
from opis.store.access import ANONYMOUS, Viewer  # noqa: E402
from opis.store.archive import Archive  # noqa: E402
from opis.store.pagequeries import linked_documents  # noqa: E402
from opis.web.reading import decisions, ledger_rates  # noqa: E402

COLLECTION = "col-ledger-bench"
RATE = "\nThe credit of 11 200 thousand yens (about 2 800 000 rub) was to be repaid in goods.\n"


def build(archive: Archive, n: int) -> float:
    authorities = AuthorityIndex(r for r in load_sample() if isinstance(r, Authority))
    plain = extract_all(TEXT, "en", authorities, only=("statements",))
    rated = extract_all(TEXT + RATE, "en", authorities, only=("statements", "quantities", "rates"))
    started = time.perf_counter()
    archive.put(Collection(id=COLLECTION, title="Ledger bench"), "bench")
    for s in (a for a in load_sample() if isinstance(a, Authority)):
        archive.put(s, "bench")
    with archive.saving("bench") as save:
        for i in range(n):
            with_rate = i % 10 == 0
            found = rated if with_rate else plain
            save(Document(id=f"doc-ledger-{i:06d}", title=f"Requests and answers {i}", genre="other",
                          collections=[COLLECTION], date={"edtf": f"1950-{i % 12 + 1:02d}"},
                          renditions=[Rendition(id=f"ren-ledger-{i:06d}", kind="original", language="en",
                                                text=TEXT + RATE if with_rate else TEXT)],
                          findings=Findings.model_validate({k: found[k] for k in found
                                                            if k in ("statements", "quantities", "rates")})))
    return time.perf_counter() - started


def baseline(archive: Archive, viewer: Viewer) -> list[dict[str, Any]]:
    """The ledger as it was before this bench: the collection's documents read with their dates, every one of
    them decoded for its rates, every statement read."""
    record = archive.get(COLLECTION, viewer)
    assert isinstance(record, Collection)
    docs, _ = linked_documents(archive, viewer, record.id, ("collection",), 0, decisions.MAX_DOCUMENTS)
    titles = {d.id: d.title for d in docs}
    sums = decisions.ledger(statements.of_records(archive, list(titles), viewer))
    full = [d for d in archive.get_many(list(titles), viewer) if isinstance(d, Document)]
    rates = ledger_rates.stated_rates(full)
    options = ledger_rates.targets(sums, rates)
    return ledger_rates.convert(sums, rates, options[0]) if options else sums


def bounded(archive: Archive, viewer: Viewer) -> list[dict[str, Any]]:
    return list(decisions.collection_ledger(archive, viewer, COLLECTION)["all_rows"])


def cpu(fn: Callable[[], object]) -> float:
    gc.collect()
    started = time.process_time()
    fn()
    return time.process_time() - started


def peak(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    fn()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive.open(Settings(data_dir=Path(tmp), load_sample=False))
        built = build(archive, args.docs)
        old, new = baseline(archive, ANONYMOUS), bounded(archive, ANONYMOUS)
        assert old == new, "the bounded ledger must give the same sums"
        times: dict[str, list[float]] = {"baseline": [], "bounded": []}
        for _ in range(args.reps):  # alternating: A B A B ...
            times["baseline"].append(cpu(lambda: baseline(archive, ANONYMOUS)))
            times["bounded"].append(cpu(lambda: bounded(archive, ANONYMOUS)))
        peaks = {"baseline": peak(lambda: baseline(archive, ANONYMOUS)),
                 "bounded": peak(lambda: bounded(archive, ANONYMOUS))}
        archive.engine.dispose()
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{args.docs} documents in one collection ({len(new)} sums), built in {built:.1f} s; "
          f"median of {args.reps} alternating runs")
    print("| ledger | CPU ms (median) | peak MiB |")
    print("|---|---:|---:|")
    for k in ("baseline", "bounded"):
        print(f"| {k} | {med[k] * 1000:.0f} | {peaks[k] / 2**20:.1f} |")
    print(f"| ratio bounded/baseline | {med['bounded'] / med['baseline']:.2f} | "
          f"{peaks['bounded'] / peaks['baseline']:.2f} |")


if __name__ == "__main__":
    main()
