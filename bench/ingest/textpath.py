"""The text path at --jobs 1, stage by stage, each stage timed on the same files in one run.

    .venv/bin/python bench/ingest/textpath.py [--n 30] [--out bench/ingest/textpath.md]

Baseline (the ceiling): reading and hashing the bytes. Then parsing in this process, parsing
through the sandbox (one child per file, as ``opis extract`` does), and each extractor in
``run_order`` with the context ``extract_all`` builds; name linking and Russian NER come from a
cProfile of the ``names`` extractor (cumulative time of ``find_names`` / ``russian_entities``).
Model loads happen in a warm-up on one text first, so the table is the steady per-document
cost; the warm-up's own time is reported on its own line.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pstats
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "ingest"))

from run import make_texts  # noqa: E402

BEFORE = "  Russian NER, before: whole chunks with any Cyrillic"
NOW = "  of `names`: Russian NER, now: Cyrillic paragraphs only"


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def cumulative(stats: pstats.Stats, suffix: str, name: str) -> float:
    table: dict[tuple[str, int, str], tuple[int, int, float, float, object]] = stats.stats  # type: ignore[attr-defined]
    return sum(row[3] for (path, _, func), row in table.items() if path.endswith(suffix) and func == name)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "ingest" / "textpath.md")
    args = parser.parse_args()

    from opis.extract.base import EXTRACTORS, ExtractContext, run_order
    from opis.extract.limits import limits
    from opis.extract.names.entities import AuthorityIndex
    from opis.extract.pipeline import checked, extract_all
    from opis.ingest.parse import parse_file
    from opis.ingest.worker import parse_file_safely
    from opis.model import Authority
    from opis.plugins import load_plugins
    from opis.sample import load_sample

    load_plugins()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "texts"
        make_texts(folder, args.n, random.Random(18))
        files = sorted(folder.iterdir())
        rows: dict[str, float] = {}

        @contextmanager
        def clock(label: str) -> Iterator[None]:
            started = time.perf_counter()
            yield
            rows[label] = rows.get(label, 0.0) + time.perf_counter() - started

        # Names link to the sample collection's authorities, as `opis extract` does without a store.
        index = AuthorityIndex(r for r in load_sample() if isinstance(r, Authority))
        first = parse_file(files[0])
        from opis.extract.names import ner_ru

        # Models load here, not in the table: NER's tagger on a Russian line, the rest on a text.
        warm = timed(lambda: (ner_ru.russian_entities("Громыко принял посла в Москве."),
                              extract_all(first.text, first.language, index)))
        available = dict(EXTRACTORS.items())
        bounds = limits()
        profile = cProfile.Profile()
        for path in files:
            with clock("read + sha256 (the ceiling)"):
                hashlib.sha256(path.read_bytes()).hexdigest()
            with clock("parse in process (sniff, charset, language)"):
                parsed = parse_file(path)
            with clock("parse in the sandbox (a child per file)"):
                parse_file_safely(path)
            ctx = ExtractContext(text=parsed.text, language=parsed.language, names=index,
                                 max_findings=bounds.max_findings)
            for key in run_order(available):
                if key == "names":
                    profile.enable()
                with clock(f"extractor `{key}`"):
                    ctx.results[key] = available[key].run(ctx)
                if key == "names":
                    profile.disable()
            with clock("findings contract check (pydantic)"):
                checked(dict(ctx.results))
            # The same text through the tagger as before this change: every chunk that has any
            # Cyrillic goes whole, English paragraphs and all (same run, same files).
            with clock(BEFORE):
                for a, b in ner_ru.chunks(parsed.text, ner_ru.CHUNK):
                    ner_ru._tagged(parsed.text[a:b])
        stats = pstats.Stats(profile)
        rows["  of `names`: name linking (find_names)"] = cumulative(stats, "names/entities.py", "find_names")
        rows[NOW] = cumulative(stats, "names/ner_ru.py", "russian_entities")
    n = len(files)
    ceiling = rows["read + sha256 (the ceiling)"]
    total = sum(v for k, v in rows.items() if not k.startswith(("  ", "read", "parse in process")))
    before, now = rows[BEFORE], rows[NOW]
    lines = [f"{n} bench texts (mixed English/Russian seeds, ~11 kB each), one process, after a warm-up "
             f"(first text, models loaded: {warm * 1000:.0f} ms). ms per document; × = against read + sha256.",
             "", "| stage | ms/doc | share of path | × ceiling |", "|---|---|---|---|"]
    for label, seconds in sorted(rows.items(), key=lambda kv: -kv[1] if not kv[0].startswith("  ") else 0):
        share = f"{seconds / total:.0%}" if not label.startswith(("read", "parse in process")) else "—"
        lines.append(f"| {label} | {seconds / n * 1000:.1f} | {share} | {seconds / ceiling:.0f} |")
    lines.append(f"| **path (sandbox parse + extraction), docs/s** | **{total / n * 1000:.1f}** "
                 f"| **{n / total:.1f} docs/s** | |")
    lines.append(f"| path as before (whole-chunk NER), docs/s | {(total - now + before) / n * 1000:.1f} "
                 f"| {n / (total - now + before):.1f} docs/s | |")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
