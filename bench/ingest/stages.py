"""Where ingest time goes, stage by stage, for text, HTML, PDF and DOCX at --jobs 1 and --jobs 2.

    .venv/bin/python bench/ingest/stages.py [--n 40] [--out bench/ingest/stages.md]

The batch (``opis.jobs.ingest.run_ingest``) runs in this process under cProfile, which sees the
writer thread: how long it waits for the next file to be parsed and extracted (by the worker
threads, the parser sandboxes and the extraction children, side by side), the store commit
(records, revisions, derived rows, outbox), the witness look-up and the ingest log. The parse and
the extractors run in other threads and processes the profiler does not see, so their stages
(hash, handler choice, parse, language detection, each extractor, name linking, Russian NER, the
findings contract check, the copy into the content store) are profiled by doing the same work
on the same files once more in this process.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "ingest"))

from run import make_pdfs, make_texts, paragraphs  # noqa: E402


def make_html(folder: Path, n: int, rng: random.Random) -> None:
    pool = paragraphs()
    folder.mkdir(parents=True)
    for i in range(n):
        body = "".join(f"<p>{p}</p>\n" for p in rng.sample(pool, 6))
        page = f"<!doctype html><html><head><title>Document {i}</title></head><body><h1>Document {i}</h1>{body}"
        (folder / f"page-{i:05d}.html").write_text(page + "</body></html>\n", encoding="utf-8")


def make_docx(folder: Path, n: int, rng: random.Random) -> None:
    import docx

    pool = paragraphs()
    folder.mkdir(parents=True)
    for i in range(n):
        document = docx.Document()
        document.add_heading(f"Document {i}", 1)
        for p in rng.sample(pool, 6):
            document.add_paragraph(p)
        document.save(str(folder / f"memo-{i:05d}.docx"))


# (label, module suffix, function name): summed cumulative seconds of matching profile entries.
WRITER_STAGES: tuple[tuple[str, str, str], ...] = (
    ("wait for the next file (parsed and extracted by the workers)", "jobs/ingest.py", "_parsed_in_order"),
    ("store commit (records, revisions, derived rows, outbox)", "store/archive.py", "commit_file"),
    ("  derived rows (names, dates, links)", "store/derived.py", "write_derived"),
    ("  SQLite commit", "engine/base.py", "_commit_impl"),
    ("witness look-up (candidates, comparison)", "jobs/witnesses.py", "find_witnesses"),
    ("ingest log (outcome row)", "store/ingestlog.py", "record_outcome"),
)
WORKER_STAGES: tuple[tuple[str, str, str], ...] = (
    ("hash (sha256 of the bytes)", "ingest/files.py", "hash_file"),
    ("handler choice (sniffing)", "ingest/base.py", "choose_handler"),
    ("handler parse", "ingest/parse.py", "parse_file"),
    ("  language detection", "ingest/language.py", "guess_language"),
    ("  charset detection", "ingest/charset.py", "decode_text"),
    ("extraction, all extractors", "extract/pipeline.py", "extract_all"),
    ("  name linking (authority index)", "extract/names/entities.py", "find_names"),
    ("  Russian NER (natasha)", "extract/names/ner_ru.py", "russian_entities"),
    ("  findings contract check (pydantic)", "extract/pipeline.py", "checked"),
    ("copy into the content store (fsync)", "store/originals.py", "put_file"),
)


def cumulative(stats: pstats.Stats, suffix: str, name: str) -> float:
    total = 0.0
    for (filename, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if func == name and filename.endswith(suffix):
            total += ct
    return total


def extractor_rows(stats: pstats.Stats) -> list[tuple[str, float]]:
    from opis.extract.base import EXTRACTORS

    rows = []
    for key, ex in EXTRACTORS.items():
        code = ex.run.__code__
        seconds = sum(v[3] for (f, line, func), v in stats.stats.items()  # type: ignore[attr-defined]
                      if f == code.co_filename and line == code.co_firstlineno and func == code.co_name)
        rows.append((f"  extractor `{key}`", seconds))
    return sorted(rows, key=lambda r: -r[1])


def profile_batch(folder: Path, jobs: int) -> tuple[float, pstats.Stats]:
    from opis.bootstrap import open_archive
    from opis.config import load_settings
    from opis.jobs.ingest import IngestRequest, run_ingest

    data = Path(tempfile.mkdtemp(prefix="opis-stages-"))
    archive = open_archive(load_settings(data_dir=data, load_sample=False))
    request = IngestRequest(paths=(folder,), jobs=jobs)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    run_ingest(archive, request)
    profiler.disable()
    wall = time.perf_counter() - start
    archive.engine.dispose()
    shutil.rmtree(data, ignore_errors=True)
    return wall, pstats.Stats(profiler, stream=io.StringIO())


def profile_workers(folder: Path) -> pstats.Stats:
    """What the worker threads and children do per file, done here once more: hash, parse, extract
    (with the empty authority index of the batch's fresh store), copy into a content store."""
    from opis.extract.names.entities import AuthorityIndex
    from opis.extract.pipeline import extract_all
    from opis.ingest.files import hash_file
    from opis.ingest.parse import parse_file
    from opis.store.originals import OriginalsDir

    names = AuthorityIndex([])
    store = OriginalsDir(Path(tempfile.mkdtemp(prefix="opis-stages-originals-")))
    profiler = cProfile.Profile()
    profiler.enable()
    for path in sorted(folder.iterdir()):
        hash_file(path, 1 << 30)
        parsed = parse_file(path)
        extract_all(parsed.text, parsed.language, names)
        store.put_file(path)
    profiler.disable()
    shutil.rmtree(store.root, ignore_errors=True)
    return pstats.Stats(profiler, stream=io.StringIO())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="documents per format")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "ingest" / "stages.md")
    args = parser.parse_args()
    from opis.plugins import load_plugins

    load_plugins()
    rng = random.Random(1950)
    work = Path(tempfile.mkdtemp(prefix="opis-stages-"))
    formats = {"text": work / "text", "html": work / "html", "pdf": work / "pdf", "docx": work / "docx"}
    make_texts(formats["text"], args.n, rng)
    make_html(formats["html"], args.n, rng)
    make_pdfs(formats["pdf"], args.n, rng)
    make_docx(formats["docx"], args.n, rng)
    profile_batch(formats["text"], 1)  # warm-up: the tagger, the tables and the imports load once per process
    out = [f"{args.n} documents per format; ms per document (share of the batch's wall time).", ""]
    for label, folder in formats.items():
        runs = {jobs: profile_batch(folder, jobs) for jobs in (1, 2)}
        workers = profile_workers(folder)
        out += [f"### {label}", "", "| stage | --jobs 1 | --jobs 2 |", "|---|---|---|"]
        for jobs, (wall, _stats) in runs.items():
            print(f"{label} jobs={jobs}: {args.n / wall:.1f} docs/s", flush=True)
        out.append("| **batch wall, docs/s** | " + " | ".join(
            f"**{wall / args.n * 1000:.1f} ms ({args.n / wall:.1f} docs/s)**" for wall, _ in runs.values()) + " |")
        out.append("| *the writer thread (profiled in the batch):* | | |")
        walls = [w for w, _ in runs.values()]
        for name, suf, fn in WRITER_STAGES:
            secs = [cumulative(st, suf, fn) for _w, st in runs.values()]
            out.append(f"| {name} | " + " | ".join(
                f"{sec / args.n * 1000:.1f} ({sec / w:.0%})" for sec, w in zip(secs, walls, strict=True)) + " |")
        total = sum(cumulative(workers, suf, fn) for _n, suf, fn in WORKER_STAGES if not _n.startswith(" "))
        out.append(f"| *a worker's work on one file (profiled in process, {total / args.n * 1000:.1f} ms/doc; "
                   f"in the batch it runs in N threads, N parser and N extraction children):* | | |")
        rows = [(name, cumulative(workers, suf, fn)) for name, suf, fn in WORKER_STAGES]
        at = next(i for i, (name, _) in enumerate(rows) if name.startswith("extraction")) + 1
        rows[at:at] = [r for r in extractor_rows(workers) if r[1] / args.n >= 0.0002]
        for name, sec in rows:
            out.append(f"| {name} | {sec / args.n * 1000:.1f} | |")
        out.append("")
    text = "\n".join(out)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
