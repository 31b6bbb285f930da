"""Names, citations, footnotes and the language guess of two source trees, side by side in one run.

    .venv/bin/python bench/ingest/sidebyside.py OLD_TREE NEW_TREE [--rounds 3] [--out FILE]

Each round starts one child process per tree (``PYTHONPATH=TREE/src:TREE``), old then new, so
the two trees take turns on the machine. A child times, on the bench's 40 mixed English/Russian
texts (``run.make_texts``, seed 18): the language guess, the ``footnotes``, ``citations`` and
``names`` extractors, and within ``names`` the name linking (``find_names``) and Russian NER,
each as the best of five passes after a warm-up pass (caches and the per-index memo warm, as in
a long ingest, where names recur); name linking again on text new to the process (the seeds' and
FRUS excerpts' paragraphs with every name-key cache emptied and a new index: the cost of a first
reading); and ``extract_all`` with every extractor. Times are CPU seconds of the child
(``time.process_time``), steadier than wall time on a shared machine; the table gives the median
over rounds, ms per document (per 11 kB for the new-text row) and old ÷ new.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import bench_texts, paragraphs  # noqa: E402

# Name-key caches a tree may have (older trees lack some): emptied before the new-text row.
_CACHES = (("opis.extract.names.entities", "_sought"), ("opis.extract.names.entities", "_stored"),
           ("opis.names.keys", "run_forms"), ("opis.names.keys", "_runs_of"), ("opis.names.keys", "token_keys"),
           ("opis.names.loose", "_tokens"), ("opis.names.normalize", "squash"), ("opis.names.heads", "heads"))
ROWS = ("language guess", "extractor `footnotes`", "extractor `citations`", "extractor `names`",
        "  name linking (find_names)", "  Russian NER", "name linking, text new to the process (per 11 kB)",
        "extract_all, every extractor")


def _best(fn: Callable[[], object], passes: int) -> float:
    best = float("inf")
    for _ in range(passes):
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


def child() -> dict[str, float]:
    import importlib

    from opis.extract.base import EXTRACTORS, ExtractContext
    from opis.extract.names import entities, ner_ru
    from opis.extract.pipeline import extract_all
    from opis.ingest.language import guess_language
    from opis.model import Authority
    from opis.plugins import load_plugins
    from opis.sample import load_sample

    load_plugins()
    available = dict(EXTRACTORS.items())
    texts = bench_texts(40)
    authorities = [r for r in load_sample() if isinstance(r, Authority)]
    index = entities.AuthorityIndex(authorities)

    def contexts() -> list[Any]:
        out = []
        for text in texts:
            ctx = ExtractContext(text=text, language=guess_language(text), names=index, max_findings=100_000)
            ctx.results["footnotes"] = available["footnotes"].run(ctx)  # citations read the notes
            out.append(ctx)
        return out

    ctxs = contexts()
    for ctx in ctxs:  # warm-up: models, vocabularies, caches
        available["names"].run(ctx)
        available["citations"].run(ctx)
        extract_all(ctx.text, ctx.language, index)
    n = len(texts)
    row = {
        ROWS[0]: _best(lambda: [guess_language(t) for t in texts], 5) / n,
        ROWS[1]: _best(lambda: [available["footnotes"].run(c) for c in ctxs], 5) / n,
        ROWS[2]: _best(lambda: [available["citations"].run(c) for c in ctxs], 5) / n,
        ROWS[3]: _best(lambda: [available["names"].run(c) for c in ctxs], 5) / n,
        ROWS[4]: _best(lambda: [entities.find_names(t, index) for t in texts], 5) / n,
        ROWS[5]: _best(lambda: [ner_ru.russian_entities(t) for t in texts], 5) / n,
    }
    new_text = "\n\n".join(paragraphs())

    def first_reading() -> None:
        for module, name in _CACHES:
            try:
                cached = getattr(importlib.import_module(module), name, None)
            except ModuleNotFoundError:  # an older tree without the module
                continue
            if hasattr(cached, "cache_clear"):
                cached.cache_clear()
        fresh = entities.AuthorityIndex(authorities)
        started = time.process_time()
        entities.find_names(new_text, fresh)
        seconds.append(time.process_time() - started)

    seconds: list[float] = []
    for _ in range(2):
        first_reading()
    row[ROWS[6]] = min(seconds) * 11_000 / len(new_text)
    row[ROWS[7]] = _best(lambda: [extract_all(t, None, index) for t in texts], 3) / n
    return {k: v * 1000 for k, v in row.items()}


def run_tree(tree: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": f"{tree / 'src'}:{tree}"}
    done = subprocess.run([sys.executable, __file__, "--child"], env=env, check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("trees", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child()))
        return 0
    old, new = args.trees
    runs: dict[Path, list[dict[str, float]]] = {old: [], new: []}
    for _ in range(args.rounds):
        for tree in (old, new):
            runs[tree].append(run_tree(tree))
    lines = [f"CPU ms per document (median of {args.rounds} interleaved rounds; each the best of its passes), "
             f"old = {old}, new = {new}.", "", "| stage | old | new | old ÷ new |", "|---|---|---|---|"]
    for label in ROWS:
        a = statistics.median(r[label] for r in runs[old])
        b = statistics.median(r[label] for r in runs[new])
        lines.append(f"| {label} | {a:.2f} | {b:.2f} | {a / b:.2f}× |")
    table = "\n".join(lines)
    print(table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
