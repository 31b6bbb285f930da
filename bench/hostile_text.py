"""Hostile text against extraction and indexing: time and peak memory per case, each in a fresh process.

    .venv/bin/python bench/hostile_text.py [--timeout 300] [--only NAME ...] [--list]

Each case generates its input (small to describe, large or pathological to process), runs one
stage on it in a child interpreter under a wall-clock limit, and reports seconds and the child's
peak resident memory. The cases are the ones issue 20 reported: a run of Cyrillic capitals read
as Palladius, long runs of bare years, megabytes of archival citations, a wide numeric table, a
single very long word in the index and a huge title. Results go into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CITATION = "РГАЭ. Ф. 413. Оп. 13. Д. 5467. Л. 12–14"


def _superscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def text_of(case: str) -> str:
    """The hostile input of a case (deterministic)."""
    if case == "palladius-1000":
        return "А" * 1000
    if case == "years-100k":
        return "1950 " * 20_000
    if case == "years-1m":
        return "1950 " * 200_000
    if case == "years-10m":
        return "1950 " * 2_000_000
    if case == "citations-notes-2m":  # a footnote paragraph per citation
        return "".join(f"{_superscript(n + 1)} {CITATION}.\n\n" for n in range(2_000_000 // 48))
    if case == "citations-one-note-2m":  # one footnote of many citations, as one paragraph
        return "\u00b9 " + "; ".join([CITATION] * (2_000_000 // 42)) + ".\n"
    if case == "table-10x200":
        header = "\t".join(f"c{c}" for c in range(200))
        rows = ["\t".join(str((r * 7 + c * 3) % 90 + 10) for c in range(200)) for r in range(10)]
        return "\n".join([header, *rows]) + "\n"
    if case in ("index-word-1m", "index-word-30m", "store-word-1m", "store-word-30m"):
        return "a" * (1_000_000 if case.endswith("-1m") else 30_000_000)
    if case in ("index-title-50m", "store-title-50m"):
        return "a" * 50_000_000
    raise KeyError(case)


STAGES = {
    "palladius-1000": "names",
    "years-100k": "extract", "years-1m": "extract", "years-10m": "extract",
    "citations-notes-2m": "extract", "citations-one-note-2m": "extract",
    "table-10x200": "extract",
    "index-word-1m": "index-text", "index-word-30m": "index-text", "index-title-50m": "index-title",
    "store-word-1m": "store-text", "store-word-30m": "store-text", "store-title-50m": "store-title",
}


def child(case: str, family: str | None) -> None:
    """Run one case's stage on its text, in this process (modules loaded and warmed up first)."""
    from opis.extract.pipeline import extract_all
    from opis.index.docs import Linked, assemble, prepare
    from opis.model import Document, Rendition
    from opis.names.keys import match_keys

    stage = STAGES[case]
    if stage == "extract":
        extract_all("Штыков, 25 июня 1950 г., 5 t.", None, None)  # vocabularies and the NER model
    text = text_of(case)
    started = time.perf_counter()
    summary: object
    if stage == "names":
        summary = len(match_keys(text))
    elif stage == "extract":
        found = extract_all(text, None, None, only=(family,) if family else None)
        summary = {k: len(v) for k, v in found.items() if isinstance(v, list)}
    elif stage.startswith("store"):
        summary = _store_and_index(text, stage == "store-title")
    else:
        title = text if stage == "index-title" else "A word"
        renditions = [] if stage == "index-title" else [
            Rendition(id="rendition-hostile", kind="original", language="en", text=text)]
        doc = Document(id="document-hostile", title=title, genre="other", renditions=renditions)
        assemble(prepare(doc, Linked()))
        summary = "indexed"
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": round(elapsed, 2), "peak_mb": round(peak), "summary": summary}))


def _store_and_index(text: str, as_title: bool) -> str:
    """Save a document holding ``text`` in a fresh SQLite store, then apply the outbox to a fresh index."""
    import tempfile

    from opis.config import Settings
    from opis.index import Indexer, SearchIndex
    from opis.model import Document, Rendition
    from opis.store.archive import Archive

    with tempfile.TemporaryDirectory() as tmp:
        archive = Archive.open(Settings(data_dir=Path(tmp) / "data", load_sample=False))
        renditions = [] if as_title else [Rendition(id="rendition-hostile", kind="original", language="en",
                                                    text=text)]
        archive.put(Document(id="document-hostile", title=text if as_title else "A word", genre="other",
                             renditions=renditions), "bench")
        index = SearchIndex.open(Path(tmp) / "index")
        applied = Indexer(archive, index).catch_up()
        index.release_writer()
        archive.close() if hasattr(archive, "close") else None
    return f"{applied} outbox rows applied"


def _peak_mb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return -1
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return -1


def run(case: str, family: str | None, timeout: float, src: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": f"{src}:{ROOT}"}
    args = [sys.executable, __file__, "--child", case] + (["--family", family] if family else [])
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        peak = _peak_mb(proc.pid)
        os.killpg(proc.pid, 9)
        proc.communicate()
        out, err = b"", f"timed out after {timeout:g}s (peak so far {peak} MB)".encode()
    wall = time.perf_counter() - started
    result: dict[str, object] = {"case": case, "family": family or "all", "wall_s": round(wall, 1)}
    if proc.returncode == 0 and out:
        result.update(json.loads(out.decode().strip().splitlines()[-1]))
    else:
        result["error"] = (err.decode("utf-8", "replace").strip().splitlines() or ["?"])[-1][:200]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--family", default=None, help="one extractor (dates, citations, tables, ...)")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the opis source to measure (a baseline)")
    parser.add_argument("--child", default=None)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.family)
        return
    for case in args.only or list(STAGES):
        print(json.dumps(run(case, args.family, args.timeout, args.src), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
