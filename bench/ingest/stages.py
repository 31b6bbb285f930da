"""Where ingest time goes, stage by stage, for text, HTML, PDF and DOCX at --jobs 1 and --jobs 2.

    .venv/bin/python bench/ingest/stages.py [--n 40] [--out bench/ingest/stages.md]

The batch (``opis.jobs.ingest.run_ingest``) runs in this process under cProfile, so the table
shows the writer thread's own time per stage: waiting for the parse (hash + sandbox round trip,
not overlapped with the writer), each extractor, name linking, Russian NER, the store commit
(revisions, derived rows, audit, outbox) and the ingest log. The sandboxed child is a separate
process the profiler does not see, so its work (reading, handler parse, language detection) is
profiled by parsing the same files once more in this process with ``parse_file``.
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
    ("wait for parse (hash + sandbox round trip)", "jobs/ingest.py", "_parsed_in_order"),
    ("extraction, all extractors", "extract/pipeline.py", "extract_all"),
    ("  name linking (authority index)", "extract/names/entities.py", "find_names"),
    ("  Russian NER (natasha)", "extract/names/ner_ru.py", "russian_entities"),
    ("  findings contract check (pydantic)", "extract/pipeline.py", "checked"),
    ("records from parse (models, ids)", "jobs/records.py", "records_from"),
    ("store commit (original, revisions, derived rows, outbox)", "store/archive.py", "commit_file"),
    ("  copy original into the content store", "store/originals.py", "put_file"),
    ("  derived rows (names, dates, links)", "store/derived.py", "write_derived"),
    ("ingest log (outcome row)", "store/ingestlog.py", "record_outcome"),
)
CHILD_STAGES: tuple[tuple[str, str, str], ...] = (
    ("hash (sha256 of the bytes)", "ingest/files.py", "hash_file"),
    ("handler choice (sniffing)", "ingest/base.py", "choose_handler"),
    ("handler parse, in process", "ingest/parse.py", "parse_file"),
    ("  language detection", "ingest/language.py", "guess_language"),
    ("  charset detection", "ingest/charset.py", "decode_text"),
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


def profile_child(folder: Path) -> pstats.Stats:
    from opis.ingest.files import hash_file
    from opis.ingest.parse import parse_file

    profiler = cProfile.Profile()
    profiler.enable()
    for path in sorted(folder.iterdir()):
        hash_file(path, 1 << 30)
        parse_file(path)
    profiler.disable()
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
        child = profile_child(folder)
        out += [f"### {label}", "", "| stage | --jobs 1 | --jobs 2 |", "|---|---|---|"]
        for jobs, (wall, _stats) in runs.items():
            print(f"{label} jobs={jobs}: {args.n / wall:.1f} docs/s", flush=True)
        out.append("| **batch wall, docs/s** | " + " | ".join(
            f"**{wall / args.n * 1000:.1f} ms ({args.n / wall:.1f} docs/s)**" for wall, _ in runs.values()) + " |")
        rows = [(name, [cumulative(s, suf, fn) for _w, s in runs.values()]) for name, suf, fn in WRITER_STAGES]
        per_ex = {name: [] for name, _ in extractor_rows(runs[1][1])}  # type: dict[str, list[float]]
        for _w, s in runs.values():
            for name, seconds in extractor_rows(s):
                per_ex[name].append(seconds)
        rows[2:2] = [(k, v) for k, v in per_ex.items() if max(v) / args.n >= 0.0002]
        walls = [w for w, _ in runs.values()]
        for name, secs in rows:
            out.append(f"| {name} | " + " | ".join(
                f"{s / args.n * 1000:.1f} ({s / w:.0%})" for s, w in zip(secs, walls, strict=True)) + " |")
        child_total = cumulative(child, "ingest/parse.py", "parse_file") + cumulative(child, "ingest/files.py",
                                                                                      "hash_file")
        out.append(f"| *in the sandboxed child (profiled in process, {child_total / args.n * 1000:.1f} ms/doc):* | | |")
        for name, suf, fn in CHILD_STAGES:
            out.append(f"| {name} | {cumulative(child, suf, fn) / args.n * 1000:.1f} | |")
        out.append("")
    text = "\n".join(out)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
